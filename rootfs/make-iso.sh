#!/bin/sh
# make-iso.sh NIP REPO KEYSDIR KEY PROFILE OUT: the hybrid live ISO of
# the image profile PROFILE (a folder: packages.list, boot.list, cmdline,
# overlay/, installs), for CD and disk/USB, BIOS and UEFI alike.
#
#   PROFILE/packages.list  -> nip --root -> + overlay -> the initramfs
#   PROFILE/boot.list      -> nip --root -> the kernel and BOOTX64.EFI
#   PROFILE/installs       -> the profile nexus-install puts on a disk:
#                             its package set and their closure as a
#                             repository signed with KEY, on the medium
#
# BIOS: isolinux (El Torito, and isohybrid's MBR for disks) reads
# /boot from the ISO 9660 tree. UEFI: the El Torito EFI image, also a
# GPT partition for disks, is a FAT file system with nexus-boot and its
# own copy of the kernel and initramfs (firmware reads FAT, not ISO
# 9660). All times are SOURCE_DATE_EPOCH's, so a tree gives one ISO.
set -eu
nip=$1 repo=$2 keys=$3 key=$4 profile=$5 out=$6
: "${SOURCE_DATE_EPOCH:?make-iso: SOURCE_DATE_EPOCH must be set}"
here=$(cd "$(dirname "$0")" && pwd)
# Absolute paths: the steps below change directory.
abs() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
nip=$(abs "$nip") repo=$(abs "$repo") keys=$(abs "$keys") key=$(abs "$key")
out=$(abs "$out")
isolinux=/usr/lib/ISOLINUX
syslinux_bios=/usr/lib/syslinux/modules/bios
work=$out.work
rm -rf "$work"
mkdir -p "$work/iso/boot" "$work/iso/isolinux" "$work/esp/EFI/BOOT" \
	"$work/esp/boot"

sh "$here/make-rootfs.sh" "$nip" "$repo" "$keys" "$profile/packages.list" \
	"$work/live"
sh "$here/make-rootfs.sh" "$nip" "$repo" "$keys" "$profile/boot.list" \
	"$work/bootroot"

# The overlay adds files; one that a package owns would make nip's
# records lie, so it is an error.
if [ -d "$profile/overlay" ]; then
	(cd "$profile/overlay" && find . -mindepth 1 ! -type d) | LC_ALL=C sort |
	while IFS= read -r f; do
		if [ -e "$work/live/$f" ] || [ -L "$work/live/$f" ]; then
			echo "make-iso: $profile/overlay/${f#./} would replace a file a package installed" >&2
			exit 1
		fi
	done
	(cd "$profile/overlay" && find . -mindepth 1 | LC_ALL=C sort |
		cpio -pdm --quiet "$work/live")
	(cd "$profile/overlay" && find . -mindepth 1) | (cd "$work/live" &&
		while IFS= read -r f; do
			chown -h 0:0 "$f"
			[ -L "$f" ] || chmod go-w "$f"
			touch -h -d "@$SOURCE_DATE_EPOCH" "$f"
		done)
fi

# The install medium: the disk profile, its packages (the closure nip
# resolves, found by installing it once) as a repository of their own,
# signed, and the medium's identity, which the live system carries too
# so that nexus-install knows which disk it runs from. The index takes
# its time from SOURCE_DATE_EPOCH and lasts ten years: the medium is
# read-only, so a stale index cannot be replayed onto it.
if [ -f "$profile/installs" ]; then
	disk=$profile/$(sed 's/#.*//' "$profile/installs" | tr -d ' \t\n')
	[ -f "$disk/packages.list" ] ||
		{ echo "make-iso: $profile/installs: $disk has no packages.list" >&2; exit 1; }
	sh "$here/make-rootfs.sh" "$nip" "$repo" "$keys" "$disk/packages.list" \
		"$work/diskroot"
	mkdir -p "$work/iso/nexus/repo" "$work/iso/nexus/disk"
	"$nip" --root "$work/diskroot" list | while read -r name vr; do
		cp "$repo/$name-$vr.npk" "$repo/$name-$vr.npk.minisig" \
			"$work/iso/nexus/repo/"
	done
	"$nip" -q index -k "$key" --serial 1 --now "$SOURCE_DATE_EPOCH" \
		--expires-days 3650 "$work/iso/nexus/repo"
	cp "$disk/packages.list" "$disk/cmdline" "$work/iso/nexus/disk/"
	sha256sum <"$work/iso/nexus/repo/NIPINDEX" | cut -d' ' -f1 \
		>"$work/iso/nexus/medium-id"
	mkdir -p "$work/live/etc/nexus"
	cp "$work/iso/nexus/medium-id" "$work/live/etc/nexus/medium-id"
	touch -d "@$SOURCE_DATE_EPOCH" "$work/live/etc/nexus/medium-id" \
		"$work/live/etc/nexus"
	rm -rf "$work/diskroot"
fi

set -- "$work"/bootroot/boot/vmlinuz-*
{ [ $# -eq 1 ] && [ -f "$1" ]; } ||
	{ echo "make-iso: $profile/boot.list must bring exactly one /boot/vmlinuz-*" >&2; exit 1; }
kernel=$1
loader=$work/bootroot/usr/lib/nexus-boot/BOOTX64.EFI
[ -f "$loader" ] ||
	{ echo "make-iso: $profile/boot.list brings no UEFI loader (nexus-boot)" >&2; exit 1; }
cmdline=$(sed 's/#.*//' "$profile/cmdline" | tr -s ' \t\n' ' ' | sed 's/^ //; s/ $//')

cp "$kernel" "$work/iso/boot/vmlinuz"
sh "$here/make-initramfs.sh" "$work/live" "$work/iso/boot/initramfs.zst"

# One prompt, two loaders: 5 s, then the default; typed words are
# added to the options ("nexus quiet" at either prompt).
cp "$isolinux/isolinux.bin" "$syslinux_bios/ldlinux.c32" "$work/iso/isolinux/"
cat >"$work/iso/isolinux/isolinux.cfg" <<EOF
SERIAL 0 115200
PROMPT 1
TIMEOUT 50
DEFAULT nexus
SAY Nexus: press Enter to boot, or type "nexus" and kernel options.
LABEL nexus
  KERNEL /boot/vmlinuz
  INITRD /boot/initramfs.zst
  APPEND $cmdline
EOF
cp "$loader" "$work/esp/EFI/BOOT/BOOTX64.EFI"
cp "$work/iso/boot/vmlinuz" "$work/iso/boot/initramfs.zst" "$work/esp/boot/"
cat >"$work/esp/boot/nexus-boot.conf" <<EOF
label nexus
kernel \\boot\\vmlinuz
initrd \\boot\\initramfs.zst
options $cmdline
timeout 5
EOF

# The EFI system partition: its files plus room for FAT's own tables.
find "$work/iso" "$work/esp" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
kib=$(du -sk --apparent-size "$work/esp" | cut -f1)
kib=$(((kib + 512 + 31) / 32 * 32))
sh "$here/make-fat.sh" "$work/esp" "$work/iso/boot/efi.img" "$kib" -n NEXUS_EFI
# efi.img is new, and so is the time of the folder that holds it.
find "$work/iso" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

xorriso -as mkisofs -quiet -o "$out.tmp" -V NEXUS_LIVE -r -J \
	-isohybrid-mbr "$isolinux/isohdpfx.bin" \
	-c isolinux/boot.cat -b isolinux/isolinux.bin \
	-no-emul-boot -boot-load-size 4 -boot-info-table \
	-eltorito-alt-boot -e boot/efi.img -no-emul-boot \
	-isohybrid-gpt-basdat "$work/iso"
mv "$out.tmp" "$out"
rm -rf "$work"
