#!/bin/bash
# surface's input, end to end on this host: a headless surface reads a
# fake keyboard and mouse (FIFOs standing for /dev/input nodes, with a
# fake sysfs, through SURFACE_INPUT_ROOT) and surface-probe reports
# what reaches it. Keys, bindings, click to focus, Super+drag, tiling,
# close, the next keyboard layout, the clipboard, exit.
# shellcheck source=../../../tests/tap.sh
. "$(dirname "$0")/../../../tests/tap.sh"
SURFACE=${SURFACE:?the surface program to test}
PROBE=${SURFACE_PROBE:?the surface-probe program}

command -v grim >/dev/null ||
	{ echo "Bail out! grim is missing: run make check-host"; exit 1; }
export XDG_RUNTIME_DIR=$T WLR_BACKENDS=headless WLR_RENDERER=pixman
export WAYLAND_DISPLAY=wayland-0 SURFACE_INPUT_ROOT=$T/input
unset DISPLAY

# device SYSNAME NAME EV KEY REL: sysfs's capabilities and a FIFO node
device() {
	local d=$SURFACE_INPUT_ROOT/sys/$1/device
	mkdir -p "$d/capabilities" "$d/id" "$SURFACE_INPUT_ROOT/dev"
	echo "$2" >"$d/name"
	echo "$3" >"$d/capabilities/ev"
	echo "$4" >"$d/capabilities/key"
	echo "$5" >"$d/capabilities/rel"
	echo 0 >"$d/capabilities/abs"
	echo 0001 >"$d/id/vendor"
	echo 0001 >"$d/id/product"
	mkfifo "$SURFACE_INPUT_ROOT/dev/$1"
}
device event0 "Fake Keyboard" 3 "ffffffffffffffff fffffffffffffffe" 0
device event1 "Fake Mouse" 7 "70000 0 0 0 0" 103
exec 3<>"$SURFACE_INPUT_ROOT/dev/event0" 4<>"$SURFACE_INPUT_ROOT/dev/event1"

# ev FD TYPE CODE VALUE...: struct input_event (time 0) then SYN_REPORT
ev() {
	local fd=$1
	shift
	perl -e 'print pack("q q S S l", 0, 0, @ARGV), pack("q q S S l", 0, 0, 0, 0, 0)' \
		"$@" >&"$fd"
}
KEY=1 REL=2
K_META=125 K_SHIFT=42 K_RETURN=28 K_A=30 K_Y=21 K_Q=16 K_T=20 K_SPACE=57
K_E=18 K_RIGHT=106 K_DOWN=108 BTN_LEFT=272 BTN_RIGHT=273
press() { ev 3 $KEY "$1" 1; }
release() { ev 3 $KEY "$1" 0; }
tap() { press "$1"; release "$1"; }

pixel() {	# pixel X Y: its colour as rrggbb
	grim -t ppm -g "$1,$2 1x1" - | tail -c 3 | od -An -tx1 | tr -d ' \n'
}
wait_pixel() {	# wait_pixel X Y RRGGBB
	for _ in $(seq 50); do
		[ "$(pixel "$1" "$2")" = "$3" ] && return 0
		sleep 0.1
	done
	return 1
}
wait_line() {	# wait_line FILE LINE
	for _ in $(seq 50); do
		grep -qx -- "$2" "$1" && return 0
		sleep 0.1
	done
	return 1
}

cat >test.conf <<CONF
output * mode 640x480
keyboard layout us,de
keyboard repeat 30 250
border width 3
bind Super+Return exec touch $T/ran
bind Super+q close
bind Super+Right move right 30
bind Super+Shift+Down resize down 40
bind Super+t tile
bind Super+space layout next
bind Super+Shift+e exit
CONF
"$SURFACE" -c test.conf 2>surface.err &
surface=$!
a='' b='' c='' d=''
trap 'kill $surface $a $b $c $d 2>/dev/null; rm -rf "$T"' EXIT
for _ in $(seq 50); do
	[ -S "$T/wayland-0" ] && break
	sleep 0.1
done

"$PROBE" --color ff0000 --size 200x100 >a.out &
a=$!
wait_line a.out "focus in"
ok $? "the window gets the keyboard when it maps"
grep -qx "repeat 30 250" a.out
ok $? "and the repeat rate and delay from the configuration"
wait_pixel 320 240 ff0000
tap $K_A
wait_line a.out "key a a"
ok $? "a key pressed on the fake keyboard reaches it"

press $K_META
tap $K_RETURN
release $K_META
for _ in $(seq 50); do [ -e ran ] && break; sleep 0.1; done
[ -e ran ]
ok $? "Super+Return ran its command"
! grep -q "^key Return" a.out
ok $? "and the window did not get the Return"

# The pointer starts in the middle of the output, 320,240, over the
# window at 220,190: it entered the window when that mapped.
wait_line a.out "enter 100 50"
ok $? "the pointer is over the window where it is"
ev 4 $REL 0 10
ev 4 $REL 1 -20
ev 4 $KEY $BTN_LEFT 1
ev 4 $KEY $BTN_LEFT 0
wait_line a.out "button 272 released"
ok $? "a click reaches it"

press $K_META
ev 4 $KEY $BTN_LEFT 1
ev 4 $REL 0 50
ev 4 $KEY $BTN_LEFT 0
release $K_META
wait_pixel 460 220 ff0000
ok $? "Super+left-drag moved the window 50 pixels right"
is "$(pixel 225 220)" 000000 "from where it was"
! grep -q "button 272 pressed" <(sed -n '/^button 272 released/,$p' a.out | tail -n +2)
ok $? "the dragging click did not reach the window"

press $K_META
tap $K_RIGHT
release $K_META
wait_pixel 490 220 ff0000
ok $? "Super+Right moved it 30 pixels more"
press $K_META
press $K_SHIFT
tap $K_DOWN
release $K_SHIFT
release $K_META
wait_line a.out "configure 200 140"
ok $? "Super+Shift+Down asks it to grow 40 pixels"
wait_pixel 380 320 ff0000
ok $? "and it did"

press $K_META
ev 4 $KEY $BTN_RIGHT 1
ev 4 $REL 0 30
ev 4 $REL 1 20
ev 4 $KEY $BTN_RIGHT 0
release $K_META
wait_line a.out "configure 230 160"
ok $? "Super+right-drag resizes it by the pointer's travel"

"$PROBE" --color 00ff00 --size 200x100 >b.out &
b=$!
wait_line b.out "focus in"
ok $? "a second window takes the keyboard"
wait_line a.out "focus out"
ok $? "from the first"
press $K_META
tap $K_T
release $K_META
# Tiled: the newest (focused first) is the master, left 55%.
wait_pixel 100 240 00ff00
ok $? "tiling: the master on the left"
wait_pixel 500 240 ff0000
ok $? "tiling: the stack on the right"
grep -q "^configure 346 474$" b.out
ok $? "the master asked to fill its box, border inside"

press $K_META
tap $K_Q
release $K_META
wait_line b.out "close"
ok $? "Super+q asks the focused window to close"
wait "$b"
b=''
wait_pixel 100 240 ff0000
ok $? "the one left takes the whole output"

press $K_META
tap $K_SPACE
release $K_META
tap $K_Y
wait_line a.out "key z z"
ok $? "Super+space switched to de, where that key is z"

# The clipboard: one client copies when it gets the keyboard, the next
# one to get it is offered the text and reads it from the first.
"$PROBE" --color 0000ff --copy "hello there" >copy.out &
c=$!
wait_line copy.out "focus in"
"$PROBE" --color ffff00 --paste >paste.out &
d=$!
wait_line paste.out "paste hello there"
ok $? "text copied in one window is pasted in another"
grep -qx copy-sent copy.out
ok $? "sent by the window that copied it"
kill $c $d
wait $c $d 2>/dev/null
c='' d=''

press $K_META
press $K_SHIFT
tap $K_E
for _ in $(seq 50); do kill -0 $surface 2>/dev/null || break; sleep 0.1; done
wait $surface
is "$?" 0 "Super+Shift+e exits"
grep -E 'AddressSanitizer|runtime error' surface.err | sed 's/^/#   /'
done_testing
