#!/usr/bin/env bash
# nip's libFuzzer harnesses (fuzz/README.md) over their seed corpus and
# every input that once crashed one (fuzz/crashes/NAME): each input
# runs once under ASan and UBSan, so a parser bug that comes back fails
# here. make fuzz is what searches for new ones.
. "$(dirname "$0")/lib.sh"
FUZZ_BIN=${NIP_FUZZ:-$TESTS_DIR/../../build/nip-fuzz/fuzz}
FUZZ_SRC=$TESTS_DIR/../fuzz
harnesses=()
for src in "$FUZZ_SRC"/*.c; do
	name=${src##*/} name=${name%.c}
	[ "$name" = fuzz ] || harnesses+=("$name")
done
[ "${#harnesses[@]}" -gt 0 ] || { echo "Bail out! no harness in $FUZZ_SRC"; exit 1; }
for name in "${harnesses[@]}"; do
	bin=$FUZZ_BIN/$name
	[ -x "$bin" ] || { echo "Bail out! $bin is missing: run make nip-fuzz"; exit 1; }
	mapfile -t inputs < <(find "$FUZZ_SRC/corpus/$name" "$FUZZ_SRC/crashes/$name" \
		-type f 2>/dev/null | LC_ALL=C sort)
	seeds=$(find "$FUZZ_SRC/corpus/$name" -type f 2>/dev/null | wc -l)
	[ "$seeds" -gt 0 ]
	ok $? "$name has a seed corpus ($seeds inputs)"
	"$bin" "${inputs[@]}" >"$T/$name.log" 2>&1
	ok $? "  ...and runs its ${#inputs[@]} inputs clean" ||
		grep -E 'ERROR|runtime error|SUMMARY|Running:' "$T/$name.log" | tail -8 | sed 's/^/#   /'
done
done_testing
