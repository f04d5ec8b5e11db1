#!/usr/bin/env bash
# init's /etc/fstab pieces on the host (base/tests/fstab-probe.c): the
# PARTUUID= lookup, through the GPT of disk images that stand in for
# /dev/vda (512-byte blocks) and /dev/nvme0n1 (4096), and the split of
# fstab options into mount(2) flags and the file system's own.
. "$(dirname "$0")/../../tests/tap.sh"
PROBE=${FSTAB_PROBE:-$(cd "$TESTS_DIR/../.." && pwd)/build/base-san/fstab-probe}
[ -x "$PROBE" ] || { echo "Bail out! $PROBE is missing: run make check"; exit 1; }
mkdir -p dev sys/block/vda/queue sys/block/nvme0n1/queue sys/block/sda/queue \
	sys/block/loop0/queue
echo 512 >sys/block/vda/queue/logical_block_size
echo 4096 >sys/block/nvme0n1/queue/logical_block_size
echo 512 >sys/block/sda/queue/logical_block_size
echo 512 >sys/block/loop0/queue/logical_block_size
A=6a1e2c3d-4b5f-4a60-8b71-92a3b4c5d6e7 B=0f9e8d7c-6b5a-4948-8a37-261504f3e2d1
C=11111111-2222-4333-8444-555555555555 D=99999999-8888-4777-8666-555544443333
# gpt FILE SECTOR-SIZE UUID1 UUID2: a GPT as a disk of that block size
# writes it (sfdisk 2.38 takes the size from the device: a loop device).
gpt() {
	local loop
	truncate -s 64M "$1"
	loop=$(losetup -f --show --sector-size "$2" "$1") || return 1
	sfdisk -q "$loop" >/dev/null <<SF
label: gpt
size=8MiB, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, uuid=$3
type=4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709, uuid=$4
SF
	losetup -d "$loop"
}
gpt dev/vda 512 "$A" "$B"
gpt dev/nvme0n1 4096 "$C" "$D"
truncate -s 1M dev/sda	# no partition table at all
cp dev/vda dev/loop0	# loops are never looked at

run_ok "PARTUUID of vda's second partition" "$PROBE" partuuid sys dev "$B"
is "$(cat out)" dev/vda2 "  ...is dev/vda2"
run_ok "PARTUUID on NVMe with 4096-byte blocks" "$PROBE" partuuid sys dev "$C"
is "$(cat out)" dev/nvme0n1p1 "  ...is dev/nvme0n1p1 (the kernel's p)"
run_ok "upper case is the same GUID" "$PROBE" partuuid sys dev \
	"$(echo "$D" | tr a-f A-F)"
is "$(cat out)" dev/nvme0n1p2 "  ...dev/nvme0n1p2"
"$PROBE" partuuid sys dev 12345678-1234-4234-8234-123456789abc >out 2>&1
ok $(($? == 1 ? 0 : 1)) "a GUID no disk has is not found"
"$PROBE" partuuid sys dev not-a-guid >out 2>&1
ok $(($? == 1 ? 0 : 1)) "nor is text that is not a GUID"
# A damaged header (not "EFI PART") is no GPT.
printf 'XXXXXXXX' | dd of=dev/vda bs=1 seek=512 conv=notrunc status=none
"$PROBE" partuuid sys dev "$B" >out 2>&1
ok $(($? == 1 ? 0 : 1)) "a disk whose GPT header is damaged is passed over"

opts() { "$PROBE" options "$1"; }
is "$(opts defaults)" "0 - 0" "defaults: no flags"
is "$(opts rw,relatime)" "0x200000 - 0" "rw,relatime: MS_RELATIME"
is "$(opts ro,noatime,errors=remount-ro,discard)" "0x401 errors=remount-ro,discard 0" \
	"ro,noatime: flags; errors=, discard: the file system's"
is "$(opts rw,nosuid,nodev,noexec,umask=0077)" "0xe umask=0077 0" \
	"the ESP's options"
is "$(opts ro,rw)" "0 - 0" "the last of ro and rw wins"
is "$(opts noauto,ro)" "0x1 - 1" "noauto is seen"
"$PROBE" options "$(printf 'x%.0s' $(seq 600))" >/dev/null 2>&1
ok $(($? == 1 ? 0 : 1)) "options longer than init reads are refused"
done_testing
