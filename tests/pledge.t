#!/usr/bin/env bash
# The pledge LSM in QEMU (TCG): the live system (its package set,
# pledge included, as an initramfs) boots the packaged kernel in test
# mode and runs tests/suites/pledge: pledge(1), and the kselftest suite
# from the pledge-tests package.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/qemu/harness.sh"
tests_pkg=$(newest_npk "$REPO_BUILT" pledge-tests)
need "$tests_pkg" "$KEY"
kernel=$(kernel_of "$REPO_BUILT") || need "$REPO_BUILT/linux-*.npk"
live_initramfs "$NIP" "$REPO_BUILT" "$(dirname "$KEY")" initrd.zst
suite_from pledge "$tests_pkg" pledge
need suite/pledge-selftest
# A repository for the guest's pledged nip: three packages (static,
# no dependencies), so that little goes through 9p.
mkdir suite/repo
for name in base-files mksh toybox; do
	f=$(newest_npk "$REPO_BUILT" "$name")
	need "$f"
	cp "$f" "$f.minisig" suite/repo/
done
# A package with a set-user-ID program: a pledged nip stages it without
# the bit, and its unconfined parent sets it after the commit.
mkdir -p setid/usr/bin
printf '#!/bin/sh\n' >setid/usr/bin/setid-demo
chmod 4755 setid/usr/bin/setid-demo
printf 'name: setid-demo\nversion: "1"\nrelease: 1\nsummary: %s\nlicense: MIT\n' \
	"a set-user-ID test program" >setid-demo.npk.yaml
"$NIP" -q pack -k "$KEY" -o suite/repo setid-demo.npk.yaml setid
"$NIP" index -k "$KEY" suite/repo >/dev/null
# A virtio GPU: the "drm" promise's card and render node.
boot_suite "$kernel" initrd.zst suite 600 -vga none -device virtio-gpu-pci
done_testing
