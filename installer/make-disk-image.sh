#!/bin/sh
# make-disk-image.sh NIP REPO KEYSDIR PROFILE OUT [CONFIG]: the installed
# system as a raw GPT disk image OUT (and OUT's .qcow2 beside it), built
# on the host without mounting anything, bit for bit the same from the
# same inputs. The same steps as nexus-install (installer/setup.sh):
#
#   PROFILE/packages.list -> nip --root -> setup_root -> mke2fs -d (ext4)
#   the loader, kernel, settings -> fill_esp -> mkfs.fat + mcopy (FAT32)
#   both -> sfdisk's GPT -> OUT -> qemu-img -> OUT.qcow2
#
# CONFIG is nexus-install's configuration (hostname, user, hashes).
# Without one: host name "nexus", root with no password, as the live ISO.
# Identifiers (disk, partitions, file systems) come from
# SOURCE_DATE_EPOCH; times too (E2FSPROGS_FAKE_TIME, then debugfs for the
# atime and ctime that mke2fs -d copies from the tree it reads).
set -eu
: "${SOURCE_DATE_EPOCH:?make-disk-image: SOURCE_DATE_EPOCH must be set}"
nip=$1 repo=$2 keys=$3 profile=$4 out=$5 config=${6:-}
size_mib=${DISK_IMAGE_MIB:-1024}
here=$(cd "$(dirname "$0")" && pwd)
export TZ=UTC LC_ALL=C
# Absolute paths: the steps below change directory.
abs() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
nip=$(abs "$nip") repo=$(abs "$repo") keys=$(abs "$keys") out=$(abs "$out")
die() {
	echo "make-disk-image: $*" >&2
	exit 1
}
# shellcheck source=setup.sh
. "$here/setup.sh"
[ -z "$config" ] || config_read "$config"
esp_mib=$cfg_esp_mib
root_mib=$((size_mib - esp_mib - 2))
[ "$root_mib" -ge 256 ] ||
	die "DISK_IMAGE_MIB=$size_mib leaves $root_mib MiB for the root: give at least $((esp_mib + 258))"

# uuid PURPOSE: a version-4-shaped UUID from SOURCE_DATE_EPOCH.
uuid() {
	printf 'nexus-disk-image %s %s' "$SOURCE_DATE_EPOCH" "$1" | sha256sum |
		sed 's/^\(.\{8\}\)\(.\{4\}\).\(.\{3\}\).\(.\{3\}\)\(.\{12\}\).*/\1-\2-4\3-8\4-\5/'
}
disk_uuid=$(uuid disk) esp_uuid=$(uuid esp) root_uuid=$(uuid root)
fs_uuid=$(uuid ext4) hash_seed=$(uuid ext4-hash)
fat_id=$(uuid fat | cut -c1-8)

work=$out.work
rm -rf "$work"
mkdir -p "$work/esp"
sh "$here/../rootfs/make-rootfs.sh" "$nip" "$repo" "$keys" \
	"$profile/packages.list" "$work/root"
setup_root "$work/root" "$root_uuid" "$esp_uuid"
fill_esp "$work/root" "$work/esp" \
	"$(root_options "$root_uuid" "$(profile_words "$profile/cmdline")")"
find "$work/root" "$work/esp" -newermt "@$SOURCE_DATE_EPOCH" \
	-exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

# The EFI system partition (FAT32, as nexus-install makes it).
sh "$here/../rootfs/make-fat.sh" "$work/esp" "$work/esp.img" \
	$((esp_mib * 1024)) -F 32 -i "$fat_id" -n NEXUS_EFI

# The root: mke2fs -d sorts each folder and takes owners, modes and
# mtimes from the tree; every other time is the fake one.
truncate -s "${root_mib}M" "$work/root.img"
E2FSPROGS_FAKE_TIME=$SOURCE_DATE_EPOCH MKE2FS_CONFIG=$here/mke2fs.conf \
	mke2fs -q -F -t ext4 -L nexus-root -U "$fs_uuid" \
	-E "hash_seed=$hash_seed,root_owner=0:0" -d "$work/root" "$work/root.img"
(cd "$work/root" && find . | sort | sed 's|^\.||; s|^$|/|' |
	while IFS= read -r p; do
		printf 'sif "%s" atime @%s\nsif "%s" ctime @%s\n' \
			"$p" "$SOURCE_DATE_EPOCH" "$p" "$SOURCE_DATE_EPOCH"
	done) >"$work/times"
E2FSPROGS_FAKE_TIME=$SOURCE_DATE_EPOCH debugfs -w -f "$work/times" \
	"$work/root.img" >/dev/null 2>"$work/debugfs.err"
! grep -v '^debugfs [0-9.]* (' "$work/debugfs.err" >&2 ||
	die "debugfs could not set every time (above)"

# The disk: the same GPT as nexus-install makes, then both file systems.
truncate -s "${size_mib}M" "$work/disk.img"
sfdisk -q --no-reread --no-tell-kernel "$work/disk.img" >/dev/null <<EOF
label: gpt
label-id: $disk_uuid
start=2048, size=$((esp_mib * 2048)), type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, uuid=$esp_uuid, name="EFI system partition"
start=$(((esp_mib + 1) * 2048)), size=$((root_mib * 2048)), type=4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709, uuid=$root_uuid, name="Nexus root"
EOF
dd if="$work/esp.img" of="$work/disk.img" bs=1M seek=1 conv=notrunc,sparse \
	status=none
dd if="$work/root.img" of="$work/disk.img" bs=1M seek=$((esp_mib + 1)) \
	conv=notrunc,sparse status=none
qemu-img convert -f raw -O qcow2 "$work/disk.img" "$work/disk.qcow2"
mv "$work/disk.qcow2" "${out%.img}.qcow2"
mv "$work/disk.img" "$out"
rm -rf "$work"
