/*
 * Triggers that failed. The transaction that fired them stays
 * committed, so nothing is undone; what the trigger should have done
 * (a kernel copied to the boot partition, a cache rebuilt) is still
 * owed. Each failure is kept in var/lib/nip/triggers-failed until the
 * same package's program runs well again, by a later transaction or by
 * `nip trigger`, and `nip check` shows it until then.
 *
 * A line: "PKG RUN PATTERN...<TAB>WHY", the trigger line as the journal
 * has it, then what went wrong.
 */
#define _GNU_SOURCE
#include "txn.h"
#include "fileio.h"
#include "pkg.h"
#include "fsops.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int trigger_failed_parse(const char *line, struct trigger_failed *f)
{
	const char *tab = strchr(line, '\t');
	char *sp;

	memset(f, 0, sizeof(*f));
	if (!tab)
		return -1;
	f->line = xstrndup(line, (size_t)(tab - line));
	if (trigger_line_check(f->line) < 0) {
		free(f->line);
		f->line = NULL;
		return -1;
	}
	sp = strchr(f->line, ' ');
	f->pkg = xstrndup(f->line, (size_t)(sp - f->line));
	f->run = xstrndup(sp + 1, strcspn(sp + 1, " "));
	f->why = xstrdup(tab + 1);
	return 0;
}

void trigger_failed_free(struct trigger_failed *f)
{
	free(f->line);
	free(f->pkg);
	free(f->run);
	free(f->why);
	memset(f, 0, sizeof(*f));
}

int trigger_failed_current(const struct pkglist *installed,
			   const struct trigger_failed *f)
{
	const struct pkg *p = pkglist_find(installed, f->pkg);
	size_t len = strlen(f->run);

	for (size_t i = 0; p && i < p->meta.triggers.n; i++)
		if (strncmp(p->meta.triggers.v[i], f->run, len) == 0 &&
		    p->meta.triggers.v[i][len] == ' ')
			return 1;
	return 0;
}

int triggers_failed_load(const struct db *db, struct strlist *lines)
{
	if (db->dbfd < 0)
		return 0;
	return db_load_lines(db, TRIGGERS_FAILED, lines);
}

/* "PKG RUN": which program of which package a line is about. */
static char *key_of(const char *line)
{
	size_t pkg = strcspn(line, " \t");
	size_t run = line[pkg] == ' ' ? strcspn(line + pkg + 1, " \t") : 0;

	return xstrndup(line, pkg + (run ? run + 1 : 0));
}

static int key_in(const char *line, const struct strlist *l)
{
	char *key = key_of(line);
	int found = 0;

	for (size_t i = 0; i < l->n && !found; i++) {
		char *other = key_of(l->v[i]);

		found = strcmp(key, other) == 0;
		free(other);
	}
	free(key);
	return found;
}

/*
 * Is LINE owed still, by the packages installed now? A damaged line is
 * kept for the administrator; so is every line when the installed
 * state cannot be read (nothing is dropped on a guess).
 */
static int owed(const struct pkglist *installed, int known, const char *line)
{
	struct trigger_failed f;
	int current;

	if (!known || trigger_failed_parse(line, &f) < 0)
		return 1;
	current = trigger_failed_current(installed, &f);
	trigger_failed_free(&f);
	return current;
}

int triggers_record(struct db *db, const struct strlist *ran,
		    const struct strlist *failed)
{
	struct strlist old = {0}, keep = {0};
	struct pkglist installed = {0};
	struct buf text = {0};
	int rc = 0, known;

	if (triggers_failed_load(db, &old) < 0)
		return -1;
	/*
	 * A program that ran again, well or not, replaces its old line;
	 * one its package no longer declares (removed, or upgraded to a
	 * version without it) is owed no more.
	 */
	/* The installed state afresh: the transaction changed it. */
	known = old.n && db_read_installed(db, &installed) == 0;
	if (old.n && !known)
		fail_clear();
	for (size_t i = 0; i < old.n; i++)
		if (!key_in(old.v[i], ran) && owed(&installed, known, old.v[i]))
			strlist_add(&keep, old.v[i]);
	pkglist_free(&installed, 1);
	for (size_t i = 0; i < failed->n; i++)
		strlist_add(&keep, failed->v[i]);
	if (keep.n) {
		db_format_lines(&keep, &text);
		rc = write_file_atomic(db->dbfd, TRIGGERS_FAILED, text.data,
				       text.len, 0644);
	} else if (old.n && fs_unlinkat(db->dbfd, TRIGGERS_FAILED, 0) < 0 &&
		   errno != ENOENT) {
		rc = fail_errno("cannot remove " DB_DIR "/" TRIGGERS_FAILED);
	}
	if (rc == 0 && (keep.n || old.n) && fs_fsync(db->dbfd) < 0)
		rc = fail_errno("cannot sync " DB_DIR);
	if (rc == 0 && failed->n)
		warnx_("%zu trigger%s failed; recorded in %s/" DB_DIR
		       "/" TRIGGERS_FAILED ", which `nip check` shows until "
		       "`nip trigger` runs %s well",
		       failed->n, failed->n == 1 ? "" : "s", db->root,
		       failed->n == 1 ? "it" : "them");
	buf_free(&text);
	strlist_free(&old);
	strlist_free(&keep);
	return rc;
}
