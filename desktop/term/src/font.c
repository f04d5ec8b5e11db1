/*
 * The cache is an open-addressed table keyed by code point and weight;
 * it doubles at half full, and past MAX_CACHE glyphs it starts over
 * rather than grow without bound (a program can print all of Unicode).
 */
#define _POSIX_C_SOURCE 200809L
#include "font.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_SYNTHESIS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FIRST_CACHE 512
#define MAX_CACHE 16384
#define BOLD_BIT (1u << 31)

static int load_face(FT_Library library, const char *path, int px,
		     FT_Face *face, char *err, size_t err_size)
{
	FT_Error e = FT_New_Face(library, path, 0, face);

	if (e) {
		snprintf(err, err_size, "%s: %s", path,
			 access(path, R_OK) != 0 ? "cannot read the file"
						 : "not a font FreeType reads");
		return -1;
	}
	if (FT_Set_Pixel_Sizes(*face, 0, (FT_UInt)px)) {
		snprintf(err, err_size, "%s: no size of %d pixels", path, px);
		FT_Done_Face(*face);
		return -1;
	}
	return 0;
}

/* 26.6 fixed point to whole pixels, rounding up. */
static int ceil_px(FT_Pos value)
{
	return (int)((value + 63) >> 6);
}

static int measure(struct font *font, char *err, size_t err_size)
{
	FT_Face face = font->regular;

	if (FT_Load_Char(face, 'M', FT_LOAD_DEFAULT)) {
		snprintf(err, err_size, "the font has no 'M' to measure");
		return -1;
	}
	font->cell_width = (int)((face->glyph->advance.x + 32) >> 6);
	font->baseline = ceil_px(face->size->metrics.ascender);
	font->cell_height = font->baseline +
			    ceil_px(-face->size->metrics.descender);
	if (font->cell_width <= 0 || font->cell_height <= 0) {
		snprintf(err, err_size, "the font's cells have no size");
		return -1;
	}
	return 0;
}

int font_open(struct font *font, const char *regular, const char *bold,
	      int px, char *err, size_t err_size)
{
	FT_Library library;
	FT_Face face;

	memset(font, 0, sizeof(*font));
	if (FT_Init_FreeType(&library)) {
		snprintf(err, err_size, "FreeType does not start");
		return -1;
	}
	font->library = library;
	if (load_face(library, regular, px, &face, err, err_size) < 0)
		goto fail;
	font->regular = face;
	if (bold && access(bold, R_OK) == 0 &&
	    load_face(library, bold, px, &face, err, err_size) == 0)
		font->bold = face;
	if (measure(font, err, err_size) < 0)
		goto fail;
	font->cache = calloc(FIRST_CACHE, sizeof(*font->cache));
	if (!font->cache) {
		snprintf(err, err_size, "out of memory");
		goto fail;
	}
	font->cache_size = FIRST_CACHE;
	return 0;
fail:
	font_close(font);
	return -1;
}

static struct glyph *slot_for(struct glyph *table, size_t size, uint32_t key)
{
	size_t i = (key * 2654435761u) & (size - 1);

	while (table[i].used && table[i].key != key)
		i = (i + 1) & (size - 1);
	return &table[i];
}

static void drop_all(struct glyph *table, size_t size)
{
	for (size_t i = 0; i < size; i++)
		free(table[i].alpha);
}

/* Doubles the table, or empties it when it would pass MAX_CACHE. */
static void make_room(struct font *font)
{
	size_t size = font->cache_size * 2;
	struct glyph *bigger;

	if (font->cache_used * 2 < font->cache_size)
		return;
	if (size > MAX_CACHE ||
	    !(bigger = calloc(size, sizeof(*bigger)))) {
		drop_all(font->cache, font->cache_size);
		memset(font->cache, 0, font->cache_size * sizeof(*font->cache));
		font->cache_used = 0;
		return;
	}
	for (size_t i = 0; i < font->cache_size; i++)
		if (font->cache[i].used)
			*slot_for(bigger, size, font->cache[i].key) =
				font->cache[i];
	free(font->cache);
	font->cache = bigger;
	font->cache_size = size;
}

static void render(struct font *font, uint32_t ch, int bold, struct glyph *g)
{
	FT_Face face = bold && font->bold ? font->bold : font->regular;
	FT_GlyphSlot slot = face->glyph;
	FT_Bitmap *bitmap = &slot->bitmap;

	if (FT_Load_Char(face, ch, FT_LOAD_DEFAULT | FT_LOAD_TARGET_LIGHT))
		return;
	if (bold && !font->bold)
		FT_GlyphSlot_Embolden(slot);
	if (FT_Render_Glyph(slot, FT_RENDER_MODE_LIGHT) ||
	    bitmap->pixel_mode != FT_PIXEL_MODE_GRAY)
		return;
	g->alpha = malloc((size_t)bitmap->width * bitmap->rows + 1);
	if (!g->alpha)
		return;
	for (unsigned y = 0; y < bitmap->rows; y++)
		memcpy(g->alpha + (size_t)y * bitmap->width,
		       bitmap->buffer + (ptrdiff_t)y * bitmap->pitch,
		       bitmap->width);
	g->width = (int)bitmap->width;
	g->height = (int)bitmap->rows;
	g->left = slot->bitmap_left;
	g->top = slot->bitmap_top;
}

const struct glyph *font_glyph(struct font *font, uint32_t ch, int bold)
{
	uint32_t key = (ch & ~BOLD_BIT) | (bold ? BOLD_BIT : 0);
	struct glyph *g = slot_for(font->cache, font->cache_size, key);

	if (g->used) {
		font->hits++;
		return g;
	}
	font->misses++;
	make_room(font);
	g = slot_for(font->cache, font->cache_size, key);
	memset(g, 0, sizeof(*g));
	g->key = key;
	g->used = 1;
	font->cache_used++;
	render(font, ch, bold, g);
	return g;
}

void font_close(struct font *font)
{
	if (font->cache)
		drop_all(font->cache, font->cache_size);
	free(font->cache);
	if (font->bold)
		FT_Done_Face(font->bold);
	if (font->regular)
		FT_Done_Face(font->regular);
	if (font->library)
		FT_Done_FreeType(font->library);
	memset(font, 0, sizeof(*font));
}
