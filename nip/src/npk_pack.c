/*
 * nip pack: a staged tree plus metadata into a deterministic .npk.
 * Nothing about the caller leaks into the bytes: entries are sorted,
 * owners are 0:0, every mtime is the given one, and modes are normalised
 * so the umask does not matter.
 */
#define _GNU_SOURCE
#include "npk.h"
#include "fileio.h"
#include "recipe.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* rwx bits from the umask are noise; exec and special bits are intent. */
static unsigned normalise_mode(mode_t st_mode)
{
	unsigned special = st_mode & 07000;

	if (S_ISDIR(st_mode) || (st_mode & 0111))
		return special | 0755;
	return special | 0644;
}

static int scan_tree(int parentfd, const char *prefix, struct npk_manifest *m);

/* One staged entry into the manifest; PATH is taken over. */
static int add_entry(struct npk_manifest *m, int dirfd, const char *name,
		     char *path, const struct stat *sp)
{
	struct stat st = *sp;
	struct npk_file *f;
	int rc = 0;

	f = manifest_add(m);
	f->path = path;
	f->mode = normalise_mode(st.st_mode);
	if (S_ISREG(st.st_mode)) {
		f->type = FT_FILE;
		rc = hash_file(dirfd, name, f->hash, NULL,
			       &f->size);
		m->installed_size += f->size;
	} else if (S_ISLNK(st.st_mode)) {
		char target[4096];
		ssize_t n = readlinkat(dirfd, name, target,
				       sizeof(target) - 1);

		f->type = FT_LINK;
		f->mode = 0777;
		if (n < 0)
			rc = fail_errno("cannot read link %s", path);
		target[n < 0 ? 0 : n] = '\0';
		f->target = xstrdup(target);
		if (rc == 0 && !link_target_inside(path, target))
			rc = fail("%s: symlink target %s points outside "
				  "the root",
				  path, target);
	} else {
		int sub = openat(dirfd, name,
				 O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
					 O_CLOEXEC);

		f->type = FT_DIR;
		if (sub < 0) {
			rc = fail_errno("cannot open %s", path);
		} else {
			char *copy = xstrdup(path);

			rc = scan_tree(sub, copy, m);
			free(copy);
			close(sub);
		}
	}
	return rc;
}

static int scan_tree(int parentfd, const char *prefix, struct npk_manifest *m)
{
	struct strlist names = {0};
	struct dirent *de;
	int fd = openat(parentfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	int rc = 0;

	if (!d)
		return fail_errno("cannot read staged directory %s",
				  *prefix ? prefix : ".");
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			strlist_add(&names, de->d_name);
	for (size_t i = 0; i < names.n && rc == 0; i++) {
		char *path = *prefix ? xasprintf("%s/%s", prefix, names.v[i]) :
				       xstrdup(names.v[i]);
		const char *why = path_invalid_reason(path);
		struct stat st;

		if (why)
			rc = fail("%s: %s", path, why);
		else if (fstatat(dirfd(d), names.v[i], &st,
				 AT_SYMLINK_NOFOLLOW) < 0)
			rc = fail_errno("cannot stat %s", path);
		else if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode) &&
			 !S_ISLNK(st.st_mode))
			rc = fail("%s: only files, directories and symlinks "
				  "can be packaged",
				  path);
		else
			rc = add_entry(m, dirfd(d), names.v[i], path, &st);
		if (rc < 0)
			break;
	}
	closedir(d);
	strlist_free(&names);
	return rc;
}

static void entry_common(struct archive_entry *e, const char *path,
			 long long mtime)
{
	archive_entry_clear(e);
	archive_entry_set_pathname(e, path);
	archive_entry_set_uid(e, 0);
	archive_entry_set_gid(e, 0);
	archive_entry_set_mtime(e, (time_t)mtime, 0);
}

static int write_header(struct archive *a, struct archive_entry *e,
			const char *path)
{
	if (archive_write_header(a, e) != ARCHIVE_OK)
		return fail("cannot write %s into the archive: %s", path,
			    archive_error_string(a));
	return 0;
}

/*
 * Payloads are copied through CHUNK, COPY_CHUNK bytes that the caller
 * owns: a static buffer would break the first time two threads pack.
 */
#define COPY_CHUNK (1 << 16)

static int write_payload(struct archive *a, struct archive_entry *e,
			 int stagefd, const struct npk_file *f, char *chunk)
{
	uint64_t left = f->size;
	int fd = openat(stagefd, f->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return fail_errno("cannot open %s", f->path);
	archive_entry_set_size(e, (la_int64_t)f->size);
	if (write_header(a, e, f->path) < 0) {
		close(fd);
		return -1;
	}
	while (left > 0) {
		ssize_t n = read(fd, chunk, COPY_CHUNK);

		if (n <= 0 || (uint64_t)n > left) {
			close(fd);
			return fail("%s changed while it was being packed",
				    f->path);
		}
		if (archive_write_data(a, chunk, (size_t)n) != n) {
			close(fd);
			return fail("cannot write %s: %s", f->path,
				    archive_error_string(a));
		}
		left -= (uint64_t)n;
	}
	close(fd);
	return 0;
}

static int write_archive(int outfd, const struct npk_manifest *m,
			 const struct buf *text, int stagefd, long long mtime)
{
	struct archive *a = archive_write_new();
	struct archive_entry *e = archive_entry_new();
	char *chunk = xmalloc(COPY_CHUNK);
	int rc = -1;

	if (archive_write_add_filter_zstd(a) != ARCHIVE_OK ||
	    archive_write_set_filter_option(a, "zstd", "compression-level",
					    NPK_ZSTD_LEVEL) != ARCHIVE_OK ||
	    archive_write_set_format_pax_restricted(a) != ARCHIVE_OK ||
	    archive_write_open_fd(a, outfd) != ARCHIVE_OK) {
		fail("cannot start archive: %s", archive_error_string(a));
		goto out;
	}
	entry_common(e, MANIFEST_NAME, mtime);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)text->len);
	if (write_header(a, e, MANIFEST_NAME) < 0 ||
	    archive_write_data(a, text->data, text->len) != (la_ssize_t)text->len)
		goto out;
	for (size_t i = 0; i < m->nfiles; i++) {
		const struct npk_file *f = &m->files[i];

		entry_common(e, f->path, mtime);
		archive_entry_set_perm(e, f->mode);
		if (f->type == FT_FILE) {
			archive_entry_set_filetype(e, AE_IFREG);
			if (write_payload(a, e, stagefd, f, chunk) < 0)
				goto out;
			continue;
		}
		archive_entry_set_filetype(e, f->type == FT_DIR ? AE_IFDIR :
								  AE_IFLNK);
		if (f->type == FT_LINK)
			archive_entry_set_symlink(e, f->target);
		if (write_header(a, e, f->path) < 0)
			goto out;
	}
	if (archive_write_close(a) != ARCHIVE_OK) {
		fail("cannot finish archive: %s", archive_error_string(a));
		goto out;
	}
	rc = 0;
out:
	free(chunk);
	archive_entry_free(e);
	archive_write_free(a);
	return rc;
}

int npk_sign(const char *outdir, const char *file, const char *identity,
	     const struct sig_secret *sk)
{
	unsigned char prehash[64];
	char file_hash[HASH_HEX];
	struct buf sig = {0};
	char *comment = xasprintf(NPK_SIG_PREFIX "%s identity=%s", file,
				  identity);
	char *sigpath = xasprintf("%s%s", file, NPK_SIG_SUFFIX);
	int dirfd = open(outdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc = -1;

	if (dirfd < 0) {
		fail_errno("cannot open %s", outdir);
		goto out;
	}
	if (hash_file(dirfd, file, file_hash, prehash, NULL) < 0)
		goto out;
	sig_sign_prehashed(sk, prehash, comment, &sig);
	rc = write_file_atomic(dirfd, sigpath, sig.data, sig.len, 0644);
out:
	if (dirfd >= 0)
		close(dirfd);
	buf_free(&sig);
	free(comment);
	free(sigpath);
	return rc;
}

static int apply_modes(struct npk_manifest *m,
		       const struct mode_override *modes, size_t nmodes)
{
	for (size_t i = 0; i < nmodes; i++) {
		struct npk_file *f =
			(struct npk_file *)manifest_find(m, modes[i].path);

		if (!f)
			return fail_code(NIP_EXIT_USAGE,
					 "modes: %s is not in the staged tree",
					 modes[i].path);
		if (f->type == FT_LINK)
			return fail_code(NIP_EXIT_USAGE,
					 "modes: %s is a symlink; links have "
					 "no mode",
					 modes[i].path);
		f->mode = modes[i].mode;
	}
	return 0;
}

int npk_pack(const struct npk_meta *meta, const char *stagedir,
	     const char *outdir, const struct sig_secret *sk, long long mtime,
	     const struct mode_override *modes, size_t nmodes,
	     char **out_path)
{
	struct npk_manifest m = {0};
	struct buf text = {0};
	char identity[HASH_HEX];
	char *stem = meta_stem(meta);
	char *file = xasprintf("%s.npk", stem);
	char *path = xasprintf("%s/%s", outdir, file);
	char *tmp = xasprintf("%s/.%s.tmp", outdir, file);
	int stagefd = open(stagedir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int outfd = -1, rc = -1;

	if (stagefd < 0) {
		fail_errno("cannot open staged directory %s", stagedir);
		goto out;
	}
	m.meta = *meta;
	if (scan_tree(stagefd, "", &m) < 0)
		goto out;
	manifest_sort(&m);
	if (apply_modes(&m, modes, nmodes) < 0 ||
	    manifest_refuse_reserved(&m, meta->name, NIP_EXIT_USAGE) < 0 ||
	    manifest_check_links(&m, meta->name, NIP_EXIT_USAGE) < 0 ||
	    manifest_check_triggers(&m, meta->name, NIP_EXIT_USAGE) < 0)
		goto out;
	manifest_write(&text, &m);
	hash_buffer_hex(text.data, text.len, identity);
	outfd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (outfd < 0) {
		fail_errno("cannot create %s", tmp);
		goto out;
	}
	if (write_archive(outfd, &m, &text, stagefd, mtime) < 0) {
		unlink(tmp);
		goto out;
	}
	if (fsync(outfd) < 0 || rename(tmp, path) < 0) {
		fail_errno("cannot write %s", path);
		unlink(tmp);
		goto out;
	}
	if (npk_sign(outdir, file, identity, sk) < 0)
		goto out;
	*out_path = path;
	path = NULL;
	rc = 0;
out:
	if (outfd >= 0)
		close(outfd);
	if (stagefd >= 0)
		close(stagefd);
	/* The metadata belongs to the caller. */
	memset(&m.meta, 0, sizeof(m.meta));
	manifest_free(&m);
	buf_free(&text);
	free(stem);
	free(file);
	free(path);
	free(tmp);
	return rc;
}
