/*
 * surface-probe: a Wayland client for tests. It maps one xdg_toplevel
 * of a given size and colour and prints, one line each, what reaches
 * it: keyboard focus, keys (with their keysym name and text), pointer
 * enter and buttons, configures, the decoration mode. --bad breaks the
 * protocol (a buffer committed before the first configure) to show the
 * compositor cuts it off and goes on. --bar makes it a layer-shell bar
 * across the top of the output instead of a window. --copy and --paste
 * test the clipboard (clipboard.c).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <wayland-client.h>
#include <xkbcommon/xkbcommon.h>

#include "probe.h"
#include "wlr-layer-shell-unstable-v1-client-protocol.h"
#include "xdg-decoration-unstable-v1-client-protocol.h"
#include "xdg-shell-client-protocol.h"


static void usage(FILE *f)
{
	fprintf(f, "usage: surface-probe [--color RRGGBB] [--size WxH] "
		   "[--title TEXT] [--copy TEXT] [--paste] [--bad | --bar]\n");
}

/* A wl_buffer of SIZE filled with the colour, from an unlinked memfd. */
static struct wl_buffer *make_buffer(struct probe *p)
{
	int stride = p->width * 4, size = stride * p->height;
	int fd = memfd_create("surface-probe", MFD_CLOEXEC);
	struct wl_shm_pool *pool;
	struct wl_buffer *buffer;
	uint32_t *pixels;

	if (fd < 0 || ftruncate(fd, size) < 0) {
		perror("surface-probe: memfd");
		exit(1);
	}
	pixels = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED,
		      fd, 0);
	if (pixels == MAP_FAILED) {
		perror("surface-probe: mmap");
		exit(1);
	}
	for (int i = 0; i < p->width * p->height; i++)
		pixels[i] = 0xff000000u | p->color;
	munmap(pixels, (size_t)size);
	pool = wl_shm_create_pool(p->shm, fd, size);
	buffer = wl_shm_pool_create_buffer(pool, 0, p->width, p->height,
					   stride, WL_SHM_FORMAT_XRGB8888);
	wl_shm_pool_destroy(pool);
	close(fd);
	return buffer;
}

static void buffer_release(void *data, struct wl_buffer *buffer)
{
	(void)data;
	wl_buffer_destroy(buffer);
}

static const struct wl_buffer_listener buffer_listener = {
	.release = buffer_release,
};

static void draw(struct probe *p)
{
	struct wl_buffer *buffer = make_buffer(p);

	wl_buffer_add_listener(buffer, &buffer_listener, p);
	wl_surface_attach(p->surface, buffer, 0, 0);
	wl_surface_damage(p->surface, 0, 0, p->width, p->height);
	wl_surface_commit(p->surface);
}

static void xdg_surface_configure(void *data, struct xdg_surface *xdg,
				  uint32_t serial)
{
	struct probe *p = data;

	xdg_surface_ack_configure(xdg, serial);
	if (p->pending_width > 0 && p->pending_height > 0) {
		p->width = p->pending_width;
		p->height = p->pending_height;
	}
	draw(p);
}

static const struct xdg_surface_listener xdg_surface_listener = {
	.configure = xdg_surface_configure,
};

static void toplevel_configure(void *data, struct xdg_toplevel *toplevel,
			       int32_t width, int32_t height,
			       struct wl_array *states)
{
	struct probe *p = data;

	(void)toplevel;
	(void)states;
	p->pending_width = width;
	p->pending_height = height;
	printf("configure %d %d\n", width, height);
}

static void toplevel_close(void *data, struct xdg_toplevel *toplevel)
{
	struct probe *p = data;

	(void)toplevel;
	printf("close\n");
	p->closed = true;
}

static const struct xdg_toplevel_listener toplevel_listener = {
	.configure = toplevel_configure,
	.close = toplevel_close,
};

static void decoration_configure(void *data,
				 struct zxdg_toplevel_decoration_v1 *d,
				 uint32_t mode)
{
	(void)data;
	(void)d;
	printf("decoration %s\n",
	       mode == ZXDG_TOPLEVEL_DECORATION_V1_MODE_SERVER_SIDE ?
		       "server-side" :
		       "client-side");
}

static const struct zxdg_toplevel_decoration_v1_listener decoration_listener = {
	.configure = decoration_configure,
};

static void wm_base_ping(void *data, struct xdg_wm_base *wm_base,
			 uint32_t serial)
{
	(void)data;
	xdg_wm_base_pong(wm_base, serial);
}

static const struct xdg_wm_base_listener wm_base_listener = {
	.ping = wm_base_ping,
};

static void keyboard_keymap(void *data, struct wl_keyboard *keyboard,
			    uint32_t format, int32_t fd, uint32_t size)
{
	struct probe *p = data;
	char *text;

	(void)keyboard;
	if (format != WL_KEYBOARD_KEYMAP_FORMAT_XKB_V1) {
		close(fd);
		return;
	}
	text = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (text == MAP_FAILED)
		return;
	xkb_state_unref(p->state);
	xkb_keymap_unref(p->keymap);
	p->keymap = xkb_keymap_new_from_string(p->xkb, text,
					       XKB_KEYMAP_FORMAT_TEXT_V1,
					       XKB_KEYMAP_COMPILE_NO_FLAGS);
	munmap(text, size);
	p->state = p->keymap ? xkb_state_new(p->keymap) : NULL;
}

static void keyboard_enter(void *data, struct wl_keyboard *keyboard,
			   uint32_t serial, struct wl_surface *surface,
			   struct wl_array *keys)
{
	(void)keyboard, (void)surface, (void)keys;
	printf("focus in\n");
	clipboard_copy(data, serial);
}

static void keyboard_leave(void *data, struct wl_keyboard *keyboard,
			   uint32_t serial, struct wl_surface *surface)
{
	(void)data, (void)keyboard, (void)serial, (void)surface;
	printf("focus out\n");
}

/* "key NAME TEXT", TEXT "-" when the key types nothing printable. */
static void keyboard_key(void *data, struct wl_keyboard *keyboard,
			 uint32_t serial, uint32_t time, uint32_t key,
			 uint32_t state)
{
	struct probe *p = data;
	char name[64] = "?", text[16] = "";
	xkb_keysym_t sym;

	(void)keyboard, (void)serial, (void)time;
	if (state != WL_KEYBOARD_KEY_STATE_PRESSED || p->state == NULL)
		return;
	sym = xkb_state_key_get_one_sym(p->state, key + 8);
	xkb_keysym_get_name(sym, name, sizeof name);
	xkb_state_key_get_utf8(p->state, key + 8, text, sizeof text);
	if ((unsigned char)text[0] < 0x20 || text[0] == 0x7f)
		strcpy(text, "-");
	printf("key %s %s\n", name, text);
}

static void keyboard_modifiers(void *data, struct wl_keyboard *keyboard,
			       uint32_t serial, uint32_t depressed,
			       uint32_t latched, uint32_t locked,
			       uint32_t group)
{
	struct probe *p = data;

	(void)keyboard, (void)serial;
	if (p->state != NULL)
		xkb_state_update_mask(p->state, depressed, latched, locked, 0,
				      0, group);
}

static void keyboard_repeat_info(void *data, struct wl_keyboard *keyboard,
				 int32_t rate, int32_t delay)
{
	(void)data, (void)keyboard;
	printf("repeat %d %d\n", rate, delay);
}

static const struct wl_keyboard_listener keyboard_listener = {
	.keymap = keyboard_keymap,
	.enter = keyboard_enter,
	.leave = keyboard_leave,
	.key = keyboard_key,
	.modifiers = keyboard_modifiers,
	.repeat_info = keyboard_repeat_info,
};

static void pointer_enter(void *data, struct wl_pointer *pointer,
			  uint32_t serial, struct wl_surface *surface,
			  wl_fixed_t x, wl_fixed_t y)
{
	(void)data, (void)pointer, (void)serial, (void)surface;
	printf("enter %d %d\n", wl_fixed_to_int(x), wl_fixed_to_int(y));
}

static void pointer_leave(void *data, struct wl_pointer *pointer,
			  uint32_t serial, struct wl_surface *surface)
{
	(void)data, (void)pointer, (void)serial, (void)surface;
	printf("leave\n");
}

static void pointer_motion(void *data, struct wl_pointer *pointer,
			   uint32_t time, wl_fixed_t x, wl_fixed_t y)
{
	(void)data, (void)pointer, (void)time, (void)x, (void)y;
}

static void pointer_button(void *data, struct wl_pointer *pointer,
			   uint32_t serial, uint32_t time, uint32_t button,
			   uint32_t state)
{
	(void)data, (void)pointer, (void)serial, (void)time;
	printf("button %u %s\n", button,
	       state == WL_POINTER_BUTTON_STATE_PRESSED ? "pressed" :
							  "released");
}

static void pointer_axis(void *data, struct wl_pointer *pointer,
			 uint32_t time, uint32_t axis, wl_fixed_t value)
{
	(void)data, (void)pointer, (void)time;
	printf("axis %s %d\n", axis == WL_POINTER_AXIS_VERTICAL_SCROLL ?
				       "vertical" : "horizontal",
	       wl_fixed_to_int(value));
}

static void pointer_frame(void *data, struct wl_pointer *pointer)
{
	(void)data, (void)pointer;
}

static void pointer_axis_source(void *data, struct wl_pointer *pointer,
				uint32_t source)
{
	(void)data, (void)pointer, (void)source;
}

static void pointer_axis_stop(void *data, struct wl_pointer *pointer,
			      uint32_t time, uint32_t axis)
{
	(void)data, (void)pointer, (void)time, (void)axis;
}

static void pointer_axis_discrete(void *data, struct wl_pointer *pointer,
				  uint32_t axis, int32_t discrete)
{
	(void)data, (void)pointer, (void)axis, (void)discrete;
}

/* Version 5: libwayland calls every member, so none may be NULL. */
static const struct wl_pointer_listener pointer_listener = {
	.enter = pointer_enter,
	.leave = pointer_leave,
	.motion = pointer_motion,
	.button = pointer_button,
	.axis = pointer_axis,
	.frame = pointer_frame,
	.axis_source = pointer_axis_source,
	.axis_stop = pointer_axis_stop,
	.axis_discrete = pointer_axis_discrete,
};

static void seat_capabilities(void *data, struct wl_seat *seat, uint32_t caps)
{
	struct probe *p = data;

	/*
	 * A capability that goes (every keyboard gone, as on a VT switch)
	 * leaves the old object inert: take a new one when it comes back.
	 */
	if ((caps & WL_SEAT_CAPABILITY_KEYBOARD) && p->keyboard == NULL) {
		p->keyboard = wl_seat_get_keyboard(seat);
		wl_keyboard_add_listener(p->keyboard, &keyboard_listener, p);
	} else if (!(caps & WL_SEAT_CAPABILITY_KEYBOARD) && p->keyboard) {
		wl_keyboard_release(p->keyboard);
		p->keyboard = NULL;
		printf("keyboard gone\n");
	}
	if ((caps & WL_SEAT_CAPABILITY_POINTER) && p->pointer == NULL) {
		p->pointer = wl_seat_get_pointer(seat);
		wl_pointer_add_listener(p->pointer, &pointer_listener, p);
	} else if (!(caps & WL_SEAT_CAPABILITY_POINTER) && p->pointer) {
		wl_pointer_release(p->pointer);
		p->pointer = NULL;
	}
}

static void seat_name(void *data, struct wl_seat *seat, const char *name)
{
	(void)data, (void)seat, (void)name;
}

static const struct wl_seat_listener seat_listener = {
	.capabilities = seat_capabilities,
	.name = seat_name,
};

static void registry_global(void *data, struct wl_registry *registry,
			    uint32_t name, const char *interface,
			    uint32_t version)
{
	struct probe *p = data;

	(void)version;
	if (strcmp(interface, wl_compositor_interface.name) == 0) {
		p->compositor = wl_registry_bind(registry, name,
						 &wl_compositor_interface, 4);
	} else if (strcmp(interface, wl_shm_interface.name) == 0) {
		p->shm = wl_registry_bind(registry, name, &wl_shm_interface, 1);
	} else if (strcmp(interface, wl_seat_interface.name) == 0) {
		p->seat = wl_registry_bind(registry, name, &wl_seat_interface,
					   5);
		wl_seat_add_listener(p->seat, &seat_listener, p);
	} else if (strcmp(interface, xdg_wm_base_interface.name) == 0) {
		p->wm_base = wl_registry_bind(registry, name,
					      &xdg_wm_base_interface, 1);
		xdg_wm_base_add_listener(p->wm_base, &wm_base_listener, p);
	} else if (strcmp(interface, wl_data_device_manager_interface.name) ==
		   0) {
		p->data_manager = wl_registry_bind(
			registry, name, &wl_data_device_manager_interface, 3);
	} else if (strcmp(interface, zwlr_layer_shell_v1_interface.name) == 0) {
		p->layer_shell = wl_registry_bind(
			registry, name, &zwlr_layer_shell_v1_interface, 1);
	} else if (strcmp(interface,
			  zxdg_decoration_manager_v1_interface.name) == 0) {
		p->decoration_manager = wl_registry_bind(
			registry, name, &zxdg_decoration_manager_v1_interface,
			1);
	}
}

static void registry_global_remove(void *data, struct wl_registry *registry,
				   uint32_t name)
{
	(void)data, (void)registry, (void)name;
}

static const struct wl_registry_listener registry_listener = {
	.global = registry_global,
	.global_remove = registry_global_remove,
};

static int parse_args(struct probe *p, int argc, char *argv[],
		      const char **title)
{
	static const struct option options[] = {
		{ "color", required_argument, NULL, 'c' },
		{ "size", required_argument, NULL, 's' },
		{ "title", required_argument, NULL, 't' },
		{ "bad", no_argument, NULL, 'b' },
		{ "bar", no_argument, NULL, 'B' },
		{ "copy", required_argument, NULL, 'C' },
		{ "paste", no_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	char *end;
	int c;

	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'c':
			p->color = (uint32_t)strtoul(optarg, &end, 16);
			if (strlen(optarg) != 6 || *end) {
				fprintf(stderr, "surface-probe: --color %s: "
						"not RRGGBB\n", optarg);
				return 2;
			}
			break;
		case 's':
			if (sscanf(optarg, "%dx%d", &p->width, &p->height) != 2 ||
			    p->width < 1 || p->height < 1 ||
			    p->width > 8192 || p->height > 8192) {
				fprintf(stderr, "surface-probe: --size %s: not "
						"WIDTHxHEIGHT\n", optarg);
				return 2;
			}
			break;
		case 't':
			*title = optarg;
			break;
		case 'b':
			p->bad = true;
			break;
		case 'B':
			p->bar = true;
			break;
		case 'C':
			p->copy_text = optarg;
			break;
		case 'P':
			p->paste = true;
			break;
		case 'h':
			usage(stdout);
			return 1;
		default:
			usage(stderr);
			return 2;
		}
	}
	return optind < argc ? (usage(stderr), 2) : 0;
}

static void create_window(struct probe *p, const char *title)
{
	p->surface = wl_compositor_create_surface(p->compositor);
	p->xdg_surface = xdg_wm_base_get_xdg_surface(p->wm_base, p->surface);
	xdg_surface_add_listener(p->xdg_surface, &xdg_surface_listener, p);
	p->toplevel = xdg_surface_get_toplevel(p->xdg_surface);
	xdg_toplevel_add_listener(p->toplevel, &toplevel_listener, p);
	xdg_toplevel_set_title(p->toplevel, title);
	xdg_toplevel_set_app_id(p->toplevel, "surface-probe");
	if (p->decoration_manager != NULL) {
		struct zxdg_toplevel_decoration_v1 *d =
			zxdg_decoration_manager_v1_get_toplevel_decoration(
				p->decoration_manager, p->toplevel);

		zxdg_toplevel_decoration_v1_add_listener(
			d, &decoration_listener, p);
	}
	if (p->bad) {
		/* A buffer before the first configure: a protocol error. */
		wl_surface_attach(p->surface, make_buffer(p), 0, 0);
	}
	wl_surface_commit(p->surface);
}

static void layer_configure(void *data, struct zwlr_layer_surface_v1 *layer,
			    uint32_t serial, uint32_t width, uint32_t height)
{
	struct probe *p = data;

	printf("layer-configure %u %u\n", width, height);
	zwlr_layer_surface_v1_ack_configure(layer, serial);
	p->width = (int)width;
	p->height = (int)height;
	draw(p);
}

static void layer_closed(void *data, struct zwlr_layer_surface_v1 *layer)
{
	struct probe *p = data;

	(void)layer;
	printf("close\n");
	p->closed = true;
}

static const struct zwlr_layer_surface_v1_listener layer_listener = {
	.configure = layer_configure,
	.closed = layer_closed,
};

/* A bar: the output's width, our height, that height kept from windows. */
static void create_bar(struct probe *p)
{
	p->surface = wl_compositor_create_surface(p->compositor);
	p->layer_surface = zwlr_layer_shell_v1_get_layer_surface(
		p->layer_shell, p->surface, NULL,
		ZWLR_LAYER_SHELL_V1_LAYER_TOP, "surface-probe");
	zwlr_layer_surface_v1_add_listener(p->layer_surface, &layer_listener,
					   p);
	zwlr_layer_surface_v1_set_size(p->layer_surface, 0,
				       (uint32_t)p->height);
	zwlr_layer_surface_v1_set_anchor(
		p->layer_surface, ZWLR_LAYER_SURFACE_V1_ANCHOR_TOP |
					  ZWLR_LAYER_SURFACE_V1_ANCHOR_LEFT |
					  ZWLR_LAYER_SURFACE_V1_ANCHOR_RIGHT);
	zwlr_layer_surface_v1_set_exclusive_zone(p->layer_surface, p->height);
	wl_surface_commit(p->surface);
}

/* Say how the connection ended: a protocol error names its object. */
static int report_error(struct probe *p)
{
	const struct wl_interface *interface;
	uint32_t id;
	int code = wl_display_get_error(p->display);

	if (code == EPROTO) {
		code = (int)wl_display_get_protocol_error(p->display,
							  &interface, &id);
		printf("protocol-error %s %d\n",
		       interface ? interface->name : "?", code);
		return 3;
	}
	printf("disconnected %s\n", strerror(code));
	return 1;
}

int main(int argc, char *argv[])
{
	struct probe p = { .color = 0xff0000, .width = 200, .height = 150 };
	const char *title = "surface-probe";
	struct wl_registry *registry;
	int rc = parse_args(&p, argc, argv, &title);

	if (rc)
		return rc == 1 ? 0 : rc;
	setvbuf(stdout, NULL, _IOLBF, 0);
	p.display = wl_display_connect(NULL);
	if (p.display == NULL) {
		fprintf(stderr, "surface-probe: no Wayland display (is "
				"WAYLAND_DISPLAY set?)\n");
		return 1;
	}
	p.xkb = xkb_context_new(XKB_CONTEXT_NO_FLAGS);
	registry = wl_display_get_registry(p.display);
	wl_registry_add_listener(registry, &registry_listener, &p);
	wl_display_roundtrip(p.display);
	if (!p.compositor || !p.shm || !p.wm_base) {
		fprintf(stderr, "surface-probe: the compositor lacks "
				"wl_compositor, wl_shm or xdg_wm_base\n");
		return 1;
	}
	if (p.bar && p.layer_shell == NULL) {
		fprintf(stderr, "surface-probe: no zwlr_layer_shell_v1\n");
		return 1;
	}
	if (p.bar)
		create_bar(&p);
	else
		create_window(&p, title);
	clipboard_init(&p);
	while (!p.closed && rc == 0)
		if (wl_display_dispatch(p.display) < 0)
			rc = report_error(&p);
	xkb_state_unref(p.state);
	xkb_keymap_unref(p.keymap);
	xkb_context_unref(p.xkb);
	wl_display_disconnect(p.display);
	return rc;
}
