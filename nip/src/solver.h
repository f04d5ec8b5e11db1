/*
 * What to install: the closure of the world's constraints over the
 * installed and available packages. Pure: it never touches the disk.
 */
#ifndef NIP_SOLVER_H
#define NIP_SOLVER_H

#include "pkg.h"

struct solve_request {
	const struct strlist *world;		/* constraints */
	const struct pkglist *installed;
	const struct pkglist *available;	/* from every repository */
	const struct strlist *upgrade;		/* names to move to newest */
	int upgrade_all;
	/* Rollback: exact packages wanted, by identity, ahead of all else. */
	const struct strlist *pinned_identities;
};

/*
 * Fill TARGET with the chosen packages (borrowed pointers), sorted by
 * name, and, when WHY is not NULL, one "NAME REQUIRER" line per package
 * ("-" for the world). On failure the message names the package and the
 * constraint.
 */
int solve(const struct solve_request *req, struct pkglist *target,
	  struct strlist *why);

/* Who pulled NAME in, from solve()'s WHY; NULL for the world or none. */
const char *solve_required_by(const struct strlist *why, const char *name);

#endif
