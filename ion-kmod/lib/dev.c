/* The module backend: rings from /dev/ion (ion.ko), see ion(4). */
#define _GNU_SOURCE
#include "ring.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

static int dev_wait(struct ion_ring *r, uint32_t want, int64_t timeout_ns)
{
	struct ion_wait w = {
		.timeout_ns = timeout_ns,
		.want = r->role == ION_ROLE_PRODUCER ? want : 0,
	};

	return ioctl(r->fd, ION_IOC_WAIT, &w) < 0 ? -errno : 0;
}

static int dev_wake(struct ion_ring *r)
{
	return ioctl(r->fd, ION_IOC_WAKE) < 0 ? -errno : 0;
}

const struct ion_backend ion_dev_backend = {
	.wait = dev_wait,
	.wake = dev_wake,
	.tag = 'k',
};

static int attach_as(int fd, int role, const struct ion_offsets *off,
		     struct ion_ring **ring)
{
	struct ion_ring *r = ion_ring_new(&ion_dev_backend);
	int err;

	if (!r)
		return -ENOMEM;
	err = ion_map(r, fd, role, off, 1);
	if (err) {
		ion_close(r);
		return err;
	}
	*ring = r;
	return 0;
}

int ion_dev_attach(int fd, struct ion_ring **ring)
{
	struct ion_info info = {0};

	if (ioctl(fd, ION_IOC_INFO, &info) < 0)
		return -errno;
	return attach_as(fd, (int)info.role, &info.off, ring);
}

int ion_create(size_t size, struct ion_ring **producer,
	       struct ion_ring **consumer)
{
	struct ion_create c = {.size = size};
	int ctl, err;

	ctl = open("/dev/ion", O_RDWR | O_CLOEXEC);
	if (ctl < 0)
		return -errno;
	err = ioctl(ctl, ION_IOC_CREATE, &c) < 0 ? -errno : 0;
	close(ctl);
	if (err)
		return err;
	err = attach_as(c.producer_fd, ION_ROLE_PRODUCER, &c.off, producer);
	if (err) {
		close(c.producer_fd);
		close(c.consumer_fd);
		return err;
	}
	err = attach_as(c.consumer_fd, ION_ROLE_CONSUMER, &c.off, consumer);
	if (err) {
		ion_close(*producer);
		close(c.consumer_fd);
	}
	return err;
}
