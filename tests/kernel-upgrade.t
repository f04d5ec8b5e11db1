#!/usr/bin/env bash
# A kernel upgrade on an installed system, as its administrator makes
# it: the disk image (make disk-image) under OVMF, a repository with a
# newer linux package, `nip upgrade` in the guest, and a reboot.
# With NEXUS_UPGRADE_REPO (make check-kernel-upgrade: the repository of
# the virt-debug kernel), the new packages are another kernel build's
# linux, linux-modules and ion, and uname -r changes. make check has no
# time for a second kernel build: it repacks the same kernel under
# another file name, and the guest first makes the ESP's copy stale,
# so only the copy nexus-boot's trigger makes can boot the second time.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/qemu/harness.sh"
img=$TOP/build/nexus-disk.img
need "$img" "$OVMF_CODE" "$OVMF_VARS" "$KEY"
mkdir -p suite/repo

# repack REPO NAME: NAME from REPO as release 999 into suite/repo, its
# files as they are, without its dependencies (all move together).
repack() {
	local npk
	npk=$(newest_npk "$1" "$2")
	[ -n "$npk" ] || return 1
	rm -rf stage && mkdir stage &&
		bsdtar -xf "$npk" -C stage --exclude .MANIFEST || return 1
	[ -z "${rename:-}" ] || mv stage/boot/vmlinuz-* "stage/boot/$rename"
	sed -n 's/^\(name\|version\|summary\|license\) \(.*\)/\1: "\2"/p' \
		<(bsdtar -xOf "$npk" .MANIFEST) >"$2.npk.yaml"
	echo "release: 999" >>"$2.npk.yaml"
	"$NIP" -q pack -k "$KEY" -o suite/repo "$2.npk.yaml" stage
}
old=$(bsdtar -tf "$(newest_npk "$REPO_BUILT" linux)" | sed -n 's|^boot/vmlinuz-||p')
if [ -n "${NEXUS_UPGRADE_REPO:-}" ]; then
	need "$NEXUS_UPGRADE_REPO/NIPINDEX"
	for p in linux linux-modules ion; do
		repack "$NEXUS_UPGRADE_REPO" "$p" ||
			{ echo "Bail out! cannot repack $p from $NEXUS_UPGRADE_REPO"; exit 1; }
	done
	echo "linux linux-modules ion" >suite/upgrade
else
	rename=vmlinuz-$old-next repack "$REPO_BUILT" linux ||
		{ echo "Bail out! cannot repack linux from $REPO_BUILT"; exit 1; }
	echo linux >suite/upgrade
fi
"$NIP" -q index -k "$KEY" suite/repo
ok $? "the new kernel's packages, release 999, signed by the image's key"
new=$(bsdtar -tf "$(newest_npk suite/repo linux)" | sed -n 's|^boot/vmlinuz-||p')
echo "vmlinuz-$new" >suite/kernel
krel=${new%-next}
echo "$krel" >suite/krel
if [ -n "${NEXUS_UPGRADE_REPO:-}" ]; then
	[ "$krel" != "$old" ]
	ok $? "  ...another kernel: $old becomes $krel"
fi
cp "$TESTS_DIR/suites/kernel-upgrade/run" suite/
cp --sparse=always "$img" disk.img
cp "$OVMF_VARS" vars.fd

boot() {	# boot PHASE: the copy of the image, the suite in PHASE
	echo "$1" >suite/phase
	ovmf_args "$T/vars.fd"
	run_guest 900 "nexus $TEST_OPTIONS" "${OVMF_ARGS[@]}" \
		-drive "file=$T/disk.img,format=raw,if=virtio" \
		-virtfs "$(suite_share "$T/suite")"
	collect_tap "$1"
}
boot upgrade
boot rebooted
done_testing
