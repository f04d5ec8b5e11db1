/* Running a transaction from a solved target to a committed root. */
#define _GNU_SOURCE
#include "txn.h"
#include "fileio.h"
#include "fetch.h"
#include "fsops.h"
#include "strmap.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void add_change(struct txn *t, struct pkg *old, struct pkg *new_pkg)
{
	t->changes = xrealloc(t->changes,
			      (t->nchanges + 1) * sizeof(*t->changes));
	memset(&t->changes[t->nchanges], 0, sizeof(*t->changes));
	t->changes[t->nchanges].old = old;
	t->changes[t->nchanges].new_pkg = new_pkg;
	t->nchanges++;
}

/* Installed vs target: what goes, what comes, what changes version. */
static void diff_sets(struct txn *t)
{
	const struct pkglist *inst = &t->db->installed;
	struct strmap have = {0}, want = {0};
	size_t i, j;

	for (i = 0; i < inst->n; i++)
		strmap_put(&have, inst->v[i]->meta.name, i);
	for (i = 0; i < t->target->n; i++)
		strmap_put(&want, t->target->v[i]->meta.name, i);
	for (i = 0; i < t->target->n; i++) {
		struct pkg *p = t->target->v[i];
		struct pkg *old = strmap_get(&have, p->meta.name, &j) ?
					  inst->v[j] :
					  NULL;

		if (!old || strcmp(old->identity, p->identity) != 0)
			add_change(t, old, p);
	}
	for (i = 0; i < inst->n; i++)
		if (!strmap_get(&want, inst->v[i]->meta.name, &j))
			add_change(t, inst->v[i], NULL);
	strmap_free(&have);
	strmap_free(&want);
}

/* A cached package is used only while it still matches the index. */
static int cached(int cachefd, const struct pkg *p)
{
	char hex[HASH_HEX];
	int ok = hash_file(cachefd, p->file, hex, NULL, NULL) == 0 &&
		 strcmp(hex, p->file_hash) == 0;

	fail_clear();
	return ok;
}

/* A download checked against the signed index, then kept as FILE. */
static int keep_download(int cachefd, const struct pkg *p, const char *part)
{
	char hex[HASH_HEX];

	if (hash_file(cachefd, part, hex, NULL, NULL) < 0)
		return -1;
	if (strcmp(hex, p->file_hash) != 0)
		return fail_code(NIP_EXIT_TRUST,
				 "%s: download does not match the signed index "
				 "(tampered or corrupted)",
				 p->file);
	if (fs_renameat(cachefd, part, cachefd, p->file) < 0)
		return fail_errno("cannot store %s in the cache", p->file);
	return 0;
}

/*
 * Downloads a killed nip left half done. The root's lock is held, so
 * no other nip is writing one now.
 */
static void sweep_partial(int cachefd)
{
	int fd = dup(cachefd);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;

	if (!d) {
		if (fd >= 0)
			close(fd);
		return;
	}
	for (struct dirent *de; (de = readdir(d));)
		if (strncmp(de->d_name, ".nip-dl-", 8) == 0)
			fs_unlinkat(cachefd, de->d_name, 0);
	closedir(d);
}

/* The cache folder, made if need be; -1 said. */
static int open_cache(struct txn *t)
{
	int fd;

	if (mkdir_parents(t->db->rootfd, CACHE_DIR, 0755) < 0)
		return -1;
	fd = open_dir_beneath(t->db->rootfd, CACHE_DIR, 0, 0);
	if (fd < 0)
		fail_errno("cannot open %s/" CACHE_DIR, t->db->root);
	else
		sweep_partial(fd);
	return fd;
}

/*
 * Remote packages go to the cache first, all of them fetched at once
 * (fetch_urls), each checked against the index before it is used.
 * JOBS has room for every change; of[i] is the change of jobs[i].
 */
static int fetch_remote(struct txn *t, struct fetch_job *jobs, size_t *of)
{
	size_t i, njobs = 0;
	int cachefd = -1, rc = 0;

	for (i = 0; i < t->nchanges; i++) {
		struct change *c = &t->changes[i];
		const struct pkg *p = c->new_pkg;

		if (!p || !url_is_remote(p->repo->url))
			continue;
		if (cachefd < 0 && (cachefd = open_cache(t)) < 0)
			return -1;
		c->source = xasprintf("%s/" CACHE_DIR "/%s", t->db->root,
				      p->file);
		if (cached(cachefd, p))
			continue;
		of[njobs] = i;
		jobs[njobs].url = xasprintf("%s/%s", p->repo->url, p->file);
		jobs[njobs].dest = xasprintf(".nip-dl-%s", p->file);
		jobs[njobs].size = p->file_size;
		njobs++;
	}
	if (njobs > 0)
		rc = fetch_urls(jobs, njobs, cachefd);
	for (i = 0; rc == 0 && i < njobs; i++)
		rc = keep_download(cachefd, t->changes[of[i]].new_pkg,
				   jobs[i].dest);
	for (i = 0; i < njobs; i++) {
		if (rc < 0)	/* what was not kept goes */
			fs_unlinkat(cachefd, jobs[i].dest, 0);
		free((char *)jobs[i].url);
		free((char *)jobs[i].dest);
	}
	if (cachefd >= 0)
		close(cachefd);
	return rc;
}

static int locate_sources(struct txn *t)
{
	struct fetch_job *jobs;
	size_t *of;
	int rc;

	for (size_t i = 0; i < t->nchanges; i++) {
		struct change *c = &t->changes[i];
		struct pkg *p = c->new_pkg;

		if (!p)
			continue;
		if (!p->repo)
			return fail("internal error: %s has no repository",
				    p->meta.name);
		if (!url_is_remote(p->repo->url))
			c->source = xasprintf("%s/%s",
					      url_local_path(p->repo->url),
					      p->file);
	}
	jobs = xcalloc(t->nchanges + 1, sizeof(*jobs));
	of = xcalloc(t->nchanges + 1, sizeof(*of));
	rc = fetch_remote(t, jobs, of);
	free(jobs);
	free(of);
	return rc;
}

static void update_serials(struct txn *t, struct repo *repos, size_t n)
{
	db_merge_serials(&t->db->serials, repos, n, &t->serials);
}

static int save_serials(struct txn *t)
{
	struct buf text = {0};
	int rc;

	if (strlist_equal(&t->serials, &t->db->serials))
		return 0;
	db_format_lines(&t->serials, &text);
	rc = write_file_atomic(t->db->dbfd, "serials", text.data ? text.data : "",
			       text.len, 0644);
	buf_free(&text);
	return rc;
}

static void summarise(const struct txn *t)
{
	for (size_t i = 0; i < t->nchanges; i++) {
		const struct pkg *o = t->changes[i].old;
		const struct pkg *n = t->changes[i].new_pkg;

		if (o && n)
			note("upgrade %s %s -> %s", n->meta.name,
			     o->full_version, n->full_version);
		else if (n)
			note("install %s %s", n->meta.name, n->full_version);
		else if (o)
			note("remove %s %s", o->meta.name, o->full_version);
	}
}

static void txn_free(struct txn *t)
{
	for (size_t i = 0; i < t->nchanges; i++) {
		struct change *c = &t->changes[i];

		manifest_free(&c->old_m);
		manifest_free(&c->new_m);
		free(c->source);
		free(c->stage_op);
	}
	free(t->changes);
	oplist_free(&t->ops);
	strlist_free(&t->notes);
	strlist_free(&t->serials);
	strlist_free(&t->triggers);
	strlist_free(&t->setids);
}

/* Stage and commit; before the commit point any failure is undone. */
static int execute(struct txn *t)
{
	if (journal_write(t->db, &t->ops, &t->setids, &t->triggers) < 0)
		return -1;
	if (txn_stage(t) < 0 ||
	    (fs_syncfs(t->db->rootfd) < 0 &&
	     fail_errno("cannot sync %s", t->db->root)) ||
	    journal_commit(t->db) < 0) {
		char *why = xstrdup(fail_message());
		int code = fail_exit_code();

		ops_undo(t->db, &t->ops);
		journal_remove(t->db);
		fail_code(code, "%s; nothing was changed", why);
		free(why);
		return -1;
	}
	/*
	 * Past the commit point: every step is tried, and one that still
	 * fails is recorded for `nip check` rather than retried for ever.
	 */
	struct strlist failed = {0};
	int rc = txn_finish(t->db, ops_apply(t->db, &t->ops, &failed), &failed,
			    t->triggers.n || t->setids.n ? TXN_KEEP_JOURNAL : 0);

	strlist_free(&failed);
	return rc;
}

int txn_run(struct db *db, const struct pkglist *target,
	    const struct strlist *world, struct repo *repos, size_t nrepos,
	    const char *command)
{
	struct txn t = {
		.db = db,
		.target = target,
		.world = world,
		.command = command,
		.id = db->last_txn + 1,
	};
	int rc = -1;

	diff_sets(&t);
	update_serials(&t, repos, nrepos);
	if (t.nchanges == 0 && strlist_equal(t.world, &db->world)) {
		/* Still remember the newest serials: replays are refused. */
		rc = save_serials(&t);
		if (rc == 0)
			note("nothing to do");
		goto out;
	}
	umask(0);
	if (locate_sources(&t) < 0 || txn_plan(&t) < 0 ||
	    txn_check_apply(&t) < 0)
		goto out;
	txn_match_triggers(&t);
	txn_match_setids(&t);
	summarise(&t);
	if (execute(&t) < 0)
		goto out;
	for (size_t i = 0; i < t.notes.n; i++)
		warnx_("%s", t.notes.v[i]);
	rc = 0;
out:
	txn_free(&t);
	return rc;
}
