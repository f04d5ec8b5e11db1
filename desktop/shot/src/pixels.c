/*
 * Screencopy buffers to RGB. The 32-bit formats are defined as
 * little-endian words, so a pixel is assembled from its bytes: the
 * result is the same on any host.
 */
#include "pixels.h"

int pixels_supported(uint32_t format)
{
	return format == PIXELS_ARGB8888 || format == PIXELS_XRGB8888 ||
	       format == PIXELS_ABGR8888 || format == PIXELS_XBGR8888;
}

const char *pixels_format_name(uint32_t format)
{
	switch (format) {
	case PIXELS_ARGB8888:
		return "ARGB8888";
	case PIXELS_XRGB8888:
		return "XRGB8888";
	case PIXELS_ABGR8888:
		return "ABGR8888";
	case PIXELS_XBGR8888:
		return "XBGR8888";
	}
	return "unknown";
}

static uint32_t load_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static void row_to_rgb(int red_high, const uint8_t *src, uint32_t width,
		       uint8_t *dst)
{
	for (uint32_t x = 0; x < width; x++) {
		uint32_t px = load_le32(src + 4 * (size_t)x);
		uint8_t high = (uint8_t)(px >> 16), low = (uint8_t)px;

		dst[0] = red_high ? high : low;
		dst[1] = (uint8_t)(px >> 8);
		dst[2] = red_high ? low : high;
		dst += 3;
	}
}

int pixels_to_rgb(uint32_t format, const uint8_t *src, uint32_t width,
		  uint32_t height, uint32_t stride, int y_invert, uint8_t *dst)
{
	/* [A|X]RGB keeps red in bits 16-23; [A|X]BGR keeps blue there. */
	int red_high = format == PIXELS_ARGB8888 || format == PIXELS_XRGB8888;

	if (!pixels_supported(format) || stride / 4 < width)
		return -1;
	for (uint32_t y = 0; y < height; y++) {
		uint32_t from = y_invert ? height - 1 - y : y;

		row_to_rgb(red_high, src + (size_t)from * stride, width,
			   dst + (size_t)y * width * 3);
	}
	return 0;
}
