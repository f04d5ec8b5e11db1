/* Finding, downloading and verifying recipe sources. */
#define _GNU_SOURCE
#include "srcfetch.h"
#include "fileio.h"
#include "run.h"
#include "tree.h"
#include "fetch.h"
#include "fsops.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * apt-get update rewrites CACHE/apt's lists under apt's own lock, which
 * makes a second apt-get fail rather than wait, and two downloads of one
 * source would write one .part file. So whoever runs apt or writes into
 * the source cache holds CACHE/apt.lock: the builds of one nip-build -j
 * and those of other nip-builds sharing the cache take turns. A process
 * that has to wait says so in LOGFD (when > 0), as a stalled build
 * otherwise looks hung. The lock goes with the descriptor; O_CLOEXEC
 * keeps apt-get from holding it on.
 */
static int apt_lock(const char *cache, int logfd)
{
	char *path = xasprintf("%s/apt.lock", cache);
	int fd = -1, rc = -1;

	if (mkdir_p(cache) < 0)
		goto out;
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		fail_errno("cannot open %s", path);
		goto out;
	}
	rc = flock(fd, LOCK_EX | LOCK_NB);
	if (rc < 0 && errno == EWOULDBLOCK) {
		if (logfd > 0)
			dprintf(logfd, "== waiting for %s (apt is in use)\n",
				path);
		while ((rc = flock(fd, LOCK_EX)) < 0 && errno == EINTR)
			;
	}
	if (rc < 0)
		fail_errno("cannot lock %s", path);
out:
	if (rc < 0 && fd >= 0)
		close(fd);
	free(path);
	return rc < 0 ? -1 : fd;
}

/* Run ARGV with APT_CONFIG=CONF; stdout into OUT when not NULL. */
static int run_apt(const char *conf, char *const argv[], struct buf *out)
{
	char *env[] = {xasprintf("APT_CONFIG=%s", conf), "LC_ALL=C", NULL};
	int rc = run_capture(argv, env, 0, out);

	free(env[0]);
	return rc;
}

/*
 * Each deb entry is kept and gains a deb-src twin (deb822: "Types: deb
 * deb-src"): source packages come from deb-src, binary ones (.deb
 * sources such as linux-source-6.1) from deb.
 */
static void derive_sources(const char *text, int deb822, struct buf *out)
{
	char *copy = xstrdup(text), *line, *save = NULL;

	for (line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (deb822 && strncmp(line, "Types:", 6) == 0)
			buf_adds(out, "Types: deb deb-src");
		else if (deb822)
			buf_adds(out, line);
		else if (strncmp(line, "deb ", 4) == 0 ||
			 strncmp(line, "deb\t", 4) == 0)
			buf_printf(out, "%s\ndeb-src%s", line, line + 3);
		else
			continue;
		buf_adds(out, "\n");
		/* deb822 stanzas end at a blank line; strtok drops those. */
		if (deb822 && strncmp(line, "Signed-By:", 10) == 0)
			buf_adds(out, "\n");
	}
	free(copy);
}

static int collect_sources(const char *etc_apt, struct buf *list,
			   struct buf *deb822)
{
	char *dirpath = xasprintf("%s/sources.list.d", etc_apt);
	char *main_list = xasprintf("%s/sources.list", etc_apt);
	struct strlist names = {0};
	struct buf text = {0};
	struct dirent *de;
	DIR *d;

	if (read_file(AT_FDCWD, main_list, &text) == 0)
		derive_sources(text.data, 0, list);
	fail_clear();
	buf_free(&text);
	d = opendir(dirpath);
	while (d && (de = readdir(d)))
		strlist_add(&names, de->d_name);
	if (d)
		closedir(d);
	strlist_sort(&names);
	for (size_t i = 0; i < names.n; i++) {
		size_t len = strlen(names.v[i]);
		int is822 = len > 8 && !strcmp(names.v[i] + len - 8, ".sources");
		int islist = len > 5 && !strcmp(names.v[i] + len - 5, ".list");
		char *path = xasprintf("%s/%s", dirpath, names.v[i]);

		if ((is822 || islist) && read_file(AT_FDCWD, path, &text) == 0)
			derive_sources(text.data, is822, is822 ? deb822 : list);
		fail_clear();
		buf_free(&text);
		free(path);
	}
	strlist_free(&names);
	free(dirpath);
	free(main_list);
	if (!list->len && !deb822->len)
		return fail("no Debian archive is configured in %s", etc_apt);
	return 0;
}

/* Does FILE under DIR differ from CONTENT (or not exist)? 1, 0, or -1. */
static int differs(const char *dir, const char *file, const struct buf *content)
{
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), changed;
	struct buf old = {0};

	if (dfd < 0)
		return fail_errno("cannot open %s", dir);
	changed = read_file(dfd, file, &old) < 0 || old.len != content->len ||
		  memcmp(old.data, content->data ? content->data : "",
			 content->len) != 0;
	fail_clear();
	buf_free(&old);
	close(dfd);
	return changed;
}

/* Write FILE under DIR only if its content changed; 1 when it did. */
static int write_if_changed(const char *dir, const char *file,
			    const struct buf *content)
{
	int changed = differs(dir, file, content), dfd;

	if (changed <= 0)
		return changed;
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return fail_errno("cannot open %s", dir);
	if (write_file_atomic(dfd, file, content->data ? content->data : "",
			      content->len, 0644) < 0)
		changed = -1;
	close(dfd);
	return changed;
}

/* Under apt.lock: write what changed and refresh the source index. */
static int refresh_apt(const struct apt_env *env, const char *etc_apt,
		       const char *parts, const struct buf *list,
		       const struct buf *deb822, const struct buf *conf)
{
	char *const update[] = {"apt-get", "-qq", "update", NULL};
	int a = write_if_changed(parts, "derived.list", list);
	int b = write_if_changed(parts, "derived.sources", deb822);
	int c = write_if_changed(env->dir, "apt.conf", conf);

	if (a < 0 || b < 0 || c < 0)
		return -1;
	/* Another process may have refreshed it while this one waited. */
	if (!a && !b && !c)
		return 0;
	if (run_apt(env->conf, update, NULL) < 0) {
		/* Force a retry next time. */
		unlink(env->conf);
		return fail("cannot read the Debian source index (apt-get "
			    "update with deb-src derived from %s failed)",
			    etc_apt);
	}
	return 0;
}

int apt_env_prepare(const char *cache, const char *etc_apt,
		    struct apt_env *env)
{
	struct buf list = {0}, deb822 = {0}, conf = {0};
	char *parts, *lists;
	int rc = -1, lock = -1, a, b, c;

	apt_env_free(env);	/* from an earlier try */
	env->dir = xasprintf("%s/apt", cache);
	env->conf = xasprintf("%s/apt.conf", env->dir);
	parts = xasprintf("%s/sources.list.d", env->dir);
	lists = xasprintf("%s/lists/partial", env->dir);
	if (mkdir_p(parts) < 0 || mkdir_p(lists) < 0)
		goto out;
	if (collect_sources(etc_apt, &list, &deb822) < 0)
		goto out;
	buf_printf(&conf,
		   "Dir::Etc::sourcelist \"/dev/null\";\n"
		   "Dir::Etc::sourceparts \"%s\";\n"
		   "Dir::State::lists \"%s/lists\";\n"
		   "Dir::Cache \"%s/cache\";\n",
		   parts, env->dir, env->dir);
	/*
	 * The source index is refreshed when what it derives from changed.
	 * Usually nothing did, and the files (replaced whole, by rename)
	 * are compared without the lock.
	 */
	a = differs(parts, "derived.list", &list);
	b = differs(parts, "derived.sources", &deb822);
	c = differs(env->dir, "apt.conf", &conf);
	if (a < 0 || b < 0 || c < 0)
		goto out;
	if (!a && !b && !c)
		rc = 0;
	else if ((lock = apt_lock(cache, env->logfd)) >= 0)
		rc = refresh_apt(env, etc_apt, parts, &list, &deb822, &conf);
out:
	if (lock >= 0)
		close(lock);
	buf_free(&list);
	buf_free(&deb822);
	buf_free(&conf);
	free(parts);
	free(lists);
	return rc;
}

void apt_env_free(struct apt_env *env)
{
	free(env->dir);
	free(env->conf);
	env->dir = env->conf = NULL;
}

static int sha256_file(int dirfd, const char *path, char hex[65])
{
	crypto_hash_sha256_state st;
	unsigned char chunk[65536], digest[32];
	int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	ssize_t n;

	if (fd < 0)
		return -1;
	crypto_hash_sha256_init(&st);
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		crypto_hash_sha256_update(&st, chunk, (size_t)n);
	close(fd);
	if (n < 0)
		return -1;
	crypto_hash_sha256_final(&st, digest);
	hex_encode(hex, digest, sizeof(digest));
	return 0;
}

/* Find FILE's URI and SHA-256 in apt-get --print-uris output. */
static int find_uri(const char *out, const char *file, char **uri,
		    char sha[65])
{
	char *copy = xstrdup(out), *line, *save = NULL;
	int found = 0;

	for (line = strtok_r(copy, "\n", &save); line && !found;
	     line = strtok_r(NULL, "\n", &save)) {
		char u[4096], name[1024], hash[128];
		unsigned long long size;

		if (sscanf(line, "'%4095[^']' %1023s %llu %127s", u, name,
			   &size, hash) != 4 ||
		    strcmp(name, file) != 0 || strncmp(hash, "SHA256:", 7) != 0 ||
		    !hex_valid(hash + 7, 64))
			continue;
		*uri = xstrdup(u);
		memcpy(sha, hash + 7, 65);
		found = 1;
	}
	free(copy);
	return found;
}

static int copy_local(const char *from, int dirfd, const char *dest)
{
	struct buf data = {0};
	int fd, rc = -1;

	if (read_file(AT_FDCWD, from, &data) < 0)
		return -1;
	fd = fs_create(dirfd, dest, 0644);
	if (fd < 0 || fs_write_all(fd, data.data, data.len) < 0)
		fail_errno("cannot write %s", dest);
	else
		rc = 0;
	if (fd >= 0)
		close(fd);
	buf_free(&data);
	return rc;
}

static int download(const struct apt_env *env, const char *what,
		    const struct source *s, int dirfd)
{
	const char *pkg = s->debian ? s->debian : s->deb;
	char *spec = xasprintf("%s=%s", pkg, s->version);
	char *const argv[] = {"apt-get", "-qq", "--print-uris",
			      s->debian ? "source" : "download", spec, NULL};
	char *part = xasprintf(".%s.part", s->file), *uri = NULL;
	struct buf out = {0};
	char served[65], got[65];
	int rc = -1;

	if (run_apt(env->conf, argv, &out) < 0) {
		fail("%s: %s package %s is not in the archive", what,
		     s->debian ? "source" : "binary", spec);
		goto out;
	}
	if (!find_uri(out.data ? out.data : "", s->file, &uri, served)) {
		fail("%s: %s is not served for %s", what, s->file, spec);
		goto out;
	}
	if (strcmp(served, s->sha256) != 0) {
		fail_code(NIP_EXIT_TRUST,
			  "%s: the archive's %s has sha256 %s, the recipe pins "
			  "%s",
			  what, s->file, served, s->sha256);
		goto out;
	}
	if (strncmp(uri, "file:", 5) == 0) {
		const char *p = uri + 5;

		while (p[0] == '/' && p[1] == '/')
			p++;
		rc = copy_local(p, dirfd, part);
	} else {
		rc = fetch_url(uri, dirfd, part);
	}
	if (rc == 0 && (sha256_file(dirfd, part, got) < 0 ||
			strcmp(got, s->sha256) != 0)) {
		rc = fail_code(NIP_EXIT_TRUST,
			       "%s: downloaded %s does not match its sha256",
			       what, s->file);
	}
	if (rc == 0 && fs_renameat(dirfd, part, dirfd, s->file) < 0)
		rc = fail_errno("cannot keep %s", s->file);
	if (rc < 0)
		unlinkat(dirfd, part, 0);
out:
	free(spec);
	free(part);
	free(uri);
	buf_free(&out);
	return rc;
}

int source_fetch(const struct apt_env *env, const char *cache,
		 const char *recipe_dir, const char *what,
		 const struct source *s, char **path)
{
	char got[65], *dir;
	int dirfd, lock, rc;

	if (!source_from_archive(s)) {
		*path = xasprintf("%s/%s", recipe_dir, s->file);
		if (s->sha256 && (sha256_file(AT_FDCWD, *path, got) < 0 ||
				  strcmp(got, s->sha256) != 0))
			return fail_code(NIP_EXIT_TRUST,
					 "%s: %s is missing or does not match "
					 "its sha256",
					 what, s->file);
		return access(*path, R_OK) == 0 ?
			       0 :
			       fail_errno("%s: cannot read %s", what, *path);
	}
	dir = xasprintf("%s/sources/%s", cache, s->sha256);
	*path = xasprintf("%s/%s", dir, s->file);
	if (mkdir_p(dir) < 0 ||
	    (dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		if (!strstr(fail_message(), "cannot create"))
			fail_errno("cannot use the source cache %s", dir);
		free(dir);
		return -1;
	}
	/*
	 * A cached copy is trusted only while it still matches; a file
	 * appears there whole (renamed into place), so a look without the
	 * lock is safe, and a second look under it finds what another
	 * process fetched while this one waited.
	 */
	if (sha256_file(dirfd, s->file, got) == 0 &&
	    strcmp(got, s->sha256) == 0) {
		rc = 0;
	} else if ((lock = apt_lock(cache, env->logfd)) < 0) {
		rc = -1;
	} else {
		if (sha256_file(dirfd, s->file, got) == 0 &&
		    strcmp(got, s->sha256) == 0) {
			rc = 0;
		} else {
			unlinkat(dirfd, s->file, 0);
			rc = download(env, what, s, dirfd);
		}
		close(lock);
	}
	close(dirfd);
	free(dir);
	return rc;
}

/* $NEXUS_CACHE, or ~/.cache/nexus. */
char *nexus_cache_dir(void)
{
	const char *cache = getenv("NEXUS_CACHE"), *home = getenv("HOME");

	if (cache && *cache)
		return xstrdup(cache);
	return xasprintf("%s/.cache/nexus", home && *home ? home : "/root");
}
