/*
 * Windows: xdg-shell toplevels (views) and their popups. A view is a
 * scene tree at the window's top-left (its xdg geometry) holding the
 * surfaces and the border; views are floating unless tiling is on.
 */
#include <stdlib.h>
#include <wlr/types/wlr_output_layout.h>
#include <wlr/types/wlr_seat.h>
#include <wlr/util/log.h>

#include "server.h"

struct view *view_focused(struct server *server)
{
	struct view *view;

	if (wl_list_empty(&server->views))
		return NULL;
	view = wl_container_of(server->views.next, view, link);
	return view->mapped ? view : NULL;
}

struct wlr_box view_box(struct view *view)
{
	struct wlr_box geometry;

	wlr_xdg_surface_get_geometry(view->xdg, &geometry);
	return (struct wlr_box){ view->x, view->y, geometry.width,
				 geometry.height };
}

void view_move_to(struct view *view, int x, int y)
{
	view->x = x;
	view->y = y;
	wlr_scene_node_set_position(&view->tree->node, x, y);
}

void view_resize_to(struct view *view, int width, int height)
{
	if (width < 1)
		width = 1;
	if (height < 1)
		height = 1;
	wlr_xdg_toplevel_set_size(view->xdg, (uint32_t)width, (uint32_t)height);
}

void view_close(struct view *view)
{
	wlr_xdg_toplevel_send_close(view->xdg);
}

/* Raise VIEW, give it the keyboard, and colour the borders to say so. */
void view_focus(struct view *view)
{
	struct server *server = view->server;
	struct view *previous = view_focused(server);

	if (previous != NULL && previous != view) {
		wlr_xdg_toplevel_set_activated(previous->xdg, false);
		wl_list_remove(&view->link);
		wl_list_insert(&server->views, &view->link);
		decoration_update(previous);
	} else if (previous == NULL) {
		wl_list_remove(&view->link);
		wl_list_insert(&server->views, &view->link);
	}
	wlr_scene_node_raise_to_top(&view->tree->node);
	wlr_xdg_toplevel_set_activated(view->xdg, true);
	decoration_update(view);
	if (server->exclusive_focus == NULL)
		seat_focus_keyboard(server, view->xdg->surface);
}

struct view *view_at(struct server *server, double lx, double ly,
		     struct wlr_surface **surface, double *sx, double *sy)
{
	struct wlr_scene_node *node = wlr_scene_node_at(
		&server->layers[LAYER_VIEWS]->node, lx, ly, sx, sy);

	*surface = NULL;
	if (node == NULL)
		return NULL;
	if (node->type == WLR_SCENE_NODE_SURFACE)
		*surface = wlr_scene_surface_from_node(node)->surface;
	/* Up to the view's tree, whose data is the view (borders too). */
	while (node != NULL && node->data == NULL)
		node = node->parent;
	return node ? node->data : NULL;
}

/*
 * Centred in the usable part of the output under the cursor, cascaded;
 * a window too large for it starts at its top-left, border and all.
 */
static void place_floating(struct view *view)
{
	struct output *output = output_at_cursor(view->server);
	struct wlr_box box = view_box(view), area = { 0, 0, 800, 600 };
	int step = 24 * (view->server->placed++ % 8);
	int b = view->server->config.border_width, x, y;

	if (output != NULL)
		area = output->usable;
	x = area.x + (area.width - box.width) / 2 + step;
	y = area.y + (area.height - box.height) / 2 + step;
	view_move_to(view, x < area.x + b ? area.x + b : x,
		     y < area.y + b ? area.y + b : y);
}

static void view_map(struct wl_listener *listener, void *data)
{
	struct view *view = wl_container_of(listener, view, map);

	(void)data;
	view->mapped = true;
	wlr_scene_node_set_enabled(&view->tree->node, true);
	if (view->server->tiling)
		tiling_arrange(view->server);
	else
		place_floating(view);
	view_focus(view);
	cursor_refocus(view->server, 0);
}

static void view_unmap(struct wl_listener *listener, void *data)
{
	struct view *view = wl_container_of(listener, view, unmap);
	struct server *server = view->server;
	struct view *next;

	(void)data;
	view->mapped = false;
	wlr_scene_node_set_enabled(&view->tree->node, false);
	if (server->grabbed_view == view) {
		server->grabbed_view = NULL;
		server->cursor_mode = CURSOR_PASSTHROUGH;
	}
	/* The next mapped view in focus order gets the keyboard. */
	wl_list_remove(&view->link);
	wl_list_insert(server->views.prev, &view->link);
	next = view_focused(server);
	if (next != NULL)
		view_focus(next);
	else if (server->exclusive_focus == NULL)
		seat_focus_keyboard(server, NULL);
	if (server->tiling)
		tiling_arrange(server);
	cursor_refocus(server, 0);
}

static void view_destroy(struct wl_listener *listener, void *data)
{
	struct view *view = wl_container_of(listener, view, destroy);

	(void)data;
	wl_list_remove(&view->map.link);
	wl_list_remove(&view->unmap.link);
	wl_list_remove(&view->destroy.link);
	wl_list_remove(&view->commit.link);
	wl_list_remove(&view->request_move.link);
	wl_list_remove(&view->request_resize.link);
	wl_list_remove(&view->request_maximize.link);
	wl_list_remove(&view->request_fullscreen.link);
	wl_list_remove(&view->link);
	wlr_scene_node_destroy(&view->tree->node);
	free(view);
}

/* The geometry may change with any commit: keep the border around it. */
static void view_commit(struct wl_listener *listener, void *data)
{
	struct view *view = wl_container_of(listener, view, commit);

	(void)data;
	decoration_update(view);
}

static void view_request_move(struct wl_listener *listener, void *data)
{
	struct view *view = wl_container_of(listener, view, request_move);

	(void)data;
	cursor_begin_grab(view, CURSOR_MOVE);
}

static void view_request_resize(struct wl_listener *listener, void *data)
{
	struct view *view = wl_container_of(listener, view, request_resize);

	(void)data;
	cursor_begin_grab(view, CURSOR_RESIZE);
}

/*
 * Maximize and fullscreen are not supported, but the protocol wants a
 * configure in answer to each request all the same.
 */
static void answer_state_request(struct view *view)
{
	if (view->mapped)
		wlr_xdg_surface_schedule_configure(view->xdg);
}

static void view_request_maximize(struct wl_listener *listener, void *data)
{
	struct view *view = wl_container_of(listener, view, request_maximize);

	(void)data;
	answer_state_request(view);
}

static void view_request_fullscreen(struct wl_listener *listener, void *data)
{
	struct view *view = wl_container_of(listener, view, request_fullscreen);

	(void)data;
	answer_state_request(view);
}

static void listen(struct wl_signal *signal, struct wl_listener *listener,
		   wl_notify_func_t notify)
{
	listener->notify = notify;
	wl_signal_add(signal, listener);
}

static void new_toplevel(struct server *server, struct wlr_xdg_surface *xdg)
{
	struct view *view = calloc(1, sizeof *view);
	struct wlr_xdg_toplevel *toplevel = xdg->toplevel;

	if (view == NULL) {
		wl_resource_post_no_memory(xdg->resource);
		return;
	}
	view->server = server;
	view->xdg = xdg;
	view->tree = wlr_scene_tree_create(&server->layers[LAYER_VIEWS]->node);
	view->tree->node.data = view;
	view->content = wlr_scene_xdg_surface_create(&view->tree->node, xdg);
	xdg->data = view->content;	/* where its popups go */
	wlr_scene_node_set_enabled(&view->tree->node, false);
	decoration_create(view);
	wl_list_insert(server->views.prev, &view->link);
	listen(&xdg->events.map, &view->map, view_map);
	listen(&xdg->events.unmap, &view->unmap, view_unmap);
	listen(&xdg->events.destroy, &view->destroy, view_destroy);
	listen(&xdg->surface->events.commit, &view->commit, view_commit);
	listen(&toplevel->events.request_move, &view->request_move,
	       view_request_move);
	listen(&toplevel->events.request_resize, &view->request_resize,
	       view_request_resize);
	listen(&toplevel->events.request_maximize, &view->request_maximize,
	       view_request_maximize);
	listen(&toplevel->events.request_fullscreen, &view->request_fullscreen,
	       view_request_fullscreen);
}

/*
 * Keep a popup (a menu) on the output its window is on: the positioner
 * says how it may slide or flip. The box is in the coordinates of the
 * toplevel's surface, whose origin is left of and above its geometry.
 */
static void popup_unconstrain(struct server *server, struct wlr_xdg_popup *popup)
{
	struct wlr_xdg_surface *top = popup->base;
	struct wlr_output *wlr_output;
	struct wlr_box *output_box, geometry;
	struct view *view;

	while (top != NULL && top->role == WLR_XDG_SURFACE_ROLE_POPUP)
		top = wlr_xdg_surface_from_wlr_surface(top->popup->parent);
	wl_list_for_each(view, &server->views, link) {
		if (view->xdg != top)
			continue;
		wlr_output = wlr_output_layout_output_at(server->output_layout,
							 view->x, view->y);
		output_box = wlr_output ? wlr_output_layout_get_box(
						  server->output_layout,
						  wlr_output) :
					  NULL;
		if (output_box == NULL)
			return;
		wlr_xdg_surface_get_geometry(top, &geometry);
		wlr_xdg_popup_unconstrain_from_box(
			popup, &(struct wlr_box){
				       output_box->x - (view->x - geometry.x),
				       output_box->y - (view->y - geometry.y),
				       output_box->width, output_box->height });
		return;
	}
}

static void new_xdg_surface(struct wl_listener *listener, void *data)
{
	struct server *server = wl_container_of(listener, server,
						new_xdg_surface);
	struct wlr_xdg_surface *xdg = data;

	if (xdg->role == WLR_XDG_SURFACE_ROLE_TOPLEVEL) {
		new_toplevel(server, xdg);
		return;
	}
	if (xdg->role == WLR_XDG_SURFACE_ROLE_POPUP) {
		/* Under its parent's node; the scene helper follows it. */
		struct wlr_xdg_surface *parent =
			wlr_xdg_surface_from_wlr_surface(xdg->popup->parent);

		if (parent != NULL && parent->data != NULL)
			xdg->data = wlr_scene_xdg_surface_create(parent->data,
								 xdg);
		popup_unconstrain(server, xdg->popup);
	}
}

void view_init(struct server *server)
{
	wl_list_init(&server->views);
	server->xdg_shell = wlr_xdg_shell_create(server->display);
	server->new_xdg_surface.notify = new_xdg_surface;
	wl_signal_add(&server->xdg_shell->events.new_surface,
		      &server->new_xdg_surface);
}
