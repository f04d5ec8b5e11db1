#!/bin/sh
# check-profile.sh NIP RECIPES LIST...: every package a profile's LIST
# names must be made by a recipe in RECIPES. Run before any build, so a
# typo costs a second, not a kernel build. Names each bad line.
set -euf
nip=$1 recipes=$2
shift 2
made=$("$nip" build --list --all "$recipes")
bad=0
for list; do
	[ -r "$list" ] || { echo "$list: cannot read the package list" >&2; exit 1; }
	n=0
	while IFS= read -r line || [ -n "$line" ]; do
		n=$((n + 1))
		for word in ${line%%#*}; do
			name=${word%%[<>=]*}
			if ! printf '%s\n' "$made" | grep -qxF -- "$name"; then
				echo "$list:$n: no recipe in $recipes makes package '$name'" >&2
				bad=1
			fi
		done
	done <"$list"
done
exit $bad
