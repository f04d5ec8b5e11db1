/*
 * Recipes: npk-recipes/NAME/NAME.npk.yaml, read with libyaml. Every key
 * at every level is checked; an unknown or malformed one is an error
 * naming file, line and column. The format is in npk-recipes/README.md.
 */
#ifndef NIP_RECIPE_H
#define NIP_RECIPE_H

#include <stdint.h>

#include "meta.h"

/*
 * One pinned source: a Debian source package's file, a Debian binary
 * package (a .deb, e.g. linux-source-6.1), or a file in the recipe folder.
 */
struct source {
	char *debian;	/* Debian source package, or NULL */
	char *deb;	/* Debian binary package, or NULL */
	char *version;	/* its Debian version */
	char *file;	/* orig tarball name, or path in the recipe folder */
	char *sha256;	/* 64 hex digits; NULL allowed for recipe files */
};

/* A mode the staged tree cannot carry by itself (e.g. 0600). */
struct mode_override {
	char *path;
	unsigned mode;
};

/*
 * A package split off the build's DESTDIR: the paths matching PATHS
 * (fnmatch patterns; a matching directory goes whole) move into it.
 * Version, release, license and homepage are the recipe's own.
 */
struct split {
	struct npk_meta meta;
	struct strlist paths;
};

struct recipe {
	struct npk_meta meta;
	struct split *splits;
	size_t nsplits;
	struct mode_override *modes;
	size_t nmodes;
	struct source *sources;
	size_t nsources;
	struct strlist patches;		/* paths in the recipe folder */
	struct strlist build_depends;	/* constraints */
	char *build;			/* shell script */
	uint64_t source_date_epoch;	/* 0: not given */
};

int recipe_load(const char *path, struct recipe *r);
/* Is S fetched from Debian's archive (source or binary package)? */
int source_from_archive(const struct source *s);
void recipe_free(struct recipe *r);

#endif
