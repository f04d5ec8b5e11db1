/*
 * Pixel formats a compositor's screencopy may hand us, turned into the
 * 8-bit RGB rows a PNG holds. No Wayland here: the format codes are
 * wl_shm's (0 and 1 are its own, the rest are DRM fourcc codes).
 */
#ifndef SHOT_PIXELS_H
#define SHOT_PIXELS_H

#include <stddef.h>
#include <stdint.h>

#define PIXELS_ARGB8888 0u
#define PIXELS_XRGB8888 1u
#define PIXELS_ABGR8888 0x34324241u /* 'AB24' */
#define PIXELS_XBGR8888 0x34324258u /* 'XB24' */

/* Whether FORMAT is one we can convert. */
int pixels_supported(uint32_t format);

/* A short name for messages ("XRGB8888"), or "unknown". */
const char *pixels_format_name(uint32_t format);

/*
 * The image at SRC (HEIGHT rows of STRIDE bytes) as WIDTH*HEIGHT*3 bytes
 * of RGB at DST, top row first. Y_INVERT: SRC holds the bottom row
 * first. Alpha is dropped: a screen is opaque. Returns -1 for an
 * unsupported format or a stride too short for WIDTH.
 */
int pixels_to_rgb(uint32_t format, const uint8_t *src, uint32_t width,
		  uint32_t height, uint32_t stride, int y_invert, uint8_t *dst);

#endif /* SHOT_PIXELS_H */
