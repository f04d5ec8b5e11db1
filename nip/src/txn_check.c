/*
 * Before the commit: will every step past it be possible? After the
 * commit a failed step can no longer be undone, so what the
 * administrator changed under nip (a packaged file turned into a
 * directory, a directory into a symlink, a file made immutable with
 * chattr) is found here, while refusing still changes nothing.
 */
#define _GNU_SOURCE
#include "txn.h"
#include "fsops.h"
#include "par.h"
#include "strmap.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/stat.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* What an entry is, without following it; 0 when there is none. */
struct entry {
	unsigned mode;
	int locked;	/* immutable or append-only: no unlink, no rename */
	int exists;
};

/* statx through syscall(2): musl 1.2.3 has no wrapper for it. */
static int entry_at(int dirfd, const char *name, struct entry *e)
{
	struct statx stx;
	int flags = AT_SYMLINK_NOFOLLOW | (*name ? 0 : AT_EMPTY_PATH);

	memset(e, 0, sizeof(*e));
	if (syscall(SYS_statx, dirfd, name, flags, STATX_TYPE | STATX_MODE,
		    &stx) < 0)
		return errno == ENOENT ? 0 : -1;
	e->exists = 1;
	e->mode = stx.stx_mode;
	e->locked = (stx.stx_attributes &
		     (STATX_ATTR_IMMUTABLE | STATX_ATTR_APPEND)) != 0;
	return 0;
}

static char *owner_of(struct txn *t, const char *path)
{
	char *owner = db_other_owner(t->db, path, NULL);
	const char *incoming;

	if (owner)
		return owner;
	if (strncmp(path, DB_DIR "/", strlen(DB_DIR "/")) == 0)
		return xstrdup("nip's database");
	incoming = txn_package_of(t, path);
	return xstrdup(incoming ? incoming : "this transaction");
}

/* The first component of PATH's parent that is not a real directory. */
static char *blocking_parent(int rootfd, const char *path)
{
	char *prefix = xstrdup(path), *slash = prefix;
	struct stat st;

	while ((slash = strchr(slash, '/'))) {
		*slash = '\0';
		if (fstatat(rootfd, prefix, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    !S_ISDIR(st.st_mode))
			return prefix;
		*slash++ = '/';
	}
	free(prefix);
	return NULL;
}

static int refuse(struct txn *t, const char *path, const char *what,
		  const char *way_out)
{
	char *owner = owner_of(t, path);

	fail_code(NIP_EXIT_DEPS,
		  "%s: /%s %s; nip could not remove or replace it once the "
		  "transaction is committed, so it stops here: %s, then try "
		  "again (nothing was changed)",
		  owner, path, what, way_out);
	free(owner);
	return -1;
}

/* The directory holding the step's target, or a refusal. */
static int parent_ok(struct txn *t, struct dircache *dc, const struct op *op,
		     int *dfd, const char **base)
{
	char *blocker, *what;
	int err, rc;

	*dfd = dircache_parent(dc, op->path, base);
	if (*dfd >= 0 || errno == ENOENT)
		return 0;
	err = errno;
	blocker = blocking_parent(t->db->rootfd, op->path);
	if (!blocker) {
		errno = err;
		return fail_errno("cannot open the directory of /%s", op->path);
	}
	what = xasprintf("lies under /%s, which is no longer a directory (a "
			 "symlink or a file took its place)",
			 blocker);
	rc = refuse(t, op->path, what,
		    "put the directory back (or move what replaced it away)");
	free(what);
	free(blocker);
	return rc;
}

static int check_op(struct txn *t, struct dircache *dc, struct strmap *seen,
		    const struct strmap *rm_dirs, const struct op *op)
{
	struct entry e, dir;
	const char *base;
	char parent[4096];
	size_t unused;
	int dfd;

	if (op->kind == OP_MKDIR)
		return 0;
	path_split(op->path, parent, sizeof(parent));
	if (parent_ok(t, dc, op, &dfd, &base) < 0)
		return -1;
	if (dfd < 0)
		return 0;	/* the directory is gone or made by the plan */
	/*
	 * A locked directory refuses every unlink and rename in it. One the
	 * plan removes is looked at by its own step, which refuses it the
	 * same (rmdir(2) fails on it too): one statx less per folder.
	 */
	if (!strmap_get(seen, parent, &unused) &&
	    !strmap_get(rm_dirs, parent, &unused)) {
		/* The map borrows its keys: this one outlives the frame. */
		strmap_put(seen, xstrdup(parent), 0);
		if (entry_at(dfd, "", &dir) == 0 && dir.locked)
			return refuse(t, op->path,
				      "is in an immutable or append-only "
				      "directory (chattr +i or +a)",
				      "run chattr -i -a on that directory");
	}
	if (entry_at(dfd, base, &e) < 0 || !e.exists)
		return 0;
	if (e.locked)
		return refuse(t, op->path,
			      "is immutable or append-only (chattr +i or +a)",
			      "run chattr -i -a on it");
	/* rename(2) puts no file or link over a folder. */
	if (op->kind == OP_STAGE && S_ISDIR(e.mode))
		return refuse(t, op->path,
			      "is a directory in the root, where this "
			      "transaction puts a file",
			      "move that directory away");
	if (op->kind == OP_UNLINK && S_ISDIR(e.mode))
		return refuse(t, op->path,
			      "is a directory in the root but not in the "
			      "package",
			      "move that directory away");
	if (op->kind == OP_RMDIR && !S_ISDIR(e.mode))
		return refuse(t, op->path,
			      S_ISLNK(e.mode) ? "is a symlink in the root but "
						"a directory in the package" :
						"is a file in the root but a "
						"directory in the package",
			      "move it away");
	return 0;
}

/* The checks, on several threads; the first refusal in plan order. */
struct checking {
	struct txn *t;
	const struct strmap *new_dirs, *rm_dirs;
	struct par_error err;
};

static int check_chunk(void *arg, size_t begin, size_t end)
{
	struct checking *c = arg;
	struct strmap seen = {0};
	struct dircache dc;
	int rc = 0;

	dircache_init(&dc, c->t->db->rootfd);
	for (size_t i = begin; i < end && rc == 0; i++) {
		const struct op *op = &c->t->ops.v[i];
		char parent[4096];
		size_t unused;

		/* Nothing is in a directory this plan makes. */
		path_split(op->path, parent, sizeof(parent));
		if (*parent && strmap_get(c->new_dirs, parent, &unused))
			continue;
		rc = check_op(c->t, &dc, &seen, c->rm_dirs, op);
		if (rc < 0)
			par_error_note(&c->err, i);
	}
	dircache_close(&dc);
	for (size_t i = 0; i < seen.cap; i++)
		free((char *)seen.keys[i]);
	strmap_free(&seen);
	return rc;
}

int txn_check_apply(struct txn *t)
{
	struct strmap new_dirs = {0}, rm_dirs = {0};
	struct checking c = {.t = t, .new_dirs = &new_dirs,
			     .rm_dirs = &rm_dirs};

	for (size_t i = 0; i < t->ops.n; i++)
		if (t->ops.v[i].kind == OP_MKDIR)
			strmap_put(&new_dirs, t->ops.v[i].path, i);
		else if (t->ops.v[i].kind == OP_RMDIR)
			strmap_put(&rm_dirs, t->ops.v[i].path, i);
	par_error_init(&c.err);
	par_run(t->ops.n, 256, check_chunk, &c);
	strmap_free(&new_dirs);
	strmap_free(&rm_dirs);
	return par_error_raise(&c.err);
}
