#!/usr/bin/env bash
# nip fetch: recipe sources through apt's own configuration, verified,
# cached by SHA-256, never kept partial or wrong. A local source archive
# stands in for Debian's, so the test needs no network.
. "$(dirname "$0")/lib.sh"
export NEXUS_CACHE=$T/cache NIP_APT_ETC=$T/etc-apt

mkdir -p archive etc-apt/sources.list.d recipe/hello
head -c 20000 /dev/urandom >archive/hello_1.0.orig.tar.gz
SUM=$(sha256sum archive/hello_1.0.orig.tar.gz | cut -d' ' -f1)
MD5=$(md5sum <archive/hello_1.0.orig.tar.gz | cut -d' ' -f1)
printf '%s\n' "Package: hello" "Binary: hello" "Version: 1.0-1" \
	"Maintainer: Nobody <nobody@example.invalid>" "Architecture: any" \
	"Format: 3.0 (quilt)" "Directory: ." "Files:" \
	" $MD5 20000 hello_1.0.orig.tar.gz" "Checksums-Sha256:" \
	" $SUM 20000 hello_1.0.orig.tar.gz" >archive/Sources
# A binary package too: recipes may take a .deb (linux-source-6.1 is one).
head -c 3000 /dev/urandom >archive/hello-data_1.0-1_all.deb
DEBSUM=$(sha256sum archive/hello-data_1.0-1_all.deb | cut -d' ' -f1)
printf '%s\n' "Package: hello-data" "Version: 1.0-1" "Architecture: all" \
	"Maintainer: Nobody <nobody@example.invalid>" \
	"Filename: ./hello-data_1.0-1_all.deb" "Size: 3000" "SHA256: $DEBSUM" \
	"Description: test data" >archive/Packages
# The system's binary archive; nip derives the deb-src entry itself.
echo "deb [trusted=yes] file://$T/archive ./" >etc-apt/sources.list
echo "local file" >recipe/hello/hello.conf

recipe() {	# recipe SHA256 [FILE] [VERSION]
	printf '%s\n' "name: hello" 'version: "1.0"' "release: 1" \
		"summary: greeting" "license: MIT" "sources:" \
		"  - debian: hello" "    version: \"${3:-1.0-1}\"" \
		"    file: ${2:-hello_1.0.orig.tar.gz}" "    sha256: $1" \
		"  - file: hello.conf" \
		"    sha256: $(sha256sum recipe/hello/hello.conf | cut -d' ' -f1)" \
		"build: make" >recipe/hello/hello.npk.yaml
}
cached=$NEXUS_CACHE/sources/$SUM/hello_1.0.orig.tar.gz

recipe "$SUM"
run_ok "nip fetch gets a Debian source through apt" "$NIP" fetch recipe/hello/hello.npk.yaml
grep -qx "$cached" out && grep -qx "recipe/hello/hello.conf" out
ok $? "and prints where each source is"
cmp -s "$cached" archive/hello_1.0.orig.tar.gz
ok $? "the cached copy is the archive's file"
grep -rq "^deb-src \[trusted=yes\] file://$T/archive" "$NEXUS_CACHE/apt/sources.list.d" &&
	grep -rq "^deb \[trusted=yes\] file://$T/archive" "$NEXUS_CACHE/apt/sources.list.d"
ok $? "deb-src is derived from the system's sources, beside deb"
mv archive/hello_1.0.orig.tar.gz saved
run_ok "a verified cached copy is used without the archive" \
	"$NIP" fetch recipe/hello/hello.npk.yaml
echo garbage >"$cached"
run_fails "a damaged cached copy is not used" 1 "hello_1.0.orig.tar.gz" \
	"$NIP" fetch recipe/hello/hello.npk.yaml
[ ! -e "$cached" ]
ok $? "  ...and is not kept"
mv saved archive/hello_1.0.orig.tar.gz
run_ok "it is fetched again from the archive" "$NIP" fetch recipe/hello/hello.npk.yaml
cmp -s "$cached" archive/hello_1.0.orig.tar.gz
ok $? "  ...and verified"

printf '%s\n' "name: data" 'version: "1.0"' "release: 1" "summary: d" \
	"license: MIT" "sources:" "  - deb: hello-data" '    version: "1.0-1"' \
	"    file: hello-data_1.0-1_all.deb" "    sha256: $DEBSUM" >recipe/data.npk.yaml
run_ok "a Debian binary package (deb:) is fetched through apt too" \
	"$NIP" fetch recipe/data.npk.yaml
cmp -s "$NEXUS_CACHE/sources/$DEBSUM/hello-data_1.0-1_all.deb" archive/hello-data_1.0-1_all.deb
ok $? "  ...and cached verified"
sed -i 's/version: "1.0-1"/version: "2.0-1"/' recipe/data.npk.yaml
rm -r "$NEXUS_CACHE/sources/$DEBSUM"
run_fails "a binary package version the archive lacks is named" 1 \
	"data: binary package hello-data=2.0-1 is not in the archive" \
	"$NIP" fetch recipe/data.npk.yaml

BAD=$(echo "$SUM" | tr 0-9a-f 1-9a-f0)
recipe "$BAD"
run_fails "a source whose hash does not match the recipe is refused" 3 \
	"hello: the archive's hello_1.0.orig.tar.gz has sha256 $SUM, the recipe pins $BAD" \
	"$NIP" fetch recipe/hello/hello.npk.yaml
[ -z "$(ls -A "$NEXUS_CACHE/sources/$BAD" 2>/dev/null)" ]
ok $? "  ...and nothing is kept under the wrong pin"
recipe "$SUM" hello_1.0.orig.tar.xz
run_fails "a file the archive does not serve is named" 1 \
	"hello: hello_1.0.orig.tar.xz is not served for hello=1.0-1" \
	"$NIP" fetch recipe/hello/hello.npk.yaml
recipe "$SUM" hello_1.0.orig.tar.gz 9.9-1
rm -r "$NEXUS_CACHE/sources"	# a verified copy would serve any version
run_fails "a version the archive does not have is named" 1 \
	"hello: source package hello=9.9-1 is not in the archive" \
	"$NIP" fetch recipe/hello/hello.npk.yaml
recipe "$SUM"
echo changed >recipe/hello/hello.conf
run_fails "a recipe file that does not match its sha256 is refused" 3 \
	"hello: hello.conf is missing or does not match its sha256" \
	"$NIP" fetch recipe/hello/hello.npk.yaml
find "$NEXUS_CACHE/sources" -name '*.part' | grep -q .
ok $((! $?)) "no partial file is ever left in the cache"
: >etc-apt/sources.list
run_fails "no configured archive is named as such" 1 \
	"no Debian archive is configured in $T/etc-apt" \
	"$NIP" fetch recipe/hello/hello.npk.yaml
done_testing
