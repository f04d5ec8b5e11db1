#!/usr/bin/env bash
# nexus-boot's trigger (base/boot/refresh-esp) with the real packages of
# build/repo, chrooted as nip runs it: with no ESP it does nothing; with
# one at /boot/efi, installing the kernel puts it and the loader there,
# and `nip upgrade linux` to a kernel of another name replaces the ESP's
# copy with it, leaving the loader's settings alone. What stops it (two
# kernels, an ESP not mounted) is said, recorded and run again by
# `nip trigger`; another system's fallback loader stays.
. "$(dirname "$0")/lib.sh"
need "$REPO_BUILT/NIPINDEX" "$KEY"
[ "$(id -u)" = 0 ] || { echo "Bail out! esp-trigger.t chroots: run it as root"; exit 1; }
keys=$(dirname "$KEY")
mkdir root
nipb() { "$NIP" --root "$T/root" --keys-dir "$keys" "$@"; }

run_ok "nexus-boot and a shell install" \
	nipb --repo "$REPO_BUILT" install base-files mksh toybox nexus-boot
grep -q 'refresh-esp: no Nexus ESP at /boot/efi: nothing to refresh' out
ok $? "  ...its trigger ran and found no ESP to refresh" || sed 's/^/#   /' out err
esp=root/boot/efi
mkdir -p "$esp/EFI/nexus" "$esp/EFI/BOOT" "$esp/boot"
echo "options root=PARTUUID=kept" >"$esp/boot/nexus-boot.conf"
run_ok "the kernel installs" nipb --repo "$REPO_BUILT" install linux
set -- root/boot/vmlinuz-*
cmp -s "$1" "$esp/EFI/nexus/vmlinuz" &&
	cmp -s root/usr/lib/nexus-boot/BOOTX64.EFI "$esp/EFI/nexus/BOOTX64.EFI" &&
	cmp -s root/usr/lib/nexus-boot/BOOTX64.EFI "$esp/EFI/BOOT/BOOTX64.EFI"
ok $? "  ...and the trigger puts it and the loader on the ESP" || sed 's/^/#   /' out err
old=${1#root/boot/}

# Newer linux packages whose kernels have other names and other bytes.
linux=$(newest_npk "$REPO_BUILT" linux)
mkdir new-repo
next_linux() {	# next_linux RELEASE: into new-repo, kernel $old-RELEASE
	rm -rf stage && mkdir stage &&
		bsdtar -xf "$linux" -C stage --exclude .MANIFEST &&
		mv "stage/boot/$old" "stage/boot/$old-$1" &&
		echo "build $1" >>"stage/boot/$old-$1" || return 1
	sed -n 's/^\(name\|version\|summary\|license\) \(.*\)/\1: "\2"/p' \
		<(bsdtar -xOf "$linux" .MANIFEST) >linux.npk.yaml
	echo "release: $1" >>linux.npk.yaml
	"$NIP" -q pack -k "$KEY" -o new-repo linux.npk.yaml stage &&
		"$NIP" -q index -k "$KEY" new-repo
}
next_linux 999
ok $? "a linux package of a newer release, signed" || sed 's/^/#   /' linux.npk.yaml
upgrade() { nipb --repo "$T/new-repo" --repo "$REPO_BUILT" upgrade linux; }
run_ok "nip upgrade linux" upgrade
is "$(cd root/boot && echo vmlinuz-*)" "$old-999" "  ...leaves one kernel in /boot"
cmp -s "root/boot/$old-999" "$esp/EFI/nexus/vmlinuz"
ok $? "  ...and the trigger put the new one on the ESP" || sed 's/^/#   /' out err
grep -qx "refresh-esp: /boot/efi/EFI/nexus/vmlinuz is now /boot/$old-999" out
ok $? "  ...saying so" || sed 's/^/#   /' out
is "$(cat "$esp/boot/nexus-boot.conf")" "options root=PARTUUID=kept" \
	"  ...the loader's settings untouched"
is "$(find "$esp" -name '*.new' | wc -l)" 0 "  ...no half-written file left"

# An administrator keeps a second kernel in /boot, and another system's
# loader is the firmware's fallback (dual boot).
cp "root/boot/$old-999" root/boot/vmlinuz-kept
echo "another system's loader" >"$esp/EFI/BOOT/BOOTX64.EFI"
next_linux 1000
run_fails "with two kernels in /boot the trigger fails, saying why" 1 \
	"refresh-esp: the ESP boots one kernel, and /boot has: /boot/$old-1000 /boot/vmlinuz-kept; keep only the one to boot there, then run 'nip trigger'" \
	upgrade
cmp -s root/boot/vmlinuz-kept "$esp/EFI/nexus/vmlinuz"
ok $? "  ...the ESP keeps the kernel it had"
nipb check >out 2>err
is "$?" 5 "  ...nip check exits 5" || sed 's/^/#   /' out err
grep -q "^nexus-boot: /usr/libexec/nexus-boot/refresh-esp: its trigger failed with exit status 1" out
ok $? "  ...naming the failed trigger" || sed 's/^/#   /' out
rm root/boot/vmlinuz-kept
run_ok "with the extra kernel gone, nip trigger runs it again" nipb trigger
cmp -s "root/boot/$old-1000" "$esp/EFI/nexus/vmlinuz"
ok $? "  ...putting the new kernel on the ESP" || sed 's/^/#   /' out err
is "$(cat "$esp/EFI/BOOT/BOOTX64.EFI")" "another system's loader" \
	"  ...leaving another system's fallback loader alone"
grep -qx "refresh-esp: /boot/efi/EFI/BOOT/BOOTX64.EFI is another loader: left alone" out
ok $? "  ...saying so" || sed 's/^/#   /' out
run_ok "  ...and nip check is clean" nipb check

# fstab mounts an ESP at /boot/efi, but nothing is mounted there: the
# copies would miss the disk the firmware reads.
echo "PARTUUID=x /boot/efi vfat rw 0 2" >root/etc/fstab
chroot root /usr/libexec/nexus-boot/refresh-esp >out 2>err
is "$?" 1 "an ESP in fstab that is not mounted stops the trigger"
grep -qx "refresh-esp: /etc/fstab mounts the ESP at /boot/efi, but it is not mounted: mount /boot/efi, then run 'nip trigger'" err
ok $? "  ...saying what to do" || sed 's/^/#   /' err
done_testing
