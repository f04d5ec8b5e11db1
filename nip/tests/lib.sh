# shellcheck shell=bash
# Shared helpers for nip's shell tests. Each test sources this, prints
# TAP, and runs in its own temporary directory.
set -u
NIP=${NIP:-$(cd "$(dirname "$0")/../.." && pwd)/build/nip-san/nip}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export LC_ALL=C TZ=UTC
unset SOURCE_DATE_EPOCH
TESTS_DIR=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/nip-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
tap_n=0
tap_failed=0

ok() {	# ok CONDITION-EXIT-STATUS DESCRIPTION
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
		tap_failed=$((tap_failed + 1))
	fi
}

# run_ok DESCRIPTION CMD...: the command succeeds
run_ok() {
	local desc=$1
	shift
	if "$@" >"$T/out" 2>"$T/err"; then
		ok 0 "$desc"
	else
		ok 1 "$desc"
		sed 's/^/#   /' "$T/out" "$T/err"
	fi
}

# run_fails DESCRIPTION EXIT-CODE PATTERN CMD...: fails with that code and
# a message matching PATTERN (grep -E) on stderr
run_fails() {
	local desc=$1 want=$2 pattern=$3 rc
	shift 3
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" -eq "$want" ] && grep -Eq -- "$pattern" "$T/err"; then
		ok 0 "$desc"
	else
		ok 1 "$desc"
		echo "#   exit $rc (want $want), stderr:"
		sed 's/^/#   /' "$T/err"
	fi
}

is() {	# is GOT WANT DESCRIPTION
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		printf '#   got:  %s\n#   want: %s\n' "$1" "$2"
	fi
}

done_testing() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}

# A fingerprint of everything under a root: type, mode, owner, size,
# content hash and link target of every entry. Times are left out, and
# so is the record of index serials seen, which every command that
# verified an index updates, even one that is then refused.
root_state() {
	(cd "$1" && find . ! -path ./var/lib/nip/serials \
		-printf '%y %m %U:%G %s %p -> %l\n' | LC_ALL=C sort &&
		find . -type f ! -path ./var/lib/nip/serials -print0 |
		LC_ALL=C sort -z | xargs -0r sha256sum)
}

# meta NAME VERSION [EXTRA-YAML-LINES]: write NAME.npk.yaml
meta() {
	printf 'name: %s\nversion: "%s"\nrelease: 1\nsummary: test package %s\nlicense: MIT\n%s' \
		"$1" "$2" "$1" "${3:-}" >"$1.npk.yaml"
}

# pkg NAME VERSION STAGEDIR [EXTRA-YAML]: pack into ./repo with key k
pkg() {
	meta "$1" "$2" "${4:-}"
	"$NIP" -q pack -k "$T/k.key" -o "$T/repo" "$1.npk.yaml" "$3"
}

# setup_repo: key k, empty repo, root trusting k
setup_repo() {
	"$NIP" -q key generate k
	mkdir -p repo root/etc/nip/keys
	cp k.pub root/etc/nip/keys/
}

nipr() {	# nip on ./root with ./repo (or $REPO)
	"$NIP" --root "$T/root" --repo "${REPO:-$T/repo}" "$@"
}

# craft SPEC-JSON: a hostile package in ./repo, signed so that only nip's
# install-time checks stand between it and the root.
craft() {
	local name
	name=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["name"])' <<<"$1")
	printf '%s' "$1" >"$T/spec.json"
	python3 "$TESTS_DIR/craft-npk.py" "$T/spec.json" "$T/repo" || return 1
	local file id
	for file in "$T/repo/$name"-*.npk; do break; done
	id=$(sed -n 's/^identity //p' "$T/repo/$name.block")
	"$NIP" -q sign -k "$T/k.key" -t "nip-npk $(basename "$file") identity=$id" "$file"
}

# raw_index SERIAL: sign an index made of every crafted .block, bypassing
# the checks nip index makes, as a compromised build host could.
raw_index() {
	{
		printf 'nip-index 1\nserial %s\nexpires %s\n' "$1" $(($(date +%s) + 86400))
		cat "$T"/repo/*.block
	} >"$T/repo/NIPINDEX"
	"$NIP" -q sign -k "$T/k.key" -t "nip-index serial=$1" "$T/repo/NIPINDEX"
}
