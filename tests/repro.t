#!/usr/bin/env bash
# Reproducible builds: rebuilding recipes from scratch (--rebuild: no
# cached result), later (another clock), in another work directory,
# under another umask, gives the same bytes as build/repo. Which ones:
# repro-set.sh's fixed sample plus every recipe the commit under test
# changed (HEAD against its first parent, or REPRO_BASE); REPRO_ALL=1
# (make check-repro) rebuilds them all. A second rootfs and a second
# ISO are identical to make's.
. "$(dirname "$0")/lib.sh"
need "$REPO_BUILT/NIPINDEX" "$TOOLCHAIN/bin/cc" "$KEY" "$TOP/build/nexus.iso"
scratch_repo
mkdir -p keep work
cp "$T"/repo/*.npk keep/

if [ -n "${REPRO_ALL:-}" ]; then
	recipes=$(sh "$TESTS_DIR/repro-set.sh" --all)
else
	recipes=$(sh "$TESTS_DIR/repro-set.sh" "${REPRO_BASE:-HEAD^1}")
fi
names=$(for r in $recipes; do basename "$r" .npk.yaml; done | tr '\n' ' ')
echo "# rebuilding: $names"
(
	umask 077
	export TMPDIR=$T/work
	# shellcheck disable=SC2086 # a recipe a word
	cd "$TOP" && "$NIP" -q build --rebuild -k "$KEY" -o "$T/repo" \
		--toolchain "$TOOLCHAIN" --set KERNEL_PROFILE=virt $recipes
) >out 2>err
ok $? "$names build again in another directory and umask"
tail -5 err | sed 's/^/#   /'
# Every package of those recipes (the recipe's name and its splits'):
# nip replaces a package only when the rebuild's bytes differ.
for r in $recipes; do
	# shellcheck disable=SC2013 # names: a word each
	for p in $(sed -n 's/^name:[[:space:]]*//p
		s/^[[:space:]]*-[[:space:]]*name:[[:space:]]*//p' "$TOP/$r"); do
		f=$(newest_npk keep "$p")
		[ -n "$f" ]
		ok $? "make built $p"
		f=${f#keep/}
		cmp -s "keep/$f" "$T/repo/$f"
		ok $? "  ...and $f is bit-identical"
	done
done

# Two make rootfs runs: the same tree, compared by a sorted manifest.
manifest() {
	(cd "$1" && find . -printf '%y %m %U:%G %Ts %p -> %l\n' | LC_ALL=C sort &&
		find . -type f -print0 | LC_ALL=C sort -z | xargs -0r sha256sum)
}
# The same build time as make rootfs had (the last commit's).
SOURCE_DATE_EPOCH=$(sed -n 's/^time //p' "$ROOTFS/var/lib/nip/history/1")
export SOURCE_DATE_EPOCH
sh "$TOP/rootfs/make-rootfs.sh" "$NIP" "$REPO_BUILT" "$(dirname "$KEY")" \
	"$TOP/rootfs/base.list" "$T/rootfs2" >/dev/null 2>err
ok $? "a second rootfs installs"
manifest "$ROOTFS" >a
manifest "$T/rootfs2" >b
cmp -s a b
ok $? "  ...and is identical to build/rootfs (paths, types, modes, owners, times, hashes)"
diff a b | head -10 | sed 's/^/#   /'

# The time make iso had: the ISO 9660 volume's creation date, at byte
# 813 of the primary volume descriptor (sector 16), as YYYYMMDDhhmmss.
d=$(dd if="$TOP/build/nexus.iso" bs=1 skip=$((16 * 2048 + 813)) count=14 2>/dev/null)
SOURCE_DATE_EPOCH=$(date -u -d "${d:0:4}-${d:4:2}-${d:6:2} ${d:8:2}:${d:10:2}:${d:12:2}" +%s)
sh "$TOP/rootfs/make-iso.sh" "$NIP" "$REPO_BUILT" "$(dirname "$KEY")" "$KEY" \
	"$TOP/rootfs/live" "$T/nexus.iso" >/dev/null 2>err
ok $? "a second ISO builds"
cmp "$TOP/build/nexus.iso" "$T/nexus.iso" >cmp.out 2>&1
ok $? "  ...and is bit-identical to build/nexus.iso"
sed 's/^/#   /' cmp.out
done_testing
