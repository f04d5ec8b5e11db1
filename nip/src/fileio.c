/* Whole files read and written with a message naming them on failure. */
#define _GNU_SOURCE
#include "fileio.h"
#include "fsops.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

int read_file(int dirfd, const char *path, struct buf *out)
{
	char chunk[65536];
	int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return fail_errno("cannot open %s", path);
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fail_errno("cannot read %s", path);
			close(fd);
			return -1;
		}
		if (n == 0)
			break;
		buf_add(out, chunk, (size_t)n);
	}
	buf_add(out, "", 0);
	close(fd);
	return 0;
}

int write_file_atomic(int dirfd, const char *path, const void *data,
		      size_t len, unsigned mode)
{
	char *tmp = xasprintf("%s.nip-tmp", path);
	int fd, rc = -1;

	fd = fs_create(dirfd, tmp, mode);
	if (fd < 0) {
		fail_errno("cannot create %s", tmp);
		goto out;
	}
	if (fs_write_all(fd, data, len) < 0 || fs_fsync(fd) < 0) {
		fail_errno("cannot write %s", tmp);
		close(fd);
		fs_unlinkat(dirfd, tmp, 0);
		goto out;
	}
	close(fd);
	if (fs_renameat(dirfd, tmp, dirfd, path) < 0) {
		fail_errno("cannot rename %s into place", path);
		fs_unlinkat(dirfd, tmp, 0);
		goto out;
	}
	rc = 0;
out:
	free(tmp);
	return rc;
}

int mkdir_parents(int rootfd, const char *rel, unsigned mode)
{
	int fd = open_dir_beneath(rootfd, rel, 1, mode);

	if (fd < 0)
		return fail_errno("cannot create directory %s", rel);
	close(fd);
	return 0;
}
