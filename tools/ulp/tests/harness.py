"""Shared pieces of ulp's Python tests: a reference server on 127.0.0.1, ulp and the aws CLI
run with an isolated configuration, and the normalisations that let two outputs be compared.

ULP_BIN and ULP_SERVER_BIN name the binaries (ctest sets them; the defaults are build/bin).
"""
import os
import re
import shutil
import subprocess
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
ULP = os.environ.get("ULP_BIN", os.path.join(ROOT, "build", "bin", "ulp"))
SERVER = os.environ.get("ULP_SERVER_BIN", os.path.join(ROOT, "build", "bin", "ulp-reference-server"))
SKIP_MESSAGE = "aws CLI not found: skipped"


def find_aws_v2():
    """The aws CLI v2: /usr/bin/aws on Debian, else `aws` on PATH if it is a v2."""
    for candidate in ("/usr/bin/aws", shutil.which("aws")):
        if not candidate or not os.path.exists(candidate):
            continue
        try:
            out = subprocess.run([candidate, "--version"], capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if out.stdout.startswith("aws-cli/2"):
            return candidate
    return None


AWS = find_aws_v2()


def requires_aws(cls):
    """Skips a test class, with SKIP_MESSAGE in the output, when the aws CLI v2 is absent."""
    if AWS is None:
        print(SKIP_MESSAGE)
        return unittest.skip(SKIP_MESSAGE)(cls)
    return cls


class ReferenceServer:
    """build/bin/ulp-reference-server on a free loopback port."""

    def __init__(self, *extra):
        self.data = tempfile.mkdtemp(prefix="ulp-test-")
        self.process = subprocess.Popen(
            [SERVER, "--port", "0", "--repository", "layer-test", "--data-dir", self.data, *extra],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.process.stdout.readline()
        match = re.search(r"listening on (http://\S+)", line)
        if not match:
            self.stop()
            raise RuntimeError("the reference server did not start: %r" % line)
        self.url = match.group(1)

    def stop(self):
        self.process.stdout.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.data, ignore_errors=True)


class Isolated:
    """A HOME with no ~/.aws and fixed keys and region, so that both CLIs see the same
    configuration whatever the machine has."""

    def __init__(self):
        self.home = tempfile.mkdtemp(prefix="ulp-home-")
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        self.env.update({
            "HOME": self.home,
            "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
            "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_PAGER": "",
            "TZ": "UTC",
        })

    def path(self, name):
        return os.path.join(self.home, name)

    def write(self, name, data):
        mode = "wb" if isinstance(data, bytes) else "w"
        with open(self.path(name), mode) as f:
            f.write(data)
        return self.path(name)

    def cleanup(self):
        shutil.rmtree(self.home, ignore_errors=True)


def run(argv, env, cwd=None, timeout=120):
    p = subprocess.run(argv, capture_output=True, env=env, cwd=cwd, timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def ulp(args, env, cwd=None):
    return run([ULP, *args], env, cwd)


def aws(args, env, cwd=None):
    """`aws ecr <args>`."""
    return run([AWS, "ecr", *args], env, cwd)


USAGE_LINES = re.compile(
    r"^(usage: (aws|ulp) .*|To see help text, you can run:|  (aws|ulp) help|"
    r"  (aws|ulp) <command> help|  aws <command> <subcommand> help)$")


def normalise_stderr(text):
    """The aws CLI's and ulp's error text with the usage block (which names the program)
    taken out and "aws: error:" read as "ulp: error:"."""
    lines = [l for l in text.split("\n") if not USAGE_LINES.match(l)]
    text = "\n".join(lines).replace("aws: error:", "ulp: error:")
    return re.sub(r"\n{3,}", "\n\n", text)


UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d")


def normalise_ids(text):
    """Upload IDs and creation times differ between two runs; their shape must not."""
    return TIMESTAMP.sub("<time>", UUID.sub("<upload-id>", text))


def initiate(server, env, repository="layer-test"):
    rc, out, err = ulp(["initiate-layer-upload", "--endpoint-url", server.url,
                        "--repository-name", repository, "--query", "uploadId", "--output", "text"], env)
    if rc != 0:
        raise RuntimeError("initiate-layer-upload failed: %s" % err)
    return out.strip()


class AgainstReference(unittest.TestCase):
    """Each test gets a reference server (started with server_args) and an isolated home."""

    server_args = ()

    def setUp(self):
        self.server = ReferenceServer(*self.server_args)
        self.home = Isolated()

    def tearDown(self):
        self.server.stop()
        self.home.cleanup()


class Comparison(unittest.TestCase):
    """Runs a command line with `aws ecr` and with `ulp` and asserts the same exit code,
    stdout and stderr (after the normalisations above)."""

    server_args = ()

    @classmethod
    def setUpClass(cls):
        cls.server = ReferenceServer(*cls.server_args)
        cls.home = Isolated()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.home.cleanup()

    def both(self, aws_args, ulp_args=None, env=None, endpoint=True):
        env = env or self.home.env
        prefix = ["--endpoint-url", self.server.url] if endpoint else []
        theirs = aws(aws_args + prefix, env, cwd=self.home.home)
        ours = ulp((ulp_args if ulp_args is not None else aws_args) + prefix, env,
                   cwd=self.home.home)
        return theirs, ours

    def assert_same(self, aws_args, ulp_args=None, env=None, endpoint=True, normalise=None):
        theirs, ours = self.both(aws_args, ulp_args, env, endpoint)
        fix = normalise or (lambda text: text)
        self.assertEqual(
            (theirs[0], fix(theirs[1]), fix(normalise_stderr(theirs[2]))),
            (ours[0], fix(ours[1]), fix(normalise_stderr(ours[2]))),
            "aws ecr %s" % " ".join(aws_args))
        return ours
