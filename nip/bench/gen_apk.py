#!/usr/bin/env python3
"""Make apk-tools packages of the benchmark's payloads, once per apk.

usage: gen_apk.py APK DATA

DATA comes from gen.py; its pacman packages hold the payloads. Writes
DATA/apk-VERSION/: repo/ (one v3 package per payload at zstd level 9,
nip's level, and Packages.adb, the index, signed with a fresh RSA key)
and keys/ (the public key). Prints that folder.
"""
import os, shutil, subprocess, sys, tempfile

APK, DATA = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
version = subprocess.run([APK, "--version"], check=True, capture_output=True,
                         text=True).stdout.split()[1].rstrip(",")
out = os.path.join(DATA, "apk-" + version)
if os.path.exists(os.path.join(out, "repo", "Packages.adb")):
    print(out)
    sys.exit(0)
tmp = out + ".tmp"
shutil.rmtree(tmp, ignore_errors=True)
os.makedirs(tmp + "/repo")
os.makedirs(tmp + "/keys")
env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000", LC_ALL="C")
key = tmp + "/bench.rsa"
subprocess.run(["openssl", "genrsa", "-out", key, "2048"], check=True,
               capture_output=True)
subprocess.run(["openssl", "rsa", "-in", key, "-pubout", "-out",
                tmp + "/keys/bench.rsa.pub"], check=True, capture_output=True)
pkgs = sorted(os.listdir(DATA + "/pacman")) + ["../pacman-tiny.pkg.tar.zst"]
for pkg in pkgs:
    name = "benchtiny" if "tiny" in pkg else pkg.split("-")[0]
    stage = tempfile.mkdtemp(prefix="stage.", dir=tmp)
    subprocess.run(["bsdtar", "-xf", os.path.join(DATA, "pacman", pkg),
                    "-C", stage, "--exclude", ".PKGINFO"], check=True)
    subprocess.run([APK, "--compression", "zstd:9", "--sign-key", key,
                    "mkpkg", "-I", "name:" + name, "-I", "version:1.0-r1",
                    "-I", "arch:noarch", "-I", "license:MIT",
                    "-I", "description:benchmark package", "-F", stage,
                    "-o", "%s/repo/%s-1.0-r1.apk" % (tmp, name)],
                   check=True, env=env)
    shutil.rmtree(stage)
apks = sorted(os.path.join(tmp, "repo", f)
              for f in os.listdir(tmp + "/repo"))
subprocess.run([APK, "--keys-dir", tmp + "/keys", "--sign-key", key,
                "mkndx", "-o", tmp + "/repo/Packages.adb"] + apks,
               check=True, env=env, capture_output=True)
os.unlink(key)
os.rename(tmp, out)
print(out)
