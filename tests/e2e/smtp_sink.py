#!/usr/bin/python3
"""tests/e2e/smtp_sink.py — an SMTP server for tests/e2e/delivery.sh.

Accepts every message and writes it, exactly as received, to
DIR/NNNN.eml, with the envelope (MAIL FROM, RCPT TO, whether the
session was encrypted) in DIR/NNNN.env.  With --cert and --key it offers
STARTTLS and refuses mail before it; with --auth USER:PASSWORD it wants
that login (over TLS).  Prints "ready" once listening, runs until killed.
"""
import argparse
import os
import ssl
import sys
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Sink:
    def __init__(self, directory):
        self.dir = directory
        self.n = 0

    async def handle_DATA(self, server, session, envelope):
        self.n += 1
        base = os.path.join(self.dir, "%04d-%d" % (self.n, os.getpid()))
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content)
        with open(base + ".env", "w") as f:
            f.write("from %s\n" % envelope.mail_from)
            for r in envelope.rcpt_tos:
                f.write("to %s\n" % r)
            f.write("tls %s\n" % ("yes" if session.ssl else "no"))
            f.write("auth %s\n" % ("yes" if session.authenticated else "no"))
        os.rename(base + ".eml.tmp", base + ".eml")
        return "250 OK"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--auth")
    a = ap.parse_args()
    kw = {}
    if a.cert:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(a.cert, a.key)
        kw.update(tls_context=ctx, require_starttls=True)
    if a.auth:
        user, password = a.auth.split(":", 1)

        def check(server, session, envelope, mechanism, data):
            ok = (isinstance(data, LoginPassword) and
                  data.login.decode() == user and
                  data.password.decode() == password)
            return AuthResult(success=ok)
        kw.update(authenticator=check, auth_required=True,
                  auth_require_tls=bool(a.cert))
    c = Controller(Sink(a.dir), hostname=a.host, port=a.port,
                   server_hostname="annexa-test-sink", ready_timeout=10,
                   **kw)
    c.start()
    print("ready", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        c.stop()


if __name__ == "__main__":
    sys.exit(main())
