/* Tiling: master + stack, as pure arithmetic on boxes. */
#ifndef SURFACE_TILE_LAYOUT_H
#define SURFACE_TILE_LAYOUT_H

#include "box.h"

/*
 * Split AREA among N windows: the first (the master) takes the left
 * MASTER_RATIO of it, the others share the rest from top to bottom. One
 * window takes all of it. OUT holds N boxes; each is at least 1x1.
 */
void tile_layout(struct box area, int n, double master_ratio, struct box *out);

#endif
