/*
 * nip trigger [PKG...]: run again the triggers that failed after a
 * committed transaction (txn_trigger_record.c). It runs programs, so,
 * like the parent of a confined transaction, it is not confined; it
 * takes them only from a record no one else could have written, and
 * only while their package still declares them.
 */
#define _GNU_SOURCE
#include "cmd.h"
#include "db.h"
#include "txn.h"

#include <stdlib.h>
#include <string.h>

static int named(const struct trigger_failed *f, int argc, char **argv)
{
	if (argc == 1)
		return 1;
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], f->pkg) == 0)
			return 1;
	return 0;
}

/*
 * Sort the record's LINES: those to RUN (named, still declared), and
 * those no longer owed (STALE: the package dropped the trigger or is
 * gone). A damaged line is said and left for the administrator.
 */
static void pick(struct db *db, const struct strlist *lines, int argc,
		 char **argv, struct strlist *run, struct strlist *stale)
{
	for (size_t i = 0; i < lines->n; i++) {
		struct trigger_failed f;

		if (trigger_failed_parse(lines->v[i], &f) < 0) {
			warnx_("%s/" DB_DIR "/" TRIGGERS_FAILED ": line %zu is "
			       "damaged, left as it is: %s",
			       db->root, i + 1, lines->v[i]);
			continue;
		}
		if (!trigger_failed_current(&db->installed, &f)) {
			note("trigger of %s: /%s is no longer the package's: "
			     "dropped from the record",
			     f.pkg, f.run);
			strlist_add(stale, f.line);
		} else if (named(&f, argc, argv)) {
			strlist_add(run, f.line);
		}
		trigger_failed_free(&f);
	}
}

static int installed_or_fail(const struct db *db, int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (!pkglist_find(&db->installed, argv[i]))
			return fail_code(NIP_EXIT_DEPS, "%s is not installed",
					 argv[i]);
	return 0;
}

/* Is anything recorded? Read-only: a mistyped --root gains no files. */
static int anything_recorded(struct ctx *ctx)
{
	struct strlist lines = {0};
	struct db db;
	int rc;

	if (txn_open_db(&db, ctx->root, DB_READ) < 0)
		return -1;
	rc = triggers_failed_load(&db, &lines) < 0 ? -1 : lines.n > 0;
	strlist_free(&lines);
	db_close(&db);
	return rc;
}

int cmd_trigger(struct ctx *ctx, int argc, char **argv)
{
	struct strlist lines = {0}, run = {0}, settled = {0}, failed = {0};
	struct db db;
	int rc;

	if (argc > 1 && argv[1][0] == '-')
		return cmd_usage_error("trigger", "bad option %s", argv[1]);
	if ((rc = anything_recorded(ctx)) <= 0) {
		if (rc == 0)
			note("no failed trigger is recorded");
		return rc;
	}
	if (txn_open_db(&db, ctx->root, DB_WRITE) < 0)
		return -1;
	rc = -1;
	if (installed_or_fail(&db, argc, argv) < 0 ||
	    triggers_failed_load(&db, &lines) < 0)
		goto out;
	if (!db_file_private(&db, TRIGGERS_FAILED)) {
		fail("%s/" DB_DIR "/" TRIGGERS_FAILED ", or its folder, is not "
		     "owned by this user alone: its programs are not run; "
		     "check its lines, then make it root's alone (chown "
		     "root, chmod go-w) or remove it",
		     db.root);
		goto out;
	}
	pick(&db, &lines, argc, argv, &run, &settled);
	if (!run.n)
		note("no failed trigger is recorded%s",
		     argc > 1 ? " for these packages" : "");
	if (run.n && nip_no_triggers) {
		rc = fail_code(NIP_EXIT_USAGE, "--no-triggers: nothing to do");
		goto out;
	}
	triggers_run(&db, &run, &failed);
	for (size_t i = 0; i < run.n; i++)
		strlist_add(&settled, run.v[i]);
	if (triggers_record(&db, &settled, &failed) == 0)
		rc = failed.n ? fail("%zu of %zu trigger%s failed again",
				     failed.n, run.n, run.n == 1 ? "" : "s") :
				0;
out:
	strlist_free(&lines);
	strlist_free(&run);
	strlist_free(&settled);
	strlist_free(&failed);
	db_close(&db);
	return rc;
}
