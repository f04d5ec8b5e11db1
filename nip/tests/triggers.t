#!/usr/bin/env bash
# Package triggers (npk(5)): a package's program that runs once after a
# transaction touching paths its patterns match, chrooted in the root,
# from the journal, so a crash while triggers run leaves them to
# recovery. trigger-probe.c is the program: static, it logs each run.
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" = 0 ] || { echo "Bail out! triggers.t chroots: run it as root"; exit 1; }
setup_repo
mkdir -p tool/usr/libexec/tool tool/var/log
cc -static -O2 -o tool/usr/libexec/tool/probe "$TESTS_DIR/trigger-probe.c" ||
	{ echo "Bail out! cannot build trigger-probe static"; exit 1; }
pkg tool 1.0 tool \
	'triggers: ["usr/libexec/tool/probe usr/share/fonts/* boot/vmlinuz"]'
for f in font1 font2 font3; do
	mkdir -p "$f/usr/share/fonts/$f" && echo "$f" >"$f/usr/share/fonts/$f/$f.ttf"
	pkg "$f" 1.0 "$f"
done
mkdir -p k1/boot k2/boot && echo kernel-1 >k1/boot/vmlinuz && echo kernel-2 >k2/boot/vmlinuz
pkg kernel 1.0 k1
"$NIP" -q index -k k.key repo
log=root/var/log/trigger.log
runs() { [ -f "$log" ] && wc -l <"$log" || echo 0; }

run_ok "a package with a trigger installs" nipr install tool
is "$(runs)" 0 "  ...its own files match none of its patterns: it does not run"
run_ok "two font packages in one transaction" nipr install font1 font2
is "$(cat "$log")" "/usr/libexec/tool/probe env=1 usr/share/fonts/*" \
	"  ...run the trigger once, chrooted, with the pattern that matched"
is "$(cat root/var/log/trigger-journal)" \
	"trigger tool usr/libexec/tool/probe usr/share/fonts/*" \
	"  ...recorded in the journal while it runs"
[ ! -e root/var/lib/nip/journal ]
ok $? "  ...and the journal is gone after it"
grep -qx 'trigger of tool: /usr/libexec/tool/probe' out
ok $? "  ...saying which trigger runs" || sed 's/^/#   /' out err
run_ok "the kernel installs" nipr install kernel
is "$(tail -1 "$log")" "/usr/libexec/tool/probe env=1 boot/vmlinuz" \
	"  ...and the trigger runs for boot/vmlinuz"
run_ok "a removal runs triggers too" nipr remove font1
is "$(tail -1 "$log")" "/usr/libexec/tool/probe env=1 usr/share/fonts/*" \
	"  ...for the removed path"
before=$(runs)
run_ok "a transaction touching nothing a trigger watches" nipr install font2
is "$(runs)" "$before" "  ...runs none"

# A crash while triggers run: recovery runs them again.
touch root/crash-once
nipr install font3 >out 2>err
is "$?" 137 "nip killed while its trigger runs"
[ -e root/var/lib/nip/journal ] && [ -f root/usr/share/fonts/font3/font3.ttf ]
ok $? "  ...leaves the committed transaction's journal"
before=$(runs)
run_ok "the next nip run finishes it" nipr list
grep -q 'finishing the interrupted transaction' err
ok $? "  ...saying so" || sed 's/^/#   /' err
is "$(runs)" $((before + 1)) "  ...running the trigger again"
[ ! -e root/var/lib/nip/journal ]
ok $? "  ...and then removing the journal"
run_ok "nip check is clean after it" nipr check

# A failing trigger is said; the packages stay installed.
touch root/fail-once
"$NIP" -q index -k k.key repo
run_fails "a failing trigger fails the command, naming it" 1 \
	"trigger of tool: /usr/libexec/tool/probe failed with exit status 3" \
	nipr remove font3
[ ! -e root/usr/share/fonts/font3 ] && [ ! -e root/var/lib/nip/journal ]
ok $? "  ...the transaction stays done, its journal gone"
# shellcheck disable=SC2016 # backquotes in nip's message, not a command
grep -q 'recorded in .*/var/lib/nip/triggers-failed, which `nip check` shows' err
ok $? "  ...saying where the failure is recorded" || sed 's/^/#   /' err
# shellcheck disable=SC2016 # as above
pending='tool: /usr/libexec/tool/probe: its trigger failed with exit status 3 after a committed transaction; `nip trigger` runs it again; recorded in /var/lib/nip/triggers-failed'
nipr check >out 2>err
is "$? $(cat out)" "5 $pending" "nip check names the failed trigger, exit 5"
touch root/fail-once
run_fails "nip trigger runs it; failing again, said" 1 \
	"1 of 1 trigger failed again" nipr trigger
nipr check >out 2>err
is "$? $(cat out)" "5 $pending" "  ...and nip check still names it"
before=$(runs)
run_ok "nip trigger runs it again" nipr trigger
is "$(runs) $(tail -1 "$log")" \
	"$((before + 1)) /usr/libexec/tool/probe env=1 usr/share/fonts/*" \
	"  ...once, with the patterns that had matched"
[ ! -e root/var/lib/nip/triggers-failed ]
ok $? "  ...and its record is gone"
run_ok "nip check is clean again" nipr check
before=$(runs)
run_ok "nip trigger with nothing recorded" nipr trigger
is "$(runs) $(cat out)" "$before no failed trigger is recorded" \
	"  ...runs nothing and says so"
# A later transaction that runs the program well settles the record.
touch root/fail-once
nipr install font3 >out 2>err
is "$?" 1 "a trigger failing again is recorded again"
run_ok "the next transaction firing it" nipr remove font3
[ ! -e root/var/lib/nip/triggers-failed ]
ok $? "  ...runs it well and drops the record"
# The record names programs: only one no one else could write is run.
printf 'tool usr/libexec/tool/probe x\tfailed\n' \
	>root/var/lib/nip/triggers-failed
chown 65534 root/var/lib/nip/triggers-failed
before=$(runs)
run_fails "a record someone else owns is refused" 1 \
	"triggers-failed, or its folder, is not owned by this user alone" \
	nipr trigger
is "$(runs)" "$before" "  ...running nothing"
printf 'tool /usr/libexec/tool/probe x\tfailed\n' \
	>root/var/lib/nip/triggers-failed
chown 0 root/var/lib/nip/triggers-failed
run_ok "a damaged record line is said and left" nipr trigger
grep -q "triggers-failed: line 1 is damaged, left as it is: tool /usr" err
ok $? "  ...naming the line" || sed 's/^/#   /' err
nipr check >out 2>err
is "$? $(cat out)" "5 triggers-failed: /var/lib/nip/triggers-failed: line 1 is damaged (tool /usr/libexec/tool/probe x	failed); remove it by hand" \
	"  ...and nip check names it, exit 5"
# A record outlives upgrades and removals: a line whose package no
# longer declares that program is not owed, nor run for it.
printf 'font2 usr/libexec/tool/probe x\tfailed\n' \
	>root/var/lib/nip/triggers-failed
run_ok "nip check ignores a line its package does not declare" nipr check
before=$(runs)
run_ok "nip trigger drops it" nipr trigger
is "$(runs) $([ -e root/var/lib/nip/triggers-failed ] && echo kept)" \
	"$before " "  ...running nothing, the record gone"
grep -qx "trigger of font2: /usr/libexec/tool/probe is no longer the package's: dropped from the record" out
ok $? "  ...saying so" || sed 's/^/#   /' out err

# A trigger runs with nip's rights, chrooted in the root: in a root
# another user may change, or with its program missing, it does not run.
chown 65534 root
before=$(runs)
run_fails "in a root another user owns, the trigger is not run" 1 \
	"trigger of tool: /usr/libexec/tool/probe was not run: the root .* is another user's to change" \
	nipr install font3
chown 0 root
is "$(runs)" "$before" "  ...nothing ran"
nipr check >out 2>err
grep -q "^tool: /usr/libexec/tool/probe: its trigger was not run: the root" out
ok $? "  ...and nip check says it is owed" || sed 's/^/#   /' out
mv root/usr/libexec/tool/probe probe.away
run_fails "a trigger whose program is gone is not run, said" 1 \
	"trigger of tool: /usr/libexec/tool/probe was not run: /usr/libexec/tool/probe is missing" \
	nipr trigger
mv probe.away root/usr/libexec/tool/probe
run_ok "  ...nip trigger runs it once it is back" nipr trigger
is "$(runs)" $((before + 1)) "  ...once"
run_ok "  ...and nip check is clean" nipr check
nipr remove font3 >/dev/null 2>&1

# A package removed owes its failed triggers no more.
touch root/fail-once
nipr install font3 >/dev/null 2>&1
grep -q '^tool ' root/var/lib/nip/triggers-failed
ok $? "a failed trigger is recorded"
run_ok "its package removed" nipr remove tool
[ ! -e root/var/lib/nip/triggers-failed ]
ok $? "  ...its record goes with it"
run_ok "  ...and reinstalled, nip check is clean" \
	sh -c "'$NIP' --root '$T/root' --repo '$T/repo' install tool >/dev/null && '$NIP' --root '$T/root' check"

# The triggers of another root run chrooted there: without the right
# to chroot, said.
run_fails "without CAP_SYS_CHROOT a trigger of another root is said" 1 \
	"cannot enter .*: Operation not permitted \\(the triggers of another root run chrooted there, which needs root\\)" \
	setpriv --bounding-set=-sys_chroot "$NIP" --root "$T/root" --repo "$T/repo" install font1

before=$(runs)
run_ok "--no-triggers removes" nipr --no-triggers remove font1
is "$(runs)" "$before" "  ...running no trigger"
grep -qx 'trigger of tool: /usr/libexec/tool/probe not run (--no-triggers)' out
ok $? "  ...saying which it left" || sed 's/^/#   /' out

# A journal is a file on the root's disk: what it names is checked.
# A staged name that climbs out of its folder is damage, never undone.
mkdir -p j1/var/lib/nip j1/a outside && echo v >outside/victim
touch j1/var/lib/nip/lock
printf 'nip-journal 1\nstage a/x ../../outside/victim\n' >j1/var/lib/nip/journal
run_fails "a journal whose staged name leaves its folder is refused" 1 \
	"journal: line 2 is damaged" "$NIP" --root "$T/j1" list
is "$(cat outside/victim)" v "  ...and nothing outside the root is touched"
# Set-ID modes and triggers only from a journal no one else could write.
mkdir -p j2/var/lib/nip j2/bin && touch j2/var/lib/nip/lock
cp tool/usr/libexec/tool/probe j2/bin/evil && mkdir -p j2/var/log
echo tool >j2/bin/tool && chmod 0755 j2/bin/tool
printf 'nip-journal 1\nsetid 4755 bin/tool\ntrigger foo bin/evil x\ncommit\n' \
	>j2/var/lib/nip/journal
chown 65534 j2/var/lib/nip/journal
"$NIP" --root "$T/j2" list >out 2>err
grep -q "is not owned by this user alone: its 1 set-ID mode(s) and 1 trigger(s) are not applied" err
ok $? "a journal someone else owns: its set-ID modes and triggers are refused" ||
	sed 's/^/#   /' err
is "$(stat -c %a j2/bin/tool) $([ -e j2/var/log/trigger.log ] && echo ran)" "755 " \
	"  ...nothing made set-ID, nothing run"
[ ! -e j2/var/lib/nip/journal ]
ok $? "  ...and the journal is gone"

# Recipes: a trigger is checked where it is written.
refused_at_pack() {	# refused_at_pack DESCRIPTION TRIGGER PATTERN
	meta bad 1.0 "triggers: [\"$2\"]"
	run_fails "$1" 2 "$3" "$NIP" pack -k k.key -o repo bad.npk.yaml font1
}
refused_at_pack "a trigger with an absolute program is refused at pack" \
	"/usr/bin/x usr/share/*" "bad.npk.yaml:6:.*its program is not a relative path"
refused_at_pack "a trigger with no pattern is refused at pack" \
	"usr/bin/x" "bad.npk.yaml:6:.*no path pattern follows its program"
refused_at_pack "a trigger whose program is no executable of the package is refused" \
	"usr/share/fonts/font1/font1.ttf usr/lib/*" \
	"bad: trigger 'usr/share/fonts/font1/font1.ttf usr/lib/\\*': /usr/share/fonts/font1/font1.ttf is not an executable file of this package"
refused_at_pack "  ...as is one naming another package's program" \
	"bin/sh usr/lib/*" "/bin/sh is not an executable file of this package"
done_testing
