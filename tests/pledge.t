#!/usr/bin/env bash
# The pledge LSM in QEMU (TCG): the live system (its package set,
# pledge included, as an initramfs) boots the packaged kernel in test
# mode and runs tests/suites/pledge: pledge(1), and the kselftest suite
# from the pledge-tests package.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/qemu/harness.sh"
tests_pkg=$(ls "$REPO_BUILT"/pledge-tests-[0-9]*.npk 2>/dev/null | head -1)
need "$tests_pkg" "$KEY"
kernel=$(kernel_of "$REPO_BUILT") || need "$REPO_BUILT/linux-*.npk"
live_initramfs "$NIP" "$REPO_BUILT" "$(dirname "$KEY")" initrd.zst
mkdir suite
cp "$TESTS_DIR/suites/pledge/run" suite/
zstd -qdc "$tests_pkg" | tar -xf - -C suite --strip-components=3 \
	--wildcards 'usr/libexec/pledge/*'
need suite/pledge-selftest
boot_suite "$kernel" initrd.zst suite 600
done_testing
