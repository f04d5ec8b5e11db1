/*
 * nip build --all: every recipe in a folder, each after the recipes
 * making what it needs. A recipe needs the makers of its build-depends
 * and of every package's depends (a sysroot installs those too). The
 * order is a depth-first walk in name order, so it is the same on every
 * machine; a cycle is an error that names each recipe on it.
 * --list prints what the recipes make, so that an image profile can be
 * checked before anything is built.
 */
#define _GNU_SOURCE
#include "build.h"
#include "strmap.h"
#include "tree.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct node {
	char *path;
	struct recipe r;
	struct strlist needs;	/* recipe names, sorted */
	int state;		/* 0 new, 1 on the walk, 2 placed */
};

struct graph {
	struct node *v;
	size_t n;
	struct strmap makers;	/* package or provided name -> node */
	struct strlist names;	/* the makers map's keys */
};

static int load_recipes(struct graph *g, const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct strlist names = {0};
	int rc = fd < 0 ? fail_errno("cannot open %s", dir) :
			  tree_list(fd, &names);

	for (size_t i = 0; i < names.n && rc == 0; i++) {
		char *path = xasprintf("%s/%s/%s.npk.yaml", dir, names.v[i],
				       names.v[i]);
		struct node *nd;

		if (access(path, F_OK) < 0) {
			free(path);	/* not a recipe folder */
			continue;
		}
		g->v = xrealloc(g->v, (g->n + 1) * sizeof(*g->v));
		nd = &g->v[g->n];
		memset(nd, 0, sizeof(*nd));
		nd->path = path;
		if (recipe_load(path, &nd->r) < 0) {
			free(path);
			rc = -1;
			break;
		}
		g->n++;
	}
	strlist_free(&names);
	if (fd >= 0)
		close(fd);
	return rc;
}

static int add_maker(struct graph *g, const char *constraint, size_t node)
{
	struct dep d;
	size_t had;

	if (dep_parse(constraint, &d) < 0)
		return fail("%s: bad name %s", g->v[node].path, constraint);
	if (strmap_get(&g->makers, d.name, &had) && had != node) {
		fail("recipes %s and %s both make %s", g->v[had].r.meta.name,
		     g->v[node].r.meta.name, d.name);
		dep_free(&d);
		return -1;
	}
	strlist_add_owned(&g->names, d.name);
	strmap_set(&g->makers, g->names.v[g->names.n - 1], node);
	free(d.version);
	return 0;
}

static int need(struct graph *g, struct node *nd, const char *constraint)
{
	struct dep d;
	const char *maker;
	size_t m;

	if (dep_parse(constraint, &d) < 0)
		return fail("%s: bad name %s", nd->path, constraint);
	if (!strmap_get(&g->makers, d.name, &m)) {
		fail_code(NIP_EXIT_DEPS, "%s: needs %s, which no recipe makes",
			  nd->r.meta.name, d.name);
		dep_free(&d);
		return -1;
	}
	maker = g->v[m].r.meta.name;
	if (strcmp(maker, nd->r.meta.name) != 0 &&
	    !strlist_contains(&nd->needs, maker))
		strlist_add(&nd->needs, maker);
	dep_free(&d);
	return 0;
}

static int link_graph(struct graph *g)
{
	for (size_t i = 0; i < g->n; i++) {
		struct node *nd = &g->v[i];

		if (add_maker(g, nd->r.meta.name, i) < 0)
			return -1;
		for (size_t p = 0; p < nd->r.meta.provides.n; p++)
			if (add_maker(g, nd->r.meta.provides.v[p], i) < 0)
				return -1;
		for (size_t s = 0; s < nd->r.nsplits; s++) {
			const struct npk_meta *m = &nd->r.splits[s].meta;

			if (add_maker(g, m->name, i) < 0)
				return -1;
			for (size_t p = 0; p < m->provides.n; p++)
				if (add_maker(g, m->provides.v[p], i) < 0)
					return -1;
		}
	}
	for (size_t i = 0; i < g->n; i++) {
		struct node *nd = &g->v[i];
		const struct strlist *lists[] = {&nd->r.build_depends,
						 &nd->r.meta.depends};

		for (size_t l = 0; l < 2; l++)
			for (size_t k = 0; k < lists[l]->n; k++)
				if (need(g, nd, lists[l]->v[k]) < 0)
					return -1;
		for (size_t s = 0; s < nd->r.nsplits; s++)
			for (size_t k = 0; k < nd->r.splits[s].meta.depends.n;
			     k++)
				if (need(g, nd, nd->r.splits[s].meta.depends.v[k]) <
				    0)
					return -1;
		strlist_sort(&nd->needs);
	}
	return 0;
}

static struct node *node_named(struct graph *g, const char *name)
{
	size_t i = 0;

	strmap_get(&g->makers, name, &i);
	return &g->v[i];
}

/* Post-order walk; STACK holds the path, to name a cycle. */
static int place(struct graph *g, struct node *nd, struct strlist *stack,
		 struct strlist *order)
{
	if (nd->state == 2)
		return 0;
	if (nd->state == 1) {
		struct buf cycle = {0};
		size_t from = 0;

		/* NODE is on the walk, so it is on the stack. */
		while (from < stack->n &&
		       strcmp(stack->v[from], nd->r.meta.name) != 0)
			from++;
		for (size_t i = from; i < stack->n; i++)
			buf_printf(&cycle, "%s -> ", stack->v[i]);
		buf_adds(&cycle, nd->r.meta.name);
		fail_code(NIP_EXIT_DEPS, "dependency cycle between recipes: %s",
			  cycle.data);
		buf_free(&cycle);
		return -1;
	}
	nd->state = 1;
	strlist_add(stack, nd->r.meta.name);
	for (size_t i = 0; i < nd->needs.n; i++)
		if (place(g, node_named(g, nd->needs.v[i]), stack, order) < 0)
			return -1;
	free(stack->v[--stack->n]);
	nd->state = 2;
	strlist_add(order, nd->path);
	return 0;
}

static void graph_free(struct graph *g)
{
	for (size_t i = 0; i < g->n; i++) {
		free(g->v[i].path);
		recipe_free(&g->v[i].r);
		strlist_free(&g->v[i].needs);
	}
	free(g->v);
	strmap_free(&g->makers);
	strlist_free(&g->names);
}

int build_list(const char *dir)
{
	struct graph g = {0};
	int rc = -1;

	if (load_recipes(&g, dir) == 0 && link_graph(&g) == 0) {
		strlist_sort(&g.names);
		for (size_t i = 0; i < g.names.n; i++)
			printf("%s\n", g.names.v[i]);
		rc = fflush(stdout) == 0 ? 0 :
		     fail_errno("cannot write the list");
	}
	graph_free(&g);
	return rc;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int build_all(struct build_env *e, const char *dir)
{
	struct graph g = {0};
	struct strlist stack = {0}, order = {0};
	size_t built = 0, cached = 0;
	double start = now_s();
	int rc = -1;

	if (load_recipes(&g, dir) < 0 || link_graph(&g) < 0)
		goto out;
	for (size_t i = 0; i < g.n; i++)
		if (place(&g, &g.v[i], &stack, &order) < 0)
			goto out;
	for (size_t i = 0; i < order.n; i++) {
		enum build_result res;
		double t = now_s();

		if (build_recipe(e, order.v[i], &res) < 0)
			goto out;
		if (res == BUILD_CACHED)
			cached++;
		else
			built++;
		note("%s: %s in %.1f s", order.v[i],
		     res == BUILD_CACHED ? "up to date" : "built", now_s() - t);
	}
	note("%zu recipes: %zu built, %zu up to date, %.1f s", order.n, built,
	     cached, now_s() - start);
	rc = 0;
out:
	strlist_free(&stack);
	strlist_free(&order);
	graph_free(&g);
	return rc;
}
