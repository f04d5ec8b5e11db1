/*
 * Opening a root's database: a transaction a crash left is finished
 * (after its commit) or undone (before it) before anything is read, so
 * the database never has to know about transactions.
 */
#define _GNU_SOURCE
#include "txn.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

/* The journal's triggers, and the record of those that failed. */
static int run_and_record(struct db *db, const struct strlist *triggers)
{
	struct strlist failed = {0};
	int rc = triggers_run(db, triggers, &failed);

	if (!nip_no_triggers && triggers_record(db, triggers, &failed) < 0) {
		warnx_("%s", fail_message());
		fail_clear();
		rc = -1;
	}
	strlist_free(&failed);
	return rc;
}

/*
 * A journal past its commit: its steps applied again (each is
 * idempotent), then its triggers run. QUIET when this is no crash but
 * the confined transaction's parent finishing its triggers.
 */
static int recover(struct db *db, int quiet, int *triggers_failed)
{
	struct oplist ops = {0};
	struct strlist setids = {0}, triggers = {0};
	int committed, rc = -1;

	if (journal_read(db, &ops, &setids, &triggers, &committed) < 0)
		goto out;
	if (committed) {
		struct strlist failed = {0};

		if (!quiet)
			warnx_("finishing the interrupted transaction in "
			       "%s/" DB_DIR "/journal",
			       db->root);
		rc = txn_finish(db, ops_apply(db, &ops, &failed), &failed,
				TXN_RECOVERING | TXN_KEEP_JOURNAL);
		strlist_free(&failed);
		/*
		 * A failed step here is said, not retried for ever: the
		 * journal goes. Programs and set-ID modes are only taken
		 * from a journal no one else could have written.
		 */
		if (rc == 0 && (setids.n || triggers.n) && !db_file_private(db, "journal")) {
			warnx_("%s/" DB_DIR "/journal, or its folder, is not "
			       "owned by this user alone: its %zu set-ID "
			       "mode(s) and %zu trigger(s) are not applied",
			       db->root, setids.n, triggers.n);
			if (triggers_failed)
				*triggers_failed = 1;
		} else if (rc == 0) {
			if (setids_apply(db, &setids) < 0 && triggers_failed)
				*triggers_failed = 1;
			if (run_and_record(db, &triggers) < 0 &&
			    triggers_failed)
				*triggers_failed = 1;
		}
		if (rc == 0)
			rc = journal_remove(db);
	} else {
		warnx_("undoing the interrupted transaction in "
		       "%s/" DB_DIR "/journal",
		       db->root);
		ops_undo(db, &ops);
		rc = journal_remove(db);
	}
out:
	oplist_free(&ops);
	strlist_free(&setids);
	strlist_free(&triggers);
	return rc;
}

static int lock_and_recover(struct db *db, enum db_mode mode)
{
	if (mode == DB_READ && journal_present(db)) {
		/* A crash left a transaction: finish it before reading. */
		if (db_lock(db, DB_WRITE) < 0 || recover(db, 0, NULL) < 0)
			return -1;
		db_unlock(db);
	}
	if (db_lock(db, mode) < 0)
		return -1;
	if (mode == DB_WRITE) {
		/* An interrupted atomic write leaves only its temp file. */
		unlinkat(db->dbfd, "journal.nip-tmp", 0);
		unlinkat(db->dbfd, "serials.nip-tmp", 0);
		unlinkat(db->dbfd, TRIGGERS_FAILED ".nip-tmp", 0);
		if (journal_present(db) && recover(db, 0, NULL) < 0)
			return -1;
	}
	return 0;
}

int txn_open_db(struct db *db, const char *root, enum db_mode mode)
{
	if (db_open_unlocked(db, root, mode) < 0)
		return -1;
	if (db->dbfd < 0)
		return 0;	/* no database yet: an empty system */
	if (db->lockfd >= 0 && lock_and_recover(db, mode) < 0)
		return -1;
	return db_load(db);
}

int txn_finish_triggers(struct db *db)
{
	struct strlist none = {0};
	int failed = 0;

	if (db->dbfd < 0 || db->lockfd < 0)
		return 0;
	if (!journal_present(db)) {
		/* No trigger ran, but a package may have left the record. */
		if (faccessat(db->dbfd, TRIGGERS_FAILED, F_OK,
			      AT_SYMLINK_NOFOLLOW) < 0)
			return 0;
		if (db_lock(db, DB_WRITE) < 0 ||
		    triggers_record(db, &none, &none) < 0)
			return -1;
		return 0;
	}
	if (db_lock(db, DB_WRITE) < 0)
		return -1;
	if (recover(db, 1, &failed) < 0)
		return -1;
	return failed ? fail("the transaction is installed, but not every "
			     "step after it was (said above)") : 0;
}
