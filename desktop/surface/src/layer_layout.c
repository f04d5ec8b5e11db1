/* wlr-layer-shell placement: anchors, margins, exclusive zones. */
#include "layer_layout.h"

/*
 * One axis: START..START+LENGTH is the room, SIZE the request (0 to
 * stretch), the anchors and margins at either end.
 */
static int place_axis(int start, int length, int size, int anchor_low,
		      int anchor_high, int margin_low, int margin_high,
		      int *pos, int *out_size)
{
	if (size == 0) {
		if (!(anchor_low && anchor_high))
			return -1;
		*pos = start + margin_low;
		*out_size = length - margin_low - margin_high;
		if (*out_size < 1)
			*out_size = 1;
		return 0;
	}
	*out_size = size;
	if (anchor_low && !anchor_high)
		*pos = start + margin_low;
	else if (anchor_high && !anchor_low)
		*pos = start + length - size - margin_high;
	else
		*pos = start + (length - size) / 2;
	return 0;
}

/*
 * Take the exclusive zone (and the margin on that side) from USABLE at
 * the one edge the anchors point to: an edge alone, or an edge with both
 * of its neighbours (a bar). Other anchorings reserve nothing.
 */
static void reserve(struct box *usable, const struct layer_request *req)
{
	const uint32_t horizontal = LAYER_ANCHOR_LEFT | LAYER_ANCHOR_RIGHT;
	const uint32_t vertical = LAYER_ANCHOR_TOP | LAYER_ANCHOR_BOTTOM;
	uint32_t a = req->anchor;
	int zone = req->exclusive_zone;

	if (a == LAYER_ANCHOR_TOP || a == (LAYER_ANCHOR_TOP | horizontal)) {
		zone += req->margin_top;
		usable->y += zone;
		usable->height -= zone;
	} else if (a == LAYER_ANCHOR_BOTTOM ||
		   a == (LAYER_ANCHOR_BOTTOM | horizontal)) {
		usable->height -= zone + req->margin_bottom;
	} else if (a == LAYER_ANCHOR_LEFT ||
		   a == (LAYER_ANCHOR_LEFT | vertical)) {
		zone += req->margin_left;
		usable->x += zone;
		usable->width -= zone;
	} else if (a == LAYER_ANCHOR_RIGHT ||
		   a == (LAYER_ANCHOR_RIGHT | vertical)) {
		usable->width -= zone + req->margin_right;
	}
	if (usable->width < 0)
		usable->width = 0;
	if (usable->height < 0)
		usable->height = 0;
}

int layer_place(const struct box *full, struct box *usable,
		const struct layer_request *req, struct box *out)
{
	const struct box *room = req->exclusive_zone < 0 ? full : usable;
	struct box b;
	uint32_t a = req->anchor;

	if (place_axis(room->x, room->width, req->width,
		       a & LAYER_ANCHOR_LEFT, a & LAYER_ANCHOR_RIGHT,
		       req->margin_left, req->margin_right, &b.x,
		       &b.width) < 0 ||
	    place_axis(room->y, room->height, req->height,
		       a & LAYER_ANCHOR_TOP, a & LAYER_ANCHOR_BOTTOM,
		       req->margin_top, req->margin_bottom, &b.y,
		       &b.height) < 0)
		return -1;
	*out = b;
	if (req->exclusive_zone > 0)
		reserve(usable, req);
	return 0;
}
