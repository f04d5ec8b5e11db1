/*
 * Transactions over the whole package set. The order is what makes a
 * crash harmless (npk(5) and nip(8) describe it for users):
 *
 *   plan     read every manifest, check every conflict; touch nothing
 *   journal  write the list of steps below, fsync
 *   stage    make new directories, write every file beside its target
 *            under a .nip- name, verify every hash, write the new DB
 *   sync     syncfs, then append "commit" to the journal and fsync it
 *   apply    rename staged files into place, unlink what went away
 *   done     syncfs, remove the journal
 *
 * Before "commit" a crash is undone (staged files removed); after it the
 * steps are replayed. Every step is idempotent, so recovery may itself
 * be interrupted and run again.
 */
#ifndef NIP_TXN_H
#define NIP_TXN_H

#include "db.h"
#include "repo.h"

enum op_kind { OP_MKDIR, OP_STAGE, OP_UNLINK, OP_RMDIR };

struct op {
	enum op_kind kind;
	char *path;	/* root-relative target */
	char *stage;	/* root-relative staged name (OP_STAGE) */
	unsigned mode, uid, gid;	/* OP_MKDIR; not journaled */
};

struct oplist {
	struct op *v;
	size_t n, cap;
};

struct change {
	struct pkg *old, *new_pkg;
	struct npk_manifest old_m, new_m;
	char *source;		/* readable .npk path for new_pkg */
	size_t manifest_op;	/* the step staging manifests/NAME */
	size_t *stage_op;	/* per new_m file: index into ops, or: */
#define STAGE_NONE ((size_t)-1)	/* nothing to write (dir, kept config) */
#define STAGE_LOST ((size_t)-2)	/* another package in this txn has it */
};

struct txn {
	struct db *db;
	struct change *changes;
	size_t nchanges;
	const struct pkglist *target;
	const struct strlist *world;
	struct strlist serials;
	const char *command;
	struct oplist ops;
	struct strlist notes;	/* kept configs and the like, said at the end */
	struct strlist triggers;	/* txn_match_triggers' lines */
	struct strlist setids;	/* "MODE PATH": set-ID bits the parent sets */
	uint64_t id;
	unsigned seq;
};

/* Install TARGET as the whole package set with WORLD as the new world. */
int txn_run(struct db *db, const struct pkglist *target,
	    const struct strlist *world, struct repo *repos, size_t nrepos,
	    const char *command);

/*
 * Open ROOT's database (db_open_unlocked says how each mode opens it),
 * lock it and load it, first finishing or undoing the transaction a
 * crash left. Close it with db_close.
 */
int txn_open_db(struct db *db, const char *root, enum db_mode mode);

/* Internals shared by txn_*.c */
void oplist_add(struct oplist *l, enum op_kind kind, char *path, char *stage);
void oplist_free(struct oplist *l);
int txn_plan(struct txn *t);
/*
 * The package of this transaction that installs PATH (or whose kept
 * config's new version PATH is), or NULL.
 */
const char *txn_package_of(const struct txn *t, const char *path);
int txn_stage(struct txn *t);
/* Bytes of database file NAME (relative to var/lib/nip) after T. */
int txn_db_content(struct txn *t, const char *name, struct buf *out);
/*
 * The steps of OPS, then the set-ID modes the parent gives files
 * (txn_match_setids') and the TRIGGERS that will run (trigger_line's).
 */
int journal_write(struct db *db, const struct oplist *ops,
		  const struct strlist *setids, const struct strlist *triggers);
int journal_commit(struct db *db);
/*
 * Apply every step past the commit; one that fails is added to FAILED
 * (see unapplied_add) and the rest still run. -1 only if the final sync
 * fails.
 */
int ops_apply(struct db *db, const struct oplist *ops, struct strlist *failed);
void ops_undo(struct db *db, const struct oplist *ops);
int journal_remove(struct db *db);
/* Is there a journal, and what does it say (*COMMITTED: past "commit")? */
int journal_present(const struct db *db);
int journal_read(const struct db *db, struct oplist *ops,
		 struct strlist *setids, struct strlist *triggers,
		 int *committed);

/*
 * Set-ID files (txn_setid.c). A pledged nip cannot make a file
 * set-user-ID or set-group-ID (pledge(2)): it stages the file without
 * those bits, and the unconfined parent sets them after the commit,
 * from the journal's "setid MODE PATH" lines, as it runs triggers.
 */
void txn_match_setids(struct txn *t);
/* Is LINE "MODE PATH" with MODE set-ID? 0, or -1 (not said). */
int setid_line_check(const char *line);
/* Give each file its set-ID mode; a failure is said; -1 if any. */
int setids_apply(struct db *db, const struct strlist *setids);

/*
 * Triggers (txn_trigger.c). After the plan, the triggers of the new
 * package set whose patterns match a path the transaction adds,
 * changes or removes, each once, as lines "PKG RUN PATTERN...", the
 * patterns being those that matched.
 */
void txn_match_triggers(struct txn *t);
/* Is LINE one txn_match_triggers makes? 0, or -1 (not said). */
int trigger_line_check(const char *line);
/*
 * Run each trigger line's program in DB's root (chrooted there unless
 * it is /), once, in order. A failure is said, added to FAILED as the
 * line, a tab and why, and the rest still run; -1 when any failed.
 */
int triggers_run(struct db *db, const struct strlist *triggers,
		 struct strlist *failed);

/* Triggers that failed, kept for nip check (txn_trigger_record.c). */
#define TRIGGERS_FAILED "triggers-failed"	/* in DB_DIR */
struct trigger_failed {
	char *line;	/* "PKG RUN PATTERN..." */
	char *pkg;
	char *run;	/* root-relative program */
	char *why;
};
/* The record's lines (none: empty). */
int triggers_failed_load(const struct db *db, struct strlist *lines);
/* Split one; -1 when it is damaged. */
int trigger_failed_parse(const char *line, struct trigger_failed *f);
/*
 * Does F's package, among INSTALLED, still declare F's program? Only
 * then is it still owed.
 */
int trigger_failed_current(const struct pkglist *installed,
			   const struct trigger_failed *f);
void trigger_failed_free(struct trigger_failed *f);
/*
 * After RAN ran: drop the record of every program RAN ran, add FAILED
 * (triggers_run's), and say where they are kept.
 */
int triggers_record(struct db *db, const struct strlist *ran,
		    const struct strlist *failed);
/*
 * For the parent of a confined transaction that ended well
 * (cmd_install.c): the lock held, the journal it left for its
 * triggers finished: triggers run, journal removed.
 */
int txn_finish_triggers(struct db *db);

/* Before the commit: refuse a plan whose later steps would fail. */
int txn_check_apply(struct txn *t);

/* Steps that failed after the commit (txn_unapplied.c). */
struct unapplied {
	char *path;		/* root-relative */
	const char *what;	/* "was not removed", ... */
	const char *fix;	/* what the admin does about it */
	char *stage;		/* root-relative staged file, or NULL */
	char *why;		/* the error at the time */
};
void unapplied_add(struct strlist *failed, const struct op *op,
		   const char *kind, const char *why);
/* Load the record of ROOT's unapplied steps (none: empty). */
int unapplied_load(const struct db *db, struct strlist *lines);
/* Is the recorded LINE still to be dealt with? Fills U when it is. */
int unapplied_pending(const struct db *db, const char *line,
		      struct unapplied *u);
void unapplied_free(struct unapplied *u);
/*
 * After ops_apply: record FAILED, drop the journal, say what is left.
 * A failure is an error unless FLAGS has TXN_RECOVERING (then the
 * command goes on).
 */
int txn_finish(struct db *db, int apply_rc, const struct strlist *failed,
	       int flags);
#define TXN_RECOVERING 1
/* The journal stays for its triggers to be run (txn_finish_triggers). */
#define TXN_KEEP_JOURNAL 2

#endif
