"""--query compared with the aws CLI: the JMESPath subset ulp implements, in json, text and
table output."""
import unittest

from harness import Comparison, requires_aws

MISSING = "sha256:" + "0" * 64
QUERIES = [
    ("failures[0]", "json"),
    ("failures[*].[layerDigest, failureCode]", "text"),
    ("failures[-1:].{digest: layerDigest, why: failureReason}", "table"),
    ("{count: failures[0].failureCode, list: failures[*].layerDigest}", "yaml"),
    ("failures[0].*", "text"),
    ("failures[::-1] | [0].layerDigest", "json"),
    ("@", "table"),
]


@requires_aws
class Queries(Comparison):
    def test_queries(self):
        for query, output in QUERIES:
            with self.subTest(query=query, output=output):
                self.assert_same(["batch-check-layer-availability", "--repository-name",
                                  "layer-test", "--layer-digests", MISSING, "sha256:abc",
                                  "--query", query, "--output", output])

    def test_query_on_an_output_skeleton(self):
        self.assert_same(["upload-layer-part", "--generate-cli-skeleton", "output",
                          "--repository-name", "layer-test", "--upload-id",
                          "6cb64b8a-9378-0e33-2ab1-b780fab8a9e9", "--part-first-byte", "0",
                          "--part-last-byte", "10", "--layer-part-blob", "aGVsbG8=",
                          "--query", "[uploadId, lastByteReceived]", "--output", "table"],
                         endpoint=False)


if __name__ == "__main__":
    unittest.main()
