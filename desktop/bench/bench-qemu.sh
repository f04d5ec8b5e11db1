#!/usr/bin/env bash
# bench-qemu.sh REPO KEYSDIR [PNG]: the desktop as a person meets it,
# measured in QEMU (TCG, 2 vCPUs, virtio GPU, USB keyboard and tablet):
# the time from QEMU's start to surface's first frame; the terminal's
# time to print 20000 lines; the time from a key QEMU injects to the
# frame that shows it; context switches of the idle compositor over
# 10 s; resident memory. Each with jemalloc, which the image links, and
# with musl's own malloc (the *-bench packages), in the same boot. PNG
# (default desktop/desktop.png) gets a screen dump of the desktop.
set -euo pipefail
repo=$(cd "$1" && pwd) keys=$(cd "$2" && pwd)
top=$(cd "$(dirname "$0")/../.." && pwd)
png=$(realpath -m "${3:-$top/desktop/desktop.png}")
TESTS_DIR=$top/tests
QMP=$TESTS_DIR/qemu/qmp.py IMG=$TESTS_DIR/qemu/img.py
T=$(mktemp -d "${TMPDIR:-/tmp}/desktop-bench.XXXXXX")
# DESKTOP_BENCH_KEEP=1 keeps the run's folder (console, dumps).
[ -n "${DESKTOP_BENCH_KEEP:-}" ] || trap 'rm -rf "$T"' EXIT
# shellcheck source=../../tests/qemu/harness.sh
. "$TESTS_DIR/qemu/harness.sh"
cd "$T"
kernel=$(kernel_of "$repo")
live_initramfs "$top/build/nip/nip" "$repo" "$keys" initrd.zst \
	capd-tests surface-bench nexus-term-bench
qmp() { "$QMP" "$T/qmp.sock" "$@"; }
BACKGROUND=2b3a4a	# suite/surface.conf's

# first-frame: surface is starting; the first frame is the first dump
# with its background on it.
hook_first_frame() {
	local end=$((SECONDS + 300))
	until qmp screendump screen.ppm &&
		[ "$("$IMG" screen.ppm at 0 0)" = "$BACKGROUND" ]; do
		[ "$SECONDS" -lt "$end" ] || { echo "bench: no first frame" >&2; break; }
		sleep 0.2
	done
	echo "first-frame-ms $((($(date +%s%N) - QEMU_START) / 1000000))" >>host.txt
	guest_type first-frame
}
# keys-MALLOC: nine keys into the terminal's shell, each timed to the
# frame that shows it; then that line is cleared for the next step.
hook_keys() {
	qmp latency keys.ppm a s d f g h j k l | sed "s/^/$1 /" >>latency.txt
	qmp keys ctrl+u
	guest_type "keys-$1"
}
hook_keys_jemalloc() { hook_keys jemalloc; }
hook_keys_mallocng() { hook_keys mallocng; }
# screenshot: the second terminal, once its list is drawn, runs uname.
hook_screenshot() {
	qmp latency shot.ppm >/dev/null	# no keys: only waits for a still screen
	qmp type 'uname -a'
	qmp keys ret
	qmp latency shot.ppm >/dev/null
	"$IMG" shot.ppm png "$png"
	guest_type screenshot
}
RUN_HOOKS=("desktop-step: first-frame" hook_first_frame
	"desktop-step: keys-jemalloc" hook_keys_jemalloc
	"desktop-step: screenshot" hook_screenshot
	"desktop-step: keys-mallocng" hook_keys_mallocng)
QEMU_START=$(date +%s%N)
run_guest 3600 "" -kernel "$kernel" -initrd initrd.zst \
	-append "console=ttyS0 $TEST_OPTIONS" \
	-virtfs "$(suite_share "$top/desktop/bench/suite")" \
	-qmp "unix:$T/qmp.sock,server=on,wait=off" \
	-vga none -device virtio-gpu-pci -device qemu-xhci,id=xhci \
	-device usb-kbd,id=kbd,bus=xhci.0 -device usb-tablet,bus=xhci.0
tr -d '\r' <console.log | sed -n 's/^bench: //p' >guest.txt
if [ "$RUN_RC" -ne 0 ] || grep -q '^failed' guest.txt; then
	echo "bench-desktop: the guest failed (QEMU exit $RUN_RC)"
	tr -d '\r' <console.log | tail -30
	exit 1
fi

value() {	# value MALLOC WHAT [FIELD]
	awk -v m="$1" -v w="$2" -v f="${3:-3}" '$1 == m && $2 == w { print $f }' guest.txt
}
median() {	# median of the numbers on stdin
	sort -g | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
latency() { awk -v m="$1" '$1 == m && $2 != "period" { print $3 }' latency.txt | median; }
period() { awk '$2 == "period" { print $3 }' latency.txt | median; }
row() {	# row WHAT UNIT JEMALLOC MALLOCNG
	awk -v w="$1" -v u="$2" -v a="$3" -v b="$4" 'BEGIN {
		r = a > 0 ? sprintf("%.2f", b / a) : "-"
		printf "| %s | %s %s | %s %s | %s |\n", w, a, u, b, u, r }'
}
echo "The desktop in QEMU (TCG, 2 vCPUs, virtio GPU, USB keyboard), one boot:"
echo "surface and nexus-term with jemalloc (as shipped), then with musl's malloc."
echo
echo "| measure | jemalloc | musl malloc | musl / jemalloc |"
echo "|---|---|---|---|"
row "nexus-term: 20000 lines printed" ms "$(value jemalloc bulk-ms)" "$(value mallocng bulk-ms)"
row "key to frame, median of 9" ms "$(latency jemalloc)" "$(latency mallocng)"
row "surface, idle 10 s: context switches" "" "$(value jemalloc idle-switches)" "$(value mallocng idle-switches)"
row "surface resident (peak)" KiB "$(value jemalloc surface-kib 3) ($(value jemalloc surface-kib 4))" \
	"$(value mallocng surface-kib 3) ($(value mallocng surface-kib 4))"
row "nexus-term resident (peak)" KiB "$(value jemalloc term-kib 3) ($(value jemalloc term-kib 4))" \
	"$(value mallocng term-kib 3) ($(value mallocng term-kib 4))"
echo
echo "Boot (QEMU start) to surface's first frame: $(awk '$1 == "first-frame-ms" { print $2 }' host.txt) ms."
echo "Key to frame is read from QEMU screen dumps, each $(period) ms (median): the figure is late by up to one."
echo "Screenshot: $png"
