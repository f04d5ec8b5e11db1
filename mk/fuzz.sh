#!/bin/sh
# make fuzz: run each libFuzzer harness of DIR (nip/fuzz) for SECONDS,
# from a working corpus under $NEXUS_CACHE/fuzz/COMPONENT/NAME seeded with
# DIR/corpus/NAME (it grows from run to run; the repository keeps the
# small seed). A crash lands in build/fuzz-crashes/COMPONENT/NAME/
# (COMPONENT: DIR's parent, nip or base): minimise it
# (-minimize_crash=1), fix the bug, and keep the input in
# DIR/crashes/NAME so make check replays it for ever. Prints, per
# harness, its executions, the coverage it reached and its crashes.
#   mk/fuzz.sh BINDIR DIR SECONDS
set -u
bindir=$1 dir=$2 seconds=$3
component=$(basename "$(dirname "$dir")")
cache=${NEXUS_CACHE:-$HOME/.cache/nexus}/fuzz/$component
status=0
printf '%-18s %12s %8s %8s %8s\n' harness executions exec/s coverage crashes
for bin in "$bindir"/*; do
	name=${bin##*/}
	work=$cache/$name crashes=build/fuzz-crashes/$component/$name
	mkdir -p "$work" "$crashes"
	cp -n "$dir/corpus/$name"/* "$work/" 2>/dev/null
	log=$crashes.log
	"$bin" -max_total_time="$seconds" -print_final_stats=1 \
		-artifact_prefix="$crashes/" -close_fd_mask=3 "$work" >"$log" 2>&1
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
	found=$(find "$crashes" -type f | wc -l)
	[ "$found" = 0 ] || status=1
	printf '%-18s %12s %8s %8s %8s\n' "$component/$name" "${runs:-?}" "${rate:-?}" \
		"${cov:-?}" "$found"
done
[ "$status" = 0 ] || echo "crashes: build/fuzz-crashes/ (and each harness's .log)"
exit "$status"
