# shellcheck shell=bash
# The QEMU test harness, sourced by tests after lib.sh.
#
# boot_suite KERNEL INITRD SUITEDIR [TIMEOUT]: boot a kernel and initramfs
# under TCG with nexus.test=suite on the command line.
# boot_iso_suite ISO bios|uefi cd|disk SUITEDIR [TIMEOUT]: boot the ISO
# under SeaBIOS or OVMF from a CD drive or a disk; at the loader's
# "boot:" prompt (isolinux or nexus-boot) the harness types the label
# and "panic=-1 nexus.test=suite", as a user would.
#
# Either way init mounts SUITEDIR (9p, read only) and runs its `run`,
# then powers off. The suite prints TAP lines without numbers ("ok -
# what", "not ok - what") between "nexus-test: begin" and "nexus-test:
# end"; they become this test's own TAP lines. A guest that hangs or
# panics fails at once (panic=-1, -no-reboot; a login prompt means test
# mode was missed) or at the timeout, with the end of the console; QEMU
# never outlives it.
# shellcheck source=../npk.sh
. "$TESTS_DIR/npk.sh"
OVMF_CODE=${OVMF_CODE:-/usr/share/OVMF/OVMF_CODE_4M.fd}
OVMF_VARS=${OVMF_VARS:-/usr/share/OVMF/OVMF_VARS_4M.fd}
# ovmf_args VARS: OVMF_ARGS, QEMU's arguments for OVMF with its
# variables in the file VARS (a copy of $OVMF_VARS, or one kept from an
# earlier boot).
ovmf_args() {
	OVMF_ARGS=(-drive "if=pflash,format=raw,readonly=on,file=$OVMF_CODE"
		-drive "if=pflash,format=raw,file=$1")
}
# GUEST_OPTIONS, when set, adds kernel options (boot_suite only).
TEST_OPTIONS="panic=-1 quiet nexus.test=suite"
RUN_ANSWERS=()
RUN_HOOKS=()

# guest_type TEXT: TEXT and Enter on the guest's serial line (in a hook).
guest_type() {
	type_keys "$1" "$RUN_KEYS" 2
}

# kernel_of REPO: the kernel of REPO's linux package, unpacked here
# (boot/vmlinuz-*); prints its path, or fails when there is none.
kernel_of() {
	local pkg
	pkg=$(newest_npk "$1" linux)
	[ -n "$pkg" ] && zstd -qdc "$pkg" | tar -xf - --wildcards 'boot/vmlinuz-*' &&
		ls "$PWD"/boot/vmlinuz-*
}

initramfs_from() {	# initramfs_from ROOT OUT
	sh "$TESTS_DIR/../rootfs/make-initramfs.sh" "$1" "$2"
}

# live_initramfs NIP REPO KEYSDIR OUT [PACKAGE...]: the live system's
# package set (rootfs/live/packages.list) and the PACKAGEs (a test's
# tools) installed from REPO into $T/live, as the initramfs OUT.
live_initramfs() {
	local list=$TESTS_DIR/../rootfs/live/packages.list
	if [ $# -gt 4 ]; then
		{ cat "$list"; printf '%s\n' "${@:5}"; } >"$T/live.list"
		list=$T/live.list
	fi
	SOURCE_DATE_EPOCH=0 sh "$TESTS_DIR/../rootfs/make-rootfs.sh" "$1" "$2" \
		"$3" "$list" "$T/live" >/dev/null &&
		initramfs_from "$T/live" "$4"
}

# suite_from SUITE PKG DIR: ./suite, holding tests/suites/SUITE/run and
# the programs package PKG installs in usr/libexec/DIR.
suite_from() {
	mkdir suite && cp "$TESTS_DIR/suites/$1/run" suite/ &&
		zstd -qdc "$2" | tar -xf - -C suite --strip-components=3 \
			--wildcards "usr/libexec/$3/*"
}

# bench_guest SUITE PACKAGE DIR REPO KEYSDIR: what the benchmarks and
# profiles that boot one suite share: a scratch folder, $T, made the
# current one and removed at exit; REPO's kernel as $kernel; the live
# initramfs as initrd.zst; ./suite with PACKAGE's newest build's
# programs (suite_from).
bench_guest() {
	local repo keys pkg
	repo=$(cd "$4" && pwd) && keys=$(cd "$5" && pwd) || return 1
	T=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
	trap 'rm -rf "$T"' EXIT
	cd "$T" || return 1
	kernel=$(kernel_of "$repo") &&
		live_initramfs "$TESTS_DIR/../build/nip/nip" "$repo" "$keys" \
			initrd.zst || return 1
	pkg=$(newest_npk "$repo" "$2")
	[ -n "$pkg" ] || { echo "$1: no $2 package in $repo" >&2; return 1; }
	suite_from "$1" "$pkg" "$3"
}

# guest_lines FILE: what the guest printed between "nexus-test: begin"
# and "nexus-test: end" in the console FILE, without carriage returns.
guest_lines() {
	tr -d '\r' <"$1" | sed -n '/^nexus-test: begin/,/^nexus-test: end/p' |
		sed '1d;$d'
}

# bench_boot NAME WHO OPTIONS: $kernel with initrd.zst and ./suite
# (bench_guest), OPTIONS added to the kernel's command line; the guest's
# lines (guest_lines) go to NAME.txt. A failed guest fails the call,
# WHO saying so, with the console's end.
bench_boot() {
	run_guest 3600 "" -kernel "$kernel" -initrd initrd.zst \
		-append "console=ttyS0 $TEST_OPTIONS $3" \
		-virtfs "$(suite_share suite)"
	if [ "$RUN_RC" -ne 0 ]; then
		echo "$2: the guest failed (QEMU exit $RUN_RC)"
		tail -20 console.txt
		return 1
	fi
	guest_lines console.txt >"$1.txt"
}

# lsm_is off|on LINES WHO: the pledge LSM is in the "lsm" line of the
# file LINES (a suite's, from /sys/kernel/security/lsm) as asked, or
# WHO says it is not, and the call fails.
lsm_is() {
	local listed=off
	grep -q '^lsm .*pledge' "$2" && listed=on
	[ "$listed" = "$1" ] && return 0
	echo "$3: the pledge LSM is $listed, not $1 as asked" >&2
	return 1
}

# type_keys TEXT FD [POLLS]: TEXT and Enter into the guest's serial line,
# one key at a time, each sent once the guest has echoed the one before
# (or after POLLS polls of 0.05 s, 100 by default): a UART holds 16
# bytes, and isolinux booted from a disk reads them slowly. A password
# prompt echoes nothing: its answers are paced by the few polls alone.
type_keys() {
	local text=$1$'\r' fd=$2 polls=${3:-100} i size n
	for ((i = 0; i < ${#text}; i++)); do
		size=$(stat -c %s "$T/console.log")
		printf '%s' "${text:i:1}" >&"$fd"
		for ((n = 0; n < polls; n++)); do
			[ "$(stat -c %s "$T/console.log")" -gt "$size" ] && break
			sleep 0.05
		done
	done
}

# run_guest LIMIT TYPED QEMU-ARG...: QEMU (TCG, serial on stdio, the
# suite as 9p tag "suite") with its console in $T/console.txt. TYPED, if
# not empty, is typed at the first "boot:" prompt. RUN_ANSWERS, an array
# of PROMPT ANSWER pairs, answers a program's questions afterwards: each
# ANSWER is typed once PROMPT (a fixed string) shows on the console after
# the answer before it. RUN_HOOKS, an array of PROMPT FUNCTION pairs,
# calls each FUNCTION once its PROMPT shows after the one before (the
# desktop tests act on the guest's screen and input there); a function
# types to the guest with guest_type TEXT. RUN_START names a function
# run once QEMU has started (see below). With RUN_UNTIL set
# (a grep -E pattern), QEMU is stopped once the console matches it. Sets
# RUN_RC (QEMU's exit, 124 at the timeout, 125 for a missed test mode,
# 0 when RUN_UNTIL matched), BOOT_MS and, when RUN_UNTIL matched,
# UNTIL_MS: the time from QEMU's start to the match. RUN_POLL is the
# console's polling interval (0.2 s).
run_guest() {
	local limit=$1 typed=$2 pid keys start deadline state=wait
	local answer=0 answered=0 hook=0 hooked=0
	shift 2
	rm -f "$T/serial.in" "$T/console.log"
	mkfifo "$T/serial.in"
	start=$(date +%s%N)
	deadline=$(($(date +%s) + limit))
	timeout -k 5 "$limit" qemu-system-x86_64 -m 768 -smp 2 -nographic \
		-no-reboot "$@" <"$T/serial.in" >"$T/console.log" 2>&1 &
	pid=$!
	exec {keys}>"$T/serial.in"	# QEMU's stdin: held open, typed into
	RUN_KEYS=$keys
	# RUN_START: a function run once QEMU is up, before the guest is
	# watched (with -S, it sets devices up through QMP and continues).
	[ -z "${RUN_START:-}" ] || "$RUN_START"
	# Poll the console until QEMU ends: type at the prompt once; a
	# login prompt means the guest is not in test mode, so stop it.
	while kill -0 "$pid" 2>/dev/null; do
		if [ "$state" = wait ] && [ -n "$typed" ] &&
			grep -aq 'boot: ' "$T/console.log"; then
			type_keys "$typed" "$keys"
			state=typed
		fi
		if { [ "$state" != wait ] || [ -z "$typed" ]; } &&
			[ "$answer" -lt "${#RUN_ANSWERS[@]}" ] &&
			tail -c +$((answered + 1)) "$T/console.log" |
			grep -aqF -- "${RUN_ANSWERS[answer]}"; then
			answered=$(stat -c %s "$T/console.log")
			type_keys "${RUN_ANSWERS[answer + 1]}" "$keys" 2
			answer=$((answer + 2))
		fi
		if [ "$hook" -lt "${#RUN_HOOKS[@]}" ] &&
			tail -c +$((hooked + 1)) "$T/console.log" |
			grep -aqF -- "${RUN_HOOKS[hook]}"; then
			hooked=$(stat -c %s "$T/console.log")
			"${RUN_HOOKS[hook + 1]}"
			hook=$((hook + 2))
		fi
		if [ -n "${RUN_UNTIL:-}" ] && grep -aEq "$RUN_UNTIL" "$T/console.log"; then
			# shellcheck disable=SC2034 # for the caller (see above)
			UNTIL_MS=$((($(date +%s%N) - start) / 1000000))
			kill "$pid"
			state=until
		elif grep -aq ' login: ' "$T/console.log"; then
			kill "$pid"
			state=login
		fi
		[ "$(date +%s)" -le "$deadline" ] || break
		sleep "${RUN_POLL:-0.2}"
	done
	wait "$pid"
	RUN_RC=$?
	exec {keys}>&-
	[ "$state" = login ] && RUN_RC=125
	[ "$state" = until ] && RUN_RC=0
	BOOT_MS=$((($(date +%s%N) - start) / 1000000))
	tr -d '\r' <"$T/console.log" >"$T/console.txt"
}

# collect_tap WHAT: this test's TAP lines from the guest's console.
collect_tap() {
	local why
	case $RUN_RC in
	0) ;;
	125) why="the guest came to a login prompt: test mode was not on" ;;
	*) why="QEMU exit $RUN_RC after $BOOT_MS ms" ;;
	esac
	if [ -n "${why:-}" ]; then
		ok 1 "$1: the guest powers off by itself ($why)"
		echo "#   the end of the console:"
		tail -25 "$T/console.txt" | sed 's/^/#   /'
		return 1
	fi
	if ! grep -q "^nexus-test: end" "$T/console.txt"; then
		ok 1 "$1: the suite ran to its end"
		tail -25 "$T/console.txt" | sed 's/^/#   /'
		return 1
	fi
	# Process substitution, not a pipe: ok must count in this shell.
	while IFS= read -r line; do
		case $line in
		"ok - "*) ok 0 "$1: ${line#ok - }" ;;
		"not ok - "*) ok 1 "$1: ${line#not ok - }" ;;
		"#"*) echo "$line" ;;
		esac
	done < <(sed -n '/^nexus-test: begin/,/^nexus-test: end/p' "$T/console.txt")
	ok 0 "$1: the guest powered off by itself after the suite ($BOOT_MS ms)"
}

suite_share() {	# suite_share DIR: the QEMU arguments sharing DIR as "suite"
	echo "local,path=$1,mount_tag=suite,security_model=none,readonly=on"
}

# boot_suite KERNEL INITRD SUITE [LIMIT] [QEMU-ARG...]: devices and
# such beyond the harness's own come last.
boot_suite() {
	local kernel=$1 initrd=$2 suite=$3 limit=${4:-300}
	shift $(($# < 4 ? $# : 4))
	run_guest "$limit" "" -kernel "$kernel" -initrd "$initrd" \
		-append "console=ttyS0 $TEST_OPTIONS${GUEST_OPTIONS:+ $GUEST_OPTIONS}" -virtfs "$(suite_share "$suite")" "$@"
	collect_tap guest
}

boot_iso_suite() {
	local iso=$1 firmware=$2 media=$3 suite=$4 limit=${5:-300}
	local args=(-virtfs "$(suite_share "$suite")")
	case $firmware in
	bios) ;;
	uefi)
		cp "$OVMF_VARS" "$T/ovmf-vars.fd"
		ovmf_args "$T/ovmf-vars.fd"
		args+=("${OVMF_ARGS[@]}") ;;
	*) echo "Bail out! boot_iso_suite: firmware bios or uefi, not $firmware"; exit 1 ;;
	esac
	case $media in
	cd) args+=(-cdrom "$iso") ;;
	disk) args+=(-drive "file=$iso,format=raw,if=virtio,readonly=on") ;;
	*) echo "Bail out! boot_iso_suite: media cd or disk, not $media"; exit 1 ;;
	esac
	run_guest "$limit" "nexus $TEST_OPTIONS" "${args[@]}"
	collect_tap "$firmware $media"
}
