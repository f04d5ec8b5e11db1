#!/usr/bin/env bash
# ION rings with the real module, in QEMU (TCG): the live system (its
# package set, ion included, as an initramfs) boots the packaged kernel
# in test mode with module loading left open, and runs tests/suites/ion:
# the kselftest suite from the ion-tests package and the example.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/qemu/harness.sh"
tests_pkg=$(newest_npk "$REPO_BUILT" ion-tests)
need "$tests_pkg" "$KEY"
kernel=$(kernel_of "$REPO_BUILT") || need "$REPO_BUILT/linux-*.npk"
live_initramfs "$NIP" "$REPO_BUILT" "$(dirname "$KEY")" initrd.zst
suite_from ion "$tests_pkg" ion
need suite/ion-selftest suite/ion-example
GUEST_OPTIONS="nexus.modules=open" \
	boot_suite "$kernel" initrd.zst suite 900
done_testing
