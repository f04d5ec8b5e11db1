/*
 * Staging: every new file is written beside its target under a .nip-
 * name, its hash checked against the manifest, whose own hash (the
 * identity) the signed index names. Nothing here is visible yet.
 */
#define _GNU_SOURCE
#include "txn.h"
#include "fsops.h"
#include "npk.h"
#include "par.h"
#include "progress.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What the staging threads share. */
struct staging {
	struct txn *t;
	int as_root;
	struct progress progress;
	pthread_mutex_t lock;	/* guards the first error below */
	int failed;
	char error[4096];
	int error_code;
};

/* One thread's view: its own directory cache. */
struct stager {
	struct txn *t;
	struct dircache dirs;
	int as_root;
	struct progress *progress;
};

static int set_owner(struct stager *s, int dirfd, const char *base,
		     unsigned uid, unsigned gid, const char *path)
{
	/* As an ordinary user (--root) owners live only in the database. */
	if (!s->as_root || (uid == 0 && gid == 0))
		return 0;
	if (fchownat(dirfd, base, uid, gid, AT_SYMLINK_NOFOLLOW) < 0)
		return fail_errno("cannot set the owner of /%s", path);
	return 0;
}

/*
 * The mode a new file or folder got, read back (ST). A pledged nip
 * cannot make anything set-user-ID or set-group-ID: the kernel clears
 * those bits without an error (pledge(2)), as OpenBSD does. A file
 * staged without them gets them from the unconfined parent after the
 * commit (txn_setid.c); a folder cannot, so it stops the transaction
 * here.
 */
static int check_mode(struct stager *s, const struct stat *st,
		      unsigned want, const char *what, const char *path,
		      int file)
{
	unsigned got = st->st_mode & 07777;

	if (got == (want & 07777) ||
	    (file && got == (want & 07777 & ~(unsigned)(S_ISUID | S_ISGID))))
		return 0;
	/* A folder's package is looked up only now: it is a walk over the
	 * whole transaction, too dear for every folder.
	 */
	if (!what)
		what = txn_package_of(s->t, path);
	if (!what)
		what = "directory";
	if ((want & (S_ISUID | S_ISGID)) && !(got & (S_ISUID | S_ISGID)))
		return fail("%s: /%s is a set-group-ID folder (mode %04o), "
			    "and the kernel cleared that bit (a pledged nip "
			    "may not set it, see pledge(2); nor may a user "
			    "outside the folder's group)",
			    what, path, want & 07777);
	return fail("%s: /%s got mode %04o, not its package's %04o", what,
		    path, got, want & 07777);
}

/*
 * As root, whether what FD is (read into ST) needs its package's owner:
 * a set-group-ID folder gives its group to what is made in it, and a
 * folder swapped in by whoever can write the parent is theirs. Without
 * root, owners live only in the database.
 */
static int wrong_owner(const struct stager *s, const struct stat *st,
		       unsigned uid, unsigned gid)
{
	return s->as_root && (st->st_uid != uid || st->st_gid != gid);
}

/*
 * Owner and mode of a folder just made, through a descriptor: whoever
 * can write its parent may swap it for a symlink meanwhile, and a mode
 * set by name would follow that link anywhere. mkdir(2) under umask 0
 * gives the mode asked but for bits a set-group-ID parent, a default ACL
 * or the kernel add or take: only then is it set, and read back.
 */
static int set_up_dir(struct stager *s, int dfd, const char *base,
		      const struct op *op)
{
	int fd = openat(dfd, base,
			O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;
	int rc;

	if (fd < 0 || fstat(fd, &st) < 0 ||
	    (wrong_owner(s, &st, op->uid, op->gid) &&
	     (fchown(fd, op->uid, op->gid) < 0 || fstat(fd, &st) < 0)) ||
	    ((st.st_mode & 07777) != (op->mode & 07777) &&
	     (fchmod(fd, op->mode) < 0 || fstat(fd, &st) < 0)))
		rc = fail_errno("cannot set up directory /%s", op->path);
	else
		rc = check_mode(s, &st, op->mode, NULL, op->path, 0);
	if (fd >= 0)
		close(fd);
	return rc;
}

/* One level of new folders: none holds another, so on every core. */
struct making {
	struct stager *s;
	const size_t *idx;	/* the level's steps in plan order */
	struct par_error err;
};

static int make_chunk(void *arg, size_t begin, size_t end)
{
	struct making *m = arg;
	struct stager s = *m->s;
	int rc = 0;

	dircache_init(&s.dirs, s.t->db->rootfd);
	for (size_t k = begin; k < end && rc == 0; k++) {
		const struct op *op = &s.t->ops.v[m->idx[k]];
		const char *base;
		int dfd = dircache_parent(&s.dirs, op->path, &base);

		if (dfd < 0 || fs_mkdirat(dfd, base, op->mode & 0777) < 0)
			rc = fail_errno("cannot create directory /%s",
					op->path);
		else
			rc = set_up_dir(&s, dfd, base, op);
		if (rc < 0)
			par_error_note(&m->err, m->idx[k]);
	}
	dircache_close(&s.dirs);
	return rc;
}

/*
 * New folders, shallowest level first: each level's parents exist. The
 * failure said is the first in plan order of the shallowest level that
 * has one (a deeper folder's may come earlier in the plan).
 */
static int make_dirs(struct stager *s)
{
	const struct oplist *ops = &s->t->ops;
	size_t *idx = xcalloc(ops->n ? ops->n : 1, sizeof(*idx)), max = 0;
	struct making m = {.s = s, .idx = idx};
	int rc = 0;

	for (size_t i = 0; i < ops->n; i++)
		if (ops->v[i].kind == OP_MKDIR && path_depth(ops->v[i].path) > max)
			max = path_depth(ops->v[i].path);
	for (size_t d = 0; d <= max && rc == 0; d++) {
		size_t n = 0;

		for (size_t i = 0; i < ops->n; i++)
			if (ops->v[i].kind == OP_MKDIR &&
			    path_depth(ops->v[i].path) == d)
				idx[n++] = i;
		par_error_init(&m.err);	/* raising ends it */
		par_run(n, 32, make_chunk, &m);
		rc = par_error_raise(&m.err);
	}
	free(idx);
	return rc;
}

static char entry_type(struct archive_entry *e)
{
	switch (archive_entry_filetype(e)) {
	case AE_IFREG:
		return FT_FILE;
	case AE_IFDIR:
		return FT_DIR;
	case AE_IFLNK:
		return FT_LINK;
	default:
		return 0;
	}
}

/* The archive must hold exactly what the manifest says, in its order. */
static const char *entry_mismatch(struct archive_entry *e,
				  const struct npk_file *f)
{
	const char *path = archive_entry_pathname(e);
	size_t len = path ? strlen(path) : 0;
	char type = entry_type(e);

	if (len && path[len - 1] == '/')
		len--;
	if (!path || len != strlen(f->path) ||
	    strncmp(path, f->path, len) != 0)
		return "is not the next entry the manifest lists";
	if (archive_entry_hardlink(e))
		return "is a hard link; packages may not contain hard links";
	if (!type)
		return "is a device node or other special file";
	if (type != f->type)
		return "has a different type than the manifest says";
	if (type != FT_LINK &&
	    (unsigned)(archive_entry_perm(e) & 07777) != f->mode)
		return "has a mode (setuid/setgid or permissions) that the "
		       "manifest does not declare";
	if (type == FT_FILE &&
	    (!archive_entry_size_is_set(e) ||
	     (uint64_t)archive_entry_size(e) != f->size))
		return "has a different size than the manifest says";
	if (type == FT_LINK && (!archive_entry_symlink(e) ||
				strcmp(archive_entry_symlink(e), f->target) != 0))
		return "points somewhere else than the manifest says";
	return NULL;
}

static int write_content(struct stager *s, struct npk_reader *r,
			 const struct npk_file *f, int fd, const char *what)
{
	struct hasher h;
	char hex[HASH_HEX];
	la_int64_t expect = 0;

	hasher_init(&h);
	for (;;) {
		const void *block;
		size_t size;
		la_int64_t offset;
		int rc = archive_read_data_block(r->a, &block, &size, &offset);

		if (rc == ARCHIVE_EOF)
			break;
		if (rc != ARCHIVE_OK)
			return fail_code(NIP_EXIT_TRUST, "%s: /%s: %s", what,
					 f->path, archive_error_string(r->a));
		if (offset != expect)
			return fail_code(NIP_EXIT_TRUST,
					 "%s: /%s: sparse entries are not "
					 "allowed",
					 what, f->path);
		hasher_update(&h, block, size);
		if (fs_write_all(fd, block, size) < 0)
			return fail_errno("%s: cannot write /%s", what, f->path);
		expect += (la_int64_t)size;
		progress_add(s->progress, size);
	}
	hasher_final_hex(&h, hex);
	if (strcmp(hex, f->hash) != 0)
		return fail_code(NIP_EXIT_TRUST,
				 "%s: /%s does not match its hash in the "
				 "manifest",
				 what, f->path);
	return 0;
}

static int stage_file(struct stager *s, struct npk_reader *r,
		      struct archive_entry *e, const struct npk_file *f,
		      const struct op *op, const char *what)
{
	const char *base;
	int dfd = dircache_parent(&s->dirs, op->stage, &base), fd, rc;
	struct timespec times[2] = {{0, UTIME_OMIT},
				    {archive_entry_mtime(e), 0}};
	struct stat st;

	if (dfd < 0)
		return fail_errno("%s: cannot open the directory of /%s", what,
				  f->path);
	if (f->type == FT_LINK) {
		fs_unlinkat(dfd, base, 0);
		if (fs_symlinkat(f->target, dfd, base) < 0)
			return fail_errno("%s: cannot create /%s", what,
					  f->path);
		if (set_owner(s, dfd, base, f->uid, f->gid, f->path) < 0)
			return -1;
		utimensat(dfd, base, times, AT_SYMLINK_NOFOLLOW);
		return 0;
	}
	/* Created with its final mode: the umask is 0 during transactions. */
	fd = fs_create_new(dfd, base, f->mode);
	if (fd < 0)
		return fail_errno("%s: cannot create /%s", what, f->path);
	rc = write_content(s, r, f, fd, what);
	/* Read back through the descriptor: no second walk to the name. */
	if (rc == 0 && fstat(fd, &st) < 0)
		rc = fail_errno("%s: cannot read back /%s", what, f->path);
	/* chown clears setuid and setgid bits, so they are set again after. */
	if (rc == 0 && wrong_owner(s, &st, f->uid, f->gid) &&
	    (fchown(fd, f->uid, f->gid) < 0 || fchmod(fd, f->mode) < 0 ||
	     fstat(fd, &st) < 0))
		rc = fail_errno("%s: cannot set the owner of /%s", what,
				f->path);
	if (rc == 0)
		rc = check_mode(s, &st, f->mode, what, f->path, 1);
	if (rc == 0 && futimens(fd, times) < 0)
		rc = fail_errno("%s: cannot set the time of /%s", what, f->path);
	close(fd);
	return rc;
}

static int write_staged(struct stager *s, const struct op *op,
			const void *data, size_t len)
{
	const char *base;
	int dfd = dircache_parent(&s->dirs, op->stage, &base);
	int fd = dfd < 0 ? -1 : fs_create_new(dfd, base, 0644);
	int rc = 0;

	if (fd < 0)
		return fail_errno("cannot create /%s", op->stage);
	if (fs_write_all(fd, data, len) < 0)
		rc = fail_errno("cannot write /%s", op->path);
	close(fd);
	return rc;
}

static int stage_package(struct stager *s, struct change *c)
{
	const char *what = c->new_pkg->file;
	struct npk_reader r;
	struct archive_entry *e;
	char identity[HASH_HEX], *text = NULL;
	int rc = -1;

	if (npk_open(&r, AT_FDCWD, c->source, what) < 0)
		return -1;
	/* The same bytes as planned (its identity), so no second parse. */
	if (npk_read_manifest(&r, NULL, identity, &text) < 0)
		goto out;
	if (strcmp(identity, c->new_pkg->identity) != 0) {
		fail_code(NIP_EXIT_TRUST, "%s: package changed while it was "
					  "being installed",
			  what);
		goto out;
	}
	/* Its database copy now, so that no manifest text waits in memory. */
	if (write_staged(s, &s->t->ops.v[c->manifest_op], text,
			 strlen(text)) < 0)
		goto out;
	progress_label(s->progress, c->new_pkg->meta.name);
	for (size_t i = 0; i < c->new_m.nfiles; i++) {
		const struct npk_file *f = &c->new_m.files[i];
		const char *why;
		int n = npk_next(&r, &e);

		if (n < 0)
			goto out;
		if (n == 0) {
			fail_code(NIP_EXIT_TRUST,
				  "%s: archive ends before /%s", what,
				  f->path);
			goto out;
		}
		if ((why = entry_mismatch(e, f))) {
			fail_code(NIP_EXIT_TRUST, "%s: archive entry /%s %s",
				  what, archive_entry_pathname(e), why);
			goto out;
		}
		if (f->type == FT_DIR || c->stage_op[i] == STAGE_NONE ||
		    c->stage_op[i] == STAGE_LOST)
			continue;
		if (stage_file(s, &r, e, f, &s->t->ops.v[c->stage_op[i]],
			       what) < 0)
			goto out;
	}
	/*
	 * Every byte that reaches the root was checked: the manifest by its
	 * identity in the signed index, each entry against the manifest.
	 * The container's own bytes need no second pass (downloads were
	 * checked against the index's file hash before they were kept).
	 */
	if (npk_finish(&r) < 0)
		goto out;
	rc = 0;
out:
	free(text);
	npk_close(&r);
	return rc;
}

static int stage_db(struct stager *s)
{
	const size_t prefix = strlen(DB_DIR "/");
	struct buf content = {0};
	int rc = 0;

	for (size_t i = 0; i < s->t->ops.n && rc == 0; i++) {
		const struct op *op = &s->t->ops.v[i];
		const char *name = op->path + prefix;

		/* Manifests were written as their packages were staged. */
		if (op->kind != OP_STAGE ||
		    strncmp(op->path, DB_DIR "/", prefix) != 0 ||
		    strncmp(name, "manifests/", 10) == 0)
			continue;
		content.len = 0;
		buf_add(&content, "", 0);
		if (txn_db_content(s->t, name, &content) < 0)
			rc = -1;
		else
			rc = write_staged(s, op, content.data, content.len);
	}
	buf_free(&content);
	return rc;
}

/* Stage change I with a directory cache of its own. */
static int stage_one(void *arg, size_t i, size_t end)
{
	struct staging *sh = arg;
	struct stager s = {.t = sh->t, .as_root = sh->as_root,
			   .progress = &sh->progress};
	int rc = 0;

	(void)end;	/* chunks of one */
	if (!sh->t->changes[i].new_pkg)
		return 0;
	dircache_init(&s.dirs, sh->t->db->rootfd);
	if (stage_package(&s, &sh->t->changes[i]) < 0) {
		pthread_mutex_lock(&sh->lock);
		if (!sh->failed) {
			sh->failed = 1;
			snprintf(sh->error, sizeof(sh->error), "%s",
				 fail_message());
			sh->error_code = fail_exit_code();
		}
		pthread_mutex_unlock(&sh->lock);
		rc = -1;
	}
	dircache_close(&s.dirs);
	return rc;
}

/* Stage packages on every core: each package is independent here. */
static int stage_packages(struct staging *sh)
{
	pthread_mutex_init(&sh->lock, NULL);
	par_run(sh->t->nchanges, 1, stage_one, sh);
	pthread_mutex_destroy(&sh->lock);
	if (sh->failed)
		return fail_code(sh->error_code, "%s", sh->error);
	return 0;
}

int txn_stage(struct txn *t)
{
	struct staging sh = {.t = t, .as_root = geteuid() == 0};
	struct stager s = {.t = t, .as_root = sh.as_root,
			   .progress = &sh.progress};
	uint64_t total = 0;
	int rc = -1;

	for (size_t i = 0; i < t->nchanges; i++)
		if (t->changes[i].new_pkg)
			total += t->changes[i].new_m.installed_size;
	dircache_init(&s.dirs, t->db->rootfd);
	progress_start(&sh.progress, "installing", total);
	if (make_dirs(&s) < 0 || stage_packages(&sh) < 0 || stage_db(&s) < 0)
		goto out;
	rc = 0;
out:
	progress_end(&sh.progress);
	dircache_close(&s.dirs);
	return rc;
}
