/* Selection: order, containment, words, scrolling and the copied text. */
#include "selection.h"
#include "tap.h"

#include <stdlib.h>

#define COLS 12
static struct cell screen[3][COLS];

static void fill(int line, const char *text)
{
	for (int c = 0; c < COLS; c++)
		screen[line][c] = (struct cell){
			.ch = c < (int)strlen(text) ? (uint32_t)text[c] : 0
		};
}

/* Screen lines 0-2 and, as line -1, one scrollback line. */
static const struct cell *get(void *ctx, int line, int *cols)
{
	static struct cell old[4] = { { .ch = 'o' }, { .ch = 'l' },
				      { .ch = 'd' }, { .ch = ' ' } };

	(void)ctx;
	if (line == -1) {
		*cols = 4;
		return old;
	}
	if (line < 0 || line > 2)
		return NULL;
	*cols = COLS;
	return screen[line];
}

static char *text_of(const struct selection *sel)
{
	size_t len;
	char *text = selection_text(sel, get, NULL, &len);

	if (text && strlen(text) != len)
		printf("#   length %zu is not strlen\n", len);
	return text;
}

static void ranges(void)
{
	struct selection sel = { 0 };
	struct grid_pos first, last;

	ok(!selection_contains(&sel, 0, 0), "nothing selected at first");
	selection_start(&sel, (struct grid_pos){ 2, 3 });
	selection_extend(&sel, (struct grid_pos){ 0, 5 });
	selection_bounds(&sel, &first, &last);
	ok(first.line == 0 && first.col == 5 && last.line == 2 &&
		   last.col == 3,
	   "a drag upwards is put in reading order");
	ok(selection_contains(&sel, 0, 5) && selection_contains(&sel, 2, 3),
	   "both ends are in");
	ok(!selection_contains(&sel, 0, 4) && !selection_contains(&sel, 2, 4),
	   "before the first and after the last are out");
	ok(selection_contains(&sel, 1, 0) && selection_contains(&sel, 1, 11),
	   "lines between are whole");
	selection_shift(&sel, 1);
	ok(selection_contains(&sel, -1, 5) && !selection_contains(&sel, 2, 0),
	   "shifted up with the text");
	selection_clear(&sel);
	ok(!selection_contains(&sel, 0, 5), "cleared");
	ok(text_of(&sel) == NULL, "no text when nothing is selected");
}

static void words(void)
{
	int start, end;

	fill(0, "ls /usr/bin(x)");
	selection_word(screen[0], COLS, 5, &start, &end);
	ok(start == 3 && end == 10, "a path is one word (%d-%d)", start, end);
	selection_word(screen[0], COLS, 0, &start, &end);
	ok(start == 0 && end == 1, "a word at the line start");
	selection_word(screen[0], COLS, 2, &start, &end);
	ok(start == 2 && end == 2, "a blank selects itself");
	selection_word(screen[0], COLS, 11, &start, &end);
	ok(start == 11 && end == 11, "the end of the line (a bracket)");
	screen[1][0] = (struct cell){ .ch = 0x4e2d, .flags = CELL_WIDE };
	screen[1][1] = (struct cell){ .flags = CELL_CONTINUATION };
	screen[1][2] = (struct cell){ .ch = 'a' };
	screen[1][3] = (struct cell){ .ch = 0 };
	selection_word(screen[1], COLS, 2, &start, &end);
	ok(start == 0 && end == 2, "a wide glyph is part of the word");
}

static void text(void)
{
	struct selection sel = { 0 };
	char *t;

	fill(0, "hello  ");
	fill(1, "wide: ");
	screen[1][6] = (struct cell){ .ch = 0x4e2d, .flags = CELL_WIDE };
	screen[1][7] = (struct cell){ .flags = CELL_CONTINUATION };
	fill(2, "last line");
	selection_start(&sel, (struct grid_pos){ -1, 1 });
	selection_extend(&sel, (struct grid_pos){ 2, 3 });
	t = text_of(&sel);
	is_str(t, "ld\nhello\nwide: \xe4\xb8\xad\nlast",
	       "lines joined, end blanks dropped, a wide glyph once");
	free(t);
	selection_start(&sel, (struct grid_pos){ 0, 8 });
	selection_extend(&sel, (struct grid_pos){ 0, 11 });
	t = text_of(&sel);
	is_str(t, "", "only blanks copy as nothing");
	free(t);
	selection_start(&sel, (struct grid_pos){ 2, 5 });
	selection_extend(&sel, (struct grid_pos){ 7, 2 });
	t = text_of(&sel);
	is_str(t, "line", "lines past the screen are skipped");
	free(t);
}

int main(void)
{
	ranges();
	words();
	text();
	return done_testing();
}
