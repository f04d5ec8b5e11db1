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

# The builder is a program of its own, nip-build; nip hands it build,
# pack and fetch. A nip without it (an installed system) says so.
BUILDER=$(dirname "$NIP")/nip-build
[ -x "$BUILDER" ]
ok $? "nip-build is built beside nip"
run_fails "nip pack runs nip-build beside nip" 2 "usage: nip pack -k KEY" \
	"$NIP" pack
mkdir alone
cp "$NIP" alone/nip
run_fails "without nip-build, nip build names it" 1 \
	"'nip build' is done by nip-build, which is not installed" \
	env PATH=/usr/bin:/bin alone/nip build -k k.key -o repo x.npk.yaml
run_fails "  ...and so does nip fetch" 1 "nip-build" \
	env PATH=/usr/bin:/bin alone/nip fetch x.npk.yaml
run_ok "  ...while its help still answers" \
	env PATH=/usr/bin:/bin alone/nip build --help
run_ok "  ...and nip's own commands work" \
	env PATH=/usr/bin:/bin alone/nip --root empty list
mkdir bin
cp "$BUILDER" bin/nip-build
run_fails "nip-build on PATH is found too" 2 "usage: nip pack" \
	env PATH="$T/bin:/usr/bin:/bin" alone/nip pack
run_fails "nip-build does not install" 2 "'install' is nip's" \
	"$BUILDER" --root empty install x
run_fails "nip-build without nip names it (sysroots need it)" 1 \
	"installs build-dependencies with nip, which is neither beside" \
	env PATH=/usr/bin:/bin bin/nip-build build -k k.key -o repo x.npk.yaml
if command -v nm >/dev/null; then
	carries='[TU] (recipe_load|sandbox_run|build_recipe|yaml_parser_initialize)$'
	! nm "$NIP" | grep -Eq "$carries"
	ok $? "nip carries no recipe reader, sandbox, builder or libyaml"
	nm "$BUILDER" | grep -Eq "$carries"
	ok $? "  ...as nip-build does (so the check can fail)"
fi
done_testing
