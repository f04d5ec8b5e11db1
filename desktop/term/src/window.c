/*
 * The window: an xdg-shell toplevel showing wl_shm buffers. Two
 * buffers, each remembering the cells it has not drawn yet, so the one
 * the compositor hands back is brought up to date by drawing only
 * those. A redraw waits for the previous frame's callback: output
 * faster than the screen refreshes costs one draw per frame.
 */
#define _GNU_SOURCE
#include "app.h"
#include "render.h"
#include "shm.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "primary-selection-unstable-v1-client-protocol.h"
#include "xdg-shell-client-protocol.h"

static uint32_t at_most(uint32_t offered, uint32_t ours)
{
	return offered < ours ? offered : ours;
}

static void wm_base_ping(void *data, struct xdg_wm_base *wm_base,
			 uint32_t serial)
{
	(void)data;
	xdg_wm_base_pong(wm_base, serial);
}

static const struct xdg_wm_base_listener wm_base_listener = {
	.ping = wm_base_ping,
};

static void registry_global(void *data, struct wl_registry *registry,
			    uint32_t id, const char *interface,
			    uint32_t version)
{
	struct app *app = data;

	if (strcmp(interface, wl_compositor_interface.name) == 0) {
		app->compositor = wl_registry_bind(
			registry, id, &wl_compositor_interface,
			at_most(version, 4));
	} else if (strcmp(interface, wl_shm_interface.name) == 0) {
		app->shm = wl_registry_bind(registry, id, &wl_shm_interface, 1);
	} else if (strcmp(interface, xdg_wm_base_interface.name) == 0) {
		app->wm_base = wl_registry_bind(registry, id,
						&xdg_wm_base_interface, 1);
		xdg_wm_base_add_listener(app->wm_base, &wm_base_listener, app);
	} else if (strcmp(interface, wl_seat_interface.name) == 0 &&
		   !app->seat) {
		input_bind_seat(app, registry, id, version);
	} else if (strcmp(interface,
			  wl_data_device_manager_interface.name) == 0) {
		app->data_manager = wl_registry_bind(
			registry, id, &wl_data_device_manager_interface,
			at_most(version, 3));
	} else if (strcmp(interface,
			  zwp_primary_selection_device_manager_v1_interface
				  .name) == 0) {
		app->primary_manager = wl_registry_bind(
			registry, id,
			&zwp_primary_selection_device_manager_v1_interface, 1);
	}
}

static void registry_global_remove(void *data, struct wl_registry *registry,
				   uint32_t id)
{
	(void)data, (void)registry, (void)id;
}

static const struct wl_registry_listener registry_listener = {
	.global = registry_global,
	.global_remove = registry_global_remove,
};

static void buffer_release(void *data, struct wl_buffer *wl)
{
	struct buffer *buffer = data;

	(void)wl;
	buffer->busy = 0;
}

static const struct wl_buffer_listener buffer_listener = {
	.release = buffer_release,
};

static void buffer_free(struct buffer *buffer)
{
	if (buffer->wl)
		wl_buffer_destroy(buffer->wl);
	if (buffer->pixels)
		munmap(buffer->pixels, buffer->size);
	damage_free(&buffer->damage);
	memset(buffer, 0, sizeof(*buffer));
}

/* BUFFER at the window's size and the grid's, all of it to draw. */
static int buffer_make(struct app *app, struct buffer *buffer)
{
	int stride = app->width * 4;
	struct wl_shm_pool *pool;
	int fd;

	buffer_free(buffer);
	buffer->size = (size_t)stride * app->height;
	fd = shm_create(buffer->size);
	if (fd < 0) {
		fprintf(stderr, "nexus-term: shared memory: %s\n",
			strerror(errno));
		return -1;
	}
	buffer->pixels = mmap(NULL, buffer->size, PROT_READ | PROT_WRITE,
			      MAP_SHARED, fd, 0);
	if (buffer->pixels == MAP_FAILED) {
		buffer->pixels = NULL;
		close(fd);
		return -1;
	}
	pool = wl_shm_create_pool(app->shm, fd, (int32_t)buffer->size);
	buffer->wl = wl_shm_pool_create_buffer(pool, 0, app->width, app->height,
					       stride, WL_SHM_FORMAT_XRGB8888);
	wl_shm_pool_destroy(pool);
	close(fd);
	wl_buffer_add_listener(buffer->wl, &buffer_listener, buffer);
	buffer->width = app->width;
	buffer->height = app->height;
	return damage_init(&buffer->damage, app->term.rows, app->term.cols);
}

void window_damage(struct app *app, int row0, int row1, int col0, int col1)
{
	for (int i = 0; i < 2; i++)
		if (app->buffers[i].wl)
			damage_add(&app->buffers[i].damage, row0, row1, col0,
				   col1);
	app->redraw_wanted = 1;
}

void window_damage_all(struct app *app)
{
	window_damage(app, 0, app->term.rows, 0, app->term.cols);
}

static void frame_done(void *data, struct wl_callback *callback,
		       uint32_t time)
{
	struct app *app = data;

	(void)time;
	wl_callback_destroy(callback);
	app->frame = NULL;
	if (app->redraw_wanted)
		window_redraw(app);
}

static const struct wl_callback_listener frame_listener = {
	.done = frame_done,
};

static struct buffer *free_buffer(struct app *app)
{
	for (int i = 0; i < 2; i++) {
		struct buffer *b = &app->buffers[i];

		if (b->busy)
			continue;
		if (!b->wl || b->width != app->width ||
		    b->height != app->height ||
		    b->damage.rows != app->term.rows ||
		    b->damage.cols != app->term.cols) {
			if (buffer_make(app, b) < 0)
				return NULL;
			render_margins(&(struct canvas){ b->pixels, b->width,
							 b->height },
				       &(struct view){ &app->term, &app->font,
						       &app->selection,
						       app->focused });
		}
		return b;
	}
	return NULL;
}

void window_redraw(struct app *app)
{
	struct view view = { &app->term, &app->font, &app->selection,
			     app->focused };
	struct damage_rect rect;
	struct buffer *buffer;
	struct canvas canvas;
	int cursor = 0;

	if (!app->configured || app->frame)
		return;
	buffer = free_buffer(app);
	if (!buffer)
		return;	/* both with the compositor: a release will come */
	app->redraw_wanted = 0;
	if (damage_is_clean(&buffer->damage))
		return;
	canvas = (struct canvas){ buffer->pixels, buffer->width,
				  buffer->height };
	while (damage_next(&buffer->damage, &cursor, &rect)) {
		render_rect(&canvas, &view, &rect);
		wl_surface_damage_buffer(app->surface,
					 rect.col * app->font.cell_width,
					 rect.row * app->font.cell_height,
					 rect.cols * app->font.cell_width,
					 rect.rows * app->font.cell_height);
		app->cells_drawn += (unsigned long)rect.rows * rect.cols;
	}
	app->frame = wl_surface_frame(app->surface);
	wl_callback_add_listener(app->frame, &frame_listener, app);
	wl_surface_attach(app->surface, buffer->wl, 0, 0);
	wl_surface_commit(app->surface);
	buffer->busy = 1;
	app->frames_drawn++;
}

/* The grid that fits WIDTH x HEIGHT pixels, at least one cell. */
static void resize_to(struct app *app, int width, int height)
{
	int cols = width / app->font.cell_width;
	int rows = height / app->font.cell_height;

	cols = cols < 1 ? 1 : cols;
	rows = rows < 1 ? 1 : rows;
	app->width = width;
	app->height = height;
	if (rows != app->term.rows || cols != app->term.cols) {
		term_resize(&app->term, rows, cols);
		pty_resize(&app->pty, rows, cols, app->font.cell_width,
			   app->font.cell_height);
		selection_clear(&app->selection);
	}
	/* New buffers come at the new size, drawn whole. */
	for (int i = 0; i < 2; i++)
		if (!app->buffers[i].busy)
			buffer_free(&app->buffers[i]);
	window_damage_all(app);
}

static void xdg_surface_configure(void *data, struct xdg_surface *surface,
				  uint32_t serial)
{
	struct app *app = data;

	xdg_surface_ack_configure(surface, serial);
	app->configured = 1;
	window_redraw(app);
}

static const struct xdg_surface_listener xdg_surface_listener = {
	.configure = xdg_surface_configure,
};

static void toplevel_configure(void *data, struct xdg_toplevel *toplevel,
			       int32_t width, int32_t height,
			       struct wl_array *states)
{
	struct app *app = data;

	(void)toplevel, (void)states;
	/* Zero: the compositor leaves the size to us; keep ours. */
	if (width <= 0 || height <= 0)
		return;
	if (width != app->width || height != app->height)
		resize_to(app, width, height);
}

static void toplevel_close(void *data, struct xdg_toplevel *toplevel)
{
	struct app *app = data;

	(void)toplevel;
	app->running = 0;
}

static const struct xdg_toplevel_listener toplevel_listener = {
	.configure = toplevel_configure,
	.close = toplevel_close,
};

static int missing(const char *what)
{
	fprintf(stderr, "nexus-term: the compositor offers no %s\n", what);
	return -1;
}

int window_open(struct app *app)
{
	app->display = wl_display_connect(NULL);
	if (!app->display) {
		fprintf(stderr, "nexus-term: cannot connect to the Wayland "
				"compositor (WAYLAND_DISPLAY: %s)\n",
			getenv("WAYLAND_DISPLAY") ? getenv("WAYLAND_DISPLAY")
						  : "unset");
		return -1;
	}
	app->registry = wl_display_get_registry(app->display);
	wl_registry_add_listener(app->registry, &registry_listener, app);
	if (wl_display_roundtrip(app->display) < 0)
		return missing("answer");
	if (!app->compositor)
		return missing("wl_compositor");
	if (!app->shm)
		return missing("wl_shm");
	if (!app->wm_base)
		return missing("xdg_wm_base");
	app->surface = wl_compositor_create_surface(app->compositor);
	app->xdg_surface = xdg_wm_base_get_xdg_surface(app->wm_base,
						       app->surface);
	xdg_surface_add_listener(app->xdg_surface, &xdg_surface_listener, app);
	app->toplevel = xdg_surface_get_toplevel(app->xdg_surface);
	xdg_toplevel_add_listener(app->toplevel, &toplevel_listener, app);
	xdg_toplevel_set_title(app->toplevel, "nexus-term");
	xdg_toplevel_set_app_id(app->toplevel, "nexus-term");
	app->width = app->term.cols * app->font.cell_width;
	app->height = app->term.rows * app->font.cell_height;
	wl_surface_commit(app->surface);
	clipboard_init(app);
	/* The seat's capabilities, the keymap, the first configure. */
	if (wl_display_roundtrip(app->display) < 0)
		return missing("answer");
	return 0;
}

void window_set_title(struct app *app, const char *title)
{
	xdg_toplevel_set_title(app->toplevel, title);
}

void window_close(struct app *app)
{
	for (int i = 0; i < 2; i++)
		buffer_free(&app->buffers[i]);
	if (app->frame)
		wl_callback_destroy(app->frame);
	if (app->toplevel)
		xdg_toplevel_destroy(app->toplevel);
	if (app->xdg_surface)
		xdg_surface_destroy(app->xdg_surface);
	if (app->surface)
		wl_surface_destroy(app->surface);
	if (app->wm_base)
		xdg_wm_base_destroy(app->wm_base);
	if (app->shm)
		wl_shm_destroy(app->shm);
	if (app->compositor)
		wl_compositor_destroy(app->compositor);
	if (app->registry)
		wl_registry_destroy(app->registry);
	if (app->display)
		wl_display_disconnect(app->display);
}
