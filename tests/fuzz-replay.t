#!/usr/bin/env bash
# Every libFuzzer harness (nip/fuzz, base/fuzz; see their README.md)
# over its seed corpus and every input that once crashed one
# (fuzz/crashes/NAME): each input runs once under ASan and UBSan, so a
# parser bug that comes back fails here. make fuzz is what searches for
# new ones.
. "$(dirname "$0")/lib.sh"
for component in nip base; do
	src_dir=$TOP/$component/fuzz bin_dir=$TOP/build/$component-fuzz/fuzz
	harnesses=()
	for src in "$src_dir"/*.c; do
		name=${src##*/} name=${name%.c}
		[ "$name" = fuzz ] || harnesses+=("$name")
	done
	[ "${#harnesses[@]}" -gt 0 ] || { echo "Bail out! no harness in $src_dir"; exit 1; }
	for name in "${harnesses[@]}"; do
		bin=$bin_dir/$name
		[ -x "$bin" ] || { echo "Bail out! $bin is missing: run make fuzzers"; exit 1; }
		mapfile -t inputs < <(find "$src_dir/corpus/$name" "$src_dir/crashes/$name" \
			-type f 2>/dev/null | LC_ALL=C sort)
		seeds=$(find "$src_dir/corpus/$name" -type f 2>/dev/null | wc -l)
		[ "$seeds" -gt 0 ]
		ok $? "$component/$name has a seed corpus ($seeds inputs)"
		"$bin" "${inputs[@]}" >"$T/$name.log" 2>&1
		ok $? "  ...and runs its ${#inputs[@]} inputs clean" ||
			grep -E 'ERROR|runtime error|SUMMARY|Running:' "$T/$name.log" |
			tail -8 | sed 's/^/#   /'
	done
done
done_testing
