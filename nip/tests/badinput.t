#!/usr/bin/env bash
# Bad input: each case is refused with a message naming the package and
# the reason, and the whole root is byte-for-byte as it was.
. "$(dirname "$0")/lib.sh"

setup_repo
mkdir -p s/usr/bin s/etc && echo base >s/usr/bin/base && echo conf >s/etc/base.conf
pkg base 1.0 s
mkdir keep && cp repo/base-* keep/
"$NIP" -q index -k k.key repo
nipr -q install base || exit 1
serial=100

fresh_repo() {	# the good package only, ready for one bad one
	rm -f repo/*
	cp keep/* repo/
}

# refused DESC EXIT-CODE PATTERN [nip args...]: hash, run, hash again
refused() {
	local desc=$1 code=$2 pattern=$3
	shift 3
	local before
	before=$(root_state root)
	run_fails "$desc" "$code" "$pattern" nipr "$@"
	is "$(root_state root)" "$before" "  ...and the root is exactly as it was"
}

f() { printf '{"path":"%s","type":"f","data":"%s"%s}' "$1" "$2" "${3:+,$3}"; }
d() { printf '{"path":"%s","type":"d"%s}' "$1" "${2:+,$2}"; }

# A tampered package: one byte changed after it was indexed.
fresh_repo
mkdir -p t/usr/bin && echo tampered >t/usr/bin/t
pkg victim 1.0 t
"$NIP" -q index -k k.key repo
printf 'Z' | dd of=repo/victim-1.0-1.npk bs=1 seek=100 conv=notrunc 2>/dev/null
refused "a tampered package is refused" 3 "victim-1.0-1.npk: " install victim

# A truncated archive, listed in a signed index as it is (half its size).
fresh_repo
mkdir -p big/usr/share && head -c 300000 /dev/urandom >big/usr/share/blob
pkg cut 1.0 big
size=$(stat -c %s repo/cut-1.0-1.npk)
truncate -s $((size / 2)) repo/cut-1.0-1.npk
python3 - <<'PY'
# nip index would refuse it, so the record is made by hand.
import hashlib, subprocess
data = open("repo/cut-1.0-1.npk", "rb").read()
man = subprocess.run(["bsdtar", "-xOf", "repo/cut-1.0-1.npk", ".MANIFEST"],
                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
block = ["package cut-1.0-1.npk"] + man.decode().splitlines()[1:6] + [
    "identity " + hashlib.blake2b(man, digest_size=32).hexdigest(),
    "file-hash " + hashlib.blake2b(data, digest_size=32).hexdigest(),
    "file-size %d" % len(data), "installed-size 0"]
open("repo/cut.block", "w").write("\n".join(block) + "\n")
PY
serial=$((serial + 1)); raw_index $serial
refused "a truncated archive is refused" 3 "cut-1.0-1.npk: /usr/share/blob: Truncated" \
	install cut

# Index-level attacks.
fresh_repo; "$NIP" -q index -k k.key repo
rm repo/NIPINDEX.minisig
refused "an unsigned index is refused" 3 "index is not signed" install base
"$NIP" -q key generate stranger
"$NIP" -q index -k stranger.key -p k.pub repo
refused "an index signed by an unknown key is refused" 3 "unknown key" upgrade
"$NIP" -q index -k k.key repo
sed -i 's/^summary .*/summary evil/' repo/NIPINDEX
refused "a forged index is refused (bad signature)" 3 "BAD signature" upgrade
"$NIP" -q index -k k.key --expires-days 0 repo
refused "an expired index is refused" 3 "index expired" upgrade
"$NIP" -q index -k k.key --serial 1000 repo
cp repo/NIPINDEX old && cp repo/NIPINDEX.minisig old.minisig
"$NIP" -q index -k k.key --serial 1001 repo
nipr -q upgrade
cp old repo/NIPINDEX && cp old.minisig repo/NIPINDEX.minisig
refused "a replayed index with a lower serial is refused" 3 \
	"serial 1000 is older than serial 1001" upgrade
serial=2000

# Archive entries that do not match a good manifest.
bad_archive() {	# NAME DESC PATTERN ARCHIVE-ENTRIES
	fresh_repo
	craft "{\"name\":\"$1\",\"version\":\"1.0\",\"manifest\":[$(d usr),$(f usr/x hello)],\"archive\":[$(d usr),$4]}"
	serial=$((serial + 1)); raw_index $serial
	refused "$2" 3 "$1-1.0-1.npk: archive entry $3" install "$1"
}
bad_archive dotdot "an entry with .. is refused" "/\.\./x is not the next entry" \
	'{"path":"../x","type":"f","data":"hello"}'
bad_archive absolute "an absolute entry is refused" "//etc/x is not the next entry" \
	'{"path":"/etc/x","type":"f","data":"hello"}'
bad_archive hardlink "a hard link is refused" "/usr/x is a hard link" \
	'{"path":"usr/x","type":"h","target":"/etc/passwd"}'
bad_archive device "a device node is refused" "/usr/x is a device node" \
	'{"path":"usr/x","type":"c"}'
bad_archive fifo "a fifo is refused" "/usr/x is a device node or other special file" \
	'{"path":"usr/x","type":"p"}'
bad_archive setuid "a setuid file the manifest does not declare is refused" \
	"/usr/x has a mode \(setuid" '{"path":"usr/x","type":"f","data":"hello","mode":"4755"}'
bad_archive swapped "content that differs from the manifest is refused" \
	"|/usr/x does not match its hash" '{"path":"usr/x","type":"f","data":"HELLO"}'
bad_archive extra "an entry the manifest does not list is refused" \
	"|entry usr/y is not in the manifest" \
	"$(f usr/x hello),$(f usr/y extra)"
bad_archive linkout "a symlink where the manifest has a file is refused" \
	"/usr/x has a different type" '{"path":"usr/x","type":"l","target":"../../../etc/passwd"}'

# Manifests that no honest nip pack makes, pushed past nip index.
bad_manifest() {	# NAME DESC PATTERN MANIFEST-ENTRIES
	fresh_repo
	craft "{\"name\":\"$1\",\"version\":\"1.0\",\"manifest\":[$4]}"
	serial=$((serial + 1)); raw_index $serial
	refused "$2" 3 "$1-1.0-1.npk: manifest line [0-9]+: $3" install "$1"
	run_fails "  ...and nip index refuses to list it" 3 "manifest line" \
		"$NIP" index -k k.key repo
}
bad_manifest mdotdot "a manifest path with .. is refused" "'\.\.' path component" \
	"$(d usr),$(f usr/../../x a)"
bad_manifest mabs "an absolute manifest path is refused" "absolute path" \
	"$(f /etc/passwd a)"
bad_manifest mlink "a symlink pointing outside the root is refused" \
	"symlink points outside the root" \
	"$(d usr),{\"path\":\"usr/l\",\"type\":\"l\",\"target\":\"../../etc\"}"
bad_manifest mdev "a device node in a manifest is refused" "unknown file type" \
	"{\"path\":\"null\",\"type\":\"c\"}"

# A directory symlink planted by an earlier package, then used to escape.
mkdir -p outside
fresh_repo
craft "{\"name\":\"planter\",\"version\":\"1.0\",\"manifest\":[$(d usr),{\"path\":\"usr/lib\",\"type\":\"l\",\"target\":\"/$T/outside\"}]}"
craft "{\"name\":\"escaper\",\"version\":\"1.0\",\"manifest\":[$(d usr),$(d usr/lib),$(f usr/lib/evil owned)]}"
serial=$((serial + 1)); raw_index $serial
run_ok "a package with an absolute directory symlink installs" nipr install planter
refused "a later package cannot write through it" 4 \
	"escaper: /usr/lib is a symlink owned by planter; refusing to install through it" \
	install escaper
is "$(ls outside)" "" "nothing was written outside the root"
nipr -q remove planter

# Symlinks that are each inside the root as text, but climb out together:
# ".." after a link climbs from where the link points.
l() { printf '{"path":"%s","type":"l","target":"%s"}' "$1" "$2"; }
fresh_repo
craft "{\"name\":\"chain\",\"version\":\"1.0\",\"manifest\":[$(d usr),$(l usr/a ..),$(l usr/b a/../..)]}"
craft "{\"name\":\"up\",\"version\":\"1.0\",\"manifest\":[$(d usr),$(l usr/a ..)]}"
craft "{\"name\":\"down\",\"version\":\"1.0\",\"manifest\":[$(d usr),$(l usr/b a/../..)]}"
craft "{\"name\":\"loop\",\"version\":\"1.0\",\"manifest\":[$(d usr),$(l usr/x y/z),$(l usr/y x/z)]}"
craft "{\"name\":\"fine\",\"version\":\"1.0\",\"manifest\":[$(d usr),$(d usr/bin),$(l usr/bin/x ../lib64/../lib/libx),$(d usr/lib),$(l usr/lib64 lib),$(l usr/up ../usr/lib64/..)]}"
serial=$((serial + 1)); raw_index $serial
refused "two links of one package that climb out together are refused" 3 \
	"chain: symlink /usr/b -> a/../.. leads outside the root through the symlink /usr/a" \
	install chain
run_fails "  ...and nip index refuses to list it" 3 \
	"chain-1.0-1.npk: symlink /usr/b -> a/../.. leads outside" "$NIP" index -k k.key repo
run_ok "one link to .. alone installs" nipr install up
refused "a later link that climbs out through it is refused" 3 \
	"down: symlink /usr/b -> a/../.. leads outside the root through the symlink /usr/a" \
	install down
nipr -q remove up
refused "so is the later link installed first, before the link it would use" 3 \
	"down: symlink /usr/b -> a/../.. uses '..' after /usr/a, which is not a directory" \
	install down
craft "{\"name\":\"adir\",\"version\":\"1.0\",\"manifest\":[$(d usr),$(d usr/a)]}"
serial=$((serial + 1)); raw_index $serial
nipr -q install adir && nipr -q install down && nipr -q remove adir
refused "a link that would redirect an installed one out of the root is refused" 3 \
	"up: symlink /usr/a would redirect an installed link: down: symlink /usr/b -> a/../.. leads outside the root through the symlink /usr/a" \
	install up
nipr -q remove down
refused "a loop of links is refused" 3 "loop: symlink /usr/x -> y/z goes round a loop" \
	install loop
run_ok "links that stay inside through other links install" nipr install fine
run_ok "  ...and nip check is clean" nipr check
nipr -q remove fine

# nip's own state is reserved: no package may ship anything beneath it.
for spec in "var/lib/nip/world:f" "var/lib/nip/installed:f" "var/lib/nip/journal:f" \
	"var/lib/nip/manifests/base:f" "var/cache/nip/x.npk:f" "var/lib/nip/history:d"; do
	path=${spec%:*} type=${spec#*:}
	fresh_repo
	parent=${path%/*}
	entries=$(for p in var var/lib var/cache var/lib/nip var/cache/nip \
		"$parent" "$path"; do echo "$p"; done | LC_ALL=C sort -u |
		while read -r p; do
			if [ "$p" = "$path" ] && [ "$type" = f ]; then f "$p" evil; else d "$p"; fi
			echo ,
		done | tr -d '\n')
	entries=${entries%,}
	craft "{\"name\":\"squat\",\"version\":\"1.0\",\"manifest\":[$entries]}"
	serial=$((serial + 1)); raw_index $serial
	refused "a package shipping /$path is refused, naming it" 3 \
		"squat-1.0-1.npk: /($path|$parent): /var/(lib|cache)/nip is reserved for nip.s own state" \
		install squat
	grep -q "internal error" err
	ok $((! $?)) "  ...with no internal error"
	run_ok "  ...and nip check still passes" nipr check
	run_fails "  ...and nip index refuses to list it" 3 "/($path|$parent): /var/(lib|cache)/nip is reserved" \
		"$NIP" index -k k.key repo
done

# The reserved directories themselves, even as plain directories.
for dir in var/lib/nip var/cache/nip; do
	fresh_repo
	craft "{\"name\":\"sq\",\"version\":\"1.0\",\"manifest\":[$(d var),$(d ${dir%/nip}),$(d $dir '"mode":"0777"')]}"
	serial=$((serial + 1)); raw_index $serial
	refused "a package shipping the directory /$dir is refused, naming it" 3 \
		"sq-1.0-1.npk: /$dir: /$dir is reserved for nip.s own state" install sq
	run_ok "  ...and nip check still passes" nipr check
	run_fails "  ...and nip index refuses to list it" 3 "/$dir: /$dir is reserved" \
		"$NIP" index -k k.key repo
done

# Names an upgrade writes beside a kept config file are nip's.
fresh_repo
craft "{\"name\":\"side\",\"version\":\"1.0\",\"manifest\":[$(d etc),$(f etc/base.conf.nip-new mine)]}"
serial=$((serial + 1)); raw_index $serial
refused "a package shipping /etc/base.conf.nip-new is refused, naming it" 3 \
	"side-1.0-1.npk: /etc/base.conf.nip-new: names ending in .nip-new are reserved" install side
run_fails "  ...and nip index refuses to list it" 3 "/etc/base.conf.nip-new: names ending in .nip-new" \
	"$NIP" index -k k.key repo

# A file owned by another installed package; an unsatisfiable dependency.
fresh_repo
craft "{\"name\":\"squatter\",\"version\":\"1.0\",\"manifest\":[$(d usr),$(d usr/bin),$(f usr/bin/base mine)]}"
craft "{\"name\":\"needy\",\"version\":\"1.0\",\"extra\":[\"depends libmissing>=2\"],\"manifest\":[]}"
serial=$((serial + 1)); raw_index $serial
refused "a file owned by another package is refused" 4 \
	"squatter: /usr/bin/base is owned by installed package base" install squatter
refused "an unsatisfiable dependency is refused" 4 \
	"needy requires libmissing>=2, but no package provides it" install needy

# A damaged journal is reported with its place and never acted on.
printf 'nip-journal 1\nstage usr/bin/base\n' >root/var/lib/nip/journal
refused "a damaged journal is reported, not replayed" 1 \
	"$T/root/var/lib/nip/journal: line 2 is damaged" list
rm root/var/lib/nip/journal

# A disk that fills up mid-install: a 1 MiB tmpfs in a private mount
# namespace, and a package of 3 MiB.
fresh_repo
mkdir -p huge/usr/share && head -c 3000000 /dev/urandom >huge/usr/share/huge
pkg huge 1.0 huge
"$NIP" -q index -k k.key repo
mkdir small
cat >full.sh <<SH
set -e
mount -t tmpfs -o size=1m tmpfs "$T/small"
mkdir -p "$T/small/etc/nip/keys" && cp "$T/k.pub" "$T/small/etc/nip/keys/"
"$NIP" -q --root "$T/small" --repo "$T/repo" install base
before=\$(cd "$T/small" && find . -printf '%y %m %s %p\n' | sort; cd "$T/small" && find . -type f -exec sha256sum {} + | sort)
set +e
"$NIP" --root "$T/small" --repo "$T/repo" install huge >/dev/null 2>"$T/full.err"
echo \$? >"$T/full.rc"
after=\$(cd "$T/small" && find . -printf '%y %m %s %p\n' | sort; cd "$T/small" && find . -type f -exec sha256sum {} + | sort)
[ "\$before" = "\$after" ] && echo same >"$T/full.same"
SH
if unshare -m sh full.sh 2>full.setup; then
	is "$(cat full.rc)" 1 "a full disk fails the install"
	grep -q "No space left on device" full.err && grep -q "nothing was changed" full.err
	ok $? "with a message naming the file and the reason"
	[ -f full.same ]
	ok $? "  ...and the root is exactly as it was"
else
	ok 1 "cannot set up a small filesystem: $(cat full.setup)"
fi
done_testing
