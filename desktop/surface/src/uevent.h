/*
 * Kernel uevents (NETLINK_KOBJECT_UEVENT): with no udev daemon, this is
 * how surface hears that an input device came or went.
 */
#ifndef SURFACE_UEVENT_H
#define SURFACE_UEVENT_H

#include <stddef.h>

enum uevent_action { UEVENT_OTHER, UEVENT_ADD, UEVENT_REMOVE };

struct uevent {
	enum uevent_action action;
	char devnode[64];	/* "/dev/input/event3" */
	char sysname[32];	/* "event3" */
};

/*
 * Parse one kernel message ("add@/devices/...\0ACTION=add\0..." of LEN
 * bytes). Returns 0 for an input event device (eventN), -1 for anything
 * else: other subsystems, mouseN/jsN nodes, messages from udev
 * ("libudev" header), malformed text.
 */
int uevent_parse(const char *msg, size_t len, struct uevent *out);

#endif
