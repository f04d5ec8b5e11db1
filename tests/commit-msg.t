#!/usr/bin/env bash
# .githooks/commit-msg on messages written here (host only, no build):
# subjects under 72 characters that make one change pass; a long one,
# one that runs into a second line, and one that chains changes with
# "; ", ", and ", " and also " or " and " plus a verb are refused, with
# a message naming the rule. Last, git itself runs the hook.
. "$(dirname "$0")/lib.sh"
hook=$TOP/.githooks/commit-msg

# accepts DESCRIPTION MESSAGE / refuses DESCRIPTION PATTERN MESSAGE
accepts() { printf '%s' "$2" >msg && run_ok "$1" sh "$hook" msg; }
refuses() { printf '%s' "$3" >msg && run_fails "$1" 1 "$2" sh "$hook" msg; }

s71=$(printf 'nip: %066d' 0)	# 71 characters
accepts "a short subject and a body" \
	"nip: name the package in staged-mode errors

Why it matters.
"
accepts "a subject of 71 characters" "$s71"
accepts "comments and blank lines before the subject are skipped" \
	"
# Please enter the commit message for your changes.

init(8): a man page for PID 1
# a comment between subject and body

Body.
"
accepts "\" and \" joining nouns is one change" \
	"pledge/unveil: cover Unix socket names and commoncap's checks"
accepts "a UTF-8 character counts once" "$(printf 'nip: %063d –x' 0)"
accepts "fixup! subjects may be long: they are squashed away" \
	"fixup! ${s71}x"
accepts "git commit -v's diff below the scissors is no part of it" \
	"tests: a commit-msg test
# ------------------------ >8 ------------------------
# Do not modify or remove the line above.
diff --git a/x b/x
"
accepts "an empty message is left to git" "# only a comment
"

refuses "a subject of 72 characters" "72 characters" "${s71}x"
refuses "a subject that runs into a second line" "second line" \
	"nip: a subject that
goes on here"
refuses "a subject chaining changes with \"; \"" '"; "' \
	"pledge: trusted.* reads are ENODATA; test and say so"
refuses "a subject chaining changes with \", and \"" '", and "' \
	"nip: file://localhost/DIR is DIR, and URL schemes are case-insensitive"
refuses "a subject chaining changes with \" and also \"" '" and also "' \
	"nip: faster installs and also a new flag"
refuses "a subject chaining changes with \" and \" and a verb" \
	'" and " and a verb' "nip: rename the cache and fix its locking"
refuses "the verb may carry an s" '" and " and a verb' \
	"init: mounts efivarfs and adds a test"
grep -q "One change per commit" err
ok $? "the refusal says what the rule is"

# git runs the hook through core.hooksPath and keeps no refused commit.
git init -q repo && cd repo || exit 1
git config user.name test && git config user.email test@example.invalid
git config core.hooksPath "$TOP/.githooks"
git commit -q --allow-empty -m "tests: one change" 2>../err
ok $? "git commits a good subject through the hook"
git commit -q --allow-empty -m "tests: one change; and another" 2>../err
ok $((! $?)) "git refuses a chained subject through the hook"
is "$(git log --format=%s | tr '\n' '|')" "tests: one change|" \
	"only the good commit is in the history"
# A merge keeps git's own subject, however long the branches' names.
base=$(git rev-parse HEAD)
for b in a-rather-long-branch-name another-rather-long-one; do
	git checkout -q -b "$b" "$base"
	git commit -q --allow-empty -m "tests: on $b" 2>../err
done
git checkout -q -b trunk "$base"
git merge -q --no-ff --no-edit a-rather-long-branch-name \
	another-rather-long-one >/dev/null 2>../err
ok $? "a merge passes with git's subject ($(git log -1 --format=%s | wc -c) characters)"
done_testing
