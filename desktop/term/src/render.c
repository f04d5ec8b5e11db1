/*
 * A cell is drawn whole: background, glyph blended over it, underline,
 * cursor. A wide glyph covers its own cell and the next, so a rectangle
 * that starts on the right half of one is widened to draw it from the
 * left.
 */
#include "render.h"

static void fill(struct canvas *canvas, int x, int y, int w, int h,
		 uint32_t color)
{
	int x1 = x + w > canvas->width ? canvas->width : x + w;
	int y1 = y + h > canvas->height ? canvas->height : y + h;

	for (int py = y < 0 ? 0 : y; py < y1; py++) {
		uint32_t *row = canvas->pixels + (size_t)py * canvas->width;

		for (int px = x < 0 ? 0 : x; px < x1; px++)
			row[px] = color;
	}
}

/* FG over BG at coverage A (0-255), per channel. */
static uint32_t blend(uint32_t fg, uint32_t bg, unsigned a)
{
	uint32_t out = 0;

	for (int shift = 0; shift <= 16; shift += 8) {
		unsigned f = fg >> shift & 0xff, b = bg >> shift & 0xff;

		out |= (uint32_t)((f * a + b * (255 - a) + 127) / 255) << shift;
	}
	return out;
}

/* GLYPH at the pen (X, BASELINE), clipped to the box X..X+W, Y..Y+H. */
static void draw_glyph(struct canvas *canvas, const struct glyph *glyph,
		       int x, int y, int w, int h, int baseline,
		       uint32_t fg, uint32_t bg)
{
	int gx = x + glyph->left, gy = y + baseline - glyph->top;

	for (int j = 0; j < glyph->height; j++) {
		int py = gy + j;
		uint32_t *row;

		if (py < y || py >= y + h || py >= canvas->height)
			continue;
		row = canvas->pixels + (size_t)py * canvas->width;
		for (int i = 0; i < glyph->width; i++) {
			int px = gx + i;
			unsigned a = glyph->alpha[(size_t)j * glyph->width + i];

			if (px < x || px >= x + w || px >= canvas->width || !a)
				continue;
			row[px] = blend(fg, bg, a);
		}
	}
}

static int cursor_at(const struct view *view, int line, int col)
{
	const struct term *term = view->term;

	return term->cursor_visible && term->scrollback.view == 0 &&
	       line == term->cursor_row && col == term->cursor_col;
}

static void draw_cell(struct canvas *canvas, const struct view *view,
		      int row, int col)
{
	const struct font *font = view->font;
	int line = row - view->term->scrollback.view;
	int x = col * font->cell_width, y = row * font->cell_height;
	int w = font->cell_width, h = font->cell_height;
	int cursor = cursor_at(view, line, col);
	uint32_t fg, bg, swap;
	struct cell cell;

	term_cell(view->term, line, col, &cell);
	if (cell.flags & CELL_WIDE)
		w *= 2;
	fg = cell.fg;
	bg = cell.bg;
	if (selection_contains(view->selection, line, col) ||
	    (cursor && view->focused)) {
		swap = fg;
		fg = bg;
		bg = swap;
	}
	fill(canvas, x, y, w, h, bg);
	if (cell.ch > ' ')
		draw_glyph(canvas,
			   font_glyph(view->font, cell.ch,
				      cell.flags & CELL_BOLD),
			   x, y, w, h, font->baseline, fg, bg);
	if (cell.flags & CELL_UNDERLINE)
		fill(canvas, x, y + font->baseline + 1, w, 1, fg);
	if (cursor && !view->focused) {
		/* Unfocused: a hollow box, as most terminals draw it. */
		fill(canvas, x, y, w, 1, fg);
		fill(canvas, x, y + h - 1, w, 1, fg);
		fill(canvas, x, y, 1, h, fg);
		fill(canvas, x + w - 1, y, 1, h, fg);
	}
}

void render_rect(struct canvas *canvas, const struct view *view,
		 const struct damage_rect *rect)
{
	struct term *term = view->term;

	for (int row = rect->row; row < rect->row + rect->rows; row++) {
		int line = row - term->scrollback.view;
		int col = rect->col;
		struct cell cell;

		if (col > 0) {
			term_cell(term, line, col, &cell);
			if (cell.flags & CELL_CONTINUATION)
				col--;
		}
		for (; col < rect->col + rect->cols && col < term->cols; col++) {
			term_cell(term, line, col, &cell);
			if (cell.flags & CELL_CONTINUATION)
				continue;
			draw_cell(canvas, view, row, col);
		}
	}
}

void render_margins(struct canvas *canvas, const struct view *view)
{
	int grid_w = view->term->cols * view->font->cell_width;
	int grid_h = view->term->rows * view->font->cell_height;
	uint32_t bg = view->term->background;

	fill(canvas, grid_w, 0, canvas->width - grid_w, canvas->height, bg);
	fill(canvas, 0, grid_h, grid_w, canvas->height - grid_h, bg);
}
