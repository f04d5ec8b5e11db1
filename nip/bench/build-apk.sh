#!/bin/sh
# build-apk.sh SRC OUT: build apk-tools from its source folder SRC (a
# checkout of alpinelinux/apk-tools, v3.0.6 measured) into OUT, as the
# benchmark's peer: zstd and OpenSSL, no docs, help, Lua or Python.
# Prints the binary's path. Rebuilt only when SRC's tree changes.
set -eu
src=$1 out=$2
[ -f "$src/meson.build" ] || { echo "build-apk.sh: $src is not an apk-tools source folder" >&2; exit 1; }
stamp=$(cd "$src" && find . -type f -not -path './.git/*' -print0 | LC_ALL=C sort -z | xargs -0 cat | sha256sum | cut -c1-16)
if [ "$(cat "$out/stamp" 2>/dev/null)" != "$stamp" ]; then
	rm -rf "$out"
	meson setup "$out" "$src" --buildtype=release -Ddocs=disabled \
		-Dhelp=disabled -Dlua=disabled -Dpython=disabled \
		-Dtests=disabled -Dzstd=enabled -Dcrypto_backend=openssl >&2
	ninja -C "$out" src/apk >&2
	echo "$stamp" >"$out/stamp"
fi
echo "$out/src/apk"
