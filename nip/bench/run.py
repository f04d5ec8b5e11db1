#!/usr/bin/env python3
"""Benchmark nip against pacman, apk-tools and a single-stream floor,
interleaved.

usage: run.py NIP DATA [--runs N] [--disk DIR] [--tmpfs DIR] [--apk APK]

DATA comes from gen.py. Each run does, in turn: nip, pacman, apk-tools
(when --apk names its binary; gen_apk.py makes its packages), floor;
each installs every package into an empty root and removes them again
(the floor only unpacks). On the real disk a removal is followed by 65 s of
rest before the next timed install (ext4's inode allocator penalises
creating many files right after deleting many). Figures are medians:
wall seconds, CPU seconds (user+system, children included) and peak RSS.
"""
import argparse, atexit, os, shutil, statistics, subprocess, sys, tempfile, time

ap = argparse.ArgumentParser()
ap.add_argument("nip")
ap.add_argument("data")
ap.add_argument("--runs", type=int, default=3)
ap.add_argument("--tmpfs", default="/dev/shm")
ap.add_argument("--disk", default=None)
ap.add_argument("--apk", default=None, help="apk-tools' binary, a peer")
ap.add_argument("--settle", type=float, default=65.0)
ap.add_argument("--only-small", action="store_true",
                help="only the small change against a populated root")
ap.add_argument("--only-tmpfs", action="store_true",
                help="only the mass install and removal on tmpfs")
args = ap.parse_args()
NIP = os.path.abspath(args.nip)
DATA = os.path.abspath(args.data)
NAMES = sorted(f[:-len("-1.0-1.npk")] for f in os.listdir(DATA + "/npk")
               if f.startswith("bench") and f != "benchtiny-1.0-1.npk"
               and f.endswith(".npk"))
PKGS = sorted(DATA + "/pacman/" + f for f in os.listdir(DATA + "/pacman"))
PACCONF = DATA + "/pacman.conf"
APK = os.path.abspath(args.apk) if args.apk else None
if APK:
    APKDATA = subprocess.run(
        [sys.executable, os.path.join(os.path.dirname(__file__), "gen_apk.py"),
         APK, DATA], check=True, capture_output=True,
        text=True).stdout.strip()
with open(PACCONF, "w") as f:
    f.write("[options]\nArchitecture = auto\nSigLevel = Never\n"
            "LocalFileSigLevel = Never\n")


ROOTS = []   # every root made, removed at exit even when a command fails
SERVERS = []  # repository servers, stopped at exit
TESTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../tests")


def serve(pki=None):
    """DATA over HTTP, or HTTPS with PKI's good certificate, on 127.0.0.1
    (tests/serve-repo.py); returns its base URL."""
    portfile = os.path.join(tempfile.mkdtemp(prefix="serve."), "port")
    ROOTS.append(os.path.dirname(portfile))
    cert = [pki + "/good.pem", pki + "/good.key"] if pki else []
    proc = subprocess.Popen([sys.executable, TESTS + "/serve-repo.py", DATA,
                             portfile] + cert, stderr=subprocess.DEVNULL)
    SERVERS.append(proc)
    while not os.path.exists(portfile):
        if proc.poll() is not None:
            sys.exit("the repository server did not start")
        time.sleep(0.05)
    with open(portfile) as f:
        return "%s://127.0.0.1:%s" % ("https" if pki else "http",
                                      f.read().strip())


def measure(cmd, **kw):
    """Run CMD; return (wall s, cpu s, peak MB)."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, **kw)
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("benchmark command failed: %s\n%s" % (cmd[:4], err[-2000:]))
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024.0


def nip(root, *a, repo=None):
    return [NIP, "-q", "--root", root, "--repo",
            (repo or DATA) + "/npk"] + list(a)


def pacman(root, op, *a):
    """pacman on ROOT; the transaction options only where pacman takes them."""
    quiet = ["--noconfirm", "--noprogressbar"] if op in ("-U", "-R") else []
    return ["pacman", op] + quiet + [
        "--config", PACCONF, "--root", root, "--dbpath",
        root + "/var/lib/pacman", "--cachedir", root + "/var/cache/pacman",
        "--logfile", "/dev/null"] + list(a)


def apk(root, op, *a):
    """apk-tools on ROOT, its own signed repository, no cache; as with
    --root it does not sync (see apk(8) --sync), as nip on tmpfs."""
    return [APK, "-q", "--root", root, "--repository",
            APKDATA + "/repo/Packages.adb", "--no-cache", "--logfile=no",
            op] + list(a)


def fresh_root(base, tool):
    root = tempfile.mkdtemp(prefix=tool + ".", dir=base)
    ROOTS.append(root)
    if tool == "nip":
        os.makedirs(root + "/etc/nip/keys")
        shutil.copy(DATA + "/k.pub", root + "/etc/nip/keys/")
    if tool == "apk":
        os.makedirs(root + "/etc/apk/keys")
        shutil.copy(APKDATA + "/keys/bench.rsa.pub", root + "/etc/apk/keys/")
    if tool == "pacman":
        os.makedirs(root + "/var/lib/pacman")
        os.makedirs(root + "/var/cache/pacman")
    return root


class Settle:
    """Wait until the disk has rested since the last mass removal."""
    def __init__(self, seconds):
        self.seconds, self.last = seconds, None

    def wait(self):
        if self.last is not None:
            left = self.seconds - (time.monotonic() - self.last)
            if left > 0:
                time.sleep(left)

    def removed(self):
        self.last = time.monotonic()


def one_place(base, results, settle):
    for run in range(args.runs):
        for tool in ("nip", "pacman") + (("apk",) if APK else ()) + (
                "floor",):
            root = fresh_root(base, tool)
            settle.wait()
            if tool == "nip":
                results.setdefault("nip install", []).append(
                    measure(nip(root, "install", *NAMES)))
                results.setdefault("nip remove", []).append(
                    measure(nip(root, "remove", *NAMES)))
            elif tool == "pacman":
                w, c, m = measure(pacman(root, "-U", *PKGS))
                results.setdefault("pacman install", []).append((w, c, m))
                sw, sc, _ = measure(["sync"])
                results.setdefault("pacman install + sync", []).append(
                    (w + sw, c + sc, m))
                results.setdefault("pacman remove", []).append(
                    measure(pacman(root, "-R", *NAMES)))
            elif tool == "apk":
                results.setdefault("apk add", []).append(
                    measure(apk(root, "add", "--initdb", *NAMES)))
                results.setdefault("apk del", []).append(
                    measure(apk(root, "del", *NAMES)))
            else:
                results.setdefault("floor unpack", []).append(measure(
                    ["sh", "-c", "zstd -dc %s/all.tar.zst | bsdtar -xf - -C %s"
                     % (DATA, root)]))
            shutil.rmtree(root)
            settle.removed()
            print("  %s run %d/%d done" % (tool, run + 1, args.runs),
                  file=sys.stderr)


def remote(base, results, http, https):
    """The same 1,000 packages fetched from a server on 127.0.0.1."""
    for run in range(args.runs):
        for label, url in (("HTTP", http), ("HTTPS", https)):
            root = fresh_root(base, "nip")
            results.setdefault("nip install, %s" % label, []).append(
                measure(nip(root, "install", *NAMES, repo=url)))
            shutil.rmtree(root)
        root = fresh_root(base, "pacman")
        results.setdefault("pacman -U, HTTP", []).append(measure(pacman(
            root, "-U", *[http + "/pacman/" + os.path.basename(p)
                          for p in PKGS])))
        shutil.rmtree(root)
        print("  remote run %d/%d done" % (run + 1, args.runs),
              file=sys.stderr)


def small_change(base, results):
    """One small package and an owner lookup against a full root."""
    nroot, proot = fresh_root(base, "nip"), fresh_root(base, "pacman")
    measure(nip(nroot, "install", *NAMES))
    measure(pacman(proot, "-U", *PKGS))
    if APK:
        aroot = fresh_root(base, "apk")
        measure(apk(aroot, "add", "--initdb", *NAMES))
    target = "/usr/lib/%s/f001" % NAMES[len(NAMES) // 2]
    for _ in range(11):
        results.setdefault("nip install one", []).append(
            measure(nip(nroot, "install", "benchtiny")))
        results.setdefault("nip remove one", []).append(
            measure(nip(nroot, "remove", "benchtiny")))
        results.setdefault("pacman install one", []).append(
            measure(pacman(proot, "-U", DATA + "/pacman-tiny.pkg.tar.zst")))
        results.setdefault("pacman remove one", []).append(
            measure(pacman(proot, "-R", "benchtiny")))
        if APK:
            results.setdefault("apk add one", []).append(
                measure(apk(aroot, "add", "benchtiny")))
            results.setdefault("apk del one", []).append(
                measure(apk(aroot, "del", "benchtiny")))
    for _ in range(15):
        results.setdefault("nip owner", []).append(
            measure([NIP, "--root", nroot, "owner", target]))
        results.setdefault("pacman -Qo", []).append(
            measure(pacman(proot, "-Qo", proot + target)))
        if APK:
            results.setdefault("apk info --who-owns", []).append(
                measure(apk(aroot, "info", "--who-owns", target)))
    shutil.rmtree(nroot)
    shutil.rmtree(proot)
    if APK:
        shutil.rmtree(aroot)


def med(rows, i):
    return statistics.median(r[i] for r in rows)


def table(title, results):
    print("\n%s (median of %d)" % (title, len(next(iter(results.values())))))
    print("| operation | wall s | CPU s | peak MB |")
    print("|---|---:|---:|---:|")
    for name, rows in results.items():
        print("| %s | %.3f | %.3f | %.0f |" % (name, med(rows, 0), med(rows, 1),
                                              med(rows, 2)))


def ratio(results, a, b):
    return med(results[a], 0) / med(results[b], 0)


atexit.register(lambda: [shutil.rmtree(r, ignore_errors=True) for r in ROOTS])
atexit.register(lambda: [p.terminate() for p in SERVERS])
with open(DATA + "/summary") as f:
    print("nip benchmark: " + f.read().strip())
# Which nip: the shipped one is static (musl), a host build is not.
with open(NIP, "rb") as f:
    print("nip measured: %s (%s)" % (NIP, "dynamic" if b"ld-linux" in f.read()
                                     else "static"))
places = [("tmpfs", args.tmpfs, Settle(0))]
if args.disk and not args.only_tmpfs:
    os.makedirs(args.disk, exist_ok=True)
    places.append(("disk", args.disk, Settle(args.settle)))
for label, base, settle in ([] if args.only_small else places):
    print("measuring on %s (%s)..." % (label, base), file=sys.stderr)
    results = {}
    one_place(base, results, settle)
    if label == "tmpfs":
        results_tmpfs = results
    table("%s: 1,000 packages into an empty root" % label, results)
    print("\nratios (wall): nip/pacman install %.2f, nip/(pacman+sync) %.2f, "
          "nip/floor %.2f, nip/pacman remove %.2f" % (
              ratio(results, "nip install", "pacman install"),
              ratio(results, "nip install", "pacman install + sync"),
              ratio(results, "nip install", "floor unpack"),
              ratio(results, "nip remove", "pacman remove")))
    if APK:
        print("ratios (wall): nip/apk install %.2f, nip/apk remove %.2f; "
              "peak memory nip %.0f MB, apk %.0f MB" % (
                  ratio(results, "nip install", "apk add"),
                  ratio(results, "nip remove", "apk del"),
                  med(results["nip install"], 2),
                  med(results["apk add"], 2)))
if args.only_tmpfs:
    sys.exit(0)
if not args.only_small:
    # The CA of a PKI made for this run is nip's only trust anchor;
    # pacman's libcurl reads only the system's CAs, so it fetches over
    # HTTP alone.
    pki = tempfile.mkdtemp(prefix="pki.")
    ROOTS.append(pki)
    subprocess.run(["sh", TESTS + "/make-certs.sh", pki], check=True)
    os.environ["SSL_CERT_FILE"] = pki + "/ca.pem"
    print("measuring from servers on 127.0.0.1 (tmpfs)...", file=sys.stderr)
    net = {}
    remote(args.tmpfs, net, serve(), serve(pki))
    net["nip install, local"] = results_tmpfs["nip install"]
    table("tmpfs: 1,000 packages from a server on 127.0.0.1", net)
    print("\nratios (wall): nip HTTPS/local %.2f, nip HTTPS/HTTP %.2f, "
          "nip HTTP/pacman HTTP %.2f" % (
              ratio(net, "nip install, HTTPS", "nip install, local"),
              ratio(net, "nip install, HTTPS", "nip install, HTTP"),
              ratio(net, "nip install, HTTP", "pacman -U, HTTP")))
small = {}
small_change(args.tmpfs, small)
table("tmpfs: one small package against the populated root", small)
print("\nratios (wall): install one %.2f, remove one %.2f, owner %.2f" % (
    ratio(small, "nip install one", "pacman install one"),
    ratio(small, "nip remove one", "pacman remove one"),
    ratio(small, "nip owner", "pacman -Qo")))
if APK:
    print("ratios (wall): nip/apk install one %.2f, remove one %.2f, "
          "owner %.2f" % (ratio(small, "nip install one", "apk add one"),
                          ratio(small, "nip remove one", "apk del one"),
                          ratio(small, "nip owner", "apk info --who-owns")))
