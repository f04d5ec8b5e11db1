#include "keys.h"

#include <stddef.h>
#include <xkbcommon/xkbcommon-keysyms.h>

struct special {
	uint32_t keysym;
	VTermKey key;
};

/* Keys libvterm encodes itself (with the modes the program set). */
static const struct special specials[] = {
	{ XKB_KEY_Return, VTERM_KEY_ENTER },
	{ XKB_KEY_KP_Enter, VTERM_KEY_KP_ENTER },
	{ XKB_KEY_Tab, VTERM_KEY_TAB },
	{ XKB_KEY_ISO_Left_Tab, VTERM_KEY_TAB },
	{ XKB_KEY_BackSpace, VTERM_KEY_BACKSPACE },
	{ XKB_KEY_Escape, VTERM_KEY_ESCAPE },
	{ XKB_KEY_Up, VTERM_KEY_UP },
	{ XKB_KEY_Down, VTERM_KEY_DOWN },
	{ XKB_KEY_Left, VTERM_KEY_LEFT },
	{ XKB_KEY_Right, VTERM_KEY_RIGHT },
	{ XKB_KEY_Insert, VTERM_KEY_INS },
	{ XKB_KEY_Delete, VTERM_KEY_DEL },
	{ XKB_KEY_Home, VTERM_KEY_HOME },
	{ XKB_KEY_End, VTERM_KEY_END },
	{ XKB_KEY_Page_Up, VTERM_KEY_PAGEUP },
	{ XKB_KEY_Page_Down, VTERM_KEY_PAGEDOWN },
	{ XKB_KEY_KP_Up, VTERM_KEY_UP },
	{ XKB_KEY_KP_Down, VTERM_KEY_DOWN },
	{ XKB_KEY_KP_Left, VTERM_KEY_LEFT },
	{ XKB_KEY_KP_Right, VTERM_KEY_RIGHT },
	{ XKB_KEY_KP_Insert, VTERM_KEY_INS },
	{ XKB_KEY_KP_Delete, VTERM_KEY_DEL },
	{ XKB_KEY_KP_Home, VTERM_KEY_HOME },
	{ XKB_KEY_KP_End, VTERM_KEY_END },
	{ XKB_KEY_KP_Page_Up, VTERM_KEY_PAGEUP },
	{ XKB_KEY_KP_Page_Down, VTERM_KEY_PAGEDOWN },
};

static struct key_result result(enum key_action action)
{
	struct key_result r = { .action = action };

	return r;
}

static int is_letter(uint32_t keysym, char lower)
{
	return keysym == (uint32_t)lower || keysym == (uint32_t)lower - 32;
}

struct key_result keys_translate(uint32_t keysym, uint32_t utf32,
				 VTermModifier mods)
{
	const VTermModifier ctrl_shift = VTERM_MOD_CTRL | VTERM_MOD_SHIFT;
	struct key_result r = result(ACT_IGNORE);

	if ((mods & ctrl_shift) == ctrl_shift && is_letter(keysym, 'c'))
		return result(ACT_COPY);
	if ((mods & ctrl_shift) == ctrl_shift && is_letter(keysym, 'v'))
		return result(ACT_PASTE);
	if (mods == VTERM_MOD_SHIFT && keysym == XKB_KEY_Page_Up)
		return result(ACT_PAGE_UP);
	if (mods == VTERM_MOD_SHIFT && keysym == XKB_KEY_Page_Down)
		return result(ACT_PAGE_DOWN);
	r.mods = mods;
	for (size_t i = 0; i < sizeof(specials) / sizeof(*specials); i++)
		if (specials[i].keysym == keysym) {
			r.action = ACT_VTERM_KEY;
			r.key = specials[i].key;
			return r;
		}
	if (keysym >= XKB_KEY_F1 && keysym <= XKB_KEY_F35) {
		r.action = ACT_VTERM_KEY;
		r.key = VTERM_KEY_FUNCTION((int)(keysym - XKB_KEY_F1 + 1));
		return r;
	}
	/*
	 * With Ctrl, xkb already made a control character of a letter;
	 * libvterm wants the letter and the modifier, to encode it as the
	 * program asked (plain C0, or the xterm modifyOtherKeys forms).
	 */
	if ((mods & VTERM_MOD_CTRL) && keysym >= 0x20 && keysym < 0x7f) {
		r.action = ACT_CHAR;
		r.ch = keysym;
		return r;
	}
	if (utf32 >= 0x20 && utf32 != 0x7f) {
		r.action = ACT_CHAR;
		r.ch = utf32;
		return r;
	}
	if (utf32 != 0) {
		/* A control character with no key of its own: as it is. */
		r.action = ACT_CHAR;
		r.ch = utf32;
		r.mods = VTERM_MOD_NONE;
	}
	return r;
}
