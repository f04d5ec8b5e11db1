/*
 * Set-ID files. A pledged process cannot set the set-user-ID and
 * set-group-ID bits (pledge(2), as on OpenBSD), so the confined nip
 * stages such a file without them and its unconfined parent sets them
 * after the commit, from the journal. The parent sets exactly the mode
 * the line names, and only on a regular file of one link that has that
 * mode but for those bits: what the child staged. (A child taken over
 * through a parser bug could already rewrite any file of the root it
 * installs into; the bits it could ask for here give it no more.)
 */
#define _GNU_SOURCE
#include "txn.h"
#include "fsops.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SETID_BITS ((unsigned)(S_ISUID | S_ISGID))

void txn_match_setids(struct txn *t)
{
	for (size_t i = 0; i < t->nchanges; i++) {
		const struct change *c = &t->changes[i];

		for (size_t f = 0; c->new_pkg && f < c->new_m.nfiles; f++) {
			const struct npk_file *nf = &c->new_m.files[f];
			struct buf line = {0};

			if (nf->type != FT_FILE || !(nf->mode & SETID_BITS) ||
			    c->stage_op[f] == STAGE_NONE ||
			    c->stage_op[f] == STAGE_LOST)
				continue;
			buf_printf(&line, "%04o ", nf->mode & 07777);
			path_encode(&line, nf->path);
			strlist_add(&t->setids, line.data);
			buf_free(&line);
		}
	}
}

/* "MODE PATH" into its mode and (decoded, allocated) path; -1 if bad. */
static int parse_line(const char *line, unsigned *mode, char **path)
{
	char *end;
	unsigned long m = strtoul(line, &end, 8);

	if (end == line || *end != ' ' || m > 07777 || !(m & SETID_BITS))
		return -1;
	*mode = (unsigned)m;
	*path = xstrdup(end + 1);
	if (path_decode(*path) < 0 || path_invalid_reason(*path)) {
		free(*path);
		return -1;
	}
	return 0;
}

int setid_line_check(const char *line)
{
	unsigned mode;
	char *path;

	if (parse_line(line, &mode, &path) < 0)
		return -1;
	free(path);
	return 0;
}

/* DC: the folders of the root, opened one level at a time, no symlink. */
static int apply_one(struct dircache *dc, const char *line)
{
	unsigned mode;
	const char *base;
	char *path;
	struct stat st;
	int dfd, fd = -1, rc = -1;

	if (parse_line(line, &mode, &path) < 0) {
		warnx_("damaged setid line: %s", line);
		return -1;
	}
	dfd = dircache_parent(dc, path, &base);
	if (dfd >= 0)
		fd = openat(dfd, base, O_RDONLY | O_NOFOLLOW | O_NOCTTY |
					       O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0)
		warnx_("cannot make /%s set-ID: %s", path, strerror(errno));
	else if (!S_ISREG(st.st_mode) || st.st_nlink != 1 ||
		 (st.st_mode & 07777 & ~SETID_BITS) != (mode & ~SETID_BITS))
		warnx_("/%s is not the file nip staged (mode %04o): it stays "
		       "without its set-ID bits (%04o)",
		       path, (unsigned)st.st_mode & 07777, mode);
	else if (fchmod(fd, mode) < 0)
		warnx_("cannot make /%s mode %04o: %s", path, mode,
		       strerror(errno));
	else if (fstat(fd, &st) < 0 || (st.st_mode & 07777) != mode)
		/* chmod(2) drops S_ISGID silently outside the group. */
		warnx_("/%s stays mode %04o, not %04o: the kernel cleared "
		       "its set-ID bits (a user outside the file's group "
		       "may not set S_ISGID)",
		       path, (unsigned)st.st_mode & 07777, mode);
	else
		rc = 0;
	if (fd >= 0)
		close(fd);
	free(path);
	return rc;
}

int setids_apply(struct db *db, const struct strlist *setids)
{
	struct dircache dc;
	int rc = 0;

	dircache_init(&dc, db->rootfd);
	for (size_t i = 0; i < setids->n; i++)
		if (apply_one(&dc, setids->v[i]) < 0)
			rc = -1;
	dircache_close(&dc);
	return rc;
}
