#!/usr/bin/env bash
# Install, remove, upgrade, queries and rollback on a --root.
. "$(dirname "$0")/lib.sh"

setup_repo
stage() {	# stage DIR FILE CONTENT...: make DIR/FILE with CONTENT
	mkdir -p "$(dirname "$1/$2")" && printf '%s\n' "$3" >"$1/$2"
}
stage libz1 usr/lib/libz.so "libz 1"
stage app1 usr/bin/app "app 1"
stage app1 etc/app.conf "setting=1"
stage app1 usr/share/app/old "only in 1"
stage mksh usr/bin/mksh "mksh"
pkg libz 1.2 libz1
pkg app 1.0 app1 'depends: [libz>=1.2, sh]'
pkg mksh 59 mksh 'provides: [sh]'
"$NIP" -q index -k k.key repo

run_ok "install resolves dependencies and provides" nipr install app
is "$(nipr list)" "app 1.0-1
libz 1.2-1
mksh 59-1" "nip list shows the package and its dependencies"
is "$(cat root/var/lib/nip/world)" "app" "only the asked-for package is in the world"
is "$(cat root/usr/bin/app)" "app 1" "files are in place"
is "$(nipr owner /usr/bin/app)" "/usr/bin/app is owned by app" "nip owner"
is "$(nipr owner --json /usr/lib/libz.so)" \
	'[{"path":"/usr/lib/libz.so","owners":["libz"]}]' "nip owner --json"
run_fails "nip owner of an unowned path fails" 4 "no package owns it" \
	nipr owner /usr/bin/nothing
is "$(nipr files app | tr '\n' ' ')" \
	"/etc /etc/app.conf /usr /usr/bin /usr/bin/app /usr/share /usr/share/app /usr/share/app/old " \
	"nip files"
nipr --json files app | python3 -c 'import json,sys; d=json.load(sys.stdin); assert {"path":"/usr/bin/app","type":"f","mode":"0644"} in d'
ok $? "nip files --json"
nipr info app >info.out
grep -q '^depends *libz>=1.2 sh$' info.out
ok $? "nip info shows dependencies"
nipr --json info app | python3 -c 'import json,sys; d=json.load(sys.stdin)[0]; assert d["name"]=="app" and d["depends"]==["libz>=1.2","sh"]'
ok $? "nip info --json is valid JSON"
nipr --json list | python3 -c 'import json,sys; d=json.load(sys.stdin); assert [p["name"] for p in d if p["explicit"]]==["app"]'
ok $? "nip list --json marks what was asked for"
run_ok "nip check is clean after install" nipr check
run_ok "installing again has nothing to do" nipr install app
grep -q "nothing to do" out
ok $? "and says so"

# Upgrade: a changed file, a dropped file, an edited config file.
echo "setting=mine" >root/etc/app.conf
stage app2 usr/bin/app "app 2"
stage app2 etc/app.conf "setting=2"
stage app2 usr/share/app/new "only in 2"
pkg app 2.0 app2 'depends: [libz>=1.2, sh]'
"$NIP" -q index -k k.key repo
mkdir root/etc/app.conf.nip-new && echo precious >root/etc/app.conf.nip-new/keep
run_fails "a folder where the new config would go stops the upgrade before it starts" 4 \
	"app: /etc/app.conf was changed locally and kept, but /etc/app.conf.nip-new, where its new version would go, is a directory: move it aside first \\(nothing was changed\\)" \
	nipr upgrade
is "$(cat root/etc/app.conf.nip-new/keep) $(cat root/usr/bin/app)" "precious app 1" \
	"  ...leaving that folder and the installed version as they were"
rm -r root/etc/app.conf.nip-new
run_ok "upgrade moves to the newest version" nipr upgrade
is "$(cat root/usr/bin/app)" "app 2" "the changed file is new"
[ ! -e root/usr/share/app/old ] && [ -f root/usr/share/app/new ]
ok $? "a file dropped by the new version is removed, a new one added"
is "$(cat root/etc/app.conf)" "setting=mine" "an edited config file is kept"
is "$(cat root/etc/app.conf.nip-new)" "setting=2" "the new version goes beside it"
grep -q "/etc/app.conf was changed locally and kept; the new version is /etc/app.conf.nip-new" err
ok $? "and nip says so"

# Versioned dependencies, conflicts and replaces.
stage libz2 usr/lib/libz.so "libz 2"
pkg libz 2.0 libz2
stage tool usr/bin/tool "tool"
pkg tool 1.0 tool 'depends: [libz<2]'
stage rival usr/bin/rival "rival"
pkg rival 1.0 rival 'conflicts: [app]'
stage newapp usr/bin/app "app from newapp"
pkg newapp 1.0 newapp 'replaces: [app]'
stage thief usr/bin/app "thief"
pkg thief 1.0 thief
"$NIP" -q index -k k.key repo
before=$(root_state root)
run_fails "a versioned dependency that cannot be met is refused" 4 \
	"tool requires libz<2, but libz 2.0-1 is already required|libz" \
	nipr install tool libz=2.0
run_fails "a conflict is refused naming both" 4 "rival 1.0-1 conflicts with app" \
	nipr install rival
run_fails "a file owned by another package is refused" 4 \
	"thief: /usr/bin/app is owned by installed package app" nipr install thief
run_fails "an unknown package is refused" 4 \
	"the world file requires nosuch, but no package provides it" nipr install nosuch
is "$(root_state root)" "$before" "refused transactions change nothing"
run_ok "replaces lets a package take over a file" nipr install newapp
is "$(cat root/usr/bin/app)" "app from newapp" "the file changed hands"
is "$(nipr owner /usr/bin/app)" "/usr/bin/app is owned by newapp" \
	"and the owner index knows"
nipr check >check.out
ok $? "nip check passes with an edited config file"
is "$(cat check.out)" "app: /etc/app.conf: config edited (kept on upgrade)" \
	"  ...naming it, and not the file taken over"
chmod 600 root/etc/app.conf
nipr check >check.out
ok $? "  ...and so does one whose mode changed, as upgrades keep it"
is "$(cat check.out)" "app: /etc/app.conf: config mode changed (kept on upgrade)" \
	"  ...naming it"
chmod 644 root/etc/app.conf

# Removal: dependencies nobody needs go too; needed ones are protected.
run_fails "removing a needed dependency is refused" 4 \
	"libz is still required by app" nipr remove libz
run_ok "remove app" nipr remove app newapp
is "$(nipr list)" "" "its dependencies went with it"
[ -e root/etc/app.conf ] && [ ! -e root/usr/bin/app ] && [ ! -e root/usr/lib/libz.so ]
ok $? "files are gone but the edited config file is kept"
run_fails "removing what is not installed is refused" 4 "app is not installed" \
	nipr remove app

# History and rollback.
nipr history >hist
grep -q "nip remove app newapp" hist && grep -q "nip install app" hist
ok $? "nip history lists transactions"
nipr --json history | python3 -c 'import json,sys; assert len(json.load(sys.stdin)) == 4'
ok $? "nip history --json"
run_ok "rollback undoes the removal" nipr rollback
is "$(nipr list | tr '\n' ' ')" "app 2.0-1 libz 1.2-1 mksh 59-1 newapp 1.0-1 " \
	"the packages are back at their versions"
is "$(tr '\n' ' ' <root/var/lib/nip/world)" "app newapp " "so is the world"
grep -q "/etc/app.conf already existed and was kept; the packaged version is /etc/app.conf.nip-new" err
ok $? "the kept config file is adopted, the packaged one put beside it"
is "$(cat root/etc/app.conf)" "setting=mine" "the user's config survives remove and rollback"

# nip check notices damage.
echo tamper >>root/usr/lib/libz.so
rm root/usr/bin/mksh
chmod 600 root/usr/share/app/new
nipr check >check.out
ok $(($? != 5)) "nip check exits 5 on differences"
grep -q "libz: /usr/lib/libz.so: content changed" check.out &&
	grep -q "mksh: /usr/bin/mksh: missing" check.out &&
	grep -q "app: /usr/share/app/new: mode changed" check.out
ok $? "and names each file and problem"

# --root as an ordinary user, with owners from the manifest.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	mkdir -p user/root/etc/nip/keys && cp k.pub user/root/etc/nip/keys/
	chown -R 65534:65534 user && chmod a+rx "$T" && chmod -R a+rX repo
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$NIP" --root "$T/user/root" --repo "$T/repo" install app >out 2>&1
	ok $? "an ordinary user installs into a --root"
	is "$(stat -c %U user/root/usr/bin/app)" nobody "files belong to that user"
else
	ok 0 "# SKIP not root: cannot switch user"
	ok 0 "# SKIP not root: cannot switch user"
fi

# A progress bar on a terminal, plain lines otherwise.
script -qec "$NIP --root $T/root --repo $T/repo install tool" /dev/null >tty.out 2>&1
grep -q 'installing \[#* *\] 100%' tty.out
ok $? "a progress bar is drawn when stdout is a terminal"
nipr remove tool >plain.out 2>&1
nipr install tool >plain.out 2>&1
grep -q "$(printf '\r')" plain.out
ok $((! $?)) "and never when it is not"
nipr -q remove tool >quiet.out 2>&1
is "$(cat quiet.out)" "" "-q prints nothing on success"

# Concurrent runs wait for each other (flock).
mkfifo release
flock root/var/lib/nip/lock -c 'read x <release' &
holder=$!
for _ in $(seq 1 200); do
	flock -n root/var/lib/nip/lock true 2>/dev/null || break
	sleep 0.05
done
nipr remove tool >lock.out 2>lock.err &
waiter=$!
for _ in $(seq 1 200); do grep -q waiting lock.err && break; sleep 0.05; done
grep -q "waiting for another nip to finish" lock.err
ok $? "a second nip waits for the lock and says so"
kill -0 $waiter 2>/dev/null
ok $? "and has not finished while the lock is held"
echo go >release
wait $holder
wait $waiter
ok $(($? != 4)) "it runs once the lock is free (tool not installed: exit 4)"

# Config files the administrator replaced by a symlink, or only chmod'ed,
# are theirs: kept on upgrade with the new one beside them, kept at removal.
stage cfg1 etc/cfg/link.conf "link 1"
stage cfg1 etc/cfg/mode.conf "mode 1"
stage cfg1 etc/cfg/plain.conf "plain 1"
pkg cfg 1.0 cfg1
"$NIP" -q index -k k.key repo
nipr -q install cfg
echo "mine" >root/etc/cfg/mine.conf
rm root/etc/cfg/link.conf && ln -s mine.conf root/etc/cfg/link.conf
chmod 600 root/etc/cfg/mode.conf
stage cfg2 etc/cfg/link.conf "link 2"
stage cfg2 etc/cfg/mode.conf "mode 2"
stage cfg2 etc/cfg/plain.conf "plain 2"
pkg cfg 2.0 cfg2
"$NIP" -q index -k k.key repo
run_ok "upgrade a package whose config files the admin changed" nipr upgrade cfg
is "$(readlink root/etc/cfg/link.conf)" "mine.conf" \
	"a config replaced by a symlink is kept as that symlink"
is "$(cat root/etc/cfg/link.conf.nip-new 2>&1)" "link 2" "  ...and the new one is .nip-new"
grep -q "/etc/cfg/link.conf was replaced by a symlink and kept; the new version is /etc/cfg/link.conf.nip-new" err
ok $? "  ...and nip says so"
is "$(stat -c '%a %n' root/etc/cfg/mode.conf) $(cat root/etc/cfg/mode.conf)" \
	"600 root/etc/cfg/mode.conf mode 1" "a config whose only change is its mode is kept"
is "$(cat root/etc/cfg/mode.conf.nip-new 2>&1)" "mode 2" "  ...and the new one is .nip-new"
is "$(cat root/etc/cfg/plain.conf)" "plain 2" "an untouched config is upgraded in place"
[ ! -e root/etc/cfg/plain.conf.nip-new ]
ok $? "  ...with no .nip-new"
run_ok "nip check passes with the configs upgrades keep" nipr check cfg
grep -q "cfg: /etc/cfg/link.conf: config replaced by a symlink (kept on upgrade)" out
ok $? "  ...naming the symlinked one"
grep -q "cfg: /etc/cfg/mode.conf: config mode changed (kept on upgrade)" out
ok $? "  ...and the chmod'ed one"
run_ok "remove the package" nipr remove cfg
[ -L root/etc/cfg/link.conf ] && [ -f root/etc/cfg/mode.conf ] && [ ! -e root/etc/cfg/plain.conf ]
ok $? "removal keeps the symlinked and the chmod'ed config, not the untouched one"
run_ok "reinstall adopts the kept symlink" nipr install cfg
is "$(readlink root/etc/cfg/link.conf)" "mine.conf" "  ...and leaves it a symlink"

# A .nip-new name owned by a package (installed before such names were
# refused; made here by renaming in nip's records) is never written over.
stage side1 etc/side/a.conf "a 1"
stage sideo etc/side/a.conf.nip-nex "other's"
pkg sidea 1.0 side1
pkg sideo 1.0 sideo
"$NIP" -q index -k k.key repo
nipr -q install sidea sideo
mv root/etc/side/a.conf.nip-nex root/etc/side/a.conf.nip-new
sed -i 's|etc/side/a.conf.nip-nex|etc/side/a.conf.nip-new|' \
	root/var/lib/nip/files root/var/lib/nip/manifests/sideo
echo "edited" >root/etc/side/a.conf
stage side2 etc/side/a.conf "a 2"
pkg sidea 2.0 side2
"$NIP" -q index -k k.key repo
run_fails "an upgrade whose .nip-new another package owns is refused" 4 \
	"sidea: /etc/side/a.conf was changed locally and kept, but /etc/side/a.conf.nip-new, where its new version would go, belongs to sideo" \
	nipr upgrade sidea
is "$(cat root/etc/side/a.conf.nip-new) $(cat root/etc/side/a.conf)" "other's edited" \
	"  ...and both files are as they were"

# A config file whose only change is its owner is the admin's too.
stage own1 etc/own/o.conf "o 1"
stage own1 usr/lib/own/tool "tool"
pkg own 1.0 own1
"$NIP" -q index -k k.key repo
nipr -q install own
chown 1:1 root/etc/own/o.conf
run_ok "nip check reports a chown'ed config, not as a failure" nipr check own
grep -q "own: /etc/own/o.conf: config owner changed (kept on upgrade)" out
ok $? "  ...naming it"
stage own2 etc/own/o.conf "o 2"
stage own2 usr/lib/own/tool "tool"
pkg own 2.0 own2
"$NIP" -q index -k k.key repo
run_ok "upgrade a package whose config the admin only chown'ed" nipr upgrade own
is "$(stat -c '%u:%g' root/etc/own/o.conf) $(cat root/etc/own/o.conf)" "1:1 o 1" \
	"  ...the chown'ed config is kept"
is "$(cat root/etc/own/o.conf.nip-new 2>&1)" "o 2" "  ...and the new one is .nip-new"
chown 1:1 root/usr/lib/own/tool
nipr check own >out 2>err
is $? 5 "nip check counts a chown'ed program as a failure"
grep -q "own: /usr/lib/own/tool: owner changed" out
ok $? "  ...naming it"

# As root, a package's owner wins over the group a set-group-ID parent
# hands to what is made in it.
if [ "$(id -u)" -eq 0 ]; then
	mkdir -p og/root/etc/nip/keys og/root/srv && cp k.pub og/root/etc/nip/keys/
	chgrp 1234 og/root/srv && chmod 2775 og/root/srv
	mkdir -p ogs/srv/www && echo page >ogs/srv/www/index
	pkg www 1.0 ogs
	"$NIP" -q index -k k.key repo
	run_ok "root installs into a set-group-ID folder of another group" \
		"$NIP" --root "$T/og/root" --repo "$T/repo" install www
	is "$(stat -c '%u:%g' og/root/srv/www og/root/srv/www/index | tr '\n' ' ')" \
		"0:0 0:0 " "  ...its folder and file get their package's owner, 0:0"
	is "$(stat -c '%a %g' og/root/srv)" "2775 1234" \
		"  ...and the folder they were made in stays as it was"
fi

# A staged mode the kernel will not set stops the transaction, naming the
# package: here an ordinary user's sticky setgid directory in a setgid
# parent of a group the user is not in. mkdir(2) gives it the parent's
# setgid bit, not the sticky one; chmod(2) for that clears the setgid bit
# without an error.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	# sg_install PKG: nobody installs PKG into sg/root.
	sg_install() {
		setpriv --reuid=65534 --regid=65534 --clear-groups \
			"$NIP" --root "$T/sg/root" --repo "$T/repo" install "$1"
	}
	mkdir -p sg/root/etc/nip/keys sg/root/var && cp k.pub sg/root/etc/nip/keys/
	chown -R 65534:65534 sg && chgrp 1234 sg/root/var && chmod 2775 sg/root/var
	mkdir -p mail1/var/mail && chmod 3775 mail1/var/mail
	pkg mailer 1.0 mail1
	"$NIP" -q index -k k.key repo && chmod -R a+rX repo
	run_fails "a directory whose setgid bit was cleared stops the install, naming its package" 1 \
		"^nip: mailer: /var/mail is a set-group-ID folder \(mode 3755\), and the kernel cleared that bit .*see pledge\(2\); nor may a user outside the folder's group\); nothing was changed$" \
		sg_install mailer
	[ ! -e sg/root/var/mail ]
	ok $? "  ...and nothing was made"
	# Without the sticky bit mkdir(2) alone gives the folder its mode.
	mkdir -p mail2/var/spool && chmod 2775 mail2/var/spool
	pkg spool 1.0 mail2
	"$NIP" -q index -k k.key repo && chmod -R a+rX repo
	run_ok "a setgid folder that mkdir(2) makes so in a setgid parent installs" \
		sg_install spool
	is "$(stat -c %a sg/root/var/spool)" 2755 "  ...with its package's mode"
	# A file is staged without set-ID bits the kernel clears (as under
	# pledge), and nip's unconfined parent sets them after the commit:
	# here the kernel clears them again, which is said.
	mkdir -p sgf/var && echo tool >sgf/var/sgf-tool && chmod 2755 sgf/var/sgf-tool
	pkg sgfile 1.0 sgf
	"$NIP" -q index -k k.key repo && chmod -R a+rX repo
	run_fails "a set-group-ID file the kernel will not make is said after the commit" 1 \
		"/var/sgf-tool stays mode 0755, not 2755: the kernel cleared its set-ID bits" \
		sg_install sgfile
	[ -f sg/root/var/sgf-tool ] && [ ! -e sg/root/var/lib/nip/journal ]
	ok $? "  ...the package installed, its journal gone"
else
	ok 0 "# SKIP not root: cannot switch user"
	ok 0 "# SKIP not root: cannot switch user"
	ok 0 "# SKIP not root: cannot switch user"
	ok 0 "# SKIP not root: cannot switch user"
fi
# As root and unconfined, a set-user-ID file is installed as packaged.
mkdir -p suid/usr/bin && echo tool >suid/usr/bin/suid-tool && chmod 4755 suid/usr/bin/suid-tool
pkg suidtool 1.0 suid
"$NIP" -q index -k k.key repo
if [ "$(id -u)" -eq 0 ]; then
	run_ok "a set-user-ID file installs" nipr install suidtool
	is "$(stat -c %a root/usr/bin/suid-tool)" 4755 "  ...with its mode"
	run_ok "  ...and nip check finds it as packaged" nipr check suidtool
else
	ok 0 "# SKIP not root"; ok 0 "# SKIP not root"; ok 0 "# SKIP not root"
fi
# Staged names can be guessed (.nip-TXN-SEQ): a hard link put at every
# one of them first is replaced, never written through.
echo victim >victim
mkdir -p guess/usr/bin && echo guessed >guess/usr/bin/guess
pkg guess 1.0 guess
"$NIP" -q index -k k.key repo
for id in $(seq 1 60); do
	for n in 0 1 2 3; do ln -f victim "root/usr/bin/.nip-$id-$n"; done
done
run_ok "a package installs over hard links at its staged names" nipr install guess
is "$(cat victim) $(cat root/usr/bin/guess)" "victim guessed" \
	"  ...leaving the file they link to as it was"
rm -f root/usr/bin/.nip-*
done_testing
