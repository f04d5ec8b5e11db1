/*
 * From input_event frames to backend events. Key repeats (value 2) are
 * dropped on purpose: Wayland clients repeat keys themselves, from the
 * rate and delay the compositor advertises.
 */
#include "evdev_decode.h"

#include <string.h>

/* One wheel click, in the units wl_pointer.axis uses (libinput's). */
#define WHEEL_STEP 15.0

static int bit(const unsigned char *bits, uint32_t n)
{
	return (bits[n / 8] >> (n % 8)) & 1;
}

static void set_bit(unsigned char *bits, uint32_t n, int on)
{
	if (on)
		bits[n / 8] |= (unsigned char)(1u << (n % 8));
	else
		bits[n / 8] &= (unsigned char)~(1u << (n % 8));
}

int evdev_is_button(uint32_t code)
{
	return code >= BTN_MISC && code < KEY_OK;
}

static uint32_t msec(const struct input_event *ev)
{
	return (uint32_t)((uint64_t)ev->input_event_sec * 1000 +
			  (uint64_t)ev->input_event_usec / 1000);
}

void evdev_decoder_init(struct evdev_decoder *d,
			const struct input_absinfo *abs_x,
			const struct input_absinfo *abs_y)
{
	memset(d, 0, sizeof *d);
	if (abs_x && abs_y && abs_x->maximum > abs_x->minimum &&
	    abs_y->maximum > abs_y->minimum) {
		d->abs_x = *abs_x;
		d->abs_y = *abs_y;
		d->has_abs = 1;
		d->last_abs_x = abs_x->value;
		d->last_abs_y = abs_y->value;
	}
}

static double normalise(int value, const struct input_absinfo *info)
{
	double v = (double)(value - info->minimum) /
		   (double)(info->maximum - info->minimum);

	return v < 0 ? 0 : v > 1 ? 1 : v;
}

static void emit_key(struct evdev_decoder *d, uint32_t code, int pressed,
		     uint32_t time, evdev_emit_fn emit, void *ctx)
{
	struct evdev_out out = {
		.type = evdev_is_button(code) ? EVDEV_OUT_BUTTON : EVDEV_OUT_KEY,
		.time_msec = time, .code = code, .pressed = pressed,
	};

	/* A release of what we never pressed, or a second press: drop. */
	if (code > KEY_MAX || bit(d->down, code) == pressed)
		return;
	set_bit(d->down, code, pressed);
	emit(ctx, &out);
}

static void emit_abs(struct evdev_decoder *d, uint32_t time,
		     evdev_emit_fn emit, void *ctx)
{
	struct evdev_out out = {
		.type = EVDEV_OUT_MOTION_ABS, .time_msec = time,
		.x = normalise(d->last_abs_x, &d->abs_x),
		.y = normalise(d->last_abs_y, &d->abs_y),
	};

	emit(ctx, &out);
}

static void emit_axis(int vertical, int steps, uint32_t time,
		      evdev_emit_fn emit, void *ctx)
{
	struct evdev_out out = {
		.type = EVDEV_OUT_AXIS, .time_msec = time,
		.vertical = vertical, .steps = steps,
	};

	emit(ctx, &out);
}

/* A whole frame: keys in order, then motion, axes and a pointer frame. */
static void flush(struct evdev_decoder *d, uint32_t time, evdev_emit_fn emit,
		  void *ctx)
{
	int dx = 0, dy = 0, wheel = 0, hwheel = 0, abs_moved = 0;
	int pointer = 0;

	for (int i = 0; i < d->queued; i++) {
		const struct input_event *ev = &d->queue[i];

		if (ev->type == EV_KEY && ev->value != 2) {
			pointer |= evdev_is_button(ev->code);
			emit_key(d, ev->code, ev->value != 0, time, emit, ctx);
		} else if (ev->type == EV_REL) {
			dx += ev->code == REL_X ? ev->value : 0;
			dy += ev->code == REL_Y ? ev->value : 0;
			wheel += ev->code == REL_WHEEL ? ev->value : 0;
			hwheel += ev->code == REL_HWHEEL ? ev->value : 0;
		} else if (ev->type == EV_ABS && d->has_abs &&
			   (ev->code == ABS_X || ev->code == ABS_Y)) {
			if (ev->code == ABS_X)
				d->last_abs_x = ev->value;
			else
				d->last_abs_y = ev->value;
			abs_moved = 1;
		}
	}
	d->queued = 0;
	if (dx || dy) {
		struct evdev_out out = { .type = EVDEV_OUT_MOTION,
					 .time_msec = time, .dx = dx,
					 .dy = dy };

		emit(ctx, &out);
	}
	if (abs_moved)
		emit_abs(d, time, emit, ctx);
	/* evdev's wheel is positive upwards, Wayland's downwards. */
	if (wheel)
		emit_axis(1, -wheel, time, emit, ctx);
	if (hwheel)
		emit_axis(0, hwheel, time, emit, ctx);
	if (pointer || dx || dy || abs_moved || wheel || hwheel) {
		struct evdev_out out = { .type = EVDEV_OUT_FRAME,
					 .time_msec = time };

		emit(ctx, &out);
	}
}

int evdev_decode(struct evdev_decoder *d, const struct input_event *ev,
		 evdev_emit_fn emit, void *ctx)
{
	if (ev->type == EV_SYN && ev->code == SYN_DROPPED) {
		d->queued = 0;
		d->dropping = 1;
		return 0;
	}
	if (ev->type == EV_SYN && ev->code == SYN_REPORT) {
		if (d->dropping) {
			d->dropping = 0;
			return 1;
		}
		flush(d, msec(ev), emit, ctx);
		return 0;
	}
	if (d->dropping || ev->type == EV_SYN)
		return 0;
	/* A frame longer than we hold: deliver what we have so far. */
	if (d->queued == EVDEV_QUEUE)
		flush(d, msec(ev), emit, ctx);
	d->queue[d->queued++] = *ev;
	return 0;
}

void evdev_resync(struct evdev_decoder *d, const unsigned char *keys,
		  int abs_x, int abs_y, uint32_t time_msec, evdev_emit_fn emit,
		  void *ctx)
{
	int pointer = 0;

	for (uint32_t code = 0; code <= KEY_MAX; code++) {
		if (bit(d->down, code) && !bit(keys, code)) {
			pointer |= evdev_is_button(code);
			emit_key(d, code, 0, time_msec, emit, ctx);
		}
	}
	if (d->has_abs && (abs_x != d->last_abs_x || abs_y != d->last_abs_y)) {
		d->last_abs_x = abs_x;
		d->last_abs_y = abs_y;
		emit_abs(d, time_msec, emit, ctx);
		pointer = 1;
	}
	if (pointer) {
		struct evdev_out out = { .type = EVDEV_OUT_FRAME,
					 .time_msec = time_msec };

		emit(ctx, &out);
	}
}
