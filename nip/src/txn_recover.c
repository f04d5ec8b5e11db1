/*
 * Opening a root's database: a transaction a crash left is finished
 * (after its commit) or undone (before it) before anything is read, so
 * the database never has to know about transactions.
 */
#define _GNU_SOURCE
#include "txn.h"

#include <unistd.h>

static int recover(struct db *db)
{
	struct oplist ops = {0};
	int committed, rc = -1;

	if (journal_read(db, &ops, &committed) < 0)
		goto out;
	if (committed) {
		struct strlist failed = {0};

		warnx_("finishing the interrupted transaction in "
		       "%s/" DB_DIR "/journal",
		       db->root);
		rc = txn_finish(db, ops_apply(db, &ops, &failed), &failed, 1);
		strlist_free(&failed);
	} else {
		warnx_("undoing the interrupted transaction in "
		       "%s/" DB_DIR "/journal",
		       db->root);
		ops_undo(db, &ops);
		rc = journal_remove(db);
	}
out:
	oplist_free(&ops);
	return rc;
}

static int lock_and_recover(struct db *db, enum db_mode mode)
{
	if (mode == DB_READ && journal_present(db)) {
		/* A crash left a transaction: finish it before reading. */
		if (db_lock(db, DB_WRITE) < 0 || recover(db) < 0)
			return -1;
		db_unlock(db);
	}
	if (db_lock(db, mode) < 0)
		return -1;
	if (mode == DB_WRITE) {
		/* An interrupted atomic write leaves only its temp file. */
		unlinkat(db->dbfd, "journal.nip-tmp", 0);
		unlinkat(db->dbfd, "serials.nip-tmp", 0);
		if (journal_present(db) && recover(db) < 0)
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
