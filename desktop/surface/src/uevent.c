/* The kernel's uevent text: a header line, then KEY=value strings. */
#include "uevent.h"

#include <stdio.h>
#include <string.h>

static int starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* eventN with N all digits. */
static int is_event_node(const char *name)
{
	const char *p = name + strlen("event");

	if (!starts_with(name, "event") || *p == '\0')
		return 0;
	for (; *p; p++)
		if (*p < '0' || *p > '9')
			return 0;
	return 1;
}

int uevent_parse(const char *msg, size_t len, struct uevent *out)
{
	const char *end = msg + len;
	const char *subsystem = NULL, *devname = NULL, *action = NULL;

	memset(out, 0, sizeof *out);
	/* The kernel's header is "ACTION@DEVPATH": udev's is not. */
	if (len == 0 || memchr(msg, '@', strnlen(msg, len)) == NULL ||
	    msg[len - 1] != '\0')
		return -1;
	for (const char *p = msg; p < end; p += strlen(p) + 1) {
		if (starts_with(p, "SUBSYSTEM="))
			subsystem = p + strlen("SUBSYSTEM=");
		else if (starts_with(p, "DEVNAME="))
			devname = p + strlen("DEVNAME=");
		else if (starts_with(p, "ACTION="))
			action = p + strlen("ACTION=");
	}
	if (!subsystem || !devname || !action ||
	    strcmp(subsystem, "input") != 0 ||
	    !starts_with(devname, "input/") ||
	    !is_event_node(devname + strlen("input/")))
		return -1;
	if (strlen(devname) + strlen("/dev/") >= sizeof out->devnode)
		return -1;
	snprintf(out->devnode, sizeof out->devnode, "/dev/%s", devname);
	snprintf(out->sysname, sizeof out->sysname, "%s",
		 devname + strlen("input/"));
	out->action = strcmp(action, "add") == 0    ? UEVENT_ADD :
		      strcmp(action, "remove") == 0 ? UEVENT_REMOVE :
						      UEVENT_OTHER;
	return 0;
}
