/* Cell damage: clipping, widening and merging rows into rectangles. */
#include "damage.h"
#include "tap.h"

static int next(struct damage *d, int *cursor, int row, int rows, int col,
		int cols)
{
	struct damage_rect r;

	if (!damage_next(d, cursor, &r))
		return 0;
	if (r.row != row || r.rows != rows || r.col != col || r.cols != cols)
		printf("#   got rows %d+%d cols %d+%d\n", r.row, r.rows, r.col,
		       r.cols);
	return r.row == row && r.rows == rows && r.col == col &&
	       r.cols == cols;
}

int main(void)
{
	struct damage d;
	struct damage_rect r;
	int cursor = 0;

	ok(damage_init(&d, 4, 10) == 0, "a 4x10 grid");
	ok(next(&d, &cursor, 0, 4, 0, 10), "starts dirty, as one rectangle");
	ok(!damage_next(&d, &cursor, &r), "and is then clean");
	ok(damage_is_clean(&d), "clean says so");

	damage_add(&d, 1, 2, 3, 5);
	damage_add(&d, 1, 2, 7, 8);
	cursor = 0;
	ok(next(&d, &cursor, 1, 1, 3, 5), "two spans on a row widen to one");

	damage_add(&d, 0, 3, 2, 4);
	damage_add(&d, 3, 4, 0, 1);
	cursor = 0;
	ok(next(&d, &cursor, 0, 3, 2, 2), "equal spans on rows 0-2 merge");
	ok(next(&d, &cursor, 3, 1, 0, 1), "a different span is its own");
	ok(!damage_next(&d, &cursor, &r), "nothing else");

	damage_add(&d, -5, 99, 8, 50);
	cursor = 0;
	ok(next(&d, &cursor, 0, 4, 8, 2), "clipped to the grid");
	damage_add(&d, 0, 4, 5, 5);
	ok(damage_is_clean(&d), "an empty span adds nothing");
	damage_free(&d);
	return done_testing();
}
