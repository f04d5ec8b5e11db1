/*
 * surface under unveil(2) and pledge(2), once the backend has started
 * and the Wayland socket exists. On a kernel without the pledge LSM
 * both calls fail with ENOSYS and surface goes on, as nip does.
 *
 * Unveiled: what surface still opens while it runs. Keymaps compile
 * when a keyboard is plugged in (xkb data); cursor themes load per
 * output scale; devices plugged in are read about in sysfs and opened
 * by capd, never by surface (so /dev is not unveiled); wlroots makes shared
 * memory for keymaps in /dev/shm; without a session, a test's
 * SURFACE_INPUT_ROOT stands for /dev/input and sysfs.
 *
 * Pledged with neither "proc" nor "exec": bindings' commands go to the
 * launcher (spawn.c), which holds no device. With a session, "drm" and
 * "evdev" allow the ioctls the DRM backend and ours make all the time
 * (page flips, EVIOCGKEY) on the card and devices capd granted; never
 * DRM master or a grab. A kernel older than those words refuses the
 * pledge: surface goes on unveiled and says so.
 */
#include <errno.h>
#include <stdbool.h>
#include <pledge.h>
#include <stdio.h>
#include <stdlib.h>
#include <wlr/backend/session.h>
#include <wlr/util/log.h>

#include "server.h"

static int veil(const char *path, const char *rights)
{
	/* A folder that is not there needs no unveil. */
	if (path == NULL || unveil(path, rights) == 0 || errno == ENOENT)
		return 0;
	return -1;
}

static void unveil_home(const char *home)
{
	char path[4096];

	if (home == NULL || home[0] != '/')
		return;
	snprintf(path, sizeof path, "%s/.icons", home);
	veil(path, "r");
	snprintf(path, sizeof path, "%s/.local/share/icons", home);
	veil(path, "r");
}

static int unveil_all(bool session)
{
	/* The first call fails with ENOSYS on a kernel without the LSM. */
	if (veil("/usr/share/X11/xkb", "r") < 0 ||
	    veil("/usr/share/icons", "r") < 0 ||
	    veil("/sys", "r") < 0 || veil("/dev/shm", "rwc") < 0 ||
	    veil(getenv("XDG_RUNTIME_DIR"), "rwc") < 0 ||
	    (!session && veil(getenv("SURFACE_INPUT_ROOT"), "rw") < 0))
		return -1;
	unveil_home(getenv("HOME"));
	return unveil(NULL, NULL);
}

/*
 * stdio: the clients' sockets, epoll, timers; rpath wpath cpath: the
 * unveiled files above; unix: clients connecting; sendfd recvfd:
 * keymaps out, buffers in.
 */
#define PROMISES	"stdio rpath wpath cpath unix sendfd recvfd"
#define SESSION_PROMISES	PROMISES " drm evdev"

void confine(struct server *server)
{
	bool session = wlr_backend_get_session(server->backend) != NULL;
	const char *promises = session ? SESSION_PROMISES : PROMISES;

	if (unveil_all(session) < 0) {
		if (errno != ENOSYS)
			wlr_log_errno(WLR_ERROR, "unveil");
		return;
	}
	if (pledge(promises, NULL) < 0 && errno != ENOSYS)
		wlr_log_errno(WLR_ERROR, "pledge \"%s\"", promises);
}
