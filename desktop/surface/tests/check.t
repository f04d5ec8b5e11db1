#!/bin/bash
# surface --check: the shipped surface.conf is clean; a bad file is
# reported line by line, as FILE:LINE, and fails.
# shellcheck source=../../../tests/tap.sh
. "$(dirname "$0")/../../../tests/tap.sh"
SURFACE=${SURFACE:?the surface program to test}
CONF=${SURFACE_CONF:-$TESTS_DIR/../surface.conf}

run_ok "the shipped surface.conf is clean" "$SURFACE" --check "$CONF"

cat >bad.conf <<'CONF'
output * mode 1024x768
keyboard repeat fast 600
bind Super+q close
bind Hyper+x exit
CONF
run_fails "a bad file fails" 1 '^bad.conf:2: repeat rate "fast"' \
	"$SURFACE" --check bad.conf
grep -q '^bad.conf:4: unknown modifier "Hyper" in Hyper+x$' "$T/err"
ok $? "every bad line is reported with its line"
is "$(wc -l <"$T/err")" 2 "and only the bad lines"

run_fails "a missing file fails" 1 '^nothere.conf: No such file' \
	"$SURFACE" --check nothere.conf
run_fails "a wrong option is refused" 2 '^usage: surface' "$SURFACE" -x
run_fails "-c with a file that is not there stops at once" 1 \
	'^surface: nothere.conf: No such file' "$SURFACE" -c nothere.conf
done_testing
