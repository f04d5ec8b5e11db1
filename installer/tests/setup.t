#!/usr/bin/env bash
# installer/setup.sh on the host: the configuration nexus-install and
# make-disk-image.sh read (every refusal names file and line), and what
# they write into a root (fstab, host name, accounts) and an ESP (the
# loader twice, the kernel, its settings). The disk steps themselves run
# in QEMU (tests/install.t).
# shellcheck disable=SC2016 # crypt hashes and in_setup's scripts: single-quoted
. "$(dirname "$0")/../../tests/tap.sh"
TOP=$(cd "$TESTS_DIR/../.." && pwd)
ROOTFS=$TOP/build/rootfs
[ -f "$ROOTFS/etc/shadow" ] || { echo "Bail out! $ROOTFS is missing: run make check"; exit 1; }
SETUP=$TOP/installer/setup.sh

# in_setup SCRIPT: SCRIPT with setup.sh's functions, die as the tools'.
in_setup() {
	sh -c '. "$1"; die() { echo "test: $*" >&2; exit 1; }; eval "$2"' sh "$SETUP" "$1"
}
conf() { printf '%s\n' "$@" >c.conf; }
refused() {	# refused DESCRIPTION PATTERN LINE...
	local d=$1 p=$2
	shift 2
	conf "$@"
	run_fails "$d" 1 "$p" in_setup 'config_read c.conf'
}

H='$6$salt$abcdefghijklmnopqrstuvwxyz0123456789./ABCDEFGHIJ'
conf "# a workstation" "hostname ws1   # trailing comment" "" "user alice" \
	"user-password-hash $H" "root-password-hash !" "disk /dev/vda" \
	"esp-size-mib 256"
run_ok "a configuration is read" in_setup 'config_read c.conf
	echo "$cfg_hostname|$cfg_user|$cfg_user_hash|$cfg_root_hash|$cfg_disk|$cfg_esp_mib"'
is "$(cat out)" "ws1|alice|$H|!|/dev/vda|256" "  ...every key"
refused "an unknown key is named with file and line" \
	'^test: c.conf:2: unknown key: hostnam$' "hostname a" "hostnam b"
refused "a line with three words" 'c.conf:1: expected "key value"' "user a b"
refused "a host name with a dot" 'c.conf:1: hostname: a.b is not a host name' \
	"hostname a.b"
refused "a user named root" 'c.conf:1: user: root is not a user name' "user root"
refused "a user name with upper case" 'c.conf:1: user: Alice' "user Alice"
refused "a password in clear" 'c.conf:1: root-password-hash: not a crypt' \
	"root-password-hash secret"
refused "a hash with a character sed would read" 'c.conf:1: user-password-hash' \
	'user-password-hash $6$a|b' "user a"
refused "a user's hash without the user" 'c.conf: user-password-hash without a user' \
	"user-password-hash $H"
refused "an ESP size that is no number" 'c.conf:1: esp-size-mib: 12x' "esp-size-mib 12x"
refused "an ESP too small for FAT32" 'c.conf:1: esp-size-mib: 32 is outside' \
	"esp-size-mib 32"

# A root as nip installs it (build/rootfs), configured.
cp -a "$ROOTFS" root
conf "hostname ws1" "user alice" "user-password-hash $H" "root-password-hash $H"
run_ok "setup_root configures an installed root" in_setup 'config_read c.conf
	setup_root root 11111111-2222-4333-8444-555555555555 66666666-7777-4888-8999-000000000000'
grep -q "^PARTUUID=11111111-2222-4333-8444-555555555555	/		ext4	" root/etc/fstab &&
	grep -q "^PARTUUID=66666666-7777-4888-8999-000000000000	/boot/efi	vfat	.*umask=0077" root/etc/fstab
ok $? "  ...fstab: the root and the ESP by PARTUUID"
is "$(cat root/etc/hostname)" ws1 "  ...the host name"
is "$(grep '^root:' root/etc/shadow | cut -d: -f2)" "$H" "  ...root's password"
is "$(grep '^alice:' root/etc/passwd)" "alice:x:1000:1000::/home/alice:/bin/sh" \
	"  ...the administrator in passwd"
is "$(grep '^wheel:' root/etc/group)" "wheel:x:10:root,alice" "  ...in wheel"
is "$(grep '^alice:' root/etc/shadow | cut -d: -f2)" "$H" "  ...with their password"
is "$(stat -c '%u:%g %a' root/home/alice)" "1000:1000 700" "  ...and a home of their own"
is "$(stat -c '%a' root/etc/shadow)" 600 "  ...shadow stays 0600"
is "$(stat -c '%a' root/boot/efi)" 700 "  .../boot/efi is there for the ESP"
run_fails "a second administrator of the same name is refused" 1 \
	"user alice is already in root/etc/passwd" in_setup 'config_read c.conf
	add_user root alice "!"'

# The ESP.
mkdir -p fr/boot fr/usr/lib/nexus-boot
echo kernel >fr/boot/vmlinuz-6.1.0-nexus
echo loader >fr/usr/lib/nexus-boot/BOOTX64.EFI
run_ok "fill_esp writes the ESP" in_setup 'fill_esp fr esp "$(root_options 11111111-2222-4333-8444-555555555555 console=ttyS0)"'
is "$(cat esp/EFI/nexus/BOOTX64.EFI esp/EFI/BOOT/BOOTX64.EFI esp/EFI/nexus/vmlinuz | tr '\n' ' ')" \
	"loader loader kernel " "  ...the loader at its path and the fallback path, the kernel"
grep -qx 'options root=PARTUUID=11111111-2222-4333-8444-555555555555 ro rootwait console=ttyS0' esp/boot/nexus-boot.conf &&
	grep -qx 'kernel \\EFI\\nexus\\vmlinuz' esp/boot/nexus-boot.conf
ok $? "  ...and the loader's settings: the kernel and the root"
[ -z "$(find esp -name '*.new')" ]
ok $? "  ...each file written whole, by rename"
echo k2 >fr/boot/vmlinuz-6.1.1-nexus
run_fails "two kernels are refused" 1 "needs exactly one /boot/vmlinuz" \
	in_setup 'fill_esp fr esp2 x'
rm fr/boot/vmlinuz-6.1.1-nexus fr/usr/lib/nexus-boot/BOOTX64.EFI
run_fails "a root without the loader is refused" 1 "the profile lacks nexus-boot" \
	in_setup 'fill_esp fr esp2 x'
[ ! -e esp2 ]
ok $? "  ...before writing anything"

# nexus-install stops on a bad configuration before it looks at a disk.
conf "hostname a.b"
NEXUS_INSTALL_LIB=$TOP/installer run_fails "nexus-install names a bad configuration" 1 \
	"^nexus-install: c.conf:1: hostname" sh "$TOP/installer/nexus-install" -c c.conf
NEXUS_INSTALL_LIB=$TOP/installer run_fails "nexus-install names a missing one" 1 \
	"nope.conf: cannot read" sh "$TOP/installer/nexus-install" -c nope.conf
NEXUS_INSTALL_LIB=$TOP/installer run_fails "nexus-install: a usage error" 2 \
	"usage: nexus-install" sh "$TOP/installer/nexus-install" a b
NEXUS_INSTALL_LIB=$TOP/installer run_fails "nexus-install --config=FILE is read" 1 \
	"^nexus-install: c.conf:1: hostname" sh "$TOP/installer/nexus-install" --yes --config=c.conf
NEXUS_INSTALL_LIB=$TOP/installer run_fails "nexus-install --config FILE too" 1 \
	"^nexus-install: c.conf:1: hostname" sh "$TOP/installer/nexus-install" --config c.conf --yes
NEXUS_INSTALL_LIB=$TOP/installer run_fails "an unknown long option is named" 2 \
	"unknown option --wipe" sh "$TOP/installer/nexus-install" --wipe /dev/vda
done_testing
