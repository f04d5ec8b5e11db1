#!/usr/bin/env bash
# The live ISO (make iso): at most 40 MB, and one file that boots four
# ways under TCG: from a CD drive and from a disk, under SeaBIOS and
# under UEFI (OVMF). Each boot goes through the real loader (isolinux or
# nexus-boot): the harness types test mode at its prompt, the boot
# suite runs inside, and the console shows which firmware and loader
# ran.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/qemu/harness.sh"
iso=$TOP/build/nexus.iso
need "$iso" "$OVMF_CODE" "$OVMF_VARS"

size=$(stat -c %s "$iso")
echo "#   $iso: $size bytes"
# 32 MiB held the console system; the desktop (surface, nexus-term,
# the XKB data and a font) adds about 3 MB to each copy of the live
# system and to the medium's repository, and the kernel its DRM and USB.
[ "$size" -le $((40 * 1024 * 1024)) ]
ok $? "the ISO is at most 40 MiB ($size bytes)"

for boot in "bios cd" "bios disk" "uefi cd" "uefi disk"; do
	# shellcheck disable=SC2086 # two words: firmware, media
	boot_iso_suite "$iso" $boot "$TESTS_DIR/suites/boot" 400
	case $boot in
	bios*) loader="ISOLINUX 6" name=isolinux fw=BIOS ;;
	uefi*) loader="nexus-boot, the Nexus UEFI loader" name=nexus-boot fw=UEFI ;;
	esac
	grep -q "$loader" "$T/console.txt"
	ok $? "$boot: the loader was $name"
	grep -q "^# firmware: $fw\$" "$T/console.txt"
	ok $? "$boot: the system runs on $fw firmware (/sys/firmware/efi)"
	echo "#   $boot: $BOOT_MS ms from QEMU's start to poweroff"
done

# nexus-boot on bad settings: the error names what is wrong, and where.
# A FAT disk with the packaged loader and a broken configuration.
esp_boot() {	# esp_boot CONF PATTERN DESCRIPTION
	rm -f esp.img
	mkfs.fat -C esp.img 2048 >/dev/null &&
		mmd -i esp.img ::/EFI ::/EFI/BOOT ::/boot &&
		mcopy -i esp.img BOOTX64.EFI ::/EFI/BOOT/BOOTX64.EFI &&
		printf '%b' "$1" >nexus-boot.conf &&
		mcopy -i esp.img nexus-boot.conf ::/boot/nexus-boot.conf
	cp "$OVMF_VARS" "$T/ovmf-vars.fd"
	ovmf_args "$T/ovmf-vars.fd"
	# Until the loader's message has ended its line.
	RUN_UNTIL=$'nexus-boot: .*\r$' run_guest 300 "" "${OVMF_ARGS[@]}" \
		-drive "file=$T/esp.img,format=raw,if=virtio"
	grep -qF "$2" "$T/console.txt"
	local rc=$?
	ok $rc "$3"
	[ $rc -eq 0 ] || tail -5 "$T/console.txt" | sed 's/^/#   /'
}
pkg=$(newest_npk "$REPO_BUILT" nexus-boot)
zstd -qdc "$pkg" | tar -xOf - usr/lib/nexus-boot/BOOTX64.EFI >BOOTX64.EFI
esp_boot 'kernel \\boot\\vmlinuz\ntimeout 1\nbogus setting\n' \
	'nexus-boot: \boot\nexus-boot.conf line 3: not a setting or too long' \
	"nexus-boot names a bad line of its configuration"
esp_boot 'kernel \\boot\\vmlinuz\ntimeout 1\n' \
	'nexus-boot: cannot read \boot\vmlinuz: Not Found' \
	"nexus-boot names a kernel it cannot read"
done_testing
