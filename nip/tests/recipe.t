#!/usr/bin/env bash
# Recipe files: the whole schema is checked, with file:line:column errors.
# nip pack reads recipes (it needs their metadata) until nip build lands.
. "$(dirname "$0")/lib.sh"

"$NIP" -q key generate k
mkdir -p stage/usr/bin pkgs && echo x >stage/usr/bin/x
SUM=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef

good() {
	cat <<YAML
name: zlib
version: "1.2.13"
release: 1
summary: compression library
license: Zlib
homepage: https://zlib.net
source-date-epoch: 1700000000
sources:
  - debian: zlib
    version: "1:1.2.13.dfsg-1"
    file: zlib_1.2.13.dfsg.orig.tar.gz
    sha256: $SUM
  - file: files/zlib.pc
patches:
  - patches/0001-fix.patch
depends: [musl]
build-depends: [musl-dev>=1.2.3, make]
build: |
  ./configure --prefix=/usr
  make
  make DESTDIR="\$DESTDIR" install
YAML
}

# check NAME DESC PATTERN SED-EXPR: the good recipe, edited, is refused
check() {
	good | sed "$4" >"$1.npk.yaml"
	run_fails "$2" 2 "$1.npk.yaml:$3" "$NIP" pack -k k.key -o pkgs "$1.npk.yaml" stage
}

good >zlib.npk.yaml
run_ok "a complete recipe is accepted" "$NIP" pack -k k.key -o pkgs zlib.npk.yaml stage
check top "an unknown top-level key is named with its place" \
	"1:1: unknown key: colour" '1i colour: red'
check nested "an unknown key inside a source is named with its place" \
	"13:5: unknown key in a source: url" '/    sha256/a\    url: http://example.invalid/x'
check sha "a malformed sha256 is refused" \
	"12:13: sha256 must be 64 lower-case hex digits" "s/sha256: $SUM/sha256: abc/"
check partial "a Debian source without its version is refused" \
	"9:5: a Debian source needs debian \(or deb\), version, file and sha256: zlib_1.2.13" \
	'/version: "1:1.2.13/d'
check nofile "a source without a file is refused" "9:5: a source needs a file" \
	'/file: zlib_1.2.13/d'
check slash "a Debian source file is a plain name" \
	"9:5: a Debian source's file is a plain file name: ../x.tar.gz" \
	's|file: zlib_1.2.13.dfsg.orig.tar.gz|file: ../x.tar.gz|'
check localdots "a recipe file outside the folder is refused" \
	"13:5: not a plain path in the recipe folder: ../../etc/passwd" \
	's|file: files/zlib.pc|file: ../../etc/passwd|'
check patch "a patch outside the folder is refused" \
	"15:5: not a plain path in the recipe folder: /tmp/x.patch" \
	's|patches/0001-fix.patch|/tmp/x.patch|'
check bdep "a bad build-dependency is refused" \
	"17:34: not a package name or constraint: Make!" 's/, make\]/, Make!]/'
# shellcheck disable=SC2016 # sed's $ is the last line
check buildlist "build must be one script" "18:8: expected a single value for: build" \
	'/^build: |/,$c build: [make]'
check epoch "source-date-epoch must be a number" "7:20: bad value for: source-date-epoch" \
	's/source-date-epoch: 1700000000/source-date-epoch: yesterday/'
check srcscalar "sources must be a list" "8:10: expected a list for: sources" \
	'/^sources:/,/^patches:/c sources: zlib.tar.gz\npatches:'
# A split pinning its own recipe's package to a release left behind.
good | sed 's/^depends: \[musl\]/depends: [musl]\nsplit:\n  - name: zlib-dev\n    summary: headers\n    paths: [usr\/include]\n    depends: [zlib=1.2.13-0]/' >pin.npk.yaml
run_fails "a split pinned to another release of its own recipe is refused" 2 \
	"pin.npk.yaml: split zlib-dev: depends on zlib=1.2.13-0, which this recipe's own zlib 1.2.13-1 does not satisfy" \
	"$NIP" pack -k k.key -o pkgs pin.npk.yaml stage
sed -i 's/zlib=1.2.13-0/zlib=1.2.13-1/' pin.npk.yaml
"$NIP" -q pack -k k.key -o pkgs pin.npk.yaml stage 2>err.txt
ok $? "  ...and accepted pinned to the release it makes"
mkdir -p folder.npk.yaml
run_fails "a folder given as a recipe is named as one" 2 \
	"folder.npk.yaml: is a folder, not a recipe file" \
	"$NIP" pack -k k.key -o pkgs folder.npk.yaml stage
done_testing
