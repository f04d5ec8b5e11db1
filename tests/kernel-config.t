#!/usr/bin/env bash
# The kernel package's configuration holds every option the fragments
# ask for (the linux recipe checks this before building; here the shipped
# /boot/config is checked again), and the check fails, naming the option
# and the fragment, when one is missing.
. "$(dirname "$0")/lib.sh"
FRAGS=$TOP/kernel-config
pkg=$(ls "$REPO_BUILT"/linux-[0-9]*.npk 2>/dev/null | head -1)
need "$pkg"

zstd -qdc "$pkg" | tar -xf - --wildcards 'boot/*'
config=$(ls boot/config-*)
kernel=$(ls boot/vmlinuz-*)
is "${config#boot/config-}" "6.1.192-nexus-virt" "the package is the virt profile's 6.1 kernel"
run_ok "every option of base, hardening and virt survived" \
	sh "$FRAGS/check-config.sh" "$config" "$FRAGS/base.config" \
	"$FRAGS/hardening.config" "$FRAGS/virt.config"

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
