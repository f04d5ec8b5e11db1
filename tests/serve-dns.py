#!/usr/bin/env python3
"""A name server for one test: answers A queries for the names given,
on 127.0.0.1 port 53 (UDP), and NXDOMAIN for every other name.

  serve-dns.py READYFILE NAME=ADDRESS...

QEMU's user network forwards a guest's queries to 10.0.2.3 to the
host's name server from /etc/resolv.conf; a test run in its own network
and mount namespaces points that at 127.0.0.1 and starts this, so what
the guest resolves is what the test decided. READYFILE is written once
the socket is bound. Each query is logged on stderr: "query NAME TYPE".
"""
import os
import socket
import struct
import sys

TYPE_A, CLASS_IN = 1, 1


def question(packet):
    """The first question's name, type and where it ends."""
    labels, at = [], 12
    while True:
        length = packet[at]
        at += 1
        if length == 0:
            break
        if length & 0xC0:
            raise ValueError("compressed name in a question")
        labels.append(packet[at:at + length].decode("ascii").lower())
        at += length
    qtype, qclass = struct.unpack("!HH", packet[at:at + 4])
    return ".".join(labels), qtype, qclass, at + 4


def answer(packet, names):
    ident, flags, qdcount = struct.unpack("!HHH", packet[:6])
    if flags & 0x8000 or qdcount != 1:
        return None
    name, qtype, qclass, end = question(packet)
    sys.stderr.write("query %s %d\n" % (name, qtype))
    sys.stderr.flush()
    records = b""
    rcode = 3  # NXDOMAIN
    if name in names:
        rcode = 0
        if qtype == TYPE_A and qclass == CLASS_IN:
            # The name by pointer to the question, TTL one minute.
            records = struct.pack("!HHHIH", 0xC00C, TYPE_A, CLASS_IN, 60,
                                  4) + socket.inet_aton(names[name])
    reply_flags = 0x8000 | 0x0400 | (flags & 0x0100) | 0x0080 | rcode
    header = struct.pack("!HHHHHH", ident, reply_flags, 1,
                         1 if records else 0, 0, 0)
    return header + packet[12:end] + records


def main():
    ready, pairs = sys.argv[1], sys.argv[2:]
    names = dict(p.lower().split("=", 1) for p in pairs)
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 53))
    with open(ready + ".tmp", "w") as f:
        f.write("53\n")
    os.rename(ready + ".tmp", ready)
    while True:
        packet, peer = sock.recvfrom(4096)
        try:
            reply = answer(packet, names)
        except (ValueError, IndexError, struct.error, UnicodeDecodeError):
            reply = None
        if reply:
            sock.sendto(reply, peer)


if __name__ == "__main__":
    main()
