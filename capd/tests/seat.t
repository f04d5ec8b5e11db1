#!/usr/bin/env bash
# capd's seat protocol on the host (capd -T: no VT, its own user may
# hold the seat): one session at a time, devices that are not seat
# devices refused, the seat free again when the session dies, a client
# that sends garbage disconnected while capd goes on.
. "$(dirname "$0")/../../tests/tap.sh"
CAPD_O=${CAPD_O:-$(cd "$TESTS_DIR/../.." && pwd)/build/capd-san}
for p in capd seat-probe; do
	[ -x "$CAPD_O/$p" ] || { echo "Bail out! $CAPD_O/$p is missing: run make check-host"; exit 1; }
done
export CAPD_SEAT_SOCKET=$T/run/seat

# until_line SECONDS FILE PATTERN: wait for a line capd or a probe prints.
until_line() {
	local end=$((SECONDS + $1))
	until grep -Eq -- "$3" "$2"; do
		[ "$SECONDS" -ge "$end" ] && return 1
		sleep 0.05
	done
}

"$CAPD_O/capd" -T -s "$CAPD_SEAT_SOCKET" 2>capd.log &
capd=$!
trap 'kill $capd 2>/dev/null; rm -rf "$T"' EXIT
until_line 20 capd.log 'serving seat0'
ok $? "capd serves seat0"

"$CAPD_O/seat-probe" /dev/null >one.out 2>&1
ok $? "a session opens the seat and closes it"
is "$(head -1 one.out)" "seat seat0 enabled" "  ...enabled at once"
is "$(sed -n 2p one.out)" "refused /dev/null: Operation not permitted" \
	"  ...a device that is neither DRM nor evdev is refused"
"$CAPD_O/seat-probe" /dev/tty >tty.out 2>&1
is "$(sed -n 2p tty.out)" "refused /dev/tty: Operation not permitted" \
	"  ...so is a tty, before capd ever opens it"

mkfifo held
"$CAPD_O/seat-probe" -k >held 2>&1 &
holder=$!
read -r line <held
read -r line2 <held
is "$line / $line2" "seat seat0 enabled / holding $holder" "a second session holds the seat"
"$CAPD_O/seat-probe" >busy.out 2>busy.err
is "$(cat busy.out)" "no seat: Device or resource busy" "  ...and another gets EBUSY"
is "$(cat busy.err)" "libseat: capd refused the seat: Device or resource busy" \
	"  ...which libseat says on stderr"
kill "$holder"
wait "$holder" 2>/dev/null
until_line 20 capd.log "session of pid $holder ended: 0 device"
ok $? "killing it ends the session in capd"
"$CAPD_O/seat-probe" >after.out 2>&1
ok $? "  ...and the seat is free again"

python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
s.connect(sys.argv[1])
s.send(b"\x01")
print(s.recv(100))
' "$CAPD_SEAT_SOCKET" >garbage.out 2>&1
is "$(cat garbage.out)" "b''" "a malformed message gets the connection closed"
until_line 20 capd.log 'sent a malformed message: disconnected'
ok $? "  ...with a line in capd's log"
python3 -c '
import socket, struct, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
s.connect(sys.argv[1])
s.send(struct.pack("=HHi", 64, 0, 0))
print(s.recv(100))
' "$CAPD_SEAT_SOCKET" >reply.out 2>&1
is "$(cat reply.out)" "b''" "a reply sent to capd gets the connection closed"
"$CAPD_O/seat-probe" >still.out 2>&1
ok $? "capd goes on serving"
kill -TERM $capd
wait $capd
ok $? "capd stops cleanly on SIGTERM"
[ ! -e "$CAPD_SEAT_SOCKET" ]
ok $? "  ...and removes its socket"
done_testing
