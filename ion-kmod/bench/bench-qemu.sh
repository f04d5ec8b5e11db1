#!/usr/bin/env bash
# bench-qemu.sh REPO KEYSDIR: ion-bench inside a booted Nexus (QEMU,
# TCG, 2 vCPUs), ion.ko's rings and the memfd backend, each against
# pipe, Unix socket and eventfd + shm in the same guest. Counts are cut
# by 20 (-s 20): TCG is slow, so only the ratios mean much.
set -euo pipefail
repo=$(cd "$1" && pwd) keys=$(cd "$2" && pwd)
top=$(cd "$(dirname "$0")/../.." && pwd)
TESTS_DIR=$top/tests
T=$(mktemp -d "${TMPDIR:-/tmp}/ion-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT
# shellcheck source=../../tests/qemu/harness.sh
. "$TESTS_DIR/qemu/harness.sh"
cd "$T"
kernel=$(kernel_of "$repo")
live_initramfs "$top/build/nip/nip" "$repo" "$keys" initrd.zst
tests_npk=("$repo"/ion-tests-[0-9]*.npk)
suite_from ion-bench "${tests_npk[0]}" ion
run_guest 3600 "" -kernel "$kernel" -initrd initrd.zst \
	-append "console=ttyS0 $TEST_OPTIONS" -virtfs "$(suite_share suite)"
echo "Inside QEMU (TCG, 2 vCPUs):"
sed -n '/^nexus-test: begin/,/^nexus-test: end/p' console.txt | sed '1d;$d'
[ "$RUN_RC" -eq 0 ] || { echo "bench-qemu: the guest failed (QEMU exit $RUN_RC)"; tail -20 console.txt; exit 1; }
