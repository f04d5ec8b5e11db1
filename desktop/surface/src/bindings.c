/* What a binding does, once seat.c has matched its keys. */
#include <wlr/types/wlr_seat.h>
#include <wlr/util/edges.h>

#include "server.h"
#include "spawn.h"

/*
 * The views are kept in focus order. Next takes the one focused longest
 * ago (repeated, it goes round them all); prev the one focused last.
 */
static void focus_step(struct server *server, bool forward)
{
	struct view *focused = view_focused(server), *view, *pick = NULL;

	if (focused == NULL)
		return;
	wl_list_for_each(view, &server->views, link) {
		if (view == focused || !view->mapped)
			continue;
		pick = view;
		if (!forward)
			break;
	}
	if (pick != NULL)
		view_focus(pick);
}

static void move_focused(struct server *server, const struct binding *b)
{
	struct view *view = view_focused(server);
	int dx = 0, dy = 0;

	if (view == NULL || server->tiling)
		return;
	dx = b->direction == DIR_LEFT ? -b->amount :
	     b->direction == DIR_RIGHT ? b->amount : 0;
	dy = b->direction == DIR_UP ? -b->amount :
	     b->direction == DIR_DOWN ? b->amount : 0;
	view_move_to(view, view->x + dx, view->y + dy);
}

/* Right and down grow the window, left and up shrink it. */
static void resize_focused(struct server *server, const struct binding *b)
{
	struct view *view = view_focused(server);
	struct wlr_box box;

	if (server->tiling) {
		/* Tiled: left and right move the master's edge. */
		double step = b->amount / 1000.0;

		if (b->direction == DIR_LEFT && server->master_ratio > 0.15)
			server->master_ratio -= step;
		else if (b->direction == DIR_RIGHT &&
			 server->master_ratio < 0.85)
			server->master_ratio += step;
		tiling_arrange(server);
		return;
	}
	if (view == NULL)
		return;
	box = view_box(view);
	switch (b->direction) {
	case DIR_LEFT:
		box.width -= b->amount;
		break;
	case DIR_RIGHT:
		box.width += b->amount;
		break;
	case DIR_UP:
		box.height -= b->amount;
		break;
	case DIR_DOWN:
		box.height += b->amount;
		break;
	}
	view_resize_to(view, box.width, box.height);
}

static void toggle_tiling(struct server *server)
{
	struct view *view;

	server->tiling = !server->tiling;
	wl_list_for_each(view, &server->views, link) {
		if (!view->mapped)
			continue;
		if (server->tiling) {
			view->floating = view_box(view);
		} else {
			view_move_to(view, view->floating.x, view->floating.y);
			view_resize_to(view, view->floating.width,
				       view->floating.height);
		}
		wlr_xdg_toplevel_set_tiled(view->xdg,
					   server->tiling ? WLR_EDGE_TOP |
								    WLR_EDGE_BOTTOM |
								    WLR_EDGE_LEFT |
								    WLR_EDGE_RIGHT :
							    WLR_EDGE_NONE);
	}
	if (server->tiling)
		tiling_arrange(server);
}

bool bindings_handle(struct server *server, uint32_t modifiers,
		     xkb_keysym_t keysym)
{
	struct keyspec keys = { modifiers, keysym };
	const struct binding *b = config_binding(&server->config, &keys);
	struct view *view = view_focused(server);

	if (b == NULL)
		return false;
	switch (b->action) {
	case ACTION_EXEC:
		spawn(b->command);
		break;
	case ACTION_CLOSE:
		if (view != NULL)
			view_close(view);
		break;
	case ACTION_EXIT:
		wl_display_terminate(server->display);
		break;
	case ACTION_TILE:
		toggle_tiling(server);
		break;
	case ACTION_LAYOUT_NEXT:
		seat_next_layout(server);
		break;
	case ACTION_FOCUS_NEXT:
	case ACTION_FOCUS_PREV:
		focus_step(server, b->action == ACTION_FOCUS_NEXT);
		break;
	case ACTION_MOVE:
		move_focused(server, b);
		break;
	case ACTION_RESIZE:
		resize_focused(server, b);
		break;
	case ACTION_ZOOM:
		tiling_zoom(server);
		break;
	}
	return true;
}
