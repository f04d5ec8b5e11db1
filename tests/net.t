#!/usr/bin/env bash
# The network as a person meets it: the live package set booted in QEMU
# (TCG) on QEMU's user-mode network with a virtio card. QEMU starts
# paused; the card's link is set down before the guest runs (the cable
# out), so the boot must go on without it and dhcpcd must say it waits;
# then the link comes up at the guest's "net-step: plug" and DHCP,
# IPv6 router advertisements and DNS are checked inside
# (tests/suites/net). Repositories are served from this side on
# 127.0.0.1 only (10.0.2.2 in the guest): build/repo over HTTP, and over
# HTTPS with a certificate from a CA made for this run, one for another
# name, and one from a CA nobody trusts. QEMU asks the host's name
# server (its /etc/resolv.conf) for the guest: the test runs in network
# and mount namespaces of its own where that is tests/serve-dns.py on
# 127.0.0.1, which knows repo.test, so the guest's lookups go the whole
# way (resolv.conf from DHCP, QEMU's 10.0.2.3) with no outside network.
if [ -z "${NET_T_NAMESPACES:-}" ]; then
	NET_T_NAMESPACES=1 exec unshare --net --mount -- "$0" "$@"
fi
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/qemu/harness.sh"
QMP="$TESTS_DIR/qemu/qmp.py"
need "$REPO_BUILT/NIPINDEX"
kernel=$(kernel_of "$REPO_BUILT") || need "$REPO_BUILT/linux-*.npk"
live_initramfs "$NIP" "$REPO_BUILT" "$(dirname "$KEY")" initrd.zst ||
	{ echo "Bail out! the live package set does not install"; exit 1; }
sh "$TESTS_DIR/make-certs.sh" pki
mkdir data
cp pki/ca.pem data/
ip link set lo up || { echo "Bail out! cannot bring up lo in the test's namespace"; exit 1; }
echo "nameserver 127.0.0.1" >resolv.conf
mount --bind "$T/resolv.conf" /etc/resolv.conf ||
	{ echo "Bail out! cannot point the namespace's /etc/resolv.conf at 127.0.0.1"; exit 1; }

servers=()
# shellcheck disable=SC2016 # expanded when the test ends
at_exit 'kill "${servers[@]}" 2>/dev/null'
# started NAME READY CMD...: CMD in the background, its stderr in
# NAME.log, once it has written the file READY (it is listening).
started() {
	local name=$1 ready=$2
	shift 2
	"$@" 2>"$T/$name.log" &
	servers+=($!)
	until [ -s "$ready" ]; do
		kill -0 $! 2>/dev/null || { echo "Bail out! $name server: $(cat "$T/$name.log")"; exit 1; }
		sleep 0.05
	done
}
serve() {	# serve NAME [CERT]: data/NAME.port once it listens
	started "$1" "$T/data/$1.port" python3 "$TESTS_DIR/serve-repo.py" \
		"$REPO_BUILT" "$T/data/$1.port" ${2:+"$T/pki/$2.pem" "$T/pki/$2.key"}
}
started dns "$T/dns.ready" python3 "$TESTS_DIR/serve-dns.py" "$T/dns.ready" \
	repo.test=10.0.2.2
serve http
serve good good
serve wrongname wrongname
serve untrusted untrusted

qmp() { "$QMP" "$T/qmp.sock" "$@"; }
cable_out() {
	qmp run set_link '{"name": "nic0", "up": false}' >/dev/null &&
		qmp run cont >/dev/null
}
# said TEXT: TEXT shows on the console within a minute.
said() {
	local end=$((SECONDS + 60))
	until grep -aqF -- "$1" "$T/console.log"; do
		[ "$SECONDS" -lt "$end" ] || return 1
		sleep 0.2
	done
}
hook_plug() {
	said "eth0: waiting for carrier"
	ok $? "with the cable out, dhcpcd says on the console that it waits for the carrier"
	qmp run set_link '{"name": "nic0", "up": true}' >/dev/null
	guest_type plug
}
RUN_START=cable_out
RUN_HOOKS=("net-step: plug" hook_plug)
run_guest 900 "" -S -kernel "$kernel" -initrd initrd.zst \
	-append "console=ttyS0 $TEST_OPTIONS nexus.net=dhcp" \
	-virtfs "$(suite_share "$TESTS_DIR/suites/net")" \
	-virtfs "local,path=$T/data,mount_tag=data,security_model=none,readonly=on" \
	-qmp "unix:$T/qmp.sock,server=on,wait=off" \
	-netdev user,id=net0 -device virtio-net-pci,netdev=net0,id=nic0
collect_tap net
grep -q '^query repo.test 1$' "$T/dns.log"
ok $? "the guest's lookup of repo.test reached the host's name server through QEMU" ||
	sed 's/^/#   /' "$T/dns.log"
grep -q '"GET /nip-build-' "$T/good.log"
ok $? "the HTTPS server sent the package the guest installed"
done_testing
