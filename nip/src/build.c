/*
 * One recipe, built: fetch and verify sources, install the sysroot,
 * hash the inputs (build_inputs.c), reuse a cached result or unpack,
 * patch and run the script in the sandbox (build_script.c), split
 * DESTDIR, pack, sign, publish (build_pack.c). This file holds the
 * build environment and runs those stages in order.
 *
 * Work directory WORK (removed afterwards unless asked to keep it):
 *   root/     mount point of the sandbox's root
 *   build/    /build inside: src/ (cwd), files/, patches/, dest/ and
 *             repo-key.pub, the public key packages are signed with
 *   sysroot/  /sysroot inside, installed by nip from build-depends
 *   split/    one staged tree per split package
 */
#define _GNU_SOURCE
#include "build.h"
#include "fileio.h"
#include "repo.h"
#include "tree.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int build_index(struct build_env *e)
{
	struct index_options opt = {.expires_days = 30,
				    .now = (uint64_t)time(NULL)};

	return repo_write_index(e->repo, &e->sk, &e->keys, &opt);
}

static int absolute(const char **path, char **owned)
{
	char *real = realpath(*path, NULL);

	if (!real)
		return fail_errno("cannot find %s", *path);
	*path = *owned = real;
	return 0;
}

/*
 * The nip that installs build-dependencies into sysroots: the one beside
 * nip-build (the nip-build package puts it there, a build tree has both),
 * else PATH's.
 */
static int find_nip(char **out)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	const char *slash, *path = getenv("PATH");

	if (n < 0)
		return fail_errno("cannot find nip-build's own binary");
	exe[n] = 0;
	slash = strrchr(exe, '/');
	*out = xasprintf("%.*s/nip", slash ? (int)(slash - exe) : 0, exe);
	if (access(*out, X_OK) == 0)
		return 0;
	for (const char *p = path ? path : ""; *p;) {
		size_t len = strcspn(p, ":");

		free(*out);
		*out = xasprintf("%.*s/nip", (int)len, p);
		if (len && access(*out, X_OK) == 0)
			return 0;
		p += len + (p[len] == ':');
	}
	free(*out);
	*out = NULL;
	return fail("nip-build installs build-dependencies with nip, which "
		    "is neither beside %s nor on PATH", exe);
}

int build_env_open(struct build_env *e, const char *keypath)
{
	struct sig_pubkey self = {0};
	const char *tmp = getenv("TMPDIR");
	char *path;
	int rc;

	if (find_nip(&e->nip) < 0)
		return -1;
	e->cache = nexus_cache_dir();
	e->workroot = tmp && *tmp ? tmp : "/var/tmp";
	/* nip key generate NAME writes NAME.key and NAME.pub. */
	e->pubkey = xasprintf("%.*s.pub", (int)(strlen(keypath) -
						(ends_with(keypath, ".key") ? 4 : 0)),
			      keypath);
	if (sig_load_secret(keypath, &e->sk) < 0 ||
	    sig_load_pubkey(e->pubkey, &self) < 0)
		return -1;
	keyring_add(&e->keys, &self);
	free(self.name);
	if (mkdir_p(e->repo) < 0 || mkdir_p(e->logdir) < 0 ||
	    mkdir_p(e->workroot) < 0)
		return -1;
	/* The sandbox binds by absolute path. */
	if (absolute(&e->repo, &e->own[0]) < 0 ||
	    absolute(&e->logdir, &e->own[1]) < 0 ||
	    absolute((const char **)&e->workroot, &e->own[2]) < 0 ||
	    (e->toolchain && absolute(&e->toolchain, &e->own[3]) < 0))
		return -1;
	if (e->toolchain) {
		struct hasher h;

		hasher_init(&h);
		if (tree_hash(AT_FDCWD, e->toolchain, &h) < 0)
			return -1;
		hasher_final_hex(&h, e->toolchain_hash);
	} else {
		strcpy(e->toolchain_hash, "none");
	}
	/* A new repository gets its (empty) index now; others keep theirs. */
	path = xasprintf("%s/NIPINDEX", e->repo);
	rc = access(path, F_OK) == 0 ? 0 : build_index(e);
	free(path);
	return rc;
}

void build_env_close(struct build_env *e)
{
	sig_secret_wipe(&e->sk);
	keyring_free(&e->keys);
	strlist_free(&e->sets);
	apt_env_free(&e->apt);
	free(e->pubkey);
	free(e->cache);
	free(e->nip);
	for (size_t i = 0; i < sizeof(e->own) / sizeof(*e->own); i++)
		free(e->own[i]);
}

/* A line of the build log; the stages say what they do there. */
void job_log(struct job *j, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdprintf(j->logfd, fmt, ap);
	va_end(ap);
}

static int make_work(struct job *j)
{
	static const char *const dirs[] = {"root", "build/src", "build/files",
					   "build/patches", "build/dest",
					   "sysroot", "split"};
	char *tmpl = xasprintf("%s/nip-build-%s.XXXXXX", j->e->workroot,
			       j->r.meta.name);

	if (mkdir_p(j->e->workroot) < 0 || !mkdtemp(tmpl)) {
		fail_errno("cannot make a work directory in %s",
			   j->e->workroot);
		free(tmpl);
		return -1;
	}
	j->work = tmpl;
	for (size_t i = 0; i < sizeof(dirs) / sizeof(*dirs); i++) {
		char *d = xasprintf("%s/%s", j->work, dirs[i]);
		int rc = mkdir_p(d);

		free(d);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static int open_log(struct job *j)
{
	j->logpath = xasprintf("%s/%s.log", j->e->logdir, j->r.meta.name);
	j->logfd = open(j->logpath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
			0644);
	if (j->logfd < 0)
		return fail_errno("cannot create %s", j->logpath);
	return 0;
}

static int check_recipe(const struct job *j)
{
	if (!j->r.build)
		return fail_code(NIP_EXIT_USAGE, "%s: no build script",
				 j->path);
	if (!j->r.source_date_epoch)
		return fail_code(NIP_EXIT_USAGE,
				 "%s: no source-date-epoch (builds need one)",
				 j->path);
	return 0;
}

/* Up to the cache entry: found there, or built and stored. */
static int run_job(struct job *j, enum build_result *result)
{
	char *entry;
	struct stat st;
	int rc = 0;

	if (check_recipe(j) < 0 || open_log(j) < 0 || job_fetch_sources(j) < 0 ||
	    make_work(j) < 0 || job_install_sysroot(j) < 0 || job_hash_inputs(j) < 0)
		return -1;
	entry = xasprintf("%s/builds/%s", j->e->cache, j->input);
	if (!j->e->rebuild && stat(entry, &st) == 0) {
		job_log(j, "== up to date: %s\n", entry);
		*result = BUILD_CACHED;
	} else {
		*result = BUILD_DONE;
		if (job_prepare_tree(j) < 0 || job_run_script(j) < 0 ||
		    job_pack_all(j, entry) < 0)
			rc = -1;
	}
	free(entry);
	return rc;
}

int build_make(struct build_env *e, const char *path,
	       enum build_result *result, char input[HASH_HEX])
{
	struct job j = {.e = e, .path = path, .logfd = -1};
	const char *slash = strrchr(path, '/');
	int rc;

	if (recipe_load(path, &j.r) < 0)
		return -1;
	j.dir = slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
	rc = run_job(&j, result);
	if (rc == 0)
		memcpy(input, j.input, HASH_HEX);
	if (j.work && !e->keep) {
		/* The error, if any, is the one to report. */
		char *msg = rc < 0 ? xstrdup(fail_message()) : NULL;
		int code = fail_exit_code();

		tree_remove(AT_FDCWD, j.work);
		if (msg)
			fail_code(code, "%s", msg);
		free(msg);
	}
	if (j.logfd >= 0)
		close(j.logfd);
	for (size_t i = 0; j.src && i < j.r.nsources; i++)
		free(j.src[i]);
	free(j.src);
	free(j.work);
	free(j.logpath);
	free(j.dir);
	recipe_free(&j.r);
	return rc;
}

/*
 * The index is two files, NIPINDEX and its signature, and no rename
 * replaces both at once: a reader between the two sees a pair that does
 * not verify. While builds run beside each other, one publishes and
 * re-signs the index as others install their sysroots from it, so
 * readers hold LOCK_SH and the writer LOCK_EX on the directory itself.
 */
int build_repo_lock(const struct build_env *e, int how)
{
	int fd = open(e->repo, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return fail_errno("cannot open %s", e->repo);
	while (flock(fd, how) < 0) {
		if (errno != EINTR) {
			fail_errno("cannot lock %s", e->repo);
			close(fd);
			return -1;
		}
	}
	return fd;
}

int build_publish(struct build_env *e, const char *input)
{
	char *entry = xasprintf("%s/builds/%s", e->cache, input);
	int lock = build_repo_lock(e, LOCK_EX), rc = -1;

	if (lock >= 0 && publish_entry(e, entry) == 0)
		rc = e->changed ? build_index(e) : 0;
	e->changed = 0;
	if (lock >= 0)
		close(lock);
	free(entry);
	return rc;
}

int build_recipe(struct build_env *e, const char *path,
		 enum build_result *result)
{
	char input[HASH_HEX];

	if (build_make(e, path, result, input) < 0)
		return -1;
	return build_publish(e, input);
}
