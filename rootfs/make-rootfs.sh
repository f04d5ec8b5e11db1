#!/bin/sh
# make-rootfs.sh NIP REPO KEYSDIR LIST OUT: install the package set LIST
# from REPO into a fresh OUT with nip --root, the only way files get
# into an image. The old OUT is replaced only once the new one is whole.
set -eu
nip=$1 repo=$2 keys=$3 list=$4 out=$5
pkgs=$(sed 's/#.*//' "$list" | tr -s ' \t\n' ' ')
[ -n "$pkgs" ] || { echo "make-rootfs: $list names no packages" >&2; exit 1; }
rm -rf "$out.new"
mkdir -p "$out.new"
# shellcheck disable=SC2086 # one word per package
"$nip" -q --root "$out.new" --keys-dir "$keys" --repo "$repo" install $pkgs
rm -rf "$out"
mv "$out.new" "$out"
