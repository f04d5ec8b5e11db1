#!/bin/sh
# assemble.sh OUT: the toolchain tree nip build binds at /toolchain.
# Everything that changes what it compiles lands in OUT (the wrapper,
# the specs, the UAPI headers, the host tools' versions), so hashing OUT
# is hashing the toolchain.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$1
rm -rf "$out.new"
mkdir -p "$out.new/bin" "$out.new/lib" "$out.new/uapi"
cp "$here/cc" "$out.new/bin/cc"
for name in gcc c99 x86_64-linux-musl-gcc x86_64-linux-musl-cc; do
	ln -s cc "$out.new/bin/$name"
done
cp "$here/musl.specs" "$out.new/lib/musl.specs"
cp "$here/meson-cross.txt" "$out.new/meson-cross.txt"
# The kernel UAPI headers: exactly the files of Debian's linux-libc-dev,
# the arch directory flattened (asm/ sits beside linux/ as in a kernel's
# headers_install), never glibc's headers.
dpkg-query -L linux-libc-dev | grep '^/usr/include/.*\.h$' | sort |
while read -r f; do
	rel=${f#/usr/include/}
	rel=${rel#x86_64-linux-gnu/}
	mkdir -p "$out.new/uapi/$(dirname "$rel")"
	cp "$f" "$out.new/uapi/$rel"
done
# Every host package whose programs recipes run: a new version of any of
# them is a new toolchain, so no cached build outlives it.
{
	dpkg-query -W -f '${Package} ${Version}\n' gcc-12 binutils \
		linux-libc-dev make autoconf automake libtool pkgconf patch \
		bash dash perl-base perl meson ninja-build python3.11 \
		coreutils sed grep mawk tar gzip bzip2 xz-utils findutils \
		diffutils flex bison bc libelf-dev cpio kmod gnu-efi \
		fontforge-nox libfontforge4 libfont-ttf-perl
	/usr/bin/gcc -dumpfullversion
} >"$out.new/host-tools.txt"
chmod -R a+rX,go-w "$out.new"
rm -rf "$out"
mv "$out.new" "$out"
