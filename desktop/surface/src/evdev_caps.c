/* Device kinds from capability bitmaps, as sysfs prints them. */
#include "evdev_caps.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

int evdev_caps_has(const unsigned long *bits, unsigned int bit)
{
	return (bits[bit / EVDEV_LONG_BITS] >> (bit % EVDEV_LONG_BITS)) & 1;
}

int evdev_caps_parse(const char *text, unsigned long *bits, size_t n)
{
	const char *words[64];
	size_t n_words = 0;
	const char *p = text;

	memset(bits, 0, n * sizeof *bits);
	while (*p) {
		while (*p == ' ')
			p++;
		if (*p == '\0' || *p == '\n')
			break;
		if (n_words == sizeof words / sizeof *words)
			return -1;
		words[n_words++] = p;
		while (isxdigit((unsigned char)*p))
			p++;
		if (*p && *p != ' ' && *p != '\n')
			return -1;
	}
	if (n_words == 0)
		return -1;
	/* The last word is the least significant long. */
	for (size_t i = 0; i < n_words; i++) {
		size_t index = n_words - 1 - i;
		unsigned long v = strtoul(words[i], NULL, 16);

		if (index >= n) {
			if (v != 0)
				return -1;	/* bits beyond what we know */
			continue;
		}
		bits[index] = v;
	}
	return 0;
}

/* Any real key: below the buttons or above them (KEY_OK...). */
static int has_keyboard_keys(const struct evdev_caps *caps)
{
	for (unsigned int k = KEY_ESC; k < KEY_CNT; k++) {
		if (k == BTN_MISC)
			k = KEY_OK;
		if (evdev_caps_has(caps->key, k))
			return 1;
	}
	return 0;
}

unsigned int evdev_caps_kind(const struct evdev_caps *caps)
{
	unsigned int kind = 0;
	int buttons = evdev_caps_has(caps->key, BTN_LEFT);

	if (evdev_caps_has(caps->ev, EV_KEY) && has_keyboard_keys(caps))
		kind |= EVDEV_KEYBOARD;
	if (evdev_caps_has(caps->ev, EV_REL) &&
	    evdev_caps_has(caps->rel, REL_X) &&
	    evdev_caps_has(caps->rel, REL_Y) && buttons)
		kind |= EVDEV_POINTER;
	/*
	 * A tablet: ABS_X/ABS_Y with a button or touch. A touchpad (it
	 * reports fingers) would want relative motion: not driven yet.
	 */
	if (evdev_caps_has(caps->ev, EV_ABS) &&
	    evdev_caps_has(caps->abs, ABS_X) &&
	    evdev_caps_has(caps->abs, ABS_Y) &&
	    (buttons || evdev_caps_has(caps->key, BTN_TOUCH)) &&
	    !evdev_caps_has(caps->key, BTN_TOOL_FINGER))
		kind |= EVDEV_TABLET;
	return kind;
}
