#!/usr/bin/env bash
# The base rootfs is GNU-free: no glibc, no GNU programs. ELF files are
# checked for interpreters and NEEDED entries, every file for the strings
# GNU programs identify themselves with; a finding names the file.
. "$(dirname "$0")/lib.sh"
need "$ROOTFS/usr/bin/nip"

# What GNU software says about itself in its binaries and scripts: the
# --version texts gnulib gives every GNU program, glibc's names, bash.
# (Not "GNU tar" or "GNU sed": libarchive and toybox name GNU formats
# and options they are compatible with.)
SIGNS='GNU C Library|GLIBC_2\.|GPLv3\+: GNU GPL|GNU bash, version|Free Software Foundation, Inc|bug-[a-z]+@gnu\.org|#! */bin/bash|ld-linux-x86-64'

# audit ROOT: print "FILE: reason" for every finding.
audit() {
	(cd "$1" && find . -type f | LC_ALL=C sort) | while read -r f; do
		p=$1/$f
		if [ "$(head -c 4 "$p" | od -An -c | tr -d ' ')" = '177ELF' ]; then
			interp=$(readelf -lW "$p" 2>/dev/null | sed -n 's/.*interpreter: \(.*\)]/\1/p')
			case $interp in
			'' | /lib/ld-musl-*) ;;
			*) echo "$f: ELF interpreter $interp" ;;
			esac
			readelf -dW "$p" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' |
				grep -v '^libc\.so$' | sed "s|^|$f: needs |"
		fi
		LC_ALL=C grep -aoE "$SIGNS" "$p" | sort -u | sed "s|^|$f: says |"
	done
}

mkdir gnu && cp /bin/grep /bin/bash /bin/sed /bin/tar /bin/gzip /usr/bin/find \
	/usr/bin/make /bin/ls gnu/
audit "$T/gnu" >findings
missed=
for p in grep bash sed tar gzip find make ls; do
	grep -q "^\./$p: says" findings || missed="$missed $p"
done
grep -q "bash: ELF interpreter /lib64/ld-linux" findings || missed="$missed bash-interp"
is "$missed" "" "the audit finds GNU programs (a check of the check on the host's)"

audit "$ROOTFS" >findings
ok "$(wc -l <findings)" "the base rootfs holds no glibc and no GNU program"
sed 's/^/#   /' findings | head -20
is "$(find "$ROOTFS" -name bash -o -name gawk -o -name gmake -o -name 'libc.so.6' | wc -l)" 0 \
	"no file is named like a GNU program or glibc"

# The installed system (rootfs/disk: the kernel, the installer, e2fsprogs,
# dosfstools, sfdisk) too. License texts name the FSF: they are not
# programs.
SOURCE_DATE_EPOCH=0 sh "$TOP/rootfs/make-rootfs.sh" "$NIP" "$REPO_BUILT" \
	"$(dirname "$KEY")" "$TOP/rootfs/disk/packages.list" "$T/disk" >/dev/null
audit "$T/disk" | grep -v '^\./usr/share/licenses/' >findings
ok "$(wc -l <findings)" "the installed system holds no glibc and no GNU program"
sed 's/^/#   /' findings | head -20
done_testing
