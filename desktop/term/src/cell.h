/*
 * One character cell as nexus-term draws it: colours already resolved
 * to 0xRRGGBB (indexed, true colour and reverse video all end up here),
 * so the scrollback, the selection and the renderer need no libvterm.
 */
#ifndef TERM_CELL_H
#define TERM_CELL_H

#include <stdint.h>

enum cell_flag {
	CELL_BOLD = 1 << 0,
	CELL_UNDERLINE = 1 << 1,
	CELL_WIDE = 1 << 2,		/* a glyph two cells wide starts here */
	CELL_CONTINUATION = 1 << 3,	/* the right half of a wide glyph */
};

struct cell {
	uint32_t ch;		/* a code point; 0 for an empty cell */
	uint32_t fg, bg;
	uint8_t flags;
};

#endif /* TERM_CELL_H */
