/* Cells into pixels: background, glyph, selection, cursor, the cache. */
#include "render.h"
#include "tap.h"

#include <stdlib.h>
#include <unistd.h>

static const char *const fonts[] = {
	CONFIG_DEFAULT_FONT,
	"/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
};

static void no_write(void *ctx, const char *b, size_t n)
{
	(void)ctx, (void)b, (void)n;
}

static void no_damage(void *ctx, int r0, int r1, int c0, int c1)
{
	(void)ctx, (void)r0, (void)r1, (void)c0, (void)c1;
}

static void no_scroll(void *ctx)
{
	(void)ctx;
}

static const struct term_hooks hooks = { no_write, no_damage, no_scroll,
					 NULL, NULL };

/* The pixel at X, Y of cell (ROW, COL). */
static uint32_t at(const struct canvas *c, const struct font *f, int row,
		   int col, int x, int y)
{
	return c->pixels[(size_t)(row * f->cell_height + y) * c->width +
			 col * f->cell_width + x];
}

/* How many pixels of cell (ROW, COL) are neither FG nor BG... or are FG. */
static int count(const struct canvas *c, const struct font *f, int row,
		 int col, uint32_t color)
{
	int n = 0;

	for (int y = 0; y < f->cell_height; y++)
		for (int x = 0; x < f->cell_width; x++)
			n += at(c, f, row, col, x, y) == color;
	return n;
}

static void draw(struct canvas *canvas, struct view *view)
{
	struct damage_rect all = { 0, 0, view->term->rows, view->term->cols };

	render_rect(canvas, view, &all);
}

int main(void)
{
	struct term_config config;
	struct font font;
	struct term term;
	struct selection sel = { 0 };
	struct canvas canvas;
	struct view view = { &term, &font, &sel, 1 };
	const char *path = NULL;
	char err[256];
	int area;

	for (size_t i = 0; i < sizeof(fonts) / sizeof(*fonts); i++)
		if (access(fonts[i], R_OK) == 0 && !path)
			path = fonts[i];
	if (!path) {
		printf("1..0 # SKIP no DejaVu Sans Mono here\n");
		return 0;
	}
	config_defaults(&config);
	ok(font_open(&font, path, NULL, 16, err, sizeof(err)) == 0,
	   "%s opens", path);
	ok(font.cell_width > 4 && font.cell_height > font.cell_width &&
		   font.baseline < font.cell_height,
	   "cells %dx%d, baseline %d", font.cell_width, font.cell_height,
	   font.baseline);
	area = font.cell_width * font.cell_height;
	term_init(&term, 2, 4, &config, &hooks, NULL);
	canvas.width = 4 * font.cell_width;
	canvas.height = 2 * font.cell_height;
	canvas.pixels = calloc((size_t)canvas.width * canvas.height, 4);

	term_feed(&term, "\033[41mX\033[0m", 10);
	draw(&canvas, &view);
	is_int(at(&canvas, &font, 0, 0, 0, 0), config.colors[1],
	       "a red background fills the cell");
	ok(count(&canvas, &font, 0, 0, config.colors[1]) < area,
	   "and the glyph is drawn over it");
	is_int(count(&canvas, &font, 0, 1, config.foreground), area,
	       "the focused cursor is a block in the text colour");
	view.focused = 0;
	draw(&canvas, &view);
	ok(at(&canvas, &font, 0, 1, 0, 0) == config.foreground &&
		   at(&canvas, &font, 0, 1, 3, 3) == config.background,
	   "unfocused, a hollow box");
	is_int(count(&canvas, &font, 1, 3, config.background), area,
	       "an empty cell is background");
	selection_start(&sel, (struct grid_pos){ 1, 2 });
	selection_extend(&sel, (struct grid_pos){ 1, 3 });
	draw(&canvas, &view);
	is_int(count(&canvas, &font, 1, 3, config.foreground), area,
	       "a selected empty cell is inverted");
	is_int(count(&canvas, &font, 1, 1, config.background), area,
	       "a cell before the selection is not");

	ok(font_glyph(&font, 'X', 0) == font_glyph(&font, 'X', 0) &&
		   font.hits > 0,
	   "a glyph is rendered once, then cached");
	ok(font_glyph(&font, 'X', 1) != font_glyph(&font, 'X', 0),
	   "bold is cached apart");
	for (uint32_t ch = 0x100; ch < 0x100 + 20000; ch++)
		font_glyph(&font, ch, 0);
	ok(font.cache_size <= 16384 && font.cache_used < font.cache_size,
	   "the cache stays bounded (%zu of %zu)", font.cache_used,
	   font.cache_size);
	free(canvas.pixels);
	term_free(&term);
	font_close(&font);
	return done_testing();
}
