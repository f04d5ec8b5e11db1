#!/usr/bin/env bash
# Crash safety: kill nip at 100+ exact moments of a large install and of a
# large upgrade (NIP_FAULT_AFTER), plus real kill -9 runs. After each, the
# next run recovers, nip check is clean, and the root is in the old or the
# new state, never a mix.
# Process death, not power loss, is what is simulated: tmpfs keeps the
# hundreds of syncfs calls cheap.
[ -d /dev/shm ] && [ -w /dev/shm ] && export TMPDIR=${TMPDIR:-/dev/shm}
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1700000000	# history records carry no wall clock

setup_repo
mkdir -p s0/etc && echo base >s0/etc/base.conf
pkg base 1.0 s0
names=()
for p in $(seq -w 1 24); do
	for v in 1 2; do
		d=v$v/p$p
		mkdir -p "$d/usr/bin" "$d/usr/share/p$p/v$v" "$d/etc"
		for i in $(seq 1 12); do
			# v2 changes half the files and moves the rest.
			if [ $v = 2 ] && [ $((i % 2)) = 0 ]; then
				echo "p$p file $i changed" >"$d/usr/share/p$p/v$v/f$i"
			else
				echo "p$p file $i" >"$d/usr/share/p$p/v$v/f$i"
			fi
		done
		echo "p$p v$v" >"$d/usr/bin/p$p"
		echo "p$p setting" >"$d/etc/p$p.conf"
	done
	names+=("p$p")
done
for p in "${names[@]}"; do pkg "$p" 1.0 "v1/$p" "depends: [base]"; done
"$NIP" -q index -k k.key repo
cp -a repo repo-v1
export REPO=$T/repo-v1

# State without times: what a user could observe.
state() { root_state "$1" | grep -v ' ./var/lib/nip/lock '; }

cp -a root empty && nipr -q install base && cp -a root before-install
nipr -q install "${names[@]}" || exit 1
state root >new-install
cp -a root before-upgrade
rm -r root
unset REPO
for p in "${names[@]}"; do pkg "$p" 2.0 "v2/$p" "depends: [base]"; done
"$NIP" -q index -k k.key repo
cp -a before-upgrade root && nipr -q upgrade && state root >new-upgrade
state before-install >old-install
state before-upgrade >old-upgrade
rm -r root

# crash_run KIND TEMPLATE N CMD...: crash after N changes, recover, classify
crash_run() {
	local kind=$1 template=$2 n=$3
	shift 3
	rm -rf root && cp -a "$template" root
	NIP_FAULT_AFTER=$n nipr -q "$@" >/dev/null 2>&1
	local rc=$?
	nipr -q check >check.out 2>check.err
	local check=$?
	state root >now
	if [ $rc -ne 137 ] && [ $rc -ne 0 ]; then
		echo "# $kind at $n: nip exited $rc"
		return 1
	fi
	if [ $check -ne 0 ]; then
		echo "# $kind at $n: check exited $check"
		sed 's/^/#   /' check.out check.err | head -5
		return 1
	fi
	if cmp -s now "old-$kind"; then
		echo old >>"outcomes-$kind"
	elif cmp -s now "new-$kind"; then
		echo new >>"outcomes-$kind"
	else
		echo "# $kind at $n: root is neither the old nor the new state"
		diff "old-$kind" now | head -5 | sed 's/^/#   /'
		return 1
	fi
}

crash_series() {	# KIND TEMPLATE CMD...
	local kind=$1 template=$2 total failures=0 points=0
	shift 2
	rm -rf root && cp -a "$template" root
	total=$(NIP_FAULT_REPORT=1 nipr -q "$@" 2>&1 >/dev/null |
		sed -n 's/^nip: \([0-9]*\) filesystem changes$/\1/p')
	: >"outcomes-$kind"
	# 110 points spread over the run, always including its first and last.
	for k in $(seq 0 109); do
		n=$((k * total / 109))
		points=$((points + 1))
		crash_run "$kind" "$template" "$n" "$@" || failures=$((failures + 1))
	done
	is "$failures" 0 "$kind: $points crashes over $total filesystem changes recover to old or new"
	grep -q old "outcomes-$kind" && grep -q new "outcomes-$kind"
	ok $? "$kind: both outcomes occur ($(grep -c old "outcomes-$kind") old, $(grep -c new "outcomes-$kind") new)"
}

REPO=$T/repo-v1 crash_series install before-install install "${names[@]}"
crash_series upgrade before-upgrade upgrade

# Real kill -9 at moments chosen by what is on disk, not by timers.
kill_when() {	# KIND TEMPLATE FIND-EXPR... -- CMD...
	local kind=$1 template=$2 expr=()
	shift 2
	while [ "$1" != -- ]; do expr+=("$1"); shift; done
	shift
	rm -rf root && cp -a "$template" root
	# The binary itself, not the nipr function: $! must be nip's pid.
	"$NIP" --root "$T/root" --repo "${REPO:-$T/repo}" -q "$@" >/dev/null 2>&1 &
	local pid=$! seen=
	while kill -0 $pid 2>/dev/null; do
		if [ -n "$(find root "${expr[@]}" -print -quit 2>/dev/null)" ]; then
			kill -9 $pid 2>/dev/null && seen=1
			break
		fi
	done
	wait $pid 2>/dev/null
	nipr -q check >/dev/null 2>&1
	local check=$?
	state root >now
	if [ $check -eq 0 ] && { cmp -s now "old-$kind" || cmp -s now "new-$kind"; }; then
		ok 0 "kill -9 during $kind (${expr[*]}${seen:+, caught}): recovered"
	else
		ok 1 "kill -9 during $kind (${expr[*]}): not recovered"
	fi
}
export REPO=$T/repo-v1
kill_when install before-install -name journal -- install "${names[@]}"
kill_when install before-install -name '.nip-*' -- install "${names[@]}"
kill_when install before-install -path '*/p12/*' -- install "${names[@]}"
unset REPO
kill_when upgrade before-upgrade -name journal -- upgrade
kill_when upgrade before-upgrade -path '*/v2/*' -- upgrade
kill_when upgrade before-upgrade -name '.nip-*' -newer before-upgrade -- upgrade
done_testing
