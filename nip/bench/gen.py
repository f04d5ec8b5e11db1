#!/usr/bin/env python3
"""Generate the benchmark's package set, the same bytes on every run.

usage: gen.py NIP OUTDIR [PACKAGES FILES_PER_PACKAGE]

OUTDIR/npk/       1,000 .npk files, signed, with a signed index
OUTDIR/pacman/    the same payloads as .pkg.tar.zst (same zstd level)
OUTDIR/all.tar.zst  every payload in one stream: the extraction floor
OUTDIR/k.key, k.pub the repository key
File sizes are log-normal (median ~1.8 KB, mean ~6.6 KB, capped at 8 MB),
contents cut from a seeded pool that compresses like typical binaries.
"""
import os, random, shutil, subprocess, sys

NIP, OUT = sys.argv[1], sys.argv[2]
PACKAGES = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
FILES = int(sys.argv[4]) if len(sys.argv) > 4 else 50
ZSTD_LEVEL = "9"          # nip's NPK_ZSTD_LEVEL; pacman gets the same
SEED = 20261122

rng = random.Random(SEED)
# Half noise, half text: zstd takes it to about 55-60%, like binaries.
words = [bytes(rng.choice(b"abcdefghijklmnopqrstuvwxyz_")
               for _ in range(rng.randint(2, 12))) for _ in range(4000)]
pool = bytearray()
while len(pool) < 24 << 20:
    if rng.random() < 0.5:
        pool += rng.randbytes(4096)
    else:
        pool += b" ".join(rng.choice(words) for _ in range(600))
pool = bytes(pool)

env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000", LC_ALL="C")
stage_root = os.path.join(OUT, "stage")
for d in ("npk", "pacman", "stage"):
    os.makedirs(os.path.join(OUT, d), exist_ok=True)
subprocess.run([NIP, "-q", "key", "generate", os.path.join(OUT, "k")],
               check=True, env=env)
total = 0
for p in range(1, PACKAGES + 1):
    name = "bench%04d" % p
    stage = os.path.join(stage_root, name)
    paths = ["usr/bin/%s" % name]
    for i in range(1, FILES):
        sub = ("usr/lib/%s" % name if i % 3 else
               "usr/share/%s/data%d" % (name, i % 7))
        paths.append("%s/f%03d" % (sub, i))
    for path in paths:
        size = min(int(rng.lognormvariate(7.515, 1.6)), 8 << 20)
        off = rng.randrange(0, len(pool) - size)
        full = os.path.join(stage, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as f:
            f.write(pool[off:off + size])
        os.chmod(full, 0o755 if path.startswith("usr/bin") else 0o644)
        total += size
    meta = os.path.join(OUT, "stage", name + ".npk.yaml")
    with open(meta, "w") as f:
        f.write("name: %s\nversion: \"1.0\"\nrelease: 1\n"
                "summary: benchmark package %d\nlicense: MIT\n" % (name, p))
    subprocess.run([NIP, "-q", "pack", "-k", os.path.join(OUT, "k.key"),
                    "-o", os.path.join(OUT, "npk"), meta, stage],
                   check=True, env=env)
    size = sum(os.path.getsize(os.path.join(dp, fn))
               for dp, _, fns in os.walk(stage) for fn in fns)
    with open(os.path.join(stage, ".PKGINFO"), "w") as f:
        f.write("pkgname = %s\npkgbase = %s\npkgver = 1.0-1\n"
                "pkgdesc = benchmark package %d\nbuilddate = 1700000000\n"
                "packager = bench\nsize = %d\narch = any\nlicense = MIT\n"
                % (name, name, p, size))
    subprocess.run("bsdtar --zstd --options zstd:compression-level=%s "
                   "--uid 0 --gid 0 -cf %s/pacman/%s-1.0-1-any.pkg.tar.zst "
                   ".PKGINFO usr" % (ZSTD_LEVEL, OUT, name),
                   shell=True, cwd=stage, check=True, env=env)
    os.unlink(os.path.join(stage, ".PKGINFO"))
    os.unlink(meta)
# One tiny extra package: the cost of a small change to a full root.
tiny = os.path.join(stage_root, "benchtiny")
os.makedirs(os.path.join(tiny, "usr/bin"))
with open(os.path.join(tiny, "usr/bin/benchtiny"), "wb") as f:
    f.write(pool[:2000])
with open(os.path.join(OUT, "tiny.npk.yaml"), "w") as f:
    f.write('name: benchtiny\nversion: "1.0"\nrelease: 1\n'
            'summary: a small package\nlicense: MIT\n')
subprocess.run([NIP, "-q", "pack", "-k", os.path.join(OUT, "k.key"), "-o",
                os.path.join(OUT, "npk"), os.path.join(OUT, "tiny.npk.yaml"),
                tiny], check=True, env=env)
with open(os.path.join(tiny, ".PKGINFO"), "w") as f:
    f.write("pkgname = benchtiny\npkgbase = benchtiny\npkgver = 1.0-1\n"
            "pkgdesc = a small package\nbuilddate = 1700000000\n"
            "packager = bench\nsize = 2000\narch = any\nlicense = MIT\n")
subprocess.run("bsdtar --zstd --options zstd:compression-level=%s "
               "--uid 0 --gid 0 -cf %s/pacman-tiny.pkg.tar.zst .PKGINFO usr"
               % (ZSTD_LEVEL, OUT), shell=True, cwd=tiny, check=True, env=env)
shutil.rmtree(tiny)
os.unlink(os.path.join(OUT, "tiny.npk.yaml"))
subprocess.run([NIP, "-q", "index", "-k", os.path.join(OUT, "k.key"),
                "--expires-days", "3650", os.path.join(OUT, "npk")],
               check=True, env=env)
# The floor: every payload in one tar stream, one process to unpack it.
names = sorted(os.listdir(stage_root))
subprocess.run("bsdtar --zstd --options zstd:compression-level=%s -cf "
               "../all.tar.zst %s" % (ZSTD_LEVEL, " ".join(
                   "-C %s usr -C .." % n for n in names)),
               shell=True, cwd=stage_root, check=True)
shutil.rmtree(stage_root)
with open(os.path.join(OUT, "summary"), "w") as f:
    f.write("%d packages, %d files, %d bytes\n"
            % (PACKAGES, PACKAGES * FILES, total))
