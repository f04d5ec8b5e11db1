/*
 * A monitor hears the kernel's uevents (NETLINK_KOBJECT_UEVENT, the
 * kernel's multicast group). With no udev daemon there is no "udev"
 * group to hear: either name gets the kernel's events, which carry the
 * same ACTION, DEVPATH, SUBSYSTEM, DEVNAME and MAJOR/MINOR.
 */
#include "udev_int.h"

#include <errno.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define KERNEL_GROUP 1

struct udev_monitor {
	int refs;
	struct udev *udev;
	int fd;
	struct udev_list_entry *filters;	/* subsystem -> devtype or NULL */
};

struct udev_monitor *udev_monitor_new_from_netlink(struct udev *udev,
						   const char *name)
{
	struct udev_monitor *m;

	if (!name || (strcmp(name, "udev") != 0 && strcmp(name, "kernel") != 0)) {
		errno = EINVAL;
		return NULL;
	}
	m = calloc(1, sizeof(*m));
	if (!m)
		return NULL;
	m->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK,
		       NETLINK_KOBJECT_UEVENT);
	if (m->fd < 0) {
		free(m);
		return NULL;
	}
	m->refs = 1;
	m->udev = udev_ref(udev);
	return m;
}

struct udev_monitor *udev_monitor_ref(struct udev_monitor *m)
{
	if (m)
		m->refs++;
	return m;
}

struct udev_monitor *udev_monitor_unref(struct udev_monitor *m)
{
	if (!m || --m->refs > 0)
		return NULL;
	close(m->fd);
	udev_list_free(m->filters);
	udev_unref(m->udev);
	free(m);
	return NULL;
}

int udev_monitor_filter_add_match_subsystem_devtype(struct udev_monitor *m,
						    const char *subsystem,
						    const char *devtype)
{
	if (!subsystem)
		return -EINVAL;
	return udev_list_add(&m->filters, subsystem, devtype) < 0 ? -ENOMEM : 0;
}

int udev_monitor_enable_receiving(struct udev_monitor *m)
{
	struct sockaddr_nl sa = {.nl_family = AF_NETLINK,
				 .nl_groups = KERNEL_GROUP};

	if (bind(m->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return -errno;
	return 0;
}

int udev_monitor_get_fd(struct udev_monitor *m)
{
	return m->fd;
}

static int wanted(struct udev_monitor *m, struct udev_device *d)
{
	const char *sub = udev_device_get_subsystem(d);
	const char *type = udev_device_get_devtype(d);

	if (!m->filters)
		return 1;
	for (struct udev_list_entry *f = m->filters; f; f = f->next)
		if (sub && strcmp(f->name, sub) == 0 &&
		    (!f->value || (type && strcmp(f->value, type) == 0)))
			return 1;
	return 0;
}

struct udev_device *udev_event_parse(struct udev *udev, const char *buf,
				     size_t len)
{
	struct udev_list_entry *props = NULL;
	const char *head_end = memchr(buf, '\0', len), *devpath;
	char *syspath;
	struct udev_device *d;

	if (!head_end || !strchr(buf, '@'))
		return NULL;	/* not a kernel uevent (e.g. libudev's own) */
	if (udev_parse_records(head_end + 1, len - (size_t)(head_end + 1 - buf),
			       '\0', &props) < 0)
		goto fail;
	if (!udev_list_find(props, "ACTION") ||
	    !(devpath = udev_list_find(props, "DEVPATH") ?
			udev_list_find(props, "DEVPATH")->value : NULL) ||
	    devpath[0] != '/' || strstr(devpath, ".."))
		goto fail;
	if (asprintf(&syspath, "%s%s", capd_udev_sysfs_root, devpath) < 0)
		goto fail;
	d = udev_device_new(udev, syspath, props);
	free(syspath);
	return d;
fail:
	udev_list_free(props);
	return NULL;
}

struct udev_device *udev_monitor_receive_device(struct udev_monitor *m)
{
	char buf[8192];

	for (;;) {
		struct sockaddr_nl from;
		struct iovec iov = {.iov_base = buf, .iov_len = sizeof(buf) - 1};
		struct msghdr mh = {.msg_name = &from, .msg_namelen = sizeof(from),
				    .msg_iov = &iov, .msg_iovlen = 1};
		ssize_t n = recvmsg(m->fd, &mh, MSG_DONTWAIT);
		struct udev_device *d;

		if (n < 0)
			return NULL;	/* EAGAIN: nothing (more) to hear */
		/* Only the kernel (port 0) speaks on its group. */
		if (from.nl_pid != 0 || (mh.msg_flags & MSG_TRUNC))
			continue;
		buf[n] = '\0';
		d = udev_event_parse(m->udev, buf, (size_t)n);
		if (d && wanted(m, d))
			return d;
		udev_device_unref(d);
	}
}
