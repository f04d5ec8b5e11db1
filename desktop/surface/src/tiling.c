/*
 * Tiling mode: every mapped window of the focus list placed by
 * tile_layout.c's master + stack on the output under the cursor, in
 * the order the windows were zoomed or opened (tile_order).
 */
#include <stdlib.h>

#include "server.h"
#include "tile_layout.h"

static int count_mapped(struct server *server)
{
	struct view *view;
	int n = 0;

	wl_list_for_each(view, &server->views, link)
		n += view->mapped;
	return n;
}

/* Mapped views by tile_order; a new window lands at the stack's end. */
static int by_order(const void *a, const void *b)
{
	const struct view *va = *(struct view *const *)a;
	const struct view *vb = *(struct view *const *)b;

	return (va->tile_order > vb->tile_order) -
	       (va->tile_order < vb->tile_order);
}

static struct view **sorted_views(struct server *server, int n)
{
	struct view **views = calloc((size_t)n, sizeof(struct view *));
	struct view *view;
	int i = 0;

	if (views == NULL)
		return NULL;
	wl_list_for_each(view, &server->views, link) {
		if (!view->mapped)
			continue;
		if (view->tile_order == 0)
			view->tile_order = ++server->tile_counter;
		views[i++] = view;
	}
	qsort(views, (size_t)n, sizeof(struct view *), by_order);
	return views;
}

void tiling_arrange(struct server *server)
{
	struct output *output = output_at_cursor(server);
	int n = count_mapped(server), b = server->config.border_width;
	struct view **views;
	struct box *boxes;
	struct box area;

	if (!server->tiling || output == NULL || n == 0)
		return;
	views = sorted_views(server, n);
	boxes = calloc((size_t)n, sizeof *boxes);
	if (views == NULL || boxes == NULL)
		goto out;
	area = (struct box){ output->usable.x, output->usable.y,
			     output->usable.width, output->usable.height };
	tile_layout(area, n, server->master_ratio, boxes);
	/* Each box holds the window and its border. */
	for (int i = 0; i < n; i++) {
		view_move_to(views[i], boxes[i].x + b, boxes[i].y + b);
		view_resize_to(views[i], boxes[i].width - 2 * b,
			       boxes[i].height - 2 * b);
	}
out:
	free(views);
	free(boxes);
}

/* The focused window becomes the master; the old master takes its place. */
void tiling_zoom(struct server *server)
{
	struct view *focused = view_focused(server), *view, *master = NULL;

	if (focused == NULL || !server->tiling)
		return;
	wl_list_for_each(view, &server->views, link)
		if (view->mapped && (master == NULL ||
				     view->tile_order < master->tile_order))
			master = view;
	if (master != NULL && master != focused) {
		unsigned long order = master->tile_order;

		master->tile_order = focused->tile_order;
		focused->tile_order = order;
	}
	tiling_arrange(server);
}
