/* The database files a transaction writes, built from its plan. */
#define _GNU_SOURCE
#include "txn.h"
#include "strmap.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A new package's index line, in one shared buffer; FILE: no folder. */
struct new_line {
	const char *line;
	size_t off;	/* in the buffer, while it still moves */
	int file;
};

static int cmp_new_line(const void *a, const void *b)
{
	return strcmp(((const struct new_line *)a)->line,
		      ((const struct new_line *)b)->line);
}

/* Does LINE (an index line) name PATH (LEN bytes, encoded)? */
static int names(const char *line, const char *path, size_t len)
{
	return strncmp(line, path, len) == 0 && line[len] == '\t';
}

/*
 * Is the old line for PATH taken over by a new file line? Those with
 * its path sit around NEXT in the sorted new lines (folders are shared,
 * so several may).
 */
static int taken_over(const struct new_line *v, size_t n, size_t next,
		      const char *path, size_t len)
{
	for (size_t k = next; k < n && names(v[k].line, path, len); k++)
		if (v[k].file)
			return 1;
	for (size_t k = next; k-- > 0 && names(v[k].line, path, len);)
		if (v[k].file)
			return 1;
	return 0;
}

/*
 * The new "PATH<TAB>OWNER" index: the old lines that stay, merged in
 * order with the new packages' lines. Old lines are matched in place,
 * on their encoded path and owner, and the new ones share one buffer:
 * the whole index of a large transaction is built in about its own
 * size, the last step of a transaction, where memory peaks.
 */
static void files_index(struct txn *t, struct buf *out)
{
	struct strmap changing = {0};
	struct buf lines = {0};
	struct new_line *v;
	const char *s = t->db->files, *end = s + t->db->files_len;
	size_t n = 0, next = 0, unused;

	for (size_t i = 0; i < t->nchanges; i++) {
		struct change *c = &t->changes[i];

		if (c->old)
			strmap_put(&changing, c->old->meta.name, i);
		for (size_t f = 0; c->new_pkg && f < c->new_m.nfiles; f++)
			n += c->stage_op[f] != STAGE_LOST;
	}
	v = xcalloc(n ? n : 1, sizeof(*v));
	/* Offsets first: the buffer moves while it grows. */
	n = 0;
	for (size_t i = 0; i < t->nchanges; i++) {
		const struct change *c = &t->changes[i];

		for (size_t f = 0; c->new_pkg && f < c->new_m.nfiles; f++) {
			const struct npk_file *file = &c->new_m.files[f];

			if (c->stage_op[f] == STAGE_LOST)
				continue;
			v[n].off = lines.len;
			v[n++].file = file->type != FT_DIR;
			db_files_line(&lines, file->path, c->new_pkg->meta.name);
			buf_add(&lines, "", 1);	/* each line a string */
		}
	}
	for (size_t k = 0; k < n; k++)
		v[k].line = lines.data + v[k].off;
	qsort(v, n, sizeof(*v), cmp_new_line);
	out->cap = out->len + t->db->files_len + lines.len + 1;
	out->data = xrealloc(out->data, out->cap);
	while (s && s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t len = nl ? (size_t)(nl - s) + 1 : (size_t)(end - s);
		const char *tab = memchr(s, '\t', len);
		size_t pathlen = tab ? (size_t)(tab - s) : 0;
		size_t ownerlen = tab ? len - pathlen - 1 - (nl != NULL) : 0;

		while (next < n && strncmp(v[next].line, s, len) < 0)
			buf_adds(out, v[next++].line);
		/* A file taken over through "replaces" changes hands. */
		if (tab && !strmap_get_n(&changing, tab + 1, ownerlen, &unused) &&
		    !taken_over(v, n, next, s, pathlen))
			buf_add(out, s, len);
		s += len;
	}
	while (next < n)
		buf_adds(out, v[next++].line);
	free(v);
	buf_free(&lines);
	strmap_free(&changing);
}

static void history(struct txn *t, struct buf *out)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	uint64_t when = (uint64_t)time(NULL);

	/* Image builds record the build date, not the wall clock. */
	if (sde)
		parse_u64(sde, &when);
	buf_printf(out, "nip-history 1\nid %llu\ntime %llu\ncommand %s\n",
		   (unsigned long long)t->id, (unsigned long long)when,
		   t->command);
	for (size_t i = 0; i < t->db->world.n; i++)
		buf_printf(out, "world-before %s\n", t->db->world.v[i]);
	for (size_t i = 0; i < t->world->n; i++)
		buf_printf(out, "world-after %s\n", t->world->v[i]);
	for (size_t i = 0; i < t->nchanges; i++) {
		const struct pkg *o = t->changes[i].old;
		const struct pkg *n = t->changes[i].new_pkg;

		if (o && n)
			buf_printf(out, "upgrade %s %s %s %s %s\n", n->meta.name,
				   o->full_version, o->identity,
				   n->full_version, n->identity);
		else if (n)
			buf_printf(out, "install %s %s %s\n", n->meta.name,
				   n->full_version, n->identity);
		else if (o)
			buf_printf(out, "remove %s %s %s\n", o->meta.name,
				   o->full_version, o->identity);
	}
}

int txn_db_content(struct txn *t, const char *name, struct buf *out)
{
	if (strcmp(name, "installed") == 0) {
		db_format_installed(t->target, out);
	} else if (strcmp(name, "world") == 0) {
		db_format_lines(t->world, out);
	} else if (strcmp(name, "serials") == 0) {
		db_format_lines(&t->serials, out);
	} else if (strcmp(name, "files") == 0) {
		files_index(t, out);
	} else if (strncmp(name, "history/", 8) == 0) {
		history(t, out);
	} else {
		return fail("internal error: unknown database file %s", name);
	}
	return 0;
}
