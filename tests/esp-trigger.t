#!/usr/bin/env bash
# nexus-boot's trigger (base/boot/refresh-esp) with the real packages of
# build/repo, chrooted as nip runs it: with no ESP it does nothing; with
# one at /boot/efi, installing the kernel puts it and the loader there,
# and `nip upgrade linux` to a kernel of another name replaces the ESP's
# copy with it, leaving the loader's settings alone.
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

# A newer linux package whose kernel has another name and other bytes.
linux=$(newest_npk "$REPO_BUILT" linux)
mkdir stage new-repo
bsdtar -xf "$linux" -C stage --exclude .MANIFEST
mv "stage/boot/$old" "stage/boot/$old-next"
echo "another build" >>"stage/boot/$old-next"
sed -n 's/^\(name\|version\|summary\|license\) \(.*\)/\1: "\2"/p' \
	<(bsdtar -xOf "$linux" .MANIFEST) >linux.npk.yaml
echo "release: 999" >>linux.npk.yaml
"$NIP" -q pack -k "$KEY" -o new-repo linux.npk.yaml stage &&
	"$NIP" -q index -k "$KEY" new-repo
ok $? "a linux package of a newer release, signed" || sed 's/^/#   /' linux.npk.yaml
run_ok "nip upgrade linux" nipb --repo "$T/new-repo" --repo "$REPO_BUILT" upgrade linux
is "$(cd root/boot && echo vmlinuz-*)" "$old-next" "  ...leaves one kernel in /boot"
cmp -s "root/boot/$old-next" "$esp/EFI/nexus/vmlinuz"
ok $? "  ...and the trigger put the new one on the ESP" || sed 's/^/#   /' out err
grep -qx "refresh-esp: /boot/efi/EFI/nexus/vmlinuz is now /boot/$old-next" out
ok $? "  ...saying so" || sed 's/^/#   /' out
is "$(cat "$esp/boot/nexus-boot.conf")" "options root=PARTUUID=kept" \
	"  ...the loader's settings untouched"
is "$(find "$esp" -name '*.new' | wc -l)" 0 "  ...no half-written file left"
done_testing
