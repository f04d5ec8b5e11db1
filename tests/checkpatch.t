#!/usr/bin/env bash
# Our kernel code follows the kernel's style: checkpatch.pl --strict, as
# shipped in the linux-dev package, finds nothing in what
# mk/checkpatch.sh checks (ion-kmod's module, the pledge LSM, their UAPI
# headers, the LSM's patches), the list make lint checks too. The gate
# is first shown to catch a bad file.
. "$(dirname "$0")/lib.sh"
dev_pkg=$(newest_npk "$REPO_BUILT" linux-dev)
need "$dev_pkg"
zstd -qdc "$dev_pkg" | tar -xf - --wildcards --strip-components=3 \
	'usr/src/linux-headers-*/scripts/checkpatch.pl' \
	'usr/src/linux-headers-*/scripts/spelling.txt' \
	'usr/src/linux-headers-*/scripts/const_structs.checkpatch'
need scripts/checkpatch.pl

cat >bad.c <<'C'
// SPDX-License-Identifier: GPL-2.0
static int bad(int x)
{
    if (x) { return 1; }
	return 0;
}
C
sh "$TOP/mk/checkpatch.sh" scripts/checkpatch.pl bad.c >bad.out 2>&1
[ $? -eq 1 ] && grep -q "bad.c:4: ERROR:TRAILING_STATEMENTS" bad.out
ok $? "checkpatch fails a file with kernel-style errors, naming them"
sed 's/^/#   /' bad.out | head -3
sh "$TOP/mk/checkpatch.sh" scripts/checkpatch.pl >out 2>&1
ok $? "checkpatch --strict: our kernel code is clean"
sed 's/^/#   /' out
done_testing
