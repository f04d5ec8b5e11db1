#!/usr/bin/env bash
# The desktop as a person meets it: the live package set booted in QEMU
# (TCG) with a virtio GPU and QEMU's USB keyboard and tablet. The guest
# runs tests/suites/desktop/run (capd, surface, test windows, the
# terminal); at each of its steps this side looks at the screen
# (QMP screendump) and types and clicks through QEMU's devices
# (input-send-event), so every key goes evdev -> capd's grant -> surface
# -> the client, as a real one would.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/qemu/harness.sh"
QMP="$TESTS_DIR/qemu/qmp.py"
IMG="$TESTS_DIR/qemu/img.py"
need "$REPO_BUILT/NIPINDEX"
kernel=$(kernel_of "$REPO_BUILT") || need "$REPO_BUILT/linux-*.npk"
live_initramfs "$NIP" "$REPO_BUILT" "$(dirname "$KEY")" initrd.zst capd-tests ||
	{ echo "Bail out! the live package set does not install"; exit 1; }
mkdir out
qmp() { "$QMP" "$T/qmp.sock" "$@"; }

# until_screen SECONDS CHECK...: take screen dumps until CHECK (a
# function of the dump's path) passes; the last dump stays in screen.ppm.
until_screen() {
	local end=$((SECONDS + $1))
	shift
	while :; do
		qmp screendump "$T/screen.ppm" && "$@" "$T/screen.ppm" && return 0
		[ "$SECONDS" -ge "$end" ] && return 1
		sleep 0.5
	done
}
# box COLOUR FILE: B=(X0 Y0 X1 Y1 COUNT) where the colour is; false if nowhere.
box() {
	read -ra B < <("$IMG" "$2" box "$1")
	[ "${B[0]}" != none ]
}
has_red_window() {
	box ff0000 "$1" && [ $((B[2] - B[0] + 1)) -eq 200 ] && [ $((B[3] - B[1] + 1)) -eq 150 ]
}
has_green_window() { box 00ff00 "$1"; }
click_on() {	# click_on COLOUR: click the middle of the colour in screen.ppm
	box "$1" "$T/screen.ppm" &&
		qmp click $(((B[0] + B[2]) / 2)) $(((B[1] + B[3]) / 2))
}
# The focused border (surface.conf: 4c7899) around something wider
# than a test window: the terminal has the focus.
term_focused() { box 4c7899 "$1" && [ $((B[2] - B[0])) -gt 300 ]; }

# console_tail: what the guest said last, when a check on the screen fails.
console_tail() {
	tr -d '\r' <"$T/console.log" | tail -40 | sed 's/^/#   /'
	cp "$T/screen.ppm" "${DESKTOP_KEEP:-/dev/null}" 2>/dev/null || true
}

hook_red() {
	local shown=0
	until_screen 120 has_red_window || shown=1
	ok $shown "the red window shows on the screen, 200x150 at ${B[0]},${B[1]:-}"
	[ $shown = 0 ] || console_tail
	box 4c7899 "$T/screen.ppm" && [ $((B[2] - B[0] + 1)) -eq 204 ]
	ok $? "  ...with the focused border drawn by the server around it"
	guest_type red
}
hook_hello() { qmp type hello; guest_type hello; }
hook_layout() { qmp keys meta_l+spc y; guest_type layout; }
hook_layout_back() { qmp keys meta_l+spc y; guest_type layout-back; }
has_blue_window() { box 0000ff "$1"; }
blue_moved() { box 0000ff "$1" && [ "${B[0]}" -eq "$BLUE_X" ] && [ "${B[1]}" -eq "$BLUE_Y" ]; }
# Super is held, and the guest has seen it reach the blue window, before
# the button goes down: QEMU's keyboard and tablet are two USB devices,
# polled apart, so a button sent after a key can arrive before it.
hook_super_down() { qmp down meta_l; guest_type super-down; }
hook_click_red() {
	# The new blue window covers the red one (both centred): move it
	# away with Super+left-drag, then click the red one.
	local moved=1 cx cy
	if until_screen 60 has_blue_window; then
		BLUE_X=$((B[0] + 300)) BLUE_Y=${B[1]}
		cx=$(((B[0] + B[2]) / 2)) cy=$(((B[1] + B[3]) / 2))
		qmp drag "$cx" "$cy" $((cx + 300)) "$cy" left
		until_screen 60 blue_moved && moved=0
	fi
	qmp up meta_l
	ok $moved "Super+left-drag moves a window the pointer's way (300 px)"
	until_screen 60 has_red_window
	click_on ff0000
	guest_type click-red
}
hook_type_r() { qmp type r; guest_type type-r; }
hook_term_open() { qmp keys meta_l+ret; guest_type term-open; }
hook_term_focused() {
	until_screen 120 term_focused
	ok $? "the terminal's window shows, focused"
	guest_type term-focused
}
hook_term_typed() {
	# shellcheck disable=SC2016 # typed as it stands, for the guest's shell
	qmp type 'echo $((6*7)) > /tmp/answer'
	qmp keys ret
	guest_type term-typed
}
hook_term_drawn() {
	qmp screendump "$T/term.ppm"
	# The terminal's text colour (nexus-term's default dddddd) inside
	# its window: the typed command and the prompt, drawn in cells. The
	# block cursor alone is 190 such pixels (10x19); with the prompts and
	# the command's 28 characters (their full-colour pixels) it was 334.
	still term
	box dddddd "$T/term.ppm" && [ "${B[4]}" -gt 250 ]
	ok $? "the screen shows text drawn in the terminal's cells (${B[4]:-0} pixels)"
	guest_type term-drawn
}
# The terminal's window, from its focused border: TERM_BOX=(X0 Y0 X1 Y1).
hook_term_select() {
	box 4c7899 "$T/term.ppm"
	TERM_BOX=("${B[@]:0:4}")
	# Across the first row of cells (16 px type: rows are ~19 px).
	local y=$((TERM_BOX[1] + 11))
	qmp drag $((TERM_BOX[0] + 4)) "$y" $((TERM_BOX[2] - 8)) "$y"
	# The selection drawn is the drag's end seen: only then copy.
	still selected
	qmp keys ctrl+shift+c
	guest_type term-select
}
# The click first, the keys once the guest saw the focus move (two USB
# devices: see hook_super_down).
hook_term_click() {
	qmp click $((TERM_BOX[0] + 20)) $((TERM_BOX[1] + 20))
	guest_type term-click
}
hook_term_paste() {
	qmp keys ctrl+shift+v ret
	guest_type term-paste
}
# still NAME: the screen once it stops changing, in $T/NAME.ppm.
still() { qmp latency "$T/$1.ppm" >/dev/null; }
hook_term_seq() {
	# shellcheck disable=SC2016 # typed as it stands, for the guest's shell
	qmp type 'seq 1 300; : >/tmp/seq-done'
	qmp keys ret
	guest_type term-seq
}
hook_term_scroll() {
	still bottom
	qmp keys shift+pgup
	still up
	! "$IMG" "$T/bottom.ppm" same "$T/up.ppm" >/dev/null
	ok $? "Shift+PageUp shows the terminal's scrollback"
	qmp keys shift+pgdn
	still back
	"$IMG" "$T/bottom.ppm" same "$T/back.ppm" >/dev/null
	ok $? "  ...and Shift+PageDown comes back to the same screen"
	guest_type term-scroll
}
# Tiling: three windows, the focused terminal the master, 55% of the
# width (surface's ratio), its border box 563x768 from the top-left.
term_tiled() {
	box 4c7899 "$1" && [ "${B[0]}" -eq 0 ] && [ "${B[1]}" -eq 0 ] &&
		[ $((B[2] + 1)) -eq 563 ] && [ $((B[3] + 1)) -eq 768 ]
}
hook_tile() {
	local tiled=0
	qmp keys meta_l+t
	until_screen 60 term_tiled || tiled=1
	ok $tiled "Super+t tiles: the terminal, focused, takes the master's 563x768 (${B[*]:0:4})"
	qmp keys meta_l+t
	still untiled
	guest_type tile
}
hook_shot() {
	qmp screendump "$T/shot-screen.ppm"
	"$IMG" out/shot.png same "$T/shot-screen.ppm"
	ok $? "the screenshot (PNG) holds the pixels of QEMU's screen dump"
	guest_type shot
}
hook_green() {
	until_screen 60 has_green_window
	ok $? "the desktop goes on after the bad client: a new window shows"
	click_on 00ff00
	guest_type green
}
hook_unplug() {
	qmp run device_del '{"id": "kbd"}' >/dev/null
	guest_type unplug
}
hook_plug() {
	qmp run device_add '{"driver": "usb-kbd", "id": "kbd2", "bus": "xhci.0"}' >/dev/null
	guest_type plug
}
hook_type_k() { qmp type k; guest_type type-k; }
no_green_window() { ! box 00ff00 "$1"; }
hook_vt_away() {
	qmp keys ctrl+alt+f2
	until_screen 60 no_green_window
	ok $? "the screen leaves the desktop for tty2"
	guest_type vt-away
}
hook_vt_back() {
	# tty2 is the kernel's own: its keymap switches back.
	local shown=0
	qmp keys ctrl+alt+f1
	until_screen 120 has_green_window || shown=1
	ok $shown "back on tty1, surface draws the desktop again"
	[ $shown = 0 ] || console_tail
	guest_type vt-back
}
hook_type_v() { qmp type v; guest_type type-v; }
# Logging in on tty1 and starting the desktop, as a person does: every
# key through QEMU's keyboard, onto the VT's login prompt and shell.
hook_login_name() { qmp type $'admin\n'; guest_type login-name; }
hook_password() { qmp type $'open sesame\n'; guest_type password; }
hook_surface_typed() { qmp type $'surface\n'; guest_type surface-typed; }
# The system's surface.conf colours most of an empty desktop 2b3a4a.
has_desktop() { box 2b3a4a "$1" && [ "${B[4]}" -gt 500000 ]; }
hook_user_desktop() {
	until_screen 120 has_desktop
	ok $? "the screen shows admin's desktop, in the system's colours (${B[4]:-0} px)"
	qmp keys meta_l+ret
	guest_type user-desktop
}
hook_user_term() {
	local shown=0
	until_screen 120 term_focused || shown=1
	ok $shown "Super+Return opens a terminal on admin's desktop"
	# shellcheck disable=SC2016 # typed as it stands, for the guest's shell
	qmp type 'echo $((6*7)) > ~/answer'
	qmp keys ret
	guest_type user-term
}
hook_user_exit() { qmp keys meta_l+shift+e; guest_type user-exit; }
hook_doas() { qmp type $'doas id -u > /tmp/doas-id\n'; guest_type doas; }
hook_doas_password() { qmp type $'open sesame\n'; guest_type doas-password; }
hook_doas_wrong() {
	qmp type $'doas -L; doas touch /tmp/doas-ran || touch /tmp/doas-refused\n'
	guest_type doas-wrong
}
hook_doas_wrong_password() { qmp type $'not the password\n'; guest_type doas-wrong-password; }
hook_user_logout() {
	qmp type $'mkdir -p ~/.config/surface && touch ~/.config/surface/start-at-login && exit\n'
	guest_type user-logout
}
hook_login_again() { qmp type $'admin\n'; guest_type login-again; }
hook_password_again() { qmp type $'open sesame\n'; guest_type password-again; }
hook_auto_desktop() {
	until_screen 120 has_desktop
	ok $? "  ...and the screen shows the desktop"
	guest_type auto-desktop
}
RUN_HOOKS=("desktop-step: red" hook_red "desktop-step: hello" hook_hello
	"desktop-step: layout" hook_layout "desktop-step: layout-back" hook_layout_back
	"desktop-step: super-down" hook_super_down "desktop-step: click-red" hook_click_red
	"desktop-step: type-r" hook_type_r "desktop-step: term-open" hook_term_open
	"desktop-step: term-focused" hook_term_focused "desktop-step: term-typed" hook_term_typed
	"desktop-step: term-drawn" hook_term_drawn
	"desktop-step: term-select" hook_term_select "desktop-step: term-click" hook_term_click
	"desktop-step: term-paste" hook_term_paste
	"desktop-step: term-seq" hook_term_seq "desktop-step: term-scroll" hook_term_scroll
	"desktop-step: tile" hook_tile "desktop-step: shot" hook_shot
	"desktop-step: green" hook_green "desktop-step: unplug" hook_unplug
	"desktop-step: plug" hook_plug "desktop-step: type-k" hook_type_k
	"desktop-step: vt-away" hook_vt_away "desktop-step: vt-back" hook_vt_back
	"desktop-step: type-v" hook_type_v
	"desktop-step: login-name" hook_login_name "desktop-step: password" hook_password
	"desktop-step: surface-typed" hook_surface_typed
	"desktop-step: user-desktop" hook_user_desktop "desktop-step: user-term" hook_user_term
	"desktop-step: user-exit" hook_user_exit "desktop-step: doas" hook_doas "desktop-step: doas-password" hook_doas_password
	"desktop-step: doas-wrong" hook_doas_wrong
	"desktop-step: doas-wrong-password" hook_doas_wrong_password
	"desktop-step: user-logout" hook_user_logout
	"desktop-step: login-again" hook_login_again
	"desktop-step: password-again" hook_password_again
	"desktop-step: auto-desktop" hook_auto_desktop)
run_guest 1500 "" -kernel "$kernel" -initrd initrd.zst \
	-append "console=ttyS0 $TEST_OPTIONS nexus.login=tty1" \
	-virtfs "$(suite_share "$TESTS_DIR/suites/desktop")" \
	-virtfs "local,path=$T/out,mount_tag=out,security_model=none" \
	-qmp "unix:$T/qmp.sock,server=on,wait=off" \
	-vga none -device virtio-gpu-pci -device qemu-xhci,id=xhci \
	-device usb-kbd,id=kbd,bus=xhci.0 -device usb-tablet,bus=xhci.0
collect_tap desktop
if grep -q "seat0 session of pid [0-9]* ended: [1-9][0-9]* device(s) revoked" "$T/console.txt"; then
	ok 0 "capd's log: the killed compositor's session ended, its devices revoked"
else
	ok 1 "capd's log: the killed compositor's session ended, its devices revoked"
	grep 'capd:' "$T/console.txt" | sed 's/^/#   /'
fi
done_testing
