/*
 * One recipe, built: fetch and verify sources, install the sysroot,
 * hash the inputs, reuse a cached result or unpack, patch and run the
 * script in the sandbox, split DESTDIR, pack, sign, publish.
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
#include "db.h"
#include "npk.h"
#include "repo.h"
#include "run.h"
#include "sandbox.h"
#include "tree.h"
#include "txn.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Bump when the sandbox or the steps change what a build produces. */
#define BUILD_FORMAT "nip-build 1"

struct job {
	struct build_env *e;
	struct recipe r;
	const char *path;	/* the recipe file */
	char *dir;		/* its folder */
	char **src;		/* verified local path of each source */
	char *work;
	char *logpath;
	int logfd;
	char input[HASH_HEX];
};

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

int build_env_open(struct build_env *e, const char *keypath)
{
	struct sig_pubkey self = {0};
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	const char *tmp = getenv("TMPDIR");
	char *path;
	int rc;

	if (n < 0)
		return fail_errno("cannot find nip's own binary");
	exe[n] = 0;
	e->self = xstrdup(exe);
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
	free(e->self);
	for (size_t i = 0; i < sizeof(e->own) / sizeof(*e->own); i++)
		free(e->own[i]);
}

/* The last lines of the build log, for the error message. */
static char *log_tail(const char *path, int lines)
{
	struct buf b = {0};
	const char *p;
	char *tail;

	if (read_file(AT_FDCWD, path, &b) < 0 || !b.len) {
		fail_clear();
		buf_free(&b);
		return xstrdup("(empty log)");
	}
	p = b.data + b.len - 1;
	while (p > b.data && lines > 0)
		if (*--p == '\n')
			lines--;
	tail = xstrdup(p + (*p == '\n'));
	buf_free(&b);
	return tail;
}

static void job_log(struct job *j, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void job_log(struct job *j, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdprintf(j->logfd, fmt, ap);
	va_end(ap);
}

static int fetch_sources(struct job *j)
{
	struct build_env *e = j->e;

	j->src = xcalloc(j->r.nsources + 1, sizeof(*j->src));
	for (size_t i = 0; i < j->r.nsources; i++) {
		if (source_from_archive(&j->r.sources[i]) && !e->apt_ready++) {
			const char *etc = getenv("NIP_APT_ETC");

			if (apt_env_prepare(e->cache, etc ? etc : "/etc/apt",
					    &e->apt) < 0)
				return -1;
		}
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
static int run_self(struct job *j, char **argv, struct buf *why)
{
	int rc = run_capture(argv, NULL, 1, why);

	if (why->len && write(j->logfd, why->data, why->len) < 0)
		rc = fail_errno("cannot write %s", j->logpath);
	return rc;
}

static int install_sysroot(struct job *j)
{
	struct strlist argv = {0};
	struct buf why = {0};
	char *sysroot = xasprintf("%s/sysroot", j->work);
	char *keys = xasprintf("%s/etc/nip/keys", sysroot);
	int kfd = -1, rc = -1;

	if (mkdir_p(keys) < 0 ||
	    (kfd = open(keys, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
	    tree_copy(AT_FDCWD, j->e->pubkey, kfd, "build.pub") < 0)
		goto out;
	if (!j->r.build_depends.n) {
		rc = 0;
		goto out;
	}
	strlist_add(&argv, j->e->self);
	strlist_add(&argv, "-q");
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
	if (run_self(j, argv.v, &why) < 0) {
		buf_add(&why, "", 1);
		fail_code(NIP_EXIT_DEPS,
			  "%s: cannot install its build-dependencies: %s",
			  j->r.meta.name, why.data ? why.data : "");
		goto out;
	}
	rc = 0;
out:
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
static int set_applies(const struct job *j, const char *set)
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

static int hash_inputs(struct job *j)
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
		if (set_applies(j, j->e->sets.v[i]))
			hasher_update(&h, j->e->sets.v[i],
				      strlen(j->e->sets.v[i]) + 1);
	if (tree_hash(AT_FDCWD, j->e->pubkey, &h) < 0 || hash_sysroot(j, &h) < 0)
		return -1;
	hasher_final_hex(&h, j->input);
	job_log(j, "== input hash %s\n", j->input);
	return 0;
}

static int is_archive(const char *name)
{
	static const char *const ext[] = {".tar",     ".tar.gz", ".tgz",
					  ".tar.bz2", ".tar.xz", ".tar.zst",
					  NULL};
	for (int i = 0; ext[i]; i++)
		if (ends_with(name, ext[i]))
			return 1;
	return 0;
}

/* "top/a/b" -> "a/b"; NULL for the top directory itself. */
static const char *strip_top(const char *path)
{
	const char *s = path ? strchr(path, '/') : NULL;

	return s && s[1] ? s + 1 : NULL;
}

/* Unpack ARCHIVE into DEST, dropping its single top directory. */
static int unpack(const char *archive, const char *dest)
{
	struct archive *in = archive_read_new(), *out = archive_write_disk_new();
	struct archive_entry *ent;
	char *cwd = getcwd(NULL, 0);
	int r, rc = -1;

	archive_read_support_filter_all(in);
	archive_read_support_format_tar(in);
	archive_write_disk_set_options(out, ARCHIVE_EXTRACT_TIME |
						    ARCHIVE_EXTRACT_PERM |
						    ARCHIVE_EXTRACT_SECURE_NODOTDOT |
						    ARCHIVE_EXTRACT_SECURE_SYMLINKS |
						    ARCHIVE_EXTRACT_SECURE_NOABSOLUTEPATHS);
	if (!cwd || chdir(dest) < 0) {
		fail_errno("cannot enter %s", dest);
		goto out;
	}
	if (archive_read_open_filename(in, archive, 1 << 16) != ARCHIVE_OK) {
		fail("cannot read %s: %s", archive, archive_error_string(in));
		goto out;
	}
	while ((r = archive_read_next_header(in, &ent)) == ARCHIVE_OK) {
		const char *path = strip_top(archive_entry_pathname(ent));
		const char *link = archive_entry_hardlink(ent);

		if (!path)
			continue;
		archive_entry_set_pathname(ent, path);
		if (link)
			archive_entry_set_hardlink(ent, strip_top(link));
		/* Owners are ours: no chown attempts in a user's build. */
		archive_entry_set_uid(ent, getuid());
		archive_entry_set_gid(ent, getgid());
		if (archive_read_extract2(in, ent, out) != ARCHIVE_OK) {
			fail("cannot unpack %s from %s: %s", path, archive,
			     archive_error_string(out));
			goto out;
		}
	}
	if (r != ARCHIVE_EOF) {
		fail("cannot read %s: %s", archive, archive_error_string(in));
		goto out;
	}
	rc = 0;
out:
	if (cwd && chdir(cwd) < 0 && rc == 0)
		rc = fail_errno("cannot return to %s", cwd);
	free(cwd);
	archive_read_free(in);
	archive_write_free(out);
	return rc;
}

/* Sources into build/src (archives) or build/files; patches numbered. */
static int prepare_tree(struct job *j)
{
	char *src = xasprintf("%s/build/src", j->work);
	char *files = xasprintf("%s/build/files", j->work);
	char *patches = xasprintf("%s/build/patches", j->work);
	int ffd = -1, pfd = -1, rc = -1;

	if ((ffd = open(files, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
	    (pfd = open(patches, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		fail_errno("cannot open %s", files);
		goto out;
	}
	for (size_t i = 0; i < j->r.nsources; i++) {
		const char *base = strrchr(j->r.sources[i].file, '/');

		base = base ? base + 1 : j->r.sources[i].file;
		job_log(j, "== source %s\n", base);
		if (is_archive(base) ? unpack(j->src[i], src) :
				       tree_copy(AT_FDCWD, j->src[i], ffd, base))
			goto out;
	}
	/* The repository's key, for a package that makes systems trust it. */
	if (tree_copy(AT_FDCWD, j->e->pubkey, pfd, "../repo-key.pub") < 0)
		goto out;
	for (size_t i = 0; i < j->r.patches.n; i++) {
		const char *p = j->r.patches.v[i], *base = strrchr(p, '/');
		char *from = xasprintf("%s/%s", j->dir, p);
		char *to = xasprintf("%03zu-%s", i, base ? base + 1 : p);
		int bad = tree_copy(AT_FDCWD, from, pfd, to);

		free(from);
		free(to);
		if (bad)
			goto out;
	}
	rc = 0;
out:
	if (ffd >= 0)
		close(ffd);
	if (pfd >= 0)
		close(pfd);
	free(src);
	free(files);
	free(patches);
	return rc;
}

static int run_script(struct job *j)
{
	struct build_env *e = j->e;
	struct buf script = {0};
	struct strlist env = {0};
	char *root = xasprintf("%s/root", j->work);
	char *build = xasprintf("%s/build", j->work);
	char *sysroot = xasprintf("%s/sysroot", j->work);
	struct sandbox_bind binds[3] = {
		{build, "/build", 1},
		{sysroot, "/sysroot", 0},
		{e->toolchain, "/toolchain", 0},
	};
	struct sandbox sb = {
		.rootdir = root,
		.binds = binds,
		.nbinds = e->toolchain ? 3 : 2,
		.cwd = "/build/src",
		.outfd = j->logfd,
	};
	int status;

	for (size_t i = 0; i < j->r.patches.n; i++) {
		const char *p = j->r.patches.v[i], *base = strrchr(p, '/');

		buf_printf(&script, "patch -p1 -i /build/patches/%03zu-%s\n",
			   i, base ? base + 1 : p);
	}
	buf_adds(&script, j->r.build);
	strlist_add(&env, "PATH=/toolchain/bin:/usr/bin:/bin");
	strlist_add(&env, "HOME=/build");
	strlist_add(&env, "TMPDIR=/tmp");
	strlist_add(&env, "SHELL=/bin/sh");
	strlist_add(&env, "TZ=UTC");
	strlist_add(&env, "LC_ALL=C");
	strlist_add(&env, "LANG=C");
	strlist_add(&env, "DESTDIR=/build/dest");
	strlist_add(&env, "SYSROOT=/sysroot");
	strlist_add(&env, "PKG_CONFIG_LIBDIR=/sysroot/usr/lib/pkgconfig:"
			  "/sysroot/usr/share/pkgconfig");
	strlist_add(&env, "PKG_CONFIG_SYSROOT_DIR=/sysroot");
	strlist_add_owned(&env, xasprintf("SOURCE_DATE_EPOCH=%llu",
					  (unsigned long long)
						  j->r.source_date_epoch));
	strlist_add_owned(&env, xasprintf("JOBS=%u", e->jobs));
	strlist_add_owned(&env, xasprintf("PKGNAME=%s", j->r.meta.name));
	strlist_add_owned(&env, xasprintf("PKGVER=%s", j->r.meta.version));
	for (size_t i = 0; i < e->sets.n; i++)
		if (set_applies(j, e->sets.v[i]))
			strlist_add(&env, e->sets.v[i]);
	strlist_add_owned(&env, NULL);
	sb.env = env.v;
	sb.script = script.data;
	job_log(j, "== build script in the sandbox\n");
	status = sandbox_run(&sb);
	if (status > 0) {
		char *tail = log_tail(j->logpath, 25);

		fail("%s: the build failed (exit %d); the end of %s:\n%s",
		     j->r.meta.name, status, j->logpath, tail);
		free(tail);
		status = -1;
	}
	strlist_free(&env);
	buf_free(&script);
	free(root);
	free(build);
	free(sysroot);
	return status;
}

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

/* Pack every tree into a fresh cache entry, then rename it in place. */
static int pack_all(struct job *j, const char *entry)
{
	char *tmp = xasprintf("%s.tmp%ld", entry, (long)getpid());
	int rc = -1;

	if (tree_remove(AT_FDCWD, tmp) < 0 || split_dest(j) < 0 ||
	    mkdir_p(tmp) < 0)
		goto out;
	for (size_t s = 0; s <= j->r.nsplits; s++)
		if (pack_one(j, s, tmp) < 0)
			goto out;
	/* --rebuild replaces what the cache held for these inputs. */
	if (tree_remove(AT_FDCWD, entry) < 0 || rename(tmp, entry) < 0) {
		fail_errno("cannot store %s", entry);
		goto out;
	}
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
static int publish(struct job *j, const char *entry)
{
	int from = open(entry, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int to = open(j->e->repo, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
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
		j->e->changed = 1;
		if (tree_remove(to, n) < 0 || tree_copy(from, n, to, n) < 0 ||
		    npk_load_manifest(to, n, &m, identity) < 0 ||
		    npk_sign(j->e->repo, n, identity, &j->e->sk) < 0)
			rc = -1;
		else
			note("%s/%s", j->e->repo, n);
		manifest_free(&m);
	}
	strlist_free(&names);
	if (from >= 0)
		close(from);
	if (to >= 0)
		close(to);
	return rc;
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

static int run_job(struct job *j, enum build_result *result)
{
	char *entry;
	struct stat st;
	int rc;

	if (check_recipe(j) < 0 || open_log(j) < 0 || fetch_sources(j) < 0 ||
	    make_work(j) < 0 || install_sysroot(j) < 0 || hash_inputs(j) < 0)
		return -1;
	entry = xasprintf("%s/builds/%s", j->e->cache, j->input);
	if (!j->e->rebuild && stat(entry, &st) == 0) {
		job_log(j, "== up to date: %s\n", entry);
		*result = BUILD_CACHED;
		rc = publish(j, entry);
	} else {
		*result = BUILD_DONE;
		rc = prepare_tree(j) < 0 || run_script(j) < 0 ||
				     pack_all(j, entry) < 0 ?
			     -1 :
			     publish(j, entry);
	}
	free(entry);
	return rc;
}

int build_recipe(struct build_env *e, const char *path,
		 enum build_result *result)
{
	struct job j = {.e = e, .path = path, .logfd = -1};
	const char *slash = strrchr(path, '/');
	int rc;

	if (recipe_load(path, &j.r) < 0)
		return -1;
	j.dir = slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
	rc = run_job(&j, result);
	if (rc == 0 && e->changed)
		rc = build_index(e);
	e->changed = 0;
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
