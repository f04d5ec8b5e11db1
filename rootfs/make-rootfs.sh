#!/bin/sh
# make-rootfs.sh NIP REPO KEYSDIR LIST OUT: install the package set LIST
# from REPO into a fresh OUT with nip --root, the only way files get
# into an image. The old OUT is replaced only once the new one is whole.
set -eu
: "${SOURCE_DATE_EPOCH:?make-rootfs: SOURCE_DATE_EPOCH must be set}"
nip=$1 repo=$2 keys=$3 list=$4 out=$5
pkgs=$(sed 's/#.*//' "$list" | tr -s ' \t\n' ' ')
[ -n "$pkgs" ] || { echo "make-rootfs: $list names no packages" >&2; exit 1; }
rm -rf "$out.new"
mkdir -p "$out.new"
# shellcheck disable=SC2086 # one word per package
# An image is built here, not booted: package triggers (refreshing an
# ESP, say) are for the machine it lands on, so none runs here.
"$nip" -q --no-triggers --root "$out.new" --keys-dir "$keys" --repo "$repo" install $pkgs
# nip remembers the serial of each repository it trusted, by its path:
# here the build machine's, which means nothing on the system made.
rm -f "$out.new/var/lib/nip/serials"
# Files carry their package's times, but folders nip made or filled
# carry today's: clamp them, so that one package set makes one image.
find "$out.new" -newermt "@$SOURCE_DATE_EPOCH" \
	-exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
rm -rf "$out"
mv "$out.new" "$out"
