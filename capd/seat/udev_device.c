/*
 * A device as sysfs shows it: its folder under /sys/devices, the
 * properties of its uevent file (or of the uevent message that
 * announced it), its subsystem link and its attributes.
 */
#include "udev_int.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

struct udev_device {
	int refs;
	struct udev *udev;
	char *syspath;
	char *sysname;
	char *subsystem;
	char *devnode;
	dev_t devnum;
	struct udev_list_entry *props;
	struct udev_list_entry *attrs;	/* read so far */
	struct udev_device *parent;	/* owned: unref'd with the child */
	int parent_done;
};

/* Read a small sysfs file whole (at most 4 KiB, as sysfs hands out). */
static char *read_small(const char *path, size_t *len)
{
	char buf[4096];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;
	char *out;

	if (fd < 0)
		return NULL;
	do
		n = read(fd, buf, sizeof(buf));
	while (n < 0 && errno == EINTR);
	close(fd);
	if (n < 0 || !(out = malloc((size_t)n + 1)))
		return NULL;
	memcpy(out, buf, (size_t)n);
	out[n] = '\0';
	*len = (size_t)n;
	return out;
}

static char *link_name(const char *dir, const char *link)
{
	char path[PATH_MAX], target[PATH_MAX], *slash;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/%s", dir, link);
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return NULL;
	target[n] = '\0';
	slash = strrchr(target, '/');
	return strdup(slash ? slash + 1 : target);
}

static const char *prop(struct udev_device *d, const char *key)
{
	struct udev_list_entry *e = udev_list_find(d->props, key);

	return e ? e->value : NULL;
}

struct udev_device *udev_device_new(struct udev *udev, const char *syspath,
				    struct udev_list_entry *props)
{
	struct udev_device *d = calloc(1, sizeof(*d));
	const char *slash = strrchr(syspath, '/'), *v, *maj, *min;
	size_t rootlen = strlen(capd_udev_sysfs_root);

	if (!d || !(d->syspath = strdup(syspath)) ||
	    !(d->sysname = strdup(slash ? slash + 1 : syspath)))
		goto fail;
	d->refs = 1;
	d->udev = udev_ref(udev);
	d->props = props;
	props = NULL;
	/* A '!' in a sysfs name stands for a '/' of the device's name. */
	for (char *p = d->sysname; *p; p++)
		if (*p == '!')
			*p = '/';
	if (!prop(d, "DEVPATH") && strncmp(syspath, capd_udev_sysfs_root, rootlen) == 0 &&
	    udev_list_set(&d->props, "DEVPATH", syspath + rootlen) < 0)
		goto fail;
	if ((v = prop(d, "SUBSYSTEM")))
		d->subsystem = strdup(v);
	else if ((d->subsystem = link_name(syspath, "subsystem")) &&
		 udev_list_set(&d->props, "SUBSYSTEM", d->subsystem) < 0)
		goto fail;
	if ((v = prop(d, "DEVNAME")) &&
	    asprintf(&d->devnode, "%s%s", v[0] == '/' ? "" : "/dev/", v) < 0) {
		d->devnode = NULL;
		goto fail;
	}
	maj = prop(d, "MAJOR");
	min = prop(d, "MINOR");
	if (maj && min)
		d->devnum = makedev(strtoul(maj, NULL, 10), strtoul(min, NULL, 10));
	return d;
fail:
	udev_list_free(props);
	udev_device_unref(d);
	errno = ENOMEM;
	return NULL;
}

struct udev_device *udev_device_new_from_syspath(struct udev *udev,
						 const char *syspath)
{
	char real[PATH_MAX], path[PATH_MAX + 8], devices[PATH_MAX];
	struct udev_list_entry *props = NULL;
	size_t len = 0;
	char *text;
	struct stat st;

	if (!syspath || !realpath(syspath, real))
		return NULL;
	/* Only what is under sysfs's devices is a device. */
	snprintf(devices, sizeof(devices), "%s/devices/", capd_udev_sysfs_root);
	if (strncmp(real, devices, strlen(devices)) != 0 ||
	    stat(real, &st) < 0 || !S_ISDIR(st.st_mode)) {
		errno = ENODEV;
		return NULL;
	}
	snprintf(path, sizeof(path), "%s/uevent", real);
	text = read_small(path, &len);
	if (text && udev_parse_records(text, len, '\n', &props) < 0) {
		free(text);
		udev_list_free(props);
		errno = ENOMEM;
		return NULL;
	}
	free(text);
	return udev_device_new(udev, real, props);
}

struct udev_device *udev_device_ref(struct udev_device *d)
{
	if (d)
		d->refs++;
	return d;
}

struct udev_device *udev_device_unref(struct udev_device *d)
{
	if (!d || --d->refs > 0)
		return NULL;
	udev_device_unref(d->parent);
	udev_list_free(d->props);
	udev_list_free(d->attrs);
	udev_unref(d->udev);
	free(d->syspath);
	free(d->sysname);
	free(d->subsystem);
	free(d->devnode);
	free(d);
	return NULL;
}

struct udev *udev_device_get_udev(struct udev_device *d)
{
	return d->udev;
}

const char *udev_device_get_syspath(struct udev_device *d)
{
	return d->syspath;
}

const char *udev_device_get_sysname(struct udev_device *d)
{
	return d->sysname;
}

const char *udev_device_get_sysnum(struct udev_device *d)
{
	const char *end = d->sysname + strlen(d->sysname), *p = end;

	while (p > d->sysname && isdigit((unsigned char)p[-1]))
		p--;
	return p == end ? NULL : p;
}

const char *udev_device_get_devpath(struct udev_device *d)
{
	return prop(d, "DEVPATH");
}

const char *udev_device_get_subsystem(struct udev_device *d)
{
	return d->subsystem;
}

const char *udev_device_get_devtype(struct udev_device *d)
{
	return prop(d, "DEVTYPE");
}

const char *udev_device_get_devnode(struct udev_device *d)
{
	return d->devnode;
}

dev_t udev_device_get_devnum(struct udev_device *d)
{
	return d->devnum;
}

const char *udev_device_get_action(struct udev_device *d)
{
	return prop(d, "ACTION");
}

const char *udev_device_get_property_value(struct udev_device *d,
					   const char *key)
{
	return key ? prop(d, key) : NULL;
}

struct udev_list_entry *udev_device_get_properties_list_entry(
	struct udev_device *d)
{
	return d->props;
}

const char *udev_device_get_sysattr_value(struct udev_device *d,
					  const char *sysattr)
{
	struct udev_list_entry *e;
	char path[PATH_MAX];
	size_t len = 0;
	char *text;

	if (!sysattr || !*sysattr || sysattr[0] == '/' || strstr(sysattr, "..")) {
		errno = EINVAL;
		return NULL;
	}
	if ((e = udev_list_find(d->attrs, sysattr)))
		return e->value;
	snprintf(path, sizeof(path), "%s/%s", d->syspath, sysattr);
	if (!(text = read_small(path, &len)))
		return NULL;
	while (len && (text[len - 1] == '\n' || text[len - 1] == ' '))
		text[--len] = '\0';
	if (udev_list_set(&d->attrs, sysattr, text) < 0) {
		free(text);
		return NULL;
	}
	free(text);
	return udev_list_find(d->attrs, sysattr)->value;
}

struct udev_device *udev_device_get_parent(struct udev_device *d)
{
	char dir[PATH_MAX], file[PATH_MAX + 8], *slash;
	size_t floor = strlen(capd_udev_sysfs_root) + strlen("/devices");

	if (d->parent_done)
		return d->parent;
	d->parent_done = 1;
	snprintf(dir, sizeof(dir), "%s", d->syspath);
	/* The nearest folder above that is a device (has a uevent file). */
	while ((slash = strrchr(dir, '/')) && (size_t)(slash - dir) > floor) {
		*slash = '\0';
		snprintf(file, sizeof(file), "%s/uevent", dir);
		if (access(file, F_OK) == 0) {
			d->parent = udev_device_new_from_syspath(d->udev, dir);
			break;
		}
	}
	return d->parent;
}

struct udev_device *udev_device_get_parent_with_subsystem_devtype(
	struct udev_device *d, const char *subsystem, const char *devtype)
{
	const char *t;

	if (!subsystem) {
		errno = EINVAL;
		return NULL;
	}
	while ((d = udev_device_get_parent(d))) {
		if (!d->subsystem || strcmp(d->subsystem, subsystem) != 0)
			continue;
		if (!devtype || ((t = prop(d, "DEVTYPE")) && !strcmp(t, devtype)))
			return d;
	}
	errno = ENOENT;
	return NULL;
}
