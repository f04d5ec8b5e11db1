/*
 * Installed state under ROOT/var/lib/nip:
 *   lock          flock: exclusive to change, shared to read
 *   installed     one record per installed package (pkg.h text form)
 *   world         the constraints the user asked for, sorted
 *   files         "PATH<TAB>OWNER" lines sorted bytewise: owner lookups
 *                 are a binary search over the mapped file
 *   manifests/N   the manifest of installed package N
 *   serials       highest index serial seen per repository URL
 *   history/N     one record per transaction, for `nip rollback`
 *   journal       present only while a transaction is in flight
 */
#ifndef NIP_DB_H
#define NIP_DB_H

#include "manifest.h"
#include "pkg.h"

/* DB_DIR and CACHE_DIR are in manifest.h: packages may not ship them. */

struct db {
	const char *root;
	int rootfd, dbfd, lockfd;
	struct pkglist installed;
	struct strlist world;
	struct strlist serials;		/* "SERIAL URL" */
	uint64_t last_txn;
	const char *files;		/* mapped files index */
	size_t files_len;
};

enum db_mode { DB_READ, DB_WRITE };

/*
 * Opening a database is the transaction code's job (txn_open_db): a
 * transaction a crash left must be finished before anything is read.
 * These are its steps.
 *
 * Open ROOT and its database's files, taking no lock and reading
 * nothing. DB_WRITE creates the database; DB_READ finds an empty system
 * (dbfd -1) when there is none, and an unlocked one (lockfd -1) when it
 * has no lock file.
 */
int db_open_unlocked(struct db *db, const char *root, enum db_mode mode);
/* Take the lock: shared for DB_READ, exclusive for DB_WRITE; may wait. */
int db_lock(struct db *db, enum db_mode mode);
void db_unlock(struct db *db);
/* Read the installed state: packages, world, serials, the files index. */
int db_load(struct db *db);
void db_close(struct db *db);
/*
 * Is database file NAME owned by this user and writable by no one
 * else, in a folder the same holds for? Only then are programs run and
 * set-ID modes given from what it says.
 */
int db_file_private(const struct db *db, const char *name);
/*
 * The installed packages as the database file says now (none when it is
 * missing); load does this for DB->installed.
 */
int db_read_installed(const struct db *db, struct pkglist *out);
int db_load_lines(const struct db *db, const char *name,
		  struct strlist *out);

/* Map the files index again, as a transaction just left it. */
int db_remap_files(struct db *db);

int db_load_manifest(struct db *db, const char *name, struct npk_manifest *m);
int db_read_manifest_text(struct db *db, const char *name, struct buf *out);

/* Owners of PATH: calls FN for each; returns how many. */
size_t db_owners(const struct db *db, const char *path,
		 void (*fn)(const char *owner, void *arg), void *arg);
/* The first owner of PATH that is not EXCEPT (may be NULL), copied. */
char *db_other_owner(const struct db *db, const char *path,
		     const char *except);

struct stat;
/*
 * Is ST, found at F's path, owned otherwise than F says? Always no on a
 * root whose database is not root's: nip could not set owners there.
 */
int db_owner_changed(const struct db *db, const struct stat *st,
		     const struct npk_file *f);

/* The highest serial seen for the repository keyed KEY (url_repo_key). */
uint64_t db_seen_serial(const struct db *db, const char *key);

struct repo;
/*
 * OUT: the seen serials SEEN, with each verified repository of REPOS at
 * the highest serial seen for it, one line per repository key, sorted.
 */
void db_merge_serials(const struct strlist *seen, const struct repo *repos,
		      size_t nrepos, struct strlist *out);
/* Write the merged serials now, before any transaction (or failure). */
int db_record_serials(struct db *db, const struct repo *repos, size_t nrepos);

/* Write helpers for the transaction: serialised new state. */
void db_format_installed(const struct pkglist *l, struct buf *out);
/* One line per entry: the world, the seen serials. */
void db_format_lines(const struct strlist *lines, struct buf *out);

/* Format one files-index line for PATH owned by OWNER. */
void db_files_line(struct buf *out, const char *path, const char *owner);

#endif
