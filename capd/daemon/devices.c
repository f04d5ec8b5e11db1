/* Seat devices: DRM cards and render nodes, evdev event nodes. */
#include "devices.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/input.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <xf86drm.h>

#define DRM_MAJOR 226
#define INPUT_MAJOR 13
#define EVDEV_MINOR_BASE 64	/* event0; below are the old mouse/js nodes */

static int kind_of(const struct stat *st, enum device_kind *kind)
{
	if (!S_ISCHR(st->st_mode))
		return -1;
	if (major(st->st_rdev) == DRM_MAJOR)
		*kind = DEVICE_DRM;
	else if (major(st->st_rdev) == INPUT_MAJOR &&
		 minor(st->st_rdev) >= EVDEV_MINOR_BASE)
		*kind = DEVICE_EVDEV;
	else
		return -1;
	return 0;
}

/*
 * Input minors from 256 on are handed out to evdev and joydev alike:
 * only evdev answers EVIOCGVERSION (and only evdev can be revoked).
 */
static int is_evdev_if(int fd, enum device_kind kind)
{
	int version;

	return kind != DEVICE_EVDEV || ioctl(fd, EVIOCGVERSION, &version) == 0;
}

int device_open(const char *path, enum device_kind *kind)
{
	struct stat before, after;
	int fd;

	/* Look before opening: opening a tty or a disk is not harmless. */
	if (stat(path, &before) < 0)
		return -1;
	if (kind_of(&before, kind) < 0) {
		errno = EPERM;
		return -1;
	}
	fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, &after) < 0 || after.st_rdev != before.st_rdev ||
	    kind_of(&after, kind) < 0 || !is_evdev_if(fd, *kind)) {
		close(fd);
		errno = EPERM;
		return -1;
	}
	return fd;
}

int device_activate(int fd, enum device_kind kind)
{
	if (kind != DEVICE_DRM)
		return 0;
	/* A render node has no master: EINVAL there is no failure. */
	if (drmSetMaster(fd) < 0 && errno != EINVAL)
		return -1;
	return 0;
}

int device_revoke(int fd, enum device_kind kind)
{
	if (kind == DEVICE_EVDEV)
		return ioctl(fd, EVIOCREVOKE, 0);
	if (drmDropMaster(fd) < 0 && errno != EINVAL)
		return -1;
	return 0;
}
