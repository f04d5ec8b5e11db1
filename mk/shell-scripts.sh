#!/bin/sh
# shell-scripts.sh: our shell scripts, one path a line, for shellcheck
# in make lint. A script is a file named *.sh, a file whose first line is
# a sh, bash or mksh shebang (the .t tests, tests/suites/*/run, .ci/run,
# installer/nexus-install...), or a sourced file that names its shell
# for shellcheck near its top (`# shellcheck shell=sh`), having neither.
# build/ and .git/ are left out; symlinks (npk-recipes/* point into the
# tree) are not followed.
set -eu
cd "$(dirname "$0")/.."

is_shell() {
	case $1 in
	*.sh) return 0 ;;
	esac
	first=$(head -n 1 "$1" 2>/dev/null | tr -d '\0') || return 1
	case $first in
	'#!/bin/sh'* | '#!/usr/bin/env sh'* | '#!/bin/bash'* | \
		'#!/usr/bin/env bash'* | '#!/bin/mksh'* | '#!/usr/bin/env mksh'*)
		return 0 ;;
	esac
	head -n 5 "$1" | grep -q '^# shellcheck shell=' 2>/dev/null
}

find . -path ./.git -prune -o -path ./build -prune -o -type f -print |
	sed 's|^\./||' | LC_ALL=C sort |
	while read -r f; do
		if is_shell "$f"; then
			echo "$f"
		fi
	done
