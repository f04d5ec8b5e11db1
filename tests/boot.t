#!/usr/bin/env bash
# The base system booted in QEMU (TCG) from an initramfs of build/rootfs
# with the packaged kernel: the boot suite runs inside (tests/suites/boot)
# and its results are read from the serial console.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/qemu/harness.sh"
need "$ROOTFS/init"
kernel=$(kernel_of "$REPO_BUILT") || need "$REPO_BUILT/linux-*.npk"
initramfs_from "$ROOTFS" initrd.zst
echo "#   initramfs: $(stat -c %s initrd.zst) bytes"
boot_suite "$kernel" initrd.zst "$TESTS_DIR/suites/boot" 300
done_testing
