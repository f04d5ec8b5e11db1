#!/bin/sh
# make-initramfs.sh ROOT OUT: ROOT as a zstd-compressed newc cpio, the
# way the kernel unpacks an initramfs: names sorted, owners 0, times as
# in the tree (make-rootfs.sh clamps them to SOURCE_DATE_EPOCH), so the
# same tree gives the same bytes.
set -eu
root=$1 out=$2
# "." too, 0755: the kernel gives its mode to /, which is otherwise
# tmpfs's 1777, where any user may add names at the top of the system.
chmod 0755 "$root"
(cd "$root" && find . | LC_ALL=C sort |
	cpio -o -H newc --reproducible -R 0:0 --quiet) |
	zstd -q -19 -T1 >"$out.tmp"
mv "$out.tmp" "$out"
