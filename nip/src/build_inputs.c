/*
 * A build's inputs: its sources fetched and verified, its sysroot
 * installed by nip from the build-dependencies, and the hash of them all
 * that names the cached result.
 */
#define _GNU_SOURCE
#include "build.h"
#include "db.h"
#include "run.h"
#include "tree.h"
#include "txn.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

/* Bump when the sandbox or the steps change what a build produces. */
#define BUILD_FORMAT "nip-build 1"

int build_prepare_apt(struct build_env *e)
{
	const char *etc = getenv("NIP_APT_ETC");

	if (e->apt_ready)
		return 0;
	if (apt_env_prepare(e->cache, etc ? etc : "/etc/apt", &e->apt) < 0)
		return -1;
	e->apt_ready = 1;
	return 0;
}

int job_fetch_sources(struct job *j)
{
	struct build_env *e = j->e;

	j->src = xcalloc(j->r.nsources + 1, sizeof(*j->src));
	e->apt.logfd = j->logfd;	/* a wait for apt is said there */
	for (size_t i = 0; i < j->r.nsources; i++) {
		if (source_from_archive(&j->r.sources[i]) &&
		    build_prepare_apt(e) < 0)
			return -1;
		if (source_fetch(&e->apt, e->cache, j->dir, j->r.meta.name,
				 &j->r.sources[i], &j->src[i]) < 0)
			return -1;
		/* A recipe file may be a link to a tree of this repository. */
		if (!source_from_archive(&j->r.sources[i])) {
			char *real = realpath(j->src[i], NULL);

			if (!real)
				return fail_errno("%s: cannot resolve %s",
						  j->r.meta.name, j->src[i]);
			free(j->src[i]);
			j->src[i] = real;
		}
	}
	return 0;
}

/* Run nip on the sysroot; its words go to the log and into WHY. */
static int run_nip(struct job *j, char **argv, struct buf *why)
{
	int rc = run_capture(argv, NULL, 1, why);

	if (why->len && write(j->logfd, why->data, why->len) < 0)
		rc = fail_errno("cannot write %s", j->logpath);
	return rc;
}

int job_install_sysroot(struct job *j)
{
	struct strlist argv = {0};
	struct buf why = {0};
	char *sysroot = xasprintf("%s/sysroot", j->work);
	char *keys = xasprintf("%s/etc/nip/keys", sysroot);
	int kfd = -1, lock = -1, rc = -1;

	if (mkdir_p(keys) < 0 ||
	    (kfd = open(keys, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
	    tree_copy(AT_FDCWD, j->e->pubkey, kfd, "build.pub") < 0)
		goto out;
	if (!j->r.build_depends.n) {
		rc = 0;
		goto out;
	}
	strlist_add(&argv, j->e->nip);
	strlist_add(&argv, "-q");
	strlist_add(&argv, "--no-triggers");	/* a sysroot boots nothing */
	strlist_add(&argv, "--root");
	strlist_add(&argv, sysroot);
	strlist_add(&argv, "--repo");
	strlist_add(&argv, j->e->repo);
	strlist_add(&argv, "install");
	for (size_t i = 0; i < j->r.build_depends.n; i++)
		strlist_add(&argv, j->r.build_depends.v[i]);
	strlist_add_owned(&argv, NULL);
	job_log(j, "== sysroot: nip install");
	for (size_t i = 0; i < j->r.build_depends.n; i++)
		job_log(j, " %s", j->r.build_depends.v[i]);
	job_log(j, "\n");
	/* Another build may be re-signing the index (build_repo_lock). */
	lock = build_repo_lock(j->e, LOCK_SH);
	if (lock < 0)
		goto out;
	if (run_nip(j, argv.v, &why) < 0) {
		buf_add(&why, "", 1);
		fail_code(NIP_EXIT_DEPS,
			  "%s: cannot install its build-dependencies: %s",
			  j->r.meta.name, why.data ? why.data : "");
		goto out;
	}
	rc = 0;
out:
	if (lock >= 0)
		close(lock);
	if (kfd >= 0)
		close(kfd);
	buf_free(&why);
	strlist_free(&argv);
	free(sysroot);
	free(keys);
	return rc;
}

/* The identities of what the sysroot holds, in name order. */
static int hash_sysroot(struct job *j, struct hasher *h)
{
	char *sysroot = xasprintf("%s/sysroot", j->work);
	struct strlist lines = {0};
	struct db db;

	if (txn_open_db(&db, sysroot, DB_READ) < 0) {
		free(sysroot);
		return -1;
	}
	for (size_t i = 0; i < db.installed.n; i++)
		strlist_add_owned(&lines,
				  xasprintf("%s %s\n",
					    db.installed.v[i]->meta.name,
					    db.installed.v[i]->identity));
	strlist_sort(&lines);
	for (size_t i = 0; i < lines.n; i++) {
		hasher_update(h, lines.v[i], strlen(lines.v[i]));
		job_log(j, "== input: %s", lines.v[i]);
	}
	strlist_free(&lines);
	db_close(&db);
	free(sysroot);
	return 0;
}

/*
 * A --set variable reaches only the scripts that name it ($NAME or
 * ${NAME), so it is an input of those builds and of no other: setting
 * the kernel's profile does not rebuild zlib.
 */
int job_set_applies(const struct job *j, const char *set)
{
	size_t n = strcspn(set, "=");
	char *plain = xasprintf("$%.*s", (int)n, set);
	char *braced = xasprintf("${%.*s", (int)n, set);
	const char *p = j->r.build;
	int found = 0;

	while (!found && (p = strstr(p, plain))) {
		p += strlen(plain);
		/* $NAME must end there: $KERNEL is not $KERNEL_PROFILE. */
		found = !(*p == '_' || (*p >= 'A' && *p <= 'Z') ||
			  (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z'));
	}
	found = found || strstr(j->r.build, braced) != NULL;
	free(plain);
	free(braced);
	return found;
}

int job_hash_inputs(struct job *j)
{
	struct hasher h;

	hasher_init(&h);
	hasher_update(&h, BUILD_FORMAT "\n", sizeof(BUILD_FORMAT));
	if (tree_hash(AT_FDCWD, j->path, &h) < 0)
		return -1;
	for (size_t i = 0; i < j->r.nsources; i++) {
		const struct source *s = &j->r.sources[i];

		if (source_from_archive(s))
			hasher_update(&h, s->sha256, strlen(s->sha256) + 1);
		else if (tree_hash(AT_FDCWD, j->src[i], &h) < 0)
			return -1;
	}
	for (size_t i = 0; i < j->r.patches.n; i++) {
		char *p = xasprintf("%s/%s", j->dir, j->r.patches.v[i]);
		int rc = tree_hash(AT_FDCWD, p, &h);

		free(p);
		if (rc < 0)
			return fail("%s: patch %s: %s", j->r.meta.name,
				    j->r.patches.v[i], fail_message());
	}
	hasher_update(&h, j->e->toolchain_hash, strlen(j->e->toolchain_hash));
	for (size_t i = 0; i < j->e->sets.n; i++)
		if (job_set_applies(j, j->e->sets.v[i]))
			hasher_update(&h, j->e->sets.v[i],
				      strlen(j->e->sets.v[i]) + 1);
	if (tree_hash(AT_FDCWD, j->e->pubkey, &h) < 0 || hash_sysroot(j, &h) < 0)
		return -1;
	hasher_final_hex(&h, j->input);
	job_log(j, "== input hash %s\n", j->input);
	return 0;
}
