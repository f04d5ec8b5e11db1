/*
 * One evdev node: what it is (from sysfs, before it is opened), opened
 * through the session, its events through evdev_decode.c to a wlroots
 * keyboard and/or pointer. A read that says ENODEV, or a hang-up, means
 * the device is gone: its wlroots devices are destroyed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wlr/util/log.h>

#include "evdev.h"
#include "evdev_caps.h"

/* The first line of /sys/class/input/SYSNAME/device/WHAT, or "". */
static void read_sysfs(const struct evdev_backend *backend,
		       const char *sysname, const char *what, char *buf,
		       size_t size)
{
	char path[512];
	FILE *f;

	buf[0] = '\0';
	snprintf(path, sizeof path, "%s/%s/device/%s", backend->sysfs_dir,
		 sysname, what);
	f = fopen(path, "re");
	if (f == NULL)
		return;
	if (fgets(buf, (int)size, f) == NULL)
		buf[0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
}

static unsigned int device_kind(const struct evdev_backend *backend,
				const char *sysname)
{
	static const char *const names[] = { "capabilities/ev",
					     "capabilities/key",
					     "capabilities/rel",
					     "capabilities/abs" };
	struct evdev_caps caps;
	unsigned long *bits[] = { caps.ev, caps.key, caps.rel, caps.abs };
	const size_t sizes[] = { EVDEV_LONGS(EV_CNT), EVDEV_LONGS(KEY_CNT),
				 EVDEV_LONGS(REL_CNT), EVDEV_LONGS(ABS_CNT) };
	char text[1024];

	for (int i = 0; i < 4; i++) {
		read_sysfs(backend, sysname, names[i], text, sizeof text);
		if (evdev_caps_parse(text, bits[i], sizes[i]) < 0)
			return 0;
	}
	return evdev_caps_kind(&caps);
}

static int sysfs_hex(const struct evdev_backend *backend,
		     const char *sysname, const char *what)
{
	char text[32];

	read_sysfs(backend, sysname, what, text, sizeof text);
	return (int)strtol(text, NULL, 16);
}

/* wlroots frees what its destroy reaches; the container is ours. */
static void input_destroy(struct wlr_input_device *base)
{
	struct evdev_input *input = wl_container_of(base, input, base);

	free(input);
}

static void keyboard_destroy(struct wlr_keyboard *keyboard)
{
	(void)keyboard;		/* part of struct evdev_input */
}

static void pointer_destroy(struct wlr_pointer *pointer)
{
	(void)pointer;		/* part of struct evdev_input */
}

/* Caps Lock and friends' lights: written to the device as EV_LED. */
static void keyboard_leds(struct wlr_keyboard *keyboard, uint32_t leds)
{
	struct evdev_input *input = wl_container_of(keyboard, input, keyboard);
	static const struct { uint32_t wlr; int code; } map[] = {
		{ WLR_LED_NUM_LOCK, LED_NUML },
		{ WLR_LED_CAPS_LOCK, LED_CAPSL },
		{ WLR_LED_SCROLL_LOCK, LED_SCROLLL },
	};
	struct input_event events[4] = { 0 };

	for (int i = 0; i < 3; i++) {
		events[i].type = EV_LED;
		events[i].code = (unsigned short)map[i].code;
		events[i].value = (leds & map[i].wlr) != 0;
	}
	events[3].type = EV_SYN;
	events[3].code = SYN_REPORT;
	if (write(input->device->fd, events, sizeof events) < 0)
		wlr_log_errno(WLR_DEBUG, "LEDs of %s", input->base.name);
}

static const struct wlr_input_device_impl input_impl = {
	.destroy = input_destroy,
};
static const struct wlr_keyboard_impl keyboard_impl = {
	.destroy = keyboard_destroy,
	.led_update = keyboard_leds,
};
static const struct wlr_pointer_impl pointer_impl = {
	.destroy = pointer_destroy,
};

static struct evdev_input *make_input(struct evdev_device *device,
				      enum wlr_input_device_type type,
				      const char *name, int vendor,
				      int product)
{
	struct evdev_input *input = calloc(1, sizeof *input);

	if (input == NULL)
		return NULL;
	input->device = device;
	wlr_input_device_init(&input->base, type, &input_impl, name, vendor,
			      product);
	if (type == WLR_INPUT_DEVICE_KEYBOARD) {
		wlr_keyboard_init(&input->keyboard, &keyboard_impl);
		input->base.keyboard = &input->keyboard;
	} else {
		wlr_pointer_init(&input->pointer, &pointer_impl);
		input->base.pointer = &input->pointer;
	}
	return input;
}

static void emit_pointer(struct evdev_input *p, const struct evdev_out *out)
{
	switch (out->type) {
	case EVDEV_OUT_BUTTON: {
		struct wlr_event_pointer_button e = {
			.device = &p->base, .time_msec = out->time_msec,
			.button = out->code,
			.state = out->pressed ? WLR_BUTTON_PRESSED :
						WLR_BUTTON_RELEASED,
		};
		wl_signal_emit(&p->pointer.events.button, &e);
		break;
	}
	case EVDEV_OUT_MOTION: {
		struct wlr_event_pointer_motion e = {
			.device = &p->base, .time_msec = out->time_msec,
			.delta_x = out->dx, .delta_y = out->dy,
			.unaccel_dx = out->dx, .unaccel_dy = out->dy,
		};
		wl_signal_emit(&p->pointer.events.motion, &e);
		break;
	}
	case EVDEV_OUT_MOTION_ABS: {
		struct wlr_event_pointer_motion_absolute e = {
			.device = &p->base, .time_msec = out->time_msec,
			.x = out->x, .y = out->y,
		};
		wl_signal_emit(&p->pointer.events.motion_absolute, &e);
		break;
	}
	case EVDEV_OUT_AXIS: {
		struct wlr_event_pointer_axis e = {
			.device = &p->base, .time_msec = out->time_msec,
			.source = WLR_AXIS_SOURCE_WHEEL,
			.orientation = out->vertical ?
					       WLR_AXIS_ORIENTATION_VERTICAL :
					       WLR_AXIS_ORIENTATION_HORIZONTAL,
			.delta = 15.0 * out->steps,
			.delta_discrete = out->steps,
		};
		wl_signal_emit(&p->pointer.events.axis, &e);
		break;
	}
	case EVDEV_OUT_FRAME:
		wl_signal_emit(&p->pointer.events.frame, &p->pointer);
		break;
	case EVDEV_OUT_KEY:
		break;
	}
}

static void emit(void *ctx, const struct evdev_out *out)
{
	struct evdev_device *device = ctx;

	if (out->type == EVDEV_OUT_KEY) {
		struct wlr_event_keyboard_key e = {
			.time_msec = out->time_msec, .keycode = out->code,
			.update_state = true,
			.state = out->pressed ? WL_KEYBOARD_KEY_STATE_PRESSED :
						WL_KEYBOARD_KEY_STATE_RELEASED,
		};

		if (device->keyboard != NULL)
			wlr_keyboard_notify_key(&device->keyboard->keyboard,
						&e);
		return;
	}
	if (device->pointer != NULL)
		emit_pointer(device->pointer, out);
}

/* After SYN_DROPPED: ask the kernel where keys and axes are now. */
static void resync(struct evdev_device *device, int fd, uint32_t time)
{
	unsigned char keys[(KEY_MAX + 8) / 8] = { 0 };
	struct input_absinfo x = { 0 }, y = { 0 };

	if (ioctl(fd, EVIOCGKEY(sizeof keys), keys) < 0)
		wlr_log_errno(WLR_ERROR, "%s: EVIOCGKEY", device->sysname);
	if (device->decoder.has_abs) {
		ioctl(fd, EVIOCGABS(ABS_X), &x);
		ioctl(fd, EVIOCGABS(ABS_Y), &y);
	}
	evdev_resync(&device->decoder, keys, x.value, y.value, time, emit,
		     device);
}

static int read_events(int fd, uint32_t mask, void *data)
{
	struct evdev_device *device = data;
	struct input_event events[64];
	ssize_t n;

	while ((n = read(fd, events, sizeof events)) > 0) {
		for (size_t i = 0; i < (size_t)n / sizeof *events; i++)
			if (evdev_decode(&device->decoder, &events[i], emit,
					 device))
				resync(device, fd,
				       events[i].input_event_sec * 1000u +
					       events[i].input_event_usec /
						       1000u);
	}
	if ((n < 0 && errno == ENODEV) ||
	    (mask & (WL_EVENT_HANGUP | WL_EVENT_ERROR))) {
		wlr_log(WLR_INFO, "%s is gone", device->sysname);
		evdev_device_remove(device);
	}
	return 0;
}

static void announce(struct evdev_device *device, unsigned int kind,
		     const char *name, int vendor, int product)
{
	struct wlr_backend *backend = &device->backend->base;

	if (kind & EVDEV_KEYBOARD)
		device->keyboard = make_input(device,
					      WLR_INPUT_DEVICE_KEYBOARD, name,
					      vendor, product);
	if (kind & (EVDEV_POINTER | EVDEV_TABLET))
		device->pointer = make_input(device, WLR_INPUT_DEVICE_POINTER,
					     name, vendor, product);
	if (device->keyboard != NULL)
		wl_signal_emit(&backend->events.new_input,
			       &device->keyboard->base);
	if (device->pointer != NULL)
		wl_signal_emit(&backend->events.new_input,
			       &device->pointer->base);
}

static void init_decoder(struct evdev_device *device, int fd,
			 unsigned int kind)
{
	struct input_absinfo x, y;

	if ((kind & EVDEV_TABLET) && ioctl(fd, EVIOCGABS(ABS_X), &x) == 0 &&
	    ioctl(fd, EVIOCGABS(ABS_Y), &y) == 0)
		evdev_decoder_init(&device->decoder, &x, &y);
	else
		evdev_decoder_init(&device->decoder, NULL, NULL);
}

/* Through the session (libseat), or plainly for a test's backend. */
static int open_node(struct evdev_device *device, const char *path)
{
	struct wlr_session *session = device->backend->session;

	if (session == NULL)
		return open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	device->session_device = wlr_session_open_file(session, path);
	return device->session_device ? device->session_device->fd : -1;
}

static void close_node(struct evdev_device *device)
{
	if (device->session_device != NULL)
		wlr_session_close_file(device->backend->session,
				       device->session_device);
	else
		close(device->fd);
}

void evdev_device_add(struct evdev_backend *backend, const char *sysname)
{
	unsigned int kind = device_kind(backend, sysname);
	struct evdev_device *device;
	char path[512], name[256];
	int fd;

	if (kind == 0 || strlen(sysname) >= sizeof device->sysname)
		return;
	device = calloc(1, sizeof *device);
	if (device == NULL)
		return;
	device->backend = backend;
	snprintf(path, sizeof path, "%s/%s", backend->dev_dir, sysname);
	fd = device->fd = open_node(device, path);
	if (fd < 0) {
		wlr_log(WLR_ERROR, "%s: cannot open it", path);
		free(device);
		return;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	snprintf(device->sysname, sizeof device->sysname, "%s", sysname);
	init_decoder(device, fd, kind);
	device->source = wl_event_loop_add_fd(
		wl_display_get_event_loop(backend->display), fd,
		WL_EVENT_READABLE, read_events, device);
	wl_list_insert(&backend->devices, &device->link);
	read_sysfs(backend, sysname, "name", name, sizeof name);
	wlr_log(WLR_INFO, "%s: \"%s\"%s%s%s", path, name,
		kind & EVDEV_KEYBOARD ? " keyboard" : "",
		kind & EVDEV_POINTER ? " pointer" : "",
		kind & EVDEV_TABLET ? " tablet" : "");
	announce(device, kind, name[0] ? name : sysname,
		 sysfs_hex(backend, sysname, "id/vendor"),
		 sysfs_hex(backend, sysname, "id/product"));
}

void evdev_device_remove(struct evdev_device *device)
{
	wl_list_remove(&device->link);
	wl_event_source_remove(device->source);
	if (device->keyboard != NULL)
		wlr_input_device_destroy(&device->keyboard->base);
	if (device->pointer != NULL)
		wlr_input_device_destroy(&device->pointer->base);
	close_node(device);
	free(device);
}
