#include "selection.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

void selection_start(struct selection *sel, struct grid_pos at)
{
	sel->active = 1;
	sel->anchor = sel->extent = at;
}

void selection_extend(struct selection *sel, struct grid_pos to)
{
	if (sel->active)
		sel->extent = to;
}

void selection_clear(struct selection *sel)
{
	sel->active = 0;
}

static int before(struct grid_pos a, struct grid_pos b)
{
	return a.line < b.line || (a.line == b.line && a.col < b.col);
}

void selection_bounds(const struct selection *sel, struct grid_pos *first,
		      struct grid_pos *last)
{
	int swap = before(sel->extent, sel->anchor);

	*first = swap ? sel->extent : sel->anchor;
	*last = swap ? sel->anchor : sel->extent;
}

int selection_contains(const struct selection *sel, int line, int col)
{
	struct grid_pos first, last, at = { line, col };

	if (!sel->active)
		return 0;
	selection_bounds(sel, &first, &last);
	return !before(at, first) && !before(last, at);
}

void selection_shift(struct selection *sel, int lines)
{
	sel->anchor.line -= lines;
	sel->extent.line -= lines;
}

/* Blanks and the characters that usually bound a word, path or URL. */
static int in_word(uint32_t ch)
{
	return ch > ' ' && !strchr("\"'`()[]{}<>|;,", (int)(ch < 0x80 ? ch : 'a'));
}

/* The right half of a wide glyph belongs to whatever its left half is. */
static int word_cell(const struct cell *cell)
{
	return in_word(cell->ch) || (cell->flags & CELL_CONTINUATION);
}

void selection_word(const struct cell *cells, int cols, int col, int *start,
		    int *end)
{
	*start = *end = col;
	if (col < 0 || col >= cols || !in_word(cells[col].ch))
		return;
	while (*start > 0 && word_cell(&cells[*start - 1]))
		--*start;
	while (*end + 1 < cols && word_cell(&cells[*end + 1]))
		++*end;
}

/* Appends cells [FROM, TO] of CELLS as UTF-8 at OUT; returns the end. */
static char *append_cells(char *out, const struct cell *cells, int from,
			  int to)
{
	char *line_start = out;

	for (int c = from; c <= to; c++) {
		if (cells[c].flags & CELL_CONTINUATION)
			continue;
		out += utf8_encode(cells[c].ch ? cells[c].ch : ' ', out);
	}
	while (out > line_start && out[-1] == ' ')
		out--;
	return out;
}

char *selection_text(const struct selection *sel, selection_line_fn *get,
		     void *ctx, size_t *len)
{
	struct grid_pos first, last;
	size_t room = 1;
	char *text, *out;

	if (!sel->active)
		return NULL;
	selection_bounds(sel, &first, &last);
	for (int line = first.line; line <= last.line; line++) {
		int cols = 0;

		if (get(ctx, line, &cols))
			room += (size_t)cols * 4 + 1;
	}
	text = out = malloc(room);
	if (!text)
		return NULL;
	for (int line = first.line, emitted = 0; line <= last.line; line++) {
		int cols = 0, from, to;
		const struct cell *cells = get(ctx, line, &cols);

		if (!cells)
			continue;
		if (emitted++)
			*out++ = '\n';
		from = line == first.line ? first.col : 0;
		to = line == last.line ? last.col : cols - 1;
		if (to >= cols)
			to = cols - 1;
		if (from < 0)
			from = 0;
		out = append_cells(out, cells, from, to);
	}
	*out = '\0';
	*len = (size_t)(out - text);
	return text;
}
