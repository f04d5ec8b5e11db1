/* Screencopy formats to RGB: channel order, stride, y-invert. */
#include "pixels.h"
#include "tap.h"

/* One pixel stored as the little-endian word PX. */
static void put_le32(uint8_t *p, uint32_t px)
{
	p[0] = (uint8_t)px;
	p[1] = (uint8_t)(px >> 8);
	p[2] = (uint8_t)(px >> 16);
	p[3] = (uint8_t)(px >> 24);
}

static void formats(void)
{
	uint8_t src[4], rgb[3];

	put_le32(src, 0x80112233);
	ok(pixels_to_rgb(PIXELS_XRGB8888, src, 1, 1, 4, 0, rgb) == 0 &&
		   rgb[0] == 0x11 && rgb[1] == 0x22 && rgb[2] == 0x33,
	   "XRGB8888 keeps red in bits 16-23 and drops X");
	ok(pixels_to_rgb(PIXELS_ARGB8888, src, 1, 1, 4, 0, rgb) == 0 &&
		   rgb[0] == 0x11 && rgb[1] == 0x22 && rgb[2] == 0x33,
	   "ARGB8888 drops alpha");
	ok(pixels_to_rgb(PIXELS_XBGR8888, src, 1, 1, 4, 0, rgb) == 0 &&
		   rgb[0] == 0x33 && rgb[1] == 0x22 && rgb[2] == 0x11,
	   "XBGR8888 keeps red in the low byte");
	ok(pixels_to_rgb(PIXELS_ABGR8888, src, 1, 1, 4, 0, rgb) == 0 &&
		   rgb[0] == 0x33 && rgb[2] == 0x11,
	   "ABGR8888 too");
	is_int(pixels_to_rgb(0x36314752 /* RG16 */, src, 1, 1, 4, 0, rgb), -1,
	       "a 16-bit format is refused");
	ok(!pixels_supported(0x36314752), "and not reported as supported");
	is_str(pixels_format_name(PIXELS_XRGB8888), "XRGB8888", "named");
	is_str(pixels_format_name(7), "unknown", "an unknown code is named so");
}

/* A 2x3 image whose rows are padded to 12 bytes, row Y coloured Y+1. */
static void rows(void)
{
	uint8_t src[3 * 12], rgb[2 * 3 * 3];

	memset(src, 0xee, sizeof(src));
	for (int y = 0; y < 3; y++)
		for (int x = 0; x < 2; x++)
			put_le32(src + y * 12 + x * 4,
				 (uint32_t)(y + 1) << 16 | (uint32_t)x);
	ok(pixels_to_rgb(PIXELS_XRGB8888, src, 2, 3, 12, 0, rgb) == 0 &&
		   rgb[0] == 1 && rgb[6] == 2 && rgb[12] == 3 && rgb[5] == 1,
	   "padding after each row is skipped");
	ok(pixels_to_rgb(PIXELS_XRGB8888, src, 2, 3, 12, 1, rgb) == 0 &&
		   rgb[0] == 3 && rgb[6] == 2 && rgb[12] == 1,
	   "y-invert puts the last row first");
	is_int(pixels_to_rgb(PIXELS_XRGB8888, src, 4, 3, 12, 0, rgb), -1,
	       "a stride shorter than the width is refused");
}

int main(void)
{
	formats();
	rows();
	return done_testing();
}
