#!/bin/bash
# surface on wlroots's headless backend: a window shows where and in
# the colour it should, with the focused border around it; a client
# that breaks the protocol is cut off and the compositor goes on.
# grim reads the screen through wlr-screencopy.
# shellcheck source=../../../tests/tap.sh
. "$(dirname "$0")/../../../tests/tap.sh"
SURFACE=${SURFACE:?the surface program to test}
PROBE=${SURFACE_PROBE:?the surface-probe program}

command -v grim >/dev/null ||
	{ echo "Bail out! grim is missing: run make check-host"; exit 1; }
export XDG_RUNTIME_DIR=$T WLR_BACKENDS=headless WLR_RENDERER=pixman
export WAYLAND_DISPLAY=surface-test
unset DISPLAY
cat >test.conf <<'CONF'
output * mode 640x480
border width 3
border width wide
border focused 00ff00
background 102030
CONF

# The compositor makes its socket as wayland-N: link the name we want.
"$SURFACE" -c test.conf 2>surface.err &
surface=$!
probe='' bar=''
trap 'kill $surface $probe $bar 2>/dev/null; rm -rf "$T"' EXIT
for _ in $(seq 50); do
	[ -S "$T/wayland-0" ] && break
	sleep 0.1
done
ln -s wayland-0 "$T/$WAYLAND_DISPLAY"
grep -qx 'test.conf:3: border width "wide" is not a number from 0 to 64' \
	surface.err
ok $? "a bad line is reported and the compositor starts all the same"

pixel() {	# pixel X Y: its colour as rrggbb
	grim -t ppm -g "$1,$2 1x1" - | tail -c 3 | od -An -tx1 | tr -d ' \n'
}

"$PROBE" --color ff0000 --size 200x100 >probe.out &
probe=$!
for _ in $(seq 50); do
	[ "$(pixel 300 220)" = ff0000 ] && break
	sleep 0.1
done
# Centred: the window's geometry is 220,190 to 419,289. The pointer is
# drawn from the output's middle, 320,240: look beside it.
is "$(pixel 300 220)" ff0000 "the window's colour inside it"
is "$(pixel 220 190)" ff0000 "its top-left pixel"
is "$(pixel 419 289)" ff0000 "its bottom-right pixel"
is "$(pixel 217 190)" 00ff00 "the focused border, 3 pixels left (the bad line kept 3)"
is "$(pixel 216 190)" 102030 "and beyond it the configured background"
is "$(pixel 420 292)" 00ff00 "the border's bottom-right corner"
grep -qx "decoration server-side" probe.out
ok $? "the client is told the server decorates"

"$PROBE" --bad >bad.out 2>bad.err
is "$?" 3 "a client that breaks the protocol is disconnected"
grep -q "^protocol-error xdg_surface " bad.out
ok $? "with an xdg_surface error"
kill -0 "$surface"
ok $? "the compositor goes on"
is "$(pixel 300 220)" ff0000 "and still shows the first window"

kill "$probe"
wait "$probe" 2>/dev/null
for _ in $(seq 50); do
	[ "$(pixel 300 220)" = 102030 ] && break
	sleep 0.1
done
is "$(pixel 300 220)" 102030 "a window that is gone is gone from the screen"

# A layer-shell bar 30 high across the top keeps windows below it.
"$PROBE" --bar --color 0000ff --size 1x30 >bar.out &
bar=$!
for _ in $(seq 50); do
	[ "$(pixel 600 10)" = 0000ff ] && break
	sleep 0.1
done
is "$(pixel 600 10)" 0000ff "a layer-shell bar across the top"
is "$(head -n 1 bar.out)" "layer-configure 640 30" "stretched to the output"
"$PROBE" --color ff0000 --size 100x470 >tall.out &
probe=$!
for _ in $(seq 50); do
	[ "$(pixel 300 300)" = ff0000 ] && break
	sleep 0.1
done
# The second window placed is cascaded 24 pixels: centred in 640x450
# from y=30, it starts at 294,44; without the bar it would at 294,29.
is "$(pixel 294 44)" ff0000 "a tall window is centred below the bar's zone"
is "$(pixel 294 41)" 00ff00 "its border too"
is "$(pixel 294 40)" 102030 "and nothing above it"
kill "$probe" "$bar"
wait "$probe" "$bar" 2>/dev/null
kill "$surface"
wait "$surface"
is "$?" 0 "the compositor ends cleanly on SIGTERM"
done_testing
