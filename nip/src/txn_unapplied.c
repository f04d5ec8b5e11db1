/*
 * Steps that failed after the commit. They cannot be undone (the
 * database already says the transaction happened), and retrying them
 * for ever would wedge the root: every command would fail in recovery.
 * So each one is recorded in var/lib/nip/unapplied, the journal is
 * dropped, and `nip check` shows the record until the path is dealt with.
 *
 * A line: "OP PATH[ STAGED]<TAB>WHY", paths encoded as in the journal.
 */
#define _GNU_SOURCE
#include "txn.h"
#include "fileio.h"
#include "fsops.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define UNAPPLIED "unapplied"

void unapplied_add(struct strlist *failed, const struct op *op,
		   const char *kind, const char *why)
{
	struct buf line = {0};

	buf_printf(&line, "%s ", kind);
	path_encode(&line, op->path);
	if (op->stage) {
		buf_adds(&line, " ");
		path_encode(&line, op->stage);
	}
	buf_printf(&line, "\t%s", why);
	strlist_add_owned(failed, line.data);
}

static void ignore_owner(const char *owner, void *arg)
{
	(void)owner;
	(void)arg;
}

static int exists(const struct db *db, const char *path)
{
	struct stat st;

	return fstatat(db->rootfd, path, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

int unapplied_pending(const struct db *db, const char *line,
		      struct unapplied *u)
{
	char *copy = xstrdup(line), *tab = strchr(copy, '\t');
	char *words[3] = {0}, *save = NULL;
	size_t n = 0;
	int pending = 0;

	memset(u, 0, sizeof(*u));
	if (!tab)
		goto out;
	*tab = '\0';
	for (char *w = strtok_r(copy, " ", &save); w && n < 3;
	     w = strtok_r(NULL, " ", &save))
		words[n++] = w;
	if (n < 2 || path_decode(words[1]) < 0 ||
	    (words[2] && path_decode(words[2]) < 0))
		goto out;
	u->path = xstrdup(words[1]);
	u->why = xstrdup(tab + 1);
	if (strcmp(words[0], "stage") == 0 && words[2]) {
		/* The staged copy never reached its place: it is left over. */
		u->what = "was not moved into place";
		u->fix = "move it over that path (mv) or remove it";
		u->stage = xstrdup(words[2]);
		pending = exists(db, words[2]);
	} else {
		/* Still there, and no package has taken it since. */
		u->what = "was not removed";
		u->fix = "remove it by hand";
		pending = exists(db, u->path) &&
			  db_owners(db, u->path, ignore_owner, NULL) == 0;
	}
out:
	free(copy);
	if (!pending)
		unapplied_free(u);
	return pending;
}

void unapplied_free(struct unapplied *u)
{
	free(u->path);
	free(u->stage);
	free(u->why);
	memset(u, 0, sizeof(*u));
}

int unapplied_load(const struct db *db, struct strlist *lines)
{
	if (db->dbfd < 0)
		return 0;
	return db_load_lines(db, UNAPPLIED, lines);
}

/* Keep what is still pending, add FAILED; no file when nothing is. */
static int unapplied_update(struct db *db, const struct strlist *failed)
{
	struct strlist old = {0}, keep = {0};
	struct buf text = {0};
	int had, rc = 0;

	if (unapplied_load(db, &old) < 0)
		return -1;
	had = old.n > 0;
	for (size_t i = 0; i < old.n; i++) {
		struct unapplied u;

		if (unapplied_pending(db, old.v[i], &u)) {
			strlist_add(&keep, old.v[i]);
			unapplied_free(&u);
		}
	}
	for (size_t i = 0; i < failed->n; i++)
		if (!strlist_contains(&keep, failed->v[i]))
			strlist_add(&keep, failed->v[i]);
	if (keep.n) {
		db_format_lines(&keep, &text);
		rc = write_file_atomic(db->dbfd, UNAPPLIED, text.data, text.len,
				       0644);
	} else if (had && fs_unlinkat(db->dbfd, UNAPPLIED, 0) < 0 &&
		   errno != ENOENT) {
		rc = fail_errno("cannot remove " DB_DIR "/" UNAPPLIED);
	}
	if (rc == 0 && (keep.n || had) && fs_fsync(db->dbfd) < 0)
		rc = fail_errno("cannot sync " DB_DIR);
	buf_free(&text);
	strlist_free(&old);
	strlist_free(&keep);
	return rc;
}

int txn_finish(struct db *db, int apply_rc, const struct strlist *failed,
	       int flags)
{
	/* Whether a recorded path is owned now is the new index's answer. */
	if (apply_rc < 0 || db_remap_files(db) < 0 ||
	    unapplied_update(db, failed) < 0) {
		char *why = xstrdup(fail_message());

		fail("%s; the transaction is committed and its journal "
		     "%s/" DB_DIR "/journal is kept: the next nip run on this "
		     "root finishes it",
		     why, db->root);
		free(why);
		return -1;
	}
	if (!(flags & TXN_KEEP_JOURNAL) && journal_remove(db) < 0)
		return -1;
	if (!failed->n)
		return 0;
	for (size_t i = 0; i < failed->n; i++) {
		const char *tab = strchr(failed->v[i], '\t');

		warnx_("could not apply: %s", tab ? tab + 1 : failed->v[i]);
	}
	warnx_("%zu step%s of the committed transaction could not be "
	       "applied; the database is up to date and the step%s %s "
	       "recorded in %s/" DB_DIR "/" UNAPPLIED ", which `nip check` "
	       "shows until each path is dealt with by hand (see nip(8))",
	       failed->n, failed->n == 1 ? "" : "s",
	       failed->n == 1 ? "" : "s", failed->n == 1 ? "is" : "are",
	       db->root);
	if (flags & TXN_RECOVERING)
		return 0;
	return fail("the transaction could not be applied in full");
}
