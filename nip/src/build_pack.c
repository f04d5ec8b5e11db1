/*
 * A build's results: DESTDIR split into one tree per package, each
 * packed and signed into a cache entry, then published into the
 * repository.
 */
#define _GNU_SOURCE
#include "build.h"
#include "npk.h"
#include "tree.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static int matches(const struct strlist *pats, const char *path)
{
	for (size_t i = 0; i < pats->n; i++)
		if (fnmatch(pats->v[i], path, FNM_PATHNAME) == 0)
			return 1;
	return 0;
}

/*
 * Move what matches PATS from DEST/REL to TO/REL. A directory left
 * empty by the moves goes; one that was empty before stays.
 */
static int move_split(const char *dest, const char *to, const char *rel,
		      const struct strlist *pats, int *moved)
{
	char *dir = xasprintf("%s/%s", dest, rel);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	struct strlist names = {0};
	int rc = 0, here = 0;

	if (fd < 0) {
		free(dir);
		return 0;	/* not a directory: nothing beneath */
	}
	rc = tree_list(fd, &names);
	for (size_t i = 0; i < names.n && rc == 0; i++) {
		char *sub = *rel ? xasprintf("%s/%s", rel, names.v[i]) :
				   xstrdup(names.v[i]);

		if (matches(pats, sub)) {
			char *from = xasprintf("%s/%s", dest, sub);
			char *target = xasprintf("%s/%s", to, sub);
			char *parent = xstrdup(target);

			*strrchr(parent, '/') = 0;
			rc = mkdir_p(parent);
			if (rc == 0 && rename(from, target) < 0)
				rc = fail_errno("cannot move %s", from);
			here = 1;
			free(from);
			free(target);
			free(parent);
		} else {
			rc = move_split(dest, to, sub, pats, &here);
		}
		free(sub);
	}
	if (here && *rel && rmdir(dir) < 0 && errno != ENOTEMPTY &&
	    errno != EEXIST)
		rc = fail_errno("cannot remove %s", dir);
	*moved |= here;
	strlist_free(&names);
	close(fd);
	free(dir);
	return rc;
}

static char *stage_of(const struct job *j, size_t s)
{
	return s < j->r.nsplits ?
		       xasprintf("%s/split/%s", j->work, j->r.splits[s].meta.name) :
		       xasprintf("%s/build/dest", j->work);
}

/* Move each split's paths out of DESTDIR into its own tree. */
static int split_dest(struct job *j)
{
	char *dest = stage_of(j, j->r.nsplits);
	int rc = 0;

	for (size_t s = 0; s < j->r.nsplits && rc == 0; s++) {
		char *stage = stage_of(j, s);
		int moved = 0;

		rc = mkdir_p(stage);
		if (rc == 0)
			rc = move_split(dest, stage, "", &j->r.splits[s].paths,
					&moved);
		if (rc == 0 && !moved)
			rc = fail("%s: split %s: nothing matches its paths",
				  j->r.meta.name, j->r.splits[s].meta.name);
		free(stage);
	}
	free(dest);
	return rc;
}

static int in_stage(const struct job *j, size_t s, const char *path)
{
	char *stage = stage_of(j, s), *p = xasprintf("%s/%s", stage, path);
	struct stat st;
	int found = lstat(p, &st) == 0;

	free(stage);
	free(p);
	return found;
}

/*
 * Pack tree S. A mode goes with the package whose tree holds its path;
 * the main package takes those no split holds, so a wrong path is still
 * an error there.
 */
static int pack_one(struct job *j, size_t s, const char *outdir)
{
	const struct npk_meta *m =
		s < j->r.nsplits ? &j->r.splits[s].meta : &j->r.meta;
	struct mode_override *modes = xcalloc(j->r.nmodes + 1, sizeof(*modes));
	char *stage = stage_of(j, s), *path = NULL;
	size_t n = 0;
	int rc;

	for (size_t i = 0; i < j->r.nmodes; i++) {
		int take = s < j->r.nsplits;

		for (size_t t = 0; t < j->r.nsplits && !take; t++)
			take = in_stage(j, t, j->r.modes[i].path);
		if (s < j->r.nsplits ? in_stage(j, s, j->r.modes[i].path) : !take)
			modes[n++] = j->r.modes[i];
	}
	rc = npk_pack(m, stage, outdir, &j->e->sk,
		      (long long)j->r.source_date_epoch, modes, n, &path);
	if (rc == 0)
		job_log(j, "== packed %s\n", strrchr(path, '/') + 1);
	free(path);
	free(stage);
	free(modes);
	return rc;
}

/*
 * Put the finished directory TMP at ENTRY in one step, so that a build
 * using the entry (here or in another nip-build) reads all of the old
 * one or all of the new: --rebuild swaps them, and the old one, now at
 * TMP, is removed by the caller. When another process stored a result
 * for these inputs first, theirs stays.
 */
static int store_entry(const char *tmp, const char *entry)
{
	int why;

	/* The system call: musl 1.2.3 has no renameat2() wrapper. */
	if (syscall(SYS_renameat2, AT_FDCWD, tmp, AT_FDCWD, entry,
		    RENAME_EXCHANGE) == 0)
		return 0;
	why = errno;	/* ENOENT: no entry yet; EINVAL: cannot exchange */
	if (why == EINVAL && tree_remove(AT_FDCWD, entry) < 0)
		return -1;
	if (why != ENOENT && why != EINVAL)
		errno = why;
	else if (rename(tmp, entry) == 0 || errno == ENOTEMPTY ||
		 errno == EEXIST)
		return 0;
	return fail_errno("cannot store %s", entry);
}

/* Pack every tree into a fresh cache entry, then rename it in place. */
int job_pack_all(struct job *j, const char *entry)
{
	char *tmp = xasprintf("%s.tmp%ld", entry, (long)getpid());
	int rc = -1;

	if (tree_remove(AT_FDCWD, tmp) < 0 || split_dest(j) < 0 ||
	    mkdir_p(tmp) < 0)
		goto out;
	for (size_t s = 0; s <= j->r.nsplits; s++)
		if (pack_one(j, s, tmp) < 0)
			goto out;
	if (store_entry(tmp, entry) < 0)
		goto out;
	rc = 0;
out:
	tree_remove(AT_FDCWD, tmp);
	free(tmp);
	return rc;
}

/* Is NAME in both directories, with the same bytes, and signed? */
static int same_file(int a, int b, const char *name)
{
	char ha[HASH_HEX], hb[HASH_HEX];
	char *sig = xasprintf("%s%s", name, NPK_SIG_SUFFIX);
	int same = faccessat(b, sig, F_OK, 0) == 0 &&
		   hash_file(a, name, ha, NULL, NULL) == 0 &&
		   hash_file(b, name, hb, NULL, NULL) == 0 && !strcmp(ha, hb);

	fail_clear();
	free(sig);
	return same;
}

/*
 * Copy a cache entry's packages into the repository, signed by us. A
 * package already there with the same bytes is left alone, so a build
 * that changed nothing leaves the repository and its index as they were.
 */
int publish_entry(struct build_env *e, const char *entry)
{
	int from = open(entry, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int to = open(e->repo, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct strlist names = {0};
	int rc = from < 0 || to < 0 ? fail_errno("cannot open %s", entry) :
				      tree_list(from, &names);

	for (size_t i = 0; i < names.n && rc == 0; i++) {
		const char *n = names.v[i];
		struct npk_manifest m = {0};
		char identity[HASH_HEX];

		if (!ends_with(n, ".npk"))
			continue;
		if (same_file(from, to, n))
			continue;
		e->changed = 1;
		if (tree_remove(to, n) < 0 || tree_copy(from, n, to, n) < 0 ||
		    npk_load_manifest(to, n, &m, identity) < 0 ||
		    npk_sign(e->repo, n, identity, &e->sk) < 0)
			rc = -1;
		else
			note("%s/%s", e->repo, n);
		manifest_free(&m);
	}
	strlist_free(&names);
	if (from >= 0)
		close(from);
	if (to >= 0)
		close(to);
	return rc;
}
