/* PNG output read back through libpng: size, pixels, determinism. */
#include "png_out.h"
#include "tap.h"

#include <png.h>
#include <stdlib.h>

static uint8_t image[5 * 4 * 3];

static size_t write_to(char **text, const uint8_t *rgb, uint32_t w,
		       uint32_t h)
{
	size_t size = 0;
	FILE *f = open_memstream(text, &size);
	char err[128] = "";

	if (!f || png_write_rgb(f, rgb, w, h, err, sizeof(err)) < 0)
		printf("# write failed: %s\n", err);
	if (f)
		fclose(f);
	return size;
}

static void round_trip(void)
{
	char *bytes = NULL, *again = NULL;
	size_t size = write_to(&bytes, image, 5, 4);
	size_t size_again = write_to(&again, image, 5, 4);
	png_image read = { .version = PNG_IMAGE_VERSION };
	uint8_t back[sizeof(image)];

	ok(size > 8 && memcmp(bytes, "\x89PNG", 4) == 0, "a PNG signature");
	ok(size == size_again && memcmp(bytes, again, size) == 0,
	   "the same pixels give the same bytes");
	ok(png_image_begin_read_from_memory(&read, bytes, size) != 0,
	   "libpng reads it");
	is_int(read.width, 5, "width");
	is_int(read.height, 4, "height");
	read.format = PNG_FORMAT_RGB;
	ok(png_image_finish_read(&read, NULL, back, 0, NULL) != 0 &&
		   memcmp(back, image, sizeof(image)) == 0,
	   "the pixels come back as written");
	free(bytes);
	free(again);
}

static void failure(void)
{
	char err[128] = "";
	FILE *f = fopen("/dev/full", "w");

	if (!f) {
		ok(1, "# SKIP no /dev/full");
		return;
	}
	setvbuf(f, NULL, _IONBF, 0);
	is_int(png_write_rgb(f, image, 5, 4, err, sizeof(err)), -1,
	       "a full disk is an error");
	ok(err[0] != '\0', "with a reason (%s)", err);
	fclose(f);
	is_int(png_write_rgb(stdout, image, 0, 4, err, sizeof(err)), -1,
	       "a zero width is refused by libpng, not written");
}

int main(void)
{
	for (size_t i = 0; i < sizeof(image); i++)
		image[i] = (uint8_t)(i * 7);
	round_trip();
	failure();
	return done_testing();
}
