/*
 * The pointer: motion to the surface under it, click-to-focus, and the
 * grabs: Super+left-drag moves a window, Super+right-drag resizes it
 * from its bottom-right corner (so do clients' own move and resize
 * requests). The cursor image is drawn in software by the scene.
 */
#include <linux/input-event-codes.h>
#include <wlr/types/wlr_cursor.h>
#include <wlr/types/wlr_output_layout.h>
#include <wlr/types/wlr_pointer.h>
#include <wlr/types/wlr_seat.h>
#include <wlr/types/wlr_xcursor_manager.h>
#include <wlr/util/log.h>

#include "keyspec.h"
#include "server.h"

/* Whatever is under the cursor: a layer surface above windows first. */
static struct wlr_surface *surface_at(struct server *server, double lx,
				      double ly, double *sx, double *sy,
				      struct view **view)
{
	static const enum scene_layer order[] = { LAYER_OVERLAY, LAYER_TOP,
						  LAYER_VIEWS, LAYER_BOTTOM,
						  LAYER_BACKGROUND };
	struct wlr_surface *surface = NULL;

	*view = NULL;
	for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
		struct wlr_scene_node *node;

		if (order[i] == LAYER_VIEWS) {
			*view = view_at(server, lx, ly, &surface, sx, sy);
			if (*view != NULL)
				return surface;
			continue;
		}
		node = wlr_scene_node_at(&server->layers[order[i]]->node, lx,
					 ly, sx, sy);
		if (node != NULL && node->type == WLR_SCENE_NODE_SURFACE)
			return wlr_scene_surface_from_node(node)->surface;
	}
	return NULL;
}

static void move_grabbed(struct server *server)
{
	struct view *view = server->grabbed_view;

	if (server->cursor_mode == CURSOR_MOVE) {
		view_move_to(view, (int)(server->cursor->x - server->grab_x),
			     (int)(server->cursor->y - server->grab_y));
		return;
	}
	view_resize_to(view,
		       server->grab_box.width +
			       (int)(server->cursor->x - server->grab_x),
		       server->grab_box.height +
			       (int)(server->cursor->y - server->grab_y));
}

/* The pointer's focus follows what is under the cursor now. */
void cursor_refocus(struct server *server, uint32_t time_msec)
{
	double sx, sy;
	struct view *view;
	struct wlr_surface *surface;

	if (server->cursor_mode != CURSOR_PASSTHROUGH) {
		move_grabbed(server);
		return;
	}
	surface = surface_at(server, server->cursor->x, server->cursor->y,
			     &sx, &sy, &view);
	if (surface == NULL) {
		wlr_xcursor_manager_set_cursor_image(server->cursor_manager,
						     "left_ptr", server->cursor);
		wlr_seat_pointer_clear_focus(server->seat);
		return;
	}
	wlr_seat_pointer_notify_enter(server->seat, surface, sx, sy);
	wlr_seat_pointer_notify_motion(server->seat, time_msec, sx, sy);
}

bool cursor_begin_grab(struct view *view, enum cursor_mode mode)
{
	struct server *server = view->server;

	/* Tiled windows are placed by the layout, not by hand. */
	if (server->tiling || !view->mapped)
		return false;
	server->grabbed_view = view;
	server->cursor_mode = mode;
	server->grab_box = view_box(view);
	if (mode == CURSOR_MOVE) {
		server->grab_x = server->cursor->x - view->x;
		server->grab_y = server->cursor->y - view->y;
	} else {
		server->grab_x = server->cursor->x;
		server->grab_y = server->cursor->y;
	}
	wlr_seat_pointer_clear_focus(server->seat);
	return true;
}

static void cursor_motion(struct wl_listener *listener, void *data)
{
	struct server *server = wl_container_of(listener, server,
						cursor_motion);
	struct wlr_event_pointer_motion *event = data;

	wlr_cursor_move(server->cursor, event->device, event->delta_x,
			event->delta_y);
	cursor_refocus(server, event->time_msec);
}

static void cursor_motion_absolute(struct wl_listener *listener, void *data)
{
	struct server *server = wl_container_of(listener, server,
						cursor_motion_absolute);
	struct wlr_event_pointer_motion_absolute *event = data;

	wlr_cursor_warp_absolute(server->cursor, event->device, event->x,
				 event->y);
	cursor_refocus(server, event->time_msec);
}

static void cursor_button(struct wl_listener *listener, void *data)
{
	struct server *server = wl_container_of(listener, server,
						cursor_button);
	struct wlr_event_pointer_button *event = data;
	struct view *view;
	double sx, sy;

	if (event->state == WLR_BUTTON_RELEASED &&
	    server->cursor_mode != CURSOR_PASSTHROUGH) {
		server->cursor_mode = CURSOR_PASSTHROUGH;
		server->grabbed_view = NULL;
		cursor_refocus(server, event->time_msec);
		return;
	}
	surface_at(server, server->cursor->x, server->cursor->y, &sx, &sy,
		   &view);
	wlr_log(WLR_DEBUG, "button %u %s at %.0f,%.0f on %s, modifiers %#x",
		event->button,
		event->state == WLR_BUTTON_PRESSED ? "pressed" : "released",
		server->cursor->x, server->cursor->y,
		view ? "a window" : "no window", seat_modifiers(server));
	if (event->state == WLR_BUTTON_PRESSED && view != NULL) {
		view_focus(view);
		/* A grab takes the press: the client never sees it. */
		if (seat_modifiers(server) & KEYSPEC_LOGO &&
		    (event->button == BTN_LEFT || event->button == BTN_RIGHT) &&
		    cursor_begin_grab(view, event->button == BTN_LEFT ?
						    CURSOR_MOVE :
						    CURSOR_RESIZE))
			return;
	}
	wlr_seat_pointer_notify_button(server->seat, event->time_msec,
				       event->button, event->state);
}

static void cursor_axis(struct wl_listener *listener, void *data)
{
	struct server *server = wl_container_of(listener, server, cursor_axis);
	struct wlr_event_pointer_axis *event = data;

	wlr_seat_pointer_notify_axis(server->seat, event->time_msec,
				     event->orientation, event->delta,
				     event->delta_discrete, event->source);
}

static void cursor_frame(struct wl_listener *listener, void *data)
{
	struct server *server = wl_container_of(listener, server, cursor_frame);

	(void)data;
	wlr_seat_pointer_notify_frame(server->seat);
}

/* A client may set the cursor image only while it has the pointer. */
static void request_cursor(struct wl_listener *listener, void *data)
{
	struct server *server = wl_container_of(listener, server,
						request_cursor);
	struct wlr_seat_pointer_request_set_cursor_event *event = data;

	if (server->seat->pointer_state.focused_client == event->seat_client)
		wlr_cursor_set_surface(server->cursor, event->surface,
				       event->hotspot_x, event->hotspot_y);
}

static void listen(struct wl_signal *signal, struct wl_listener *listener,
		   wl_notify_func_t notify)
{
	listener->notify = notify;
	wl_signal_add(signal, listener);
}

void cursor_init(struct server *server)
{
	server->cursor = wlr_cursor_create();
	wlr_cursor_attach_output_layout(server->cursor, server->output_layout);
	server->cursor_manager = wlr_xcursor_manager_create(NULL, 24);
	wlr_xcursor_manager_load(server->cursor_manager, 1);
	listen(&server->cursor->events.motion, &server->cursor_motion,
	       cursor_motion);
	listen(&server->cursor->events.motion_absolute,
	       &server->cursor_motion_absolute, cursor_motion_absolute);
	listen(&server->cursor->events.button, &server->cursor_button,
	       cursor_button);
	listen(&server->cursor->events.axis, &server->cursor_axis,
	       cursor_axis);
	listen(&server->cursor->events.frame, &server->cursor_frame,
	       cursor_frame);
}

/* After the seat exists: its cursor requests. */
void cursor_listen_seat(struct server *server)
{
	listen(&server->seat->events.request_set_cursor,
	       &server->request_cursor, request_cursor);
}
