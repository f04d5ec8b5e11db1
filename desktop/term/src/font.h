/*
 * Glyphs from a monospace TTF through FreeType, rendered once and kept:
 * a terminal draws the same hundred characters over and over.
 */
#ifndef TERM_FONT_H
#define TERM_FONT_H

#include <stddef.h>
#include <stdint.h>

struct glyph {
	uint32_t key;		/* code point, bit 31 for bold */
	int used;
	int left, top;		/* from the pen on the baseline */
	int width, height;
	uint8_t *alpha;		/* width * height coverage bytes */
};

struct font {
	void *library;		/* FT_Library */
	void *regular, *bold;	/* FT_Face; bold NULL: made from regular */
	int cell_width, cell_height, baseline;
	struct glyph *cache;
	size_t cache_size, cache_used;
	unsigned long hits, misses;
};

/*
 * REGULAR at PX pixels, and BOLD if it is there (NULL or a missing
 * file: bold is drawn by emboldening). Returns 0, or -1 with the reason
 * naming the file in ERR.
 */
int font_open(struct font *font, const char *regular, const char *bold,
	      int px, char *err, size_t err_size);

/* The glyph of CH, from the cache when it has been drawn before. */
const struct glyph *font_glyph(struct font *font, uint32_t ch, int bold);

void font_close(struct font *font);

#endif /* TERM_FONT_H */
