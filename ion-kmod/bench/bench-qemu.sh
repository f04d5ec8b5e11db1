#!/usr/bin/env bash
# bench-qemu.sh REPO KEYSDIR: ion-bench inside a booted Nexus (QEMU,
# TCG, 2 vCPUs), ion.ko's rings and the memfd backend, each against
# pipe, Unix socket and eventfd + shm in the same guest. Counts are cut
# by 20 (-s 20): TCG is slow, so only the ratios mean much.
set -euo pipefail
TESTS_DIR=$(cd "$(dirname "$0")/../../tests" && pwd)
# shellcheck source=../../tests/qemu/harness.sh
. "$TESTS_DIR/qemu/harness.sh"
bench_guest ion-bench ion-tests ion "$1" "$2"
bench_boot ion bench-qemu ""
echo "Inside QEMU (TCG, 2 vCPUs):"
cat ion.txt
