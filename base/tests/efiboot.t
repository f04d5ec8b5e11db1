#!/usr/bin/env bash
# nexus-efiboot on the host: a folder stands in for efivarfs and another
# for sysfs. The bytes of each Boot#### it writes are compared with ones
# an independent encoder (Python, from the UEFI spec's layout) makes;
# BootOrder, reuse of an entry, deletion and every refusal are checked.
. "$(dirname "$0")/../../tests/tap.sh"
EFIBOOT=${EFIBOOT:-$(cd "$TESTS_DIR/../.." && pwd)/build/base-san/nexus-efiboot}
[ -x "$EFIBOOT" ] || { echo "Bail out! $EFIBOOT is missing: run make check"; exit 1; }
G=8be4df61-93ca-11d2-aa0d-00e098032b8c
export NEXUS_EFIVARS=$T/vars NEXUS_SYSFS=$T/sys
mkdir -p vars
efi() { "$EFIBOOT" "$@"; }

# sysfs: a virtio disk with 512-byte blocks, an NVMe one with 4096.
disk() {	# disk NAME PARTNAME LBS START SIZE (sysfs counts 512 bytes)
	mkdir -p "sys/block/$1/queue" "sys/block/$1/$2"
	echo "$3" >"sys/block/$1/queue/logical_block_size"
	echo "$4" >"sys/block/$1/$2/start"
	echo "$5" >"sys/block/$1/$2/size"
	mkdir -p dev && touch "dev/$1"
}
disk vda vda1 512 2048 262144
disk nvme0n1 nvme0n1p1 4096 2048 262144

# The spec's EFI_LOAD_OPTION with an HD() and a File() node, as hex.
want() {	# want LABEL PART START SIZE GUID PATH (START, SIZE in blocks)
	python3 - "$@" <<'PY'
import struct, sys, uuid
label, part, start, size, guid, path = sys.argv[1:]
ucs2 = lambda s: (s + "\0").encode("utf-16-le")
hd = struct.pack("<BBHIQQ16sBB", 4, 1, 42, int(part), int(start), int(size),
                 uuid.UUID(guid).bytes_le, 2, 2)
f = ucs2(path)
fp = struct.pack("<BBH", 4, 4, 4 + len(f)) + f
dp = hd + fp + struct.pack("<BBH", 0x7f, 0xff, 4)
opt = struct.pack("<IH", 1, len(dp)) + ucs2(label) + dp
print((struct.pack("<I", 7) + opt).hex())
PY
}
hexof() { od -An -tx1 -v "$1" | tr -d ' \n'; }
order() { hexof "vars/BootOrder-$G"; }
# Firmware's own entries: BootOrder 0001,0000 and two options.
printf '\x07\x00\x00\x00\x01\x00\x00\x00' >"vars/BootOrder-$G"
printf '\x07\x00\x00\x00\x01\x00\x00\x00\x04\x00F\x00\x00\x00\x7f\xff\x04\x00' >"vars/Boot0000-$G"
cp "vars/Boot0000-$G" "vars/Boot0001-$G"
printf '\x06\x00\x00\x00\x01\x00' >"vars/BootCurrent-$G"

U=4f1c7a2e-9d3b-4c5e-8a6f-0123456789ab
run_ok "create: an entry on vda1" efi create -d dev/vda -p 1 -u "$U" \
	-l '\EFI\nexus\BOOTX64.EFI' -L Nexus
is "$(cat "$T/out")" Boot0002 "  ...in the first free number"
is "$(hexof "vars/Boot0002-$G")" \
	"$(want Nexus 1 2048 262144 "$U" '\EFI\nexus\BOOTX64.EFI')" \
	"  ...with the bytes of the spec's load option"
is "$(order)" 07000000020001000000 "  ...first in BootOrder, the others kept in order"
run_ok "list" efi list
grep -q '^BootCurrent: 0001$' out && grep -q '^BootOrder: 0002,0001,0000$' out
ok $? "  ...shows BootCurrent and BootOrder"
printf 'Boot0002* Nexus\tHD(1,GPT,%s,0x800,0x40000)\\EFI\\nexus\\BOOTX64.EFI\n' "$U" >want.line
grep -qxF -f want.line out
ok $? "  ...and the entry decoded"
grep -q '^Boot0000\* F$' out
ok $? "  ...and firmware's entries by their label"

run_ok "create again" efi create -d dev/vda -p 1 -u "$U" \
	-l '\EFI\nexus\BOOTX64.EFI' -L Nexus
is "$(cat "$T/out")" Boot0002 "  ...reuses the entry"
is "$(order)" 07000000020001000000 "  ...and BootOrder names it once"

V=0c9e8f7a-1b2c-4d3e-9f40-a1b2c3d4e5f6
run_ok "create on NVMe, 4096-byte blocks" efi create -d dev/nvme0n1 -p 1 \
	-u "$V" -l '\EFI\BOOT\BOOTX64.EFI' -L 'Nexus 2'
is "$(hexof "vars/Boot0003-$G")" \
	"$(want 'Nexus 2' 1 256 32768 "$V" '\EFI\BOOT\BOOTX64.EFI')" \
	"  ...counts the partition in the disk's own blocks"
order | grep -qx 070000000300020001000000
ok $? "  ...BootOrder 0003,0002,0001,0000"

run_ok "delete by partition GUID" efi delete -u "$U"
grep -q '^deleted Boot0002$' out
ok $? "  ...names what it deleted"
[ ! -e "vars/Boot0002-$G" ]
ok $? "  ...the variable is gone"
is "$(order)" 070000000300010000000000 "  ...and so is its place in BootOrder"
run_ok "delete of a GUID with no entry changes nothing" efi delete -u "$U"
is "$(order)" 070000000300010000000000 "  ...BootOrder as it was"

run_fails "a bad GUID is refused" 1 "not-a-guid: not a partition GUID" \
	efi create -d dev/vda -p 1 -u not-a-guid -l '\x' -L N
run_fails "a partition sysfs does not know is named" 1 \
	"sys/block/vda/vda2/start" \
	efi create -d dev/vda -p 2 -u "$U" -l '\x' -L N
run_fails "a loader path not starting with \\ is refused" 1 "must start with" \
	efi create -d dev/vda -p 1 -u "$U" -l EFI/x -L N
run_fails "a label that is not ASCII is refused" 1 "printable ASCII" \
	efi create -d dev/vda -p 1 -u "$U" -l '\x' -L "$(printf 'N\303\251')"
run_fails "partition 0 is refused" 1 "-p 0: not a partition number" \
	efi create -d dev/vda -p 0 -u "$U" -l '\x' -L N
run_fails "a usage error" 2 "usage:" efi create -d dev/vda
NEXUS_EFIVARS=$T/none run_fails "no efivarfs is named" 1 \
	"none: .*not booted by UEFI" efi list
(cd vars && printf '%s\n' *) | sort >after
printf '%s\n' "Boot0000-$G" "Boot0001-$G" "Boot0003-$G" "BootCurrent-$G" \
	"BootOrder-$G" >want.vars
cmp -s after want.vars
ok $? "refusals wrote nothing"
done_testing
