/*
 * Lines that scrolled off the top, newest first: a ring of at most
 * CAPACITY lines, each COLS cells as it was when it left the screen
 * (a line is cut or padded with blanks when read at another width).
 * Also the view: how many lines up from the live screen the window
 * shows, kept within what the ring holds.
 */
#ifndef TERM_SCROLLBACK_H
#define TERM_SCROLLBACK_H

#include "cell.h"

#include <stddef.h>

struct scrollback_line {
	int cols;
	struct cell *cells;
};

struct scrollback {
	struct scrollback_line *lines;
	int capacity, count;
	int newest;	/* slot of the newest line */
	int view;	/* lines scrolled up from the live screen */
};

int scrollback_init(struct scrollback *sb, int capacity);
void scrollback_free(struct scrollback *sb);

/*
 * Keeps a copy of CELLS; the oldest line goes when full. A view scrolled
 * up moves up with it, so what the reader looks at stays put. -1 when
 * out of memory.
 */
int scrollback_push(struct scrollback *sb, const struct cell *cells, int cols);

/*
 * Takes the newest line back (the screen grew taller) into CELLS, COLS
 * wide, padding with BLANK. Returns 0, or -1 when the ring is empty.
 */
int scrollback_pop(struct scrollback *sb, struct cell *cells, int cols,
		   const struct cell *blank);

/* Line AGE (0: the newest), or NULL past the oldest. */
const struct scrollback_line *scrollback_get(const struct scrollback *sb,
					     int age);

/* Moves the view by DELTA lines (positive: up, into the past), clamped
 * to [0, count]. Returns whether it moved. */
int scrollback_scroll(struct scrollback *sb, int delta);

#endif /* TERM_SCROLLBACK_H */
