#!/usr/bin/env bash
# nexus-install under TCG, twice: from the ISO on a CD onto a virtio
# disk, and from the ISO as a disk onto an NVMe disk. Each time the live
# system (suite install-live) first checks the refusals (the live
# medium, a disk too small, a mounted one, no --yes off a terminal, a
# failure half way) and installs; then the disk boots alone under OVMF,
# with the variables the install wrote (suite install-disk, phase
# "first": the boot entry, profile, host name, users, a file written and
# a package installed from a 9p repository) and once more with fresh
# variables (phase "again": the removable-media path, and both are still
# there).
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/qemu/harness.sh"
iso=$TOP/build/nexus.iso
need "$iso" "$OVMF_CODE" "$OVMF_VARS"

# The configuration: a host name, root's password and an administrator.
zstd -qdc "$(newest_npk "$REPO_BUILT" toybox)" | tar -xf - usr/bin/toybox
hash=$(printf 'nexus-test\n' | usr/bin/toybox mkpasswd -P 0 -m sha512 -S nexustestsalt)
cat >install.conf <<EOF
# tests/install.t
hostname ws-test
root-password-hash $hash
user alice
user-password-hash $hash
EOF

# The share the installed system reads: expectations, a token to keep,
# and a repository with one package the profile does not have.
mkdir -p disk-suite/repo
cp "$TESTS_DIR/suites/install-disk/run" disk-suite/
echo ws-test >disk-suite/hostname
echo nexus-test >disk-suite/password
sed 's/#.*//' "$TOP/rootfs/disk/packages.list" | tr -s ' \n' '\n' | sed '/^$/d' >disk-suite/packages
head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n' >disk-suite/token
ion_tests=$(newest_npk "$REPO_BUILT" ion-tests)
need "$ion_tests"
cp "$ion_tests" "$ion_tests.minisig" disk-suite/repo/
"$NIP" -q index -k "$KEY" disk-suite/repo

# live_install NAME LIVE-ARGS -- TARGET-ARGS: the live suite, then the
# two boots of the installed disk.
live_install() {
	local name=$1 disks=$2 vars=$T/$1-vars.fd
	shift 2
	rm -rf live-suite && mkdir live-suite
	cp "$TESTS_DIR/suites/install-live/run" install.conf live-suite/
	echo "$disks" >live-suite/disks
	cp "$OVMF_VARS" "$vars"
	ovmf_args "$vars"
	run_guest 1200 "nexus $TEST_OPTIONS" "${OVMF_ARGS[@]}" \
		-virtfs "$(suite_share "$T/live-suite")" "$@"
	collect_tap "$name: live"
	sed -n 's/^# install-seconds: /#   install time under TCG (s): /p' "$T/console.txt"
}
disk_boot() {	# disk_boot NAME PHASE VARS DRIVE-ARGS...
	local name=$1 phase=$2 vars=$3
	shift 3
	echo "$phase" >disk-suite/phase
	ovmf_args "$vars"
	run_guest 600 "nexus $TEST_OPTIONS" "${OVMF_ARGS[@]}" \
		-virtfs "$(suite_share "$T/disk-suite")" "$@"
	collect_tap "$name: installed ($phase)"
	sed -n 's/^# installed-kib: /#   installed size (KiB, du -x \/): /p' "$T/console.txt"
}

# virtio: the ISO on a CD; the target, a disk too small, a busy one.
truncate -s 2G virtio.img
truncate -s 300M small.img
truncate -s 64M busy.img
live_install virtio "LIVE=/dev/sr0 TARGET=/dev/vda SMALL=/dev/vdb BUSY=/dev/vdc" \
	-cdrom "$iso" -drive "file=$T/virtio.img,format=raw,if=virtio" \
	-drive "file=$T/small.img,format=raw,if=virtio" \
	-drive "file=$T/busy.img,format=raw,if=virtio"
disk_boot virtio first "$T/virtio-vars.fd" -drive "file=$T/virtio.img,format=raw,if=virtio"
cp "$OVMF_VARS" fresh-vars.fd
disk_boot virtio again "$T/fresh-vars.fd" -drive "file=$T/virtio.img,format=raw,if=virtio"

# NVMe: the ISO as a (read-only) virtio disk, the target on NVMe, and
# the install made on the console.
truncate -s 2G nvme.img
nvme=(-drive "file=$T/nvme.img,format=raw,if=none,id=nv" -device "nvme,serial=nexus-test,drive=nv")
# This time on the console: the menu (NVMe sorts first), the question,
# the host name, the administrator and the passwords, as a user would.
RUN_ANSWERS=("Install on which disk (1-2)? " 1
	"Type yes to install: " yes
	"Host name [nexus]: " ws-test
	"Administrator user (empty for none): " alice
	"Password for root: " nexus-test "Again: " nexus-test
	"Password for alice: " nexus-test "Again: " nexus-test)
live_install nvme "LIVE=/dev/vda TARGET=/dev/nvme0n1 INTERACTIVE=1 TARGET_MODEL='QEMU NVMe Ctrl'" \
	-drive "file=$iso,format=raw,if=virtio,readonly=on" "${nvme[@]}"
# shellcheck disable=SC2034 # run_guest reads it: the next boots type nothing
RUN_ANSWERS=()
head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n' >disk-suite/token
disk_boot nvme first "$T/nvme-vars.fd" "${nvme[@]}"
cp "$OVMF_VARS" fresh-vars.fd
disk_boot nvme again "$T/fresh-vars.fd" "${nvme[@]}"
done_testing
