"""ulp against the reference server: the seed's example, the other commands, push-layer."""
import hashlib
import json
import os
import unittest

from fake_ecr import FakeEcr
from harness import AgainstReference, Isolated, initiate, ulp


class SeedExample(AgainstReference):
    """The aws CLI page's example, typed with `ulp` in place of `aws ecr`."""

    def test_seed_example_prints_the_seed_output_shape(self):
        # The example sends bytes 0..8323314: 8323315 bytes of a layer.
        layer = self.home.write("layer.b64", os.urandom(8323315))
        upload_id = initiate(self.server, self.home.env)
        rc, out, err = ulp(["upload-layer-part", "--endpoint-url", self.server.url,
                            "--repository-name", "layer-test", "--upload-id", upload_id,
                            "--part-first-byte", "0", "--part-last-byte", "8323314",
                            "--layer-part-blob", "fileb://" + layer], self.home.env)
        self.assertEqual(rc, 0, err)
        self.assertEqual(json.loads(out), {"registryId": "123456789012",
                                           "repositoryName": "layer-test",
                                           "uploadId": upload_id, "lastByteReceived": 8323314})
        # Model order and 4-space indentation, as aws v2 prints it.
        self.assertEqual(out, json.dumps(json.loads(out), indent=4) + "\n")
        self.assertEqual(list(json.loads(out)),
                         ["registryId", "repositoryName", "uploadId", "lastByteReceived"])

    def test_a_whole_upload_with_every_command(self):
        env, url = self.home.env, self.server.url
        rc, out, err = ulp(["create-repository", "--endpoint-url", url, "--repository-name",
                            "other-repo"], env)
        self.assertEqual(rc, 0, err)
        self.assertEqual(json.loads(out)["repository"]["repositoryName"], "other-repo")
        part = os.urandom(5 * 1024 * 1024 + 3)
        path = self.home.write("part.bin", part)
        upload_id = initiate(self.server, env, "other-repo")
        rc, out, err = ulp(["upload-layer-part", "--endpoint-url", url, "--repository-name",
                            "other-repo", "--upload-id", upload_id, "--part-first-byte", "0",
                            "--part-last-byte", str(len(part) - 1), "--layer-part-blob",
                            "fileb://" + path, "--query", "lastByteReceived"], env)
        self.assertEqual((rc, out), (0, "%d\n" % (len(part) - 1)), err)
        digest = "sha256:" + hashlib.sha256(part).hexdigest()
        rc, out, err = ulp(["complete-layer-upload", "--endpoint-url", url, "--repository-name",
                            "other-repo", "--upload-id", upload_id, "--layer-digests", digest,
                            "--output", "text", "--query", "layerDigest"], env)
        self.assertEqual((rc, out), (0, digest + "\n"), err)
        rc, out, err = ulp(["batch-check-layer-availability", "--endpoint-url", url,
                            "--repository-name", "other-repo", "--layer-digests", digest,
                            "--query", "layers[0].[layerAvailability, layerSize]"], env)
        self.assertEqual((rc, json.loads(out)), (0, ["AVAILABLE", len(part)]), err)
        rc, out, err = ulp(["delete-repository", "--endpoint-url", url, "--repository-name",
                            "other-repo", "--force", "--query", "repository.repositoryName",
                            "--output", "text"], env)
        self.assertEqual((rc, out), (0, "other-repo\n"), err)

    def test_cli_input_json_and_yaml_with_line_values_overriding(self):
        env, url = self.home.env, self.server.url
        upload_id = initiate(self.server, env)
        document = json.dumps({"repositoryName": "no-such-repo", "uploadId": upload_id,
                               "partFirstByte": 0, "partLastByte": 4,
                               "layerPartBlob": "aGVsbG8="})  # "hello"
        rc, out, err = ulp(["upload-layer-part", "--endpoint-url", url, "--cli-input-json",
                            document, "--repository-name", "layer-test"], env)
        self.assertEqual((rc, json.loads(out)["lastByteReceived"]), (0, 4), err)
        yaml_doc = ("repositoryName: layer-test\nuploadId: '%s'\npartFirstByte: 5\n"
                    "partLastByte: 9\nlayerPartBlob: !!binary d29ybGQ=\n" % upload_id)
        path = self.home.write("input.yaml", yaml_doc)
        rc, out, err = ulp(["upload-layer-part", "--endpoint-url", url, "--cli-input-yaml",
                            "file://" + path, "--output", "yaml"], env)
        self.assertEqual(rc, 0, err)
        self.assertIn("lastByteReceived: 9\n", out)


class Configuration(AgainstReference):
    """Endpoint, region and keys from the places the aws CLI reads them."""

    def setUp(self):
        super().setUp()
        os.makedirs(self.home.path(".aws"))
        self.home.write(".aws/config", "[profile team]\nregion = eu-west-1\nendpoint_url = %s\n"
                        % self.server.url)
        self.home.write(".aws/credentials", "[team]\naws_access_key_id = AKIDTEAM\n"
                        "aws_secret_access_key = secret\n")
        for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION"):
            del self.home.env[name]

    def initiate(self, *extra, env=None):
        return ulp(["initiate-layer-upload", "--repository-name", "layer-test", "--query",
                    "partSize", *extra], env or self.home.env)

    def test_profile_files_give_region_keys_and_endpoint(self):
        self.assertEqual(self.initiate("--profile", "team")[:2], (0, "10485760\n"))
        env = dict(self.home.env, AWS_PROFILE="team")
        self.assertEqual(self.initiate(env=env)[:2], (0, "10485760\n"))

    def test_endpoint_variables_and_their_order(self):
        env = dict(self.home.env, AWS_PROFILE="team", AWS_ENDPOINT_URL="http://127.0.0.1:9")
        self.assertEqual(self.initiate(env=env)[0], 255)  # AWS_ENDPOINT_URL beats the profile
        env["AWS_ENDPOINT_URL_ECR"] = self.server.url  # and the service's own beats both
        self.assertEqual(self.initiate(env=env)[:2], (0, "10485760\n"))

    def test_missing_pieces_are_configuration_errors(self):
        rc, _, err = self.initiate("--endpoint-url", self.server.url)
        self.assertEqual(rc, 253)
        self.assertIn("You must specify a region.", err)
        rc, _, err = self.initiate("--endpoint-url", self.server.url, "--region", "us-east-1")
        self.assertEqual(rc, 253)
        self.assertIn("Unable to locate credentials.", err)
        rc, _, err = self.initiate("--profile", "nobody")
        self.assertEqual((rc, err), (255, "\nThe config profile (nobody) could not be found\n"))


class PushLayer(AgainstReference):
    server_args = ("--profile", "small")

    def test_push_layer_uploads_every_part_and_prints_the_digest(self):
        layer = os.urandom(300)  # the small profile: parts of 16..64 bytes, at most 8 parts
        path = self.home.write("layer.tar", layer)
        rc, out, err = ulp(["push-layer", path, "--repository-name", "layer-test",
                            "--part-size", "40", "--endpoint-url", self.server.url], self.home.env)
        digest = "sha256:" + hashlib.sha256(layer).hexdigest()
        self.assertEqual((rc, out), (0, digest + "\n"), err)
        rc, out, err = ulp(["batch-check-layer-availability", "--endpoint-url", self.server.url,
                            "--repository-name", "layer-test", "--layer-digests", digest,
                            "--query", "layers[0].layerSize", "--output", "text"], self.home.env)
        self.assertEqual((rc, out), (0, "300\n"), err)

    def test_push_layer_refuses_a_missing_file_and_sends_nothing(self):
        rc, out, err = ulp(["push-layer", self.home.path("missing"), "--repository-name",
                            "layer-test", "--endpoint-url", "http://127.0.0.1:1"], self.home.env)
        self.assertEqual(rc, 252)
        self.assertIn("No such file or directory", err)


class PushLayerRecovery(unittest.TestCase):
    """Against a scripted endpoint that drops connections and loses accepted bytes, a whole
    upload, or the answer to a completion."""

    def setUp(self):
        self.home = Isolated()
        # One attempt per call, so that push-layer's own backoff is what recovers.
        self.home.env["AWS_MAX_ATTEMPTS"] = "1"
        self.layer = os.urandom(100)
        self.path = self.home.write("layer.tar", self.layer)
        self.digest = "sha256:" + hashlib.sha256(self.layer).hexdigest()

    def tearDown(self):
        self.home.cleanup()

    def push(self, **script):
        fake = FakeEcr(part_size=16, **script)
        try:
            rc, out, err = ulp(["push-layer", self.path, "--repository-name", "layer-test",
                                "--endpoint-url", fake.url], self.home.env)
        finally:
            fake.stop()
        return fake, rc, out, err

    def test_resumes_from_last_valid_byte_and_retries_dropped_connections(self):
        fake, rc, out, err = self.push(drop_part_requests=(2, 3), forget_after_part=3)
        self.assertEqual((rc, out), (0, self.digest + "\n"), err)
        self.assertEqual(bytes(fake.received), self.layer)
        # 7 parts, 2 dropped, 1 refused, 1 resent after the refusal.
        self.assertEqual(fake.part_requests, 7 + 2 + 1 + 1)
        # One plain line per resume: stderr is not a terminal.
        upload_id = fake.upload_ids[0]
        self.assertRegex(err, r"^resumed upload %s at byte 16 after the connection was lost for "
                         r"\d+\.\d s\nresumed upload %s at byte 32: the service refused bytes "
                         r"48\.\.63 and holds 32 bytes\n$" % (upload_id, upload_id))

    def test_starts_over_once_on_a_new_upload_when_the_service_lost_it(self):
        fake, rc, out, err = self.push(lose_upload_after_part=3)
        self.assertEqual((rc, out), (0, self.digest + "\n"), err)
        self.assertEqual(len(fake.upload_ids), 2)
        self.assertEqual(err, "the service lost upload %s at byte 48 (UploadNotFoundException): "
                         "starting over at byte 0 on upload %s\n" % tuple(fake.upload_ids))

    def test_a_service_that_loses_the_new_upload_too_ends_the_push(self):
        fake, rc, out, err = self.push(lose_upload_after_part=3, uploads_lost=2)
        self.assertEqual((rc, out), (254, ""))
        self.assertEqual(len(fake.upload_ids), 2)
        self.assertIn("\nAn error occurred (UploadNotFoundException) when calling the "
                      "UploadLayerPart operation", err)

    def test_a_completion_whose_answer_was_lost_is_found_in_the_repository(self):
        fake, rc, out, err = self.push(drop_complete_answer=True)
        self.assertEqual((rc, out, err), (0, self.digest + "\n", ""))
        self.assertEqual(len(fake.upload_ids), 1)


if __name__ == "__main__":
    unittest.main()
