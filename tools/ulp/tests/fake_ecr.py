"""A scripted ECR endpoint on 127.0.0.1 for what the reference server will not do on demand:
count every request that reaches it (to prove that bad input sends nothing), drop
connections, lose accepted bytes (to make push-layer resume), lose a whole upload, and
lose the answer to a completion that happened."""
import hashlib
import http.server
import json
import threading


class FakeEcr:
    def __init__(self, drop_part_requests=(), forget_after_part=None, part_size=16,
                 lose_upload_after_part=None, uploads_lost=1, drop_complete_answer=False):
        """drop_part_requests: the ordinal numbers (1-based) of UploadLayerPart requests
        answered by closing the connection. forget_after_part: after accepting this many
        parts, the last accepted part is forgotten, and the next part is refused with the
        lastValidByteReceived that remains. lose_upload_after_part: after accepting this many
        parts, the upload is forgotten whole (UploadNotFoundException), for the first
        uploads_lost uploads.
        drop_complete_answer: the first CompleteLayerUpload completes, then the connection is
        closed without an answer."""
        self.upload_ids = []
        self.layers = {}  # digest: size, once completed
        self.open_upload = None
        self.lose_upload_after_part = lose_upload_after_part
        self.uploads_lost = uploads_lost
        self.drop_complete_answer = drop_complete_answer
        self.requests = 0
        self.part_requests = 0
        self.accepted_parts = 0
        self.received = bytearray()
        self.part_ends = []
        self.drop = set(drop_part_requests)
        self.forget_after_part = forget_after_part
        self.part_size = part_size
        self.lock = threading.Lock()
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with fake.lock:
                    fake.requests += 1
                    operation = self.headers.get("X-Amz-Target", "").split(".")[-1]
                    answer = fake.answer(operation, json.loads(body or b"{}"))
                if answer is None:
                    self.close_connection = True
                    self.connection.close()
                    return
                status, payload = answer
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/x-amz-json-1.1")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_PUT = do_POST

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def refuse(self):
        return 400, {"__type": "InvalidLayerPartException",
                     "message": "The layer part size is not valid, or the first byte specified "
                                "is not consecutive to the last byte of a previous layer part "
                                "upload.",
                     "registryId": "123456789012", "repositoryName": "layer-test",
                     "uploadId": self.open_upload,
                     "lastValidByteReceived": len(self.received) - 1}

    def answer(self, operation, body):
        if operation == "InitiateLayerUpload":
            self.open_upload = "00000000-0000-4000-8000-%012d" % (len(self.upload_ids) + 1)
            self.upload_ids.append(self.open_upload)
            self.received, self.part_ends, self.accepted_parts = bytearray(), [], 0
            return 200, {"uploadId": self.open_upload, "partSize": self.part_size}
        # Before any InitiateLayerUpload every upload ID is taken, for lone upload-layer-part lines.
        if operation in ("UploadLayerPart", "CompleteLayerUpload") and self.upload_ids and \
                body.get("uploadId") != self.open_upload:
            return 400, {"__type": "UploadNotFoundException", "message": "no such upload"}
        if operation == "UploadLayerPart":
            self.part_requests += 1
            if self.part_requests in self.drop:
                return None
            if self.accepted_parts == self.lose_upload_after_part and \
                    len(self.upload_ids) <= self.uploads_lost:
                self.open_upload = None
                return 400, {"__type": "UploadNotFoundException", "message": "no such upload"}
            if self.forget_after_part is not None and self.accepted_parts == self.forget_after_part:
                self.forget_after_part = None
                self.part_ends.pop()
                del self.received[(self.part_ends[-1] if self.part_ends else 0):]
                return self.refuse()
            import base64
            blob = base64.b64decode(body["layerPartBlob"])
            if body["partFirstByte"] != len(self.received) or \
                    body["partLastByte"] - body["partFirstByte"] + 1 != len(blob):
                return self.refuse()
            self.received += blob
            self.part_ends.append(len(self.received))
            self.accepted_parts += 1
            return 200, {"registryId": "123456789012", "repositoryName": "layer-test",
                         "uploadId": body["uploadId"], "lastByteReceived": len(self.received) - 1}
        if operation == "CompleteLayerUpload":
            digest = "sha256:" + hashlib.sha256(bytes(self.received)).hexdigest()
            if body["layerDigests"] != [digest]:
                return 400, {"__type": "InvalidLayerException", "message": "digest mismatch"}
            self.open_upload = None
            self.layers[digest] = len(self.received)
            if self.drop_complete_answer:
                self.drop_complete_answer = False
                return None
            return 200, {"registryId": "123456789012", "repositoryName": "layer-test",
                         "uploadId": body["uploadId"], "layerDigest": digest}
        if operation == "BatchCheckLayerAvailability":
            digest = body["layerDigests"][0]
            if digest not in self.layers:
                return 200, {"layers": [], "failures": [{"layerDigest": digest,
                                                         "failureCode": "MissingLayerDigest"}]}
            return 200, {"layers": [{"layerDigest": digest, "layerAvailability": "AVAILABLE",
                                     "layerSize": self.layers[digest]}], "failures": []}
        return 500, {"__type": "ServerException", "message": "the fake answers no " + operation}
