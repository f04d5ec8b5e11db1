/* Writing an 8-bit RGB image as a PNG through libpng. */
#ifndef SHOT_PNG_OUT_H
#define SHOT_PNG_OUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * RGB (WIDTH*HEIGHT*3 bytes, top row first) to OUT as a PNG. No time
 * or text chunks: the same pixels give the same bytes. Returns 0, or -1
 * with libpng's or stdio's reason in ERR.
 */
int png_write_rgb(FILE *out, const uint8_t *rgb, uint32_t width,
		  uint32_t height, char *err, size_t err_size);

#endif /* SHOT_PNG_OUT_H */
