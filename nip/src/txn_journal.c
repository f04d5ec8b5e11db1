/* The journal: writing it, replaying it, undoing it. */
#define _GNU_SOURCE
#include "txn.h"
#include "fileio.h"
#include "fsops.h"
#include "par.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define JOURNAL_MAGIC "nip-journal 1"

static const char *const op_names[] = {
	[OP_MKDIR] = "mkdir",
	[OP_STAGE] = "stage",
	[OP_UNLINK] = "unlink",
	[OP_RMDIR] = "rmdir",
};

void oplist_add(struct oplist *l, enum op_kind kind, char *path, char *stage)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 256;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = (struct op){kind, path, stage, 0755, 0, 0};
}

void oplist_free(struct oplist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].path);
		free(l->v[i].stage);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

int journal_write(struct db *db, const struct oplist *ops,
		  const struct strlist *setids, const struct strlist *triggers)
{
	struct buf text = {0};
	int rc;

	buf_adds(&text, JOURNAL_MAGIC "\n");
	for (size_t i = 0; i < ops->n; i++) {
		buf_adds(&text, op_names[ops->v[i].kind]);
		buf_adds(&text, " ");
		path_encode(&text, ops->v[i].path);
		if (ops->v[i].stage) {
			buf_adds(&text, " ");
			path_encode(&text, ops->v[i].stage);
		}
		buf_adds(&text, "\n");
	}
	for (size_t i = 0; setids && i < setids->n; i++)
		buf_printf(&text, "setid %s\n", setids->v[i]);
	/* "trigger PKG RUN PATTERN...", as trigger_line makes them. */
	for (size_t i = 0; triggers && i < triggers->n; i++)
		buf_printf(&text, "trigger %s\n", triggers->v[i]);
	rc = write_file_atomic(db->dbfd, "journal", text.data, text.len, 0644);
	if (rc == 0 && fs_fsync(db->dbfd) < 0)
		rc = fail_errno("cannot sync " DB_DIR);
	buf_free(&text);
	return rc;
}

int journal_commit(struct db *db)
{
	int fd = openat(db->dbfd, "journal",
			O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC);
	int rc = 0;

	if (fd < 0)
		return fail_errno("cannot open " DB_DIR "/journal");
	if (fs_write_all(fd, "commit\n", 7) < 0 || fs_fsync(fd) < 0)
		rc = fail_errno("cannot commit " DB_DIR "/journal");
	close(fd);
	return rc;
}

int journal_remove(struct db *db)
{
	if (fs_unlinkat(db->dbfd, "journal", 0) < 0 && errno != ENOENT)
		return fail_errno("cannot remove " DB_DIR "/journal");
	if (fs_fsync(db->dbfd) < 0)
		return fail_errno("cannot sync " DB_DIR);
	return 0;
}

static int apply_one(struct dircache *dc, const struct op *op)
{
	const char *base, *stage_base;
	int dfd = dircache_parent(dc, op->path, &base), rc = 0;

	if (dfd < 0) {
		/* Gone with its directory: nothing left to do or undo. */
		return errno == ENOENT ? 0 :
					 fail_errno("cannot open the directory "
						    "of /%s",
						    op->path);
	}
	switch (op->kind) {
	case OP_STAGE:
		stage_base = strrchr(op->stage, '/');
		stage_base = stage_base ? stage_base + 1 : op->stage;
		if (fs_renameat(dfd, stage_base, dfd, base) < 0 &&
		    errno != ENOENT)
			rc = fail_errno("cannot move the staged /%s into "
					"place as /%s",
					op->stage, op->path);
		break;
	case OP_UNLINK:
		if (fs_unlinkat(dfd, base, 0) < 0 && errno != ENOENT)
			rc = fail_errno("cannot remove /%s", op->path);
		break;
	case OP_RMDIR:
		/* A directory still holding someone's files stays. */
		if (fs_unlinkat(dfd, base, AT_REMOVEDIR) < 0 &&
		    errno != ENOENT && errno != ENOTEMPTY && errno != EEXIST)
			rc = fail_errno("cannot remove directory /%s",
					op->path);
		break;
	case OP_MKDIR:
		break;
	}
	return rc;
}

/*
 * Steps applied on several threads: those IDX names (all when NULL) of
 * V; a failed step's message by its index in V.
 */
struct applying {
	struct db *db;
	const struct op *v;
	const size_t *idx;
	char **why;
};

static int apply_chunk(void *arg, size_t begin, size_t end)
{
	struct applying *a = arg;
	struct dircache dc;

	dircache_init(&dc, a->db->rootfd);
	for (size_t k = begin; k < end; k++) {
		size_t i = a->idx ? a->idx[k] : k;

		/* Each step stands alone: one failing stops no other. */
		if (apply_one(&dc, &a->v[i]) < 0) {
			a->why[i] = xstrdup(fail_message());
			fail_clear();
			dircache_close(&dc);
		}
	}
	dircache_close(&dc);
	return 0;
}

/*
 * Directory removals [BEGIN, END), deepest level first: one level's
 * directories hold none of each other, and the directories open in a
 * worker's cache are their parents, which a later level removes.
 */
static void apply_rmdirs(struct applying *a, size_t begin, size_t end)
{
	size_t *idx = xcalloc(end - begin, sizeof(*idx)), max = 0;
	struct applying level = *a;

	for (size_t i = begin; i < end; i++)
		if (path_depth(a->v[i].path) > max)
			max = path_depth(a->v[i].path);
	level.idx = idx;
	for (size_t d = max + 1; d-- > 0;) {
		size_t n = 0;

		for (size_t i = begin; i < end; i++)
			if (path_depth(a->v[i].path) == d)
				idx[n++] = i;
		par_run(n, 64, apply_chunk, &level);
	}
	free(idx);
}

int ops_apply(struct db *db, const struct oplist *ops, struct strlist *failed)
{
	struct applying a = {db, ops->v, NULL, xcalloc(ops->n ? ops->n : 1,
						       sizeof(char *))};
	int rc = 0;

	/*
	 * Files and links name distinct paths (the plan gives each path one
	 * step), so a run of them goes on every core; a directory's removal
	 * waits for what was in it: runs of those go level by level.
	 */
	for (size_t i = 0, end; i < ops->n; i = end) {
		int rmdir = ops->v[i].kind == OP_RMDIR;

		for (end = i; end < ops->n &&
			      (ops->v[end].kind == OP_RMDIR) == rmdir;)
			end++;
		if (rmdir) {
			apply_rmdirs(&a, i, end);
		} else {
			struct applying run = {db, ops->v + i, NULL, a.why + i};

			par_run(end - i, 256, apply_chunk, &run);
		}
	}
	for (size_t i = 0; i < ops->n; i++) {
		if (a.why[i])
			unapplied_add(failed, &ops->v[i],
				      op_names[ops->v[i].kind], a.why[i]);
		free(a.why[i]);
	}
	free(a.why);
	if (fs_syncfs(db->rootfd) < 0)
		rc = fail_errno("cannot sync %s", db->root);
	return rc;
}

/* Best effort by design: undo must never stop half-way. */
void ops_undo(struct db *db, const struct oplist *ops)
{
	struct dircache dc;
	const char *base;
	int dfd;

	dircache_init(&dc, db->rootfd);
	for (size_t i = 0; i < ops->n; i++) {
		const struct op *op = &ops->v[i];

		if (op->kind == OP_STAGE &&
		    (dfd = dircache_parent(&dc, op->stage, &base)) >= 0)
			fs_unlinkat(dfd, base, 0);
	}
	for (size_t i = ops->n; i-- > 0;) {
		const struct op *op = &ops->v[i];

		if (op->kind != OP_MKDIR)
			continue;
		dircache_close(&dc);
		if ((dfd = dircache_parent(&dc, op->path, &base)) >= 0)
			fs_unlinkat(dfd, base, AT_REMOVEDIR);
	}
	dircache_close(&dc);
	fs_syncfs(db->rootfd);
}

/*
 * A staged name is nip's own: beside its target, in the same folder,
 * named .nip-something. Anything else in a journal is damage, never a
 * path to undo or rename (a journal is a file on the root's disk).
 */
static int stage_beside(const char *path, const char *stage)
{
	const char *slash = strrchr(path, '/');
	size_t dir = slash ? (size_t)(slash - path) + 1 : 0;

	/* PATH was checked: the same folder and a plain name stay inside. */
	return strncmp(path, stage, dir) == 0 &&
	       strncmp(stage + dir, ".nip-", 5) == 0 &&
	       !strchr(stage + dir, '/');
}

static int parse_journal(const struct db *db, char *text, struct oplist *ops,
			 struct strlist *setids, struct strlist *triggers,
			 int *committed)
{
	char *line, *save = NULL;
	unsigned lineno = 0;

	*committed = 0;
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *words[3] = {0};
		size_t n = 0;
		int kind = -1;

		lineno++;
		if (lineno == 1) {
			if (strcmp(line, JOURNAL_MAGIC) != 0)
				goto bad;
			continue;
		}
		if (*committed)
			goto bad;
		if (strcmp(line, "commit") == 0) {
			*committed = 1;
			continue;
		}
		if (strncmp(line, "setid ", 6) == 0) {
			if (setid_line_check(line + 6) < 0)
				goto bad;
			strlist_add(setids, line + 6);
			continue;
		}
		if (strncmp(line, "trigger ", 8) == 0) {
			if (trigger_line_check(line + 8) < 0)
				goto bad;
			strlist_add(triggers, line + 8);
			continue;
		}
		char *wsave = NULL;

		for (char *w = strtok_r(line, " ", &wsave); w && n < 3;
		     w = strtok_r(NULL, " ", &wsave))
			words[n++] = w;
		for (int k = 0; k < 4; k++)
			if (n && strcmp(words[0], op_names[k]) == 0)
				kind = k;
		if (kind < 0 || n != (kind == OP_STAGE ? 3u : 2u) ||
		    path_decode(words[1]) < 0 ||
		    path_invalid_reason(words[1]) ||
		    (words[2] && (path_decode(words[2]) < 0 ||
				  !stage_beside(words[1], words[2]))))
			goto bad;
		oplist_add(ops, (enum op_kind)kind, xstrdup(words[1]),
			   words[2] ? xstrdup(words[2]) : NULL);
	}
	return 0;
bad:
	return fail("%s/" DB_DIR "/journal: line %u is damaged; nip will "
		    "neither replay nor undo it, and leaves this root alone "
		    "until it is dealt with: inspect it, then move it away "
		    "and run `nip check` to see what differs",
		    db->root, lineno);
}

int journal_present(const struct db *db)
{
	return faccessat(db->dbfd, "journal", F_OK, AT_SYMLINK_NOFOLLOW) == 0;
}

int journal_read(const struct db *db, struct oplist *ops,
		 struct strlist *setids, struct strlist *triggers,
		 int *committed)
{
	struct buf text = {0};
	int rc;

	if (read_file(db->dbfd, "journal", &text) < 0)
		return -1;
	rc = parse_journal(db, text.data, ops, setids, triggers, committed);
	buf_free(&text);
	return rc;
}
