/*
 * nip build --all: every recipe in a folder, each after the recipes
 * making what it needs. A recipe needs the makers of its build-depends
 * and of every package's depends (a sysroot installs those too). The
 * order is a depth-first walk in name order, so it is the same on every
 * machine; a cycle is an error that names each recipe on it.
 *
 * Up to -j recipes build at once, each in a child process that makes
 * its cache entry (build_make) and reports through a pipe. Only this
 * process publishes into the repository and re-signs its index, after
 * each build ends and before it starts the recipes that needed it, so
 * a build's sysroot always finds what it needs in the index. Which
 * build ends first may vary; what ends up in the repository does not
 * (the packages come from their inputs alone, the index is sorted).
 * After a failure no build starts; those running finish, and the
 * failures are named with their logs.
 *
 * --list prints what the recipes make, so that an image profile can be
 * checked before anything is built.
 */
#define _GNU_SOURCE
#include "build.h"
#include "strmap.h"
#include "tree.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum progress_state { WAITING, BUILDING, FINISHED, FAILED };

struct node {
	char *path;
	struct recipe r;
	struct strlist needs;	/* recipe names, sorted */
	int state;		/* 0 new, 1 on the walk, 2 placed */
	enum progress_state progress;
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
		 size_t *order, size_t *placed)
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
		if (place(g, node_named(g, nd->needs.v[i]), stack, order,
			  placed) < 0)
			return -1;
	free(stack->v[--stack->n]);
	nd->state = 2;
	order[(*placed)++] = (size_t)(nd - g->v);
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

/* A build running in a child process. */
struct child {
	pid_t pid;
	int report;		/* read end of the pipe it reports through */
	struct node *nd;
	double start;
};

struct run {
	struct build_env *e;
	struct graph *g;
	struct child *children;	/* e->jobs slots, nchildren used */
	size_t nchildren;
	size_t built, cached, started;
	struct strlist failed;	/* "NAME (see LOG)" */
	int code;		/* the failures' exit code */
};

/*
 * The child: build into the cache, then one report, "CODE RESULT
 * INPUT\nMESSAGE", well under a pipe's capacity (the message is at most
 * fail()'s 4 KiB), so the write never waits for the parent to read.
 * Its words go to its log; the parent speaks for it.
 */
static _Noreturn void build_child(struct build_env *e, const char *path,
				  int fd)
{
	enum build_result res = BUILD_DONE;
	char input[HASH_HEX] = "-";
	struct buf report = {0};
	int rc;

	nip_quiet = 1;
	rc = build_make(e, path, &res, input);
	sig_secret_wipe(&e->sk);	/* this copy of the key is done */
	buf_printf(&report, "%d %d %s\n%s", rc < 0 ? fail_exit_code() : 0,
		   (int)res, input, rc < 0 ? fail_message() : "");
	rc = write(fd, report.data, report.len) == (ssize_t)report.len ? rc :
									 -1;
	_exit(rc < 0 ? 1 : 0);
}

/* ND failed (fail() says why): say so now, name it at the end. */
static void record_failure(struct run *run, struct node *nd, double since)
{
	nd->progress = FAILED;
	warnx_("%s: failed after %.1f s: %s", nd->path, now_s() - since,
	       fail_message());
	if (!run->failed.n)
		run->code = fail_exit_code();
	else if (run->code != fail_exit_code())
		run->code = NIP_EXIT_FAIL;
	strlist_add_owned(&run->failed,
			  xasprintf("%s (see %s/%s.log)", nd->r.meta.name,
				    run->e->logdir, nd->r.meta.name));
	fail_clear();
}

static void start(struct run *run, struct node *nd)
{
	struct child *c = &run->children[run->nchildren];
	int pipefd[2];

	run->started++;
	if (pipe2(pipefd, O_CLOEXEC) < 0) {
		fail_errno("cannot make a pipe");
		record_failure(run, nd, now_s());
		return;
	}
	/* What is buffered here would be written again by the child. */
	fflush(stdout);
	fflush(stderr);
	c->pid = fork();
	if (c->pid < 0) {
		fail_errno("cannot start its build");
		close(pipefd[0]);
		close(pipefd[1]);
		record_failure(run, nd, now_s());
		return;
	}
	if (c->pid == 0) {
		close(pipefd[0]);
		for (size_t i = 0; i < run->nchildren; i++)
			close(run->children[i].report);
		build_child(run->e, nd->path, pipefd[1]);
	}
	close(pipefd[1]);
	/* Read once it ended: what it wrote is there, or nothing ever is. */
	fcntl(pipefd[0], F_SETFL, O_NONBLOCK);
	c->report = pipefd[0];
	c->nd = nd;
	c->start = now_s();
	nd->progress = BUILDING;
	run->nchildren++;
}

/* Has every recipe ND needs been built and published? */
static int ready(struct graph *g, const struct node *nd)
{
	if (nd->progress != WAITING)
		return 0;
	for (size_t i = 0; i < nd->needs.n; i++)
		if (node_named(g, nd->needs.v[i])->progress != FINISHED)
			return 0;
	return 1;
}

/*
 * The child's report, read after it ended: its error into fail(), or
 * its input hash. A child that ended without one (killed, or a crash)
 * is a failure of its own.
 */
static int read_report(struct child *c, int status, enum build_result *res,
		       char input[HASH_HEX])
{
	char text[8192];
	size_t len = 0;
	ssize_t n;
	int code, result, used = 0;

	while (len < sizeof(text) - 1 &&
	       (n = read(c->report, text + len, sizeof(text) - 1 - len)) > 0)
		len += (size_t)n;
	text[len] = 0;
	if (sscanf(text, "%d %d %64s%n", &code, &result, input, &used) < 3 ||
	    text[used] != '\n') {
		if (WIFSIGNALED(status))
			return fail("%s: its build process was killed by "
				    "signal %d",
				    c->nd->r.meta.name, WTERMSIG(status));
		return fail("%s: its build process ended (exit %d) without "
			    "a report",
			    c->nd->r.meta.name, WEXITSTATUS(status));
	}
	if (code != 0)
		return fail_code(code, "%s", text + used + 1);
	*res = result == BUILD_CACHED ? BUILD_CACHED : BUILD_DONE;
	return 0;
}

/* A child ended: publish its packages, or record its failure. */
static void finish(struct run *run, struct child *c, int status)
{
	struct node *nd = c->nd;
	enum build_result res = BUILD_DONE;
	char input[HASH_HEX];

	if (read_report(c, status, &res, input) < 0 ||
	    build_publish(run->e, input) < 0) {
		record_failure(run, nd, c->start);
		return;
	}
	nd->progress = FINISHED;
	if (res == BUILD_CACHED)
		run->cached++;
	else
		run->built++;
	note("%s: %s in %.1f s", nd->path,
	     res == BUILD_CACHED ? "up to date" : "built", now_s() - c->start);
}

/* Wait for one of our children to end and deal with it. */
static int reap(struct run *run)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, 0)) < 0)
		if (errno != EINTR)
			return fail_errno("cannot wait for the builds");
	for (size_t i = 0; i < run->nchildren; i++) {
		struct child c = run->children[i];

		if (c.pid != pid)
			continue;
		run->children[i] = run->children[--run->nchildren];
		finish(run, &c, status);
		close(c.report);
		break;
	}
	return 0;
}

/* Start what is ready, in build order, while slots are free. */
static void start_ready(struct run *run, const size_t *order, size_t n)
{
	for (size_t i = 0; i < n && run->nchildren < run->e->jobs; i++)
		if (!run->failed.n && ready(run->g, &run->g->v[order[i]]))
			start(run, &run->g->v[order[i]]);
}

static int needs_apt(const struct graph *g)
{
	for (size_t i = 0; i < g->n; i++)
		for (size_t k = 0; k < g->v[i].r.nsources; k++)
			if (source_from_archive(&g->v[i].r.sources[k]))
				return 1;
	return 0;
}

static int run_builds(struct run *run, const size_t *order, size_t n)
{
	int rc = 0;

	/* Once here rather than in every child: apt-get update, if due. */
	if (needs_apt(run->g) && build_prepare_apt(run->e) < 0)
		return -1;
	run->children = xcalloc(run->e->jobs, sizeof(*run->children));
	for (;;) {
		/* After a failure nothing starts; the others finish. */
		if (!run->failed.n)
			start_ready(run, order, n);
		if (!run->nchildren)
			break;
		if (reap(run) < 0) {
			rc = -1;
			break;
		}
	}
	free(run->children);
	return rc;
}

int build_all(struct build_env *e, const char *dir)
{
	struct graph g = {0};
	struct strlist stack = {0};
	struct run run = {.e = e, .g = &g};
	size_t *order = NULL, placed = 0;
	double start_time = now_s();
	int rc = -1;

	if (load_recipes(&g, dir) < 0 || link_graph(&g) < 0)
		goto out;
	order = xcalloc(g.n + 1, sizeof(*order));
	for (size_t i = 0; i < g.n; i++)
		if (place(&g, &g.v[i], &stack, order, &placed) < 0)
			goto out;
	if (run_builds(&run, order, placed) < 0)
		goto out;
	if (run.failed.n) {
		struct buf names = {0};

		for (size_t i = 0; i < run.failed.n; i++)
			buf_printf(&names, "%s%s", i ? ", " : "",
				   run.failed.v[i]);
		fail_code(run.code, "%zu of %zu recipes failed: %s; %zu not "
			  "started",
			  run.failed.n, placed, names.data, placed - run.started);
		buf_free(&names);
		goto out;
	}
	note("%zu recipes: %zu built, %zu up to date, %.1f s", placed,
	     run.built, run.cached, now_s() - start_time);
	rc = 0;
out:
	free(order);
	strlist_free(&run.failed);
	strlist_free(&stack);
	graph_free(&g);
	return rc;
}
