/* Writing and reading the canonical manifest. */
#define _GNU_SOURCE
#include "manifest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct npk_file *manifest_add(struct npk_manifest *m)
{
	if (m->nfiles == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 64;
		m->files = xrealloc(m->files, m->cap * sizeof(*m->files));
	}
	memset(&m->files[m->nfiles], 0, sizeof(m->files[0]));
	return &m->files[m->nfiles++];
}

static int cmp_file(const void *a, const void *b)
{
	return strcmp(((const struct npk_file *)a)->path,
		      ((const struct npk_file *)b)->path);
}

void manifest_sort(struct npk_manifest *m)
{
	if (m->nfiles)
		qsort(m->files, m->nfiles, sizeof(*m->files), cmp_file);
}

void manifest_free(struct npk_manifest *m)
{
	for (size_t i = 0; i < m->nfiles; i++) {
		free(m->files[i].path);
		free(m->files[i].target);
	}
	free(m->files);
	meta_free(&m->meta);
	memset(m, 0, sizeof(*m));
}

void manifest_write(struct buf *out, const struct npk_manifest *m)
{
	buf_adds(out, MANIFEST_MAGIC "\n");
	meta_write(out, &m->meta);
	buf_printf(out, "installed-size %llu\n",
		   (unsigned long long)m->installed_size);
	for (size_t i = 0; i < m->nfiles; i++) {
		const struct npk_file *f = &m->files[i];

		buf_printf(out, "file %c %04o %u %u %llu %s ", f->type, f->mode,
			   f->uid, f->gid, (unsigned long long)f->size,
			   f->type == FT_FILE ? f->hash : "-");
		path_encode(out, f->path);
		if (f->type == FT_LINK) {
			buf_adds(out, " ");
			path_encode(out, f->target);
		}
		buf_adds(out, "\n");
	}
}

static int parse_octal(const char *s, unsigned *out)
{
	char *end;
	unsigned long v = strtoul(s, &end, 8);

	if (!*s || *end || v > 07777)
		return -1;
	*out = (unsigned)v;
	return 0;
}

static int parse_uint(const char *s, unsigned *out)
{
	uint64_t v;

	if (parse_u64(s, &v) < 0 || v > 0xffffffffu)
		return -1;
	*out = (unsigned)v;
	return 0;
}

/* "file TYPE MODE UID GID SIZE HASH PATH [TARGET]" */
static const char *parse_file_line(struct npk_manifest *m, char *rest)
{
	char *field[8] = {0};
	size_t n = 0;
	struct npk_file *f;
	uint64_t size;
	const char *why;

	char *save = NULL;

	for (char *tok = strtok_r(rest, " ", &save); tok && n < 8;
	     tok = strtok_r(NULL, " ", &save))
		field[n++] = tok;
	if (n < 7 || strlen(field[0]) != 1)
		return "malformed file line";
	f = manifest_add(m);
	f->type = field[0][0];
	if (f->type != FT_FILE && f->type != FT_DIR && f->type != FT_LINK)
		return "unknown file type (only f, d and l are allowed)";
	if (n != (f->type == FT_LINK ? 8u : 7u))
		return "wrong number of fields in file line";
	if (parse_octal(field[1], &f->mode) < 0 ||
	    parse_uint(field[2], &f->uid) < 0 ||
	    parse_uint(field[3], &f->gid) < 0 ||
	    parse_u64(field[4], &size) < 0)
		return "bad mode, owner or size";
	f->size = size;
	if (f->type == FT_FILE) {
		if (!hex_valid(field[5], HASH_HEX - 1))
			return "bad file hash";
		memcpy(f->hash, field[5], HASH_HEX);
	} else if (strcmp(field[5], "-") != 0 || size != 0) {
		return "directories and links carry no size or hash";
	}
	if (path_decode(field[6]) < 0)
		return "bad escape in path";
	f->path = xstrdup(field[6]);
	if ((why = path_invalid_reason(f->path)) != NULL)
		return why;
	if (f->type == FT_LINK) {
		if (path_decode(field[7]) < 0)
			return "bad escape in link target";
		f->target = xstrdup(field[7]);
		if (!link_target_inside(f->path, f->target))
			return "symlink points outside the root";
	}
	return NULL;
}

int manifest_parse(struct npk_manifest *m, const char *text, const char *what)
{
	char *copy = xstrdup(text), *line = copy, *next;
	struct buf why = {0};
	const char *err = NULL;
	unsigned lineno = 0;
	int seen_size = 0;

	memset(m, 0, sizeof(*m));
	for (; line && *line && !err; line = next) {
		char *space, *value;

		next = strchr(line, '\n');
		if (!next) {
			err = "last line does not end in a newline";
			break;
		}
		*next++ = '\0';
		lineno++;
		if (lineno == 1) {
			if (strcmp(line, MANIFEST_MAGIC) != 0)
				err = "not an npk manifest, or an unsupported "
				      "version";
			continue;
		}
		space = strchr(line, ' ');
		if (!space) {
			err = "expected 'key value'";
			break;
		}
		*space = '\0';
		value = space + 1;
		if (strcmp(line, "file") == 0) {
			err = parse_file_line(m, value);
		} else if (strcmp(line, "installed-size") == 0) {
			if (seen_size++ ||
			    parse_u64(value, &m->installed_size) < 0)
				err = "bad installed-size";
		} else if (m->nfiles) {
			err = "metadata after the file list";
		} else {
			int r = meta_take_line(&m->meta, line, value);

			if (r == 0)
				err = "unknown key";
			else if (r < 0)
				err = "bad or repeated value";
		}
	}
	if (!err && lineno == 0)
		err = "empty manifest";
	if (!err && meta_invalid_reason(&m->meta, &why))
		err = why.data;
	for (size_t i = 1; !err && i < m->nfiles; i++)
		if (strcmp(m->files[i - 1].path, m->files[i].path) >= 0)
			err = "file list not sorted or has duplicates";
	/* Every parent is listed as a directory, so staging never guesses. */
	for (size_t i = 0; !err && i < m->nfiles; i++) {
		const char *path = m->files[i].path;
		const char *slash = strrchr(path, '/');
		const struct npk_file *parent;
		char *dir;

		if (!slash)
			continue;
		dir = xstrndup(path, (size_t)(slash - path));
		parent = manifest_find(m, dir);
		if (!parent || parent->type != FT_DIR)
			err = "a file's parent directory is not listed";
		free(dir);
	}
	if (!err && m->nfiles && m->cap > m->nfiles) {
		/* Packages stay loaded for a whole transaction: no slack. */
		m->files = xrealloc(m->files, m->nfiles * sizeof(*m->files));
		m->cap = m->nfiles;
	}
	if (err) {
		if (lineno)
			fail_code(NIP_EXIT_TRUST, "%s: manifest line %u: %s",
				  what, lineno, err);
		else
			fail_code(NIP_EXIT_TRUST, "%s: manifest: %s", what,
				  err);
		manifest_free(m);
	}
	buf_free(&why);
	free(copy);
	return err ? -1 : 0;
}

const struct npk_file *manifest_find(const struct npk_manifest *m,
				     const char *path)
{
	size_t lo = 0, hi = m->nfiles;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(path, m->files[mid].path);

		if (c == 0)
			return &m->files[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}
