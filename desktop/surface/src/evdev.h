/*
 * Our wlroots input backend: evdev devices read directly (libinput is
 * not ours to build), opened through the session, found in /dev/input
 * and sysfs, hotplugged from kernel uevents. evdev_backend.c is the
 * backend and hotplug, evdev_device.c one device.
 */
#ifndef SURFACE_EVDEV_H
#define SURFACE_EVDEV_H

#include <wayland-server-core.h>
#include <wlr/backend/interface.h>
#include <wlr/backend/session.h>
#include <wlr/interfaces/wlr_input_device.h>
#include <wlr/interfaces/wlr_keyboard.h>
#include <wlr/interfaces/wlr_pointer.h>

#include "evdev_decode.h"

struct evdev_backend {
	struct wlr_backend base;
	struct wl_display *display;
	struct wlr_session *session;	/* NULL: nodes opened with open(2) */
	char sysfs_dir[256];		/* /sys/class/input */
	char dev_dir[256];		/* /dev/input */
	struct wl_list devices;		/* struct evdev_device.link */
	bool started;
	int uevent_fd;
	struct wl_event_source *uevent_source;
	struct wl_listener display_destroy, session_active, session_destroy;
};

/* One wlroots device made from an evdev node: a keyboard or a pointer. */
struct evdev_input {
	struct wlr_input_device base;
	union {
		struct wlr_keyboard keyboard;
		struct wlr_pointer pointer;
	};
	struct evdev_device *device;
};

struct evdev_device {
	struct wl_list link;
	struct evdev_backend *backend;
	char sysname[32];		/* "event3" */
	struct wlr_device *session_device;	/* NULL without a session */
	int fd;
	struct wl_event_source *source;
	struct evdev_decoder decoder;
	struct evdev_input *keyboard, *pointer;
};

/*
 * The backend over SYSFS and DEVICES instead of /sys/class/input and
 * /dev/input, opening nodes with open(2) when SESSION is NULL: for
 * tests, which feed it events through FIFOs.
 */
struct wlr_backend *evdev_backend_create_at(struct wl_display *display,
					    struct wlr_session *session,
					    const char *sysfs,
					    const char *devices);

/* One kernel uevent message (what the netlink socket delivers). */
void evdev_backend_handle_uevent(struct evdev_backend *backend,
				 const char *msg, size_t len);

/* Open DEVICES/SYSNAME if it is a device we drive; emits new_input. */
void evdev_device_add(struct evdev_backend *backend, const char *sysname);

/* Destroy the wlroots devices (their users hear it), close the node. */
void evdev_device_remove(struct evdev_device *device);

#endif
