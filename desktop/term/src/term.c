/*
 * libvterm's screen layer holds the live screen; its damage arrives
 * merged (VTERM_DAMAGE_SCROLL) when term_feed flushes it, so a burst of
 * output costs one redraw per changed area, not one per character.
 * Lines leaving the top go into our own scrollback as resolved cells.
 */
#include "term.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

static uint32_t rgb_of(const VTermColor *color)
{
	return (uint32_t)color->rgb.red << 16 |
	       (uint32_t)color->rgb.green << 8 | color->rgb.blue;
}

static void to_cell(struct term *term, const VTermScreenCell *in,
		    struct cell *out)
{
	VTermColor fg = in->fg, bg = in->bg;
	uint32_t swap;

	memset(out, 0, sizeof(*out));
	if (in->chars[0] == (uint32_t)-1) {
		out->flags = CELL_CONTINUATION;
	} else {
		out->ch = in->chars[0];
		if (in->width == 2)
			out->flags |= CELL_WIDE;
	}
	if (in->attrs.bold)
		out->flags |= CELL_BOLD;
	if (in->attrs.underline)
		out->flags |= CELL_UNDERLINE;
	/* Most cells have the default colours: no palette lookup for them
	 * (every line scrolled away passes through here). */
	if (VTERM_COLOR_IS_DEFAULT_FG(&in->fg)) {
		out->fg = term->foreground;
	} else {
		vterm_screen_convert_color_to_rgb(term->screen, &fg);
		out->fg = rgb_of(&fg);
	}
	if (VTERM_COLOR_IS_DEFAULT_BG(&in->bg)) {
		out->bg = term->background;
	} else {
		vterm_screen_convert_color_to_rgb(term->screen, &bg);
		out->bg = rgb_of(&bg);
	}
	if (in->attrs.reverse) {
		swap = out->fg;
		out->fg = out->bg;
		out->bg = swap;
	}
}

static void from_cell(const struct cell *in, VTermScreenCell *out)
{
	memset(out, 0, sizeof(*out));
	out->chars[0] = in->flags & CELL_CONTINUATION ? (uint32_t)-1 : in->ch;
	out->width = in->flags & CELL_WIDE ? 2 : 1;
	out->attrs.bold = !!(in->flags & CELL_BOLD);
	out->attrs.underline = !!(in->flags & CELL_UNDERLINE);
	vterm_color_rgb(&out->fg, (uint8_t)(in->fg >> 16),
			(uint8_t)(in->fg >> 8), (uint8_t)in->fg);
	vterm_color_rgb(&out->bg, (uint8_t)(in->bg >> 16),
			(uint8_t)(in->bg >> 8), (uint8_t)in->bg);
}

static int on_damage(VTermRect rect, void *user)
{
	struct term *term = user;

	term->hooks->damage(term->ctx, rect.start_row, rect.end_row,
			    rect.start_col, rect.end_col);
	return 1;
}

static void damage_cursor(struct term *term)
{
	term->hooks->damage(term->ctx, term->cursor_row, term->cursor_row + 1,
			    term->cursor_col - 1, term->cursor_col + 2);
}

static int on_movecursor(VTermPos pos, VTermPos old, int visible, void *user)
{
	struct term *term = user;

	(void)old;
	damage_cursor(term);
	term->cursor_row = pos.row;
	term->cursor_col = pos.col;
	term->cursor_visible = visible;
	damage_cursor(term);
	return 1;
}

static int on_settermprop(VTermProp prop, VTermValue *value, void *user)
{
	struct term *term = user;

	switch (prop) {
	case VTERM_PROP_CURSORVISIBLE:
		term->cursor_visible = value->boolean;
		damage_cursor(term);
		break;
	case VTERM_PROP_TITLE:
		if (term->hooks->title && value->string)
			term->hooks->title(term->ctx, value->string);
		break;
	default:
		break;
	}
	return 1;
}

static int on_bell(void *user)
{
	struct term *term = user;

	if (term->hooks->bell)
		term->hooks->bell(term->ctx);
	return 1;
}

static int on_pushline(int cols, const VTermScreenCell *cells, void *user)
{
	struct term *term = user;
	struct cell *line = malloc(sizeof(*line) * (size_t)(cols ? cols : 1));

	if (!line)
		return 0;
	for (int c = 0; c < cols; c++)
		to_cell(term, &cells[c], &line[c]);
	scrollback_push(&term->scrollback, line, cols);
	free(line);
	term->hooks->scrolled(term->ctx);
	return 1;
}

static int on_popline(int cols, VTermScreenCell *cells, void *user)
{
	struct term *term = user;
	struct cell blank = { .fg = term->foreground, .bg = term->background };
	struct cell *line = malloc(sizeof(*line) * (size_t)(cols ? cols : 1));
	int rc;

	if (!line)
		return 0;
	rc = scrollback_pop(&term->scrollback, line, cols, &blank);
	for (int c = 0; rc == 0 && c < cols; c++)
		from_cell(&line[c], &cells[c]);
	free(line);
	return rc == 0;
}

static const VTermScreenCallbacks screen_callbacks = {
	.damage = on_damage,
	.movecursor = on_movecursor,
	.settermprop = on_settermprop,
	.bell = on_bell,
	.sb_pushline = on_pushline,
	.sb_popline = on_popline,
};

static void on_output(const char *bytes, size_t len, void *user)
{
	struct term *term = user;

	term->hooks->write(term->ctx, bytes, len);
}

static VTermColor color_of(uint32_t rgb)
{
	VTermColor color;

	vterm_color_rgb(&color, (uint8_t)(rgb >> 16), (uint8_t)(rgb >> 8),
			(uint8_t)rgb);
	return color;
}

int term_init(struct term *term, int rows, int cols,
	      const struct term_config *config, const struct term_hooks *hooks,
	      void *ctx)
{
	VTermState *state;
	VTermColor fg = color_of(config->foreground);
	VTermColor bg = color_of(config->background);

	memset(term, 0, sizeof(*term));
	term->rows = rows;
	term->cols = cols;
	term->foreground = config->foreground;
	term->background = config->background;
	term->hooks = hooks;
	term->ctx = ctx;
	term->cursor_visible = 1;
	term->line = calloc((size_t)cols, sizeof(*term->line));
	if (!term->line ||
	    scrollback_init(&term->scrollback, config->scrollback) < 0)
		return -1;
	term->vt = vterm_new(rows, cols);
	if (!term->vt)
		return -1;
	vterm_set_utf8(term->vt, 1);
	vterm_output_set_callback(term->vt, on_output, term);
	term->screen = vterm_obtain_screen(term->vt);
	vterm_screen_set_callbacks(term->screen, &screen_callbacks, term);
	vterm_screen_enable_altscreen(term->screen, 1);
	vterm_screen_set_damage_merge(term->screen, VTERM_DAMAGE_SCROLL);
	vterm_screen_reset(term->screen, 1);
	state = vterm_obtain_state(term->vt);
	vterm_state_set_default_colors(state, &fg, &bg);
	for (int i = 0; i < 16; i++) {
		VTermColor color = color_of(config->colors[i]);

		vterm_state_set_palette_color(state, i, &color);
	}
	return 0;
}

void term_free(struct term *term)
{
	if (term->vt)
		vterm_free(term->vt);
	scrollback_free(&term->scrollback);
	free(term->line);
	term->vt = NULL;
	term->line = NULL;
}

void term_feed(struct term *term, const char *bytes, size_t len)
{
	vterm_input_write(term->vt, bytes, len);
	vterm_screen_flush_damage(term->screen);
}

int term_resize(struct term *term, int rows, int cols)
{
	struct cell *line = calloc((size_t)cols, sizeof(*line));

	if (!line)
		return -1;
	free(term->line);
	term->line = line;
	term->rows = rows;
	term->cols = cols;
	vterm_set_size(term->vt, rows, cols);
	vterm_screen_flush_damage(term->screen);
	return 0;
}

void term_cell(struct term *term, int line, int col, struct cell *out)
{
	const struct scrollback_line *old;
	VTermScreenCell cell;

	if (line >= 0) {
		VTermPos pos = { .row = line, .col = col };

		if (vterm_screen_get_cell(term->screen, pos, &cell))
			to_cell(term, &cell, out);
		else
			*out = (struct cell){ .fg = term->foreground,
					      .bg = term->background };
		return;
	}
	old = scrollback_get(&term->scrollback, -line - 1);
	if (old && col < old->cols)
		*out = old->cells[col];
	else
		*out = (struct cell){ .fg = term->foreground,
				      .bg = term->background };
}

const struct cell *term_line(struct term *term, int line, int *cols)
{
	const struct scrollback_line *old;

	if (line >= term->rows)
		return NULL;
	if (line < 0) {
		old = scrollback_get(&term->scrollback, -line - 1);
		if (!old)
			return NULL;
		*cols = old->cols;
		return old->cells;
	}
	for (int c = 0; c < term->cols; c++)
		term_cell(term, line, c, &term->line[c]);
	*cols = term->cols;
	return term->line;
}

void term_key(struct term *term, VTermKey key, VTermModifier mods)
{
	vterm_keyboard_key(term->vt, key, mods);
}

void term_char(struct term *term, uint32_t ch, VTermModifier mods)
{
	vterm_keyboard_unichar(term->vt, ch, mods);
}

void term_paste(struct term *term, const char *bytes, size_t len)
{
	char *safe = malloc(len * 3 + 1);
	size_t n;

	if (!safe)
		return;
	n = utf8_paste_filter(bytes, len, safe);
	vterm_keyboard_start_paste(term->vt);
	term->hooks->write(term->ctx, safe, n);
	vterm_keyboard_end_paste(term->vt);
	free(safe);
}
