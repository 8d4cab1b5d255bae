#!/usr/bin/env python3
"""Interoperability of the reference server with the real AWS clients.

Drives the aws CLI v2 (/usr/bin/aws), the aws CLI v1 (`python3 -m awscli`), boto3 and the
suite's own `ulp` (which must answer as the aws CLI v2 does) through a whole layer upload against a freshly started reference server on 127.0.0.1:
create-repository, initiate-layer-upload, upload-layer-part in several parts (the first one
exactly the size of the aws CLI documentation's example, 0..8323314), a refused gap,
complete-layer-upload with the true digest, batch-check-layer-availability.

    python3 interop_test.py [SERVER_BINARY] [unittest options]
    ULP_SERVER_BIN=build/bin/ulp-reference-server ULP_BIN=build/bin/ulp python3 interop_test.py

A client that is not installed is skipped with a message, never failed.
"""

import hashlib
import importlib.util
import json
import os
import re
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ECR_PROFILE = os.path.join(HERE, "..", "..", "spec", "profiles", "ecr.json")

AWS_CLI_V2 = "/usr/bin/aws"
REGISTRY_ID = "012345678910"  # the aws CLI documentation's example registry
REPOSITORY = "layer-test"  # and repository
SEED_PART_BYTES = 8323315  # --part-first-byte 0 --part-last-byte 8323314
LATER_PARTS_BYTES = (1000, 517)
ACCESS_KEY_ID = "AKIDEXAMPLE"
SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
START_TIMEOUT = 10.0
STOP_TIMEOUT = 5.0
CLI_TIMEOUT = 120.0
WRONG_SECRET_LINE = re.compile(
    r"^An error occurred \(InvalidSignatureException\) when calling the UploadLayerPart "
    r"operation: The request signature we calculated does not match the signature you "
    r"provided\. Check your AWS Secret Access Key and signing method\. Consult the service "
    r"documentation for details\.$",
    re.MULTILINE,
)
ERROR_LINE = re.compile(
    r"^An error occurred \(InvalidLayerPartException\) when calling the UploadLayerPart "
    r"operation: \S.*$",
    re.MULTILINE,
)

SERVER_BIN = os.environ.get("ULP_SERVER_BIN", "")
ULP_BIN = os.environ.get("ULP_BIN", "")


def layer_bytes():
    """Deterministic, varied bytes: the seed-size part and a few small ones."""
    total = SEED_PART_BYTES + sum(LATER_PARTS_BYTES)
    block = hashlib.sha256(b"ulp interop").digest()
    out = bytearray()
    counter = 0
    while len(out) < total:
        out += hashlib.sha256(block + counter.to_bytes(8, "big")).digest()
        counter += 1
    return bytes(out[:total])


LAYER = layer_bytes()
DIGEST = "sha256:" + hashlib.sha256(LAYER).hexdigest()


def part_ranges():
    """(first, last) of each part, inclusive positions."""
    ranges, first = [], 0
    for size in (SEED_PART_BYTES,) + LATER_PARTS_BYTES:
        ranges.append((first, first + size - 1))
        first += size
    return ranges


class ReferenceServer:
    """The server binary on a free loopback port, with the example's registry ID and the ECR
    profile, except that parts may be small (so that the later parts stay small)."""

    def __init__(self, workdir, auth_file):
        if not SERVER_BIN or not os.access(SERVER_BIN, os.X_OK):
            # Not a client: a missing server is the suite's fault, never a skip.
            raise RuntimeError("no server binary %r: pass it as the first argument or in "
                               "ULP_SERVER_BIN" % SERVER_BIN)
        with open(ECR_PROFILE) as f:
            profile = json.load(f)
        profile["name"] = "ecr-small-parts"
        profile["source"] = "interop_test.py: the ecr profile, parts of any size"
        profile["minPartBytes"] = 1
        self.profile_path = os.path.join(workdir, "profile.json")
        with open(self.profile_path, "w") as f:
            json.dump(profile, f)
        self.process = subprocess.Popen(
            [SERVER_BIN, "--host", "127.0.0.1", "--port", "0",
             "--registry-id", REGISTRY_ID, "--profile", self.profile_path,
             "--auth", auth_file],
            stdout=subprocess.PIPE,
        )
        line = self._read_line(START_TIMEOUT)
        match = re.fullmatch(r"listening on (http://127\.0\.0\.1:\d+)", line or "")
        if not match:
            self.process.kill()
            self.process.wait()
            raise AssertionError("the server did not print its listening line: %r" % line)
        self.url = match.group(1)

    def _read_line(self, timeout):
        deadline = time.monotonic() + timeout
        data = b""
        with selectors.DefaultSelector() as sel:
            sel.register(self.process.stdout, selectors.EVENT_READ)
            while b"\n" not in data:
                left = deadline - time.monotonic()
                if left <= 0 or not sel.select(left):
                    return None
                chunk = os.read(self.process.stdout.fileno(), 4096)
                if not chunk:
                    return None
                data += chunk
        return data.split(b"\n", 1)[0].decode()

    def stop(self):
        """SIGTERM; the exit code (0 expected), or None when it had to be killed."""
        self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            code = None
        self.process.stdout.close()
        return code


class ServerCase(unittest.TestCase):
    """A fresh server and a private HOME with an aws config for each client's test class."""

    @classmethod
    def setUpClass(cls):
        cls.check_client()
        cls.workdir = tempfile.mkdtemp(prefix="ulp-interop-")
        # The server verifies signatures with the very file the clients read their keys from.
        cls.env = cls.client_environment(cls.workdir)
        try:
            cls.server = ReferenceServer(cls.workdir, cls.env["AWS_SHARED_CREDENTIALS_FILE"])
        except BaseException:
            shutil.rmtree(cls.workdir, ignore_errors=True)
            raise
        cls.parts = []
        for i, (first, last) in enumerate(part_ranges()):
            path = os.path.join(cls.workdir, "part%d.bin" % i)
            with open(path, "wb") as f:
                f.write(LAYER[first:last + 1])
            cls.parts.append((first, last, path))

    @classmethod
    def tearDownClass(cls):
        code = cls.server.stop()
        shutil.rmtree(cls.workdir, ignore_errors=True)
        if code != 0:
            raise AssertionError("the server did not exit 0 within %.0f s of SIGTERM: %r"
                                 % (STOP_TIMEOUT, code))

    @classmethod
    def check_client(cls):
        """Raises unittest.SkipTest when the client is not installed."""

    @staticmethod
    def client_environment(workdir):
        home = os.path.join(workdir, "home")
        os.makedirs(os.path.join(home, ".aws"))
        config = os.path.join(home, ".aws", "config")
        credentials = os.path.join(home, ".aws", "credentials")
        with open(config, "w") as f:
            f.write("[default]\nregion = us-east-1\noutput = json\n")
        with open(credentials, "w") as f:
            f.write("[default]\naws_access_key_id = %s\naws_secret_access_key = %s\n"
                    % (ACCESS_KEY_ID, SECRET_ACCESS_KEY))
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("AWS_") and k.lower() not in
               ("http_proxy", "https_proxy", "all_proxy")}
        env.update({
            "HOME": home,
            "AWS_CONFIG_FILE": config,
            "AWS_SHARED_CREDENTIALS_FILE": credentials,
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_PAGER": "",
            "AWS_EC2_METADATA_DISABLED": "true",
            "NO_PROXY": "127.0.0.1",
            "no_proxy": "127.0.0.1",
        })
        return env


class CliFlow:
    """The flow through one aws CLI; subclasses say how to run it."""

    command = []  # the CLI's argv prefix
    service = ["ecr"]  # the words between it and the operation
    client_error_exit_code = 254

    def aws(self, *args):
        """Runs `aws ecr ARGS --endpoint-url URL --output json`: (exit code, stdout, stderr)."""
        argv = self.command + self.service + list(args) + [
            "--endpoint-url", self.server.url, "--output", "json"]
        done = subprocess.run(argv, env=self.env, capture_output=True, text=True,
                              timeout=CLI_TIMEOUT, stdin=subprocess.DEVNULL)
        return done.returncode, done.stdout, done.stderr

    def test_wrong_secret(self):
        """With a wrong secret the CLI prints ECR's error and exits as against ECR."""
        wrong = os.path.join(self.workdir, "wrong-credentials")
        with open(wrong, "w") as f:
            f.write("[default]\naws_access_key_id = %s\naws_secret_access_key = %sx\n"
                    % (ACCESS_KEY_ID, SECRET_ACCESS_KEY))
        part = os.path.join(self.workdir, "wrong-secret.bin")
        with open(part, "wb") as f:
            f.write(b"x" * 10)
        argv = self.command + self.service + [
            "upload-layer-part", "--repository-name", REPOSITORY,
            "--upload-id", "01234567-89ab-cdef-0123-456789abcdef", "--part-first-byte", "0",
            "--part-last-byte", "9", "--layer-part-blob", "fileb://" + part,
            "--endpoint-url", self.server.url, "--output", "json"]
        done = subprocess.run(argv, env=dict(self.env, AWS_SHARED_CREDENTIALS_FILE=wrong),
                              capture_output=True, text=True, timeout=CLI_TIMEOUT,
                              stdin=subprocess.DEVNULL)
        self.assertEqual(done.returncode, self.client_error_exit_code, done.stderr)
        self.assertEqual(done.stdout, "")
        self.assertRegex(done.stderr, WRONG_SECRET_LINE)

    def aws_ok(self, *args):
        code, out, err = self.aws(*args)
        self.assertEqual(code, 0, "aws ecr %s failed:\n%s" % (args[0], err))
        try:
            return json.loads(out)
        except ValueError:
            self.fail("aws ecr %s printed no JSON: %r" % (args[0], out[:500]))

    def test_layer_upload(self):
        created = self.aws_ok("create-repository", "--repository-name", REPOSITORY)
        self.assertEqual(created["repository"]["repositoryName"], REPOSITORY)
        self.assertEqual(created["repository"]["registryId"], REGISTRY_ID)

        initiated = self.aws_ok("initiate-layer-upload", "--repository-name", REPOSITORY)
        upload_id = initiated["uploadId"]
        self.assertRegex(upload_id, r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
        self.assertEqual(initiated["partSize"], 10485760)

        def upload(first, last, path):
            return self.aws("upload-layer-part", "--repository-name", REPOSITORY,
                            "--upload-id", upload_id,
                            "--part-first-byte", str(first), "--part-last-byte", str(last),
                            "--layer-part-blob", "fileb://" + path)

        for i, (first, last, path) in enumerate(self.parts):
            if i == 1:
                # A gap of one byte: refused, as the CLI reports a service error.
                gap_first = first + 1
                code, out, err = upload(gap_first, gap_first + LATER_PARTS_BYTES[0] - 1,
                                        self.parts[1][2])
                self.assertEqual(code, self.client_error_exit_code, "stdout %r stderr %r"
                                 % (out, err))
                self.assertEqual(out, "")
                self.assertRegex(err, ERROR_LINE)
            code, out, err = upload(first, last, path)
            self.assertEqual(code, 0, "part %d (%d..%d): %s" % (i, first, last, err))
            answer = json.loads(out)
            if i == 0:
                # The documentation's example: exactly these four fields.
                self.assertEqual(sorted(answer), sorted(
                    ["registryId", "repositoryName", "uploadId", "lastByteReceived"]))
                self.assertEqual(answer["lastByteReceived"], 8323314)
            self.assertEqual(answer["registryId"], REGISTRY_ID)
            self.assertEqual(answer["repositoryName"], REPOSITORY)
            self.assertEqual(answer["uploadId"], upload_id)
            self.assertEqual(answer["lastByteReceived"], last)

        completed = self.aws_ok("complete-layer-upload", "--repository-name", REPOSITORY,
                                "--upload-id", upload_id, "--layer-digests", DIGEST)
        self.assertEqual(completed["layerDigest"], DIGEST)
        self.assertEqual(completed["uploadId"], upload_id)
        self.assertEqual(completed["registryId"], REGISTRY_ID)
        self.assertEqual(completed["repositoryName"], REPOSITORY)

        checked = self.aws_ok("batch-check-layer-availability", "--repository-name", REPOSITORY,
                              "--layer-digests", DIGEST)
        self.assertEqual(checked["failures"], [])
        self.assertEqual(len(checked["layers"]), 1, checked)
        self.assertEqual(checked["layers"][0]["layerDigest"], DIGEST)
        self.assertEqual(checked["layers"][0]["layerAvailability"], "AVAILABLE")
        self.assertEqual(checked["layers"][0]["layerSize"], len(LAYER))


class AwsCliV2Test(CliFlow, ServerCase):
    command = [AWS_CLI_V2]
    client_error_exit_code = 254  # "the command was parsed and the service returned an error"

    @classmethod
    def check_client(cls):
        if not os.access(AWS_CLI_V2, os.X_OK):
            raise unittest.SkipTest("aws CLI v2 not installed at %s" % AWS_CLI_V2)
        version = subprocess.run([AWS_CLI_V2, "--version"], capture_output=True, text=True,
                                 stdin=subprocess.DEVNULL)
        text = (version.stdout + version.stderr).strip()
        if version.returncode != 0 or not text.startswith("aws-cli/2."):
            raise unittest.SkipTest("%s is not the aws CLI v2: %r" % (AWS_CLI_V2, text))


class AwsCliV1Test(CliFlow, ServerCase):
    command = [sys.executable, "-m", "awscli"]
    client_error_exit_code = 255  # v1 has one code for every failure

    @classmethod
    def check_client(cls):
        if importlib.util.find_spec("awscli") is None:
            raise unittest.SkipTest("aws CLI v1 not installed (%s -m awscli)" % sys.executable)
        version = subprocess.run(cls.command + ["--version"], capture_output=True, text=True,
                                 stdin=subprocess.DEVNULL)
        text = (version.stdout + version.stderr).strip()
        if version.returncode != 0 or not text.startswith("aws-cli/1."):
            raise unittest.SkipTest("%s -m awscli is not the aws CLI v1: %r"
                                    % (sys.executable, text))


class UlpTest(CliFlow, ServerCase):
    """`ulp`, the aws CLI v2's layer commands without the service word: same output, same
    error line, same exit code."""
    command = [ULP_BIN]
    service = []
    client_error_exit_code = 254

    @classmethod
    def check_client(cls):
        # The suite's own program: missing is the suite's fault, never a skip.
        if not ULP_BIN or not os.access(ULP_BIN, os.X_OK):
            raise RuntimeError("no ulp binary %r: pass it in ULP_BIN" % ULP_BIN)


class Boto3Test(ServerCase):

    @classmethod
    def check_client(cls):
        if importlib.util.find_spec("boto3") is None:
            raise unittest.SkipTest("boto3 not installed for %s" % sys.executable)

    def client(self):
        import boto3
        from botocore.config import Config
        session = boto3.session.Session(aws_access_key_id=ACCESS_KEY_ID,
                                        aws_secret_access_key=SECRET_ACCESS_KEY,
                                        region_name="us-east-1")
        return session.client("ecr", endpoint_url=self.server.url,
                              config=Config(proxies={}))

    def test_wrong_secret(self):
        import boto3
        from botocore.config import Config
        from botocore.exceptions import ClientError
        session = boto3.session.Session(aws_access_key_id=ACCESS_KEY_ID,
                                        aws_secret_access_key=SECRET_ACCESS_KEY + "x",
                                        region_name="us-east-1")
        ecr = session.client("ecr", endpoint_url=self.server.url, config=Config(proxies={}))
        with self.assertRaises(ClientError) as refused:
            ecr.upload_layer_part(repositoryName=REPOSITORY,
                                  uploadId="01234567-89ab-cdef-0123-456789abcdef",
                                  partFirstByte=0, partLastByte=9, layerPartBlob=b"x" * 10)
        error = refused.exception.response
        self.assertEqual(error["Error"]["Code"], "InvalidSignatureException")
        self.assertEqual(error["ResponseMetadata"]["HTTPStatusCode"], 400)
        self.assertRegex(str(refused.exception), WRONG_SECRET_LINE)

    def test_layer_upload(self):
        from botocore.exceptions import ClientError
        ecr = self.client()
        created = ecr.create_repository(repositoryName=REPOSITORY)
        self.assertEqual(created["repository"]["repositoryName"], REPOSITORY)
        self.assertEqual(created["repository"]["registryId"], REGISTRY_ID)

        upload_id = ecr.initiate_layer_upload(repositoryName=REPOSITORY)["uploadId"]
        for i, (first, last, _) in enumerate(self.parts):
            if i == 1:
                gap_first = first + 1
                with self.assertRaises(ClientError) as refused:
                    ecr.upload_layer_part(repositoryName=REPOSITORY, uploadId=upload_id,
                                          partFirstByte=gap_first,
                                          partLastByte=gap_first + LATER_PARTS_BYTES[0] - 1,
                                          layerPartBlob=LAYER[first:first + LATER_PARTS_BYTES[0]])
                error = refused.exception.response
                self.assertEqual(error["Error"]["Code"], "InvalidLayerPartException")
                self.assertTrue(error["Error"]["Message"])
                self.assertEqual(error["ResponseMetadata"]["HTTPStatusCode"], 400)
                self.assertEqual(error.get("lastValidByteReceived"), first - 1, error)
                self.assertEqual(error.get("uploadId"), upload_id, error)
                self.assertTrue(error["ResponseMetadata"].get("RequestId"), error)
                self.assertRegex(str(refused.exception), ERROR_LINE)
            answer = ecr.upload_layer_part(repositoryName=REPOSITORY, uploadId=upload_id,
                                           partFirstByte=first, partLastByte=last,
                                           layerPartBlob=LAYER[first:last + 1])
            self.assertEqual(answer["lastByteReceived"], last)
            self.assertEqual(answer["registryId"], REGISTRY_ID)
            self.assertEqual(answer["repositoryName"], REPOSITORY)
            self.assertEqual(answer["uploadId"], upload_id)

        completed = ecr.complete_layer_upload(repositoryName=REPOSITORY, uploadId=upload_id,
                                              layerDigests=[DIGEST])
        self.assertEqual(completed["layerDigest"], DIGEST)
        checked = ecr.batch_check_layer_availability(repositoryName=REPOSITORY,
                                                     layerDigests=[DIGEST])
        self.assertEqual(checked["failures"], [])
        self.assertEqual(len(checked["layers"]), 1, checked)
        self.assertEqual(checked["layers"][0]["layerAvailability"], "AVAILABLE")
        self.assertEqual(checked["layers"][0]["layerSize"], len(LAYER))


if __name__ == "__main__":
    if len(sys.argv) > 1 and not sys.argv[1].startswith("-") and os.path.isfile(sys.argv[1]):
        SERVER_BIN = sys.argv.pop(1)
    unittest.main(verbosity=2)
