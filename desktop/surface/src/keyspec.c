/* Key combinations: "Mod+Mod+Key" to modifier bits and a keysym. */
#include "keyspec.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const struct {
	const char *name;
	uint32_t bit;
} modifier_names[] = {
	{ "Super", KEYSPEC_LOGO }, { "Logo", KEYSPEC_LOGO },
	{ "Mod4", KEYSPEC_LOGO }, { "Shift", KEYSPEC_SHIFT },
	{ "Ctrl", KEYSPEC_CTRL }, { "Control", KEYSPEC_CTRL },
	{ "Alt", KEYSPEC_ALT }, { "Mod1", KEYSPEC_ALT },
};

static int modifier_bit(const char *name, size_t len, uint32_t *bit)
{
	for (size_t i = 0; i < sizeof modifier_names / sizeof *modifier_names;
	     i++) {
		const char *m = modifier_names[i].name;

		if (strlen(m) == len && strncasecmp(m, name, len) == 0) {
			*bit = modifier_names[i].bit;
			return 0;
		}
	}
	return -1;
}

static xkb_keysym_t key_from_name(const char *name)
{
	xkb_keysym_t sym = xkb_keysym_from_name(name, XKB_KEYSYM_NO_FLAGS);

	if (sym == XKB_KEY_NoSymbol)
		sym = xkb_keysym_from_name(name, XKB_KEYSYM_CASE_INSENSITIVE);
	return sym == XKB_KEY_NoSymbol ? sym : xkb_keysym_to_lower(sym);
}

int keyspec_parse(const char *text, struct keyspec *spec, char *why,
		  size_t why_size)
{
	const char *part = text;
	const char *plus;

	spec->modifiers = 0;
	/* A '+' that ends the text is the key itself ("Super++" is odd). */
	while ((plus = strchr(part, '+')) != NULL && plus[1] != '\0') {
		uint32_t bit;
		size_t len = (size_t)(plus - part);

		if (modifier_bit(part, len, &bit) < 0) {
			snprintf(why, why_size, "unknown modifier \"%.*s\" in %s",
				 (int)len, part, text);
			return -1;
		}
		spec->modifiers |= bit;
		part = plus + 1;
	}
	if (*part == '\0' || (part[1] != '\0' && strchr(part, '+'))) {
		snprintf(why, why_size, "no key in \"%s\"", text);
		return -1;
	}
	spec->keysym = key_from_name(strcmp(part, "+") == 0 ? "plus" : part);
	if (spec->keysym == XKB_KEY_NoSymbol) {
		snprintf(why, why_size, "unknown key \"%s\" in %s", part, text);
		return -1;
	}
	return 0;
}

int keyspec_equal(const struct keyspec *a, const struct keyspec *b)
{
	return a->modifiers == b->modifiers && a->keysym == b->keysym;
}
