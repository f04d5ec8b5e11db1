/*
 * The pointer's selection, in lines that survive scrolling: 0 to
 * rows-1 are the live screen, -1 the newest scrollback line, -2 the one
 * before. It runs like text, from the first cell to the last (both
 * included) across whole lines between.
 */
#ifndef TERM_SELECTION_H
#define TERM_SELECTION_H

#include "cell.h"

#include <stddef.h>

struct grid_pos {
	int line, col;
};

struct selection {
	int active;
	struct grid_pos anchor, extent;	/* where the drag began, and is */
};

void selection_start(struct selection *sel, struct grid_pos at);
void selection_extend(struct selection *sel, struct grid_pos to);
void selection_clear(struct selection *sel);

/* The two ends in reading order. */
void selection_bounds(const struct selection *sel, struct grid_pos *first,
		      struct grid_pos *last);

int selection_contains(const struct selection *sel, int line, int col);

/* The text moved LINES up (into the scrollback): so does the selection. */
void selection_shift(struct selection *sel, int lines);

/*
 * The word around COL in a line of COLS cells, as [*START, *END], both
 * included. Outside a word (a blank, a bracket) it is the cell itself.
 */
void selection_word(const struct cell *cells, int cols, int col, int *start,
		    int *end);

/* Line LINE's cells and width, or NULL for a line that is not there. */
typedef const struct cell *selection_line_fn(void *ctx, int line, int *cols);

/*
 * The selected text as UTF-8 (malloc'd, NUL-terminated, length in
 * *LEN): blanks at line ends dropped, lines joined by '\n'. NULL when
 * nothing is selected or memory runs out.
 */
char *selection_text(const struct selection *sel, selection_line_fn *get,
		     void *ctx, size_t *len);

#endif /* TERM_SELECTION_H */
