/* surface-probe's state, shared by its files. */
#ifndef SURFACE_PROBE_H
#define SURFACE_PROBE_H

#include <stdbool.h>
#include <stdint.h>
#include <wayland-client.h>
#include <xkbcommon/xkbcommon.h>

struct probe {
	struct wl_display *display;
	struct wl_compositor *compositor;
	struct wl_shm *shm;
	struct wl_seat *seat;
	struct xdg_wm_base *wm_base;
	struct zxdg_decoration_manager_v1 *decoration_manager;
	struct zwlr_layer_shell_v1 *layer_shell;
	struct zwlr_layer_surface_v1 *layer_surface;
	struct wl_surface *surface;
	struct xdg_surface *xdg_surface;
	struct xdg_toplevel *toplevel;
	struct wl_keyboard *keyboard;
	struct wl_pointer *pointer;
	struct xkb_context *xkb;
	struct xkb_keymap *keymap;
	struct xkb_state *state;
	uint32_t color;		/* 0xRRGGBB */
	int width, height;	/* what we draw */
	int pending_width, pending_height;
	bool bad, bar, closed;
	struct wl_data_device_manager *data_manager;
	struct wl_data_device *data_device;
	const char *copy_text;	/* --copy: offered on keyboard focus */
	bool paste;		/* --paste: print the selection offered */
};

/* clipboard.c: the data device, once the seat and manager are bound. */
void clipboard_init(struct probe *p);
/* With --copy, offer the text as the selection, with an input SERIAL. */
void clipboard_copy(struct probe *p, uint32_t serial);

#endif
