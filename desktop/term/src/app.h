/*
 * nexus-term's state, shared by the files that talk Wayland: the
 * window (window.c), input (input.c), the clipboards (clipboard.c) and
 * the loop that joins them to the terminal and the pty (main.c).
 */
#ifndef TERM_APP_H
#define TERM_APP_H

#include "config.h"
#include "damage.h"
#include "font.h"
#include "pty_child.h"
#include "selection.h"
#include "term.h"

#include <stddef.h>
#include <stdint.h>
#include <wayland-client.h>
#include <xkbcommon/xkbcommon.h>

struct buffer {
	struct wl_buffer *wl;
	uint32_t *pixels;
	size_t size;
	int width, height;
	int busy;		/* with the compositor until it releases it */
	struct damage damage;	/* cells this buffer has not drawn yet */
};

enum clip_kind { CLIP_CLIPBOARD, CLIP_PRIMARY };

struct offer {
	void *proxy;		/* wl_data_offer or zwp_primary_selection_offer_v1 */
	enum clip_kind kind;
	const char *mime;	/* the best text type offered, or NULL */
};

struct clip {
	char *text;		/* what we offer while we own it */
	size_t len;
	void *source;		/* our source, NULL when another owns it */
	struct offer *offer;	/* the current selection's offer */
	int paste_fd;		/* a paste being read, or -1 */
	char *in;
	size_t in_len, in_cap;
};

struct app {
	struct wl_display *display;
	struct wl_registry *registry;
	struct wl_compositor *compositor;
	struct wl_shm *shm;
	struct xdg_wm_base *wm_base;
	struct wl_seat *seat;
	struct wl_keyboard *keyboard;
	struct wl_pointer *pointer;
	struct wl_data_device_manager *data_manager;
	struct wl_data_device *data_device;
	struct zwp_primary_selection_device_manager_v1 *primary_manager;
	struct zwp_primary_selection_device_v1 *primary_device;

	struct wl_surface *surface;
	struct xdg_surface *xdg_surface;
	struct xdg_toplevel *toplevel;
	struct wl_callback *frame;
	struct buffer buffers[2];
	int width, height;		/* the window, in pixels */
	int configured, redraw_wanted, running;

	struct term_config config;
	struct font font;
	struct term term;
	struct pty pty;
	struct selection selection;

	struct xkb_context *xkb;
	struct xkb_keymap *keymap;
	struct xkb_state *xkb_state;
	int repeat_rate, repeat_delay;	/* per second; milliseconds */
	int repeat_fd;
	uint32_t repeat_key;		/* evdev code + 8, 0: none */
	uint32_t serial;		/* of the latest input event */
	int focused;

	double pointer_x, pointer_y;
	int selecting;
	uint32_t last_click_time;
	struct grid_pos last_click;

	struct clip clips[2];
	unsigned long frames_drawn, cells_drawn;
};

/* window.c */
int window_open(struct app *app);
void window_close(struct app *app);
/* Screen rows/columns changed: in every buffer's damage. */
void window_damage(struct app *app, int row0, int row1, int col0, int col1);
void window_damage_all(struct app *app);
/* Draws and commits what changed, when the compositor is ready for it. */
void window_redraw(struct app *app);
void window_set_title(struct app *app, const char *title);

/* input.c */
void input_bind_seat(struct app *app, struct wl_registry *registry,
		     uint32_t id, uint32_t version);
void input_repeat_fire(struct app *app);
void input_close(struct app *app);

/* clipboard.c */
void clipboard_init(struct app *app);
void clipboard_copy(struct app *app, enum clip_kind kind);
void clipboard_paste(struct app *app, enum clip_kind kind);
/* The paste fd of KIND is readable. */
void clipboard_read(struct app *app, enum clip_kind kind);
void clipboard_close(struct app *app);

/* main.c */
void app_scroll_view(struct app *app, int lines);

#endif /* TERM_APP_H */
