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
suite_from pledge "$tests_pkg" pledge
need suite/pledge-selftest
# A repository for the guest's pledged nip: the base set, no kernel.
mkdir suite/repo
for f in "$REPO_BUILT"/*.npk; do
	case ${f##*/} in linux*) continue ;; esac
	cp "$f" "$f.minisig" suite/repo/
done
"$NIP" index -k "$KEY" suite/repo >/dev/null
boot_suite "$kernel" initrd.zst suite 600
done_testing
