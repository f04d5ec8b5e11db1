#!/usr/bin/env bash
# bench-boot.sh KERNEL INITRAMFS [RUNS]: boot time to the login prompt
# under QEMU (TCG), our kernel against Debian's own 6.1 kernel
# (linux-image-amd64, downloaded once into $NEXUS_CACHE/bench) with the
# same initramfs and command line, alternating runs in one session.
# Prints a table of medians and the ratio. A benchmark, not a test.
set -euo pipefail
ours=$1 initrd=$2 runs=${3:-5}
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

# boot_ms KERNEL: ms from QEMU's start to "login:" on the serial console.
boot_ms() {
	local start pid
	start=$(date +%s%N)
	timeout -k 5 "$limit" qemu-system-x86_64 -m 768 -smp 2 -nographic \
		-no-reboot -kernel "$1" -initrd "$initrd" \
		-append "console=ttyS0 panic=-1 quiet" \
		</dev/null >"$work/console.log" 2>&1 &
	pid=$!
	while ! grep -aq ' login: ' "$work/console.log"; do
		if ! kill -0 "$pid" 2>/dev/null; then
			echo "bench-boot: $1 did not reach a login prompt:" >&2
			tail -5 "$work/console.log" >&2
			return 1
		fi
		sleep 0.05
	done
	echo $((($(date +%s%N) - start) / 1000000))
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null || true
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
