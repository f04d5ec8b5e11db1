#!/bin/sh
# make-fat.sh DIR OUT KIB [MKFS.FAT-OPTION...]: a FAT file system image
# OUT of KIB KiB holding DIR, the same bytes from the same tree: made with
# mkfs.fat --invariant, folders and files added in sorted order, each
# file keeping its time (mcopy -m). The ISO's EFI image and the disk
# image's ESP are made this way.
set -eu
dir=$1 out=$2 kib=$3
shift 3
case $out in /*) ;; *) out=$PWD/$out ;; esac
mkfs.fat -C --invariant "$@" "$out" "$kib" >/dev/null
(cd "$dir" && find . -mindepth 1 -type d | LC_ALL=C sort | sed 's|^\.|::|' |
	xargs -r mmd -i "$out")
(cd "$dir" && find . -type f | LC_ALL=C sort | while IFS= read -r f; do
	mcopy -m -i "$out" "$f" "::${f#.}"
done)
