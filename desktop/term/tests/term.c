/* The terminal on libvterm: cells, colours, scrollback, damage, input. */
#include "term.h"
#include "tap.h"

#include <stdlib.h>

static char written[256];
static size_t written_len;
static int damaged_row0 = -1, damaged_row1, scrolled;
static char title[64];

static void on_write(void *ctx, const char *bytes, size_t len)
{
	(void)ctx;
	if (written_len + len < sizeof(written)) {
		memcpy(written + written_len, bytes, len);
		written_len += len;
	}
}

static void on_damage(void *ctx, int row0, int row1, int col0, int col1)
{
	(void)ctx, (void)col0, (void)col1;
	if (damaged_row0 < 0 || row0 < damaged_row0)
		damaged_row0 = row0;
	if (row1 > damaged_row1)
		damaged_row1 = row1;
}

static void on_scrolled(void *ctx)
{
	(void)ctx;
	scrolled++;
}

static void on_title(void *ctx, const char *text)
{
	(void)ctx;
	snprintf(title, sizeof(title), "%s", text);
}

static const struct term_hooks hooks = {
	.write = on_write,
	.damage = on_damage,
	.scrolled = on_scrolled,
	.title = on_title,
};

static void feed(struct term *t, const char *text)
{
	term_feed(t, text, strlen(text));
}

static struct cell cell_at(struct term *t, int line, int col)
{
	struct cell c;

	term_cell(t, line, col, &c);
	return c;
}

static void cells(struct term *t, const struct term_config *config)
{
	struct cell c;

	damaged_row0 = -1;	/* forget the reset's damage */
	damaged_row1 = 0;
	feed(t, "A\033[1;38;2;1;2;3mB\033[0;38;5;196mC\033[0;7mD\033[0m"
		"\xc3\xa9");
	c = cell_at(t, 0, 0);
	ok(c.ch == 'A' && c.fg == config->foreground &&
		   c.bg == config->background && !(c.flags & CELL_BOLD),
	   "a plain cell has the configured colours");
	c = cell_at(t, 0, 1);
	ok(c.ch == 'B' && c.fg == 0x010203 && (c.flags & CELL_BOLD),
	   "true colour and bold");
	c = cell_at(t, 0, 2);
	is_int(c.fg, 0xff0000, "256-colour index 196 is the cube's red");
	c = cell_at(t, 0, 3);
	ok(c.fg == config->background && c.bg == config->foreground,
	   "reverse video swaps the colours");
	is_int(cell_at(t, 0, 4).ch, 0xe9, "UTF-8 input is decoded");
	ok(damaged_row0 == 0 && damaged_row1 == 1, "row 0 was damaged");
	is_int(t->cursor_col, 5, "the cursor follows");
	feed(t, "\r\n\xe4\xb8\xad");
	ok((cell_at(t, 1, 0).flags & CELL_WIDE) &&
		   (cell_at(t, 1, 1).flags & CELL_CONTINUATION),
	   "a wide character takes two cells");
	feed(t, "\033]2;hello\007");
	is_str(title, "hello", "the title reaches the hook");
}

static void scrollback(struct term *t)
{
	int cols;
	const struct cell *line;

	feed(t, "\033[2J\033[H");
	for (int i = 0; i < 6; i++) {
		char text[16];

		snprintf(text, sizeof(text), "%d\r\n", i);
		feed(t, text);
	}
	/* 4 rows, 6 lines and the cursor on a 7th: 3 scrolled away. */
	is_int(scrolled, 3, "three lines scrolled off");
	is_int(t->scrollback.count, 3, "into the scrollback");
	is_int(cell_at(t, -1, 0).ch, '2', "line -1 is the newest of them");
	is_int(cell_at(t, -3, 0).ch, '0', "line -3 the oldest");
	line = term_line(t, -2, &cols);
	ok(line && cols == 10 && line[0].ch == '1', "term_line reads one");
	ok(term_line(t, -4, &cols) == NULL, "none past the oldest");
	ok(term_resize(t, 6, 10) == 0 && cell_at(t, 0, 0).ch == '1',
	   "a taller screen takes lines back from the scrollback");
}

static void input(struct term *t)
{
	written_len = 0;
	term_char(t, 'c', VTERM_MOD_CTRL);
	ok(written_len == 1 && written[0] == 3, "Ctrl+C sends ^C");
	written_len = 0;
	term_key(t, VTERM_KEY_UP, VTERM_MOD_NONE);
	ok(written_len == 3 && memcmp(written, "\033[A", 3) == 0,
	   "Up sends CSI A");
	written_len = 0;
	term_paste(t, "a\nb\033c", 5);
	ok(written_len == 4 && memcmp(written, "a\rbc", 4) == 0,
	   "a paste is filtered: LF as CR, ESC dropped");
	feed(t, "\033[?2004h");
	written_len = 0;
	term_paste(t, "x", 1);
	ok(written_len == 13 &&
		   memcmp(written, "\033[200~x\033[201~", 13) == 0,
	   "and bracketed when the program asks");
}

int main(void)
{
	struct term_config config;
	struct term t;

	config_defaults(&config);
	config.scrollback = 10;
	ok(term_init(&t, 4, 10, &config, &hooks, NULL) == 0, "a 4x10 term");
	cells(&t, &config);
	scrollback(&t);
	input(&t);
	term_free(&t);
	return done_testing();
}
