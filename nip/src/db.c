/* Loading the installed state and answering owner lookups. */
#define _GNU_SOURCE
#include "db.h"
#include "fileio.h"
#include "fetch.h"
#include "fsops.h"
#include "repo.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Its owner and modes: see db.h. */
int db_file_private(const struct db *db, const char *name)
{
	struct stat dir, file;

	return fstat(db->dbfd, &dir) == 0 &&
	       fstatat(db->dbfd, name, &file, AT_SYMLINK_NOFOLLOW) == 0 &&
	       S_ISDIR(dir.st_mode) && S_ISREG(file.st_mode) &&
	       dir.st_uid == geteuid() && file.st_uid == geteuid() &&
	       !(dir.st_mode & 022) && !(file.st_mode & 022);
}

/* The lines of database file NAME; none when it is missing. */
int db_load_lines(const struct db *db, const char *name, struct strlist *out)
{
	struct buf text = {0};
	char *line, *save = NULL;

	if (read_file(db->dbfd, name, &text) < 0) {
		if (errno != ENOENT)
			return -1;
		fail_clear();
		return 0;
	}
	for (line = strtok_r(text.data, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		strlist_add(out, line);
	buf_free(&text);
	return 0;
}

int db_read_installed(const struct db *db, struct pkglist *out)
{
	struct buf text = {0};
	int rc;

	if (read_file(db->dbfd, "installed", &text) < 0) {
		if (errno != ENOENT)
			return -1;
		fail_clear();
		return 0;
	}
	rc = pkg_parse_all(text.data, DB_DIR "/installed", out);
	buf_free(&text);
	return rc;
}

static int map_files_index(struct db *db)
{
	struct stat st;
	int fd = openat(db->dbfd, "files", O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	void *p;

	if (fd < 0)
		return errno == ENOENT ? 0 :
					 fail_errno("cannot open " DB_DIR "/files");
	if (fstat(fd, &st) < 0) {
		close(fd);
		return fail_errno("cannot stat " DB_DIR "/files");
	}
	if (st.st_size > 0) {
		p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd,
			 0);
		if (p == MAP_FAILED) {
			close(fd);
			return fail_errno("cannot map " DB_DIR "/files");
		}
		db->files = p;
		db->files_len = (size_t)st.st_size;
	}
	close(fd);
	return 0;
}

int db_remap_files(struct db *db)
{
	if (db->files)
		munmap((void *)db->files, db->files_len);
	db->files = NULL;
	db->files_len = 0;
	return map_files_index(db);
}

static void find_last_txn(struct db *db)
{
	int fd = openat(db->dbfd, "history", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *de;

	if (!d) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((de = readdir(d))) {
		uint64_t n;

		if (parse_u64(de->d_name, &n) == 0 && n > db->last_txn)
			db->last_txn = n;
	}
	closedir(d);
}

int db_lock(struct db *db, enum db_mode mode)
{
	int op = mode == DB_WRITE ? LOCK_EX : LOCK_SH;

	if (flock(db->lockfd, op | LOCK_NB) == 0)
		return 0;
	if (errno != EWOULDBLOCK)
		return fail_errno("cannot lock %s/" DB_DIR "/lock", db->root);
	warnx_("waiting for another nip to finish with %s", db->root);
	if (flock(db->lockfd, op) < 0)
		return fail_errno("cannot lock %s/" DB_DIR "/lock", db->root);
	return 0;
}

void db_unlock(struct db *db)
{
	flock(db->lockfd, LOCK_UN);
}

int db_open_unlocked(struct db *db, const char *root, enum db_mode mode)
{
	memset(db, 0, sizeof(*db));
	db->root = root;
	db->dbfd = db->lockfd = -1;
	db->rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (db->rootfd < 0)
		return fail_errno("cannot open root %s", root);
	if (mode == DB_WRITE && mkdir_parents(db->rootfd, DB_DIR, 0755) < 0)
		return -1;
	db->dbfd = open_dir_beneath(db->rootfd, DB_DIR, 0, 0);
	if (db->dbfd < 0)
		return errno == ENOENT && mode == DB_READ ?
			       0 :
			       fail_errno("cannot open %s/" DB_DIR, db->root);
	db->lockfd = openat(db->dbfd, "lock",
			    mode == DB_WRITE ? O_RDWR | O_CREAT | O_CLOEXEC :
					       O_RDONLY | O_CLOEXEC,
			    0644);
	if (db->lockfd < 0)
		return errno == ENOENT && mode == DB_READ ?
			       0 :
			       fail_errno("cannot open %s/" DB_DIR "/lock",
					  db->root);
	return 0;
}

int db_load(struct db *db)
{
	if (db_read_installed(db, &db->installed) < 0 || db_load_lines(db, "world", &db->world) < 0 ||
	    db_load_lines(db, "serials", &db->serials) < 0 ||
	    db_remap_files(db) < 0)
		return -1;
	find_last_txn(db);
	return 0;
}

void db_close(struct db *db)
{
	if (db->files)
		munmap((void *)db->files, db->files_len);
	pkglist_free(&db->installed, 1);
	strlist_free(&db->world);
	strlist_free(&db->serials);
	if (db->lockfd >= 0)
		close(db->lockfd);
	if (db->dbfd >= 0)
		close(db->dbfd);
	if (db->rootfd >= 0)
		close(db->rootfd);
	db->lockfd = db->dbfd = db->rootfd = -1;
}

int db_read_manifest_text(struct db *db, const char *name, struct buf *out)
{
	char *path = xasprintf("manifests/%s", name);
	int rc = read_file(db->dbfd, path, out);

	free(path);
	return rc;
}

int db_load_manifest(struct db *db, const char *name, struct npk_manifest *m)
{
	struct buf text = {0};
	char *what = xasprintf("installed package %s", name);
	int rc = db_read_manifest_text(db, name, &text);

	if (rc == 0)
		rc = manifest_parse(m, text.data, what);
	buf_free(&text);
	free(what);
	return rc;
}

int db_owner_changed(const struct db *db, const struct stat *st,
		     const struct npk_file *f)
{
	struct stat dbst;

	if (db->dbfd < 0 || fstat(db->dbfd, &dbst) < 0 || dbst.st_uid != 0)
		return 0;
	return st->st_uid != f->uid || st->st_gid != f->gid;
}

void db_files_line(struct buf *out, const char *path, const char *owner)
{
	path_encode(out, path);
	buf_printf(out, "\t%s\n", owner);
}

/* Start of the line containing offset POS. */
static size_t line_start(const char *s, size_t pos)
{
	while (pos > 0 && s[pos - 1] != '\n')
		pos--;
	return pos;
}

/* Compare the key (path) of the line at POS with KEY (encoded path). */
static int cmp_line(const char *s, size_t len, size_t pos, const char *key,
		    size_t keylen)
{
	size_t i = 0;

	for (; i < keylen && pos + i < len; i++) {
		unsigned char a = (unsigned char)s[pos + i];
		unsigned char b = (unsigned char)key[i];

		if (a == '\t')
			return -1;
		if (a != b)
			return a < b ? -1 : 1;
	}
	return pos + i < len && s[pos + i] == '\t' ? 0 : 1;
}

size_t db_owners(const struct db *db, const char *path,
		 void (*fn)(const char *owner, void *arg), void *arg)
{
	struct buf key = {0};
	size_t lo = 0, hi = db->files_len, count = 0;
	const char *s = db->files;

	if (!s)
		return 0;
	path_encode(&key, path);
	/* Lower bound over line starts: first line whose key >= KEY. */
	while (lo < hi) {
		/* lo is a line start, so the probe's line starts at or after it. */
		size_t mid = line_start(s, lo + (hi - lo) / 2);

		if (cmp_line(s, db->files_len, mid, key.data, key.len) < 0) {
			const char *nl = memchr(s + mid, '\n',
						db->files_len - mid);

			lo = nl ? (size_t)(nl - s) + 1 : db->files_len;
		} else {
			hi = mid;
		}
	}
	while (lo < db->files_len &&
	       cmp_line(s, db->files_len, lo, key.data, key.len) == 0) {
		const char *owner = s + lo + key.len + 1;
		const char *nl = memchr(owner, '\n', db->files_len -
							     (size_t)(owner - s));
		size_t olen = nl ? (size_t)(nl - owner) :
				   db->files_len - (size_t)(owner - s);
		char *copy = xstrndup(owner, olen);

		fn(copy, arg);
		free(copy);
		count++;
		lo = nl ? (size_t)(nl - s) + 1 : db->files_len;
	}
	buf_free(&key);
	return count;
}

struct other_owner {
	const char *except;
	char *found;
};

static void pick_other(const char *owner, void *arg)
{
	struct other_owner *o = arg;

	if (!o->found && (!o->except || strcmp(owner, o->except) != 0))
		o->found = xstrdup(owner);
}

char *db_other_owner(const struct db *db, const char *path,
		     const char *except)
{
	struct other_owner o = {except, NULL};

	db_owners(db, path, pick_other, &o);
	return o.found;
}

/* "SERIAL URL": the serial, and URL as its repository key. */
static int serial_line(const char *line, uint64_t *serial, char **key)
{
	const char *space = strchr(line, ' ');
	char *num;
	int rc;

	if (!space)
		return -1;
	num = xstrndup(line, (size_t)(space - line));
	rc = parse_u64(num, serial);
	free(num);
	if (rc < 0)
		return -1;
	/* Lines written before keys were canonical are read as keys too. */
	*key = url_repo_key(space + 1);
	return 0;
}

uint64_t db_seen_serial(const struct db *db, const char *key)
{
	uint64_t best = 0;

	for (size_t i = 0; i < db->serials.n; i++) {
		uint64_t n;
		char *k;

		if (serial_line(db->serials.v[i], &n, &k) < 0)
			continue;
		if (strcmp(k, key) == 0 && n > best)
			best = n;
		free(k);
	}
	return best;
}

void db_merge_serials(const struct strlist *seen, const struct repo *repos,
		      size_t nrepos, struct strlist *out)
{
	uint64_t *best = xcalloc(nrepos ? nrepos : 1, sizeof(*best));

	for (size_t r = 0; r < nrepos; r++)
		best[r] = repos[r].verified ? repos[r].serial : 0;
	for (size_t i = 0; i < seen->n; i++) {
		int merged = 0;
		uint64_t n;
		char *k;

		if (serial_line(seen->v[i], &n, &k) < 0) {
			strlist_add(out, seen->v[i]);
			continue;
		}
		for (size_t r = 0; r < nrepos; r++) {
			if (!repos[r].verified || strcmp(k, repos[r].url) != 0)
				continue;
			merged = 1;
			if (n > best[r])
				best[r] = n;
		}
		if (!merged)
			strlist_add(out, seen->v[i]);
		free(k);
	}
	for (size_t r = 0; r < nrepos; r++) {
		int dup = 0;

		for (size_t q = 0; q < r; q++)
			dup |= repos[q].verified &&
			       strcmp(repos[q].url, repos[r].url) == 0;
		if (repos[r].verified && !dup)
			strlist_add_owned(out, xasprintf("%" PRIu64 " %s",
							 best[r], repos[r].url));
	}
	free(best);
	strlist_sort(out);
}

int db_record_serials(struct db *db, const struct repo *repos, size_t nrepos)
{
	struct strlist merged = {0};
	struct buf text = {0};
	int rc = 0;

	db_merge_serials(&db->serials, repos, nrepos, &merged);
	if (!strlist_equal(&merged, &db->serials)) {
		db_format_lines(&merged, &text);
		rc = write_file_atomic(db->dbfd, "serials",
				       text.data ? text.data : "", text.len,
				       0644);
		if (rc == 0 && fs_fsync(db->dbfd) < 0)
			rc = fail_errno("cannot sync " DB_DIR);
	}
	buf_free(&text);
	if (rc == 0) {
		strlist_free(&db->serials);
		db->serials = merged;
	} else {
		strlist_free(&merged);
	}
	return rc;
}

void db_format_installed(const struct pkglist *l, struct buf *out)
{
	for (size_t i = 0; i < l->n; i++)
		pkg_write(out, l->v[i]);
}

void db_format_lines(const struct strlist *lines, struct buf *out)
{
	for (size_t i = 0; i < lines->n; i++)
		buf_printf(out, "%s\n", lines->v[i]);
}
