/* The scrollback ring and the view over it. */
#include "scrollback.h"
#include "tap.h"

/* A line of COLS cells all holding CH. */
static const struct cell *line_of(uint32_t ch, int cols)
{
	static struct cell cells[16];

	for (int i = 0; i < cols; i++)
		cells[i] = (struct cell){ .ch = ch };
	return cells;
}

static void ring(void)
{
	struct scrollback sb;
	const struct cell blank = { .ch = ' ' };
	struct cell back[6];

	ok(scrollback_init(&sb, 3) == 0, "a ring of 3");
	ok(scrollback_get(&sb, 0) == NULL, "empty at first");
	for (uint32_t ch = 'a'; ch <= 'd'; ch++)
		scrollback_push(&sb, line_of(ch, 4), 4);
	is_int(sb.count, 3, "holds 3 of 4 pushed");
	is_int(scrollback_get(&sb, 0)->cells[0].ch, 'd', "age 0 is the newest");
	is_int(scrollback_get(&sb, 2)->cells[0].ch, 'b', "age 2 the oldest");
	ok(scrollback_get(&sb, 3) == NULL, "the first pushed is gone");

	scrollback_push(&sb, line_of('e', 2), 2);
	ok(scrollback_pop(&sb, back, 6, &blank) == 0, "pop");
	ok(back[0].ch == 'e' && back[1].ch == 'e' && back[2].ch == ' ' &&
		   back[5].ch == ' ',
	   "a narrow line comes back padded with blanks");
	ok(scrollback_pop(&sb, back, 2, &blank) == 0 && back[1].ch == 'd',
	   "a wide one comes back cut");
	scrollback_pop(&sb, back, 2, &blank);
	scrollback_pop(&sb, back, 2, &blank);
	is_int(scrollback_pop(&sb, back, 2, &blank), -1,
	       "popping an empty ring fails");
	scrollback_free(&sb);

	ok(scrollback_init(&sb, 0) == 0 &&
		   scrollback_push(&sb, line_of('a', 4), 4) == 0 &&
		   sb.count == 0,
	   "scrollback 0 keeps nothing");
	scrollback_free(&sb);
}

static void view(void)
{
	struct scrollback sb;

	scrollback_init(&sb, 5);
	for (int i = 0; i < 3; i++)
		scrollback_push(&sb, line_of('x', 2), 2);
	ok(scrollback_scroll(&sb, 2) && sb.view == 2, "scrolls up 2");
	ok(scrollback_scroll(&sb, 10) && sb.view == 3,
	   "no further than the oldest line");
	ok(!scrollback_scroll(&sb, 1), "and says it did not move");
	scrollback_scroll(&sb, -1);
	scrollback_push(&sb, line_of('y', 2), 2);
	is_int(sb.view, 3, "a new line moves a scrolled view with the text");
	scrollback_scroll(&sb, -100);
	scrollback_push(&sb, line_of('z', 2), 2);
	is_int(sb.view, 0, "a view at the bottom stays at the bottom");
	for (int i = 0; i < 8; i++)
		scrollback_push(&sb, line_of('w', 2), 2);
	scrollback_scroll(&sb, 99);
	scrollback_push(&sb, line_of('v', 2), 2);
	is_int(sb.view, 5, "a full ring keeps the view within it");
	scrollback_free(&sb);
}

int main(void)
{
	ring();
	view();
	return done_testing();
}
