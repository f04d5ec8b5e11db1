#!/usr/bin/env python3
"""Craft .npk files that nip pack would never make, for bad-input tests.

usage: craft-npk.py SPEC.json OUTDIR

SPEC: {"name", "version", "extra": ["depends x", ...],
       "manifest": [entry...], "archive": [entry...] (default: manifest)}
entry: {"path", "type": "f|d|l|h|c|p", "mode": "0644", "data": "...",
        "target": "..."}   (h = hard link, c = char device, p = fifo)

Writes OUTDIR/NAME-VERSION-1.npk and OUTDIR/NAME.block, the package's
record for a hand-made index. Prints nothing.
"""
import hashlib, io, json, os, subprocess, sys, tarfile


def b2(data):
    return hashlib.blake2b(data, digest_size=32).hexdigest()


def enc(path):
    return "".join(c if ord(c) > 0x20 and c not in "%\x7f" else "%%%02x" % ord(c)
                   for c in path)


def manifest_text(spec):
    lines = ["npk-manifest 1", "name " + spec["name"],
             "version " + spec["version"], "release 1",
             "summary crafted", "license MIT"] + spec.get("extra", [])
    size = sum(len(e.get("data", "")) for e in spec["manifest"] if e["type"] == "f")
    lines.append("installed-size %d" % size)
    for e in spec["manifest"]:
        data = e.get("data", "").encode()
        t = e["type"]
        line = "file %s %s 0 0 %d %s %s" % (
            t, e.get("mode", "0755" if t == "d" else "0777" if t == "l" else "0644"),
            len(data) if t == "f" else 0, b2(data) if t == "f" else "-", enc(e["path"]))
        if t == "l":
            line += " " + enc(e["target"])
        lines.append(line)
    return ("\n".join(lines) + "\n").encode()


def add(tar, e):
    info = tarfile.TarInfo(e["path"])
    info.mtime = 0
    t = e["type"]
    info.mode = int(e.get("mode", "0755" if t == "d" else "0644"), 8)
    data = e.get("data", "").encode()
    info.type = {"f": tarfile.REGTYPE, "d": tarfile.DIRTYPE, "l": tarfile.SYMTYPE,
                 "h": tarfile.LNKTYPE, "c": tarfile.CHRTYPE, "p": tarfile.FIFOTYPE}[t]
    if t in "lh":
        info.linkname = e["target"]
    if t == "c":
        info.devmajor, info.devminor = 1, 3
    if t == "f":
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    else:
        tar.addfile(info)


def main():
    spec = json.load(open(sys.argv[1]))
    outdir = sys.argv[2]
    man = manifest_text(spec)
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        info = tarfile.TarInfo(".MANIFEST")
        info.size, info.mtime, info.mode = len(man), 0, 0o644
        tar.addfile(info, io.BytesIO(man))
        for e in spec.get("archive", spec["manifest"]):
            add(tar, e)
    packed = subprocess.run(["zstd", "-q", "-c"], input=raw.getvalue(),
                            stdout=subprocess.PIPE, check=True).stdout
    stem = "%s-%s-1" % (spec["name"], spec["version"])
    with open(os.path.join(outdir, stem + ".npk"), "wb") as f:
        f.write(packed)
    block = ["package %s.npk" % stem] + man.decode().splitlines()[1:6] + \
        spec.get("extra", []) + [
        "identity " + b2(man), "file-hash " + b2(packed),
        "file-size %d" % len(packed), "installed-size 0"]
    with open(os.path.join(outdir, spec["name"] + ".block"), "w") as f:
        f.write("\n".join(block) + "\n")


main()
