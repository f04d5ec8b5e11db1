/* Tiling and layer-shell placement: boxes in, boxes out. */
#include "layer_layout.h"
#include "tile_layout.h"
#include "tap.h"

static int box_is(struct box b, int x, int y, int w, int h)
{
	if (b.x == x && b.y == y && b.width == w && b.height == h)
		return 1;
	printf("#   got %d,%d %dx%d, want %d,%d %dx%d\n", b.x, b.y, b.width,
	       b.height, x, y, w, h);
	return 0;
}

static void test_tile(void)
{
	struct box area = { 10, 20, 1000, 700 }, out[4];

	tile_layout(area, 1, 0.5, out);
	ok(box_is(out[0], 10, 20, 1000, 700), "one window takes the area");
	tile_layout(area, 2, 0.6, out);
	ok(box_is(out[0], 10, 20, 600, 700), "master: the left 60%%");
	ok(box_is(out[1], 610, 20, 400, 700), "stack of one: the rest");
	tile_layout(area, 4, 0.5, out);
	ok(box_is(out[1], 510, 20, 500, 233), "stack 1 of 3");
	ok(box_is(out[2], 510, 253, 500, 233), "stack 2 of 3");
	ok(box_is(out[3], 510, 486, 500, 234),
	   "stack 3 of 3 takes the remainder");
	tile_layout((struct box){ 0, 0, 1, 1 }, 3, 0.5, out);
	ok(out[0].width >= 1 && out[1].width >= 1 && out[2].height >= 1,
	   "a tiny area still gives 1x1 boxes");
}

static void test_layer(void)
{
	struct box full = { 0, 0, 1024, 768 }, usable = full, out;
	struct layer_request bar = {
		.height = 24,
		.anchor = LAYER_ANCHOR_TOP | LAYER_ANCHOR_LEFT |
			  LAYER_ANCHOR_RIGHT,
		.exclusive_zone = 24,
	};
	struct layer_request centred = { .width = 200, .height = 100 };
	struct layer_request corner = {
		.width = 50, .height = 40,
		.anchor = LAYER_ANCHOR_BOTTOM | LAYER_ANCHOR_RIGHT,
		.margin_bottom = 5, .margin_right = 7,
	};
	struct layer_request bad = { .width = 0, .height = 10,
				     .anchor = LAYER_ANCHOR_LEFT };
	struct layer_request wallpaper = {
		.anchor = 15, .exclusive_zone = -1,
	};

	is_int(layer_place(&full, &usable, &bar, &out), 0, "a top bar");
	ok(box_is(out, 0, 0, 1024, 24), "stretched across the top");
	ok(box_is(usable, 0, 24, 1024, 744), "its zone is taken from the top");
	is_int(layer_place(&full, &usable, &centred, &out), 0, "a launcher");
	ok(box_is(out, 412, 24 + 322, 200, 100), "centred in what is left");
	is_int(layer_place(&full, &usable, &corner, &out), 0, "a corner");
	ok(box_is(out, 1024 - 50 - 7, 768 - 40 - 5, 50, 40),
	   "bottom right, with margins");
	ok(box_is(usable, 0, 24, 1024, 744), "no zone: usable unchanged");
	is_int(layer_place(&full, &usable, &wallpaper, &out), 0, "wallpaper");
	ok(box_is(out, 0, 0, 1024, 768), "zone -1 covers the whole output");
	is_int(layer_place(&full, &usable, &bad, &out), -1,
	       "width 0 without left and right anchors is refused");
	bar.anchor = LAYER_ANCHOR_LEFT;
	bar.width = 30;
	bar.height = 0;
	bar.exclusive_zone = 30;
	bar.margin_left = 2;
	usable = full;
	is_int(layer_place(&full, &usable, &bar, &out), -1,
	       "height 0 needs top and bottom anchors");
	bar.anchor |= LAYER_ANCHOR_TOP | LAYER_ANCHOR_BOTTOM;
	is_int(layer_place(&full, &usable, &bar, &out), 0, "a left dock");
	ok(box_is(usable, 32, 0, 992, 768), "zone plus margin on the left");
}

int main(void)
{
	test_tile();
	test_layer();
	return done_testing();
}
