# shellcheck shell=sh
# Packages in a repository, for the tests and for the benchmarks that
# boot them (which source tests/qemu/harness.sh without lib.sh).

# newest_npk REPO NAME: the newest NAME package in REPO (a working tree's
# repository keeps the releases it built before), or nothing.
newest_npk() {
	set -- "$1/$2"-[0-9]*.npk
	[ -e "$1" ] || return 0
	printf '%s\n' "$@" | sort -V | tail -1
}
