/* The database files a transaction writes, built from its plan. */
#define _GNU_SOURCE
#include "txn.h"
#include "strmap.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/*
 * The new "PATH<TAB>OWNER" index: the old lines that stay, merged in
 * order with the new packages' lines. Old lines are matched in place, on
 * their encoded path and owner, so a small change costs no allocation
 * per installed file.
 */
static void files_index(struct txn *t, struct buf *out)
{
	struct strmap changing = {0}, transferred = {0};
	struct strlist added = {0}, encoded = {0};
	const char *s = t->db->files, *end = s + t->db->files_len;
	size_t next = 0, unused;

	for (size_t i = 0; i < t->nchanges; i++) {
		struct change *c = &t->changes[i];

		if (c->old)
			strmap_put(&changing, c->old->meta.name, i);
		for (size_t f = 0; c->new_pkg && f < c->new_m.nfiles; f++) {
			const struct npk_file *file = &c->new_m.files[f];
			struct buf line = {0};

			if (c->stage_op[f] == STAGE_LOST)
				continue;
			db_files_line(&line, file->path, c->new_pkg->meta.name);
			/* A file taken over through "replaces" changes hands. */
			if (file->type != FT_DIR) {
				strlist_add_owned(&encoded,
						  xstrndup(line.data,
							   strcspn(line.data,
								   "\t")));
				strmap_put(&transferred,
					   encoded.v[encoded.n - 1], i);
			}
			strlist_add_owned(&added, line.data);
		}
	}
	strlist_sort(&added);
	while (s && s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t len = nl ? (size_t)(nl - s) + 1 : (size_t)(end - s);
		const char *tab = memchr(s, '\t', len);
		size_t pathlen = tab ? (size_t)(tab - s) : 0;
		size_t ownerlen = tab ? len - pathlen - 1 - (nl != NULL) : 0;

		if (tab && !strmap_get_n(&changing, tab + 1, ownerlen, &unused) &&
		    !strmap_get_n(&transferred, s, pathlen, &unused)) {
			while (next < added.n &&
			       strncmp(added.v[next], s, len) < 0)
				buf_adds(out, added.v[next++]);
			buf_add(out, s, len);
		}
		s += len;
	}
	while (next < added.n)
		buf_adds(out, added.v[next++]);
	strlist_free(&added);
	strlist_free(&encoded);
	strmap_free(&changing);
	strmap_free(&transferred);
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
