/*
 * surface-probe's clipboard: with --copy it offers a text as the
 * selection when it gets the keyboard; with --paste it prints
 * "paste TEXT" for each selection the compositor hands it, read from
 * the client that offers it.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "probe.h"

#define TEXT_MIME "text/plain;charset=utf-8"

static void source_target(void *data, struct wl_data_source *source,
			  const char *mime)
{
	(void)data, (void)source, (void)mime;
}

/* Another client pastes: write the text to it. */
static void source_send(void *data, struct wl_data_source *source,
			const char *mime, int32_t fd)
{
	struct probe *p = data;
	size_t len = strlen(p->copy_text);

	(void)source;
	if (strcmp(mime, TEXT_MIME) == 0 &&
	    write(fd, p->copy_text, len) != (ssize_t)len)
		perror("surface-probe: copy");
	close(fd);
	printf("copy-sent\n");
}

static void source_cancelled(void *data, struct wl_data_source *source)
{
	(void)data;
	wl_data_source_destroy(source);
}

static void source_dnd(void *data, struct wl_data_source *source)
{
	(void)data, (void)source;
}

static void source_action(void *data, struct wl_data_source *source,
			  uint32_t action)
{
	(void)data, (void)source, (void)action;
}

static const struct wl_data_source_listener source_listener = {
	.target = source_target,
	.send = source_send,
	.cancelled = source_cancelled,
	.dnd_drop_performed = source_dnd,
	.dnd_finished = source_dnd,
	.action = source_action,
};

void clipboard_copy(struct probe *p, uint32_t serial)
{
	struct wl_data_source *source;

	if (p->copy_text == NULL || p->data_device == NULL)
		return;
	source = wl_data_device_manager_create_data_source(p->data_manager);
	wl_data_source_add_listener(source, &source_listener, p);
	wl_data_source_offer(source, TEXT_MIME);
	wl_data_device_set_selection(p->data_device, source, serial);
}

static void offer_offer(void *data, struct wl_data_offer *offer,
			const char *mime)
{
	(void)data, (void)offer, (void)mime;
}

static void offer_actions(void *data, struct wl_data_offer *offer,
			  uint32_t actions)
{
	(void)data, (void)offer, (void)actions;
}

static const struct wl_data_offer_listener offer_listener = {
	.offer = offer_offer,
	.source_actions = offer_actions,
	.action = offer_actions,
};

static void device_data_offer(void *data, struct wl_data_device *device,
			      struct wl_data_offer *offer)
{
	(void)device;
	wl_data_offer_add_listener(offer, &offer_listener, data);
}

static void device_enter(void *data, struct wl_data_device *device,
			 uint32_t serial, struct wl_surface *surface,
			 wl_fixed_t x, wl_fixed_t y, struct wl_data_offer *offer)
{
	(void)data, (void)device, (void)serial, (void)surface, (void)x,
		(void)y, (void)offer;
}

static void device_leave(void *data, struct wl_data_device *device)
{
	(void)data, (void)device;
}

static void device_motion(void *data, struct wl_data_device *device,
			  uint32_t time, wl_fixed_t x, wl_fixed_t y)
{
	(void)data, (void)device, (void)time, (void)x, (void)y;
}

/* Read the offered text through a pipe; the offering client writes it. */
static void device_selection(void *data, struct wl_data_device *device,
			     struct wl_data_offer *offer)
{
	struct probe *p = data;
	char text[256];
	size_t used = 0;
	ssize_t n;
	int fds[2];

	(void)device;
	if (offer == NULL || !p->paste) {
		if (offer != NULL)
			wl_data_offer_destroy(offer);
		return;
	}
	if (pipe2(fds, O_CLOEXEC) < 0) {
		perror("surface-probe: pipe");
		return;
	}
	wl_data_offer_receive(offer, TEXT_MIME, fds[1]);
	close(fds[1]);
	wl_display_flush(p->display);
	while (used < sizeof text - 1 &&
	       (n = read(fds[0], text + used, sizeof text - 1 - used)) > 0)
		used += (size_t)n;
	close(fds[0]);
	text[used] = '\0';
	printf("paste %s\n", text);
	wl_data_offer_destroy(offer);
}

static const struct wl_data_device_listener device_listener = {
	.data_offer = device_data_offer,
	.enter = device_enter,
	.leave = device_leave,
	.motion = device_motion,
	.drop = device_leave,
	.selection = device_selection,
};

void clipboard_init(struct probe *p)
{
	if (p->data_manager == NULL || p->seat == NULL)
		return;
	p->data_device = wl_data_device_manager_get_data_device(p->data_manager,
								 p->seat);
	wl_data_device_add_listener(p->data_device, &device_listener, p);
}
