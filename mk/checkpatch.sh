#!/bin/sh
# checkpatch.sh CHECKPATCH.PL [FILE...]: the kernel's style gate,
# checkpatch.pl --strict, over our kernel code (ion-kmod's module and
# UAPI header, the pledge LSM and its UAPI header, the patches that hook
# the LSM into the kernel), or over the FILEs given. Prints what it
# finds, naming each file, and fails if anything was found.
set -eu
checkpatch=$1
shift
top=$(cd "$(dirname "$0")/.." && pwd)
bad=0
if [ ! -f "$checkpatch" ]; then
	echo "checkpatch.sh: $checkpatch: no such file" >&2
	exit 2
fi
case $checkpatch in
/*) ;;
*) checkpatch=$PWD/$checkpatch ;;
esac

# check FILE OPTION...: checkpatch on FILE. In a git tree checkpatch
# reads a tracked file as a whole new file, even a patch: so it runs
# from / on an absolute path.
check() {
	case $1 in
	/*) file=$1 ;;
	*) file=$PWD/$1 ;;
	esac
	shift
	if ! out=$(cd / && perl "$checkpatch" --strict --no-tree --quiet \
		--terse --show-types "$@" "$file" 2>&1); then
		printf '%s\n' "$out" | sed "s|^$top/||"
		bad=1
	fi
}

if [ $# -eq 0 ]; then
	set -- "$top"/ion-kmod/kmod/* "$top"/ion-kmod/include/uapi/linux/*.h \
		"$top"/kernel-config/lsm/include/uapi/linux/*.h \
		"$top"/kernel-config/lsm/security/pledge/* \
		"$top"/kernel-config/lsm/*.patch
fi
# The patches carry no commit message: the linux recipe applies them,
# git does not. fs/proc/base.c puts each LSM's LSM_DIR_OPS line right
# after its attribute table, with no blank line; pledge.patch's hunk
# there does the same.
for f; do
	case $f in
	*/pledge.patch)
		check "$f" --no-signoff --ignore COMMIT_MESSAGE,LINE_SPACING ;;
	*.patch) check "$f" --no-signoff --ignore COMMIT_MESSAGE ;;
	# ENOSYS is the LSM framework's "not mine" for prctl options and
	# pledge's "error" result, as on OpenBSD: allowed there alone.
	"$top"/kernel-config/lsm/*) check "$f" --file --ignore ENOSYS ;;
	*) check "$f" --file ;;
	esac
done
exit $bad
