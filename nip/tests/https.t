#!/usr/bin/env bash
# HTTPS repositories: servers on 127.0.0.1 with a test PKI made for the
# run (tests/make-certs.sh). The CA store is SSL_CERT_FILE's bundle: a
# server it vouches for is used; one whose certificate names another
# host, or comes from a CA it does not hold, is refused before anything
# is read, and no CA store at all is said plainly. The root never
# changes on a refusal.
. "$(dirname "$0")/lib.sh"
REPO_TESTS=$(cd "$TESTS_DIR/../../tests" && pwd)
setup_repo
mkdir -p s/usr/bin && echo a >s/usr/bin/a
pkg alpha 1.0 s
"$NIP" -q index -k k.key repo
sh "$REPO_TESTS/make-certs.sh" pki

servers=()
# shellcheck disable=SC2016 # expanded when the test ends
at_exit 'kill "${servers[@]}" 2>/dev/null'
serve() {	# serve NAME [CERT]: URL=https://127.0.0.1:PORT; SERVE_OPTS too
	# shellcheck disable=SC2086 # SERVE_OPTS holds words
	python3 "$REPO_TESTS/serve-repo.py" ${SERVE_OPTS:-} "$T/repo" "$T/$1.port" \
		${2:+"$T/pki/$2.pem" "$T/pki/$2.key"} 2>"$T/$1.log" &
	servers+=($!)
	until [ -s "$T/$1.port" ]; do
		kill -0 $! 2>/dev/null || { cat "$T/$1.log"; return 1; }
		sleep 0.05
	done
	URL=https://127.0.0.1:$(cat "$T/$1.port")
}
export SSL_CERT_FILE=$T/pki/ca.pem

serve good good
good=$URL
run_ok "nip update over HTTPS, the server verified against the CA store" \
	nipr --repo "$good" update
grep -q "^$good: serial" out
ok $? "  ...and the index is read"
run_ok "nip search over HTTPS" nipr --repo "$good" search alpha
run_ok "nip install over HTTPS" nipr --repo "$good" install alpha
is "$(cat root/usr/bin/a)" a "  ...the package's file is in the root"
"$NIP" -q --root root remove alpha
rm -rf root/var/cache/nip

before=$(root_state root)
serve wrongname wrongname
run_fails "a certificate for another name is refused" 1 \
	"the server's certificate is not trusted" nipr --repo "$URL" install alpha
is "$(root_state root)" "$before" "  ...and the root is as it was"
serve untrusted untrusted
run_fails "a certificate from a CA the store does not hold is refused" 1 \
	"the server's certificate is not trusted \\(CA store $SSL_CERT_FILE\\)" \
	nipr --repo "$URL" install alpha
is "$(root_state root)" "$before" "  ...and the root is as it was"
run_fails "the good server is refused by a store without its CA" 1 \
	"the server's certificate is not trusted" env SSL_CERT_FILE="$T/pki/rogue-ca.pem" \
	"$NIP" --root "$T/root" --repo "$good" update
run_fails "no CA store: said, with where it was looked for" 1 \
	"no CA store to verify the server with \\($T/no-such-bundle.crt" \
	env SSL_CERT_FILE="$T/no-such-bundle.crt" "$NIP" --root "$T/root" \
	--repo "$good" install alpha
is "$(root_state root)" "$before" "  ...and the root is as it was"
serve plain
run_ok "plain HTTP needs no CA store" env SSL_CERT_FILE=/nonexistent \
	"$NIP" --root "$T/root" --repo "http://127.0.0.1:$(cat plain.port)" update

# Downloads run in parallel, up to 4 at a time, under one progress bar
# on a terminal: the server holds the first packages until 4 are in
# flight (a client fetching one by one waits 30 s per package and the
# log says "held"), and counts the most in flight at once.
for n in p1 p2 p3 p4 p5 p6; do
	mkdir -p "s-$n/usr/share/$n"
	head -c 300000 /dev/urandom >"s-$n/usr/share/$n/data"
	pkg "$n" 1.0 "s-$n"
done
"$NIP" -q index -k k.key repo
SERVE_OPTS="--together 4" serve together good
script -qec "'$NIP' --root '$T/root' --repo '$URL' install p1 p2 p3 p4 p5 p6" \
	/dev/null >tty.out 2>&1
ok $? "six packages fetched over HTTPS on a terminal, installed" ||
	sed 's/^/#   /' tty.out
grep -q '^4 in flight' together.log && ! grep -q '^5 in flight' together.log &&
	! grep -q '^held' together.log
ok $? "  ...four downloads at once, never more" || sed 's/^/#   /' together.log
[ "$(grep -c 'fetching' tty.out)" = 1 ] &&
	tr '\r' '\n' <tty.out | grep -q 'fetching \[#\{30\}\] 100% 6 files'
ok $? "  ...one bar for all six, on one line of the terminal, ending full" || sed 's/^/#   /' tty.out
for n in p1 p2 p3 p4 p5 p6; do cmp -s "s-$n/usr/share/$n/data" "root/usr/share/$n/data" || echo "$n"; done >differ
is "$(cat differ)" "" "  ...every package's file whole in the root"
"$NIP" -q --root root remove p1 p2 p3 p4 p5 p6
rm -rf root/var/cache/nip/*
mv repo/p3-1.0-1.npk p3.away
before=$(root_state root)
run_fails "one download of six failing stops them all, naming it" 1 \
	"cannot fetch $URL/p3-1.0-1.npk: HTTP status 404" \
	"$NIP" --root "$T/root" --repo "$URL" install p1 p2 p3 p4 p5 p6
is "$(root_state root)" "$before" "  ...nothing installed"
is "$(find root/var/cache/nip -name '.nip-dl-*' | wc -l)" 0 "  ...no partial download left"
mv p3.away repo/p3-1.0-1.npk
head -c 100000 /dev/urandom >>repo/p2-1.0-1.npk
run_fails "a server sending more than the index's size is cut off" 3 \
	"cannot fetch $URL/p2-1.0-1.npk: the server sends more than the [0-9]+ bytes the signed index says" \
	"$NIP" --root "$T/root" --repo "$URL" install p1 p2 p3 p4 p5 p6
is "$(root_state root)" "$before" "  ...nothing installed"
# What a nip killed in the middle of a download (SIGKILL) left behind.
echo partial >root/var/cache/nip/.nip-dl-p9-1.0-1.npk
run_ok "the next install from a remote repository" \
	"$NIP" --root "$T/root" --repo "$URL" install p1
[ ! -e root/var/cache/nip/.nip-dl-p9-1.0-1.npk ]
ok $? "  ...sweeps the partial download a killed nip left"
done_testing
