/*
 * The kernel's input events (struct input_event) as what a wlroots
 * backend emits: keys, buttons, relative and absolute motion, wheel
 * axes and pointer frames. Pure, so the host tests can feed sequences.
 *
 * Events are held until the SYN_REPORT that ends their frame; after a
 * SYN_DROPPED the rest of that frame is thrown away and the caller must
 * call evdev_resync with the kernel's current key and axis state.
 */
#ifndef SURFACE_EVDEV_DECODE_H
#define SURFACE_EVDEV_DECODE_H

#include <linux/input.h>
#include <stdint.h>

enum evdev_out_type {
	EVDEV_OUT_KEY,		/* a keyboard key */
	EVDEV_OUT_BUTTON,	/* a pointer button */
	EVDEV_OUT_MOTION,	/* relative: dx, dy */
	EVDEV_OUT_MOTION_ABS,	/* absolute: x, y in 0..1 */
	EVDEV_OUT_AXIS,		/* a wheel: vertical or not, steps */
	EVDEV_OUT_FRAME,	/* the end of a pointer frame */
};

struct evdev_out {
	enum evdev_out_type type;
	uint32_t time_msec;
	uint32_t code;		/* KEY_* or BTN_* */
	int pressed;
	double dx, dy;
	double x, y;
	int vertical;
	int steps;		/* Wayland's sign: positive is down/right */
};

typedef void (*evdev_emit_fn)(void *ctx, const struct evdev_out *out);

#define EVDEV_QUEUE 64

struct evdev_decoder {
	struct input_absinfo abs_x, abs_y;
	int has_abs;
	int dropping;		/* between SYN_DROPPED and SYN_REPORT */
	/* The frame being read. */
	struct input_event queue[EVDEV_QUEUE];
	int queued;
	/* What we told the compositor is down, so releases match presses. */
	unsigned char down[(KEY_MAX + 8) / 8];
	int last_abs_x, last_abs_y;
};

/* ABS_X and ABS_Y's ranges, or NULL for a device without them. */
void evdev_decoder_init(struct evdev_decoder *d,
			const struct input_absinfo *abs_x,
			const struct input_absinfo *abs_y);

/*
 * Take one event. Returns 1 when the caller must resync (a SYN_DROPPED
 * frame just ended), else 0.
 */
int evdev_decode(struct evdev_decoder *d, const struct input_event *ev,
		 evdev_emit_fn emit, void *ctx);

/*
 * After a drop: KEYS is the kernel's key state (EVIOCGKEY), ABS_X and
 * ABS_Y the axes' values (ignored without absolute axes). Keys we
 * reported down that are up now are released; no key is pressed, since
 * a press seen late could start a binding nobody meant.
 */
void evdev_resync(struct evdev_decoder *d, const unsigned char *keys,
		  int abs_x, int abs_y, uint32_t time_msec, evdev_emit_fn emit,
		  void *ctx);

/* A pointer button (BTN_LEFT...) rather than a keyboard key. */
int evdev_is_button(uint32_t code);

#endif
