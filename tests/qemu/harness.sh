# The QEMU test harness, sourced by tests after lib.sh.
#
# boot_suite KERNEL INITRD SUITEDIR [TIMEOUT]: boot under TCG with
# nexus.test=suite on the command line; init mounts SUITEDIR (9p, read
# only) and runs its `run`, then powers off. The suite prints TAP lines
# without numbers ("ok - what", "not ok - what") between "nexus-test:
# begin" and "nexus-test: end"; they become this test's own TAP lines.
# A guest that hangs or panics fails at once (panic=-1, -no-reboot) or at
# the timeout, with the end of the console; QEMU never outlives it.

initramfs_from() {	# initramfs_from ROOT OUT
	sh "$TESTS_DIR/../rootfs/make-initramfs.sh" "$1" "$2"
}

boot_suite() {
	local kernel=$1 initrd=$2 suite=$3 limit=${4:-300} rc start
	start=$(date +%s%N)
	timeout -k 5 "$limit" qemu-system-x86_64 -m 768 -smp 2 -nographic \
		-no-reboot -kernel "$kernel" -initrd "$initrd" \
		-append "console=ttyS0 panic=-1 quiet nexus.test=suite" \
		-virtfs "local,path=$suite,mount_tag=suite,security_model=none,readonly=on" \
		</dev/null >"$T/console.log" 2>&1
	rc=$?
	BOOT_MS=$((($(date +%s%N) - start) / 1000000))
	tr -d '\r' <"$T/console.log" >"$T/console.txt"
	if [ "$rc" -ne 0 ]; then
		ok 1 "the guest powers off by itself (QEMU exit $rc after $BOOT_MS ms)"
		echo "#   the end of the console:"
		tail -25 "$T/console.txt" | sed 's/^/#   /'
		return 1
	fi
	if ! grep -q "^nexus-test: end" "$T/console.txt"; then
		ok 1 "the suite ran to its end"
		tail -25 "$T/console.txt" | sed 's/^/#   /'
		return 1
	fi
	# Process substitution, not a pipe: ok must count in this shell.
	while IFS= read -r line; do
		case $line in
		"ok - "*) ok 0 "guest: ${line#ok - }" ;;
		"not ok - "*) ok 1 "guest: ${line#not ok - }" ;;
		"#"*) echo "$line" ;;
		esac
	done < <(sed -n '/^nexus-test: begin/,/^nexus-test: end/p' "$T/console.txt")
	ok 0 "the guest powered off by itself after the suite ($BOOT_MS ms)"
}
