#!/usr/bin/env bash
# nip pack: deterministic bytes, canonical manifest first, clear errors.
. "$(dirname "$0")/lib.sh"

"$NIP" -q key generate k
meta demo 1.2 'depends: [libz>=1.2, sh]
provides: [demo-tools=1.2]
homepage: https://example.invalid/demo
'

# make_tree DIR: the same content, created in a different order each call
make_tree() {
	mkdir -p "$1/usr/bin" "$1/usr/share/demo/a b" "$1/etc"
	for f in $(seq 1 40 | if [ "$2" = rev ]; then sort -rn; else cat; fi); do
		echo "file $f" >"$1/usr/share/demo/f$f"
	done
	printf '#!/bin/sh\necho demo\n' >"$1/usr/bin/demo"
	chmod 755 "$1/usr/bin/demo"
	echo "x=1" >"$1/etc/demo.conf"
	echo spaced >"$1/usr/share/demo/a b/c d"
	ln -s demo "$1/usr/bin/demo-link"
}

umask 022
make_tree a fwd
mkdir out1 out2 out3
run_ok "pack a staged tree" "$NIP" pack -k k.key -o out1 demo.npk.yaml a
[ -f out1/demo-1.2-1.npk ] && [ -f out1/demo-1.2-1.npk.minisig ]
ok $? "NAME-VERSION-RELEASE.npk and its signature are written"

# Same content: reverse creation order, other mtimes, umask, locale, uid.
umask 077
make_tree b rev
chmod -R go+rX b
umask 022
find b -exec touch -h -d '2001-02-03 04:05:06' {} +
chmod 700 b/usr/share/demo
chmod 600 b/etc/demo.conf
LC_ALL=C.UTF-8 "$NIP" -q pack -k k.key -o out2 demo.npk.yaml b
cmp -s out1/demo-1.2-1.npk out2/demo-1.2-1.npk
ok $? "same bytes despite file order, mtimes, umask and locale"
if command -v setpriv >/dev/null && [ "$(id -u)" -eq 0 ]; then
	cp k.key k2.key && chown 65534 k2.key out3 && chmod -R a+rX b
	chmod a+rx "$T" && chmod a+r demo.npk.yaml
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$NIP" -q pack -k k2.key -o out3 demo.npk.yaml b
	cmp -s out1/demo-1.2-1.npk out3/demo-1.2-1.npk
	ok $? "same bytes when another user packs"
else
	ok 0 "# SKIP not root: cannot pack as another user"
fi

first=$(bsdtar -tf out1/demo-1.2-1.npk | head -1)
is "$first" ".MANIFEST" "the manifest is the first member"
bsdtar -xOf out1/demo-1.2-1.npk .MANIFEST >manifest
is "$(head -1 manifest)" "npk-manifest 1" "the manifest is versioned"
grep -q '^file f 0755 0 0 20 [0-9a-f]\{64\} usr/bin/demo$' manifest
ok $? "file lines carry type, mode, owner, size, hash and path"
grep -q '^file l 0777 0 0 0 - usr/bin/demo-link demo$' manifest
ok $? "links carry their target"
grep -q '^file f 0644 0 0 7 [0-9a-f]* usr/share/demo/a%20b/c%20d$' manifest
ok $? "blanks in paths are escaped"
grep -q '^depends libz>=1.2$' manifest && grep -q '^depends sh$' manifest
ok $? "metadata is in the manifest"
id=$(b2sum -l 256 manifest | cut -d' ' -f1)
grep -q "identity=$id" out1/demo-1.2-1.npk.minisig
ok $? "the signature's trusted comment names identity = BLAKE2b-256(manifest)"
run_ok "minisign verifies the package signature" \
	minisign -Vm out1/demo-1.2-1.npk -p k.pub
bsdtar -tvf out1/demo-1.2-1.npk | awk '{print $2, $3, $6, $7, $8}' | sort -u >owners
is "$(cat owners)" "0 0 Jan 1 1970" "owners 0/0 and mtime 0 on every entry"
SOURCE_DATE_EPOCH=1700000000 "$NIP" -q pack -k k.key -o out3 demo.npk.yaml a
is "$(bsdtar -tvf out3/demo-1.2-1.npk | awk '{print $6,$7,$8}' | sort -u)" \
	"Nov 14 2023" "SOURCE_DATE_EPOCH sets every mtime"

# Bad input: clear errors naming file, line and column.
printf 'name: x\nversion: "1"\nrelease: 1\nsummary: s\nlicense: MIT\ncolour: red\n' >unknown.npk.yaml
run_fails "an unknown key is an error with its location" 2 \
	"unknown.npk.yaml:6:1: unknown key: colour" \
	"$NIP" pack -k k.key -o out3 unknown.npk.yaml a
printf 'name: x\nversion: "1"\n  release: [1\n' >syntax.npk.yaml
run_fails "a YAML syntax error names line and column" 2 \
	"syntax.npk.yaml:3:[0-9]+: YAML syntax error" \
	"$NIP" pack -k k.key -o out3 syntax.npk.yaml a
printf 'name: x\nversion: "1"\nrelease: 1\nsummary: s\nlicense: MIT\ndepends: libz\n' >scalar.npk.yaml
run_fails "a list key given a scalar is an error" 2 \
	"scalar.npk.yaml:6:10: expected a list for: depends" \
	"$NIP" pack -k k.key -o out3 scalar.npk.yaml a
printf 'name: Bad_Name\nversion: "1"\nrelease: 1\nsummary: s\nlicense: MIT\n' >badname.npk.yaml
run_fails "an invalid name is named" 2 "badname.npk.yaml: name: missing or invalid" \
	"$NIP" pack -k k.key -o out3 badname.npk.yaml a
printf 'name: x\nversion: "1"\nrelease: 1\nsummary: s\n' >nolicense.npk.yaml
run_fails "a missing field is named" 2 "license: missing" \
	"$NIP" pack -k k.key -o out3 nolicense.npk.yaml a
printf 'name: x\nversion: "1"\nrelease: 1\nsummary: s\nlicense: MIT\nname: y\n' >dup.npk.yaml
run_fails "a repeated key is an error" 2 "dup.npk.yaml:6:1: duplicate key: name" \
	"$NIP" pack -k k.key -o out3 dup.npk.yaml a
: >empty.npk.yaml
run_fails "an empty metadata file is named" 2 "empty.npk.yaml: empty file" \
	"$NIP" pack -k k.key -o out3 empty.npk.yaml a
printf 'name: x\nversion: "1"\nrelease: 1\nsummary: s\nlicense: MIT\nsources: [{file: a}]\nbuild: |\n  make\n' >recipe.npk.yaml
run_ok "recipe-only keys are accepted by pack" \
	"$NIP" pack -k k.key -o out3 recipe.npk.yaml a

# Modes the staged tree cannot carry come from the recipe.
meta secret 1.0 'modes:
  etc/demo.conf: "0600"
  usr/bin: "0711"
'
mkdir -p modes
run_ok "a recipe can set a file's mode" "$NIP" pack -k k.key -o modes secret.npk.yaml a
bsdtar -xOf modes/secret-1.0-1.npk .MANIFEST >secret.manifest
grep -q '^file f 0600 0 0 [0-9]* [0-9a-f]* etc/demo.conf$' secret.manifest &&
	grep -q '^file d 0711 0 0 0 - usr/bin$' secret.manifest
ok $? "  ...and the manifest carries it"
"$NIP" -q index -k k.key modes && mkdir -p mroot/etc/nip/keys && cp k.pub mroot/etc/nip/keys/
"$NIP" -q --root mroot --repo modes install secret
is "$(stat -c %a mroot/etc/demo.conf) $(stat -c %a mroot/usr/bin)" "600 711" \
	"  ...and so does the installed file"
meta nomode 1.0 'modes: {etc/nothing: "0600"}
'
run_fails "a mode for a path not in the tree is refused" 2 \
	"modes: etc/nothing is not in the staged tree" \
	"$NIP" pack -k k.key -o out3 nomode.npk.yaml a
meta linkmode 1.0 'modes: {usr/bin/demo-link: "0600"}
'
run_fails "a mode for a symlink is refused" 2 "modes: usr/bin/demo-link is a symlink" \
	"$NIP" pack -k k.key -o out3 linkmode.npk.yaml a
meta badmode 1.0 'modes: {etc/demo.conf: "0999"}
'
run_fails "a malformed mode is named with its place" 2 \
	"badmode.npk.yaml:6:24: not an octal mode like \"0600\": 0999" \
	"$NIP" pack -k k.key -o out3 badmode.npk.yaml a

mkdir -p bad/dev && mkfifo bad/dev/fifo
run_fails "special files are refused, naming the path" 1 "dev/fifo: only files" \
	"$NIP" pack -k k.key -o out3 demo.npk.yaml bad
rm -r bad && mkdir -p bad/usr && ln -s ../../etc/passwd bad/usr/evil
run_fails "a symlink out of the tree is refused" 1 "usr/evil: symlink target" \
	"$NIP" pack -k k.key -o out3 demo.npk.yaml bad
rm -r bad && mkdir -p bad && touch bad/.nip-1-2
run_fails "nip's own staging names are refused" 1 "reserved for nip" \
	"$NIP" pack -k k.key -o out3 demo.npk.yaml bad
rm -r bad && mkdir -p bad/var/lib/nip && echo evil >bad/var/lib/nip/world
run_fails "a file under var/lib/nip is refused, naming the package and path" 2 \
	"demo: /var/lib/nip/world: /var/lib/nip is reserved for nip's own state" \
	"$NIP" pack -k k.key -o out3 demo.npk.yaml bad
for dir in var/lib/nip var/cache/nip; do
	rm -r bad && mkdir -p bad/$dir && chmod 0777 bad/$dir
	run_fails "the directory /$dir itself is refused, naming the package" 2 \
		"demo: /$dir: /$dir is reserved for nip's own state" \
		"$NIP" pack -k k.key -o out3 demo.npk.yaml bad
done
rm -r bad && mkdir -p bad/etc && echo x >bad/etc/a.conf.nip-new
run_fails "a name ending in .nip-new is refused, naming the package and path" 2 \
	"demo: /etc/a.conf.nip-new: names ending in .nip-new are reserved" \
	"$NIP" pack -k k.key -o out3 demo.npk.yaml bad
rm -r bad && mkdir -p bad/var && ln -s /elsewhere bad/var/lib
run_fails "a symlink on the way to var/lib/nip is refused" 2 \
	"demo: /var/lib: /var/lib/nip is reserved" \
	"$NIP" pack -k k.key -o out3 demo.npk.yaml bad
rm -r bad && mkdir -p bad/usr && ln -s .. bad/usr/a && ln -s a/../.. bad/usr/b
run_fails "two links that climb out together are refused, naming both" 2 \
	"demo: symlink /usr/b -> a/../.. leads outside the root through the symlink /usr/a" \
	"$NIP" pack -k k.key -o out3 demo.npk.yaml bad
rm -r bad && mkdir -p bad/var/lib bad/var/cache
mkdir -p out4
run_ok "the directories above the reserved ones may be shipped" \
	"$NIP" pack -k k.key -o out4 demo.npk.yaml bad
# Its temporary file is hidden (.NAME.tmp), which ls would not show.
[ -z "$(find out3 -name '*.tmp')" ]
ok $? "a failed pack leaves no temporary file"

# A repository packed into for the first time: its folders are made.
run_ok "pack makes a missing output folder and those above it" \
	"$NIP" pack -k k.key -o new/repo demo.npk.yaml a
[ -f new/repo/demo-1.2-1.npk ]
ok $? "  ...and the package is in it"
touch afile
run_fails "an output path that is a file is refused, named" 1 "afile" \
	"$NIP" pack -k k.key -o afile/repo demo.npk.yaml a
done_testing
