#!/usr/bin/env bash
# bench-qemu.sh REPO KEYSDIR: what the pledge LSM costs, inside a
# booted Nexus (QEMU, TCG, 2 vCPUs): pledge-bench in one guest with the
# LSM off (lsm= without it on the command line) and one with it on,
# the same kernel and initramfs; then one table. Counts are cut by 4
# (-s 4): TCG is slow. Unpledged, pledged, and pledged with two
# unveils, in round robin within each guest.
set -euo pipefail
repo=$(cd "$1" && pwd) keys=$(cd "$2" && pwd)
top=$(cd "$(dirname "$0")/../.." && pwd)
TESTS_DIR=$top/tests
T=$(mktemp -d "${TMPDIR:-/tmp}/pledge-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT
. "$TESTS_DIR/qemu/harness.sh"
cd "$T"
kernel=$(kernel_of "$repo")
live_initramfs "$top/build/nip/nip" "$repo" "$keys" initrd.zst
mkdir suite
cp "$TESTS_DIR/suites/pledge-bench/run" suite/
zstd -qdc "$(ls "$repo"/pledge-tests-[0-9]*.npk | head -1)" |
	tar -xf - -C suite --strip-components=3 usr/libexec/pledge/pledge-bench
# boot NAME EXTRA-OPTIONS: the guest's lines in NAME.txt
boot() {
	run_guest 3600 "" -kernel "$kernel" -initrd initrd.zst \
		-append "console=ttyS0 $TEST_OPTIONS $2" \
		-virtfs "$(suite_share suite)"
	[ "$RUN_RC" -eq 0 ] || { echo "bench-qemu: the guest failed (QEMU exit $RUN_RC)"; tail -20 console.txt; exit 1; }
	sed -n '/^nexus-test: begin/,/^nexus-test: end/p' console.txt |
		sed '1d;$d' | tr -d '\r' >"$1.txt"
}
boot off "lsm=landlock,yama,loadpin,integrity"
boot on ""
grep -q pledge off.txt && { echo "bench-qemu: the LSM did not go off"; exit 1; }
grep -q pledge on.txt || { echo "bench-qemu: the LSM is not on"; exit 1; }
echo "The pledge LSM's cost inside QEMU (TCG, 2 vCPUs), ns per operation, medians of 7; x: against the LSM off:"
echo
echo "| operation | LSM off | LSM on, no policy | x | pledged | x | pledged + unveiled | x |"
echo "|---|---|---|---|---|---|---|---|"
join <(grep -v '^lsm ' off.txt | sort) <(grep -v '^lsm ' on.txt | sort) |
	awk '{ printf "| %s | %.0f | %.0f | %.3f | %.0f | %.3f | %.0f | %.3f |\n",
		$1, $2, $5, $5 / $2, $6, $6 / $2, $7, $7 / $2 }'
