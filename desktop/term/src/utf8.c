/*
 * An invalid byte becomes U+FFFD (three bytes), so a filtered paste can
 * be up to three times as long as what came in: callers size OUT so.
 */
#include "utf8.h"

size_t utf8_encode(uint32_t cp, char out[4])
{
	if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		cp = UTF8_REPLACEMENT;
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

size_t utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	static const uint32_t least[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t need;
	uint32_t value;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] >= 0xc2 && u[0] <= 0xdf) {
		need = 2;
		value = u[0] & 0x1f;
	} else if (u[0] >= 0xe0 && u[0] <= 0xef) {
		need = 3;
		value = u[0] & 0x0f;
	} else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
		need = 4;
		value = u[0] & 0x07;
	} else {
		*cp = UTF8_REPLACEMENT;
		return 1;
	}
	if (len < need)
		goto invalid;
	for (size_t i = 1; i < need; i++) {
		if ((u[i] & 0xc0) != 0x80)
			goto invalid;
		value = value << 6 | (u[i] & 0x3f);
	}
	if (value < least[need] || value > 0x10ffff ||
	    (value >= 0xd800 && value <= 0xdfff))
		goto invalid;
	*cp = value;
	return need;
invalid:
	*cp = UTF8_REPLACEMENT;
	return 1;
}

size_t utf8_paste_filter(const char *in, size_t len, char *out)
{
	size_t at = 0, written = 0;
	uint32_t previous = 0;

	while (at < len) {
		uint32_t cp;

		at += utf8_decode(in + at, len - at, &cp);
		if (cp == '\n' && previous == '\r') {
			previous = cp;
			continue;	/* CRLF is one line end */
		}
		previous = cp;
		if (cp == '\n')
			cp = '\r';
		/* C0 but tab and CR, DEL, C1 (which holds CSI and ST). */
		if ((cp < 0x20 && cp != '\t' && cp != '\r') ||
		    (cp >= 0x7f && cp < 0xa0))
			continue;
		written += utf8_encode(cp, out + written);
	}
	return written;
}
