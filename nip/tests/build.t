#!/usr/bin/env bash
# nip build: recipes built in the sandbox, packed, signed, cached by their
# inputs; --all in dependency order. Host tools stand in for the musl
# toolchain and a local archive for Debian's, so this needs no network.
# shellcheck disable=SC2016 # the build scripts are single-quoted: they expand in the sandbox
. "$(dirname "$0")/lib.sh"
export NEXUS_CACHE=$T/cache NIP_APT_ETC=$T/etc-apt TMPDIR=$T/tmp
mkdir -p archive etc-apt r/hello tmp
"$NIP" -q key generate k

# A source tarball, served by a local archive in Debian's Sources format.
mkdir -p src/hello-1.0
printf 'hello from a source tarball\n' >src/hello-1.0/greeting
tar -C src -czf archive/hello_1.0.orig.tar.gz hello-1.0
SUM=$(sha256sum archive/hello_1.0.orig.tar.gz | cut -d' ' -f1)
SIZE=$(stat -c %s archive/hello_1.0.orig.tar.gz)
MD5=$(md5sum <archive/hello_1.0.orig.tar.gz | cut -d' ' -f1)
printf '%s\n' "Package: hello" "Binary: hello" "Version: 1.0-1" \
	"Maintainer: Nobody <nobody@example.invalid>" "Architecture: any" \
	"Format: 3.0 (quilt)" "Directory: ." "Files:" \
	" $MD5 $SIZE hello_1.0.orig.tar.gz" "Checksums-Sha256:" \
	" $SUM $SIZE hello_1.0.orig.tar.gz" >archive/Sources
: >archive/Packages
echo "deb [trusted=yes] file://$T/archive ./" >etc-apt/sources.list

# hello NAME SHA256 BUILD-SCRIPT [EXTRA-YAML]: r/NAME/NAME.npk.yaml
hello() {
	mkdir -p "r/$1"
	{
		printf '%s\n' "name: $1" 'version: "1.0"' "release: 1" \
			"summary: test $1" "license: MIT" \
			"source-date-epoch: 1700000000" "sources:" \
			"  - debian: hello" '    version: "1.0-1"' \
			"    file: hello_1.0.orig.tar.gz" "    sha256: $2"
		[ -n "${4:-}" ] && printf '%s\n' "$4"
		printf 'build: |\n'
		printf '%s\n' "$3" | sed 's/^/  /'
	} >"r/$1/$1.npk.yaml"
}
build() { "$NIP" build -k k.key -o repo "$@"; }

hello hello "$SUM" 'mkdir -p "$DESTDIR/usr/share/hello" "$DESTDIR/usr/share/doc/hello"
cp greeting "$DESTDIR/usr/share/hello/"
echo notes >"$DESTDIR/usr/share/doc/hello/README"' "split:
  - name: hello-doc
    summary: hello's notes
    paths: [usr/share/doc]"
run_ok "a recipe builds into signed packages" build r/hello/hello.npk.yaml
[ -f repo/hello-1.0-1.npk ] && [ -f repo/hello-1.0-1.npk.minisig ] &&
	[ -f repo/hello-doc-1.0-1.npk ]
ok $? "  ...the package and its split, each signed"
grep -q "== build script in the sandbox" repo/logs/hello.log
ok $? "  ...with a build log"
mkdir -p root/etc/nip/keys && cp k.pub root/etc/nip/keys/
run_ok "the repository's index is signed and installable" \
	"$NIP" --root root --repo repo install hello
is "$(cat root/usr/share/hello/greeting)" "hello from a source tarball" \
	"  ...with the tarball's file, its top directory stripped"
[ ! -e root/usr/share/doc ]
ok $? "  ...and the split's files are not in the main package"
cp repo/hello-1.0-1.npk first.npk
build r/hello/hello.npk.yaml >/dev/null 2>&1
grep -q "== up to date" repo/logs/hello.log
ok $? "an unchanged recipe is not built again"
cmp -s first.npk repo/hello-1.0-1.npk
ok $? "  ...and its package is unchanged"

# The sandbox: no host environment, no host files, fixed time zone and
# locale, root only inside, no writing to the host's tools.
export NIP_TEST_LEAK=leaked
hello probe "$SUM" 'test "$(id -u)" = 0
test "$TZ" = UTC && test "$LC_ALL" = C && test "$SOURCE_DATE_EPOCH" = 1700000000
test -z "${NIP_TEST_LEAK:-}"
test "$(hostname)" = nexus-build
test ! -e "'"$T"'"
! touch /usr/nip-probe 2>/dev/null
test "$(ls /proc | grep -c "^[0-9]")" -lt 10
mkdir -p "$DESTDIR/x" && echo ok >"$DESTDIR/x/ok"'
run_ok "the script runs as root in private namespaces, with a clean environment" \
	build r/probe/probe.npk.yaml
unset NIP_TEST_LEAK

hello setvar "$SUM" 'mkdir -p "$DESTDIR/usr/share" && echo "$FLAVOUR" >"$DESTDIR/usr/share/flavour"'
run_ok "--set gives the script a variable" build --set FLAVOUR=mint r/setvar/setvar.npk.yaml
is "$(zstd -qdc repo/setvar-1.0-1.npk | tar -xOf - usr/share/flavour)" "mint" "  ...which it sees"
build --set FLAVOUR=lemon r/setvar/setvar.npk.yaml >/dev/null 2>&1
is "$(zstd -qdc repo/setvar-1.0-1.npk | tar -xOf - usr/share/flavour)" "lemon" \
	"  ...and a new value is a new input, built again"
build --set FLAVOUR=mint r/hello/hello.npk.yaml >/dev/null 2>&1
grep -q "== up to date" repo/logs/hello.log
ok $? "  ...a recipe that does not name the variable is not rebuilt for it"
run_fails "--set refuses a name nip sets itself" 2 "--set takes NAME=VALUE" \
	build --set PATH=/x r/setvar/setvar.npk.yaml

python3 -m http.server 0 --bind 127.0.0.1 --directory archive >http.log 2>&1 &
server=$!
for _ in $(seq 100); do
	port=$(sed -n 's/.*port \([0-9]*\).*/\1/p' http.log)
	[ -n "$port" ] && break
	sleep 0.1
done
probe="import socket; socket.create_connection(('127.0.0.1', $port), 2)"
python3 -c "$probe"
ok $? "the host reaches a server on its loopback (control)"
hello net "$SUM" "python3 -c \"$probe\""
run_fails "a build that reaches for the network fails inside the sandbox" 1 \
	"net: the build failed" build r/net/net.npk.yaml
grep -q "Network is unreachable" err
ok $? "  ...because there is no network there"
kill "$server"

hello fails "$SUM" 'echo step-one-done
false'
run_fails "a failing build names its package and shows its log's end" 1 \
	"fails: the build failed \(exit 1\); the end of .*fails.log" \
	build r/fails/fails.npk.yaml
grep -q step-one-done err
ok $? "  ...including the script's last output"
[ -z "$(ls tmp)" ]
ok $? "  ...and no work directory is left behind"

hello needy "$SUM" 'true' "build-depends: [nosuch-dev]"
run_fails "a missing build-dependency is named" 4 \
	"needy: cannot install its build-dependencies: .*nosuch-dev" \
	build r/needy/needy.npk.yaml

BAD=$(echo "$SUM" | tr 0-9a-f 1-9a-f0)
hello badsum "$BAD" 'true'
run_fails "a source that does not match its pin is refused" 3 \
	"badsum: the archive's hello_1.0.orig.tar.gz has sha256 $SUM, the recipe pins $BAD" \
	build r/badsum/badsum.npk.yaml
cached=$NEXUS_CACHE/sources/$SUM/hello_1.0.orig.tar.gz
echo damaged >"$cached"
mv archive/hello_1.0.orig.tar.gz saved.tar.gz
rm -rf "$NEXUS_CACHE/builds"
run_fails "a damaged cached source is not used (and the archive lacks it)" 1 \
	"hello_1.0.orig.tar.gz" build r/hello/hello.npk.yaml
[ ! -e "$cached" ]
ok $? "  ...and is not kept"
mv saved.tar.gz archive/hello_1.0.orig.tar.gz
sed -i 's/file: hello_1.0.orig.tar.gz/file: hello_1.0.orig.tar.xz/' r/badsum/badsum.npk.yaml
sed -i "s/sha256: $BAD/sha256: $SUM/" r/badsum/badsum.npk.yaml
run_fails "a source the archive does not serve is named" 1 \
	"badsum: hello_1.0.orig.tar.xz is not served for hello=1.0-1" \
	build r/badsum/badsum.npk.yaml

# --all: dependency order, a cycle named, a change rebuilding only what
# it reaches.
mkdir all && mv r/hello all/ && rm -rf r && mv all r
hello app "$SUM" 'test -f /sysroot/usr/share/lib/lib.txt
mkdir -p "$DESTDIR/usr/share/app" && cp /sysroot/usr/share/lib/lib.txt "$DESTDIR/usr/share/app/"' \
	"build-depends: [lib]"
hello lib "$SUM" 'mkdir -p "$DESTDIR/usr/share/lib" && echo one >"$DESTDIR/usr/share/lib/lib.txt"'
run_ok "--all builds every recipe, each after what it needs" \
	build --all r
grep -n "r/lib/lib.npk.yaml: built\|r/app/app.npk.yaml: built" out | cut -d: -f1 | tr '\n' ' ' >order
[ "$(grep -c built out)" -ge 3 ] && [ "$(cut -d' ' -f1 order)" -lt "$(cut -d' ' -f2 order)" ]
ok $? "  ...lib before app"
start=$(date +%s%N)
run_ok "a second run" build --all r
grep -q "3 recipes: 0 built, 3 up to date" out
ok $? "  ...builds nothing"
echo "#   no-op --all: $(( ($(date +%s%N) - start) / 1000000 )) ms"
sed -i 's/echo one/echo two/' r/lib/lib.npk.yaml
run_ok "after changing one recipe" build --all r
grep -q "r/lib/lib.npk.yaml: built" out && grep -q "r/app/app.npk.yaml: built" out &&
	grep -q "r/hello/hello.npk.yaml: up to date" out
ok $? "  ...it and what depends on it are rebuilt, nothing else"
sed -i 's/^build: |/build-depends: [app]\nbuild: |/' r/lib/lib.npk.yaml
run_fails "a dependency cycle is named" 4 \
	"dependency cycle between recipes: (app -> lib -> app|lib -> app -> lib)" \
	build --all r
done_testing
