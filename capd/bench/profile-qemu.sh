#!/usr/bin/env bash
# profile-qemu.sh REPO KEYSDIR: where the time of open, close and stat
# goes with the pledge LSM on and no policy, against the LSM off, by
# ftrace's function profiler inside a guest of REPO's kernel (the
# virt-debug profile: the shipped kernels have no ftrace). KASAN and
# the tracer slow every function; what holds across them is each
# function's share of the call around it, within one boot. Both boots
# keep lockdown at none (nexus.modules=open, test mode only): at
# confidentiality, which init raises to, tracefs is closed.
set -euo pipefail
TESTS_DIR=$(cd "$(dirname "$0")/../../tests" && pwd)
# shellcheck source=../../tests/qemu/harness.sh
. "$TESTS_DIR/qemu/harness.sh"
bench_guest pledge-profile pledge-tests pledge "$1" "$2"
# boot KIND OPTIONS: the guest's "prof" lines, as "KIND FUNCTION HITS
# NS" per CPU, appended to prof.txt
boot() {
	bench_boot "$1" profile-qemu "nexus.modules=open $2"
	grep -q '^error' "$1.txt" && { grep -E '^(error|boot)' "$1.txt"; exit 1; }
	lsm_is "$1" "$1.txt" profile-qemu
	awk -v k="$1" '$1 == "prof" {
		ns = $5 * ($6 == "ms" ? 1e6 : $6 == "us" ? 1e3 : $6 == "s" ? 1e9 : 1)
		print k, $3, $4, ns }' "$1.txt" >>prof.txt
}
boot off "lsm=landlock,yama,loadpin,integrity"
boot on ""
echo "ftrace's function profile of pledge-bench with no policy (virt-debug kernel: KASAN, lockdep), ns per call including callees; compare a hook with the call around it within a boot."
echo
echo "| function | LSM off: calls | ns | LSM on: calls | ns | on/off |"
echo "|---|---|---|---|---|---|"
awk '{ hits[$1, $2] += $3; ns[$1, $2] += $4; seen[$2] = 1 }
END {
	n = split("__x64_sys_openat do_filp_open security_file_open pledge_file_open __x64_sys_close filp_close __x64_sys_newfstatat vfs_fstatat security_inode_getattr", order, " ")
	for (i = 1; i <= n; i++) {
		f = order[i]
		if (!(f in seen)) continue
		a = hits["off", f] ? ns["off", f] / hits["off", f] : 0
		b = hits["on", f] ? ns["on", f] / hits["on", f] : 0
		x = a ? sprintf("%.3f", b / a) : "-"
		printf "| %s | %d | %.0f | %d | %.0f | %s |\n", f, hits["off", f], a, hits["on", f], b, x
	}
	if (hits["on", "pledge_file_open"] && hits["on", "__x64_sys_openat"]) {
		hook = ns["on", "pledge_file_open"] / hits["on", "pledge_file_open"]
		call = ns["on", "__x64_sys_openat"] / hits["on", "__x64_sys_openat"]
		printf "\npledge_file_open: %.1f%% of an openat with the LSM on (%.0f of %.0f ns)\n",
			100 * hook / call, hook, call
	}
}' prof.txt
