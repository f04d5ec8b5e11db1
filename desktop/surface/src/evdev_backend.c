/*
 * The evdev backend: devices at start from /dev/input, later from the
 * kernel's uevents (there is no udev daemon). When the session goes
 * inactive (another VT) its devices are revoked: we close them all and
 * open them again when it comes back.
 */
#include <dirent.h>
#include <errno.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <wlr/util/log.h>

#include "evdev.h"
#include "server.h"
#include "uevent.h"

static struct evdev_backend *from_wlr(struct wlr_backend *wlr)
{
	struct evdev_backend *backend = wl_container_of(wlr, backend, base);

	return backend;
}

/*
 * Every event device, as sysfs lists them: once confined, surface sees
 * no /dev (capd opens the nodes), and a session coming back from
 * another VT enumerates again.
 */
static void add_all(struct evdev_backend *backend)
{
	DIR *dir = opendir(backend->sysfs_dir);
	struct dirent *entry;

	if (dir == NULL) {
		wlr_log_errno(WLR_INFO, "%s", backend->sysfs_dir);
		return;
	}
	while ((entry = readdir(dir)) != NULL)
		if (strncmp(entry->d_name, "event", 5) == 0)
			evdev_device_add(backend, entry->d_name);
	closedir(dir);
}

static void remove_all(struct evdev_backend *backend)
{
	struct evdev_device *device, *tmp;

	wl_list_for_each_safe(device, tmp, &backend->devices, link)
		evdev_device_remove(device);
}

static struct evdev_device *find(struct evdev_backend *backend,
				 const char *sysname)
{
	struct evdev_device *device;

	wl_list_for_each(device, &backend->devices, link)
		if (strcmp(device->sysname, sysname) == 0)
			return device;
	return NULL;
}

static bool session_active_or_none(struct evdev_backend *backend)
{
	return backend->session == NULL || backend->session->active;
}

void evdev_backend_handle_uevent(struct evdev_backend *backend,
				 const char *msg, size_t len)
{
	struct evdev_device *device;
	struct uevent event;

	if (uevent_parse(msg, len, &event) < 0)
		return;
	device = find(backend, event.sysname);
	if (event.action == UEVENT_ADD && device == NULL &&
	    session_active_or_none(backend))
		evdev_device_add(backend, event.sysname);
	else if (event.action == UEVENT_REMOVE && device != NULL)
		evdev_device_remove(device);
}

/* Only the kernel's messages count (sender port 0). */
static int read_uevent(int fd, uint32_t mask, void *data)
{
	struct evdev_backend *backend = data;
	char buf[8192];
	struct sockaddr_nl sender;
	struct iovec iov = { buf, sizeof buf };
	struct msghdr msg = { .msg_name = &sender,
			      .msg_namelen = sizeof sender,
			      .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t n;

	(void)mask;
	while ((n = recvmsg(fd, &msg, MSG_DONTWAIT)) > 0)
		if (sender.nl_pid == 0)
			evdev_backend_handle_uevent(backend, buf, (size_t)n);
	if (n < 0 && errno == ENOBUFS) {
		/* Messages were lost: start over from what is there. */
		wlr_log(WLR_ERROR, "uevents lost: enumerating input again");
		remove_all(backend);
		add_all(backend);
	}
	return 0;
}

static int open_uevents(struct evdev_backend *backend)
{
	struct sockaddr_nl address = { .nl_family = AF_NETLINK,
				       .nl_groups = 1 /* the kernel's */ };
	int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
			NETLINK_KOBJECT_UEVENT);

	if (fd < 0 ||
	    bind(fd, (struct sockaddr *)&address, sizeof address) < 0) {
		wlr_log_errno(WLR_ERROR, "uevent socket: no input hotplug");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	backend->uevent_fd = fd;
	backend->uevent_source = wl_event_loop_add_fd(
		wl_display_get_event_loop(backend->display), fd,
		WL_EVENT_READABLE, read_uevent, backend);
	return 0;
}

static bool backend_start(struct wlr_backend *wlr)
{
	struct evdev_backend *backend = from_wlr(wlr);

	backend->started = true;
	/* A test's backend hears uevents from the test only. */
	if (backend->session != NULL)
		open_uevents(backend);
	add_all(backend);
	return true;
}

static void backend_destroy(struct wlr_backend *wlr)
{
	struct evdev_backend *backend = from_wlr(wlr);

	remove_all(backend);
	wlr_backend_finish(wlr);
	if (backend->uevent_source != NULL)
		wl_event_source_remove(backend->uevent_source);
	if (backend->uevent_fd >= 0)
		close(backend->uevent_fd);
	wl_list_remove(&backend->display_destroy.link);
	if (backend->session != NULL) {
		wl_list_remove(&backend->session_active.link);
		wl_list_remove(&backend->session_destroy.link);
	}
	free(backend);
}

static struct wlr_session *backend_get_session(struct wlr_backend *wlr)
{
	return from_wlr(wlr)->session;
}

static const struct wlr_backend_impl backend_impl = {
	.start = backend_start,
	.destroy = backend_destroy,
	.get_session = backend_get_session,
};

static void session_active(struct wl_listener *listener, void *data)
{
	struct evdev_backend *backend =
		wl_container_of(listener, backend, session_active);

	(void)data;
	if (!backend->started)
		return;
	if (backend->session->active)
		add_all(backend);
	else
		remove_all(backend);
}

static void display_destroy(struct wl_listener *listener, void *data)
{
	struct evdev_backend *backend =
		wl_container_of(listener, backend, display_destroy);

	(void)data;
	backend_destroy(&backend->base);
}

static void session_destroy(struct wl_listener *listener, void *data)
{
	struct evdev_backend *backend =
		wl_container_of(listener, backend, session_destroy);

	(void)data;
	backend_destroy(&backend->base);
}

struct wlr_backend *evdev_backend_create_at(struct wl_display *display,
					    struct wlr_session *session,
					    const char *sysfs,
					    const char *devices)
{
	struct evdev_backend *backend = calloc(1, sizeof *backend);

	if (backend == NULL)
		return NULL;
	wlr_backend_init(&backend->base, &backend_impl);
	backend->display = display;
	backend->session = session;
	snprintf(backend->sysfs_dir, sizeof backend->sysfs_dir, "%s", sysfs);
	snprintf(backend->dev_dir, sizeof backend->dev_dir, "%s", devices);
	backend->uevent_fd = -1;
	wl_list_init(&backend->devices);
	backend->display_destroy.notify = display_destroy;
	wl_display_add_destroy_listener(display, &backend->display_destroy);
	if (session != NULL) {
		backend->session_active.notify = session_active;
		wl_signal_add(&session->events.active,
			      &backend->session_active);
		backend->session_destroy.notify = session_destroy;
		wl_signal_add(&session->events.destroy,
			      &backend->session_destroy);
	}
	return &backend->base;
}

struct wlr_backend *evdev_backend_create(struct wl_display *display,
					 struct wlr_session *session)
{
	return evdev_backend_create_at(display, session, "/sys/class/input",
				       "/dev/input");
}
