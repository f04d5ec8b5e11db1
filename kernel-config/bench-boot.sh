#!/usr/bin/env bash
# bench-boot.sh REPO INITRAMFS [RUNS]: boot time to the login prompt
# under QEMU (TCG), our kernel (REPO's linux package) against Debian's
# own 6.1 kernel (linux-image-amd64, downloaded once into
# $NEXUS_CACHE/bench) with the same initramfs and command line,
# alternating runs in one session. Prints a table of medians and the
# ratio. A benchmark, not a test.
set -euo pipefail
repo=$(cd "$1" && pwd) initrd=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
runs=${3:-5}
cache=${NEXUS_CACHE:-$HOME/.cache/nexus}/bench/debian-kernel
limit=300

# Debian's kernel: whatever linux-image-amd64 points at today.
pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
	sed -n 's/^ *Depends: \(linux-image-6\.1[^ ]*\)$/\1/p' | head -1)
[ -n "$pkg" ] || { echo "bench-boot: apt knows no linux-image-amd64 for 6.1" >&2; exit 1; }
if ! ls "$cache/$pkg"/boot/vmlinuz-* >/dev/null 2>&1; then
	rm -rf "$cache/$pkg.tmp"
	mkdir -p "$cache/$pkg.tmp"
	(cd "$cache/$pkg.tmp" && apt-get download -q "$pkg" >/dev/null &&
		dpkg-deb -x ./*.deb root)
	mkdir -p "$cache/$pkg"
	mv "$cache/$pkg.tmp/root/boot" "$cache/$pkg/boot"
	rm -rf "$cache/$pkg.tmp"
fi
debian=$(ls "$cache/$pkg"/boot/vmlinuz-*)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
TESTS_DIR=$(cd "$(dirname "$0")/../tests" && pwd) T=$work
# shellcheck source=../tests/qemu/harness.sh
. "$TESTS_DIR/qemu/harness.sh"
ours=$(cd "$work" && kernel_of "$repo")

# boot_ms KERNEL: ms from QEMU's start to "login:" on the serial console.
boot_ms() {
	RUN_UNTIL=' login: ' RUN_POLL=0.05 run_guest "$limit" "" -kernel "$1" \
		-initrd "$initrd" -append "console=ttyS0 panic=-1 quiet"
	if [ "$RUN_RC" -ne 0 ]; then
		echo "bench-boot: $1 did not reach a login prompt:" >&2
		tail -5 "$T/console.txt" >&2
		return 1
	fi
	echo "$UNTIL_MS"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

: >"$work/ours" && : >"$work/debian"
for ((i = 0; i < runs; i++)); do
	boot_ms "$ours" >>"$work/ours"
	boot_ms "$debian" >>"$work/debian"
done
o=$(median <"$work/ours") d=$(median <"$work/debian")
printf 'boot to the login prompt, QEMU TCG, -m 768 -smp 2, same initramfs, %d runs each\n' "$runs"
printf '%-34s %10s %10s %10s %9s\n' kernel "median ms" "min ms" "max ms" "bzImage"
for k in ours debian; do
	f=$ours name="Nexus $(basename "$ours")"
	[ $k = debian ] && f=$debian name="Debian $(basename "$debian")"
	printf '%-34s %10s %10s %10s %8dK\n' "$name" "$( [ $k = ours ] && echo "$o" || echo "$d")" \
		"$(sort -n "$work/$k" | head -1)" "$(sort -n "$work/$k" | tail -1)" \
		$(($(stat -c %s "$f") / 1024))
done
awk -v o="$o" -v d="$d" 'BEGIN { printf "Debian / Nexus: %.2fx (higher: ours boots faster)\n", d / o }'
