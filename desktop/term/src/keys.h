/*
 * What a key press means to nexus-term: one of its own bindings, a key
 * libvterm encodes (arrows, function keys...), or a character. No
 * Wayland here: the input is an xkb keysym, the character xkb made of
 * it, and the modifiers held.
 */
#ifndef TERM_KEYS_H
#define TERM_KEYS_H

#include <stdint.h>
#include <vterm_keycodes.h>

enum key_action {
	ACT_IGNORE,
	ACT_VTERM_KEY,	/* .key with .mods */
	ACT_CHAR,	/* .ch with .mods */
	ACT_COPY,	/* Ctrl+Shift+C */
	ACT_PASTE,	/* Ctrl+Shift+V */
	ACT_PAGE_UP,	/* Shift+PageUp: the scrollback */
	ACT_PAGE_DOWN,
};

struct key_result {
	enum key_action action;
	VTermKey key;
	uint32_t ch;
	VTermModifier mods;
};

/*
 * KEYSYM as pressed with MODS (VTERM_MOD_* bits); UTF32 is the
 * character xkb gives for it with those modifiers (0: none).
 */
struct key_result keys_translate(uint32_t keysym, uint32_t utf32,
				 VTermModifier mods);

#endif /* TERM_KEYS_H */
