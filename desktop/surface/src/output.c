/*
 * Outputs: the mode and scale surface.conf asks for, and frames drawn
 * only when the scene has damage. wlr_scene_output_commit renders
 * through wlr_output_damage: with nothing damaged it rolls the output
 * back without a commit, so no further frame is scheduled and an idle
 * desktop neither draws nor wakes.
 */
#include <stdlib.h>
#include <time.h>
#include <wlr/backend.h>
#include <wlr/types/wlr_cursor.h>
#include <wlr/types/wlr_output.h>
#include <wlr/types/wlr_output_layout.h>
#include <wlr/types/wlr_xcursor_manager.h>
#include <wlr/util/log.h>

#include "server.h"

static void output_frame(struct wl_listener *listener, void *data)
{
	struct output *output = wl_container_of(listener, output, frame);
	struct wlr_scene_output *scene_output = wlr_scene_get_scene_output(
		output->server->scene, output->wlr_output);
	struct timespec now;

	(void)data;
	if (scene_output == NULL)
		return;
	wlr_scene_output_commit(scene_output);
	clock_gettime(CLOCK_MONOTONIC, &now);
	wlr_scene_output_send_frame_done(scene_output, &now);
}

static void output_destroy(struct wl_listener *listener, void *data)
{
	struct output *output = wl_container_of(listener, output, destroy);

	(void)data;
	wlr_scene_node_destroy(&output->background->node);
	wl_list_remove(&output->frame.link);
	wl_list_remove(&output->destroy.link);
	wl_list_remove(&output->link);
	free(output);
}

/* The configured colour over the output's box, under its layers. */
static struct wlr_scene_rect *make_background(struct server *server,
					      struct wlr_output *wlr_output)
{
	struct wlr_box *box = wlr_output_layout_get_box(server->output_layout,
							wlr_output);
	uint32_t c = server->config.background;
	float color[4] = { ((c >> 16) & 0xff) / 255.0f,
			   ((c >> 8) & 0xff) / 255.0f, (c & 0xff) / 255.0f,
			   1.0f };
	struct wlr_scene_rect *rect = wlr_scene_rect_create(
		&server->layers[LAYER_BACKGROUND]->node, box->width,
		box->height, color);

	wlr_scene_node_set_position(&rect->node, box->x, box->y);
	wlr_scene_node_lower_to_bottom(&rect->node);
	return rect;
}

/* A listed mode of that size (and refresh, if asked), else NULL. */
static struct wlr_output_mode *find_mode(struct wlr_output *wlr_output,
					 const struct output_config *oc)
{
	struct wlr_output_mode *mode, *best = NULL;

	wl_list_for_each(mode, &wlr_output->modes, link) {
		if (mode->width != oc->width || mode->height != oc->height)
			continue;
		if (oc->refresh_mhz &&
		    abs(mode->refresh - oc->refresh_mhz) < 500)
			return mode;
		if (best == NULL || mode->refresh > best->refresh)
			best = mode;
	}
	return oc->refresh_mhz ? NULL : best;
}

/*
 * The configured mode: a listed one, or a custom one on outputs that
 * list none (headless, virtual). Returns false if it is not possible.
 */
static bool apply_mode(struct wlr_output *wlr_output,
		       const struct output_config *oc)
{
	struct wlr_output_mode *mode;

	if (oc == NULL || oc->width == 0)
		return false;
	if (wl_list_empty(&wlr_output->modes)) {
		wlr_output_set_custom_mode(wlr_output, oc->width, oc->height,
					   oc->refresh_mhz);
		return true;
	}
	mode = find_mode(wlr_output, oc);
	if (mode == NULL) {
		wlr_log(WLR_ERROR, "output %s has no mode %dx%d: using its "
				   "preferred one", wlr_output->name,
			oc->width, oc->height);
		return false;
	}
	wlr_output_set_mode(wlr_output, mode);
	return true;
}

static void configure_output(struct server *server,
			     struct wlr_output *wlr_output)
{
	const struct output_config *oc =
		config_output(&server->config, wlr_output->name);
	struct wlr_output_mode *preferred = wlr_output_preferred_mode(wlr_output);

	wlr_output_enable(wlr_output, true);
	if (!apply_mode(wlr_output, oc) && preferred != NULL)
		wlr_output_set_mode(wlr_output, preferred);
	if (oc != NULL && oc->scale > 0)
		wlr_output_set_scale(wlr_output, (float)oc->scale);
	if (wlr_output_commit(wlr_output))
		return;
	/* The configured mode was refused: fall back rather than go dark. */
	wlr_log(WLR_ERROR, "output %s refused its configured mode",
		wlr_output->name);
	wlr_output_enable(wlr_output, true);
	if (preferred != NULL)
		wlr_output_set_mode(wlr_output, preferred);
	if (!wlr_output_commit(wlr_output))
		wlr_log(WLR_ERROR, "output %s cannot be enabled",
			wlr_output->name);
}

static void new_output(struct wl_listener *listener, void *data)
{
	struct server *server = wl_container_of(listener, server, new_output);
	struct wlr_output *wlr_output = data;
	struct output *output;

	if (!wlr_output_init_render(wlr_output, server->allocator,
				    server->renderer)) {
		wlr_log(WLR_ERROR, "output %s: cannot render to it",
			wlr_output->name);
		return;
	}
	configure_output(server, wlr_output);
	output = calloc(1, sizeof *output);
	if (output == NULL)
		return;
	output->server = server;
	output->wlr_output = wlr_output;
	output->frame.notify = output_frame;
	wl_signal_add(&wlr_output->events.frame, &output->frame);
	output->destroy.notify = output_destroy;
	wl_signal_add(&wlr_output->events.destroy, &output->destroy);
	wl_list_insert(server->outputs.prev, &output->link);
	wlr_output_layout_add_auto(server->output_layout, wlr_output);
	output->background = make_background(server, wlr_output);
	/* The first output: the pointer starts in its middle. */
	if (server->outputs.next == &output->link) {
		struct wlr_box *box = wlr_output_layout_get_box(
			server->output_layout, wlr_output);

		wlr_cursor_warp(server->cursor, NULL,
				box->x + box->width / 2.0,
				box->y + box->height / 2.0);
	}
	wlr_xcursor_manager_load(server->cursor_manager, wlr_output->scale);
	wlr_xcursor_manager_set_cursor_image(server->cursor_manager,
					     "left_ptr", server->cursor);
	layer_arrange(output);
}

struct output *output_at_cursor(struct server *server)
{
	struct wlr_output *wlr_output = wlr_output_layout_output_at(
		server->output_layout, server->cursor->x, server->cursor->y);
	struct output *output;

	wl_list_for_each(output, &server->outputs, link)
		if (output->wlr_output == wlr_output)
			return output;
	return wl_list_empty(&server->outputs) ?
		       NULL :
		       wl_container_of(server->outputs.next, output, link);
}

void output_init(struct server *server)
{
	wl_list_init(&server->outputs);
	server->new_output.notify = new_output;
	wl_signal_add(&server->backend->events.new_output,
		      &server->new_output);
}
