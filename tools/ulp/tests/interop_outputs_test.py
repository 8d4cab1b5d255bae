"""Outputs compared with the aws CLI v2 for the same requests: json (key order, 4-space
indentation), text, table, yaml and yaml-stream, for each command."""
import hashlib
import os
import re
import unittest

from harness import Comparison, initiate, normalise_ids, requires_aws, ulp

MISSING = "sha256:" + "0" * 64


@requires_aws
class Outputs(Comparison):
    def part_line(self, upload_id, output):
        return ["upload-layer-part", "--repository-name", "layer-test", "--upload-id", upload_id,
                "--part-first-byte", "0", "--part-last-byte", "10", "--layer-part-blob",
                "fileb://" + self.home.write("part.bin", b"hello world"), "--output", output]

    def test_upload_layer_part_in_every_format(self):
        for output in ("json", "text", "table", "yaml", "yaml-stream"):
            with self.subTest(output=output):
                # Each CLI gets its own upload, so IDs differ: they are compared by shape.
                theirs, ours = self.both(self.part_line(initiate(self.server, self.home.env), output),
                                         self.part_line(initiate(self.server, self.home.env), output))
                self.assertEqual(theirs[0], 0, theirs[2])
                self.assertEqual((ours[0], normalise_ids(ours[1]), ours[2]),
                                 (theirs[0], normalise_ids(theirs[1]), theirs[2]))

    def test_blob_values_under_each_binary_format(self):
        text = self.home.write("part.b64", "aGVsbG8gd29ybGQ=\n")  # "hello world", file://
        for blob, extra in (("hello world", ["--cli-binary-format", "raw-in-base64-out"]),
                            ("file://" + text, [])):
            with self.subTest(blob=blob):
                lines = []
                for _ in range(2):
                    line = self.part_line(initiate(self.server, self.home.env), "json") + extra
                    line[line.index("--layer-part-blob") + 1] = blob
                    lines.append(line)
                theirs, ours = self.both(*lines)
                self.assertEqual(theirs[0], 0, theirs[2])
                self.assertEqual((ours[0], normalise_ids(ours[1]), ours[2]),
                                 (theirs[0], normalise_ids(theirs[1]), theirs[2]))

    def test_initiate_layer_upload(self):
        for output in ("table",):
            with self.subTest(output=output):
                self.assert_same(["initiate-layer-upload", "--repository-name", "layer-test",
                                  "--output", output], normalise=normalise_ids)

    def test_complete_layer_upload(self):
        lines = []
        for _ in range(2):
            part = os.urandom(11)  # different bytes: two layers, not one already existing
            upload_id = initiate(self.server, self.home.env)
            path = self.home.write("p%d.bin" % len(lines), part)
            rc, _, err = ulp(["upload-layer-part", "--endpoint-url", self.server.url,
                              "--repository-name", "layer-test", "--upload-id", upload_id,
                              "--part-first-byte", "0", "--part-last-byte", "10",
                              "--layer-part-blob", "fileb://" + path], self.home.env)
            self.assertEqual(rc, 0, err)
            digest = "sha256:" + hashlib.sha256(part).hexdigest()
            lines.append(["complete-layer-upload", "--repository-name", "layer-test",
                          "--upload-id", upload_id, "--layer-digests", digest])
        strip = lambda text: re.sub(r"sha256:[0-9a-f]{64}", "<digest>", normalise_ids(text))
        theirs, ours = self.both(lines[0], lines[1])
        self.assertEqual(theirs[0], 0, theirs[2])
        self.assertEqual((ours[0], strip(ours[1])), (theirs[0], strip(theirs[1])))

    def test_batch_check_layer_availability_with_failures(self):
        for output in ("text", "table"):  # json: in interop_query_test
            with self.subTest(output=output):
                self.assert_same(["batch-check-layer-availability", "--repository-name",
                                  "layer-test", "--layer-digests", MISSING, "sha256:abc",
                                  "--output", output])

    def test_create_and_delete_repository(self):
        strip = lambda text: normalise_ids(text).replace("aws-made", "ulp-made")
        for output in ("json", "table"):
            with self.subTest(output=output):
                name = "made-%s" % output.replace("-", "")
                self.assert_same(["create-repository", "--repository-name", "aws-" + name,
                                  "--output", output],
                                 ["create-repository", "--repository-name", "ulp-" + name,
                                  "--output", output], normalise=strip)
        self.assert_same(["delete-repository", "--repository-name", "aws-made-json", "--force"],
                         ["delete-repository", "--repository-name", "ulp-made-json", "--force"],
                         normalise=strip)


if __name__ == "__main__":
    unittest.main()
