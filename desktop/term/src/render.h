/*
 * Drawing the terminal into memory: XRGB8888 pixels, as wl_shm takes
 * them, but nothing here knows of Wayland.
 */
#ifndef TERM_RENDER_H
#define TERM_RENDER_H

#include "damage.h"
#include "font.h"
#include "selection.h"
#include "term.h"

#include <stdint.h>

struct canvas {
	uint32_t *pixels;
	int width, height;	/* in pixels; a row is WIDTH pixels */
};

struct view {
	struct term *term;
	struct font *font;
	const struct selection *selection;
	int focused;
};

/* Cells of RECT (screen rows and columns as seen, the scrolled view
 * included) drawn into CANVAS. */
void render_rect(struct canvas *canvas, const struct view *view,
		 const struct damage_rect *rect);

/* The strips right of and below the cell grid, in the background. */
void render_margins(struct canvas *canvas, const struct view *view);

#endif /* TERM_RENDER_H */
