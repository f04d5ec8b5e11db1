#!/bin/sh
# get-checkpatch.sh NIP: print the path of the kernel's checkpatch.pl,
# from the very kernel source the linux recipe pins, so that make lint
# judges our kernel code by the rules of the kernel it is built into,
# without building that kernel. nip fetches (or finds in the cache) the
# linux-source .deb; the script and the two files it reads beside it are
# unpacked once into $NEXUS_CACHE/checkpatch/SHA256/ (about 15 s: the
# whole tarball is read, as tar cannot seek in xz).
set -eu
nip=$1
top=$(cd "$(dirname "$0")/.." && pwd)
cache=${NEXUS_CACHE:-$HOME/.cache/nexus}

deb=$("$nip" fetch "$top/npk-recipes/linux/linux.npk.yaml" |
	grep '/linux-source-[^/]*\.deb$') || {
	echo "get-checkpatch: the linux recipe has no linux-source .deb" >&2
	exit 1
}
# The cache keeps each source under its SHA-256: the same key here.
out=$cache/checkpatch/$(basename "$(dirname "$deb")")
if [ ! -f "$out/scripts/checkpatch.pl" ]; then
	rm -rf "$out.tmp"
	mkdir -p "$out.tmp"
	ar p "$deb" data.tar.xz |
		tar -xJOf - --wildcards './usr/src/linux-source-*.tar.xz' |
		tar -xJf - -C "$out.tmp" --strip-components=1 --wildcards \
			'*/scripts/checkpatch.pl' '*/scripts/spelling.txt' \
			'*/scripts/const_structs.checkpatch'
	if [ ! -f "$out.tmp/scripts/checkpatch.pl" ]; then
		echo "get-checkpatch: $deb holds no scripts/checkpatch.pl" >&2
		exit 1
	fi
	rm -rf "$out"
	mv "$out.tmp" "$out"
fi
echo "$out/scripts/checkpatch.pl"
