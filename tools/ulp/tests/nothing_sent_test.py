"""Bad input gives a clear message and exit 252, and sends nothing: every case runs against
an endpoint that counts the requests reaching it, and the count must stay at zero."""
import unittest

from fake_ecr import FakeEcr
from harness import Isolated, ulp

UPLOAD_ID = "6cb64b8a-9378-0e33-2ab1-b780fab8a9e9"


class NothingSent(unittest.TestCase):
    def setUp(self):
        self.fake = FakeEcr()
        self.home = Isolated()
        self.part = self.home.write("part.bin", b"hello world")

    def tearDown(self):
        self.fake.stop()
        self.home.cleanup()

    def line(self, **override):
        options = {"--repository-name": "layer-test", "--upload-id": UPLOAD_ID,
                   "--part-first-byte": "0", "--part-last-byte": "10",
                   "--layer-part-blob": "fileb://" + self.part}
        options.update(override)
        args = ["upload-layer-part", "--endpoint-url", self.fake.url]
        for name, value in options.items():
            if value is not None:
                args += [name, value]
        return args

    def assert_refused(self, args, message):
        rc, out, err = ulp(args, self.home.env)
        self.assertEqual(rc, 252, err)
        self.assertIn(message, err)
        self.assertEqual(out, "")
        self.assertEqual(self.fake.requests, 0, "a request reached the endpoint")

    def test_the_endpoint_counts_what_reaches_it(self):
        rc, out, err = ulp(self.line(), self.home.env)
        self.assertEqual(rc, 0, err)
        self.assertEqual(self.fake.requests, 1)

    def test_missing_required_option(self):
        self.assert_refused(self.line(**{"--layer-part-blob": None}),
                            "ulp: error: the following arguments are required: --layer-part-blob")

    def test_non_integer_byte_position(self):
        self.assert_refused(self.line(**{"--part-first-byte": "x"}),
                            "ulp: error: argument --part-first-byte: invalid int value: 'x'")

    def test_negative_byte_position(self):
        self.assert_refused(self.line(**{"--part-first-byte": "-1"}),
                            "Parameter validation failed:\nInvalid value for parameter "
                            "partFirstByte, value: -1, valid min value: 0")

    def test_unreadable_file(self):
        self.assert_refused(self.line(**{"--layer-part-blob": "fileb://" + self.home.path("nope")}),
                            "Error parsing parameter '--layer-part-blob': Unable to load paramfile "
                            "fileb://" + self.home.path("nope") + ": [Errno 2] No such file or "
                            "directory")
        self.assert_refused(self.line(**{"--layer-part-blob": "fileb://" + self.home.home}),
                            "[Errno 21] Is a directory")

    def test_malformed_cli_input_json(self):
        self.assert_refused(["upload-layer-part", "--endpoint-url", self.fake.url,
                             "--cli-input-json", "{bad"],
                            "Error parsing parameter 'cli-input-json': Invalid JSON received.")
        self.assert_refused(["upload-layer-part", "--endpoint-url", self.fake.url,
                             "--cli-input-json", "[1]"],
                            "Invalid type: expecting map, received <class 'list'>")
        self.assert_refused(["upload-layer-part", "--endpoint-url", self.fake.url,
                             "--cli-input-json", '{"repositoryName": "layer-test"}'],
                            'Missing required parameter in input: "uploadId"')

    def test_unknown_option(self):
        self.assert_refused(self.line(**{"--bogus": "value"}), "Unknown options: --bogus, value")

    def test_bad_global_options(self):
        self.assert_refused(self.line() + ["--output", "xml"],
                            "argument --output: Invalid choice, valid choices are:")
        self.assert_refused(self.line() + ["--query", "a["],
                            "Bad value for --query a[: Invalid jmespath expression")
        self.assert_refused(self.line() + ["--query", "a[?b]"], "is not supported")
        self.assert_refused(self.line() + ["--cli-input-json", "{}", "--cli-input-yaml", "{}"],
                            "Only one --cli-input- parameter may be specified.")


if __name__ == "__main__":
    unittest.main()
