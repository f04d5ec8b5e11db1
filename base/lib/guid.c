/* GUID text and the mixed-endian bytes UEFI and GPT keep on disk. */
#include "guid.h"

#include <stdio.h>
#include <string.h>

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Text order of the 16 bytes: the first three fields are little-endian. */
static const int guid_order[16] = {3, 2, 1,  0,	 5,  4,	 7,  6,
				   8, 9, 10, 11, 12, 13, 14, 15};

int guid_parse(const char *text, uint8_t out[16])
{
	int i = 0;

	if (strlen(text) != 36)
		return -1;
	for (const char *p = text; *p; p++) {
		int pos = (int)(p - text), hi, lo;

		if (pos == 8 || pos == 13 || pos == 18 || pos == 23) {
			if (*p != '-')
				return -1;
			continue;
		}
		hi = hexval(p[0]);
		lo = hexval(p[1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[guid_order[i++]] = (uint8_t)(hi << 4 | lo);
		p++;
	}
	return 0;
}

void guid_format(const uint8_t g[16], char out[37])
{
	char *p = out;

	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*p++ = '-';
		p += sprintf(p, "%02x", g[guid_order[i]]);
	}
}
