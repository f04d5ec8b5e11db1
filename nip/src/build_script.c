/*
 * The build itself: sources unpacked, patches and files laid out in the
 * work directory, and the recipe's script run in the sandbox.
 */
#define _GNU_SOURCE
#include "build.h"
#include "fileio.h"
#include "sandbox.h"
#include "tree.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
int job_prepare_tree(struct job *j)
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

int job_run_script(struct job *j)
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
	strlist_add_owned(&env, xasprintf("JOBS=%u", e->make_jobs));
	strlist_add_owned(&env, xasprintf("PKGNAME=%s", j->r.meta.name));
	strlist_add_owned(&env, xasprintf("PKGVER=%s", j->r.meta.version));
	for (size_t i = 0; i < e->sets.n; i++)
		if (job_set_applies(j, e->sets.v[i]))
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
