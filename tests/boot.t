#!/usr/bin/env bash
# The base system booted in QEMU (TCG) from an initramfs of build/rootfs
# with the packaged kernel: the boot suite runs inside (tests/suites/boot)
# and its results are read from the serial console.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/qemu/harness.sh"
pkg=$(ls "$REPO_BUILT"/linux-[0-9]*.npk 2>/dev/null | head -1)
need "$pkg" "$ROOTFS/init"
zstd -qdc "$pkg" | tar -xf - --wildcards 'boot/vmlinuz-*'
initramfs_from "$ROOTFS" initrd.zst
echo "#   initramfs: $(stat -c %s initrd.zst) bytes"
boot_suite "$(ls "$T"/boot/vmlinuz-*)" initrd.zst "$TESTS_DIR/suites/boot" 300
done_testing
