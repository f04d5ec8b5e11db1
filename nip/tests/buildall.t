#!/usr/bin/env bash
# nip build --all -j: independent recipes build at once, each after what
# it needs; a failure stops new builds and is named; the packages do not
# depend on -j. Builds meet through flocks on files of the toolchain
# folder, which every sandbox sees (bound read-only): a recipe holds a
# lock while it runs and waits, bounded by timeout, for another's lock,
# so the tests wait for events, never for time.
# shellcheck disable=SC2016 # the build scripts are single-quoted: they expand in the sandbox
. "$(dirname "$0")/lib.sh"
export NEXUS_CACHE=$T/cache NIP_APT_ETC=$T/etc-apt TMPDIR=$T/tmp
mkdir -p tc/bin tmp etc-apt archive
"$NIP" -q key generate k
touch tc/ping tc/pong tc/pong-saw tc/gate

# wait-locked FILE SECONDS: until another process holds a lock on FILE.
cat >tc/bin/wait-locked <<'EOF'
#!/bin/sh
exec timeout "$2" sh -c 'while :; do
	flock -n -s -E 99 "$1" true
	case $? in 99) exit 0 ;; 0) sleep 0.05 ;; *) exit 2 ;; esac
done' sh "$1"
EOF
chmod +x tc/bin/wait-locked

# recipe DIR NAME SCRIPT [EXTRA-YAML]: DIR/NAME/NAME.npk.yaml, no sources
recipe() {
	mkdir -p "$1/$2"
	{
		printf '%s\n' "name: $2" 'version: "1.0"' "release: 1" \
			"summary: test $2" "license: MIT" \
			"source-date-epoch: 1700000000"
		[ -n "${4:-}" ] && printf '%s\n' "$4"
		printf 'build: |\n'
		printf '%s\n' "$3" | sed 's/^/  /'
	} >"$1/$2/$2.npk.yaml"
}
build() { "$NIP" build -k k.key --toolchain tc "$@"; }
# put FILE TEXT: a script line writing TEXT into the package at FILE
put() { printf 'mkdir -p "$DESTDIR/%s" && echo %s >"$DESTDIR/%s/%s"' \
	"$(dirname "$1")" "$2" "$(dirname "$1")" "$(basename "$1")"; }

# Dependency order: app build-depends on lib and reads it in its
# sysroot; tool depends on lib at run time; solo needs nothing.
recipe order lib "$(put usr/share/lib/lib.txt one)"
recipe order app 'test -f /sysroot/usr/share/lib/lib.txt
mkdir -p "$DESTDIR/usr/share/app"
cp /sysroot/usr/share/lib/lib.txt "$DESTDIR/usr/share/app/"' "build-depends: [lib]"
recipe order tool "$(put usr/share/tool/t tool)" "depends: [lib]"
recipe order solo "$(put usr/share/solo/s solo)"
run_ok "-j2 builds every recipe, each after what it needs" \
	build -o repo2 -j2 --all order
line() { grep -n "order/$1/$1.npk.yaml: built" out | cut -d: -f1; }
[ -n "$(line lib)" ] && [ "$(line lib)" -lt "$(line app)" ] &&
	[ "$(line lib)" -lt "$(line tool)" ]
ok $? "  ...lib finished before app and tool"
grep -q "4 recipes: 4 built, 0 up to date" out
ok $? "  ...and says so for all four"
is "$(zstd -qdc repo2/app-1.0-1.npk | tar -xOf - usr/share/app/lib.txt)" one \
	"  ...app found lib in its sysroot"

# -j counts recipes; --make-jobs is each script's $JOBS.
recipe jobs jobs 'mkdir -p "$DESTDIR/usr/share/jobs" && echo "$JOBS" >"$DESTDIR/usr/share/jobs/n"'
run_ok "--make-jobs sets \$JOBS for the script" \
	build -o repo-jobs -j1 --make-jobs 3 --all jobs
is "$(zstd -qdc repo-jobs/jobs-1.0-1.npk | tar -xOf - usr/share/jobs/n)" 3 \
	"  ...which it sees"
run_fails "-j takes a number from 1" 2 "-j and --make-jobs take a number" \
	build -o repo-jobs -j 0 --all jobs

# The same recipes one at a time, from a cold cache of their own: the
# same bytes, and the same index but for its expiry.
NEXUS_CACHE=$T/cache1 run_ok "-j1 builds them one at a time" \
	build -o repo1 -j1 --all order
(cd repo1 && ls ./*.npk) >list1 && (cd repo2 && ls ./*.npk) >list2
same=$(cmp -s list1 list2 && echo yes)
while read -r f; do
	cmp -s "repo1/$f" "repo2/$f" || same="no: $f"
done <list1
is "$same" yes "  ...into the same packages, byte for byte, as -j2"
is "$(grep -v ^expires repo1/NIPINDEX)" "$(grep -v ^expires repo2/NIPINDEX)" \
	"  ...and the same index entries and serial"

# Two recipes that can only succeed together: ping holds its lock and
# waits for pong's, pong for ping's; pong then says it saw ping and
# waits for ping to end, so neither can miss the other.
recipe overlap ping 'exec 3</toolchain/ping && flock 3
wait-locked /toolchain/pong "$WAIT"
wait-locked /toolchain/pong-saw "$WAIT"
'"$(put usr/share/ping/ok ping)"
recipe overlap pong 'exec 3</toolchain/pong && flock 3
wait-locked /toolchain/ping "$WAIT"
exec 4</toolchain/pong-saw && flock 4
exec 5</toolchain/ping && timeout "$WAIT" flock 5
'"$(put usr/share/pong/ok pong)"
run_fails "-j1 cannot build two recipes that need each other running" 1 \
	"overlap/ping/ping.npk.yaml: failed .*ping: the build failed" \
	build -o repo-serial -j1 --set WAIT=3 --all overlap
grep -q "1 of 2 recipes failed: ping (see .*/repo-serial/logs/ping.log); 1 not started" err
ok $? "  ...the failure names the recipe and its log, and pong never started"
[ ! -e repo-serial/logs/pong.log ]
ok $? "  ...so pong has no log"
run_ok "-j2 builds them at once" \
	build -o repo-overlap -j2 --set WAIT=60 --all overlap
[ -f repo-overlap/ping-1.0-1.npk ] && [ -f repo-overlap/pong-1.0-1.npk ]
ok $? "  ...both packages are there"

# A failure: bad fails at once while busy runs; busy waits for the gate
# the test holds until nip has reported bad, then finishes; later would
# start in bad's slot, but must not.
recipe fail bad 'echo bad-output; exit 3'
recipe fail busy 'exec 5</toolchain/gate && timeout 60 flock -s 5
'"$(put usr/share/busy/ok busy)"
recipe fail later "$(put usr/share/later/ok later)"
exec 7<tc/gate
flock 7
build -o repo-fail -j2 --all fail >out 2>err 7<&- &
nip=$!
timeout 60 sh -c 'until grep -q "fail/bad/bad.npk.yaml: failed" err; do sleep 0.05; done'
ok $? "a failure is reported as soon as its build ends"
flock -u 7
exec 7<&-
wait "$nip"
is "$?" 1 "  ...and the run fails"
grep -q "bad: the build failed (exit 3); the end of .*bad.log" err &&
	grep -q bad-output err
ok $? "  ...showing the end of its log"
grep -q "1 of 3 recipes failed: bad (see .*/repo-fail/logs/bad.log); 1 not started" err
ok $? "  ...naming it and its log at the end"
[ -f repo-fail/busy-1.0-1.npk ] && grep -q "busy-1.0-1" repo-fail/NIPINDEX
ok $? "  ...the build that was running finished and was published"
[ ! -e repo-fail/logs/later.log ] && [ ! -e repo-fail/later-1.0-1.npk ]
ok $? "  ...and none started after the failure"

# apt and the source cache are taken in turns: with apt.lock held, two
# builds that fetch a source both wait for it, and then both build.
mkdir -p src/hello-1.0
echo hello >src/hello-1.0/greeting
tar -C src -czf archive/hello_1.0.orig.tar.gz hello-1.0
SUM=$(sha256sum archive/hello_1.0.orig.tar.gz | cut -d' ' -f1)
SIZE=$(stat -c %s archive/hello_1.0.orig.tar.gz)
MD5=$(md5sum <archive/hello_1.0.orig.tar.gz | cut -d' ' -f1)
printf '%s\n' "Package: hello" "Binary: hello" "Version: 1.0-1" \
	"Maintainer: Nobody <nobody@example.invalid>" "Architecture: any" \
	"Format: 3.0 (quilt)" "Directory: ." "Files:" \
	" $MD5 $SIZE hello_1.0.orig.tar.gz" "Checksums-Sha256:" \
	" $SUM $SIZE hello_1.0.orig.tar.gz" >archive/Sources
: >archive/Packages
echo "deb [trusted=yes] file://$T/archive ./" >etc-apt/sources.list
source="sources:
  - debian: hello
    version: \"1.0-1\"
    file: hello_1.0.orig.tar.gz
    sha256: $SUM"
for n in one two; do
	recipe apt "$n" "cp greeting /build/dest/$n" "$source"
done
"$NIP" -q fetch apt/one/one.npk.yaml >/dev/null 2>fetch.err &&
	rm -r "$NEXUS_CACHE/sources"
ok $? "apt's lists are ready and the source cache is empty"
exec 7>"$NEXUS_CACHE/apt.lock"
flock 7
build -o repo-apt -j2 --all apt >out 2>err 7>&- &
nip=$!
timeout 60 sh -c 'until grep -qs "waiting for .*apt.lock" repo-apt/logs/one.log &&
	grep -qs "waiting for .*apt.lock" repo-apt/logs/two.log; do sleep 0.05; done'
ok $? "both builds wait for apt.lock, each saying so in its log"
[ ! -e repo-apt/one-1.0-1.npk ] && [ ! -e repo-apt/two-1.0-1.npk ]
ok $? "  ...and go no further while it is held"
flock -u 7
exec 7>&-
wait "$nip"
is "$?" 0 "  ...then both fetch in turn and build"
[ -f repo-apt/one-1.0-1.npk ] && [ -f repo-apt/two-1.0-1.npk ]
ok $? "  ...into their packages"
[ -z "$(ls tmp)" ]
ok $? "no work directory is left behind"
done_testing
