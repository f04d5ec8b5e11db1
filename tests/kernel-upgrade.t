#!/usr/bin/env bash
# A kernel upgrade on an installed system, as its administrator makes
# it: the disk image (make disk-image) under OVMF, a repository with a
# newer linux package, `nip upgrade linux` in the guest, and a reboot.
# The newer package is the same kernel repacked as release 999 under
# another file name (a second kernel build does not fit in make check),
# so the guest first makes the ESP's copy stale: only the copy
# nexus-boot's trigger makes can boot the second time.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/qemu/harness.sh"
img=$TOP/build/nexus-disk.img
need "$img" "$OVMF_CODE" "$OVMF_VARS" "$KEY"

linux=$(newest_npk "$REPO_BUILT" linux)
mkdir -p stage suite/repo
bsdtar -xf "$linux" -C stage --exclude .MANIFEST
set -- stage/boot/vmlinuz-*
mv "$1" "$1-next"
sed -n 's/^\(name\|version\|summary\|license\) \(.*\)/\1: "\2"/p' \
	<(bsdtar -xOf "$linux" .MANIFEST) >linux.npk.yaml
echo "release: 999" >>linux.npk.yaml
"$NIP" -q pack -k "$KEY" -o suite/repo linux.npk.yaml stage &&
	"$NIP" -q index -k "$KEY" suite/repo
ok $? "a linux package of release 999, signed by the image's key"
cp "$TESTS_DIR/suites/kernel-upgrade/run" suite/
cp --sparse=always "$img" disk.img
cp "$OVMF_VARS" vars.fd

boot() {	# boot PHASE: the copy of the image, the suite in PHASE
	echo "$1" >suite/phase
	ovmf_args "$T/vars.fd"
	run_guest 600 "nexus $TEST_OPTIONS" "${OVMF_ARGS[@]}" \
		-drive "file=$T/disk.img,format=raw,if=virtio" \
		-virtfs "$(suite_share "$T/suite")"
	collect_tap "$1"
}
boot upgrade
boot rebooted
done_testing
