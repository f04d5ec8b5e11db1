#!/usr/bin/env bash
# The base rootfs `make rootfs` made with nip --root: a working system
# in a chroot (toybox, /bin/sh, nip), every file owned by a package.
. "$(dirname "$0")/lib.sh"
need "$ROOTFS/usr/bin/nip" "$REPO_BUILT/NIPINDEX"

root_sh() { in_root "$ROOTFS" "$1"; }

# shellcheck disable=SC2016 # the chroot's shell expands it
is "$(root_sh 'echo $KSH_VERSION' | cut -c1-10)" "@(#)MIRBSD" "/bin/sh is mksh"
is "$(root_sh 'printf "b\na\nb\n" | sort | uniq | tr "\n" " "')" "a b " \
	"toybox sort, uniq and tr work in the chroot"
is "$(root_sh 'grep ^ID= /etc/os-release | sed s/ID=//')" "nexus" \
	"toybox grep and sed read /etc/os-release"
is "$(root_sh 'find /etc -name hostname | xargs cat')" "nexus" "find and xargs"
is "$(root_sh 'cd /tmp && echo data >f && tar -cf t.tar f && rm f && tar -xf t.tar && cat f; rm -f f t.tar')" \
	"data" "tar round trip in /tmp"
is "$(root_sh 'ls -ld /tmp' | cut -c1-10)" "drwxrwxrwt" "/tmp is sticky and world-writable"
is "$(root_sh 'stat -c %a /etc/shadow')" "600" "/etc/shadow is 0600"
is "$(root_sh 'readlink /bin')" "usr/bin" "/bin is a link into /usr"

root_sh 'nip list' >list
for p in base-files toybox mksh nip nexus-init; do
	grep -q "^$p " list
	ok $? "nip list inside shows $p"
done
root_sh 'MALLOC_CONF=stats_print:true nip --version' 2>&1 | grep -q "Begin jemalloc statistics"
ok $? "nip allocates with jemalloc (its statistics answer MALLOC_CONF)"
run_ok "nip check inside: every installed file as recorded" root_sh 'nip check'

# Every file of the tree belongs to a package: nip put it there.
(cd "$ROOTFS" && find . -mindepth 1 \( -path ./var/lib/nip -prune \) -o -print |
	sed 's|^\./||' | grep -v '^var/lib/nip$' | LC_ALL=C sort) >all
mapfile -t paths <all
"$NIP" --root "$ROOTFS" owner "${paths[@]}" >owners 2>owner-errors
is "$(wc -l <owner-errors)" "0" "every path in the rootfs has an owner"
sed 's/^/#   /' owner-errors | head -5

# Nothing in the image names the machine that built it.
grep -rlF "$TOP" "$ROOTFS" >build-paths
is "$(wc -l <build-paths)" "0" "no file in the rootfs names the build's path"
sed 's/^/#   /' build-paths | head -5

# nip install inside the system, from the local repository bound in.
cp -a "$ROOTFS" root
unshare -m sh -c "mount --bind '$REPO_BUILT' root/mnt &&
	chroot root nip --repo /mnt install musl" >out 2>err
ok $? "nip install inside the chroot, from the local repository"
sed 's/^/#   /' err
chroot root /lib/ld-musl-x86_64.so.1 2>&1 | grep -q "Version 1.2.3"
ok $? "  ...and the installed musl loader runs"
is "$(in_root root 'echo hi | zstd -q | zstd -dq')" "hi" \
	"zstd, which nip brings along, runs"

size=$(du -sb "$ROOTFS" | cut -f1)
echo "#   rootfs: $size bytes installed, $(find "$ROOTFS" -type f | wc -l) files"
[ "$size" -lt 8000000 ]
ok $? "the base rootfs is under 8 MB installed"
done_testing
