"""What needs a terminal or a signal: --cli-auto-prompt asking for missing required options,
and Ctrl-C ending a call with exit 130."""
import json
import os
import pty
import select
import signal
import socket
import subprocess
import threading
import time
import unittest

from harness import ULP, AgainstReference, Isolated, initiate


def read_until(fd, text, timeout=10):
    seen = b""
    deadline = time.time() + timeout
    while text.encode() not in seen:
        ready, _, _ = select.select([fd], [], [], max(0, deadline - time.time()))
        if not ready:
            raise AssertionError("no %r in %r" % (text, seen))
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    return seen.decode(errors="replace")


class AutoPrompt(AgainstReference):
    def test_prompts_for_each_missing_required_option_on_a_terminal(self):
        upload_id = initiate(self.server, self.home.env)
        part = self.home.write("part.bin", b"hello world")
        pid, fd = pty.fork()
        if pid == 0:  # the child, on the terminal
            os.execve(ULP, [ULP, "upload-layer-part", "--cli-auto-prompt", "--endpoint-url",
                            self.server.url, "--repository-name", "layer-test",
                            "--layer-part-blob", "fileb://" + part], self.home.env)
        read_until(fd, "--upload-id")
        os.write(fd, (upload_id + "\n").encode())
        read_until(fd, "--part-first-byte")
        os.write(fd, b"0\n")
        read_until(fd, "--part-last-byte")
        os.write(fd, b"10\n")
        out = read_until(fd, "}")
        _, status = os.waitpid(pid, 0)
        self.assertEqual(os.waitstatus_to_exitcode(status), 0, out)
        self.assertIn('"lastByteReceived": 10', out)

    def test_does_not_prompt_without_a_terminal(self):
        p = subprocess.run([ULP, "upload-layer-part", "--cli-auto-prompt", "--endpoint-url",
                            self.server.url, "--repository-name", "layer-test"],
                           env=self.home.env, capture_output=True, text=True,
                           stdin=subprocess.DEVNULL, timeout=30)
        self.assertEqual(p.returncode, 252)
        self.assertIn("the following arguments are required: --upload-id", p.stderr)


class Interrupt(unittest.TestCase):
    def test_ctrl_c_exits_130(self):
        # An endpoint that accepts the connection and never answers.
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        held = []
        threading.Thread(target=lambda: held.append(listener.accept()), daemon=True).start()
        home = Isolated()
        try:
            p = subprocess.Popen([ULP, "initiate-layer-upload", "--repository-name", "layer-test",
                                  "--endpoint-url", "http://127.0.0.1:%d" % listener.getsockname()[1]],
                                 env=home.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            deadline = time.time() + 10
            while not held and time.time() < deadline:
                time.sleep(0.05)
            p.send_signal(signal.SIGINT)
            out, _ = p.communicate(timeout=10)
            self.assertEqual((p.returncode, out), (130, b"\n"))
        finally:
            for connection, _ in held:
                connection.close()
            listener.close()
            home.cleanup()


if __name__ == "__main__":
    unittest.main()
