#!/usr/bin/env bash
# The command line: help, usage errors and their exit codes.
. "$(dirname "$0")/lib.sh"

run_ok "nip --help succeeds" "$NIP" --help
for cmd in key sign verify pack index install remove upgrade rollback list \
	info files owner check history; do
	grep -q "^  nip $cmd" out
	ok $? "nip --help lists $cmd"
done
run_ok "nip install --help succeeds" "$NIP" install --help
grep -q "^usage: nip install PKG..." out && grep -q "world" out
ok $? "and explains the command"
run_fails "no command is a usage error" 2 "usage: nip" "$NIP"
run_fails "an unknown command is a usage error" 2 "unknown command 'frobnicate'" \
	"$NIP" frobnicate
run_fails "an unknown option is a usage error" 2 "unknown option --frob" \
	"$NIP" --frob list
run_fails "missing arguments name the command's usage" 2 \
	"usage: nip pack -k KEY -o OUTDIR" "$NIP" pack
run_fails "a bad constraint is named" 2 "'Bad!' is not a package name" \
	"$NIP" --root . install 'Bad!'
run_ok "nip --version" "$NIP" --version
mkdir empty
run_ok "queries on a root without a database succeed" "$NIP" --root empty list
is "$(cat out)" "" "and list nothing"
[ ! -e empty/var ]
ok $? "and create nothing"
run_fails "a missing root is named" 1 "cannot open root nowhere" \
	"$NIP" --root nowhere list
done_testing
