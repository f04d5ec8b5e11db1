/*
 * nexus-shot: the picture on one output, as a PNG.
 *
 *   nexus-shot [-o OUTPUT] [FILE | -]
 *
 * The order keeps the promises small: the file name is settled and
 * unveiled before the compositor says anything; the frame is copied
 * under "stdio sendfd wpath cpath" (sendfd: the buffer's memfd goes to
 * the compositor); the file is opened and the PNG encoded under
 * "stdio" alone.
 */
#define _GNU_SOURCE
#include "capture.h"
#include "pixels.h"
#include "png_out.h"
#include "shot_path.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pledge.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void usage(void)
{
	fprintf(stderr, "usage: nexus-shot [-o output] [file | -]\n");
	exit(2);
}

/* ENOSYS: a kernel without the pledge LSM; the program goes on. */
static void confine(const char *promises, const char *path)
{
	if (path && unveil(path, "wc") < 0 && errno != ENOSYS) {
		fprintf(stderr, "nexus-shot: unveil %s: %s\n", path,
			strerror(errno));
		exit(1);
	}
	if (pledge(promises, NULL) < 0 && errno != ENOSYS) {
		fprintf(stderr, "nexus-shot: pledge \"%s\": %s\n", promises,
			strerror(errno));
		exit(1);
	}
}

static FILE *open_output(const char *path)
{
	int fd;
	FILE *f;

	if (strcmp(path, "-") == 0)
		return stdout;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
		  0644);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		fprintf(stderr, "nexus-shot: cannot write %s: %s\n", path,
			strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	return f;
}

static int save(const struct frame *frame, const char *path)
{
	size_t pixels = (size_t)frame->width * frame->height;
	uint8_t *rgb = malloc(pixels * 3 + 1);
	char err[256];
	FILE *out;
	int rc = -1;

	if (!rgb) {
		fprintf(stderr, "nexus-shot: out of memory for %ux%u\n",
			frame->width, frame->height);
		return -1;
	}
	if (pixels_to_rgb(frame->format, frame->data, frame->width,
			  frame->height, frame->stride, frame->y_invert,
			  rgb) < 0) {
		fprintf(stderr, "nexus-shot: a %ux%u %s buffer with stride %u "
				"cannot be read\n",
			frame->width, frame->height,
			pixels_format_name(frame->format), frame->stride);
		goto out;
	}
	out = open_output(path);
	if (!out)
		goto out;
	confine("stdio", NULL);
	rc = png_write_rgb(out, rgb, frame->width, frame->height, err,
			   sizeof(err));
	if (rc < 0)
		fprintf(stderr, "nexus-shot: writing %s: %s\n", path, err);
	if (out != stdout && fclose(out) != 0 && rc == 0) {
		fprintf(stderr, "nexus-shot: writing %s: %s\n", path,
			strerror(errno));
		rc = -1;
	}
out:
	free(rgb);
	return rc;
}

int main(int argc, char **argv)
{
	const char *output = NULL, *path;
	char default_path[PATH_MAX];
	struct capture *capture;
	struct frame frame;
	int opt, rc;

	while ((opt = getopt(argc, argv, "o:")) != -1) {
		if (opt != 'o')
			usage();
		output = optarg;
	}
	if (argc - optind > 1)
		usage();
	path = argv[optind];
	if (!path) {
		time_t now = time(NULL);
		struct tm tm;

		if (!localtime_r(&now, &tm) ||
		    shot_default_path(default_path, sizeof(default_path),
				      getenv("HOME"), &tm) < 0) {
			fprintf(stderr, "nexus-shot: no file given and no "
					"usable HOME to put one in\n");
			return 1;
		}
		path = default_path;
	}
	capture = capture_open(output);
	if (!capture)
		return 1;
	if (strcmp(path, "-") == 0)
		confine("stdio sendfd", NULL);
	else
		confine("stdio sendfd wpath cpath", path);
	rc = capture_frame(capture, &frame);
	if (rc == 0)
		rc = save(&frame, path);
	capture_close(capture, &frame);
	if (rc == 0 && path == default_path)
		printf("%s\n", path);
	return rc == 0 ? 0 : 1;
}
