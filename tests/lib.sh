# shellcheck shell=bash
# Helpers for the integration tests: nip's test helpers, plus the paths
# of what `make check` built (build/repo, build/rootfs, the toolchain).
NIP=${NIP:-$(cd "$(dirname "$0")/.." && pwd)/build/nip-san/nip}
. "$(dirname "$0")/../nip/tests/lib.sh"
TOP=$(cd "$TESTS_DIR/.." && pwd)
REPO_BUILT=${REPO_BUILT:-$TOP/build/repo}
# shellcheck disable=SC2034 # for the tests that source this
ROOTFS=$TOP/build/rootfs
# shellcheck disable=SC2034
TOOLCHAIN=$TOP/build/toolchain
# shellcheck disable=SC2034
KEY=${NEXUS_KEY:-${NEXUS_CACHE:-$HOME/.cache/nexus}/keys/nexus-local.key}

# need PATH...: bail out (a failure, not a skip) when make check did not
# build what the test reads.
need() {
	for p; do
		if [ ! -e "$p" ]; then
			echo "Bail out! $p is missing: run make check"
			exit 1
		fi
	done
}

# shellcheck source=npk.sh
. "$TESTS_DIR/npk.sh"

# A scratch copy of build/repo to build into, leaving the real one alone.
scratch_repo() {
	mkdir -p "$T/repo"
	cp "$REPO_BUILT"/*.npk "$REPO_BUILT"/*.minisig "$REPO_BUILT"/NIPINDEX "$T/repo/"
}

# in_root ROOT CMD: CMD under ROOT's /bin/sh as on a booted system, with
# the host's /dev and a fresh /proc, in a private mount namespace.
in_root() {
	# shellcheck disable=SC2016 # the inner sh expands $1 and $2
	unshare -m sh -c 'mount --rbind /dev "$1/dev" && mount -t proc proc "$1/proc" &&
		exec chroot "$1" /bin/sh -c "$2"' sh "$1" "$2"
}
