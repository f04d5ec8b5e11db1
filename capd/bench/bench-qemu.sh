#!/usr/bin/env bash
# bench-qemu.sh REPO KEYSDIR: what the pledge LSM costs, inside a
# booted Nexus (QEMU, TCG, 2 vCPUs): pledge-bench in guests with the
# LSM off (lsm= without it on the command line) and with it on, the
# same kernel and initramfs, alternating; then one table. Counts are cut by 4
# (-s 4): TCG is slow. Unpledged, pledged, and pledged with two
# unveils, in round robin within each guest.
set -euo pipefail
TESTS_DIR=$(cd "$(dirname "$0")/../../tests" && pwd)
# shellcheck source=../../tests/qemu/harness.sh
. "$TESTS_DIR/qemu/harness.sh"
bench_guest pledge-bench pledge-tests pledge "$1" "$2"
# boot NAME EXTRA-OPTIONS: the guest's lines, "NAME OP NS...", appended
# to runs.txt
boot() {
	bench_boot "$1" bench-qemu "$2"
	lsm_is "$1" "$1.txt" bench-qemu
	# Only pledge-bench's lines: the kernel may print on the console.
	grep -E '^(open\+close|stat|fork\+exec\+wait) ' "$1.txt" |
		sed "s/^/$1 /" >>runs.txt
	if [ -n "${PLEDGE_BENCH_KEEP:-}" ]; then
		cp console.txt "$PLEDGE_BENCH_KEEP/console-$1-$(wc -l <runs.txt).txt"
	fi
}
# Boots differ by more than the LSM costs under TCG: alternate them,
# and take the median over the boots of each kind.
rounds=${PLEDGE_BENCH_BOOTS:-3}
for _ in $(seq "$rounds"); do
	boot off "lsm=landlock,yama,loadpin,integrity"
	boot on ""
done
echo "The pledge LSM's cost inside QEMU (TCG, 2 vCPUs), ns per operation: medians of $rounds boots each way, alternating, each boot's figure a median of 7 runs; x: against the LSM off."
echo
echo "| operation | LSM off | LSM on, no policy | x | pledged | x | pledged + unveiled | x |"
echo "|---|---|---|---|---|---|---|---|"
# middle: the median of the sorted numbers on stdin
middle() {
	awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# median KIND OP FIELD: over the boots of KIND
median() {
	awk -v k="$1" -v o="$2" -v f="$3" '$1 == k && $2 == o { print $f }' runs.txt |
		sort -g | middle
}
awk '{ print $2 }' runs.txt | sort -u | while read -r op; do
	off=$(median off "$op" 3)
	plain=$(median on "$op" 3) pledged=$(median on "$op" 4) unveiled=$(median on "$op" 5)
	awk -v op="$op" -v a="$off" -v b="$plain" -v c="$pledged" -v d="$unveiled" 'BEGIN {
		printf "| %s | %.0f | %.0f | %.3f | %.0f | %.3f | %.0f | %.3f |\n",
			op, a, b, b / a, c, c / a, d, d / a }'
done
# Within one boot the three "on" columns run in round robin, so their
# ratio holds whatever the boot's speed: per boot, pledged and unveiled
# against no policy; the median over the boots, and the range.
echo
echo "Within each boot, against no policy: median over the $rounds \"on\" boots (range)."
echo
echo "| operation | pledged | range | pledged + unveiled | range |"
echo "|---|---|---|---|---|"
# ratios OP FIELD: each "on" boot's FIELD / its no-policy figure, sorted
ratios() {
	awk -v o="$1" -v f="$2" '$1 == "on" && $2 == o { printf "%.3f\n", $f / $3 }' runs.txt | sort -g
}
awk '{ print $2 }' runs.txt | sort -u | while read -r op; do
	p=$(ratios "$op" 4) u=$(ratios "$op" 5)
	printf '| %s | %s | %s-%s | %s | %s-%s |\n' "$op" \
		"$(echo "$p" | middle)" "$(echo "$p" | head -1)" "$(echo "$p" | tail -1)" \
		"$(echo "$u" | middle)" "$(echo "$u" | head -1)" "$(echo "$u" | tail -1)"
done
