/*
 * A deterministic closure solver in the spirit of apk's world model:
 * every constraint in the world and every dependency of a chosen package
 * must be met by one chosen package (by name or provides). Installed
 * packages are kept unless an upgrade was asked for; otherwise the
 * newest candidate wins. No backtracking: a clash is reported, naming
 * both sides, and nothing is changed.
 */
#include "solver.h"

#include <stdlib.h>
#include <string.h>

struct want {
	char *constraint;
	const char *required_by;	/* package name, or NULL: the world */
};

static int wants_upgrade(const struct solve_request *req, const char *name)
{
	return req->upgrade_all ||
	       (req->upgrade && strlist_contains(req->upgrade, name));
}

static int pinned(const struct solve_request *req, const struct pkg *p)
{
	return req->pinned_identities &&
	       strlist_contains(req->pinned_identities, p->identity);
}

/* Is A a better choice than B for the same constraint? */
static int better(const struct solve_request *req, const struct pkg *a,
		  const struct pkg *b)
{
	int c;

	if (!b)
		return 1;
	if (pinned(req, a) != pinned(req, b))
		return pinned(req, a);
	if (!req->pinned_identities && !wants_upgrade(req, a->meta.name) &&
	    (a->repo == NULL) != (b->repo == NULL))
		return a->repo == NULL;
	c = version_compare(a->full_version, b->full_version);
	if (c != 0)
		return c > 0;
	/* Same version: the installed copy, then the first repository. */
	return a->repo == NULL && b->repo != NULL;
}

static const struct pkg *pick(const struct solve_request *req,
			      const struct dep *d)
{
	const struct pkglist *lists[] = {req->installed, req->available};
	const struct pkg *best = NULL;
	int by_name = 0;

	for (int l = 0; l < 2; l++) {
		for (size_t i = 0; i < lists[l]->n; i++) {
			const struct pkg *p = lists[l]->v[i];
			int named = strcmp(p->meta.name, d->name) == 0;

			if (!pkg_satisfies(p, d) || (by_name && !named))
				continue;
			if (named && !by_name) {
				by_name = 1;
				best = NULL;
			}
			if (better(req, p, best))
				best = p;
		}
	}
	return best;
}

static const struct pkg *chosen_satisfying(const struct pkglist *target,
					   const struct dep *d)
{
	for (size_t i = 0; i < target->n; i++)
		if (pkg_satisfies(target->v[i], d))
			return target->v[i];
	return NULL;
}

static void describe_available(const struct solve_request *req,
			       const char *name, struct buf *out)
{
	const struct pkglist *lists[] = {req->installed, req->available};

	for (int l = 0; l < 2 && name; l++)
		for (size_t i = 0; i < lists[l]->n; i++)
			if (pkg_is(lists[l]->v[i], name))
				buf_printf(out, " %s", lists[l]->v[i]->full_version);
}

static int unsatisfiable(const struct solve_request *req, const struct want *w,
			 const struct dep *d)
{
	struct buf avail = {0};
	const char *who = w->required_by ? w->required_by : "the world file";

	describe_available(req, d->name, &avail);
	fail_code(NIP_EXIT_DEPS,
		  "%s requires %s, but no package provides it%s%s%s", who,
		  w->constraint, avail.len ? " (available:" : "",
		  avail.len ? avail.data : "", avail.len ? ")" : "");
	buf_free(&avail);
	return -1;
}

static int check_conflicts(const struct pkglist *target)
{
	for (size_t i = 0; i < target->n; i++) {
		const struct pkg *p = target->v[i];

		for (size_t c = 0; c < p->meta.conflicts.n; c++) {
			struct dep d;

			if (dep_parse(p->meta.conflicts.v[c], &d) < 0)
				continue;
			for (size_t j = 0; j < target->n; j++) {
				const struct pkg *q = target->v[j];

				if (q == p || !pkg_satisfies(q, &d))
					continue;
				fail_code(NIP_EXIT_DEPS,
					  "%s %s conflicts with %s (%s %s is "
					  "also required)",
					  p->meta.name, p->full_version,
					  p->meta.conflicts.v[c], q->meta.name,
					  q->full_version);
				dep_free(&d);
				return -1;
			}
			dep_free(&d);
		}
	}
	return 0;
}

/* Record who pulled each package in, for messages. */
static struct strlist required_by;

int solve(const struct solve_request *req, struct pkglist *target)
{
	struct want *queue = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;

	strlist_free(&required_by);
	for (size_t i = 0; i < req->world->n; i++) {
		if (n == cap)
			queue = xrealloc(queue, (cap = cap * 2 + 16) *
							sizeof(*queue));
		queue[n++] = (struct want){xstrdup(req->world->v[i]), NULL};
	}
	for (size_t head = 0; head < n && rc == 0; head++) {
		struct want *w = &queue[head];
		const struct pkg *p, *same;
		struct dep d;

		if (dep_parse(w->constraint, &d) < 0) {
			rc = fail_code(NIP_EXIT_DEPS, "bad constraint '%s'",
				       w->constraint);
			break;
		}
		if (chosen_satisfying(target, &d)) {
			dep_free(&d);
			continue;
		}
		same = pkglist_find(target, d.name);
		p = pick(req, &d);
		if (same || !p) {
			rc = same ? fail_code(NIP_EXIT_DEPS,
					      "%s requires %s, but %s %s is "
					      "already required",
					      w->required_by ? w->required_by :
							       "the world file",
					      w->constraint, same->meta.name,
					      same->full_version) :
				    unsatisfiable(req, w, &d);
			dep_free(&d);
			break;
		}
		dep_free(&d);
		if (pkglist_find(target, p->meta.name)) {
			rc = fail_code(NIP_EXIT_DEPS,
				       "%s requires %s, which clashes with the "
				       "%s already chosen",
				       w->required_by ? w->required_by :
							"the world file",
				       w->constraint, p->meta.name);
			break;
		}
		pkglist_add(target, (struct pkg *)p);
		strlist_add_owned(&required_by,
				  xasprintf("%s %s", p->meta.name,
					    w->required_by ? w->required_by :
							     "-"));
		for (size_t i = 0; i < p->meta.depends.n; i++) {
			if (n == cap)
				queue = xrealloc(queue, (cap = cap * 2 + 16) *
								sizeof(*queue));
			queue[n++] = (struct want){xstrdup(p->meta.depends.v[i]),
						   p->meta.name};
		}
	}
	if (rc == 0)
		rc = check_conflicts(target);
	for (size_t i = 0; i < n; i++)
		free(queue[i].constraint);
	free(queue);
	if (rc < 0) {
		pkglist_free(target, 0);
		return -1;
	}
	pkglist_sort(target);
	return 0;
}

const char *solve_required_by(const struct pkglist *target, const char *name)
{
	size_t len = strlen(name);

	(void)target;
	for (size_t i = 0; i < required_by.n; i++)
		if (strncmp(required_by.v[i], name, len) == 0 &&
		    required_by.v[i][len] == ' ')
			return required_by.v[i] + len + 1;
	return NULL;
}
