#!/usr/bin/env python3
"""Serve a repository folder over HTTP, or HTTPS given a certificate,
on 127.0.0.1 only, at a port the kernel picks.

  serve-repo.py DIR PORTFILE [CERT KEY]

PORTFILE gets the port once the server listens (written whole, by
rename), so a test waits for the file rather than for a time. A QEMU
guest on user networking reaches it at 10.0.2.2:PORT.
"""
import functools
import http.server
import os
import ssl
import sys


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, fmt, *args):
        sys.stderr.write("%s\n" % (fmt % args))


def main():
    if len(sys.argv) not in (3, 5):
        sys.exit(__doc__)
    root, portfile = sys.argv[1], sys.argv[2]
    handler = functools.partial(Quiet, directory=root)
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    if len(sys.argv) == 5:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(sys.argv[3], sys.argv[4])
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    with open(portfile + ".tmp", "w") as f:
        f.write(str(srv.server_address[1]))
    os.rename(portfile + ".tmp", portfile)
    srv.serve_forever()


if __name__ == "__main__":
    main()
