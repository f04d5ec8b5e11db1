/*
 * A package as nip knows it before unpacking: metadata plus the hashes
 * that pin it. Index entries and the installed database share this
 * record and its text form ("package FILE" then key/value lines).
 */
#ifndef NIP_PKG_H
#define NIP_PKG_H

#include <stdint.h>

#include "hash.h"
#include "meta.h"
#include "strmap.h"

struct repo;

struct pkg {
	struct npk_meta meta;
	char identity[HASH_HEX];	/* hash of the manifest */
	char file_hash[HASH_HEX];	/* hash of the .npk file */
	uint64_t file_size, installed_size;
	char *file;			/* file name in its repository */
	char *full_version;		/* VERSION-RELEASE */
	struct repo *repo;		/* NULL: the installed copy */
};

struct pkglist {
	struct pkg **v;
	size_t n, cap;
};

void pkg_write(struct buf *out, const struct pkg *p);
/* Parse "package ..." blocks; WHAT names the source for errors. */
int pkg_parse_all(const char *text, const char *what, struct pkglist *out);
void pkg_free(struct pkg *p);

void pkglist_add(struct pkglist *l, struct pkg *p);
void pkglist_free(struct pkglist *l, int free_items);
struct pkg *pkglist_find(const struct pkglist *l, const char *name);
/* Is P named NAME? */
int pkg_is(const struct pkg *p, const char *name);
void pkglist_sort(struct pkglist *l);

/*
 * Packages by name and by every name they provide, so constraints are
 * looked up, not scanned for: the solver stays linear in the set size.
 */
struct pkgindex {
	struct strmap map;	/* name -> index into lists */
	struct pkglist *lists;
	size_t n, cap;
	struct strlist owned_keys;	/* names cut from "name=version" */
};

void pkgindex_add(struct pkgindex *x, struct pkg *p);
/* Packages named or providing NAME; an empty list when none. */
const struct pkglist *pkgindex_get(const struct pkgindex *x, const char *name);
void pkgindex_free(struct pkgindex *x);

/* Does P satisfy constraint D by name or by one of its provides? */
int pkg_satisfies(const struct pkg *p, const struct dep *d);

#endif
