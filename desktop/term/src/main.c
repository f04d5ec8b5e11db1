/*
 * nexus-term: a terminal for the Nexus desktop.
 *
 *   nexus-term [-f font.ttf] [-s px] [-e command [argument ...]]
 *
 * Setup reads the config files and the font, starts the program on a
 * pty and opens the window; then the process pledges what the loop
 * needs and nothing more. The loop waits on the compositor, the pty,
 * the key-repeat timer and any paste under way.
 */
#define _GNU_SOURCE
#include "app.h"

#include <errno.h>
#include <fcntl.h>
#include <pledge.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <unistd.h>

#define READ_CHUNK 65536
/* Output read per turn of the loop before the compositor gets a look. */
#define READ_BUDGET (4 * READ_CHUNK)

/* Bytes for the program that the pty would not take yet. */
static char *pending;
static size_t pending_len;

static void usage(void)
{
	fprintf(stderr, "usage: nexus-term [-f font.ttf] [-s px] "
			"[-e command [argument ...]]\n");
	exit(2);
}

static void pty_write(void *ctx, const char *bytes, size_t len)
{
	struct app *app = ctx;
	char *bigger;

	if (app->pty.master < 0)
		return;
	if (!pending_len) {
		ssize_t n = write(app->pty.master, bytes, len);

		if (n < 0)
			n = 0;
		bytes += n;
		len -= (size_t)n;
	}
	if (!len)
		return;
	bigger = realloc(pending, pending_len + len);
	if (!bigger)
		return;	/* dropped: the program was not reading anyway */
	pending = bigger;
	memcpy(pending + pending_len, bytes, len);
	pending_len += len;
}

static void flush_pending(struct app *app)
{
	ssize_t n = write(app->pty.master, pending, pending_len);

	if (n <= 0)
		return;
	memmove(pending, pending + n, pending_len - (size_t)n);
	pending_len -= (size_t)n;
}

static void on_damage(void *ctx, int row0, int row1, int col0, int col1)
{
	struct app *app = ctx;
	int view = app->term.scrollback.view;

	window_damage(app, row0 + view, row1 + view, col0, col1);
}

static void on_scrolled(void *ctx)
{
	struct app *app = ctx;

	selection_shift(&app->selection, 1);
	/* A scrolled-back view stays on its text; what it shows moved. */
	if (app->term.scrollback.view > 0 || app->selection.active)
		window_damage_all(app);
}

static void on_title(void *ctx, const char *title)
{
	window_set_title(ctx, title);
}

static const struct term_hooks hooks = {
	.write = pty_write,
	.damage = on_damage,
	.scrolled = on_scrolled,
	.title = on_title,
};

void app_scroll_view(struct app *app, int lines)
{
	if (scrollback_scroll(&app->term.scrollback, lines)) {
		window_damage_all(app);
		window_redraw(app);
	}
}

/* $XDG_CONFIG_HOME/nexus-term/nexus-term.conf, or under ~/.config. */
static int user_config_path(char *out, size_t size)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	int n;

	if (xdg && *xdg)
		n = snprintf(out, size, "%s/nexus-term/nexus-term.conf", xdg);
	else if (home && *home)
		n = snprintf(out, size, "%s/.config/nexus-term/nexus-term.conf",
			     home);
	else
		return -1;
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

static void load_config(struct term_config *config)
{
	char path[CONFIG_PATH_SIZE];

	config_defaults(config);
	config_load(config, "/etc/nexus-term.conf", stderr);
	if (user_config_path(path, sizeof(path)) == 0)
		config_load(config, path, stderr);
}

static int open_font(struct app *app)
{
	char bold[CONFIG_PATH_SIZE], err[CONFIG_PATH_SIZE + 64];
	const char *bold_path = app->config.bold;

	if (!*bold_path)
		bold_path = config_bold_path(app->config.font, bold,
					     sizeof(bold)) == 0 ? bold : NULL;
	if (font_open(&app->font, app->config.font, bold_path,
		      app->config.size, err, sizeof(err)) < 0) {
		fprintf(stderr, "nexus-term: %s\n", err);
		return -1;
	}
	return 0;
}

/*
 * What the loop does: reads and writes on the compositor's socket and
 * the pty (stdio), sizes the pty (tty), sends shm and pipe descriptors
 * to the compositor (sendfd) and takes keymaps and paste requests from
 * it (recvfd). No file is opened again, no process started or signalled:
 * closing the pty is what hangs the program up.
 */
static void confine(void)
{
	const char *promises = "stdio tty sendfd recvfd";

	if (pledge(promises, NULL) < 0 && errno != ENOSYS) {
		fprintf(stderr, "nexus-term: pledge \"%s\": %s\n", promises,
			strerror(errno));
		exit(1);
	}
}

/* Reads what the program wrote; returns -1 once it has gone. */
static int read_pty(struct app *app)
{
	static char buf[READ_CHUNK];
	size_t total = 0;

	while (total < READ_BUDGET) {
		ssize_t n = read(app->pty.master, buf, sizeof(buf));

		if (n > 0) {
			term_feed(&app->term, buf, (size_t)n);
			total += (size_t)n;
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return 0;
		return -1;	/* EIO or end: the last slave fd closed */
	}
	return 0;
}

enum { FD_WAYLAND, FD_PTY, FD_REPEAT, FD_CLIPBOARD, FD_PRIMARY, N_FDS };

static void loop(struct app *app)
{
	struct pollfd fds[N_FDS];

	while (app->running) {
		while (wl_display_prepare_read(app->display) != 0)
			wl_display_dispatch_pending(app->display);
		wl_display_flush(app->display);
		fds[FD_WAYLAND] = (struct pollfd){
			wl_display_get_fd(app->display), POLLIN, 0 };
		fds[FD_PTY] = (struct pollfd){ app->pty.master,
					       POLLIN | (pending_len ? POLLOUT : 0),
					       0 };
		fds[FD_REPEAT] = (struct pollfd){ app->repeat_fd, POLLIN, 0 };
		fds[FD_CLIPBOARD] = (struct pollfd){
			app->clips[CLIP_CLIPBOARD].paste_fd, POLLIN, 0 };
		fds[FD_PRIMARY] = (struct pollfd){
			app->clips[CLIP_PRIMARY].paste_fd, POLLIN, 0 };
		if (poll(fds, N_FDS, -1) < 0) {
			wl_display_cancel_read(app->display);
			if (errno == EINTR)
				continue;
			break;
		}
		if (fds[FD_WAYLAND].revents & POLLIN) {
			if (wl_display_read_events(app->display) < 0)
				break;
		} else {
			wl_display_cancel_read(app->display);
		}
		if (fds[FD_WAYLAND].revents & (POLLERR | POLLHUP))
			break;
		if (wl_display_dispatch_pending(app->display) < 0)
			break;
		if (fds[FD_PTY].revents & POLLOUT)
			flush_pending(app);
		if ((fds[FD_PTY].revents & (POLLIN | POLLHUP | POLLERR)) &&
		    read_pty(app) < 0)
			break;
		if (fds[FD_REPEAT].revents & POLLIN)
			input_repeat_fire(app);
		if (fds[FD_CLIPBOARD].revents)
			clipboard_read(app, CLIP_CLIPBOARD);
		if (fds[FD_PRIMARY].revents)
			clipboard_read(app, CLIP_PRIMARY);
		if (app->redraw_wanted)
			window_redraw(app);
	}
}

static void parse_options(int argc, char **argv, struct app *app,
			  char ***command)
{
	int opt;

	*command = NULL;
	while ((opt = getopt(argc, argv, "+f:s:e")) != -1) {
		switch (opt) {
		case 'f':
			if (strlen(optarg) >= sizeof(app->config.font))
				usage();
			strcpy(app->config.font, optarg);
			app->config.bold[0] = '\0';
			break;
		case 's': {
			char *end;
			long px = strtol(optarg, &end, 10);

			if (*end || px < 6 || px > 200) {
				fprintf(stderr, "nexus-term: -s wants a pixel "
						"size from 6 to 200\n");
				exit(2);
			}
			app->config.size = (int)px;
			break;
		}
		case 'e':
			if (optind >= argc)
				usage();
			*command = argv + optind;
			return;
		default:
			usage();
		}
	}
	if (optind < argc)
		usage();
}

int main(int argc, char **argv)
{
	static struct app app;
	char **command;
	int rc = 1;

	load_config(&app.config);
	parse_options(argc, argv, &app, &command);
	signal(SIGPIPE, SIG_IGN);
	/* Before anything can fail: the cleanup closes what is not -1. */
	app.pty.master = -1;
	app.clips[CLIP_CLIPBOARD].paste_fd = -1;
	app.clips[CLIP_PRIMARY].paste_fd = -1;
	app.repeat_fd = timerfd_create(CLOCK_MONOTONIC,
				       TFD_NONBLOCK | TFD_CLOEXEC);
	app.xkb = xkb_context_new(XKB_CONTEXT_NO_DEFAULT_INCLUDES |
				  XKB_CONTEXT_NO_ENVIRONMENT_NAMES);
	if (app.repeat_fd < 0 || !app.xkb || open_font(&app) < 0)
		return 1;
	if (term_init(&app.term, 24, 80, &app.config, &hooks, &app) < 0) {
		fprintf(stderr, "nexus-term: out of memory\n");
		return 1;
	}
	if (window_open(&app) < 0)
		goto out;
	if (pty_spawn(&app.pty, command, app.term.rows, app.term.cols,
		      app.font.cell_width, app.font.cell_height) < 0)
		goto out;
	confine();
	app.running = 1;
	window_damage_all(&app);
	window_redraw(&app);
	loop(&app);
	rc = 0;
out:
	pty_hangup(&app.pty);
	if (getenv("NEXUS_TERM_STATS"))
		fprintf(stderr, "nexus-term: %lu frames, %lu cells drawn, "
				"glyph cache %lu hits %lu misses\n",
			app.frames_drawn, app.cells_drawn, app.font.hits,
			app.font.misses);
	clipboard_close(&app);
	input_close(&app);
	window_close(&app);
	term_free(&app.term);
	font_close(&app.font);
	xkb_context_unref(app.xkb);
	free(pending);
	return rc;
}
