/* Package records and their shared text form. */
#include "pkg.h"

#include <stdlib.h>
#include <string.h>

void pkg_write(struct buf *out, const struct pkg *p)
{
	buf_printf(out, "package %s\n", p->file);
	meta_write(out, &p->meta);
	buf_printf(out, "identity %s\nfile-hash %s\nfile-size %llu\n"
			"installed-size %llu\n",
		   p->identity, p->file_hash,
		   (unsigned long long)p->file_size,
		   (unsigned long long)p->installed_size);
}

static int take_hash(char out[HASH_HEX], const char *value)
{
	if (out[0] || !hex_valid(value, HASH_HEX - 1))
		return -1;
	memcpy(out, value, HASH_HEX);
	return 1;
}

static int pkg_take_line(struct pkg *p, const char *key, const char *value)
{
	if (strcmp(key, "identity") == 0)
		return take_hash(p->identity, value);
	if (strcmp(key, "file-hash") == 0)
		return take_hash(p->file_hash, value);
	if (strcmp(key, "file-size") == 0)
		return parse_u64(value, &p->file_size) < 0 ? -1 : 1;
	if (strcmp(key, "installed-size") == 0)
		return parse_u64(value, &p->installed_size) < 0 ? -1 : 1;
	return meta_take_line(&p->meta, key, value);
}

static const char *pkg_finish(struct pkg *p, struct buf *why)
{
	const char *bad = meta_invalid_reason(&p->meta, why);

	if (bad)
		return bad;
	if (!p->identity[0] || !p->file_hash[0])
		return "missing identity or file-hash";
	if (strchr(p->file, '/') || p->file[0] == '.')
		return "bad package file name";
	p->full_version = meta_full_version(&p->meta);
	return NULL;
}

int pkg_parse_all(const char *text, const char *what, struct pkglist *out)
{
	char *copy = xstrdup(text), *line = copy, *next;
	struct pkg *cur = NULL;
	struct buf why = {0};
	const char *err = NULL;
	unsigned lineno = 0;

	for (; *line && !err; line = next) {
		char *value;

		next = strchr(line, '\n');
		if (!next) {
			err = "last line does not end in a newline";
			break;
		}
		*next++ = '\0';
		lineno++;
		value = strchr(line, ' ');
		if (!value) {
			err = "expected 'key value'";
			break;
		}
		*value++ = '\0';
		if (strcmp(line, "package") == 0) {
			if (cur && (err = pkg_finish(cur, &why)))
				break;
			cur = xcalloc(1, sizeof(*cur));
			cur->file = xstrdup(value);
			pkglist_add(out, cur);
			continue;
		}
		if (!cur) {
			err = "expected 'package FILE' first";
			break;
		}
		int r = pkg_take_line(cur, line, value);

		if (r == 0)
			err = "unknown key";
		else if (r < 0)
			err = "bad or repeated value";
	}
	if (!err && cur)
		err = pkg_finish(cur, &why);
	if (err)
		fail_code(NIP_EXIT_TRUST, "%s: line %u: %s", what, lineno, err);
	buf_free(&why);
	free(copy);
	return err ? -1 : 0;
}

void pkg_free(struct pkg *p)
{
	if (!p)
		return;
	meta_free(&p->meta);
	free(p->file);
	free(p->full_version);
	free(p);
}

void pkglist_add(struct pkglist *l, struct pkg *p)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xrealloc(l->v, l->cap * sizeof(struct pkg *));
	}
	l->v[l->n++] = p;
}

void pkglist_free(struct pkglist *l, int free_items)
{
	if (free_items)
		for (size_t i = 0; i < l->n; i++)
			pkg_free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

int pkg_is(const struct pkg *p, const char *name)
{
	return p->meta.name && strcmp(p->meta.name, name) == 0;
}

struct pkg *pkglist_find(const struct pkglist *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (pkg_is(l->v[i], name))
			return l->v[i];
	return NULL;
}

static int cmp_pkg(const void *a, const void *b)
{
	const struct pkg *x = *(struct pkg *const *)a;
	const struct pkg *y = *(struct pkg *const *)b;

	return strcmp(x->meta.name, y->meta.name);
}

void pkglist_sort(struct pkglist *l)
{
	if (l->n)
		qsort(l->v, l->n, sizeof(struct pkg *), cmp_pkg);
}

static void index_under(struct pkgindex *x, const char *name, struct pkg *p)
{
	size_t slot = strmap_put(&x->map, name, x->n);

	if (slot == x->n) {
		if (x->n == x->cap) {
			x->cap = x->cap ? x->cap * 2 : 64;
			x->lists = xrealloc(x->lists,
					    x->cap * sizeof(*x->lists));
		}
		memset(&x->lists[x->n++], 0, sizeof(*x->lists));
	}
	pkglist_add(&x->lists[slot], p);
}

void pkgindex_add(struct pkgindex *x, struct pkg *p)
{
	index_under(x, p->meta.name, p);
	for (size_t i = 0; i < p->meta.provides.n; i++) {
		/* The map borrows keys: the provide's name lives in P. */
		const char *prov = p->meta.provides.v[i];
		size_t len = strcspn(prov, "<>=");

		if (prov[len] == '\0') {
			index_under(x, prov, p);
		} else {
			char *name = xstrndup(prov, len);
			size_t slot;

			if (strmap_get(&x->map, name, &slot)) {
				pkglist_add(&x->lists[slot], p);
				free(name);
			} else {
				strlist_add_owned(&x->owned_keys, name);
				index_under(x, name, p);
			}
		}
	}
}

const struct pkglist *pkgindex_get(const struct pkgindex *x, const char *name)
{
	static const struct pkglist none;
	size_t slot;

	return strmap_get(&x->map, name, &slot) ? &x->lists[slot] : &none;
}

void pkgindex_free(struct pkgindex *x)
{
	for (size_t i = 0; i < x->n; i++)
		pkglist_free(&x->lists[i], 0);
	free(x->lists);
	strmap_free(&x->map);
	strlist_free(&x->owned_keys);
	memset(x, 0, sizeof(*x));
}

int pkg_satisfies(const struct pkg *p, const struct dep *d)
{
	if (strcmp(p->meta.name, d->name) == 0 &&
	    dep_version_matches(d, p->full_version))
		return 1;
	for (size_t i = 0; i < p->meta.provides.n; i++) {
		struct dep prov;
		int ok;

		if (dep_parse(p->meta.provides.v[i], &prov) < 0)
			continue;
		/* "provides: sh" satisfies only unversioned "sh". */
		ok = strcmp(prov.name, d->name) == 0 &&
		     (d->op == DEP_ANY ||
		      (prov.op == DEP_EQ && dep_version_matches(d, prov.version)));
		dep_free(&prov);
		if (ok)
			return 1;
	}
	return 0;
}
