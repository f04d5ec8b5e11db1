/* Key presses to actions: bindings, libvterm keys, characters. */
#include "keys.h"
#include "tap.h"

#include <xkbcommon/xkbcommon-keysyms.h>

int main(void)
{
	const VTermModifier cs = VTERM_MOD_CTRL | VTERM_MOD_SHIFT;
	struct key_result r;

	is_int(keys_translate(XKB_KEY_C, 3, cs).action, ACT_COPY,
	       "Ctrl+Shift+C copies");
	is_int(keys_translate(XKB_KEY_V, 22, cs).action, ACT_PASTE,
	       "Ctrl+Shift+V pastes");
	is_int(keys_translate(XKB_KEY_Page_Up, 0, VTERM_MOD_SHIFT).action,
	       ACT_PAGE_UP, "Shift+PageUp scrolls back");
	is_int(keys_translate(XKB_KEY_Page_Down, 0, VTERM_MOD_SHIFT).action,
	       ACT_PAGE_DOWN, "Shift+PageDown scrolls forward");
	r = keys_translate(XKB_KEY_Page_Up, 0, VTERM_MOD_NONE);
	ok(r.action == ACT_VTERM_KEY && r.key == VTERM_KEY_PAGEUP,
	   "PageUp alone goes to the program");
	r = keys_translate(XKB_KEY_c, 3, VTERM_MOD_CTRL);
	ok(r.action == ACT_CHAR && r.ch == 'c' && r.mods == VTERM_MOD_CTRL,
	   "Ctrl+C is the letter with Ctrl, for libvterm to encode");
	r = keys_translate(XKB_KEY_Left, 0, VTERM_MOD_ALT);
	ok(r.action == ACT_VTERM_KEY && r.key == VTERM_KEY_LEFT &&
		   r.mods == VTERM_MOD_ALT,
	   "Alt+Left keeps its modifier");
	r = keys_translate(XKB_KEY_F5, 0, VTERM_MOD_NONE);
	ok(r.action == ACT_VTERM_KEY && r.key == VTERM_KEY_FUNCTION(5), "F5");
	r = keys_translate(XKB_KEY_eacute, 0xe9, VTERM_MOD_NONE);
	ok(r.action == ACT_CHAR && r.ch == 0xe9, "a Latin-1 letter");
	r = keys_translate(XKB_KEY_A, 'A', VTERM_MOD_SHIFT);
	ok(r.action == ACT_CHAR && r.ch == 'A', "Shift+a is A");
	r = keys_translate(XKB_KEY_Return, '\r', VTERM_MOD_NONE);
	ok(r.action == ACT_VTERM_KEY && r.key == VTERM_KEY_ENTER,
	   "Return is libvterm's Enter");
	is_int(keys_translate(XKB_KEY_Shift_L, 0, VTERM_MOD_NONE).action,
	       ACT_IGNORE, "a modifier alone sends nothing");
	return done_testing();
}
