/* Filesystem changes, countable for crash tests, never following links. */
#define _GNU_SOURCE
#include "fsops.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static long fault_after = -1;
static _Atomic long fault_count;	/* staging threads share it */

static void report_count(void)
{
	fprintf(stderr, "nip: %ld filesystem changes\n", (long)fault_count);
}

/*
 * Test knobs: NIP_FAULT_AFTER=N dies as if the power failed after N
 * filesystem changes; NIP_FAULT_REPORT prints how many a run made, so a
 * test can spread its crash points over the whole run.
 */
void fs_fault_init(void)
{
	const char *s = getenv("NIP_FAULT_AFTER");

	/* Digits only; fsops uses nothing of ours, not even util.c. */
	if (s && *s && s[strspn(s, "0123456789")] == '\0')
		fault_after = strtol(s, NULL, 10);
	if (getenv("NIP_FAULT_REPORT"))
		atexit(report_count);
}

static void fault_tick(void)
{
	if (++fault_count > fault_after && fault_after >= 0)
		kill(getpid(), SIGKILL);
}

int fs_create(int dirfd, const char *name, unsigned mode)
{
	fault_tick();
	return openat(dirfd, name,
		      O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
		      mode);
}

int fs_create_new(int dirfd, const char *name, unsigned mode)
{
	const int flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
	int fd;

	fault_tick();
	/* Usually nothing is there: one call. */
	fd = openat(dirfd, name, flags, mode);
	if (fd >= 0 || errno != EEXIST)
		return fd;
	if (unlinkat(dirfd, name, 0) < 0)
		return -1;
	return openat(dirfd, name, flags, mode);
}

int fs_write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	fault_tick();
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int fs_fsync(int fd)
{
	fault_tick();
	return fsync(fd);
}

int fs_syncfs(int fd)
{
	fault_tick();
	return syncfs(fd);
}

int fs_renameat(int olddirfd, const char *old, int newdirfd,
		const char *new_name)
{
	fault_tick();
	return renameat(olddirfd, old, newdirfd, new_name);
}

int fs_unlinkat(int dirfd, const char *name, int flags)
{
	fault_tick();
	return unlinkat(dirfd, name, flags);
}

int fs_mkdirat(int dirfd, const char *name, unsigned mode)
{
	fault_tick();
	return mkdirat(dirfd, name, mode);
}

int fs_symlinkat(const char *target, int dirfd, const char *name)
{
	fault_tick();
	return symlinkat(target, dirfd, name);
}

/*
 * Open directory NAME (LEN bytes, one component) under PARENT without
 * following a symlink; with CREATE make it first when missing.
 */
static int open_subdir(int parent, const char *name, size_t len, int create,
		       unsigned mode)
{
	char component[256];
	int fd;

	if (len == 0 || len >= sizeof(component)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(component, name, len);
	component[len] = '\0';
	fd = openat(parent, component,
		    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT && create) {
		if (fs_mkdirat(parent, component, mode) < 0 && errno != EEXIST)
			return -1;
		fd = openat(parent, component,
			    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	}
	/* O_NOFOLLOW on a symlink gives ELOOP or ENOTDIR. */
	if (fd < 0 && errno == ELOOP)
		errno = ENOTDIR;
	return fd;
}

int open_dir_beneath(int rootfd, const char *rel, int create, unsigned mode)
{
	int fd = openat(rootfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	const char *p = rel;

	while (fd >= 0 && *p) {
		size_t len = strcspn(p, "/");
		int next = open_subdir(fd, p, len, create, mode);

		close(fd);
		fd = next;
		p += len + (p[len] == '/');
	}
	return fd;
}

const char *path_split(const char *path, char *dir, size_t dirsize)
{
	const char *slash = strrchr(path, '/');
	size_t len = slash ? (size_t)(slash - path) : 0;

	if (dirsize == 0)
		return slash ? slash + 1 : path;
	if (len >= dirsize)
		len = dirsize - 1;
	memcpy(dir, path, len);
	dir[len] = '\0';
	return slash ? slash + 1 : path;
}

size_t path_depth(const char *path)
{
	size_t n = 0;

	while ((path = strchr(path, '/'))) {
		n++;
		path++;
	}
	return n;
}

void dircache_init(struct dircache *c, int rootfd)
{
	c->rootfd = rootfd;
	c->depth = 0;
	c->dir[0] = '\0';
}

/*
 * Drop open levels down to KEEP, trimming the remembered path with them,
 * and further down to a level that has its own fd (one opened with
 * several components at once has none for those in between).
 */
static void dircache_pop(struct dircache *c, int keep)
{
	while (c->depth > keep || (c->depth && c->fds[c->depth - 1] < 0)) {
		char *slash = strrchr(c->dir, '/');

		if (c->fds[--c->depth] >= 0)
			close(c->fds[c->depth]);
		if (slash)
			*slash = '\0';
		else
			c->dir[0] = '\0';
	}
}

/*
 * Open the directory REST (several components) under PARENT in one
 * call, following no symlink on the way, as open_subdir does for one:
 * -1 with ENOSYS where openat2(2) is missing (Linux before 5.6) or
 * refused outright (EPERM from a seccomp filter that predates it).
 */
static int open_beneath(int parent, const char *rest)
{
#ifdef SYS_openat2
	static _Atomic int missing;
	struct open_how how = {
		.flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
			   RESOLVE_NO_MAGICLINKS,
	};
	int fd;

	if (!missing) {
		fd = (int)syscall(SYS_openat2, parent, rest, &how,
				  sizeof(how));
		/* EPERM: a seccomp filter older than openat2(2). */
		if (fd >= 0 || (errno != ENOSYS && errno != EPERM)) {
			if (fd < 0 && errno == ELOOP)
				errno = ENOTDIR;
			return fd;
		}
		missing = 1;
	}
#else
	(void)parent;
	(void)rest;
#endif
	errno = ENOSYS;
	return -1;
}

/* How many whole leading components A and B share. */
static int shared_components(const char *a, const char *b)
{
	int n = 0;

	if (!*a || !*b)
		return 0;
	for (;; a++, b++) {
		if ((*a == '/' || !*a) && (*b == '/' || !*b)) {
			n++;
			if (!*a || !*b)
				return n;
		} else if (*a != *b) {
			return n;
		}
	}
}

int dircache_parent(struct dircache *c, const char *path, const char **base)
{
	char dir[sizeof(c->dir)];
	const char *p;

	*base = path_split(path, dir, sizeof(dir));
	/* c->dir names exactly the open levels, so this never exceeds them. */
	dircache_pop(c, shared_components(c->dir, dir));
	/* Skip the components already open, then open the rest. */
	p = dir;
	for (int i = 0; i < c->depth; i++)
		p += strcspn(p, "/") + (p[strcspn(p, "/")] == '/');
	/* Several at once when the kernel can: a third of the syscalls. */
	if (strchr(p, '/')) {
		int n = 1, fd;

		for (const char *q = p; (q = strchr(q, '/')); q++)
			n++;
		if (c->depth + n > DIRCACHE_DEPTH) {
			errno = ENAMETOOLONG;
			return -1;
		}
		fd = open_beneath(c->depth ? c->fds[c->depth - 1] : c->rootfd,
				  p);
		if (fd < 0 && errno != ENOSYS)
			return -1;
		if (fd >= 0) {
			for (int i = 1; i < n; i++)
				c->fds[c->depth++] = -1;
			c->fds[c->depth++] = fd;
			snprintf(c->dir, sizeof(c->dir), "%s", dir);
			return fd;
		}
	}
	while (*p) {
		size_t len = strcspn(p, "/");
		int parent = c->depth ? c->fds[c->depth - 1] : c->rootfd;
		int fd;

		if (c->depth == DIRCACHE_DEPTH) {
			errno = ENAMETOOLONG;
			return -1;
		}
		fd = open_subdir(parent, p, len, 0, 0);
		if (fd < 0)
			return -1;
		/* dir fits in c->dir, and c->dir is always a prefix of it. */
		size_t at = strlen(c->dir);

		if (c->depth)
			c->dir[at++] = '/';
		memcpy(c->dir + at, p, len);
		c->dir[at + len] = '\0';
		c->fds[c->depth++] = fd;
		p += len + (p[len] == '/');
	}
	return c->depth ? c->fds[c->depth - 1] : c->rootfd;
}

void dircache_close(struct dircache *c)
{
	dircache_pop(c, 0);
}
