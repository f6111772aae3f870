#!/usr/bin/python3
"""tests/e2e/webhook_recv.py — a webhook receiver for tests/e2e/delivery.sh.

Serves HTTPS (--cert, --key) on --host:--port and writes each POST to
DIR/NNNN.req as JSON: its path, headers and body (base64-free: the body
is UTF-8 JSON).  It answers the status in DIR/status (200 when there is
none), so that a test can make it fail and recover.  Checking the
signature is the test's job, with the secret annexa showed it.
"""
import argparse
import http.server
import json
import os
import ssl
import sys
import threading


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    a = ap.parse_args()
    lock = threading.Lock()
    count = [0]

    class H(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            n = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(n)
            try:
                with open(os.path.join(a.dir, "status")) as f:
                    status = int(f.read().strip())
            except OSError:
                status = 200
            with lock:
                count[0] += 1
                name = os.path.join(a.dir, "%04d.req" % count[0])
            rec = {"path": self.path, "headers": dict(self.headers.items()),
                   "body": body.decode("utf-8"), "answered": status}
            with open(name + ".tmp", "w") as f:
                json.dump(rec, f)
            os.rename(name + ".tmp", name)
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    srv = http.server.ThreadingHTTPServer((a.host, a.port), H)
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(a.cert, a.key)
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    print("ready", flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
