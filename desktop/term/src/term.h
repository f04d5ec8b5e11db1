/*
 * The terminal's state on libvterm: what the program wrote, as cells
 * with resolved colours, the cursor, the scrollback, and the keys and
 * pastes going back to the program. No Wayland and no pty here: output
 * for the program and changes to show go out through hooks.
 */
#ifndef TERM_TERM_H
#define TERM_TERM_H

#include "cell.h"
#include "config.h"
#include "scrollback.h"

#include <stddef.h>
#include <vterm.h>

struct term_hooks {
	/* Bytes for the program (keys, replies to queries). */
	void (*write)(void *ctx, const char *bytes, size_t len);
	/* Screen rows [row0, row1) x columns [col0, col1) changed. */
	void (*damage)(void *ctx, int row0, int row1, int col0, int col1);
	/* A line went into the scrollback: the text moved up by one. */
	void (*scrolled)(void *ctx);
	void (*title)(void *ctx, const char *title);
	void (*bell)(void *ctx);
};

struct term {
	VTerm *vt;
	VTermScreen *screen;
	struct scrollback scrollback;
	int rows, cols;
	int cursor_row, cursor_col, cursor_visible;
	uint32_t foreground, background;
	const struct term_hooks *hooks;
	void *ctx;
	struct cell *line;	/* one screen row, for term_line */
};

int term_init(struct term *term, int rows, int cols,
	      const struct term_config *config, const struct term_hooks *hooks,
	      void *ctx);
void term_free(struct term *term);

/* Output of the program; damage hooks run before it returns. */
void term_feed(struct term *term, const char *bytes, size_t len);

int term_resize(struct term *term, int rows, int cols);

/* The cell at LINE (negative: the scrollback, -1 the newest), COL. A
 * cell past a scrollback line's end is blank. */
void term_cell(struct term *term, int line, int col, struct cell *out);

/* Line LINE as an array of *COLS cells (valid until the next call), or
 * NULL when there is no such line. */
const struct cell *term_line(struct term *term, int line, int *cols);

void term_key(struct term *term, VTermKey key, VTermModifier mods);
void term_char(struct term *term, uint32_t ch, VTermModifier mods);

/* Text typed as a paste: bracketed if the program asked for it. */
void term_paste(struct term *term, const char *bytes, size_t len);

#endif /* TERM_TERM_H */
