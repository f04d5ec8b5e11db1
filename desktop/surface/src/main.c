/*
 * surface: the Nexus Wayland compositor. Sets wlroots up, reads the
 * configuration (never exiting over a bad line), adds our evdev input
 * backend when there is a session, confines itself and runs.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wlr/backend/multi.h>
#include <wlr/backend/session.h>
#include <wlr/render/allocator.h>
#include <wlr/render/wlr_renderer.h>
#include <wlr/types/wlr_compositor.h>
#include <wlr/types/wlr_cursor.h>
#include <wlr/types/wlr_data_device.h>
#include <wlr/types/wlr_output_layout.h>
#include <wlr/types/wlr_presentation_time.h>
#include <wlr/types/wlr_primary_selection_v1.h>
#include <wlr/types/wlr_screencopy_v1.h>
#include <wlr/types/wlr_xcursor_manager.h>
#include <wlr/types/wlr_xdg_output_v1.h>
#include <wlr/util/log.h>

#include "config_load.h"
#include "evdev.h"
#include "server.h"
#include "spawn.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: surface [-d] [-c FILE] [-s COMMAND]\n"
		   "       surface --check FILE\n");
}

/* --check FILE: parse, report, exit 1 on any error (for tests). */
static int check_only(const char *path)
{
	struct surface_config config;
	int errors;

	config_init(&config);
	errors = config_parse_file(&config, path, 0, stderr);
	config_free(&config);
	if (errors == 0)
		printf("%s: ok\n", path);
	return errors ? 1 : 0;
}

/*
 * Without a session, SURFACE_INPUT_ROOT names a folder with sys/ and
 * dev/ standing for /sys/class/input and /dev/input: tests drive a
 * headless surface through FIFOs there.
 */
static struct wlr_backend *test_input_backend(struct server *server)
{
	const char *root = getenv("SURFACE_INPUT_ROOT");
	char sys[256], dev[256];

	if (root == NULL || root[0] == '\0')
		return NULL;
	snprintf(sys, sizeof sys, "%s/sys", root);
	snprintf(dev, sizeof dev, "%s/dev", root);
	wlr_log(WLR_INFO, "input from %s (a test's)", root);
	return evdev_backend_create_at(server->display, NULL, sys, dev);
}

/* Our evdev backend beside what wlroots made, if it has a session. */
static void add_input_backend(struct server *server)
{
	struct wlr_session *session = wlr_backend_get_session(server->backend);
	struct wlr_backend *evdev;

	if (session == NULL) {
		evdev = test_input_backend(server);
		if (evdev == NULL) {
			wlr_log(WLR_INFO, "no session: no input (headless)");
			return;
		}
	} else {
		evdev = evdev_backend_create(server->display, session);
	}
	if (evdev == NULL || !wlr_multi_backend_add(server->backend, evdev))
		wlr_log(WLR_ERROR, "cannot add the evdev input backend");
}

static void create_scene(struct server *server)
{
	server->scene = wlr_scene_create();
	for (int i = 0; i < LAYER_COUNT; i++)
		server->layers[i] = wlr_scene_tree_create(&server->scene->node);
	server->output_layout = wlr_output_layout_create();
	wlr_scene_attach_output_layout(server->scene, server->output_layout);
}

/* The protocols wlroots implements whole: we only create them. */
static void create_globals(struct server *server)
{
	struct wlr_presentation *presentation;

	wlr_compositor_create(server->display, server->renderer);
	wlr_data_device_manager_create(server->display);
	wlr_primary_selection_v1_device_manager_create(server->display);
	wlr_screencopy_manager_v1_create(server->display);
	wlr_xdg_output_manager_v1_create(server->display,
					 server->output_layout);
	presentation = wlr_presentation_create(server->display,
					       server->backend);
	wlr_scene_set_presentation(server->scene, presentation);
}

static int setup(struct server *server)
{
	server->display = wl_display_create();
	/*
	 * Our wlroots has no libinput backend (its source is not served);
	 * input comes from our evdev backend, added below. Without this,
	 * wlroots refuses a session backend with no input at all.
	 */
	setenv("WLR_LIBINPUT_NO_DEVICES", "1", 0);
	server->backend = wlr_backend_autocreate(server->display);
	if (server->backend == NULL) {
		fprintf(stderr, "surface: no wlroots backend could start\n");
		return -1;
	}
	add_input_backend(server);
	server->renderer = wlr_renderer_autocreate(server->backend);
	if (server->renderer == NULL) {
		fprintf(stderr, "surface: no renderer\n");
		return -1;
	}
	wlr_renderer_init_wl_display(server->renderer, server->display);
	server->allocator = wlr_allocator_autocreate(server->backend,
						     server->renderer);
	if (server->allocator == NULL) {
		fprintf(stderr, "surface: no buffer allocator\n");
		return -1;
	}
	create_scene(server);
	create_globals(server);
	output_init(server);
	view_init(server);
	decoration_init(server);
	layer_init(server);
	cursor_init(server);
	seat_init(server);
	cursor_listen_seat(server);
	return 0;
}

/* SIGTERM and SIGINT end the loop, so that everything is torn down. */
static int handle_signal(int signal_number, void *data)
{
	struct server *server = data;

	wlr_log(WLR_INFO, "signal %d: exiting", signal_number);
	wl_display_terminate(server->display);
	return 0;
}

static int run(struct server *server, const char *startup)
{
	struct wl_event_loop *loop = wl_display_get_event_loop(server->display);
	struct wl_event_source *sources[2];
	const char *socket = wl_display_add_socket_auto(server->display);

	if (socket == NULL) {
		fprintf(stderr, "surface: cannot make a Wayland socket "
				"(is XDG_RUNTIME_DIR set?)\n");
		return 1;
	}
	if (!wlr_backend_start(server->backend)) {
		fprintf(stderr, "surface: the backend did not start\n");
		return 1;
	}
	setenv("WAYLAND_DISPLAY", socket, 1);
	wlr_log(WLR_INFO, "running on WAYLAND_DISPLAY=%s", socket);
	confine(server);
	sources[0] = wl_event_loop_add_signal(loop, SIGTERM, handle_signal,
					      server);
	sources[1] = wl_event_loop_add_signal(loop, SIGINT, handle_signal,
					      server);
	if (startup != NULL)
		spawn(startup);
	wl_display_run(server->display);
	for (int i = 0; i < 2; i++)
		if (sources[i] != NULL)
			wl_event_source_remove(sources[i]);
	return 0;
}

/* Clients first, then what they used; the display takes the backend. */
static void teardown(struct server *server)
{
	if (server->display != NULL)
		wl_display_destroy_clients(server->display);
	if (server->cursor_manager != NULL)
		wlr_xcursor_manager_destroy(server->cursor_manager);
	if (server->cursor != NULL)
		wlr_cursor_destroy(server->cursor);
	if (server->display != NULL)
		wl_display_destroy(server->display);
	xkb_context_unref(server->xkb);
	if (server->scene != NULL)
		wlr_scene_node_destroy(&server->scene->node);
	if (server->output_layout != NULL)
		wlr_output_layout_destroy(server->output_layout);
	if (server->allocator != NULL)
		wlr_allocator_destroy(server->allocator);
	if (server->renderer != NULL)
		wlr_renderer_destroy(server->renderer);
	config_free(&server->config);
}

int main(int argc, char *argv[])
{
	struct server server = { .master_ratio = 0.55 };
	const char *config_path = NULL, *startup = NULL;
	int verbose = 0, c, rc;

	if (argc == 3 && strcmp(argv[1], "--check") == 0)
		return check_only(argv[2]);
	while ((c = getopt(argc, argv, "c:ds:h")) != -1) {
		switch (c) {
		case 'c':
			config_path = optarg;
			break;
		case 'd':
			verbose = 1;
			break;
		case 's':
			startup = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		usage(stderr);
		return 2;
	}
	wlr_log_init(verbose ? WLR_DEBUG : WLR_ERROR, NULL);
	/* A file named on purpose and not there is a mistake to stop on. */
	if (config_path != NULL && access(config_path, R_OK) != 0) {
		fprintf(stderr, "surface: %s: %s\n", config_path,
			strerror(errno));
		return 1;
	}
	config_init(&server.config);
	/* A bad line was reported and ignored: go on with the rest. */
	config_load(&server.config, config_path, SYSTEM_CONFIG, stderr);
	config_way_out(&server.config, stderr);
	/* Children (the launcher's) are nobody's to wait for. */
	signal(SIGCHLD, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	/* Before any device is open: the launcher must hold none. */
	if (spawn_init() < 0) {
		perror("surface: cannot start the launcher for commands");
		return 1;
	}

	rc = setup(&server) < 0 ? 1 : run(&server, startup);
	teardown(&server);
	return rc;
}
