"""Errors compared with the aws CLI v2: the same text on stderr and the same exit code for
service errors (254), usage and parameter errors (252), configuration errors (253) and
other failures (255)."""
import http.server
import json
import re
import ssl
import subprocess
import threading
import unittest

from harness import (Comparison, Isolated, aws, initiate, normalise_ids, normalise_stderr,
                     requires_aws, ulp)

NO_SUCH_UPLOAD = "6cb64b8a-9378-0e33-2ab1-b780fab8a9e9"


@requires_aws
class Errors(Comparison):
    def line(self, upload_id=NO_SUCH_UPLOAD, **override):
        options = {"--repository-name": "layer-test", "--upload-id": upload_id,
                   "--part-first-byte": "0", "--part-last-byte": "10",
                   "--layer-part-blob": "fileb://" + self.home.write("part.bin", b"hello world")}
        options.update(override)
        args = ["upload-layer-part"]
        for name, value in options.items():
            if value is not None:
                args += [name, value]
        return args

    def test_service_errors(self):
        ours = self.assert_same(self.line(**{"--part-first-byte": "5", "--part-last-byte": "15"}),
                                normalise=normalise_ids)
        self.assertEqual(ours[0], 254)
        # A refused part: each CLI on its own upload, so the messages match exactly.
        first, second = initiate(self.server, self.home.env), initiate(self.server, self.home.env)
        theirs, ours = self.both(self.line(first, **{"--part-first-byte": "3"}),
                                 self.line(second, **{"--part-first-byte": "3"}))
        self.assertEqual((ours[0], ours[2]), (theirs[0], theirs[2]))
        self.assertIn("An error occurred (InvalidLayerPartException) when calling the "
                      "UploadLayerPart operation: ", ours[2])
        self.assert_same(self.line(**{"--repository-name": "no-such-repo"}))

    def test_usage_errors(self):
        self.assert_same(self.line(**{"--layer-part-blob": None}))
        self.assert_same(self.line(**{"--part-first-byte": "x"}))
        self.assert_same(self.line(**{"--bogus": "value"}))
        self.assert_same(self.line(**{"--layer-part-blob": "fileb://missing.bin"}))
        self.assert_same(self.line() + ["--output", "xml"])
        self.assert_same(self.line() + ["--query", "a["])

    def test_cli_input_errors(self):
        self.assert_same(["upload-layer-part", "--cli-input-json", "{bad"])
        self.assert_same(["upload-layer-part", "--cli-input-json", "{}", "--cli-input-yaml", "a: 1"])
        self.assert_same(["upload-layer-part", "--cli-input-yaml", "a: ["])
        self.assert_same(["upload-layer-part", "--cli-input-json",
                          '{"repositoryName": "layer-test", "partFirstByte": "0", "bogus": 1}'])

    def test_parameter_validation(self):
        self.assert_same(self.line(**{"--part-first-byte": "-1", "--repository-name": "l"}))
        self.assert_same(self.line(**{"--layer-part-blob": "not base64!"}))

    def test_configuration_errors(self):
        no_region = dict(self.home.env)
        del no_region["AWS_DEFAULT_REGION"]
        self.assert_same(self.line(), env=no_region)
        no_keys = dict(self.home.env)
        del no_keys["AWS_ACCESS_KEY_ID"]
        del no_keys["AWS_SECRET_ACCESS_KEY"]
        self.assert_same(self.line(), env=no_keys)
        self.assert_same(self.line() + ["--profile", "nope"])

    def test_no_answer(self):
        once = dict(self.home.env, AWS_MAX_ATTEMPTS="1")  # the same message, without backoff
        ours = self.assert_same(self.line() + ["--endpoint-url", "http://127.0.0.1:9"],
                                env=once, endpoint=False)
        self.assertEqual(ours[0], 255)


@requires_aws
class RetriedErrors(Comparison):
    """The small profile allows 4 open uploads per repository: the fifth initiation is a
    LimitExceededException, which both CLIs retry, then report with the retry count."""

    server_args = ("--profile", "small")

    def test_throttling_errors_are_retried_and_say_so(self):
        for _ in range(4):
            initiate(self.server, self.home.env)
        ours = self.assert_same(["initiate-layer-upload", "--repository-name", "layer-test"])
        self.assertEqual(ours[0], 254)
        self.assertIn("(reached max retries: 2)", ours[2])


class _Initiated(http.server.BaseHTTPRequestHandler):
    """Answers every request as InitiateLayerUpload would."""

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = json.dumps({"uploadId": "u-1", "partSize": 5242880}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@requires_aws
class Tls(unittest.TestCase):
    """An https endpoint with a self-signed certificate for localhost: refused with the aws
    CLI's message (less Python's source location), and answered with --ca-bundle."""

    @classmethod
    def setUpClass(cls):
        cls.home = Isolated()
        cls.cert, key = cls.home.path("cert.pem"), cls.home.path("key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", cls.cert,
                        "-days", "1", "-subj", "/CN=localhost",
                        "-addext", "subjectAltName=DNS:localhost"],
                       check=True, capture_output=True)
        cls.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Initiated)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cls.cert, key)
        cls.server.socket = context.wrap_socket(cls.server.socket, server_side=True)
        cls.thread = threading.Thread(target=cls.server.serve_forever, daemon=True)
        cls.thread.start()
        cls.url = "https://localhost:%d" % cls.server.server_address[1]

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()
        cls.home.cleanup()

    def compare(self, extra):
        args = ["initiate-layer-upload", "--repository-name", "rr", "--endpoint-url", self.url]
        theirs, ours = aws(args + extra, self.home.env), ulp(args + extra, self.home.env)
        python_location = re.compile(r" \(_ssl\.c:\d+\)")
        self.assertEqual(
            (theirs[0], theirs[1], python_location.sub("", normalise_stderr(theirs[2]))),
            (ours[0], ours[1], normalise_stderr(ours[2])))
        return ours

    def test_an_untrusted_certificate_is_refused_as_the_aws_cli_refuses_it(self):
        ours = self.compare([])
        self.assertEqual(ours[0], 255)
        self.assertIn("certificate verify failed: self-signed certificate", ours[2])

    def test_the_ca_bundle_vouches_for_it(self):
        ours = self.compare(["--ca-bundle", self.cert])
        self.assertEqual(ours[0], 0, ours[2])
        self.assertIn('"uploadId": "u-1"', ours[1])


if __name__ == "__main__":
    unittest.main()
