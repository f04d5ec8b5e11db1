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
			      const struct pkgindex *cands, const struct dep *d)
{
	const struct pkglist *l = pkgindex_get(cands, d->name);
	const struct pkg *best = NULL;
	int by_name = 0;

	for (size_t i = 0; i < l->n; i++) {
		const struct pkg *p = l->v[i];
		int named = pkg_is(p, d->name);

		/* A package named as asked beats one that provides it. */
		if (!pkg_satisfies(p, d) || (by_name && !named))
			continue;
		if (named && !by_name) {
			by_name = 1;
			best = NULL;
		}
		if (better(req, p, best))
			best = p;
	}
	return best;
}

/* The chosen package satisfying D, or named NAME when D is NULL. */
static const struct pkg *chosen(const struct pkgindex *picked,
				const char *name, const struct dep *d)
{
	const struct pkglist *l = pkgindex_get(picked, name);

	for (size_t i = 0; i < l->n; i++)
		if (d ? pkg_satisfies(l->v[i], d) : pkg_is(l->v[i], name))
			return l->v[i];
	return NULL;
}

static void describe_available(const struct pkgindex *cands, const char *name,
			       struct buf *out)
{
	const struct pkglist *l = pkgindex_get(cands, name);

	for (size_t i = 0; i < l->n; i++)
		if (pkg_is(l->v[i], name))
			buf_printf(out, " %s", l->v[i]->full_version);
}

static int unsatisfiable(const struct pkgindex *cands, const struct want *w,
			 const struct dep *d)
{
	struct buf avail = {0};
	const char *who = w->required_by ? w->required_by : "the world file";

	describe_available(cands, d->name, &avail);
	fail_code(NIP_EXIT_DEPS,
		  "%s requires %s, but no package provides it%s%s%s", who,
		  w->constraint, avail.len ? " (available:" : "",
		  avail.len ? avail.data : "", avail.len ? ")" : "");
	buf_free(&avail);
	return -1;
}

static int check_conflicts(const struct pkglist *target,
			   const struct pkgindex *picked)
{
	for (size_t i = 0; i < target->n; i++) {
		const struct pkg *p = target->v[i];

		for (size_t c = 0; c < p->meta.conflicts.n; c++) {
			const struct pkglist *l;
			struct dep d;

			if (dep_parse(p->meta.conflicts.v[c], &d) < 0)
				continue;
			l = pkgindex_get(picked, d.name);
			for (size_t j = 0; j < l->n; j++) {
				const struct pkg *q = l->v[j];

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

static void push(struct want **queue, size_t *n, size_t *cap,
		 const char *constraint, const char *required_by)
{
	if (*n == *cap) {
		*cap = *cap * 2 + 16;
		*queue = xrealloc(*queue, *cap * sizeof(**queue));
	}
	(*queue)[(*n)++] = (struct want){xstrdup(constraint), required_by};
}

int solve(const struct solve_request *req, struct pkglist *target,
	  struct strlist *why)
{
	struct pkgindex cands = {0}, picked = {0};
	struct want *queue = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;

	for (size_t i = 0; i < req->installed->n; i++)
		pkgindex_add(&cands, req->installed->v[i]);
	for (size_t i = 0; i < req->available->n; i++)
		pkgindex_add(&cands, req->available->v[i]);
	for (size_t i = 0; i < req->world->n; i++)
		push(&queue, &n, &cap, req->world->v[i], NULL);
	for (size_t head = 0; head < n && rc == 0; head++) {
		const struct want w = queue[head];
		const char *who = w.required_by ? w.required_by :
						  "the world file";
		const struct pkg *p, *same;
		struct dep d;

		if (dep_parse(w.constraint, &d) < 0) {
			rc = fail_code(NIP_EXIT_DEPS, "bad constraint '%s'",
				       w.constraint);
			break;
		}
		if (chosen(&picked, d.name, &d)) {
			dep_free(&d);
			continue;
		}
		same = chosen(&picked, d.name, NULL);
		p = pick(req, &cands, &d);
		if (same)
			rc = fail_code(NIP_EXIT_DEPS,
				       "%s requires %s, but %s %s is already "
				       "required",
				       who, w.constraint, same->meta.name,
				       same->full_version);
		else if (!p)
			rc = unsatisfiable(&cands, &w, &d);
		else if (chosen(&picked, p->meta.name, NULL))
			rc = fail_code(NIP_EXIT_DEPS,
				       "%s requires %s, which clashes with the "
				       "%s already chosen",
				       who, w.constraint, p->meta.name);
		dep_free(&d);
		if (rc < 0 || !p)	/* no p means rc was set above */
			break;
		pkglist_add(target, (struct pkg *)p);
		pkgindex_add(&picked, (struct pkg *)p);
		if (why)
			strlist_add_owned(why, xasprintf("%s %s", p->meta.name,
							 w.required_by ?
								 w.required_by :
								 "-"));
		for (size_t i = 0; i < p->meta.depends.n; i++)
			push(&queue, &n, &cap, p->meta.depends.v[i],
			     p->meta.name);
	}
	if (rc == 0)
		rc = check_conflicts(target, &picked);
	for (size_t i = 0; i < n; i++)
		free(queue[i].constraint);
	free(queue);
	pkgindex_free(&cands);
	pkgindex_free(&picked);
	if (rc < 0) {
		pkglist_free(target, 0);
		return -1;
	}
	pkglist_sort(target);
	return 0;
}

const char *solve_required_by(const struct strlist *why, const char *name)
{
	size_t len = strlen(name);

	for (size_t i = 0; i < why->n; i++) {
		const char *line = why->v[i];

		if (strncmp(line, name, len) == 0 && line[len] == ' ')
			return strcmp(line + len + 1, "-") ? line + len + 1 :
							     NULL;
	}
	return NULL;
}
