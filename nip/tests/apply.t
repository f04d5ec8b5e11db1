#!/usr/bin/env bash
# What the administrator changed under nip must not wedge the root: a
# removal whose steps would fail after the commit is refused before it,
# and a step that still fails after the commit is recorded for nip check
# while list, check and every other command keep working.
. "$(dirname "$0")/lib.sh"

setup_repo
mkdir -p s/usr/bin s/usr/share/app && echo app >s/usr/bin/app
echo data >s/usr/share/app/data && echo more >s/usr/share/app/more
pkg app 1.0 s
mkdir -p o/usr/bin && echo other >o/usr/bin/other
pkg other 1.0 o
"$NIP" -q index -k k.key repo
nipr -q install app other || exit 1

# refused DESC PATTERN CMD...: exit 4 naming PATTERN, root untouched,
# and the queries still answer.
refused() {
	local desc=$1 pattern=$2 before
	shift 2
	before=$(root_state root)
	run_fails "$desc" 4 "$pattern" nipr "$@"
	is "$(root_state root)" "$before" "  ...and the root is exactly as it was"
	is "$(nipr list 2>&1 | tr '\n' ' ')" "app 1.0-1 other 1.0-1 " "  ...and nip list works"
	nipr check >check.out 2>&1
	is "$?" 5 "  ...and nip check works, showing the difference"
}

# A packaged file turned into a directory.
rm root/usr/share/app/data && mkdir root/usr/share/app/data && echo mine >root/usr/share/app/data/keep
refused "a packaged file turned into a directory stops the removal before the commit" \
	"app: /usr/share/app/data is a directory in the root but not in the package; .*move that directory away, then try again \(nothing was changed\)" \
	remove app
grep -q "app: /usr/share/app/data: type changed" check.out
ok $? "  ...nip check names it"
rm -r root/usr/share/app/data && echo data >root/usr/share/app/data

# A packaged directory replaced by a symlink to a copy elsewhere.
mkdir root/srv && mv root/usr/share/app root/srv/app && ln -s ../../srv/app root/usr/share/app
refused "a packaged directory replaced by a symlink stops the removal" \
	"app: /usr/share/app/data lies under /usr/share/app, which is no longer a directory" \
	remove app
[ -f root/srv/app/data ] && [ -f root/srv/app/more ]
ok $? "  ...and nothing behind the symlink was touched"
rm root/usr/share/app && mv root/srv/app root/usr/share/app && rmdir root/srv

# Immutable files and directories (chattr +i) need a filesystem that has
# them: the test directory's, or a small ext4 image.
chattr_root=
probe() { touch "$1/.probe" && chattr +i "$1/.probe" 2>/dev/null && chattr -i "$1/.probe" && rm "$1/.probe"; }
if probe "$T"; then
	cp -a root croot && chattr_root=$T/croot
elif [ "$(id -u)" -eq 0 ] && command -v mkfs.ext4 >/dev/null &&
	truncate -s 16M ext4.img && mkfs.ext4 -q ext4.img && mkdir ext4 &&
	mount -o loop ext4.img ext4 2>/dev/null; then
	trap 'chattr -R -i "$T/ext4" 2>/dev/null; umount "$T/ext4"; rm -rf "$T"' EXIT
	cp -a root ext4/root && chattr_root=$T/ext4/root
fi
if [ -n "$chattr_root" ]; then
	trap 'chattr -R -i "$T" 2>/dev/null; mountpoint -q "$T/ext4" && umount "$T/ext4"; rm -rf "$T"' EXIT
	croot() { "$NIP" --root "$chattr_root" --repo "$T/repo" "$@"; }
	chattr +i "$chattr_root/usr/bin/app"
	before=$(root_state "$chattr_root")
	run_fails "an immutable packaged file stops the removal before the commit" 4 \
		"app: /usr/bin/app is immutable or append-only \(chattr \+i or \+a\); .*run chattr -i -a on it, then try again \(nothing was changed\)" \
		croot remove app
	is "$(root_state "$chattr_root")" "$before" "  ...and the root is exactly as it was"
	mkdir -p s2/usr/bin && echo app 2 >s2/usr/bin/app
	pkg app 2.0 s2 && "$NIP" -q index -k k.key repo
	run_fails "an upgrade that would replace an immutable file is stopped too" 4 \
		"app: /usr/bin/app is immutable or append-only" croot upgrade app
	is "$(cat "$chattr_root/usr/bin/app") $(croot list | tr '\n' ' ')" \
		"app app 1.0-1 other 1.0-1 " "  ...leaving file and database as they were"
	chattr -i "$chattr_root/usr/bin/app" && chattr +i "$chattr_root/usr/share/app"
	run_fails "so does a file in an immutable directory the package owns" 4 \
		"app: /usr/share/app is immutable or append-only \(chattr \+i or \+a\); .*run chattr -i -a on it" \
		croot remove app
	is "$(croot list | tr '\n' ' ')" "app 1.0-1 other 1.0-1 " "  ...and nip list works"
	mkdir -p x/usr/share/app && echo extra >x/usr/share/app/extra
	pkg extra 1.0 x && "$NIP" -q index -k k.key repo
	run_fails "a new file in an immutable directory is refused, naming its new package" 4 \
		"^nip: extra: /usr/share/app/extra is in an immutable or append-only directory" \
		croot install extra
	chattr -i "$chattr_root/usr/share/app"
	run_ok "once chattr -i is run, the removal goes through" croot remove app
	run_ok "  ...and nip check is clean" croot check
else
	ok 1 "cannot test chattr +i: $T is on a filesystem without it and no ext4 image could be mounted (needs root, mkfs.ext4 and loop devices)"
fi

# A step that fails after the commit anyway: nip is stopped just after
# the commit mark, then the administrator changes the root before the
# next run finishes the transaction.
commit_at=
for n in $(seq 1 200); do
	rm -rf crashed && cp -a root crashed
	{ NIP_FAULT_AFTER=$n "$NIP" --root "$T/crashed" remove app >/dev/null; } 2>/dev/null
	if grep -qx commit crashed/var/lib/nip/journal 2>/dev/null; then
		commit_at=$n
		break
	fi
done
[ -n "$commit_at" ]
ok $? "nip can be stopped right after the commit mark (after $commit_at changes)"
rm crashed/usr/share/app/data && mkdir crashed/usr/share/app/data && echo mine >crashed/usr/share/app/data/keep
cnip() { "$NIP" --root "$T/crashed" "$@"; }
run_ok "nip list finishes the transaction and works" cnip list
is "$(cat out)" "other 1.0-1" "  ...showing the committed state"
grep -q "finishing the interrupted transaction in $T/crashed/var/lib/nip/journal" err &&
	grep -q "could not apply: cannot remove /usr/share/app/data" err &&
	grep -q "recorded in $T/crashed/var/lib/nip/unapplied, which \`nip check\` shows" err
ok $? "  ...naming the journal, the failed step, the record and nip check"
[ ! -e crashed/var/lib/nip/journal ]
ok $? "  ...and the journal is gone: the root is not wedged"
run_ok "nip list works again, quietly" cnip list
is "$(cat err)" "" "  ...with nothing left to recover"
cnip check >check.out 2>&1
is "$?" 5 "nip check fails while the step is pending"
grep -q "unapplied: /usr/share/app/data: was not removed by a committed transaction (cannot remove /usr/share/app/data: Is a directory): remove it by hand; recorded in /var/lib/nip/unapplied" check.out
ok $? "  ...and says what was left and where it is recorded"
cnip --json check | python3 -c 'import json,sys; d=json.load(sys.stdin); assert any(p["path"]=="/usr/share/app/data" and p["package"]=="unapplied" for p in d)'
ok $? "  ...in JSON too"
rm -r crashed/usr/share/app/data
run_ok "once the path is dealt with, nip check is clean" cnip check
run_ok "the next transaction works" cnip --repo "$T/repo" install app
[ ! -e crashed/var/lib/nip/unapplied ]
ok $? "  ...and drops the record of what was dealt with"

# A file not moved into place after the commit: the message names the
# staged file to move.
mkdir -p s3/usr/bin && echo tool 1 >s3/usr/bin/tool && pkg tool 1.0 s3
"$NIP" -q index -k k.key repo && nipr -q install tool
echo tool 2 >s3/usr/bin/tool && pkg tool 2.0 s3 && "$NIP" -q index -k k.key repo
for n in $(seq 1 200); do
	rm -rf up && cp -a root up
	{ NIP_FAULT_AFTER=$n "$NIP" --root "$T/up" --repo "$T/repo" upgrade tool >/dev/null; } 2>/dev/null
	grep -qx commit up/var/lib/nip/journal 2>/dev/null && break
done
rm up/usr/bin/tool && mkdir up/usr/bin/tool
for staged in up/usr/bin/.nip-*; do break; done
staged=${staged#up/}
"$NIP" --root "$T/up" list >out 2>err
grep -q "could not apply: cannot move the staged /$staged into place as /usr/bin/tool" err
ok $? "a step that fails after the commit names the staged file, with slashes"
"$NIP" --root "$T/up" check >check.out 2>&1
grep -q "unapplied: /usr/bin/tool: was not moved into place by a committed transaction (.*); its new version is /$staged: move it over that path (mv) or remove it" check.out
ok $? "  ...and nip check says which file to move where"

# An upgrade onto a config the administrator turned into a folder: it
# stops before the commit and says what to move.
rm -rf s2 && mkdir -p s2/etc && echo v1 >s2/etc/conf.conf
pkg conf 1.0 s2
"$NIP" -q index -k k.key repo
nipr -q install conf || exit 1
echo v2 >s2/etc/conf.conf
pkg conf 2.0 s2
"$NIP" -q index -k k.key repo
rm root/etc/conf.conf && mkdir root/etc/conf.conf
run_fails "a config turned into a folder stops its upgrade, saying what to move" 4 \
	"conf: /etc/conf.conf is a directory in the root but a file in the package; .*move /etc/conf.conf away, then try again \(nothing was changed\)" \
	nipr upgrade
done_testing
