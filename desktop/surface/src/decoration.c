/*
 * Server-side decorations: a border of four rectangles around each
 * window, in the focused or unfocused colour, and the two protocols by
 * which clients learn that the server draws them (xdg-decoration, and
 * KDE's older server-decoration that GTK asks for).
 */
#include <stdlib.h>
#include <wlr/types/wlr_server_decoration.h>
#include <wlr/types/wlr_xdg_decoration_v1.h>

#include "server.h"

enum { TOP, BOTTOM, LEFT, RIGHT };

static void to_rgba(uint32_t rgb, float out[static 4])
{
	out[0] = (float)((rgb >> 16) & 0xff) / 255.0f;
	out[1] = (float)((rgb >> 8) & 0xff) / 255.0f;
	out[2] = (float)(rgb & 0xff) / 255.0f;
	out[3] = 1.0f;
}

void decoration_create(struct view *view)
{
	float color[4];

	to_rgba(view->server->config.border_unfocused, color);
	for (int i = 0; i < 4; i++) {
		view->border[i] = wlr_scene_rect_create(&view->tree->node, 0,
							0, color);
		wlr_scene_node_lower_to_bottom(&view->border[i]->node);
	}
}

static void place(struct wlr_scene_rect *rect, int x, int y, int width,
		  int height)
{
	wlr_scene_rect_set_size(rect, width, height);
	wlr_scene_node_set_position(&rect->node, x, y);
}

/*
 * Fit the border to the window's geometry and colour it; the content is
 * shifted so that its geometry, not its shadow, sits at the tree's 0,0.
 */
void decoration_update(struct view *view)
{
	const struct surface_config *config = &view->server->config;
	struct wlr_box geometry;
	int b = config->border_width;
	float color[4];
	bool focused = view_focused(view->server) == view;

	wlr_xdg_surface_get_geometry(view->xdg, &geometry);
	wlr_scene_node_set_position(view->content, -geometry.x, -geometry.y);
	to_rgba(focused ? config->border_focused : config->border_unfocused,
		color);
	place(view->border[TOP], -b, -b, geometry.width + 2 * b, b);
	place(view->border[BOTTOM], -b, geometry.height,
	      geometry.width + 2 * b, b);
	place(view->border[LEFT], -b, 0, b, geometry.height);
	place(view->border[RIGHT], geometry.width, 0, b, geometry.height);
	for (int i = 0; i < 4; i++)
		wlr_scene_rect_set_color(view->border[i], color);
}

struct decoration {
	struct wlr_xdg_toplevel_decoration_v1 *wlr;
	struct wl_listener request_mode, destroy;
};

/* Whatever the client asks, the answer is: the server decorates. */
static void decoration_request_mode(struct wl_listener *listener, void *data)
{
	struct decoration *d = wl_container_of(listener, d, request_mode);

	(void)data;
	wlr_xdg_toplevel_decoration_v1_set_mode(
		d->wlr, WLR_XDG_TOPLEVEL_DECORATION_V1_MODE_SERVER_SIDE);
}

static void decoration_destroy(struct wl_listener *listener, void *data)
{
	struct decoration *d = wl_container_of(listener, d, destroy);

	(void)data;
	wl_list_remove(&d->request_mode.link);
	wl_list_remove(&d->destroy.link);
	free(d);
}

static void new_decoration(struct wl_listener *listener, void *data)
{
	struct wlr_xdg_toplevel_decoration_v1 *wlr = data;
	struct decoration *d = calloc(1, sizeof *d);

	(void)listener;
	if (d == NULL)
		return;
	d->wlr = wlr;
	d->request_mode.notify = decoration_request_mode;
	wl_signal_add(&wlr->events.request_mode, &d->request_mode);
	d->destroy.notify = decoration_destroy;
	wl_signal_add(&wlr->events.destroy, &d->destroy);
	decoration_request_mode(&d->request_mode, NULL);
}

void decoration_init(struct server *server)
{
	struct wlr_xdg_decoration_manager_v1 *xdg =
		wlr_xdg_decoration_manager_v1_create(server->display);
	struct wlr_server_decoration_manager *kde =
		wlr_server_decoration_manager_create(server->display);

	server->new_decoration.notify = new_decoration;
	wl_signal_add(&xdg->events.new_toplevel_decoration,
		      &server->new_decoration);
	wlr_server_decoration_manager_set_default_mode(
		kde, WLR_SERVER_DECORATION_MANAGER_MODE_SERVER);
}
