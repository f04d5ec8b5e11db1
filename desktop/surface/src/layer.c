/*
 * wlr-layer-shell: bars, launchers, wallpapers. Each surface sits in
 * the scene layer it asks for; where, and what it takes from windows,
 * is layer_layout.c's arithmetic. A surface that wants the keyboard
 * (a launcher) gets it while it is mapped.
 */
#include <stdlib.h>
#include <wlr/types/wlr_output.h>
#include <wlr/types/wlr_output_layout.h>
#include <wlr/types/wlr_seat.h>
#include <wlr/util/log.h>

#include "layer_layout.h"
#include "server.h"

struct layer {
	struct wl_list link;		/* layers */
	struct server *server;
	struct wlr_layer_surface_v1 *wlr;
	struct wlr_scene_node *node;
	int sent_width, sent_height;	/* the last configure, 0: none */
	struct wl_listener map, unmap, destroy, commit;
};

/* Every layer surface, of all outputs. */
static struct wl_list layers;

static struct output *find_output(struct server *server,
				  struct wlr_output *wlr_output)
{
	struct output *output;

	wl_list_for_each(output, &server->outputs, link)
		if (output->wlr_output == wlr_output)
			return output;
	return NULL;
}

static struct layer_request request_of(const struct wlr_layer_surface_v1 *l)
{
	const struct wlr_layer_surface_v1_state *s = &l->current;

	return (struct layer_request){
		.width = (int)s->desired_width,
		.height = (int)s->desired_height,
		.anchor = s->anchor,
		.margin_top = (int)s->margin.top,
		.margin_right = (int)s->margin.right,
		.margin_bottom = (int)s->margin.bottom,
		.margin_left = (int)s->margin.left,
		.exclusive_zone = s->exclusive_zone,
	};
}

/* Place the surfaces of OUTPUT with EXCLUSIVE zones (or without). */
static void arrange_pass(struct output *output, const struct wlr_box *full,
			 bool exclusive)
{
	struct layer *layer, *tmp;

	wl_list_for_each_safe(layer, tmp, &layers, link) {
		struct layer_request req = request_of(layer->wlr);
		struct box f = { full->x, full->y, full->width, full->height };
		struct box usable = { output->usable.x, output->usable.y,
				      output->usable.width,
				      output->usable.height };
		struct box out;

		if (layer->wlr->output != output->wlr_output ||
		    (req.exclusive_zone > 0) != exclusive)
			continue;
		if (layer_place(&f, &usable, &req, &out) < 0) {
			wl_resource_post_error(layer->wlr->resource,
				ZWLR_LAYER_SURFACE_V1_ERROR_INVALID_SIZE,
				"a size of 0 needs both opposite anchors");
			continue;
		}
		output->usable = (struct wlr_box){ usable.x, usable.y,
						   usable.width,
						   usable.height };
		wlr_scene_node_set_position(layer->node, out.x, out.y);
		if (out.width == layer->sent_width &&
		    out.height == layer->sent_height)
			continue;
		layer->sent_width = out.width;
		layer->sent_height = out.height;
		wlr_layer_surface_v1_configure(layer->wlr, (uint32_t)out.width,
					       (uint32_t)out.height);
	}
}

void layer_arrange(struct output *output)
{
	struct wlr_box *box = wlr_output_layout_get_box(
		output->server->output_layout, output->wlr_output);
	struct wlr_box full;

	if (box == NULL)
		return;		/* not in the layout (yet) */
	full = *box;
	output->usable = full;
	/* Zones first, so that the others fit in what is left. */
	arrange_pass(output, &full, true);
	arrange_pass(output, &full, false);
	if (output->server->tiling)
		tiling_arrange(output->server);
}

static void layer_map(struct wl_listener *listener, void *data)
{
	struct layer *layer = wl_container_of(listener, layer, map);

	(void)data;
	wlr_scene_node_set_enabled(layer->node, true);
	if (layer->wlr->current.keyboard_interactive) {
		layer->server->exclusive_focus = layer->wlr->surface;
		seat_focus_keyboard(layer->server, layer->wlr->surface);
	}
}

static void layer_unmap(struct wl_listener *listener, void *data)
{
	struct layer *layer = wl_container_of(listener, layer, unmap);
	struct server *server = layer->server;
	struct view *view;

	(void)data;
	wlr_scene_node_set_enabled(layer->node, false);
	if (server->exclusive_focus == layer->wlr->surface) {
		server->exclusive_focus = NULL;
		view = view_focused(server);
		seat_focus_keyboard(server, view ? view->xdg->surface : NULL);
	}
}

static void layer_destroy(struct wl_listener *listener, void *data)
{
	struct layer *layer = wl_container_of(listener, layer, destroy);
	struct output *output = find_output(layer->server, layer->wlr->output);

	(void)data;
	wl_list_remove(&layer->map.link);
	wl_list_remove(&layer->unmap.link);
	wl_list_remove(&layer->destroy.link);
	wl_list_remove(&layer->commit.link);
	wl_list_remove(&layer->link);
	wlr_scene_node_destroy(layer->node);
	free(layer);
	if (output != NULL)
		layer_arrange(output);
}

/* Only a commit that changed what placement reads needs a new layout. */
static void layer_commit(struct wl_listener *listener, void *data)
{
	struct layer *layer = wl_container_of(listener, layer, commit);
	struct output *output = find_output(layer->server, layer->wlr->output);

	(void)data;
	if (output != NULL && layer->wlr->current.committed != 0)
		layer_arrange(output);
}

static enum scene_layer scene_layer_of(enum zwlr_layer_shell_v1_layer l)
{
	switch (l) {
	case ZWLR_LAYER_SHELL_V1_LAYER_BACKGROUND:
		return LAYER_BACKGROUND;
	case ZWLR_LAYER_SHELL_V1_LAYER_BOTTOM:
		return LAYER_BOTTOM;
	case ZWLR_LAYER_SHELL_V1_LAYER_TOP:
		return LAYER_TOP;
	default:
		return LAYER_OVERLAY;
	}
}

static void new_layer_surface(struct wl_listener *listener, void *data)
{
	struct server *server = wl_container_of(listener, server,
						new_layer_surface);
	struct wlr_layer_surface_v1 *wlr = data;
	struct output *output;
	struct layer *layer;

	if (wlr->output == NULL) {
		output = output_at_cursor(server);
		if (output == NULL) {
			wlr_layer_surface_v1_destroy(wlr);
			return;
		}
		wlr->output = output->wlr_output;
	}
	output = find_output(server, wlr->output);
	layer = calloc(1, sizeof *layer);
	if (output == NULL || layer == NULL) {
		free(layer);
		wlr_layer_surface_v1_destroy(wlr);
		return;
	}
	layer->server = server;
	layer->wlr = wlr;
	layer->node = wlr_scene_subsurface_tree_create(
		&server->layers[scene_layer_of(wlr->current.layer)]->node,
		wlr->surface);
	wlr_scene_node_set_enabled(layer->node, false);
	layer->map.notify = layer_map;
	wl_signal_add(&wlr->events.map, &layer->map);
	layer->unmap.notify = layer_unmap;
	wl_signal_add(&wlr->events.unmap, &layer->unmap);
	layer->destroy.notify = layer_destroy;
	wl_signal_add(&wlr->events.destroy, &layer->destroy);
	layer->commit.notify = layer_commit;
	wl_signal_add(&wlr->surface->events.commit, &layer->commit);
	wl_list_insert(&layers, &layer->link);
	/* The first configure: the client waits for it before mapping. */
	layer_arrange(output);
}

void layer_init(struct server *server)
{
	wl_list_init(&layers);
	server->layer_shell = wlr_layer_shell_v1_create(server->display);
	server->new_layer_surface.notify = new_layer_surface;
	wl_signal_add(&server->layer_shell->events.new_surface,
		      &server->new_layer_surface);
}
