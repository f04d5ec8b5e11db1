#!/usr/bin/env python3
"""The installer's configuration reader (config_read in setup.sh)
against random files, checked against a model of what it must do.

Each file is a few lines drawn from real keys, bad keys, comments,
blank lines and values built to hurt a shell reader (command
substitutions, globs, quotes, separators, very long or huge numbers).
The reader must accept exactly the files the model accepts, with the
same settings, and refuse the others naming the first bad line; no
value may ever run as a command. Seeded, so a failure reproduces: the
failing file is printed.
"""
import os
import random
import re
import subprocess
import sys
import tempfile

RUNS = 600
HERE = os.path.dirname(os.path.abspath(__file__))
SETUP = os.path.join(HERE, "..", "setup.sh")
KEYS = ["hostname", "user", "user-password-hash", "root-password-hash",
        "disk", "repo", "esp-size-mib"]
HURT = ["$(touch {p})", "`touch {p}`", ";touch {p}", "*", "/*", "'", '"',
        "\\", "$HOME", "${x:=1}", "a|touch {p}", "&", "!", "$6$s$h",
        "$6$salt$ABC./xyz", "-", "a-", "-a", "0064", "64", "4096", "4097",
        "63", "99999999999999999999", "root", "nobody", "alice", "_x",
        "Alice", "a" * 63, "a" * 64, "u" * 32, "u" * 33, "host.name",
        "ws1", "/dev/vda", "https://repo.example/x", "\r", "é"]


def valid_hostname(v):
    return (re.fullmatch(r"[A-Za-z0-9-]{1,63}", v) is not None and
            not v.startswith("-") and not v.endswith("-"))


def valid_user(v):
    return (re.fullmatch(r"[a-z_][a-z0-9_-]{0,31}", v) is not None and
            v not in ("root", "nobody"))


def valid_hash(v):
    return v == "!" or re.fullmatch(r"\$[A-Za-z0-9./$]*", v) is not None


def model(lines):
    """(True, settings) or (False, bad line number or 0 for the file)."""
    cfg = {"hostname": "nexus", "user": "", "user-password-hash": "",
           "root-password-hash": "", "disk": "", "repo": "",
           "esp-size-mib": "128"}
    checks = {"hostname": valid_hostname, "user": valid_user,
              "user-password-hash": valid_hash,
              "root-password-hash": valid_hash,
              "disk": lambda v: True, "repo": lambda v: True,
              "esp-size-mib": lambda v: re.fullmatch(r"[0-9]+", v) is not None
              and 64 <= int(v) <= 4096}
    for n, line in enumerate(lines, 1):
        words = [w for w in re.split(r"[ \t]+", line.split("#")[0]) if w]
        if not words:
            continue
        if len(words) != 2 or words[0] not in checks or \
                not checks[words[0]](words[1]):
            return False, n
        cfg[words[0]] = words[1]
    if cfg["user-password-hash"] and not cfg["user"]:
        return False, 0
    return True, cfg


def random_file(rng, canary):
    lines = []
    for _ in range(rng.randint(0, 6)):
        kind = rng.random()
        value = rng.choice(HURT).replace("{p}", canary)
        if kind < 0.6:
            key = rng.choice(KEYS)
        elif kind < 0.7:
            key = rng.choice(["hostnam", "HOSTNAME", "user:", "#user"])
        else:
            key = ""
        sep = rng.choice([" ", "\t", "  ", " \t "])
        extra = rng.choice(["", "", " # note", " extra", "#x y z"])
        lines.append((key + sep + value + extra) if key else
                     rng.choice(["", "# comment", "   ", value]))
    return lines


def main():
    rng = random.Random(int(os.environ.get("FUZZ_SEED", "20261207")))
    failures = ran = 0
    with tempfile.TemporaryDirectory() as tmp:
        conf, canary = os.path.join(tmp, "c.conf"), os.path.join(tmp, "ran")
        script = ('. "$1"; die() { echo "test: $*" >&2; exit 1; }; '
                  'config_read "$2"; printf "%s\\n" "$cfg_hostname" '
                  '"$cfg_user" "$cfg_user_hash" "$cfg_root_hash" '
                  '"$cfg_disk" "$cfg_repo" "$cfg_esp_mib"')
        for i in range(RUNS):
            lines = random_file(rng, canary)
            with open(conf, "w", encoding="utf-8") as f:
                f.write("\n".join(lines) + ("\n" if lines else ""))
            r = subprocess.run(["sh", "-c", script, "sh", SETUP, conf],
                               capture_output=True,
                               env={"PATH": os.environ["PATH"],
                                    "LC_ALL": "C.UTF-8"}, cwd=tmp)
            out, err = r.stdout.decode(), r.stderr.decode()
            want_ok, want = model(lines)
            if want_ok:
                got = out.split("\n")[:7]
                good = r.returncode == 0 and got == [
                    want[k] for k in ("hostname", "user",
                                      "user-password-hash",
                                      "root-password-hash", "disk", "repo",
                                      "esp-size-mib")]
            else:
                where = "%s:%d: " % (conf, want) if want else conf + ": "
                good = r.returncode == 1 and "test: " + where in err
            if os.path.exists(canary):
                ran += 1
                os.unlink(canary)
            if not good:
                failures += 1
                if failures <= 3:
                    print("# file %d, want %s %s; exit %d, stderr %r, "
                          "stdout %r" % (i, want_ok, want, r.returncode,
                                         err, out))
                    for line in lines:
                        print("#   | %r" % line)
    print("%s 1 - %d random configurations read as the model says%s"
          % ("not ok" if failures else "ok", RUNS,
             " (%d differ)" % failures if failures else ""))
    print("%s 2 - no value ever ran as a command%s"
          % ("not ok" if ran else "ok",
             " (%d did)" % ran if ran else ""))
    print("1..2")
    return 1 if failures or ran else 0


if __name__ == "__main__":
    sys.exit(main())
