#!/usr/bin/env bash
# make fuzz-kernel: tests/kstress.c against the kernel code of ours in
# QEMU (TCG), on the virt-debug kernel (KASAN, lockdep) of
# build/repo-virt-debug unless REPO_BUILT names another repository:
# the live package set as an initramfs, ion.ko loaded, the suite
# tests/suites/kstress. KSTRESS_SECONDS (600) long, seed KSTRESS_SEED
# (the date's, said, so a failure can be replayed).
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/qemu/harness.sh"
seconds=${KSTRESS_SECONDS:-600} seed=${KSTRESS_SEED:-$(date +%Y%m%d)}
ion_tests=$(newest_npk "$REPO_BUILT" ion-tests)
pledge_tests=$(newest_npk "$REPO_BUILT" pledge-tests)
need "$ion_tests" "$pledge_tests" "$KEY"
kernel=$(kernel_of "$REPO_BUILT") || need "$REPO_BUILT/linux-*.npk"
live_initramfs "$NIP" "$REPO_BUILT" "$(dirname "$KEY")" initrd.zst ||
	{ echo "Bail out! the live package set does not install"; exit 1; }
suite_from kstress "$ion_tests" ion
zstd -qdc "$pledge_tests" | tar -xf - -C suite --strip-components=3 \
	--wildcards 'usr/libexec/pledge/*'
need suite/ion-selftest suite/pledge-selftest
cc -std=c11 -Wall -Wextra -Werror -O2 -static \
	-I"$TOP/ion-kmod/include/uapi" -I"$TOP/kernel-config/lsm/include/uapi" \
	-o suite/kstress "$TESTS_DIR/kstress.c" ||
	{ echo "Bail out! cannot build kstress static"; exit 1; }
echo "$seconds" >suite/seconds
echo "$seed" >suite/seed
echo "# kernel $(basename "$kernel"), $seconds s, seed $seed"
# A virtio GPU, as tests/pledge.t boots with: the "drm" promise's
# card and render node, which pledge-selftest uses.
GUEST_OPTIONS="nexus.modules=open" \
	boot_suite "$kernel" initrd.zst suite $((seconds * 3 + 900)) \
	-vga none -device virtio-gpu-pci
done_testing
