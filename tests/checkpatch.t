#!/usr/bin/env bash
# Our kernel code follows the kernel's style: checkpatch.pl --strict, as
# shipped in the linux-dev package, finds nothing in ion-kmod's module,
# the pledge LSM, and their UAPI headers. It is first shown to catch a
# bad file.
. "$(dirname "$0")/lib.sh"
dev_pkg=$(newest_npk "$REPO_BUILT" linux-dev)
need "$dev_pkg"
zstd -qdc "$dev_pkg" | tar -xf - --wildcards --strip-components=3 \
	'usr/src/linux-headers-*/scripts/checkpatch.pl' \
	'usr/src/linux-headers-*/scripts/spelling.txt' \
	'usr/src/linux-headers-*/scripts/const_structs.checkpatch'
need scripts/checkpatch.pl
checkpatch() {
	perl scripts/checkpatch.pl --strict --no-tree --quiet --terse \
		--show-types --file "$@"
}

cat >bad.c <<'C'
// SPDX-License-Identifier: GPL-2.0
static int bad(int x)
{
    if (x) { return 1; }
	return 0;
}
C
checkpatch bad.c >bad.out 2>&1
ok $((! $?)) "checkpatch fails a file with kernel-style errors"
sed 's/^/#   /' bad.out | head -3
for f in ion-kmod/kmod/ion.c ion-kmod/include/uapi/linux/ion.h \
	kernel-config/lsm/include/uapi/linux/pledge.h \
	"$TOP"/kernel-config/lsm/security/pledge/*; do
	f=${f#"$TOP"/}
	# ENOSYS is the LSM framework's "not mine" for prctl options and
	# pledge's "error" result, as on OpenBSD: allowed there alone.
	case $f in
	kernel-config/lsm/*) checkpatch --ignore ENOSYS "$TOP/$f" >out 2>&1 ;;
	*) checkpatch "$TOP/$f" >out 2>&1 ;;
	esac
	ok $? "checkpatch --strict: $f is clean"
	sed 's/^/#   /' out
done
# The generic hooks the LSM adds to the VFS and the capability checks it
# makes visible, as the patches they are (with no commit message: the
# linux recipe applies them, git does not).
for p in path-hooks commoncap; do
	perl scripts/checkpatch.pl --strict --no-tree --quiet --terse \
		--show-types --no-signoff --ignore COMMIT_MESSAGE \
		"$TOP/kernel-config/lsm/$p.patch" >out 2>&1
	ok $? "checkpatch --strict: kernel-config/lsm/$p.patch is clean"
	sed 's/^/#   /' out
done
done_testing
