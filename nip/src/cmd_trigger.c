/*
 * nip trigger [PKG...]: run again the triggers that failed after a
 * committed transaction (txn_trigger_record.c). It runs programs, so,
 * like the parent of a confined transaction, it is not confined; it
 * takes them only from a record no one else could have written.
 */
#define _GNU_SOURCE
#include "cmd.h"
#include "db.h"
#include "txn.h"

#include <stdlib.h>
#include <string.h>

static int wanted(const struct trigger_failed *f, int argc, char **argv)
{
	if (argc == 1)
		return 1;
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], f->pkg) == 0)
			return 1;
	return 0;
}

/* The lines to run again: those of installed packages ARGV names. */
static int pick(struct db *db, const struct strlist *lines, int argc,
		char **argv, struct strlist *run)
{
	for (size_t i = 0; i < lines->n; i++) {
		struct trigger_failed f;

		if (trigger_failed_parse(lines->v[i], &f) < 0)
			return fail("%s/" DB_DIR "/triggers-failed: line %zu "
				    "is damaged",
				    db->root, i + 1);
		if (wanted(&f, argc, argv) &&
		    pkglist_find(&db->installed, f.pkg))
			strlist_add(run, f.line);
		trigger_failed_free(&f);
	}
	for (int i = 1; i < argc; i++)
		if (!pkglist_find(&db->installed, argv[i]))
			return fail_code(NIP_EXIT_DEPS, "%s is not installed",
					 argv[i]);
	return 0;
}

int cmd_trigger(struct ctx *ctx, int argc, char **argv)
{
	struct strlist lines = {0}, run = {0}, failed = {0};
	struct db db;
	int rc = -1;

	if (argc > 1 && argv[1][0] == '-')
		return cmd_usage_error("trigger", "bad option %s", argv[1]);
	if (txn_open_db(&db, ctx->root, DB_WRITE) < 0)
		return -1;
	if (triggers_failed_load(&db, &lines) < 0)
		goto out;
	if (lines.n && !db_file_private(&db, "triggers-failed")) {
		fail("%s/" DB_DIR "/triggers-failed, or its folder, is not "
		     "owned by this user alone: its programs are not run",
		     db.root);
		goto out;
	}
	if (pick(&db, &lines, argc, argv, &run) < 0)
		goto out;
	if (!run.n) {
		note("no failed trigger is recorded%s",
		     argc > 1 ? " for these packages" : "");
		rc = 0;
		goto out;
	}
	if (nip_no_triggers) {
		rc = fail_code(NIP_EXIT_USAGE, "--no-triggers: nothing to do");
		goto out;
	}
	triggers_run(&db, &run, &failed);
	if (triggers_record(&db, &run, &failed) == 0)
		rc = failed.n ? fail("%zu of %zu trigger%s failed again",
				     failed.n, run.n, run.n == 1 ? "" : "s") :
				0;
out:
	strlist_free(&lines);
	strlist_free(&run);
	strlist_free(&failed);
	db_close(&db);
	return rc;
}
