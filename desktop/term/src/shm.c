/*
 * A memfd has no name in any folder, so nothing else can open it and
 * nothing is left behind. It is sized with fallocate(2), not
 * ftruncate(2): under pledge, truncating is a "wpath" operation even on
 * a memfd, while fallocate only writes to a descriptor we hold, which
 * "stdio" covers. (shmem takes fallocate; the pages are made at once.)
 */
#define _GNU_SOURCE
#include "shm.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

int shm_create(size_t size)
{
	int fd = memfd_create("nexus-shm", MFD_CLOEXEC);

	if (fd < 0)
		return -1;
	if (fallocate(fd, 0, 0, (off_t)size) < 0) {
		int saved = errno;

		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}
