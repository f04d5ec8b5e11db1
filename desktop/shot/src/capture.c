/*
 * The screencopy exchange: bind wl_shm, the screencopy manager and the
 * outputs (version 4 for their names); ask for a frame; the compositor
 * describes the buffer it wants (format, size, stride; from version 3
 * it may offer several, ended by buffer_done); we make it in shared
 * memory and ask for the copy; it answers ready or failed.
 */
#define _GNU_SOURCE
#include "capture.h"
#include "pixels.h"
#include "shm.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <wayland-client.h>

#include "wlr-screencopy-unstable-v1-client-protocol.h"

#define MAX_OUTPUTS 16

struct output {
	struct wl_output *wl;
	char *name;
};

struct capture {
	struct wl_display *display;
	struct wl_registry *registry;
	struct wl_shm *shm;
	struct zwlr_screencopy_manager_v1 *manager;
	uint32_t manager_version;
	struct output outputs[MAX_OUTPUTS];
	size_t n_outputs;
	struct output *chosen;

	/* The frame under way. */
	struct zwlr_screencopy_frame_v1 *frame;
	struct wl_buffer *buffer;
	struct frame *into;
	int offered, copying, ready, failed;
};

static void output_geometry(void *data, struct wl_output *wl, int32_t x,
			    int32_t y, int32_t width_mm, int32_t height_mm,
			    int32_t subpixel, const char *make,
			    const char *model, int32_t transform)
{
	(void)data, (void)wl, (void)x, (void)y, (void)width_mm;
	(void)height_mm, (void)subpixel, (void)make, (void)model;
	(void)transform;
}

static void output_mode(void *data, struct wl_output *wl, uint32_t flags,
			int32_t width, int32_t height, int32_t refresh)
{
	(void)data, (void)wl, (void)flags, (void)width, (void)height;
	(void)refresh;
}

static void output_done(void *data, struct wl_output *wl)
{
	(void)data, (void)wl;
}

static void output_scale(void *data, struct wl_output *wl, int32_t factor)
{
	(void)data, (void)wl, (void)factor;
}

static void output_name(void *data, struct wl_output *wl, const char *name)
{
	struct output *output = data;

	(void)wl;
	free(output->name);
	output->name = strdup(name);
}

static void output_description(void *data, struct wl_output *wl,
			       const char *description)
{
	(void)data, (void)wl, (void)description;
}

static const struct wl_output_listener output_listener = {
	.geometry = output_geometry,
	.mode = output_mode,
	.done = output_done,
	.scale = output_scale,
	.name = output_name,
	.description = output_description,
};

static uint32_t at_most(uint32_t offered, uint32_t ours)
{
	return offered < ours ? offered : ours;
}

static void registry_global(void *data, struct wl_registry *registry,
			    uint32_t id, const char *interface,
			    uint32_t version)
{
	struct capture *c = data;

	if (strcmp(interface, wl_shm_interface.name) == 0) {
		c->shm = wl_registry_bind(registry, id, &wl_shm_interface, 1);
	} else if (strcmp(interface,
			  zwlr_screencopy_manager_v1_interface.name) == 0) {
		c->manager_version = at_most(version, 3);
		c->manager = wl_registry_bind(
			registry, id, &zwlr_screencopy_manager_v1_interface,
			c->manager_version);
	} else if (strcmp(interface, wl_output_interface.name) == 0 &&
		   c->n_outputs < MAX_OUTPUTS) {
		struct output *output = &c->outputs[c->n_outputs++];

		output->wl = wl_registry_bind(registry, id,
					      &wl_output_interface,
					      at_most(version, 4));
		wl_output_add_listener(output->wl, &output_listener, output);
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

static int choose_output(struct capture *c, const char *name)
{
	if (c->n_outputs == 0) {
		fprintf(stderr, "nexus-shot: the compositor has no output\n");
		return -1;
	}
	if (!name) {
		c->chosen = &c->outputs[0];
		return 0;
	}
	for (size_t i = 0; i < c->n_outputs; i++)
		if (c->outputs[i].name && strcmp(c->outputs[i].name, name) == 0) {
			c->chosen = &c->outputs[i];
			return 0;
		}
	fprintf(stderr, "nexus-shot: no output named %s; there are:", name);
	for (size_t i = 0; i < c->n_outputs; i++)
		fprintf(stderr, " %s",
			c->outputs[i].name ? c->outputs[i].name : "(unnamed)");
	fputc('\n', stderr);
	return -1;
}

struct capture *capture_open(const char *output)
{
	struct capture *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->display = wl_display_connect(NULL);
	if (!c->display) {
		fprintf(stderr, "nexus-shot: cannot connect to the Wayland "
				"compositor (WAYLAND_DISPLAY: %s)\n",
			getenv("WAYLAND_DISPLAY") ? getenv("WAYLAND_DISPLAY")
						  : "unset");
		free(c);
		return NULL;
	}
	c->registry = wl_display_get_registry(c->display);
	wl_registry_add_listener(c->registry, &registry_listener, c);
	/* The globals, then the outputs' own events (their names). */
	if (wl_display_roundtrip(c->display) < 0 ||
	    wl_display_roundtrip(c->display) < 0) {
		fprintf(stderr, "nexus-shot: the compositor went away\n");
		capture_close(c, NULL);
		return NULL;
	}
	if (!c->shm || !c->manager) {
		fprintf(stderr, "nexus-shot: the compositor offers no %s\n",
			!c->shm ? "wl_shm" : "wlr-screencopy-unstable-v1");
		capture_close(c, NULL);
		return NULL;
	}
	if (choose_output(c, output) < 0) {
		capture_close(c, NULL);
		return NULL;
	}
	return c;
}

static void frame_buffer(void *data, struct zwlr_screencopy_frame_v1 *frame,
			 uint32_t format, uint32_t width, uint32_t height,
			 uint32_t stride)
{
	struct capture *c = data;

	(void)frame;
	/* Keep the first shm buffer we can read; a later one may be too. */
	if (c->offered && pixels_supported(c->into->format))
		return;
	c->into->format = format;
	c->into->width = width;
	c->into->height = height;
	c->into->stride = stride;
	c->offered = 1;
}

static void frame_flags(void *data, struct zwlr_screencopy_frame_v1 *frame,
			uint32_t flags)
{
	struct capture *c = data;

	(void)frame;
	c->into->y_invert = !!(flags & ZWLR_SCREENCOPY_FRAME_V1_FLAGS_Y_INVERT);
}

static void frame_ready(void *data, struct zwlr_screencopy_frame_v1 *frame,
			uint32_t sec_hi, uint32_t sec_lo, uint32_t nsec)
{
	struct capture *c = data;

	(void)frame, (void)sec_hi, (void)sec_lo, (void)nsec;
	c->ready = 1;
}

static void frame_failed(void *data, struct zwlr_screencopy_frame_v1 *frame)
{
	struct capture *c = data;

	(void)frame;
	c->failed = 1;
}

static void frame_damage(void *data, struct zwlr_screencopy_frame_v1 *frame,
			 uint32_t x, uint32_t y, uint32_t width,
			 uint32_t height)
{
	(void)data, (void)frame, (void)x, (void)y, (void)width, (void)height;
}

static void frame_linux_dmabuf(void *data,
			       struct zwlr_screencopy_frame_v1 *frame,
			       uint32_t format, uint32_t width,
			       uint32_t height)
{
	(void)data, (void)frame, (void)format, (void)width, (void)height;
}

static int start_copy(struct capture *c);

static void frame_buffer_done(void *data,
			      struct zwlr_screencopy_frame_v1 *frame)
{
	struct capture *c = data;

	(void)frame;
	if (start_copy(c) < 0)
		c->failed = 1;
}

static const struct zwlr_screencopy_frame_v1_listener frame_listener = {
	.buffer = frame_buffer,
	.flags = frame_flags,
	.ready = frame_ready,
	.failed = frame_failed,
	.damage = frame_damage,
	.linux_dmabuf = frame_linux_dmabuf,
	.buffer_done = frame_buffer_done,
};

/* The buffer the compositor described, in shared memory, and the copy. */
static int start_copy(struct capture *c)
{
	struct frame *f = c->into;
	struct wl_shm_pool *pool;
	int fd;

	if (!c->offered) {
		fprintf(stderr, "nexus-shot: the compositor offers no shared "
				"memory buffer\n");
		return -1;
	}
	if (!pixels_supported(f->format)) {
		fprintf(stderr, "nexus-shot: unsupported buffer format %s "
				"(0x%08x)\n",
			pixels_format_name(f->format), f->format);
		return -1;
	}
	f->size = (size_t)f->stride * f->height;
	fd = shm_create(f->size);
	if (fd < 0) {
		fprintf(stderr, "nexus-shot: shared memory of %zu bytes: %s\n",
			f->size, strerror(errno));
		return -1;
	}
	f->data = mmap(NULL, f->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (f->data == MAP_FAILED) {
		fprintf(stderr, "nexus-shot: mapping %zu bytes: %s\n", f->size,
			strerror(errno));
		f->data = NULL;
		close(fd);
		return -1;
	}
	pool = wl_shm_create_pool(c->shm, fd, (int32_t)f->size);
	c->buffer = wl_shm_pool_create_buffer(pool, 0, (int32_t)f->width,
					      (int32_t)f->height,
					      (int32_t)f->stride, f->format);
	wl_shm_pool_destroy(pool);
	close(fd);
	zwlr_screencopy_frame_v1_copy(c->frame, c->buffer);
	c->copying = 1;
	return 0;
}

int capture_frame(struct capture *c, struct frame *f)
{
	memset(f, 0, sizeof(*f));
	c->into = f;
	c->frame = zwlr_screencopy_manager_v1_capture_output(c->manager, 0,
							      c->chosen->wl);
	zwlr_screencopy_frame_v1_add_listener(c->frame, &frame_listener, c);
	while (!c->ready && !c->failed) {
		if (wl_display_dispatch(c->display) < 0) {
			fprintf(stderr, "nexus-shot: the compositor went away\n");
			return -1;
		}
		/* Before version 3 no buffer_done comes: the buffer event
		 * is the whole offer. */
		if (c->manager_version < 3 && c->offered && !c->copying &&
		    start_copy(c) < 0)
			return -1;
	}
	if (c->failed && c->copying)
		fprintf(stderr, "nexus-shot: the compositor failed to copy "
				"the output\n");
	return c->failed ? -1 : 0;
}

void capture_close(struct capture *c, struct frame *f)
{
	if (f && f->data)
		munmap(f->data, f->size);
	if (c->buffer)
		wl_buffer_destroy(c->buffer);
	if (c->frame)
		zwlr_screencopy_frame_v1_destroy(c->frame);
	for (size_t i = 0; i < c->n_outputs; i++) {
		if (wl_output_get_version(c->outputs[i].wl) >= 3)
			wl_output_release(c->outputs[i].wl);
		else
			wl_output_destroy(c->outputs[i].wl);
		free(c->outputs[i].name);
	}
	if (c->manager)
		zwlr_screencopy_manager_v1_destroy(c->manager);
	if (c->shm)
		wl_shm_destroy(c->shm);
	wl_registry_destroy(c->registry);
	wl_display_disconnect(c->display);
	free(c);
}
