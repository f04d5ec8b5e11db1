/*
 * Key combinations as bindings name them ("Super+Shift+e"): modifier
 * bits and one keysym, compared without case so that Shift+e and the
 * E it produces are the same binding.
 */
#ifndef SURFACE_KEYSPEC_H
#define SURFACE_KEYSPEC_H

#include <stddef.h>
#include <stdint.h>
#include <xkbcommon/xkbcommon.h>

/* The same bits as wlroots' enum wlr_keyboard_modifier (bindings.c checks). */
enum keyspec_modifier {
	KEYSPEC_SHIFT = 1 << 0,
	KEYSPEC_CTRL = 1 << 2,
	KEYSPEC_ALT = 1 << 3,
	KEYSPEC_LOGO = 1 << 6,
};

struct keyspec {
	uint32_t modifiers;
	xkb_keysym_t keysym;	/* lower case */
};

/*
 * Parse TEXT into SPEC. On error returns -1 with what is wrong in WHY
 * (e.g. 'unknown modifier "Hyper"').
 */
int keyspec_parse(const char *text, struct keyspec *spec, char *why,
		  size_t why_size);

int keyspec_equal(const struct keyspec *a, const struct keyspec *b);

#endif
