/*
 * The evdev backend against a fake sysfs and FIFOs for device nodes:
 * which devices it opens, the wlroots devices and events it makes,
 * hotplug by uevent, removal.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wlr/types/wlr_keyboard.h>
#include <wlr/types/wlr_pointer.h>
#include <wlr/util/log.h>

#include "evdev.h"
#include "tap.h"

static char root[] = "/tmp/surface-evdev-XXXXXX";
static char sysfs[64], devdir[64];
static struct wl_display *display;

struct seen {
	int keyboards, pointers, destroyed;
	int keys, last_key, last_key_state;
	int motions, buttons, absolutes, axes, frames;
	double dx, x;
	struct wlr_input_device *keyboard, *pointer;
	struct wl_listener new_input, key, motion, button, absolute, axis,
		frame, destroy_keyboard, destroy_pointer, destroy_other;
} seen;

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f == NULL) {
		perror(path);
		exit(2);
	}
	fprintf(f, "%s\n", text);
	fclose(f);
}

/* sysfs's view of eventN, and a FIFO as its node; returns our end. */
static int fake_device(const char *sysname, const char *name, const char *ev,
		       const char *key, const char *rel, const char *abs)
{
	char dir[256], caps[300], id[300], node[256];

	snprintf(dir, sizeof dir, "%s/%s/device", sysfs, sysname);
	snprintf(caps, sizeof caps, "%s/capabilities", dir);
	snprintf(id, sizeof id, "%s/id", dir);
	snprintf(node, sizeof node, "%s/%s", sysfs, sysname);
	if (mkdir(node, 0755) < 0 || mkdir(dir, 0755) < 0 ||
	    mkdir(caps, 0755) < 0 || mkdir(id, 0755) < 0) {
		perror(dir);
		exit(2);
	}
	write_file(dir, "name", name);
	write_file(caps, "ev", ev);
	write_file(caps, "key", key);
	write_file(caps, "rel", rel);
	write_file(caps, "abs", abs);
	write_file(id, "vendor", "0627");
	write_file(id, "product", "0001");
	snprintf(node, sizeof node, "%s/%s", devdir, sysname);
	if (mkfifo(node, 0600) < 0) {
		perror(node);
		exit(2);
	}
	return open(node, O_RDWR | O_NONBLOCK | O_CLOEXEC);
}

static void send_event(int fd, int type, int code, int value)
{
	struct input_event ev = { .type = (unsigned short)type,
				  .code = (unsigned short)code,
				  .value = value };

	if (write(fd, &ev, sizeof ev) != sizeof ev)
		perror("write");
}

/* Let the backend read what was written. */
static void dispatch(void)
{
	struct wl_event_loop *loop = wl_display_get_event_loop(display);

	for (int i = 0; i < 5; i++)
		wl_event_loop_dispatch(loop, 10);
}

static void on_key(struct wl_listener *l, void *data)
{
	struct wlr_event_keyboard_key *e = data;

	(void)l;
	seen.keys++;
	seen.last_key = (int)e->keycode;
	seen.last_key_state = e->state;
}

static void on_motion(struct wl_listener *l, void *data)
{
	struct wlr_event_pointer_motion *e = data;

	(void)l;
	seen.motions++;
	seen.dx = e->delta_x;
}

static void on_button(struct wl_listener *l, void *data)
{
	(void)l, (void)data;
	seen.buttons++;
}

static void on_absolute(struct wl_listener *l, void *data)
{
	struct wlr_event_pointer_motion_absolute *e = data;

	(void)l;
	seen.absolutes++;
	seen.x = e->x;
}

static void on_axis(struct wl_listener *l, void *data)
{
	(void)l, (void)data;
	seen.axes++;
}

static void on_frame(struct wl_listener *l, void *data)
{
	(void)l, (void)data;
	seen.frames++;
}

static void on_destroy_keyboard(struct wl_listener *l, void *data)
{
	(void)data;
	seen.destroyed++;
	seen.keyboard = NULL;
	wl_list_remove(&l->link);
	wl_list_remove(&seen.key.link);
}

static void on_destroy_pointer(struct wl_listener *l, void *data)
{
	(void)data;
	seen.destroyed++;
	seen.pointer = NULL;
	wl_list_remove(&l->link);
	wl_list_remove(&seen.motion.link);
	wl_list_remove(&seen.button.link);
	wl_list_remove(&seen.absolute.link);
	wl_list_remove(&seen.axis.link);
	wl_list_remove(&seen.frame.link);
}

static void on_destroy_other(struct wl_listener *l, void *data)
{
	(void)data;
	seen.destroyed++;
	wl_list_remove(&l->link);
}

static void listen(struct wl_signal *s, struct wl_listener *l,
		   wl_notify_func_t f)
{
	l->notify = f;
	wl_signal_add(s, l);
}

static void on_new_input(struct wl_listener *l, void *data)
{
	struct wlr_input_device *dev = data;

	(void)l;
	if (dev->type == WLR_INPUT_DEVICE_KEYBOARD) {
		seen.keyboards++;
		seen.keyboard = dev;
		listen(&dev->keyboard->events.key, &seen.key, on_key);
		listen(&dev->events.destroy, &seen.destroy_keyboard,
		       on_destroy_keyboard);
	} else if (dev->type == WLR_INPUT_DEVICE_POINTER && seen.pointer) {
		/* A second pointer: counted, its events not followed. */
		seen.pointers++;
		listen(&dev->events.destroy, &seen.destroy_other,
		       on_destroy_other);
	} else if (dev->type == WLR_INPUT_DEVICE_POINTER) {
		struct wlr_pointer *p = dev->pointer;

		seen.pointers++;
		seen.pointer = dev;
		listen(&p->events.motion, &seen.motion, on_motion);
		listen(&p->events.button, &seen.button, on_button);
		listen(&p->events.motion_absolute, &seen.absolute, on_absolute);
		listen(&p->events.axis, &seen.axis, on_axis);
		listen(&p->events.frame, &seen.frame, on_frame);
		listen(&dev->events.destroy, &seen.destroy_pointer,
		       on_destroy_pointer);
	}
}

static void uevent(struct evdev_backend *backend, const char *action,
		   const char *sysname)
{
	char msg[256];
	int n = snprintf(msg, sizeof msg,
			 "%s@/devices/virtual/input/input9/%s%cACTION=%s%c"
			 "SUBSYSTEM=input%cDEVNAME=input/%s",
			 action, sysname, 0, action, 0, 0, sysname);

	evdev_backend_handle_uevent(backend, msg, (size_t)n + 1);
}

int main(void)
{
	struct wlr_backend *wlr;
	struct evdev_backend *backend;
	int keyboard, mouse, joystick, tablet;

	wlr_log_init(WLR_SILENT, NULL);
	if (mkdtemp(root) == NULL)
		return 2;
	snprintf(sysfs, sizeof sysfs, "%s/sys", root);
	snprintf(devdir, sizeof devdir, "%s/dev", root);
	mkdir(sysfs, 0755);
	mkdir(devdir, 0755);
	/* KEY_A..: a keyboard. BTN_LEFT and REL_X|REL_Y: a mouse. */
	keyboard = fake_device("event0", "Test Keyboard", "3", "40000000", "0",
			       "0");
	mouse = fake_device("event1", "Test Mouse", "7", "10000 0 0 0 0", "103",
			    "0");
	joystick = fake_device("event2", "Test Stick", "b", "1 0 0 0 0", "0",
			       "3");

	display = wl_display_create();
	wlr = evdev_backend_create_at(display, NULL, sysfs, devdir);
	backend = wl_container_of(wlr, backend, base);
	listen(&wlr->events.new_input, &seen.new_input, on_new_input);
	ok(wlr_backend_start(wlr), "the backend starts");
	is_int(seen.keyboards, 1, "one keyboard found");
	is_int(seen.pointers, 1, "one pointer: the joystick is left alone");
	ok(seen.keyboard && strcmp(seen.keyboard->name, "Test Keyboard") == 0,
	   "named from sysfs");
	ok(seen.keyboard && seen.keyboard->vendor == 0x627,
	   "its vendor from sysfs");
	is_int(wl_list_length(&backend->devices), 2, "two nodes open");

	send_event(keyboard, EV_KEY, KEY_A, 1);
	send_event(keyboard, EV_SYN, SYN_REPORT, 0);
	dispatch();
	ok(seen.keys == 1 && seen.last_key == KEY_A &&
		   seen.last_key_state == WL_KEYBOARD_KEY_STATE_PRESSED,
	   "KEY_A pressed reaches the wlr_keyboard");
	send_event(keyboard, EV_KEY, KEY_A, 2);
	send_event(keyboard, EV_SYN, SYN_REPORT, 0);
	send_event(keyboard, EV_KEY, KEY_A, 0);
	send_event(keyboard, EV_SYN, SYN_REPORT, 0);
	dispatch();
	ok(seen.keys == 2 &&
		   seen.last_key_state == WL_KEYBOARD_KEY_STATE_RELEASED,
	   "the repeat is dropped, the release arrives");

	send_event(mouse, EV_REL, REL_X, 5);
	send_event(mouse, EV_SYN, SYN_REPORT, 0);
	send_event(mouse, EV_KEY, BTN_LEFT, 1);
	send_event(mouse, EV_SYN, SYN_REPORT, 0);
	send_event(mouse, EV_REL, REL_WHEEL, -1);
	send_event(mouse, EV_SYN, SYN_REPORT, 0);
	dispatch();
	ok(seen.motions == 1 && seen.dx == 5, "relative motion");
	is_int(seen.buttons, 1, "a button");
	is_int(seen.axes, 1, "a wheel");
	is_int(seen.frames, 3, "a frame after each");

	/* Hotplug: a tablet appears, is announced; then goes. */
	tablet = fake_device("event3", "Test Tablet", "b", "10000 0 0 0 0", "0",
			     "3");
	uevent(backend, "add", "event3");
	is_int(seen.pointers, 2, "an added tablet is announced");
	uevent(backend, "add", "event3");
	is_int(seen.pointers, 2, "a second add of it changes nothing");
	uevent(backend, "remove", "event3");
	is_int(seen.destroyed, 1, "a remove uevent destroys its device");
	is_int(wl_list_length(&backend->devices), 2, "and closes its node");
	uevent(backend, "remove", "event0");
	ok(seen.keyboard == NULL && seen.destroyed == 2,
	   "the keyboard removed the same way");

	wlr_backend_destroy(wlr);
	ok(seen.destroyed == 3 && seen.pointer == NULL,
	   "destroying the backend destroys the mouse too");
	wl_display_destroy(display);
	close(keyboard);
	close(mouse);
	close(joystick);
	close(tablet);
	{
		char command[128];

		snprintf(command, sizeof command, "rm -rf %s", root);
		if (system(command) != 0)
			printf("# could not remove %s\n", root);
	}
	return done_testing();
}
