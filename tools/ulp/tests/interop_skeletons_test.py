"""--generate-cli-skeleton compared with the aws CLI: input, yaml-input and output.

The aws CLI v2 on this machine may ship an older ECR model than spec/model.json (which comes
from the botocore beside the aws CLI v1); where the two models differ (create-repository's
newer members), the comparison is with v1 (`python3 -m awscli`), which has the same model."""
import re
import subprocess
import sys
import unittest

from harness import Comparison, requires_aws, run, ulp

REQUIRED = {
    "upload-layer-part": ["--repository-name", "layer-test", "--upload-id",
                          "6cb64b8a-9378-0e33-2ab1-b780fab8a9e9", "--part-first-byte", "0",
                          "--part-last-byte", "10", "--layer-part-blob", "aGVsbG8="],
    "initiate-layer-upload": ["--repository-name", "layer-test"],
    "complete-layer-upload": ["--repository-name", "layer-test", "--upload-id",
                              "6cb64b8a-9378-0e33-2ab1-b780fab8a9e9", "--layer-digests",
                              "sha256:abc"],
    "batch-check-layer-availability": ["--repository-name", "layer-test", "--layer-digests",
                                       "sha256:abc"],
}
# Enum members: aws v2 writes the first value, v1 a random one.
ENUMS = re.compile(r'"(imageTagMutability|encryptionType|filterType)": "[A-Z0-9_]+"')


def aws_v1(args, env):
    """`aws ecr <args>` with the aws CLI v1, or None when it is not installed."""
    probe = subprocess.run([sys.executable, "-m", "awscli", "--version"], capture_output=True,
                           text=True)
    if probe.returncode != 0:
        return None
    return run([sys.executable, "-m", "awscli", "ecr", *args], env)


@requires_aws
class Skeletons(Comparison):
    def test_upload_layer_part_skeletons(self):
        self.assert_same(["upload-layer-part", "--generate-cli-skeleton"], endpoint=False)
        self.assert_same(["upload-layer-part", "--generate-cli-skeleton", "yaml-input"],
                         endpoint=False)
        self.assert_same(["upload-layer-part", "--generate-cli-skeleton", "output"]
                         + REQUIRED["upload-layer-part"], endpoint=False)

    def test_input_and_output_skeletons_of_the_other_commands(self):
        for command in ("initiate-layer-upload", "complete-layer-upload",
                        "batch-check-layer-availability"):
            with self.subTest(command=command):
                self.assert_same([command, "--generate-cli-skeleton", "input"], endpoint=False)
        # Lists of structures in the output shape.
        command = "batch-check-layer-availability"
        self.assert_same([command, "--generate-cli-skeleton", "output"] + REQUIRED[command],
                         endpoint=False)

    def test_output_skeleton_needs_the_required_options(self):
        self.assert_same(["upload-layer-part", "--generate-cli-skeleton", "output"],
                         endpoint=False)

    def test_repository_skeletons_match_the_same_model(self):
        for args in (["create-repository", "--generate-cli-skeleton"],
                     ["delete-repository", "--generate-cli-skeleton", "output",
                      "--repository-name", "layer-test"]):
            theirs = aws_v1(args, self.home.env)
            if theirs is None:
                self.skipTest("the aws CLI v1 (python3 -m awscli) is not installed")
            ours = ulp(args, self.home.env)
            self.assertEqual((ours[0], ENUMS.sub("<enum>", ours[1]), ours[2]),
                             (theirs[0], ENUMS.sub("<enum>", theirs[1]), theirs[2]))
        # As aws v2 does, ulp writes an enum's first value.
        rc, out, _ = ulp(["create-repository", "--generate-cli-skeleton"], self.home.env)
        self.assertIn('"imageTagMutability": "MUTABLE"', out)
        self.assertIn('"encryptionType": "AES256"', out)


if __name__ == "__main__":
    unittest.main()
