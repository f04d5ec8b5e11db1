/*
 * surface's state and what its files offer one another. Each file holds
 * one concern: output.c (outputs and frames), view.c (xdg-shell
 * windows), decoration.c (borders), layer.c (layer-shell), seat.c
 * (keyboards and selections), cursor.c (the pointer and grabs),
 * bindings.c (actions), tiling.c, evdev_*.c (our input backend).
 */
#ifndef SURFACE_SERVER_H
#define SURFACE_SERVER_H

#include <stdbool.h>
#include <wayland-server-core.h>
#include <wlr/backend.h>
#include <wlr/types/wlr_layer_shell_v1.h>
#include <wlr/types/wlr_scene.h>
#include <wlr/types/wlr_xdg_shell.h>
#include <wlr/util/box.h>

#include "config.h"

enum cursor_mode { CURSOR_PASSTHROUGH, CURSOR_MOVE, CURSOR_RESIZE };

/* The scene's layers, bottom to top; windows are between BOTTOM and TOP. */
enum scene_layer {
	LAYER_BACKGROUND,
	LAYER_BOTTOM,
	LAYER_VIEWS,
	LAYER_TOP,
	LAYER_OVERLAY,
	LAYER_COUNT
};

struct server {
	struct wl_display *display;
	struct wlr_backend *backend;
	struct wlr_renderer *renderer;
	struct wlr_allocator *allocator;
	struct wlr_scene *scene;
	struct wlr_scene_tree *layers[LAYER_COUNT];
	struct wlr_output_layout *output_layout;
	struct wl_list outputs;		/* struct output.link */

	struct wlr_xdg_shell *xdg_shell;
	struct wl_list views;		/* struct view.link, focused first */
	struct wlr_layer_shell_v1 *layer_shell;

	struct wlr_cursor *cursor;
	struct wlr_xcursor_manager *cursor_manager;
	enum cursor_mode cursor_mode;
	struct view *grabbed_view;
	double grab_x, grab_y;
	struct wlr_box grab_box;

	struct wlr_seat *seat;
	struct wl_list keyboards;	/* struct keyboard.link */
	struct wlr_surface *exclusive_focus;	/* a layer surface's */

	struct surface_config config;
	/* Made before surface confines itself: it finds the XKB data. */
	struct xkb_context *xkb;
	bool tiling;
	double master_ratio;
	int placed;			/* windows placed so far, to cascade */
	unsigned long tile_counter;

	struct wl_listener new_output, new_xdg_surface, new_layer_surface,
		new_input, new_decoration, cursor_motion,
		cursor_motion_absolute, cursor_button, cursor_axis,
		cursor_frame, request_cursor, request_set_selection,
		request_set_primary_selection, request_start_drag;
};

struct output {
	struct wl_list link;
	struct server *server;
	struct wlr_output *wlr_output;
	struct wlr_box usable;		/* what layer surfaces left, layout */
	struct wlr_scene_rect *background;
	struct wl_listener frame, destroy;
};

struct view {
	struct wl_list link;
	struct server *server;
	struct wlr_xdg_surface *xdg;
	struct wlr_scene_tree *tree;	/* at the window's top-left */
	struct wlr_scene_node *content;
	struct wlr_scene_rect *border[4];
	int x, y;			/* where the window (geometry) is */
	struct wlr_box floating;	/* where it was before tiling */
	unsigned long tile_order;	/* its place in the tiling, 0: new */
	bool mapped;
	struct wl_listener map, unmap, destroy, commit, request_move,
		request_resize, request_maximize, request_fullscreen;
};

/* output.c */
void output_init(struct server *server);
struct output *output_at_cursor(struct server *server);

/* view.c */
void view_init(struct server *server);
void view_focus(struct view *view);
struct view *view_at(struct server *server, double lx, double ly,
		     struct wlr_surface **surface, double *sx, double *sy);
void view_move_to(struct view *view, int x, int y);
void view_resize_to(struct view *view, int width, int height);
struct wlr_box view_box(struct view *view);
struct view *view_focused(struct server *server);
void view_close(struct view *view);

/* decoration.c */
void decoration_init(struct server *server);
void decoration_create(struct view *view);
void decoration_update(struct view *view);

/* layer.c */
void layer_init(struct server *server);
void layer_arrange(struct output *output);

/* seat.c */
void seat_init(struct server *server);
void seat_add_keyboard(struct server *server, struct wlr_input_device *dev);
void seat_focus_keyboard(struct server *server, struct wlr_surface *surface);
void seat_next_layout(struct server *server);
uint32_t seat_modifiers(struct server *server);

/* cursor.c */
void cursor_init(struct server *server);
void cursor_listen_seat(struct server *server);
bool cursor_begin_grab(struct view *view, enum cursor_mode mode);
void cursor_refocus(struct server *server, uint32_t time_msec);

/* bindings.c */
bool bindings_handle(struct server *server, uint32_t modifiers,
		     xkb_keysym_t keysym);

/* tiling.c */
void tiling_arrange(struct server *server);
void tiling_zoom(struct server *server);

/* evdev_backend.c: NULL when there is no session to open devices with. */
struct wlr_backend *evdev_backend_create(struct wl_display *display,
					 struct wlr_session *session);

/* confine.c */
void confine(struct server *server);

#endif
