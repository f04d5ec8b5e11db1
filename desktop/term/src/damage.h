/*
 * Which cells of one buffer need drawing: per row, one span of columns
 * [lo, hi). Each shm buffer keeps its own, since a buffer coming back
 * from the compositor missed whatever changed while it was away.
 * Reading it back merges rows with the same span into one rectangle, so
 * a scroll or a full line of output is one damage request, not many.
 */
#ifndef TERM_DAMAGE_H
#define TERM_DAMAGE_H

struct damage_rect {
	int row, col, rows, cols;
};

struct damage {
	int rows, cols;
	int *lo, *hi;	/* hi[r] == 0: row r is clean */
};

/* ROWS x COLS, all dirty. Returns -1 when out of memory. */
int damage_init(struct damage *damage, int rows, int cols);
void damage_free(struct damage *damage);

/* Rows [ROW0, ROW1) x columns [COL0, COL1), clipped to the grid. */
void damage_add(struct damage *damage, int row0, int row1, int col0,
		int col1);
void damage_add_all(struct damage *damage);
int damage_is_clean(const struct damage *damage);

/*
 * The next rectangle from row *CURSOR on (start at 0) into OUT, clearing
 * what it covers; returns 0 when nothing dirty is left.
 */
int damage_next(struct damage *damage, int *cursor, struct damage_rect *out);

#endif /* TERM_DAMAGE_H */
