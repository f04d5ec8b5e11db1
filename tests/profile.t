#!/usr/bin/env bash
# Image profiles and bad input: a profile naming a package no recipe
# makes is refused by name and line before anything is built (make iso
# stops at profile-check: no build starts, build/repo is untouched); an
# overlay that would replace a package's file, or a boot set without a
# kernel, is refused by make-iso.sh, and no ISO is left behind.
. "$(dirname "$0")/lib.sh"
need "$REPO_BUILT/NIPINDEX" "$TOP/build/nip/nip" "$KEY"
made=$("$TOP/build/nip/nip" build --list --all "$TOP/npk-recipes")
ok $? "nip build --list names what the recipes make"
for p in linux linux-modules linux-dev nexus-boot musl-dev toybox; do
	printf '%s\n' "$made" | grep -qx "$p"
	ok $? "  ...$p among them"
done

mkdir -p bad/overlay
cp "$TOP"/rootfs/live/{packages.list,boot.list,cmdline} bad/
lines=$(wc -l <bad/packages.list)
printf '# a typo\ntoybx\nmksh>=1 nosuchpkg\n' >>bad/packages.list
index=$(stat -c %Y "$REPO_BUILT/NIPINDEX")
start=$(date +%s)
make -C "$TOP" iso PROFILE="$T/bad" >out 2>err
ok $((! $?)) "make iso with a profile naming unknown packages fails"
grep -q "bad/packages.list:$((lines + 2)): no recipe in npk-recipes makes package 'toybx'" err
ok $? "  ...naming the file, line and package"
grep -q "bad/packages.list:$((lines + 3)): no recipe in npk-recipes makes package 'nosuchpkg'" err
ok $? "  ...and every bad one"
! grep -q 'nip build\|assemble.sh' out
ok $? "  ...before any build starts"
is "$(stat -c %Y "$REPO_BUILT/NIPINDEX")" "$index" "  ...leaving build/repo untouched"
echo "#   refused in $(($(date +%s) - start)) s"
sed 's/^/#   /' err | head -4

# iso_refused WHAT MESSAGE: make-iso.sh on the profile bad/ fails,
# prints MESSAGE (grep pattern) and leaves no ISO.
iso_refused() {
	SOURCE_DATE_EPOCH=0 sh "$TOP/rootfs/make-iso.sh" "$TOP/build/nip/nip" \
		"$REPO_BUILT" "$(dirname "$KEY")" "$KEY" bad "$T/bad.iso" >out 2>err
	ok $((! $?)) "$1 is refused"
	grep -q "$2" err
	ok $? "  ...saying so"
	[ ! -e "$T/bad.iso" ]
	ok $? "  ...and no ISO is written"
}

# An overlay file that a package owns.
cp "$TOP"/rootfs/live/packages.list bad/
mkdir -p bad/overlay/etc
echo intruder >bad/overlay/etc/hostname
iso_refused "an overlay replacing a package's file" \
	"bad/overlay/etc/hostname would replace a file a package installed"

# A boot set without the kernel.
rm bad/overlay/etc/hostname
echo nexus-boot >bad/boot.list
iso_refused "a boot set without a kernel" \
	"bad/boot.list must bring exactly one /boot/vmlinuz-\*"
done_testing
