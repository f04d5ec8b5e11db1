#!/usr/bin/env bash
# The packaged kernel boots under QEMU (TCG) with no userspace at all: it
# starts its hardening (LoadPin, Landlock, Yama, KFENCE,
# retpolines), finds no root and panics, and the panic ends QEMU at once
# (panic=-1 with -no-reboot). A hang fails at the timeout with the end of
# the console, and no QEMU is left behind.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/qemu/harness.sh"
kernel=$(kernel_of "$REPO_BUILT") || need "$REPO_BUILT/linux-*.npk"

start=$(date +%s%N)
timeout -k 5 120 qemu-system-x86_64 -m 512 -nographic -no-reboot \
	-kernel "$kernel" -append "console=ttyS0 panic=-1" >console.log 2>&1
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
is "$rc" 0 "QEMU ends by itself when the kernel panics (no hang)"
[ "$rc" -eq 0 ] || tail -20 console.log | sed 's/^/#   /'
echo "#   boot to the root-mount panic: $ms ms under TCG"
for line in "Linux version 6.1.192-nexus-virt (nexus@nexus)" \
	"LoadPin: ready to pin (currently enforcing)" \
	"landlock: Up and running." "Yama: " "kfence: initialized" \
	"Spectre V2 : Mitigation: Retpolines" \
	"VFS: Unable to mount root fs"; do
	grep -qF "$line" console.log
	ok $? "console: $line"
done
# No module-signing key: one generated at build time would make every
# kernel build different.
grep -q "Loaded X.509 cert" console.log
ok $((! $?)) "console: no X.509 (module signing) key is loaded"
pgrep -f "qemu-system-x86_64.*$kernel" >/dev/null
ok $((! $?)) "no QEMU is left running"
done_testing
