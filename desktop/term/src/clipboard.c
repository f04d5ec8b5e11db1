/*
 * The clipboard (wl_data_device: Ctrl+Shift+C, Ctrl+Shift+V) and the
 * primary selection (zwp_primary_selection_v1: select, middle click),
 * the same exchange over two protocols. Copying keeps the text and
 * offers it; whoever pastes gets it written down a pipe. Pasting asks
 * the owner for text down a pipe of ours, read by the main loop
 * without blocking: the owner may be this very window, which must keep
 * answering while the paste is under way.
 */
#define _GNU_SOURCE
#include "app.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "primary-selection-unstable-v1-client-protocol.h"

/* Text types, best first; a type we do not list is not text to us. */
static const char *const text_types[] = {
	"text/plain;charset=utf-8",
	"UTF8_STRING",
	"text/plain",
};
#define N_TEXT_TYPES (sizeof(text_types) / sizeof(*text_types))

#define MAX_PASTE (16u << 20)

static int type_rank(const char *mime)
{
	for (size_t i = 0; i < N_TEXT_TYPES; i++)
		if (strcmp(mime, text_types[i]) == 0)
			return (int)i;
	return -1;
}

static void offer_saw_type(struct offer *offer, const char *mime)
{
	int rank = type_rank(mime);

	if (rank >= 0 && (!offer->mime || rank < type_rank(offer->mime)))
		offer->mime = text_types[rank];
}

static void offer_free(struct offer *offer)
{
	if (!offer)
		return;
	if (offer->kind == CLIP_CLIPBOARD)
		wl_data_offer_destroy(offer->proxy);
	else
		zwp_primary_selection_offer_v1_destroy(offer->proxy);
	free(offer);
}

/* --- offers from others --- */

static void data_offer_offer(void *data, struct wl_data_offer *proxy,
			     const char *mime)
{
	(void)proxy;
	offer_saw_type(data, mime);
}

static void data_offer_source_actions(void *data, struct wl_data_offer *proxy,
				      uint32_t actions)
{
	(void)data, (void)proxy, (void)actions;
}

static void data_offer_action(void *data, struct wl_data_offer *proxy,
			      uint32_t action)
{
	(void)data, (void)proxy, (void)action;
}

static const struct wl_data_offer_listener data_offer_listener = {
	.offer = data_offer_offer,
	.source_actions = data_offer_source_actions,
	.action = data_offer_action,
};

static void primary_offer_offer(void *data,
				struct zwp_primary_selection_offer_v1 *proxy,
				const char *mime)
{
	(void)proxy;
	offer_saw_type(data, mime);
}

static const struct zwp_primary_selection_offer_v1_listener
	primary_offer_listener = {
		.offer = primary_offer_offer,
	};

static struct offer *offer_new(void *proxy, enum clip_kind kind)
{
	struct offer *offer = calloc(1, sizeof(*offer));

	if (!offer) {
		if (kind == CLIP_CLIPBOARD)
			wl_data_offer_destroy(proxy);
		else
			zwp_primary_selection_offer_v1_destroy(proxy);
		return NULL;
	}
	offer->proxy = proxy;
	offer->kind = kind;
	if (kind == CLIP_CLIPBOARD)
		wl_data_offer_add_listener(proxy, &data_offer_listener, offer);
	else
		zwp_primary_selection_offer_v1_add_listener(
			proxy, &primary_offer_listener, offer);
	return offer;
}

/* A new selection (NULL: none). An offer never made the selection
 * (one for drag and drop) is freed at its next event or left be. */
static void new_selection(struct app *app, enum clip_kind kind, void *proxy)
{
	struct clip *clip = &app->clips[kind];
	struct offer *offer = proxy ? (kind == CLIP_CLIPBOARD
		? wl_data_offer_get_user_data(proxy)
		: zwp_primary_selection_offer_v1_get_user_data(proxy))
				    : NULL;

	if (clip->offer != offer)
		offer_free(clip->offer);
	clip->offer = offer;
}

static void data_device_data_offer(void *data, struct wl_data_device *device,
				   struct wl_data_offer *proxy)
{
	(void)data, (void)device;
	offer_new(proxy, CLIP_CLIPBOARD);
}

static void data_device_enter(void *data, struct wl_data_device *device,
			      uint32_t serial, struct wl_surface *surface,
			      wl_fixed_t x, wl_fixed_t y,
			      struct wl_data_offer *proxy)
{
	(void)data, (void)device, (void)serial, (void)surface, (void)x, (void)y;
	/* Drag and drop is not taken: say so, and drop its offer. */
	if (proxy) {
		wl_data_offer_accept(proxy, serial, NULL);
		offer_free(wl_data_offer_get_user_data(proxy));
	}
}

static void data_device_leave(void *data, struct wl_data_device *device)
{
	(void)data, (void)device;
}

static void data_device_motion(void *data, struct wl_data_device *device,
			       uint32_t time, wl_fixed_t x, wl_fixed_t y)
{
	(void)data, (void)device, (void)time, (void)x, (void)y;
}

static void data_device_drop(void *data, struct wl_data_device *device)
{
	(void)data, (void)device;
}

static void data_device_selection(void *data, struct wl_data_device *device,
				  struct wl_data_offer *proxy)
{
	(void)device;
	new_selection(data, CLIP_CLIPBOARD, proxy);
}

static const struct wl_data_device_listener data_device_listener = {
	.data_offer = data_device_data_offer,
	.enter = data_device_enter,
	.leave = data_device_leave,
	.motion = data_device_motion,
	.drop = data_device_drop,
	.selection = data_device_selection,
};

static void primary_device_data_offer(
	void *data, struct zwp_primary_selection_device_v1 *device,
	struct zwp_primary_selection_offer_v1 *proxy)
{
	(void)data, (void)device;
	offer_new(proxy, CLIP_PRIMARY);
}

static void primary_device_selection(
	void *data, struct zwp_primary_selection_device_v1 *device,
	struct zwp_primary_selection_offer_v1 *proxy)
{
	(void)device;
	new_selection(data, CLIP_PRIMARY, proxy);
}

static const struct zwp_primary_selection_device_v1_listener
	primary_device_listener = {
		.data_offer = primary_device_data_offer,
		.selection = primary_device_selection,
	};

void clipboard_init(struct app *app)
{
	if (!app->seat)
		return;
	if (app->data_manager) {
		app->data_device = wl_data_device_manager_get_data_device(
			app->data_manager, app->seat);
		wl_data_device_add_listener(app->data_device,
					    &data_device_listener, app);
	}
	if (app->primary_manager) {
		app->primary_device =
			zwp_primary_selection_device_manager_v1_get_device(
				app->primary_manager, app->seat);
		zwp_primary_selection_device_v1_add_listener(
			app->primary_device, &primary_device_listener, app);
	}
}

/* --- our own text, offered --- */

/* Writes the text to FD, which a paster reads; gives up after a second
 * without progress rather than hang the terminal on a stuck reader. */
static void send_text(const struct clip *clip, int fd)
{
	size_t done = 0;

	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	while (done < clip->len) {
		struct pollfd p = { .fd = fd, .events = POLLOUT };
		ssize_t n;

		if (poll(&p, 1, 1000) <= 0)
			break;
		n = write(fd, clip->text + done, clip->len - done);
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			break;
		if (n > 0)
			done += (size_t)n;
	}
	close(fd);
}

static void drop_source(struct clip *clip, enum clip_kind kind)
{
	if (!clip->source)
		return;
	if (kind == CLIP_CLIPBOARD)
		wl_data_source_destroy(clip->source);
	else
		zwp_primary_selection_source_v1_destroy(clip->source);
	clip->source = NULL;
}

static void data_source_target(void *data, struct wl_data_source *source,
			       const char *mime)
{
	(void)data, (void)source, (void)mime;
}

static void data_source_send(void *data, struct wl_data_source *source,
			     const char *mime, int32_t fd)
{
	struct app *app = data;

	(void)source, (void)mime;
	send_text(&app->clips[CLIP_CLIPBOARD], fd);
}

static void data_source_cancelled(void *data, struct wl_data_source *source)
{
	struct app *app = data;

	(void)source;
	drop_source(&app->clips[CLIP_CLIPBOARD], CLIP_CLIPBOARD);
}

static void data_source_dnd_drop_performed(void *data,
					   struct wl_data_source *source)
{
	(void)data, (void)source;
}

static void data_source_dnd_finished(void *data,
				     struct wl_data_source *source)
{
	(void)data, (void)source;
}

static void data_source_action(void *data, struct wl_data_source *source,
			       uint32_t action)
{
	(void)data, (void)source, (void)action;
}

static const struct wl_data_source_listener data_source_listener = {
	.target = data_source_target,
	.send = data_source_send,
	.cancelled = data_source_cancelled,
	.dnd_drop_performed = data_source_dnd_drop_performed,
	.dnd_finished = data_source_dnd_finished,
	.action = data_source_action,
};

static void primary_source_send(void *data,
				struct zwp_primary_selection_source_v1 *source,
				const char *mime, int32_t fd)
{
	struct app *app = data;

	(void)source, (void)mime;
	send_text(&app->clips[CLIP_PRIMARY], fd);
}

static void primary_source_cancelled(
	void *data, struct zwp_primary_selection_source_v1 *source)
{
	struct app *app = data;

	(void)source;
	drop_source(&app->clips[CLIP_PRIMARY], CLIP_PRIMARY);
}

static const struct zwp_primary_selection_source_v1_listener
	primary_source_listener = {
		.send = primary_source_send,
		.cancelled = primary_source_cancelled,
	};

static const struct cell *line_of(void *ctx, int line, int *cols)
{
	return term_line(ctx, line, cols);
}

static void offer_ours(struct app *app, enum clip_kind kind)
{
	struct clip *clip = &app->clips[kind];

	drop_source(clip, kind);
	if (kind == CLIP_CLIPBOARD) {
		struct wl_data_source *source =
			wl_data_device_manager_create_data_source(
				app->data_manager);

		wl_data_source_add_listener(source, &data_source_listener, app);
		for (size_t i = 0; i < N_TEXT_TYPES; i++)
			wl_data_source_offer(source, text_types[i]);
		wl_data_device_set_selection(app->data_device, source,
					     app->serial);
		clip->source = source;
	} else {
		struct zwp_primary_selection_source_v1 *source =
			zwp_primary_selection_device_manager_v1_create_source(
				app->primary_manager);

		zwp_primary_selection_source_v1_add_listener(
			source, &primary_source_listener, app);
		for (size_t i = 0; i < N_TEXT_TYPES; i++)
			zwp_primary_selection_source_v1_offer(source,
							      text_types[i]);
		zwp_primary_selection_device_v1_set_selection(
			app->primary_device, source, app->serial);
		clip->source = source;
	}
}

void clipboard_copy(struct app *app, enum clip_kind kind)
{
	struct clip *clip = &app->clips[kind];
	size_t len = 0;
	char *text;

	if (kind == CLIP_CLIPBOARD ? !app->data_device : !app->primary_device)
		return;
	text = selection_text(&app->selection, line_of, &app->term, &len);
	if (!text || len == 0) {
		free(text);
		return;
	}
	free(clip->text);
	clip->text = text;
	clip->len = len;
	offer_ours(app, kind);
}

/* --- pasting --- */

static void end_paste(struct clip *clip)
{
	if (clip->paste_fd >= 0)
		close(clip->paste_fd);
	clip->paste_fd = -1;
	free(clip->in);
	clip->in = NULL;
	clip->in_len = clip->in_cap = 0;
}

void clipboard_paste(struct app *app, enum clip_kind kind)
{
	struct clip *clip = &app->clips[kind];
	int fds[2];

	if (clip->paste_fd >= 0)
		return;	/* one at a time */
	/* Our own text needs no trip through the compositor. */
	if (clip->source) {
		term_paste(&app->term, clip->text, clip->len);
		return;
	}
	if (!clip->offer || !clip->offer->mime)
		return;
	if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) < 0)
		return;
	if (kind == CLIP_CLIPBOARD)
		wl_data_offer_receive(clip->offer->proxy, clip->offer->mime,
				      fds[1]);
	else
		zwp_primary_selection_offer_v1_receive(
			clip->offer->proxy, clip->offer->mime, fds[1]);
	wl_display_flush(app->display);
	close(fds[1]);
	clip->paste_fd = fds[0];
}

void clipboard_read(struct app *app, enum clip_kind kind)
{
	struct clip *clip = &app->clips[kind];
	ssize_t n;

	if (clip->in_cap - clip->in_len < 4096) {
		size_t cap = clip->in_cap ? clip->in_cap * 2 : 8192;
		char *bigger = cap <= MAX_PASTE ? realloc(clip->in, cap) : NULL;

		if (!bigger) {
			end_paste(clip);	/* too big: paste nothing */
			return;
		}
		clip->in = bigger;
		clip->in_cap = cap;
	}
	n = read(clip->paste_fd, clip->in + clip->in_len,
		 clip->in_cap - clip->in_len);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n > 0) {
		clip->in_len += (size_t)n;
		return;
	}
	if (n == 0 && clip->in_len)
		term_paste(&app->term, clip->in, clip->in_len);
	end_paste(clip);
}

void clipboard_close(struct app *app)
{
	for (int kind = 0; kind < 2; kind++) {
		struct clip *clip = &app->clips[kind];

		end_paste(clip);
		drop_source(clip, (enum clip_kind)kind);
		offer_free(clip->offer);
		clip->offer = NULL;
		free(clip->text);
		clip->text = NULL;
	}
	if (app->data_device)
		wl_data_device_destroy(app->data_device);
	if (app->primary_device)
		zwp_primary_selection_device_v1_destroy(app->primary_device);
	if (app->data_manager)
		wl_data_device_manager_destroy(app->data_manager);
	if (app->primary_manager)
		zwp_primary_selection_device_manager_v1_destroy(
			app->primary_manager);
}
