#!/usr/bin/env bash
# nip install ./FILE.npk: a package file from anywhere, trusted only when
# its own .minisig verifies with one of the root's keys; its
# dependencies come from the repositories; the world holds it at its
# version until it is asked for by name.
. "$(dirname "$0")/lib.sh"
setup_repo
mkdir -p s/usr/bin l/usr/bin
echo lib >l/usr/bin/libtool-x
echo app >s/usr/bin/app
pkg libx 1.0 l
"$NIP" -q index -k k.key repo
mkdir -p files
meta app 2.0 "depends: [libx]"
"$NIP" -q pack -k k.key -o files app.npk.yaml s
cd files || exit 1

run_ok "a package file installs, its dependency from the repository" \
	nipr install ./app-2.0-1.npk
is "$(cat "$T/root/usr/bin/app")" app "  ...its file is in the root"
[ -f "$T/root/usr/bin/libtool-x" ]
ok $? "  ...and so is its dependency's"
is "$(tr '\n' ' ' <"$T/root/var/lib/nip/world")" "app=2.0-1 " \
	"the world holds it at the file's version"
nipr remove app >/dev/null 2>&1

before=$(root_state "$T/root")
cp app-2.0-1.npk "$T/renamed-2.0-1.npk"
cp app-2.0-1.npk.minisig "$T/renamed-2.0-1.npk.minisig"
run_fails "a renamed file is refused: its signature names the file" 3 \
	"renamed-2.0-1.npk: signature is for another package" \
	nipr install "$T/renamed-2.0-1.npk"
mkdir ../nosig && cp app-2.0-1.npk ../nosig/
run_fails "a file without its .minisig is refused" 3 \
	"app-2.0-1.npk: missing signature" nipr install ../nosig/app-2.0-1.npk
"$NIP" -q key generate "$T/other"
mkdir ../other
(cd .. && "$NIP" -q pack -k other.key -o other app.npk.yaml s)
run_fails "a file signed by a key the root does not trust is refused" 3 \
	"app-2.0-1.npk: signed by unknown key" nipr install ../other/app-2.0-1.npk
printf 'X' | dd of=../other/app-2.0-1.npk bs=1 seek=300 conv=notrunc 2>/dev/null
cp app-2.0-1.npk.minisig ../other/
run_fails "a file changed after it was signed is refused" 3 \
	"app-2.0-1.npk" nipr install ../other/app-2.0-1.npk
run_fails "a file that is not there is named" 1 \
	"no-such-1.0-1.npk" nipr install ./no-such-1.0-1.npk
run_fails "nor is a folder that is not there" 1 \
	"cannot open ./nowhere/app-2.0-1.npk" nipr install ./nowhere/app-2.0-1.npk
is "$(root_state "$T/root")" "$before" "after every refusal the root is as it was"

nipr install ./app-2.0-1.npk >/dev/null 2>&1
cd "$T" || exit 1
meta app 3.0 "depends: [libx]"
"$NIP" -q pack -k k.key -o repo app.npk.yaml s
"$NIP" -q index -k k.key repo
run_ok "upgrade leaves a package held by its file" nipr upgrade
"$NIP" --root root info app | grep -q "2.0-1"
ok $? "  ...at 2.0-1"
run_ok "nip install NAME lets it go" nipr install app
is "$(tr '\n' ' ' <root/var/lib/nip/world)" "app " "  ...the world names it alone"
run_ok "  ...and upgrade then moves it" nipr upgrade
"$NIP" --root root info app | grep -q "3.0-1"
ok $? "  ...to the repository's 3.0-1"
done_testing
