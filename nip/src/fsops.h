/*
 * Every filesystem change nip makes goes through these wrappers, so that
 * the crash tests can stop nip after exactly N of them (NIP_FAULT_AFTER),
 * and so that nothing under a root ever follows a symlink by accident.
 * Errors are left in errno: this uses nothing else of nip's, not even
 * util.h, so any file may use it.
 */
#ifndef NIP_FSOPS_H
#define NIP_FSOPS_H

#include <stddef.h>
#include <sys/types.h>

void fs_fault_init(void);

int fs_create(int dirfd, const char *name, unsigned mode);
/*
 * A file made anew at NAME, a name others can guess (a staged file):
 * what is there already (a hard link, a FIFO put there first) is
 * unlinked, never written through, and the create is exclusive.
 */
int fs_create_new(int dirfd, const char *name, unsigned mode);
int fs_write_all(int fd, const void *data, size_t len);
int fs_fsync(int fd);
int fs_syncfs(int fd);
int fs_renameat(int olddirfd, const char *old, int newdirfd,
		const char *new_name);
int fs_unlinkat(int dirfd, const char *name, int flags);
int fs_mkdirat(int dirfd, const char *name, unsigned mode);
int fs_symlinkat(const char *target, int dirfd, const char *name);

/*
 * Open directory REL (relative, validated) beneath ROOTFD, refusing to
 * follow a symlink at any component. With CREATE, missing directories are
 * made with MODE. Returns an fd or -1 with errno set.
 */
int open_dir_beneath(int rootfd, const char *rel, int create, unsigned mode);

/*
 * Open directories along the last path asked for. Sorted paths share
 * long prefixes, so moving to the next directory costs one openat2 for
 * the new components (one openat each without it) instead of a walk
 * from the root. Components opened together keep an fd only for the
 * last; the others are -1.
 */
#define DIRCACHE_DEPTH 64

struct dircache {
	int rootfd;
	int depth;			/* levels open */
	int fds[DIRCACHE_DEPTH];	/* fds[i]: after i + 1 components, or -1 */
	char dir[4096];			/* the directory fds[depth - 1] is */
};

void dircache_init(struct dircache *c, int rootfd);
/* Parent directory fd of root-relative PATH (or -1, errno); sets *BASE. */
int dircache_parent(struct dircache *c, const char *path, const char **base);
void dircache_close(struct dircache *c);

/* Split "a/b/c" into dir "a/b" (or "") and base "c"; returns base. */
const char *path_split(const char *path, char *dir, size_t dirsize);
/* How many '/' PATH holds: "usr" is 0, "usr/lib" 1. */
size_t path_depth(const char *path);

#endif
