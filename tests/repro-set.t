#!/usr/bin/env bash
# tests/repro-set.sh on a small repository made here (host only, no
# build): the fixed sample always; a recipe whose .npk.yaml, declared
# file or linked folder changed; not one whose folder only shares a
# prefix with a changed path; every recipe when the toolchain changed,
# when asked for --all, or when the base commit does not exist.
. "$(dirname "$0")/lib.sh"
r=$T/r
mkdir -p "$r/tests" "$r/kern/lsm" "$r/kern/lsm-old" "$r/npk-recipes/toolchain"
cp "$TESTS_DIR/repro-set.sh" "$r/tests/"
for name in musl toybox zstd nip linux other; do
	mkdir -p "$r/npk-recipes/$name"
	printf 'name: %s\nsources:\n' "$name" \
		>"$r/npk-recipes/$name/$name.npk.yaml"
done
# linux declares kern/lsm through a link in its folder, as the real
# recipes do; other declares a file of its own.
ln -s ../../kern "$r/npk-recipes/linux/kern"
echo '  - file: kern/lsm' >>"$r/npk-recipes/linux/linux.npk.yaml"
echo x >"$r/npk-recipes/other/other.conf"
echo '  - file: other.conf' >>"$r/npk-recipes/other/other.npk.yaml"
echo a >"$r/kern/lsm/hooks.c"
echo a >"$r/kern/lsm-old/notes"
echo cc >"$r/npk-recipes/toolchain/cc"
git -C "$r" init -q && git -C "$r" add -A &&
	git -C "$r" -c user.name=t -c user.email=t@t commit -qm base

# after WHAT: commit a change made by WHAT (a shell command in $r), then
# the recipe names repro-set.sh picks against the commit before.
after() {
	(cd "$r" && eval "$1" && git add -A &&
		git -c user.name=t -c user.email=t@t commit -qm change) &&
		sh "$r/tests/repro-set.sh" HEAD^1 | sed 's|.*/||; s|\.npk\.yaml||' |
		tr '\n' ' '
}
sample="musl nip toybox zstd "

is "$(after 'echo b >README')" "$sample" "an unrelated change: the sample alone"
is "$(after 'echo b >kern/lsm/hooks.c')" "linux $sample" \
	"a file under a folder linux declares through its link: linux too"
is "$(after 'echo b >kern/lsm-old/notes')" "$sample" \
	"a folder that only shares a prefix with it: not linux"
is "$(after 'echo y >npk-recipes/other/other.conf')" "musl nip other toybox zstd " \
	"a file a recipe declares: that recipe"
is "$(after 'echo "# c" >>npk-recipes/linux/linux.npk.yaml')" "linux $sample" \
	"the recipe file itself"
is "$(after 'echo cc2 >npk-recipes/toolchain/cc')" \
	"linux musl nip other toybox zstd " "the toolchain: every recipe"
is "$(sh "$r/tests/repro-set.sh" --all | wc -l)" 6 "--all: every recipe"
is "$(sh "$r/tests/repro-set.sh" nosuch | wc -l)" 6 \
	"a base that is no commit: every recipe"
done_testing
