#!/usr/bin/env python3
"""Serve a repository folder over HTTP, or HTTPS given a certificate,
on 127.0.0.1 only, at a port the kernel picks.

  serve-repo.py [--together N] DIR PORTFILE [CERT KEY]

PORTFILE gets the port once the server listens (written whole, by
rename), so a test waits for the file rather than for a time. A QEMU
guest on user networking reaches it at 10.0.2.2:PORT.

--together N holds the first packages (.npk) asked for until N of them
are in flight at once, then answers them all: a client that fetches
one at a time waits 30 seconds per package and the log says so. The
log's last "in flight" line is the most ever seen at once.
"""
import functools
import http.server
import os
import ssl
import sys
import threading

HOLD_SECONDS = 30


class Together:
    """How many package downloads are in flight; the first N held."""

    def __init__(self, n):
        self.n, self.now, self.most = n, 0, 0
        self.met = n == 0
        self.cond = threading.Condition()

    def enter(self):
        with self.cond:
            self.now += 1
            if self.now > self.most:
                self.most = self.now
                sys.stderr.write("%d in flight\n" % self.most)
            if self.now >= self.n:
                self.met = True
                self.cond.notify_all()
            if not self.cond.wait_for(lambda: self.met, HOLD_SECONDS):
                sys.stderr.write("held %ds: only %d in flight\n"
                                 % (HOLD_SECONDS, self.now))

    def leave(self):
        with self.cond:
            self.now -= 1


class Quiet(http.server.SimpleHTTPRequestHandler):
    together = Together(0)

    def log_message(self, fmt, *args):
        sys.stderr.write("%s\n" % (fmt % args))

    def do_GET(self):
        if not self.path.endswith(".npk"):
            return super().do_GET()
        self.together.enter()
        try:
            return super().do_GET()
        finally:
            self.together.leave()


def main():
    args = sys.argv[1:]
    if args[:1] == ["--together"] and len(args) > 1:
        Quiet.together = Together(int(args[1]))
        args = args[2:]
    if len(args) not in (2, 4):
        sys.exit(__doc__)
    root, portfile = args[0], args[1]
    handler = functools.partial(Quiet, directory=root)
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    if len(args) == 4:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args[2], args[3])
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    with open(portfile + ".tmp", "w") as f:
        f.write(str(srv.server_address[1]))
    os.rename(portfile + ".tmp", portfile)
    srv.serve_forever()


if __name__ == "__main__":
    main()
