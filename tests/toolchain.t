#!/usr/bin/env bash
# The musl toolchain: cc builds hardened static-pie programs against the
# musl sysroot and the kernel UAPI headers, never glibc's; meson (through
# the cross file) and autotools builds go through it.
. "$(dirname "$0")/lib.sh"
need "$REPO_BUILT/NIPINDEX" "$TOOLCHAIN/bin/cc" "$KEY"
scratch_repo
export TMPDIR=$T

mkdir -p r/tc/proj
cat >r/tc/proj/hello.c <<'C'
#include <linux/fs.h>
#include <stdio.h>
int main(void)
{
	char line[64];	/* an array: the stack protector guards this frame */

	snprintf(line, sizeof(line), "BLKGETSIZE64=%lx", (unsigned long)BLKGETSIZE64);
	printf("hello from musl, %s\n", line);
	return 0;
}
C
cat >r/tc/proj/glibc.c <<'C'
#include <gnu/libc-version.h>
int main(void) { return 0; }
C
# zlib through pkg-config (not meson's own zlib lookup), as meson builds
# find their libraries: the cross file must name a pkg-config that meson
# reads for the host machine.
cat >r/tc/proj/meson.build <<'M'
project('hello', 'c')
zlib = dependency('zlib', method: 'pkg-config')
executable('hello-meson', 'hello.c', dependencies: zlib, install: true)
M
cat >r/tc/proj/configure.ac <<'A'
AC_INIT([hello], [1.0])
AM_INIT_AUTOMAKE([foreign])
AC_PROG_CC
AC_CONFIG_FILES([Makefile])
AC_OUTPUT
A
cat >r/tc/proj/Makefile.am <<'A'
bin_PROGRAMS = hello-autotools
hello_autotools_SOURCES = hello.c
A
cat >r/tc/tc.npk.yaml <<'Y'
name: tc
version: "1.0"
release: 1
summary: toolchain test
license: MIT
source-date-epoch: 1700000000
sources:
  - file: proj
build-depends: [musl-dev, zlib-dev]
build: |
  cd /build/files/proj
  mkdir -p "$DESTDIR/usr/bin"
  cc -O2 -o "$DESTDIR/usr/bin/hello-cc" hello.c
  if cc -c glibc.c 2>glibc.err; then echo "glibc header seen"; exit 1; fi
  grep -q "gnu/libc-version.h: No such file" glibc.err
  meson setup --cross-file /toolchain/meson-cross.txt --prefix=/usr mb
  ninja -C mb
  DESTDIR="$DESTDIR" meson install -C mb
  autoreconf -fi
  ./configure --prefix=/usr
  make
  make DESTDIR="$DESTDIR" install
Y
run_ok "cc, meson and autotools builds pass through the toolchain" \
	"$NIP" build -k "$KEY" -o "$T/repo" --toolchain "$TOOLCHAIN" r/tc/tc.npk.yaml
# run_ok's own status is its report's: look for the package instead.
[ -f "$T/repo/tc-1.0-1.npk" ] || sed 's/^/#   /' "$T/repo/logs/tc.log" | tail -30
mkdir -p x && zstd -qdc "$T/repo/tc-1.0-1.npk" | tar -C x -xf -
for prog in hello-cc hello-meson hello-autotools; do
	f=x/usr/bin/$prog
	hdr=$(readelf -lhd "$f" 2>&1)
	echo "$hdr" | grep -q "Type: *DYN" && ! echo "$hdr" | grep -q INTERP &&
		! echo "$hdr" | grep -q NEEDED
	ok $? "$prog is static-pie: position independent, no interpreter, no NEEDED"
	echo "$hdr" | grep -q GNU_RELRO && echo "$hdr" | grep -q "BIND_NOW\|FLAGS.*NOW"
	ok $? "$prog has full RELRO"
	objdump -d "$f" | grep -q '%fs:0x28'
	ok $? "$prog is built with the stack protector (canary reads)"
	! readelf -S "$f" | grep -q '\.symtab\|\.debug'
	ok $? "$prog is stripped"
	! grep -aq "GLIBC_\|GNU C Library" "$f"
	ok $? "$prog carries no glibc"
	is "$("$f")" "hello from musl, BLKGETSIZE64=80081272" "$prog runs"
done
done_testing
