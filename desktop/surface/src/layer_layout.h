/*
 * Where a wlr-layer-shell surface goes on its output, and how much of
 * the output it takes from windows (its exclusive zone): pure maths.
 */
#ifndef SURFACE_LAYER_LAYOUT_H
#define SURFACE_LAYER_LAYOUT_H

#include <stdint.h>

#include "box.h"

/* The protocol's anchor bits (zwlr_layer_surface_v1_anchor). */
enum layer_anchor {
	LAYER_ANCHOR_TOP = 1,
	LAYER_ANCHOR_BOTTOM = 2,
	LAYER_ANCHOR_LEFT = 4,
	LAYER_ANCHOR_RIGHT = 8,
};

struct layer_request {
	int width, height;	/* 0: stretch between opposite anchors */
	uint32_t anchor;
	int margin_top, margin_right, margin_bottom, margin_left;
	int exclusive_zone;	/* >0 reserve, 0 none, -1 ignore others' */
};

/*
 * Place REQ on an output whose whole box is FULL and whose part not yet
 * reserved is *USABLE; OUT gets the surface's box and *USABLE loses the
 * exclusive zone. Returns -1 (and changes nothing) for a size of 0
 * without both opposite anchors, which the protocol calls an error.
 */
int layer_place(const struct box *full, struct box *usable,
		const struct layer_request *req, struct box *out);

#endif
