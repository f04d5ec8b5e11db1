#!/usr/bin/env bash
# PID 1 on the host, in a PID namespace of its own: it starts the
# services, restarts one that is killed (with backoff), reaps orphans,
# and on poweroff (SIGUSR2, as toybox's poweroff sends) stops the
# services and powers "off" (in a PID namespace, reboot() ends init with
# SIGINT, and SIGHUP for a reboot).
. "$(dirname "$0")/../../tests/tap.sh"
INIT=${INIT:-$(cd "$TESTS_DIR/../.." && pwd)/build/base-san/init}
[ -x "$INIT" ] || { echo "Bail out! $INIT is missing: run make check"; exit 1; }
mkdir -p etc/services
tag=$$

# until SECONDS CONDITION...: poll for a condition, fail at the deadline.
until_true() {
	local end=$((SECONDS + $1))
	shift
	while ! "$@"; do
		[ "$SECONDS" -ge "$end" ] && return 1
		sleep 0.05
	done
}
lines() { [ -f "$1" ] && [ "$(wc -l <"$1")" -ge "$2" ]; }

cat >etc/services/worker <<SH
#!/bin/sh
echo run >>$T/runs
exec sleep 1${tag}1
SH
cat >etc/services/graceful <<SH
#!/bin/sh
trap 'echo stopped >>$T/stopped; exit 0' TERM
sleep 1${tag}3 &
wait
SH
cat >etc/services/orphaner <<SH
#!/bin/sh
# Leave a short-lived orphan for init to reap, then stay.
sh -c 'sleep 0.3 >/dev/null &'
echo up >>$T/orphaner
exec sleep 1${tag}2
SH
cat >etc/services/limits <<SH
#!/bin/sh
# What a service inherits: soft and hard core size limits.
echo "\$(ulimit -S -c) \$(ulimit -H -c)" >$T/core-limits
exec sleep 1${tag}9
SH
chmod +x etc/services/*

# ASan turns core dumps off in the program it runs: not here, where the
# test is what init itself does with them.
start_init() {
	ASAN_OPTIONS=disable_coredump=0${ASAN_OPTIONS:+:$ASAN_OPTIONS} \
	NEXUS_INIT_ETC=$T/etc NEXUS_INIT_TEST=1 \
		unshare --pid --fork --kill-child "$INIT" 2>>"$T/init.log" &
	unshare_pid=$!
	until_true 10 pgrep -P "$unshare_pid" >/dev/null
	init_pid=$(pgrep -P "$unshare_pid")
	until_true 20 pgrep -f "sleep 1${tag}3" >/dev/null
}
# init is started with core dumps allowed, so that it must turn them off.
ulimit -S -c "$(ulimit -H -c)"
hard=$(ulimit -H -c)
[ "$(ulimit -S -c)" != 0 ]
ok $? "the test starts init with a soft core limit that is not 0 ($hard)"
start_init
until_true 20 lines runs 1
ok $? "init starts the services"
until_true 20 lines orphaner 1
ok $? "  ...every one of them"
until_true 20 lines core-limits 1
is "$(cat core-limits)" "0 $hard" "services start with no core dumps (soft limit 0, hard limit kept)"

pkill -KILL -xf "sleep 1${tag}1"
until_true 20 lines runs 2
ok $? "a killed service is started again"
grep -q "worker: killed by signal 9; restart in 1 s" init.log
ok $? "  ...after saying why, with a 1 s backoff"
pkill -KILL -xf "sleep 1${tag}1"
until_true 20 lines runs 3
grep -q "worker: killed by signal 9; restart in 2 s" init.log
ok $? "the backoff doubles for a service that keeps dying"

cat >etc/services/late <<SH
#!/bin/sh
echo late >>$T/late
exec sleep 1${tag}4
SH
chmod +x etc/services/late
kill -HUP "$init_pid"
until_true 20 lines late 1
ok $? "SIGHUP starts a service added since boot"
lines runs 4
ok $((! $?)) "  ...and leaves the running ones alone"

# Service policies (NAME.policy). A policy file is never a service,
# even executable; a wrong one keeps its service from starting, named
# by file and line; a right one is applied, or, on a kernel without the
# pledge LSM, keeps the service from starting rather than run it bare.
cat >etc/services/badpolicy <<SH
#!/bin/sh
echo ran >>$T/badpolicy.ran
exec sleep 1${tag}5
SH
printf 'pledge stdio\nunveil rx /usr/bin\nallow everything\n' \
	>etc/services/badpolicy.policy
cat >etc/services/confined <<SH
#!/bin/sh
cat /proc/self/attr/pledge/promises >>$T/confined.ran 2>&1 || echo none >>$T/confined.ran
exec sleep 1${tag}6
SH
printf '# a shell and cat\npledge stdio rpath wpath proc exec\nunveil rx /usr\nunveil rx /bin\nunveil r /proc\nunveil rw %s\n' \
	"$T" >etc/services/confined.policy
chmod +x etc/services/badpolicy etc/services/confined \
	etc/services/badpolicy.policy
kill -HUP "$init_pid"
until_true 20 grep -q "badpolicy.policy:3: unknown directive 'allow'" init.log
ok $? "a wrong policy is named by file, line and word"
grep -q "badpolicy: not started: its policy is wrong" init.log && [ ! -e badpolicy.ran ]
ok $? "  ...and its service is not started"
grep -q "^init: badpolicy.policy: started" init.log
ok $((! $?)) "a policy file is not a service, even executable"
if grep -qw pledge /sys/kernel/security/lsm 2>/dev/null; then
	until_true 20 lines confined.ran 1
	is "$(cat confined.ran)" "stdio rpath wpath proc exec" \
		"a service runs under its policy's promises"
else
	until_true 20 grep -q "confined: unveil rx /usr: this kernel has no pledge LSM" init.log
	ok $? "without the pledge LSM a service with a policy is not run bare"
	[ ! -e confined.ran ]
	ok $? "  ...it did not run at all"
fi
rm etc/services/badpolicy* etc/services/confined*

zombies() { pgrep -c -r Z -P "$init_pid"; }
no_zombies() { [ "$(zombies)" -eq 0 ] && ! pgrep -x -f "sleep 0.3" >/dev/null; }
until_true 20 no_zombies
ok $? "orphans that end are reaped (no zombie under init)"

kill -USR2 "$init_pid"
wait "$unshare_pid" 2>/dev/null
rc=$?
is "$rc" "130" "poweroff (SIGUSR2) ends init by the namespace's power-off (SIGINT)"
lines stopped 1
ok $? "  ...after its services were asked to stop (SIGTERM)"
grep -q "powering off" init.log
ok $? "  ...saying so"

rm etc/services/late
start_init
until_true 20 lines runs 4
kill -TERM "$init_pid"
wait "$unshare_pid" 2>/dev/null
is "$?" "129" "reboot (SIGTERM) ends init by the namespace's reboot (SIGHUP)"
pgrep -f "sleep 1${tag}" >/dev/null
ok $((! $?)) "no service outlives init"
until_true 10 lines stopped 2
sed 's/^/#   /' init.log | tail -4
done_testing
