#!/usr/bin/env bash
# Signed repository indexes: trust, expiry, replay; local and HTTP.
. "$(dirname "$0")/lib.sh"

setup_repo
mkdir -p s/usr/bin && echo a >s/usr/bin/a
pkg alpha 1.0 s
run_ok "nip index signs an index" "$NIP" index -k k.key repo
grep -q '^serial 1$' repo/NIPINDEX && grep -q '^package alpha-1.0-1.npk$' repo/NIPINDEX
ok $? "the index lists the package with serial 1"
for key in identity file-hash file-size installed-size summary; do
	grep -q "^$key " repo/NIPINDEX
	ok $? "the index records $key"
done
run_ok "minisign verifies the index signature" minisign -Vm repo/NIPINDEX -p k.pub
run_ok "install from a local path" nipr install alpha
mkdir -p froot/etc/nip/keys && cp k.pub froot/etc/nip/keys/
run_ok "install from a file:// URL" "$NIP" --root froot --repo "file://$T/repo" install alpha
is "$(cat froot/usr/bin/a)" a "the file arrived through file://"
run_ok "serial 2 is accepted" "$NIP" index -k k.key repo
grep -q '^serial 2$' repo/NIPINDEX
ok $? "the serial only grows"
run_fails "a serial not above the current one is refused" 2 "serial 2 is not above" \
	"$NIP" index -k k.key --serial 2 repo
cp repo/NIPINDEX old.idx && cp repo/NIPINDEX.minisig old.idx.minisig
run_ok "serial 10 is accepted" "$NIP" index -k k.key --serial 10 repo
run_ok "the root sees serial 10" nipr upgrade
cp old.idx repo/NIPINDEX && cp old.idx.minisig repo/NIPINDEX.minisig
run_fails "a replayed older index is refused" 3 \
	"serial 2 is older than serial 10 already seen" nipr upgrade

# A command that fails still records the serial it verified, and one
# repository has one record however its location is written.
mkdir -p srepo sroot/etc/nip/keys && cp k.pub sroot/etc/nip/keys/
cp repo/alpha-1.0-1.npk repo/alpha-1.0-1.npk.minisig srepo/
"$NIP" -q index -k k.key --serial 5 srepo
cp srepo/NIPINDEX s5.idx && cp srepo/NIPINDEX.minisig s5.idx.minisig
"$NIP" -q index -k k.key --serial 6 srepo
snip() { "$NIP" --root "$T/sroot" --repo "$@"; }
run_fails "installing an unknown package fails" 4 "nosuch" snip "$T/srepo" install nosuch
cp s5.idx srepo/NIPINDEX && cp s5.idx.minisig srepo/NIPINDEX.minisig
run_fails "  ...but the serial it saw is kept: the older index is refused next" 3 \
	"serial 5 is older than serial 6 already seen" snip "$T/srepo" install alpha
for form in "file://$T/srepo" "file://$T/srepo/" "$T/srepo/" "$T//srepo//" ./srepo srepo \
	"file://localhost$T/srepo" "FILE://$T/srepo" "File://LocalHost$T/srepo/"; do
	run_fails "  ...and so it is through $form" 3 \
		"serial 5 is older than serial 6 already seen" snip "$form" install alpha
done
"$NIP" -q index -k k.key --serial 7 srepo
cp srepo/NIPINDEX s7.idx && cp srepo/NIPINDEX.minisig s7.idx.minisig
run_ok "serial 7 seen through file://DIR/" snip "file://$T/srepo/" install alpha
"$NIP" -q index -k k.key --serial 8 srepo
cp s7.idx srepo/NIPINDEX && cp s7.idx.minisig srepo/NIPINDEX.minisig
run_ok "  ...serial 7 again is no replay" snip ./srepo install alpha
cp s5.idx srepo/NIPINDEX && cp s5.idx.minisig srepo/NIPINDEX.minisig
run_fails "  ...serial 5 through DIR is refused" 3 "serial 5 is older than serial 7" \
	snip srepo upgrade
is "$(grep -c srepo sroot/var/lib/nip/serials)" 1 "one record for the repository"
"$NIP" -q index -k k.key --serial 9 srepo
run_fails "a command failing on a second repository" 1 "nosuchrepo" \
	"$NIP" --root "$T/sroot" --repo srepo --repo "$T/nosuchrepo" install alpha
grep -q "^9 .*/srepo\$" sroot/var/lib/nip/serials
ok $? "  ...still records the serial the first one showed"

"$NIP" -q index -k k.key --serial 11 --expires-days 0 repo
run_fails "an expired index is refused" 3 "index expired" nipr upgrade
"$NIP" -q index -k k.key --serial 12 --now 1000 --expires-days 1 repo
run_fails "an index expired by --now's clock is refused" 3 "index expired" \
	nipr upgrade
# One set of packages, key, serial and --now: one index, byte for byte.
cp -r repo repo2
"$NIP" -q index -k k.key --serial 30 --now 1000 --expires-days 36500 repo
"$NIP" -q index -k k.key --serial 30 --now 1000 --expires-days 36500 repo2
cmp -s repo/NIPINDEX repo2/NIPINDEX && cmp -s repo/NIPINDEX.minisig repo2/NIPINDEX.minisig
ok $? "--now makes the index and its signature reproducible"
grep -q "^expires $((1000 + 36500 * 86400))\$" repo/NIPINDEX
ok $? "the expiry counts from --now"
run_fails "--now must be a number" 2 "bad option" \
	"$NIP" index -k k.key --now soon repo
"$NIP" -q index -k k.key --serial 31 repo
rm repo/NIPINDEX.minisig
run_fails "an unsigned index is refused" 3 "index is not signed" nipr upgrade
"$NIP" -q key generate other
"$NIP" -q index -k other.key -p k.pub --serial 32 repo
run_fails "an index signed by an untrusted key is refused" 3 \
	"signed by unknown key" nipr upgrade
"$NIP" -q index -k k.key --serial 33 repo
sed -i 's/^summary .*/summary changed by a mirror/' repo/NIPINDEX
run_fails "an edited index is refused" 3 "BAD signature" nipr upgrade
"$NIP" -q index -k k.key --serial 34 repo
"$NIP" -q sign -k k.key -t "nip-npk alpha" repo/NIPINDEX
run_fails "a package signature cannot stand in for an index signature" 3 \
	"is not a 'nip-index ' signature" nipr upgrade
mkdir empty-keys-root
run_fails "a root without trusted keys says where keys go" 3 "etc/nip/keys" \
	"$NIP" --root empty-keys-root --repo repo install alpha
"$NIP" -q index -k k.key --serial 35 repo

# Packages in the folder are checked before they enter an index.
cp repo/alpha-1.0-1.npk.minisig saved.sig
rm repo/alpha-1.0-1.npk.minisig
run_fails "indexing refuses a package without a signature" 3 "missing signature" \
	"$NIP" index -k k.key repo
mkdir -p s2/usr/bin && echo b >s2/usr/bin/b
"$NIP" -q pack -k other.key -o repo alpha.npk.yaml s2 2>/dev/null
run_fails "indexing refuses a package signed by an unknown key" 3 \
	"alpha-1.0-1.npk: signed by unknown key" "$NIP" index -k k.key repo
run_ok "unless that key is named with -p" "$NIP" index -k k.key -p other.pub repo

# HTTP: a real server on 127.0.0.1.
"$NIP" -q pack -k k.key -o repo alpha.npk.yaml s
"$NIP" -q index -k k.key repo
port_file=$T/port
python3 - "$T/repo" "$port_file" >"$T/http.log" 2>&1 <<'PY' &
import functools, http.server, sys
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
open(sys.argv[2] + ".tmp", "w").write(str(srv.server_address[1]))
import os; os.rename(sys.argv[2] + ".tmp", sys.argv[2])
srv.serve_forever()
PY
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$T"' EXIT
for _ in $(seq 1 100); do [ -s "$port_file" ] && break; sleep 0.1; done
url=http://127.0.0.1:$(cat "$port_file")
mkdir -p hroot/etc/nip/keys && cp k.pub hroot/etc/nip/keys/
run_ok "install over HTTP" "$NIP" --root hroot --repo "$url" install alpha
is "$(cat hroot/usr/bin/a)" a "the file arrived over HTTP"
[ -f "hroot/var/cache/nip/alpha-1.0-1.npk" ]
ok $? "the download is kept in the cache"
rm -r hroot/var/cache/nip
"$NIP" --root hroot remove alpha >/dev/null
script -qec "$NIP --root $T/hroot --repo $url install alpha" /dev/null >tty.out 2>&1
grep -q 'fetching \[#* *\] 100% alpha-1.0-1.npk' tty.out
ok $? "downloads show a progress bar on a terminal"
run_ok "nip update fetches and checks the index over HTTP" \
	"$NIP" --root hroot --repo "$url" update
grep -Eq "^$url: serial [0-9]+, 1 packages, expires [0-9]{4}-[0-9]{2}-[0-9]{2}\$" "$T/out"
ok $? "  ...and says its serial, size and expiry"
run_ok "nip search finds part of a name, whatever the case" \
	"$NIP" --root hroot --repo "$url" search ALP
is "$(cat "$T/out")" "alpha 1.0-1 [installed]  test package alpha" \
	"  ...with its version, whether installed, and summary"
run_ok "every word must be in the name or the summary" \
	"$NIP" --root hroot --repo "$url" search test alpha
run_fails "no match: exit 1, said" 1 "no package matches" \
	"$NIP" --root hroot --repo "$url" search alpha zebra
run_fails "search without words is a usage error" 2 "no words" \
	"$NIP" --root hroot --repo "$url" search
run_fails "update without a repository says so" 2 "no repositories" \
	"$NIP" --root hroot update
mkdir -p srch s2/usr/bin && echo two >s2/usr/bin/a
for v in 1.0 2.0 1.5; do
	meta alpha "$v"
	"$NIP" -q pack -k k.key -o srch alpha.npk.yaml s2
done
"$NIP" -q index -k k.key srch
"$NIP" --root hroot --repo "$T/srch" search alpha >srch.out 2>&1
is "$(cut -d' ' -f1-2 srch.out)" "alpha 2.0-1" "of three versions, search shows the newest"
echo "$url" >hroot/etc/nip/repositories
run_ok "repositories are read from etc/nip/repositories" \
	"$NIP" --root hroot remove alpha
for bad in htp://example.org/repo relative/repo "http://a b" https://; do
	printf '# ours\n\n  %s  \n%s\n' "$url" "$bad" >hroot/etc/nip/repositories
	before=$(root_state hroot)
	run_fails "a bad repositories line is named by file and line: $bad" 2 \
		"etc/nip/repositories:4: '$bad' is not a repository" \
		"$NIP" --root hroot install alpha
	is "$(root_state hroot)" "$before" "  ...and the root is as it was"
done
echo "$url" >hroot/etc/nip/repositories
mv repo/alpha-1.0-1.npk good.npk
cp good.npk repo/alpha-1.0-1.npk
printf 'X' | dd of=repo/alpha-1.0-1.npk bs=1 seek=200 conv=notrunc 2>/dev/null
rm -f hroot/var/cache/nip/*
before=$(root_state hroot)
run_fails "a tampered download is refused" 3 \
	"alpha-1.0-1.npk: download does not match the signed index" \
	"$NIP" --root hroot install alpha
is "$(root_state hroot)" "$before" "and nothing is left behind"
run_fails "a missing package file is an HTTP error naming the URL" 1 \
	"cannot fetch $url/nothing.npk|HTTP status 404" \
	"$NIP" --root hroot --repo "$url/nothing" install alpha
done_testing
