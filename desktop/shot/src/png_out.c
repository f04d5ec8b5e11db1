/*
 * libpng reports errors by longjmp; everything it needs to unwind is
 * set up before the setjmp, and the reason is kept in the caller's
 * buffer through the error callback.
 */
#include "png_out.h"

#include <errno.h>
#include <png.h>
#include <string.h>

struct png_failure {
	char *text;
	size_t size;
};

static void on_png_error(png_structp png, png_const_charp message)
{
	struct png_failure *failure = png_get_error_ptr(png);

	snprintf(failure->text, failure->size, "%s", message);
	png_longjmp(png, 1);
}

static void on_png_warning(png_structp png, png_const_charp message)
{
	(void)png;
	(void)message;
}

int png_write_rgb(FILE *out, const uint8_t *rgb, uint32_t width,
		  uint32_t height, char *err, size_t err_size)
{
	struct png_failure failure = { err, err_size };
	png_structp png;
	png_infop info = NULL;

	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &failure,
				      on_png_error, on_png_warning);
	if (png)
		info = png_create_info_struct(png);
	if (!info) {
		png_destroy_write_struct(&png, NULL);
		snprintf(err, err_size, "out of memory");
		return -1;
	}
	if (setjmp(png_jmpbuf(png))) {
		png_destroy_write_struct(&png, &info);
		return -1;
	}
	png_init_io(png, out);
	png_set_IHDR(png, info, width, height, 8, PNG_COLOR_TYPE_RGB,
		     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
		     PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	for (uint32_t y = 0; y < height; y++)
		png_write_row(png, rgb + (size_t)y * width * 3);
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &info);
	if (fflush(out) != 0 || ferror(out)) {
		snprintf(err, err_size, "%s", strerror(errno));
		return -1;
	}
	return 0;
}
