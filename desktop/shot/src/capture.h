/* One frame of one output through wlr-screencopy-unstable-v1. */
#ifndef SHOT_CAPTURE_H
#define SHOT_CAPTURE_H

#include <stddef.h>
#include <stdint.h>

struct frame {
	uint32_t format, width, height, stride;
	int y_invert;
	uint8_t *data;		/* stride * height bytes, mapped shared */
	size_t size;
};

struct capture;

/*
 * Connects to the compositor and finds the output named OUTPUT (NULL:
 * the first one). Prints what is missing and returns NULL on failure.
 */
struct capture *capture_open(const char *output);

/* Copies the output into FRAME. Returns 0, or -1 after saying why. */
int capture_frame(struct capture *capture, struct frame *frame);

void capture_close(struct capture *capture, struct frame *frame);

#endif /* SHOT_CAPTURE_H */
