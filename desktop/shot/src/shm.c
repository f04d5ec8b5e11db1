/*
 * A memfd has no name in any folder, so nothing else can open it and
 * nothing is left behind, and it needs no path promise under pledge.
 */
#define _GNU_SOURCE
#include "shm.h"

#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

int shm_create(size_t size)
{
	int fd = memfd_create("nexus-shm", MFD_CLOEXEC);

	if (fd < 0)
		return -1;
	if (ftruncate(fd, (off_t)size) < 0) {
		int saved = errno;

		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}
