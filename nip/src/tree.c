/* Directory trees: sorted walks for hashing, copies and removal. */
#define _GNU_SOURCE
#include "tree.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int mkdir_p(const char *path)
{
	char *copy = xstrdup(path);
	int rc = 0;

	for (char *p = copy + 1; rc == 0; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;

		*p = '\0';
		if (mkdir(copy, 0755) < 0 && errno != EEXIST)
			rc = fail_errno("cannot create %s", copy);
		*p = c;
		if (!c)
			break;
	}
	free(copy);
	return rc;
}

int tree_list(int fd, struct strlist *names)
{
	int dupfd = dup(fd);
	DIR *d = dupfd < 0 ? NULL : fdopendir(dupfd);
	struct dirent *de;

	if (!d) {
		if (dupfd >= 0)
			close(dupfd);
		return fail_errno("cannot list a directory");
	}
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			strlist_add(names, de->d_name);
	closedir(d);
	strlist_sort(names);
	return 0;
}

static int hash_regular(int fd, struct hasher *h)
{
	char chunk[65536];
	ssize_t n;

	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		hasher_update(h, chunk, (size_t)n);
	return n < 0 ? -1 : 0;
}

/* The target of link NAME (PATH in messages) into TARGET, or -1. */
static int read_link(int dirfd, const char *name, const char *path,
		     char target[PATH_MAX])
{
	ssize_t n = readlinkat(dirfd, name, target, PATH_MAX - 1);

	if (n < 0)
		return fail_errno("cannot read link %s", path);
	target[n] = 0;
	return 0;
}

static int hash_at(int dirfd, const char *name, const char *path,
		   struct hasher *h)
{
	struct strlist names = {0};
	char target[PATH_MAX];
	struct stat st;
	int fd, rc = 0;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return fail_errno("cannot read %s", path);
	if (S_ISLNK(st.st_mode)) {
		if (read_link(dirfd, name, path, target) < 0)
			return -1;
		hasher_update(h, "L", 1);
		hasher_update(h, path, strlen(path) + 1);
		hasher_update(h, target, strlen(target) + 1);
		return 0;
	}
	if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
		return fail("%s: neither a file, a directory nor a link", path);
	fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return fail_errno("cannot open %s", path);
	hasher_update(h, S_ISDIR(st.st_mode) ? "D" : st.st_mode & 0111 ? "X" : "F",
		      1);
	hasher_update(h, path, strlen(path) + 1);
	if (S_ISREG(st.st_mode)) {
		if (hash_regular(fd, h) < 0)
			rc = fail_errno("cannot read %s", path);
		hasher_update(h, "", 1);
	} else if ((rc = tree_list(fd, &names)) == 0) {
		for (size_t i = 0; i < names.n && rc == 0; i++) {
			char *sub = xasprintf("%s/%s", path, names.v[i]);

			rc = hash_at(fd, names.v[i], sub, h);
			free(sub);
		}
	}
	strlist_free(&names);
	close(fd);
	return rc;
}

int tree_hash(int dirfd, const char *name, struct hasher *h)
{
	return hash_at(dirfd, name, ".", h);
}

static int copy_regular(int in, int dstdir, const char *dst, mode_t mode)
{
	char chunk[65536];
	int out = openat(dstdir, dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
			 mode & 0111 ? 0755 : 0644);
	ssize_t n;
	int rc = 0;

	if (out < 0)
		return fail_errno("cannot create %s", dst);
	while (rc == 0 && (n = read(in, chunk, sizeof(chunk))) != 0)
		if (n < 0 || write(out, chunk, (size_t)n) != n)
			rc = fail_errno("cannot copy to %s", dst);
	if (close(out) < 0 && rc == 0)
		rc = fail_errno("cannot write %s", dst);
	return rc;
}

int tree_copy(int srcdir, const char *src, int dstdir, const char *dst)
{
	struct strlist names = {0};
	char target[PATH_MAX];
	struct stat st;
	int in, out, rc;

	if (fstatat(srcdir, src, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return fail_errno("cannot read %s", src);
	if (S_ISLNK(st.st_mode)) {
		if (read_link(srcdir, src, src, target) < 0)
			return -1;
		return symlinkat(target, dstdir, dst) < 0 ?
			       fail_errno("cannot link %s", dst) :
			       0;
	}
	in = openat(srcdir, src, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (in < 0)
		return fail_errno("cannot open %s", src);
	if (S_ISREG(st.st_mode)) {
		rc = copy_regular(in, dstdir, dst, st.st_mode);
		close(in);
		return rc;
	}
	if (!S_ISDIR(st.st_mode)) {
		close(in);
		return fail("%s: neither a file, a directory nor a link", src);
	}
	if (mkdirat(dstdir, dst, 0755) < 0 && errno != EEXIST) {
		close(in);
		return fail_errno("cannot create %s", dst);
	}
	out = openat(dstdir, dst, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
					  O_CLOEXEC);
	rc = out < 0 ? fail_errno("cannot open %s", dst) :
		       tree_list(in, &names);
	for (size_t i = 0; i < names.n && rc == 0; i++)
		rc = tree_copy(in, names.v[i], out, names.v[i]);
	strlist_free(&names);
	if (out >= 0)
		close(out);
	close(in);
	return rc;
}

int tree_remove(int dirfd, const char *name)
{
	struct strlist names = {0};
	struct stat st;
	int fd, rc;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOENT ? 0 : fail_errno("cannot remove %s", name);
	if (!S_ISDIR(st.st_mode))
		return unlinkat(dirfd, name, 0) < 0 && errno != ENOENT ?
			       fail_errno("cannot remove %s", name) :
			       0;
	/* Builds leave read-only directories; they must open to empty. */
	if (!(st.st_mode & S_IWUSR) && fchmodat(dirfd, name, 0700, 0) < 0)
		return fail_errno("cannot make %s writable", name);
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
					 O_CLOEXEC);
	if (fd < 0)
		return fail_errno("cannot open %s", name);
	rc = tree_list(fd, &names);
	for (size_t i = 0; i < names.n && rc == 0; i++)
		rc = tree_remove(fd, names.v[i]);
	strlist_free(&names);
	close(fd);
	if (rc == 0 && unlinkat(dirfd, name, AT_REMOVEDIR) < 0 &&
	    errno != ENOENT)
		rc = fail_errno("cannot remove %s", name);
	return rc;
}
