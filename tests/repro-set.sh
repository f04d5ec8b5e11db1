#!/bin/sh
# repro-set.sh BASE | --all: the recipes tests/repro.t rebuilds, one .npk.yaml
# path a line: a fixed sample (musl, toybox, zstd and nip: configure,
# plain make, a library and our own code) and every recipe whose inputs
# changed between BASE and HEAD: its .npk.yaml, a file or folder it
# declares as a source (through the links in its folder), or the
# toolchain, which is in every recipe's build key. When BASE cannot be
# compared (no such commit), every recipe: rebuilding too much is slow,
# too little would pass unchecked. --all: every recipe.
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
sample="musl toybox zstd nip"

all() { printf '%s\n' npk-recipes/*/*.npk.yaml | LC_ALL=C sort; }

if [ "$1" = --all ] ||
	! changed=$(git diff --name-only "$1" HEAD 2>/dev/null); then
	all
	exit 0
fi

# inputs RECIPE: the repository paths a recipe reads, one a line.
inputs() {
	dir=$(dirname "$1")
	echo "$1"
	sed -n 's/^[[:space:]]*-[[:space:]]*file:[[:space:]]*//p' "$1" |
		while read -r src; do
			p=$(realpath -m "$dir/$src")
			echo "${p#"$top"/}"
		done
}

# touched PATH...: whether a changed file is one of PATHs or under one.
# (Our paths have no spaces: a word each.)
touched() {
	for p; do
		for c in $changed; do
			case $c in
			"$p" | "$p"/*) return 0 ;;
			esac
		done
	done
	return 1
}

if touched npk-recipes/toolchain; then
	all
	exit 0
fi
for recipe in $(all); do
	name=$(basename "$recipe" .npk.yaml)
	case " $sample " in
	*" $name "*) echo "$recipe"; continue ;;
	esac
	# shellcheck disable=SC2046 # one path a word: paths have no spaces
	if touched $(inputs "$recipe"); then
		echo "$recipe"
	fi
done
