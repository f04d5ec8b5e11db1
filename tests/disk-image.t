#!/usr/bin/env bash
# make disk-image: built a second time from the same inputs it is the
# same bytes, raw and qcow2; the qcow2 holds the raw image; and the image
# boots by itself under OVMF (fresh variables: the removable-media path)
# into the installed system.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/qemu/harness.sh"
img=$TOP/build/nexus-disk.img
need "$img" "${img%.img}.qcow2" "$OVMF_CODE" "$OVMF_VARS"
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$TOP" log -1 --format=%ct)}

start=$(date +%s%N)
sh "$TOP/installer/make-disk-image.sh" "$TOP/build/nip/nip" "$REPO_BUILT" \
	"$(dirname "$KEY")" "$TOP/rootfs/disk" "$T/again.img" >/dev/null 2>err
ok $? "a second disk image builds"
echo "#   built in $((($(date +%s%N) - start) / 1000000)) ms"
cmp "$img" again.img >cmp.out 2>&1
ok $? "  ...and the raw image is bit-identical to build/nexus-disk.img"
sed 's/^/#   /' cmp.out err | head -5
cmp "${img%.img}.qcow2" again.qcow2 >cmp.out 2>&1
ok $? "  ...and so is the qcow2"
echo "#   raw: $(stat -c %s "$img") bytes, $(du -k "$img" | cut -f1) KiB allocated; qcow2: $(stat -c %s "${img%.img}.qcow2") bytes"
qemu-img compare -q -f raw -F qcow2 "$img" "${img%.img}.qcow2"
ok $? "the qcow2 holds the raw image"
sfdisk -d "$img" >gpt.txt 2>&1
grep -q 'type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B.*name="EFI system partition"' gpt.txt &&
	grep -q 'type=4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709.*name="Nexus root"' gpt.txt
ok $? "a GPT: the ESP and the root"

mkdir suite
cp "$TESTS_DIR/suites/disk-image/run" suite/
sed 's/#.*//' "$TOP/rootfs/disk/packages.list" | tr -s ' \n' '\n' | sed '/^$/d' >suite/packages
cp "$OVMF_VARS" vars.fd
ovmf_args "$T/vars.fd"
run_guest 600 "nexus $TEST_OPTIONS" "${OVMF_ARGS[@]}" \
	-drive "file=${img%.img}.qcow2,format=qcow2,if=virtio,snapshot=on" \
	-virtfs "$(suite_share "$T/suite")"
collect_tap "qcow2 under OVMF"
done_testing
