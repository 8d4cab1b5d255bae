"""push-layer across a restart of the reference server: the server is killed (SIGKILL) in the
middle of a push and started again a few seconds later on the same port and data directory.
The service still knows the upload, so push-layer must go on with it (one upload ID), say on
stderr where it resumed, and print the file's digest and nothing else on stdout. Once with
stderr a pipe (one plain line per resume), once with stderr a terminal (the progress line)."""
import hashlib
import os
import pty
import re
import select
import shutil
import signal
import subprocess
import tempfile
import time
import unittest

from harness import SERVER, ULP, Isolated, ulp

PART = 5 * 1024 * 1024  # the ecr profile's smallest part but the last
LAYER_BYTES = 6 * PART + 12345  # seven parts
DOWN_SECONDS = 3  # the server is away this long: push-layer's retries must span it
DEBUG_LINE = re.compile(rb"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} - ")
RESUMED = re.compile(rb"resumed upload (\S+) at byte (\d+) after the connection was lost "
                     rb"for \d+\.\d s(: the service holds (\d+) bytes)?")
UPLOAD_ID = re.compile(rb'"uploadId":\s*"([^"]+)"')


class RestartableServer:
    """build/bin/ulp-reference-server with a data directory, killed and started again on the
    port it first picked."""

    def __init__(self):
        self.data = tempfile.mkdtemp(prefix="ulp-restart-")
        self.port = 0
        self.log = open(os.path.join(tempfile.mkdtemp(prefix="ulp-restart-log-"), "stderr"), "w+")
        self.start()

    def start(self):
        self.process = subprocess.Popen(
            [SERVER, "--port", str(self.port), "--repository", "layer-test",
             "--data-dir", self.data], stdout=subprocess.PIPE, stderr=self.log, text=True)
        line = self.process.stdout.readline()
        match = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
        if not match:
            self.process.kill()
            self.process.wait()
            raise RuntimeError("the reference server did not start: %r\n%s" % (line, self.stderr()))
        self.port = int(match.group(1))
        self.url = "http://127.0.0.1:%d" % self.port

    def kill(self):
        self.process.kill()
        self.process.wait()
        self.process.stdout.close()

    def stderr(self):
        self.log.flush()
        self.log.seek(0)
        return self.log.read()

    def stop(self):
        if self.process.poll() is None:
            self.kill()
        shutil.rmtree(self.data, ignore_errors=True)
        shutil.rmtree(os.path.dirname(self.log.name), ignore_errors=True)
        self.log.close()


class Output:
    """What push-layer writes on one descriptor (a pipe or a terminal), read as it comes."""

    def __init__(self, fd):
        self.fd, self.data, self.ended = fd, b"", False

    def read_until(self, done, timeout):
        """Reads until done(data) or the end; True when done(data) holds."""
        deadline = time.monotonic() + timeout
        while not done(self.data) and not self.ended and time.monotonic() < deadline:
            if select.select([self.fd], [], [], max(0, deadline - time.monotonic()))[0]:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:  # a terminal whose other end is closed: the end
                    chunk = b""
                self.data += chunk
                self.ended = not chunk
        return done(self.data)

    def read_to_end(self, timeout):
        """True once the writer has closed its end, False when timeout seconds passed first."""
        return self.read_until(lambda _: self.ended, timeout)


class PushAcrossRestart(unittest.TestCase):
    def setUp(self):
        self.home = Isolated()
        self.server = RestartableServer()
        self.layer = os.urandom(LAYER_BYTES)
        self.path = self.home.write("layer.tar", self.layer)
        self.digest = "sha256:" + hashlib.sha256(self.layer).hexdigest()

    def tearDown(self):
        self.server.stop()
        self.home.cleanup()

    def push(self, terminal, debug, moment):
        """Runs push-layer; once moment(stderr so far) holds, kills the server, keeps it away
        DOWN_SECONDS and starts it again. Returns (exit code, stdout, stderr)."""
        if terminal:
            reader, writer = pty.openpty()
        else:
            reader, writer = os.pipe()
        argv = [ULP, *(["--debug"] if debug else []), "push-layer", self.path,
                "--repository-name", "layer-test", "--part-size", str(PART),
                "--endpoint-url", self.server.url]
        process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=writer, env=self.home.env)
        os.close(writer)
        stderr = Output(reader)
        try:
            reached = stderr.read_until(moment, 120)
            self.assertTrue(reached, "the push never reached the moment to kill the server:\n%s"
                            % stderr.data.decode(errors="replace"))
            # The client holds still while the server dies, so that the kill lands mid-push
            # however fast the parts go; it then finds nobody there until the restart.
            process.send_signal(signal.SIGSTOP)
            self.server.kill()
            process.send_signal(signal.SIGCONT)
            time.sleep(DOWN_SECONDS)
            self.server.start()
            self.assertTrue(stderr.read_to_end(180), "push-layer did not end:\n%s"
                            % stderr.data.decode(errors="replace"))
            out = process.stdout.read()
            code = process.wait(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
            process.stdout.close()
            os.close(reader)
        return code, out.decode(), stderr.data

    def assert_pushed(self, code, out, err):
        context = "push-layer's stderr:\n%s\nserver's stderr:\n%s" % (
            err.decode(errors="replace"), self.server.stderr())
        self.assertEqual((code, out), (0, self.digest + "\n"), context)
        rc, listed, _ = ulp(["batch-check-layer-availability", "--endpoint-url", self.server.url,
                             "--repository-name", "layer-test", "--layer-digests", self.digest,
                             "--query", "layers[0].layerSize", "--output", "text"],
                            self.home.env)
        self.assertEqual((rc, listed), (0, "%d\n" % LAYER_BYTES), context)
        resumes = RESUMED.findall(err)
        self.assertEqual(len(resumes), 1, context)
        self.assertNotIn(b"starting over", err, context)
        return resumes[0], context

    def test_a_pipe_gets_one_plain_line_per_resume_and_one_upload_is_used(self):
        # --debug shows each part as it is sent: the server dies once the second has gone.
        code, out, err = self.push(
            terminal=False, debug=True,
            moment=lambda data: data.count(b"Sending UploadLayerPart") >= 2)
        (upload_id, at, _, _), context = self.assert_pushed(code, out, err)
        # Every answer that names an upload names the same one, the one resumed.
        self.assertEqual(set(UPLOAD_ID.findall(err)), {upload_id}, context)
        self.assertEqual(err.count(b"Sending InitiateLayerUpload"), 1, context)
        # It resumed where a part starts, at or after the first part sent again.
        self.assertEqual(int(at) % PART, 0, context)
        self.assertGreaterEqual(int(at), PART, context)
        # Besides the debug log, the resume is the only line, and plain: no progress bar.
        plain = [line for line in err.split(b"\n") if line and not DEBUG_LINE.match(line)]
        self.assertEqual(len(plain), 1, context)
        self.assertTrue(RESUMED.fullmatch(plain[0]), context)
        self.assertNotIn(b"\r", err, context)

    def test_a_terminal_shows_the_resume_on_the_progress_line(self):
        # The progress line shows 10.0 of 30.0 MiB once two parts are in: the server dies.
        total = b"/%.1f MiB" % (LAYER_BYTES / 1048576)
        code, out, err = self.push(terminal=True, debug=False,
                                   moment=lambda data: b"10.0" + total in data)
        (_, at, _, _), context = self.assert_pushed(code, out, err)
        self.assertRegex(err, rb"\r\[#+\.*\] +\d+%", context)  # the bar, redrawn in place
        # While the server is away the line says why the push waits...
        self.assertRegex(err, rb"connection lost, retry in \d", context)
        # ...and once it is back, where the push went on, below the line that says so for good.
        self.assertIn(b"resumed at byte " + at, err, context)
        # The bar is gone at the end: the last thing written clears the line.
        self.assertTrue(err.endswith(b"\r\x1b[K"), context)


if __name__ == "__main__":
    unittest.main()
