# shellcheck shell=bash
# TAP for every shell test of ours: a test sources this (directly, or
# through nip/tests/lib.sh or tests/lib.sh), prints TAP with ok, run_ok,
# run_fails and is, ends with done_testing, and runs in its own
# temporary directory $T, removed at exit. Programs under test are the
# sanitizer builds: their reports stop the program and fail the test.
set -u
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export LC_ALL=C TZ=UTC
unset SOURCE_DATE_EPOCH
# shellcheck disable=SC2034 # for the tests that source this
TESTS_DIR=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/nexus-test.XXXXXX")
# NEXUS_KEEP_TMP=1 keeps the test's folder (console logs, screen dumps).
[ -z "${NEXUS_KEEP_TMP:-}" ] || echo "# the test's files stay in $T"
# at_exit COMMAND: run COMMAND (e.g. stop a server) when the test ends,
# before its folder goes.
tap_at_exit=:
at_exit() { tap_at_exit="$1; $tap_at_exit"; }
trap 'eval "$tap_at_exit"; [ -n "${NEXUS_KEEP_TMP:-}" ] || rm -rf "$T"' EXIT
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
