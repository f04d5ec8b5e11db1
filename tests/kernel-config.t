#!/usr/bin/env bash
# The kernel package's configuration holds every option the fragments
# ask for (the linux recipe checks this before building; here the shipped
# /boot/config is checked again), and the check fails, naming the option
# and the fragment, when one is missing.
. "$(dirname "$0")/lib.sh"
FRAGS=$TOP/kernel-config
pkg=$(newest_npk "$REPO_BUILT" linux)
need "$pkg"

zstd -qdc "$pkg" | tar -xf - --wildcards 'boot/*'
config=$(ls boot/config-*)
kernel=$(ls boot/vmlinuz-*)
is "${config#boot/config-}" "6.1.192-nexus-virt" "the package is the virt profile's 6.1 kernel"
run_ok "every option of base, hardening and virt survived" \
	sh "$FRAGS/check-config.sh" "$config" "$FRAGS/base.config" \
	"$FRAGS/hardening.config" "$FRAGS/virt.config"

# The hardening checklists' options taken (kernel-config/README.md), in
# the packaged config itself: allnoconfig had turned the mitigations off.
for opt in CONFIG_RETHUNK=y CONFIG_CPU_UNRET_ENTRY=y CONFIG_CPU_IBPB_ENTRY=y \
	CONFIG_CPU_IBRS_ENTRY=y CONFIG_CPU_SRSO=y CONFIG_SLS=y \
	CONFIG_MITIGATION_RFDS=y CONFIG_MITIGATION_SPECTRE_BHI=y \
	CONFIG_MITIGATION_ITS=y CONFIG_MITIGATION_TSA=y \
	CONFIG_GDS_FORCE_MITIGATION=y CONFIG_MICROCODE=y CONFIG_X86_MCE=y \
	CONFIG_SECURITY_LOCKDOWN_LSM=y CONFIG_SECURITY_LOCKDOWN_LSM_EARLY=y \
	CONFIG_MODULE_SIG=y 'CONFIG_MODULE_SIG_KEY=""' \
	CONFIG_UBSAN_BOUNDS=y CONFIG_UBSAN_TRAP=y CONFIG_UBSAN_SANITIZE_ALL=y \
	CONFIG_PAGE_TABLE_CHECK=y CONFIG_PAGE_TABLE_CHECK_ENFORCED=y \
	CONFIG_SCHED_CORE=y CONFIG_SYN_COOKIES=y CONFIG_ARCH_MMAP_RND_BITS=32 \
	CONFIG_PROC_MEM_NO_FORCE=y CONFIG_DEBUG_VIRTUAL=y CONFIG_WERROR=y; do
	grep -qx "$opt" "$config"
	ok $? "packaged config: $opt"
done
grep -qx 'CONFIG_CMDLINE="page_alloc.shuffle=1 pti=on"' "$config"
ok $? "packaged config: the built-in command line shuffles pages and forces PTI"
grep -q '^CONFIG_LSM="lockdown,' "$config"
ok $? "packaged config: lockdown comes first in CONFIG_LSM"
# Lockdown starts at none (PID 1 raises it): forced at boot, it would
# refuse the unsigned modules boot loads.
grep -qx "CONFIG_LOCK_DOWN_KERNEL_FORCE_NONE=y" "$config"
ok $? "packaged config: lockdown starts at none"
grep -qx "CONFIG_MODULE_SIG_FORCE=y" "$config"
ok $((! $?)) "packaged config: module signatures are not forced (no key to sign with)"

sed 's/^CONFIG_MODULE_SIG_KEY=.*/CONFIG_MODULE_SIG_KEY="certs\/signing_key.pem"/' \
	"$config" >keyed
run_fails "a generated signing key (not reproducible) fails the check" 1 \
	"hardening.config: 'CONFIG_MODULE_SIG_KEY=\"\"' did not survive" \
	sh "$FRAGS/check-config.sh" keyed "$FRAGS/hardening.config"
sed 's/^CONFIG_VIRTIO_BLK=y$/# CONFIG_VIRTIO_BLK is not set/' "$config" >dropped
run_fails "a dropped option fails the check, named with its fragment" 1 \
	"virt.config: 'CONFIG_VIRTIO_BLK=y' did not survive" \
	sh "$FRAGS/check-config.sh" dropped "$FRAGS/virt.config"
sed 's/^# CONFIG_DEVMEM is not set$/CONFIG_DEVMEM=y/' "$config" >reopened
run_fails "an option a fragment turns off, found on, fails too" 1 \
	"hardening.config: '# CONFIG_DEVMEM is not set' did not survive" \
	sh "$FRAGS/check-config.sh" reopened "$FRAGS/hardening.config"

file "$kernel" | grep -q "Linux kernel x86 boot executable"
ok $? "the package carries a bzImage"
echo "#   $kernel: $(stat -c %s "$kernel") bytes"
done_testing
