#!/usr/bin/env bash
# The root checked at boot (init's fsck.c): copies of the disk image
# (make disk-image) with their root damaged on purpose through debugfs,
# booted under OVMF. A wrong link count on a root marked unclean is
# repaired by e2fsck -p, which restarts the machine; the next boot is
# clean and runs the suite. Two files sharing a block is for a person
# to decide: the boot stops with the way out on the console.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/qemu/harness.sh"
img=$TOP/build/nexus-disk.img
need "$img" "$OVMF_CODE" "$OVMF_VARS"

# take_root NAME: NAME.img, a copy of the image, and root.img, its root
# (partition 2); put_root NAME: root.img back into NAME.img.
take_root() {
	read -r start size < <(sfdisk -d "$img" |
		sed -n 's/^[^ ]*2 : start= *\([0-9]*\), size= *\([0-9]*\),.*/\1 \2/p')
	cp --sparse=always "$img" "$1.img" &&
		dd if="$img" of=root.img bs=512 skip="$start" count="$size" \
			conv=sparse status=none
}
put_root() {
	dd if=root.img of="$1.img" bs=512 seek="$start" conv=notrunc,sparse \
		status=none && rm root.img
}
# damage COMMAND...: debugfs changes root.img, then marks it unclean, as
# a crash or the kernel's own error handling would.
damage() {
	for c in "$@" "ssv state 0"; do
		debugfs -w -R "$c" root.img 2>&1 | grep -v '^debugfs ' >>debugfs.log
	done
}
boot() {	# boot NAME: the image under OVMF, test mode typed at boot:
	cp "$OVMF_VARS" "$1.vars"
	ovmf_args "$T/$1.vars"
	run_guest 600 "nexus $TEST_OPTIONS" "${OVMF_ARGS[@]}" \
		-drive "file=$T/$1.img,format=raw,if=virtio" \
		-virtfs "$(suite_share "$TESTS_DIR/suites/fsck")"
}

take_root links
damage "sif /etc/hostname links_count 7"
put_root links
boot links
grep -q 'Inode [0-9]* ref count is 7, should be 1.  FIXED' "$T/console.txt"
ok $? "a wrong link count on an unclean root: e2fsck -p repairs it at boot"
grep -q "e2fsck repaired it while it was mounted: restarting to use it" "$T/console.txt"
ok $? "  ...and init says so and restarts" ||
	tail -20 "$T/console.txt" | sed 's/^/#   /'
RUN_UNTIL='' boot links
collect_tap "the next boot"
grep -q ': clean, [0-9]*/[0-9]* files' "$T/console.txt" && ! grep -q 'FIXED' "$T/console.txt"
ok $? "  ...finds the root clean"

# /etc/hostname's extent (i_block words 3-5) pointed at os-release's block.
take_root shared
block=$(debugfs -R "blocks /etc/os-release" root.img 2>/dev/null | tr -d ' ')
damage "sif /etc/hostname block[5] $block"
put_root shared
RUN_UNTIL='The boot stops here' boot shared
grep -q 'Multiply-claimed block' "$T/console.txt" &&
	grep -q "has errors e2fsck -p must not repair alone (exit 4). The boot stops here. Boot the Nexus ISO and run e2fsck" "$T/console.txt"
ok $? "two files sharing a block: the boot stops, saying how to repair it" ||
	{ sed 's/^/#   /' debugfs.log; tail -20 "$T/console.txt" | sed 's/^/#   /'; }
! grep -q '^nexus-test: begin' "$T/console.txt" && ! grep -q 'network: started' "$T/console.txt"
ok $? "  ...before any service or the suite starts"
done_testing
