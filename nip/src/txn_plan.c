/*
 * Planning a transaction: read every manifest, decide every file's fate
 * and find every conflict before the root is touched.
 */
#define _GNU_SOURCE
#include "txn.h"
#include "fsops.h"
#include "npk.h"
#include "par.h"
#include "strmap.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum disk_state { DISK_MISSING, DISK_DIR, DISK_FILE, DISK_LINK, DISK_OTHER };

struct planner {
	struct txn *t;
	struct strmap claimed;	/* path -> change << 32 | file */
	struct strmap changing;	/* names of installed packages changing */
	struct strmap new_dirs;	/* directories this plan creates */
	struct strmap unlinked;	/* paths this plan removes */
	struct strmap dirs_seen;	/* directories removal looked at */
	char **stays;		/* per change, per old file: kept by another */
	struct oplist rmdirs;
	struct dircache dirs;
};

static size_t claim_key(size_t change, size_t file)
{
	return change << 32 | file;
}

static const struct npk_file *claimed_file(const struct planner *pl,
					   size_t key, size_t *change)
{
	*change = key >> 32;
	return &pl->t->changes[*change].new_m.files[key & 0xffffffffu];
}

/* lstat beneath the root, never following a link on the way. */
static enum disk_state disk_state_of(struct planner *pl, const char *path,
				     int *err)
{
	char dir[4096];
	const char *base;
	size_t unused;
	struct stat st;
	int dfd;

	*err = 0;
	path_split(path, dir, sizeof(dir));
	if (*dir && strmap_get(&pl->new_dirs, dir, &unused))
		return DISK_MISSING;
	dfd = dircache_parent(&pl->dirs, path, &base);
	if (dfd < 0) {
		*err = errno == ENOENT ? 0 : errno;
		return *err ? DISK_OTHER : DISK_MISSING;
	}
	if (fstatat(dfd, base, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		*err = errno == ENOENT ? 0 : errno;
		return *err ? DISK_OTHER : DISK_MISSING;
	}
	if (S_ISDIR(st.st_mode))
		return DISK_DIR;
	if (S_ISREG(st.st_mode))
		return DISK_FILE;
	return S_ISLNK(st.st_mode) ? DISK_LINK : DISK_OTHER;
}

struct owners {
	const struct strmap *changing;
	int any;
	char *staying;
};

static void collect_owner(const char *owner, void *arg)
{
	struct owners *o = arg;
	size_t unused;

	o->any = 1;
	if (!o->staying && !strmap_get(o->changing, owner, &unused))
		o->staying = xstrdup(owner);
}

static int replaces(const struct pkg *p, const char *name)
{
	for (size_t i = 0; i < p->meta.replaces.n; i++) {
		struct dep d;
		int match;

		if (dep_parse(p->meta.replaces.v[i], &d) < 0)
			continue;
		match = strcmp(d.name, name) == 0;
		dep_free(&d);
		if (match)
			return 1;
	}
	return 0;
}

/* The file BASE in DFD differs from what its package installed as F. */
static int modified_on_disk(int dfd, const char *base,
			    const struct npk_file *f)
{
	char hex[HASH_HEX];
	int rc = hash_file(dfd, base, hex, NULL, NULL);

	if (rc < 0) {
		fail_clear();
		return 1;
	}
	return strcmp(hex, f->hash) != 0;
}

/*
 * A config file is the administrator's once they touched it: new
 * content, a new mode or owner, or a symlink (or anything else) in its
 * place.
 */
static int config_changed(struct planner *pl, const struct npk_file *f)
{
	/* Beneath the root: a folder on the way swapped for a symlink is
	 * not followed out of it. */
	const char *base;
	int dfd = dircache_parent(&pl->dirs, f->path, &base);
	struct stat st;

	if (dfd < 0 || fstatat(dfd, base, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return errno != ENOENT;
	if (!S_ISREG(st.st_mode) || (st.st_mode & 07777) != f->mode ||
	    db_owner_changed(pl->t->db, &st, f))
		return 1;
	return modified_on_disk(dfd, base, f);
}

static char *stage_name(struct txn *t, const char *path)
{
	char dir[4096];

	path_split(path, dir, sizeof(dir));
	return *dir ? xasprintf("%s/.nip-%llu-%u", dir,
				(unsigned long long)t->id, t->seq++) :
		      xasprintf(".nip-%llu-%u", (unsigned long long)t->id,
				t->seq++);
}

static void add_stage(struct txn *t, struct change *c, size_t i,
		      const char *target)
{
	c->stage_op[i] = t->ops.n;
	oplist_add(&t->ops, OP_STAGE, xstrdup(target),
		   stage_name(t, target));
}

/* A directory this transaction creates, with the manifest's mode and owner. */
static void add_mkdir(struct planner *pl, const struct npk_file *f)
{
	struct op *op;

	strmap_put(&pl->new_dirs, f->path, 0);
	oplist_add(&pl->t->ops, OP_MKDIR, xstrdup(f->path), NULL);
	op = &pl->t->ops.v[pl->t->ops.n - 1];
	op->mode = f->mode;
	op->uid = f->uid;
	op->gid = f->gid;
}

static const char *type_word(char type)
{
	return type == FT_DIR ? "a directory" :
	       type == FT_LINK ? "a symlink" : "a file";
}

/*
 * Keep the file on disk; stage the packaged one beside it as .nip-new.
 * Packages may not ship such names, but one installed by an older nip
 * might: never write over a file a package owns or is installing.
 */
static int stage_beside(struct planner *pl, struct change *c, size_t i,
			const char *kept, const char *ours)
{
	const char *path = c->new_m.files[i].path;
	char *side = xasprintf("%s" NIP_SIDE_SUFFIX, path);
	struct owners own = {&pl->changing, 0, NULL};
	enum disk_state side_state;
	size_t claim;
	int err;

	db_owners(pl->t->db, side, collect_owner, &own);
	side_state = disk_state_of(pl, side, &err);
	if (side_state == DISK_DIR || side_state == DISK_OTHER) {
		int rc = fail_code(NIP_EXIT_DEPS,
				   "%s: /%s %s, but /%s, where its %s version "
				   "would go, is %s: move it aside first "
				   "(nothing was changed)",
				   c->new_pkg->meta.name, path, kept, side,
				   ours, side_state == DISK_DIR ?
						 "a directory" :
						 "a special file or unreadable");

		free(own.staying);
		free(side);
		return rc;
	}
	if (own.any || strmap_get(&pl->claimed, side, &claim)) {
		int rc = fail_code(NIP_EXIT_DEPS,
				   "%s: /%s %s, but /%s, where its %s version "
				   "would go, belongs to %s; move that aside "
				   "first",
				   c->new_pkg->meta.name, path, kept, side,
				   ours,
				   own.staying ? own.staying :
						 "a package of this transaction");

		free(own.staying);
		free(side);
		return rc;
	}
	add_stage(pl->t, c, i, side);
	strlist_add_owned(&pl->t->notes,
			  xasprintf("/%s %s; the %s version is /%s", path, kept,
				    ours, side));
	free(side);
	return 0;
}

/*
 * Upgrading a config file the user edited: keep theirs, offer ours.
 * Returns 1 when so planned, 0 when the file is staged as usual, -1 when
 * it cannot be.
 */
static int plan_config(struct planner *pl, struct change *c, size_t i,
		       enum disk_state state)
{
	const struct npk_file *f = &c->new_m.files[i];
	const struct npk_file *old = c->old ? manifest_find(&c->old_m, f->path) :
					      NULL;

	if (!manifest_is_config(f->path) || f->type != FT_FILE || !old ||
	    old->type != FT_FILE ||
	    (state != DISK_FILE && state != DISK_LINK) ||
	    !config_changed(pl, old))
		return 0;
	if ((strcmp(f->hash, old->hash) != 0 || f->mode != old->mode ||
	     f->uid != old->uid || f->gid != old->gid) &&
	    stage_beside(pl, c, i,
			 state == DISK_LINK ?
				 "was replaced by a symlink and kept" :
				 "was changed locally and kept",
			 "new") < 0)
		return -1;
	return 1;
}

/*
 * A config file nobody owns is already there (kept when its package was
 * removed, or written by the admin): it stays, and ours goes beside it.
 */
static int adopt_config(struct planner *pl, struct change *c, size_t i)
{
	if (config_changed(pl, &c->new_m.files[i]))
		return stage_beside(pl, c, i, "already existed and was kept",
				    "packaged");
	return 0;
}

/*
 * Two packages of one transaction may hold the same path only when both
 * are directories or one replaces the other; the replacing one keeps it.
 */
static int claim(struct planner *pl, size_t ci, size_t i)
{
	struct change *c = &pl->t->changes[ci];
	const struct npk_file *f = &c->new_m.files[i];
	size_t prev = strmap_put(&pl->claimed, f->path, claim_key(ci, i));
	size_t other;
	const struct npk_file *g;
	struct change *oc;

	if (prev == claim_key(ci, i))
		return 0;
	g = claimed_file(pl, prev, &other);
	oc = &pl->t->changes[other];
	if (f->type == FT_DIR && g->type == FT_DIR)
		return 0;
	if (replaces(c->new_pkg, oc->new_pkg->meta.name)) {
		oc->stage_op[prev & 0xffffffffu] = STAGE_LOST;
		strmap_set(&pl->claimed, f->path, claim_key(ci, i));
		return 0;
	}
	if (replaces(oc->new_pkg, c->new_pkg->meta.name)) {
		c->stage_op[i] = STAGE_LOST;
		return 0;
	}
	return fail_code(NIP_EXIT_DEPS,
			 "%s: /%s is also in %s, which is being installed too",
			 c->new_pkg->meta.name, f->path,
			 oc->new_pkg->meta.name);
}

static int plan_new_file(struct planner *pl, size_t ci, size_t i)
{
	struct change *c = &pl->t->changes[ci];
	const struct npk_file *f = &c->new_m.files[i];
	const char *name = c->new_pkg->meta.name;
	struct owners own = {&pl->changing, 0, NULL};
	enum disk_state state;
	int err, rc = 0;
	size_t winner;

	/* Shared directories are planned once, by their first claimant. */
	if (c->stage_op[i] == STAGE_LOST ||
	    (strmap_get(&pl->claimed, f->path, &winner) &&
	     winner != claim_key(ci, i)))
		return 0;
	state = disk_state_of(pl, f->path, &err);
	if (err) {
		errno = err;
		return fail_errno("%s: cannot check /%s", name, f->path);
	}
	db_owners(pl->t->db, f->path, collect_owner, &own);
	if (state == DISK_DIR && f->type == FT_DIR)
		goto out;	/* directories are shared */
	if (f->type == FT_DIR && state == DISK_LINK) {
		rc = fail_code(NIP_EXIT_DEPS,
			       "%s: /%s is a symlink%s%s; refusing to install "
			       "through it",
			       name, f->path, own.staying ? " owned by " : "",
			       own.staying ? own.staying : "");
		goto out;
	}
	if (own.staying && !(f->type != FT_DIR && state != DISK_DIR &&
			     replaces(c->new_pkg, own.staying))) {
		rc = fail_code(NIP_EXIT_DEPS,
			       "%s: /%s is owned by installed package %s",
			       name, f->path, own.staying);
		goto out;
	}
	if ((state == DISK_FILE || state == DISK_LINK) && !own.any &&
	    manifest_is_config(f->path) && f->type == FT_FILE) {
		rc = adopt_config(pl, c, i);
		goto out;
	}
	if (state != DISK_MISSING && !own.any) {
		rc = fail_code(NIP_EXIT_DEPS,
			       "%s: /%s already exists in the root and belongs "
			       "to no package",
			       name, f->path);
		goto out;
	}
	if (state == DISK_OTHER ||
	    (state != DISK_MISSING &&
	     (state == DISK_DIR) != (f->type == FT_DIR))) {
		rc = fail_code(NIP_EXIT_DEPS,
			       "%s: /%s is %s in the root but %s in the "
			       "package; nip does not change a path's type "
			       "in place: move /%s away, then try again "
			       "(nothing was changed)",
			       name, f->path,
			       state == DISK_DIR ? "a directory" :
			       state == DISK_OTHER ? "a special file" :
						     "not a directory",
			       type_word(f->type), f->path);
		goto out;
	}
	if (f->type == FT_DIR) {
		if (state == DISK_MISSING)
			add_mkdir(pl, f);
	} else {
		rc = plan_config(pl, c, i, state);
		if (rc == 0)
			add_stage(pl->t, c, i, f->path);
		rc = rc < 0 ? -1 : 0;
	}
out:
	free(own.staying);
	return rc;
}

/*
 * For each file (not directory) of each package going away: does a
 * package that stays own it too? Lookups in the files index, read-only,
 * so on every core.
 */
static int find_stays(void *arg, size_t begin, size_t end)
{
	struct planner *pl = arg;

	for (size_t ci = begin; ci < end; ci++) {
		const struct change *c = &pl->t->changes[ci];

		if (!c->old)
			continue;
		pl->stays[ci] = xcalloc(c->old_m.nfiles + 1, 1);
		for (size_t i = 0; i < c->old_m.nfiles; i++) {
			const struct npk_file *f = &c->old_m.files[i];
			struct owners own = {&pl->changing, 0, NULL};
			size_t unused;

			/* Folders are decided later, once; claimed paths stay. */
			if (f->type == FT_DIR ||
			    strmap_get(&pl->claimed, f->path, &unused))
				continue;
			db_owners(pl->t->db, f->path, collect_owner, &own);
			pl->stays[ci][i] = own.staying != NULL;
			free(own.staying);
		}
	}
	return 0;
}

static void plan_removal(struct planner *pl, size_t ci)
{
	struct change *c = &pl->t->changes[ci];

	for (size_t i = 0; i < c->old_m.nfiles; i++) {
		const struct npk_file *f = &c->old_m.files[i];
		struct owners own = {&pl->changing, 0, NULL};
		size_t unused;

		if (strmap_get(&pl->claimed, f->path, &unused) ||
		    pl->stays[ci][i])
			continue;
		/*
		 * A directory many packages share is decided once: its
		 * owners are the same for each, and going through them again
		 * for every package would be quadratic.
		 */
		if (f->type == FT_DIR) {
			if (strmap_get(&pl->dirs_seen, f->path, &unused))
				continue;
			strmap_put(&pl->dirs_seen, f->path, 0);
			db_owners(pl->t->db, f->path, collect_owner, &own);
			if (own.staying) {
				free(own.staying);
				continue;
			}
		}
		if (f->type == FT_DIR) {
			oplist_add(&pl->rmdirs, OP_RMDIR, xstrdup(f->path),
				   NULL);
		} else if (manifest_is_config(f->path) && f->type == FT_FILE &&
			   config_changed(pl, f)) {
			strlist_add_owned(&pl->t->notes,
					  xasprintf("/%s was changed locally "
						    "and is kept",
						    f->path));
		} else {
			oplist_add(&pl->t->ops, OP_UNLINK, xstrdup(f->path),
				   NULL);
		}
	}
}

/* A path as it will be: planned first, then as it is on the root. */
static enum link_kind planned_kind(void *arg, const char *path, char **target)
{
	struct planner *pl = arg;
	const struct npk_file *f;
	const char *base;
	char buf[4096];
	size_t key, unused;
	struct stat st;
	ssize_t n;
	int dfd;

	if (strmap_get(&pl->claimed, path, &key)) {
		f = claimed_file(pl, key, &unused);
		if (f->type == FT_LINK) {
			*target = xstrdup(f->target);
			return LINK_LINK;
		}
		return f->type == FT_DIR ? LINK_DIR : LINK_OTHER;
	}
	if (strmap_get(&pl->unlinked, path, &unused))
		return LINK_OTHER;
	dfd = dircache_parent(&pl->dirs, path, &base);
	if (dfd < 0 || fstatat(dfd, base, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return LINK_OTHER;
	if (S_ISDIR(st.st_mode))
		return LINK_DIR;
	if (!S_ISLNK(st.st_mode) ||
	    (n = readlinkat(dfd, base, buf, sizeof(buf) - 1)) < 0)
		return LINK_OTHER;
	buf[n] = '\0';
	*target = xstrdup(buf);
	return LINK_LINK;
}

/*
 * A new link to a directory above its own level changes where ".." after
 * it goes, so the links of the packages that stay are resolved again.
 */
static int recheck_installed_links(struct planner *pl, const char *pkg,
				   const char *path)
{
	const struct pkglist *inst = &pl->t->db->installed;
	size_t unused;
	int rc = 0;

	for (size_t p = 0; p < inst->n && rc == 0; p++) {
		const char *name = inst->v[p]->meta.name;
		struct npk_manifest m;

		if (strmap_get(&pl->changing, name, &unused))
			continue;
		if (db_load_manifest(pl->t->db, name, &m) < 0)
			return -1;
		for (size_t i = 0; i < m.nfiles && rc == 0; i++)
			if (m.files[i].type == FT_LINK)
				rc = link_check_chain(name, m.files[i].path,
						      m.files[i].target,
						      planned_kind, pl, NULL, 1);
		manifest_free(&m);
	}
	if (rc < 0) {
		char *why = xstrdup(fail_message());

		fail_code(NIP_EXIT_TRUST,
			  "%s: symlink /%s would redirect an installed link: "
			  "%s",
			  pkg, path, why);
		free(why);
	}
	return rc;
}

/* Every new symlink, resolved through the others (txn_links.c). */
static int check_links(struct planner *pl)
{
	struct txn *t = pl->t;
	const char *up_pkg = NULL, *up_path = NULL;
	int any = 0;

	for (size_t ci = 0; ci < t->nchanges && !any; ci++)
		for (size_t i = 0; t->changes[ci].new_pkg &&
				   i < t->changes[ci].new_m.nfiles; i++)
			any |= t->changes[ci].new_m.files[i].type == FT_LINK;
	if (!any)
		return 0;
	for (size_t i = 0; i < t->ops.n; i++)
		if (t->ops.v[i].kind == OP_UNLINK)
			strmap_put(&pl->unlinked, t->ops.v[i].path, i);
	for (size_t ci = 0; ci < t->nchanges; ci++) {
		struct change *c = &t->changes[ci];

		for (size_t i = 0; c->new_pkg && i < c->new_m.nfiles; i++) {
			const struct npk_file *f = &c->new_m.files[i];

			int upward = 0;

			if (f->type != FT_LINK || c->stage_op[i] == STAGE_LOST)
				continue;
			if (link_check_chain(c->new_pkg->meta.name, f->path,
					     f->target, planned_kind, pl,
					     &upward, 0) < 0)
				return -1;
			if (upward && !up_pkg) {
				up_pkg = c->new_pkg->meta.name;
				up_path = f->path;
			}
		}
	}
	return up_pkg ? recheck_installed_links(pl, up_pkg, up_path) : 0;
}

static int cmp_op_reverse(const void *a, const void *b)
{
	return strcmp(((const struct op *)b)->path,
		      ((const struct op *)a)->path);
}

/* Database files are staged and renamed like package files. */
static void plan_db(struct txn *t)
{
	static const char *const files[] = {"installed", "world", "files",
					    "serials"};
	char *hist = xasprintf(DB_DIR "/history/%llu",
			       (unsigned long long)t->id);

	for (int dir = 0; dir < 2; dir++) {
		const char *sub = dir ? DB_DIR "/history" : DB_DIR "/manifests";

		if (faccessat(t->db->rootfd, sub, F_OK, AT_SYMLINK_NOFOLLOW))
			oplist_add(&t->ops, OP_MKDIR, xstrdup(sub), NULL);
	}
	for (size_t i = 0; i < t->nchanges; i++) {
		struct change *c = &t->changes[i];
		char *path;

		if (c->new_pkg) {
			path = xasprintf(DB_DIR "/manifests/%s",
					 c->new_pkg->meta.name);
			c->manifest_op = t->ops.n;
			oplist_add(&t->ops, OP_STAGE, path, stage_name(t, path));
		} else if (c->old) {
			oplist_add(&t->ops, OP_UNLINK,
				   xasprintf(DB_DIR "/manifests/%s",
					     c->old->meta.name),
				   NULL);
		}
	}
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *path = xasprintf(DB_DIR "/%s", files[i]);

		oplist_add(&t->ops, OP_STAGE, path, stage_name(t, path));
	}
	/* Last: a history record exists only for a finished transaction. */
	oplist_add(&t->ops, OP_STAGE, hist, stage_name(t, hist));
}

/* Change I's manifests: the old from the database, the new checked. */
static int load_change(struct txn *t, size_t i)
{
	struct change *c = &t->changes[i];
	char identity[HASH_HEX];

	if (c->old && db_load_manifest(t->db, c->old->meta.name,
				       &c->old_m) < 0)
		return -1;
	if (!c->new_pkg)
		return 0;
	if (npk_load_manifest(AT_FDCWD, c->source, &c->new_m, identity) < 0)
		return -1;
	if (strcmp(identity, c->new_pkg->identity) != 0)
		return fail_code(NIP_EXIT_TRUST,
				 "%s: manifest does not match the signed index "
				 "(identity %s, expected %s)",
				 c->new_pkg->file, identity,
				 c->new_pkg->identity);
	if (manifest_refuse_reserved(&c->new_m, c->new_pkg->file,
				     NIP_EXIT_TRUST) < 0 ||
	    manifest_check_triggers(&c->new_m, c->new_pkg->file,
				    NIP_EXIT_TRUST) < 0)
		return -1;
	c->stage_op = xcalloc(c->new_m.nfiles, sizeof(size_t));
	for (size_t f = 0; f < c->new_m.nfiles; f++)
		c->stage_op[f] = STAGE_NONE;
	return 0;
}

struct loading {
	struct txn *t;
	struct par_error err;
};

static int load_chunk(void *arg, size_t begin, size_t end)
{
	struct loading *l = arg;

	for (size_t i = begin; i < end; i++)
		if (load_change(l->t, i) < 0) {
			par_error_note(&l->err, i);
			return -1;
		}
	return 0;
}

/* Each package's manifest is read and parsed on its own: every core. */
static int load_manifests(struct txn *t)
{
	struct loading l = {.t = t};

	par_error_init(&l.err);
	par_run(t->nchanges, 8, load_chunk, &l);
	return par_error_raise(&l.err);
}

const char *txn_package_of(const struct txn *t, const char *path)
{
	size_t len = strlen(path), slen = strlen(NIP_SIDE_SUFFIX);
	char *kept = len > slen && !strcmp(path + len - slen, NIP_SIDE_SUFFIX) ?
			     xasprintf("%.*s", (int)(len - slen), path) :
			     NULL;
	const char *name = NULL;

	for (size_t i = 0; i < t->nchanges && !name; i++) {
		const struct change *c = &t->changes[i];

		if (c->new_pkg && (manifest_find(&c->new_m, path) ||
				   (kept && manifest_find(&c->new_m, kept))))
			name = c->new_pkg->meta.name;
	}
	free(kept);
	return name;
}

int txn_plan(struct txn *t)
{
	struct planner pl = {.t = t};
	int rc = -1;

	dircache_init(&pl.dirs, t->db->rootfd);
	if (load_manifests(t) < 0)
		return -1;
	for (size_t i = 0; i < t->nchanges; i++)
		if (t->changes[i].old)
			strmap_put(&pl.changing, t->changes[i].old->meta.name, i);
	for (size_t ci = 0; ci < t->nchanges; ci++) {
		struct change *c = &t->changes[ci];

		for (size_t i = 0; c->new_pkg && i < c->new_m.nfiles; i++)
			if (claim(&pl, ci, i) < 0)
				goto out;
	}
	for (size_t ci = 0; ci < t->nchanges; ci++) {
		struct change *c = &t->changes[ci];

		for (size_t i = 0; c->new_pkg && i < c->new_m.nfiles; i++)
			if (plan_new_file(&pl, ci, i) < 0)
				goto out;
	}
	pl.stays = xcalloc(t->nchanges + 1, sizeof(*pl.stays));
	par_run(t->nchanges, 16, find_stays, &pl);
	for (size_t ci = 0; ci < t->nchanges; ci++)
		if (t->changes[ci].old)
			plan_removal(&pl, ci);
	if (check_links(&pl) < 0)
		goto out;
	/* Deepest first, so a parent is empty by the time it is tried. */
	if (pl.rmdirs.n)
		qsort(pl.rmdirs.v, pl.rmdirs.n, sizeof(*pl.rmdirs.v),
		      cmp_op_reverse);
	/* The paths move to the plan; only the array is freed here. */
	for (size_t i = 0; i < pl.rmdirs.n; i++)
		oplist_add(&t->ops, OP_RMDIR, pl.rmdirs.v[i].path, NULL);
	free(pl.rmdirs.v);
	memset(&pl.rmdirs, 0, sizeof(pl.rmdirs));
	plan_db(t);
	rc = 0;
out:
	dircache_close(&pl.dirs);
	oplist_free(&pl.rmdirs);
	strmap_free(&pl.claimed);
	strmap_free(&pl.changing);
	strmap_free(&pl.dirs_seen);
	for (size_t ci = 0; pl.stays && ci < t->nchanges; ci++)
		free(pl.stays[ci]);
	free(pl.stays);
	strmap_free(&pl.new_dirs);
	strmap_free(&pl.unlinked);
	return rc;
}
