/* nip install, remove, upgrade and rollback: solve, then one transaction. */
#define _GNU_SOURCE
#include "cmd.h"
#include "fileio.h"
#include "confine.h"
#include "db.h"
#include "fetch.h"
#include "solver.h"
#include "strmap.h"
#include "txn.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct session {
	struct db db;
	struct repo *repos;
	size_t nrepos;
	struct pkglist available;
	struct strlist world;
	char *command;
};

/* Each repository under its one name: it keys the seen serials. */
static void add_repo(struct session *s, const char *url)
{
	s->repos = xrealloc(s->repos, (s->nrepos + 1) * sizeof(*s->repos));
	memset(&s->repos[s->nrepos], 0, sizeof(*s->repos));
	s->repos[s->nrepos++].url = url_repo_key(url);
}

/*
 * A repository line: an absolute path, or a file://, http:// or
 * https:// URL, alone on its line. Anything else is a mistake to name
 * before anything is fetched.
 */
static int repo_line_ok(const char *line)
{
	static const char *const schemes[] = { "file://", "http://",
					       "https://" };

	if (strpbrk(line, " \t") != NULL)
		return 0;
	if (line[0] == '/')
		return 1;
	for (size_t i = 0; i < sizeof(schemes) / sizeof(*schemes); i++)
		if (strncasecmp(line, schemes[i], strlen(schemes[i])) == 0 &&
		    line[strlen(schemes[i])] != '\0')
			return 1;
	return 0;
}

static int configured_repos(struct session *s, struct ctx *ctx)
{
	struct buf text = {0};
	char *line, *next;
	int lineno = 0, rc = 0;

	for (size_t i = 0; i < ctx->repos.n; i++)
		add_repo(s, ctx->repos.v[i]);
	if (read_file(s->db.rootfd, "etc/nip/repositories", &text) < 0) {
		if (errno != ENOENT)
			return -1;
		fail_clear();
		return 0;
	}
	/* Line by line, empty ones counted, so that errors name the line. */
	for (line = text.data; line != NULL && rc == 0; line = next) {
		size_t end;

		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		lineno++;
		line += strspn(line, " \t");
		end = strlen(line);
		while (end > 0 && (line[end - 1] == ' ' || line[end - 1] == '\t' ||
				   line[end - 1] == '\r'))
			line[--end] = '\0';
		if (*line == '\0' || *line == '#')
			continue;
		if (repo_line_ok(line))
			add_repo(s, line);
		else
			rc = fail_code(NIP_EXIT_USAGE,
				       "etc/nip/repositories:%d: '%s' is not a "
				       "repository (an absolute path, or a "
				       "file://, http:// or https:// URL)",
				       lineno, line);
	}
	buf_free(&text);
	return rc;
}

/* A package file named on the command line: ./x.npk, /path/x.npk. */
static int is_package_file(const char *arg)
{
	size_t n = strlen(arg);

	return strchr(arg, '/') && n > 4 && strcmp(arg + n - 4, ".npk") == 0;
}

/*
 * A repository of one package file, its folder's real path as the url;
 * fetching it later reads the file in place, as from a local repository.
 */
static int add_file_repo(struct session *s, const char *arg)
{
	char *copy = xstrdup(arg), *slash = strrchr(copy, '/');
	char dir[PATH_MAX];
	struct repo *r;

	*slash = '\0';
	if (!realpath(*copy ? copy : "/", dir)) {
		fail_errno("cannot open %s", arg);
		free(copy);
		return -1;
	}
	s->repos = xrealloc(s->repos, (s->nrepos + 1) * sizeof(*s->repos));
	r = &s->repos[s->nrepos++];
	memset(r, 0, sizeof(*r));
	r->url = xstrdup(dir);
	r->file = xstrdup(slash + 1);
	free(copy);
	return 0;
}

/* ROOT's own keys, or --keys-dir's (to trust a new root's first repo). */
static int load_keys(struct keyring *kr, const struct ctx *ctx,
		     const struct db *db)
{
	int fd, rc;

	if (!ctx->keys_dir)
		return keyring_load_dir(kr, db->rootfd, "etc/nip/keys");
	fd = open(ctx->keys_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return fail_errno("cannot open --keys-dir %s", ctx->keys_dir);
	rc = keyring_load_dir(kr, fd, NULL);
	close(fd);
	return rc;
}

static int load_repos(struct session *s, struct ctx *ctx)
{
	struct keyring kr = {0};
	uint64_t now = (uint64_t)time(NULL);
	int rc = -1;

	if (load_keys(&kr, ctx, &s->db) < 0)
		goto out;
	for (size_t i = 0; i < s->nrepos; i++) {
		struct repo *r = &s->repos[i];

		if (repo_load(r, &kr, now, db_seen_serial(&s->db, r->url)) < 0)
			goto out;
		for (size_t p = 0; p < r->pkgs.n; p++)
			pkglist_add(&s->available, r->pkgs.v[p]);
	}
	rc = 0;
out:
	keyring_free(&kr);
	/* Even a command that fails must not forget the serials it verified. */
	if (rc == 0)
		return db_record_serials(&s->db, s->repos, s->nrepos);
	char *why = xstrdup(fail_message());
	int code = fail_exit_code();

	if (db_record_serials(&s->db, s->repos, s->nrepos) < 0)
		warnx_("%s", fail_message());
	fail_code(code, "%s", why);
	free(why);
	return -1;
}

/* The root open and the repositories known: nothing else is needed. */
static int confine_session(struct session *s, const struct ctx *ctx)
{
	struct strlist urls = {0};
	int rc;

	for (size_t i = 0; i < s->nrepos; i++)
		strlist_add(&urls, s->repos[i].url);
	rc = nip_confine(ctx->root, 1, ctx->keys_dir, &urls);
	strlist_free(&urls);
	return rc;
}

/*
 * Triggers run programs, which a confined nip may not (confine.c). So,
 * as OpenBSD's privilege-separated daemons split, the session goes on
 * in a child that confines itself, and this parent waits unconfined.
 * When the child exits, the parent runs the set-ID modes and triggers
 * its journal names (txn_finish_triggers) and exits as the child did;
 * a child killed by a signal leaves its journal to the next run.
 * Returns only in the child; -1 said.
 */
static int split_for_triggers(struct db *db)
{
	pid_t parent = getpid(), pid;
	int status, code;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return fail_errno("cannot fork");
	if (pid == 0) {
		/* nip killed is the transaction killed, as before the split. */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 ||
		    getppid() != parent)
			_exit(NIP_EXIT_FAIL);
		return 0;
	}
	/* The terminal's Ctrl-C and Ctrl-\ reach the child: it decides. */
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			warnx_("cannot wait for the transaction: %s",
			       strerror(errno));
			_exit(NIP_EXIT_FAIL);
		}
	}
	code = WIFEXITED(status) ? WEXITSTATUS(status) :
				   128 + WTERMSIG(status);
	/*
	 * A child that ended, well or not, may have committed: what its
	 * journal leaves is finished now. A killed one (a crash) leaves it
	 * to the next run, as a crash of nip always has.
	 */
	if (WIFEXITED(status) && txn_finish_triggers(db) < 0) {
		warnx_("%s", fail_message());
		if (code == 0)
			code = fail_exit_code();
	}
	/* The child ran the exit handlers (fault counts) already. */
	fflush(NULL);
	_exit(code);
}

static int session_open(struct session *s, struct ctx *ctx, int argc,
			char **argv, int with_repos)
{
	struct buf cmd = {0};

	memset(s, 0, sizeof(*s));
	for (int i = 0; i < argc; i++)
		buf_printf(&cmd, "%s%s", i ? " " : "", argv[i]);
	s->command = cmd.data ? cmd.data : xstrdup("");
	if (txn_open_db(&s->db, ctx->root, DB_WRITE) < 0)
		return -1;
	for (size_t i = 0; i < s->db.world.n; i++)
		strlist_add(&s->world, s->db.world.v[i]);
	if (with_repos && configured_repos(s, ctx) < 0)
		return -1;
	for (int i = 1; with_repos && i < argc; i++)
		if (!strcmp(argv[0], "install") && is_package_file(argv[i]) &&
		    add_file_repo(s, argv[i]) < 0)
			return -1;
	if (split_for_triggers(&s->db) < 0 || confine_session(s, ctx) < 0)
		return -1;
	return with_repos ? load_repos(s, ctx) : 0;
}

static void session_close(struct session *s)
{
	for (size_t i = 0; i < s->nrepos; i++)
		repo_free(&s->repos[i]);
	free(s->repos);
	pkglist_free(&s->available, 0);
	strlist_free(&s->world);
	free(s->command);
	db_close(&s->db);
}

/* Drop world entries naming NAME; returns how many. */
static int world_drop(struct strlist *world, const char *name)
{
	int dropped = 0;

	for (size_t i = 0; i < world->n;) {
		struct dep d;
		int same = dep_parse(world->v[i], &d) == 0 &&
			   strcmp(d.name, name) == 0;

		if (d.name)
			dep_free(&d);
		if (!same) {
			i++;
			continue;
		}
		free(world->v[i]);
		memmove(&world->v[i], &world->v[i + 1],
			(world->n - i - 1) * sizeof(*world->v));
		world->n--;
		dropped++;
	}
	return dropped;
}

/*
 * world_drop for every name NAMES holds, in one pass: one name at a
 * time went through the whole world for each (quadratic for a thousand
 * packages). DROPPED[value], when not NULL, counts the drops per name.
 */
static void world_drop_names(struct strlist *world, const struct strmap *names,
			     size_t *dropped)
{
	size_t keep = 0;

	for (size_t i = 0; i < world->n; i++) {
		struct dep d;
		size_t at = 0;
		int drop = dep_parse(world->v[i], &d) == 0 &&
			   strmap_get(names, d.name, &at);

		if (d.name)
			dep_free(&d);
		if (!drop) {
			world->v[keep++] = world->v[i];
			continue;
		}
		if (dropped)
			dropped[at]++;
		free(world->v[i]);
	}
	world->n = keep;
}

static int solve_and_run(struct session *s, const struct strlist *upgrade,
			 int upgrade_all)
{
	struct pkglist target = {0};
	struct solve_request req = {
		.world = &s->world,
		.installed = &s->db.installed,
		.available = &s->available,
		.upgrade = upgrade,
		.upgrade_all = upgrade_all,
	};
	int rc;

	strlist_sort(&s->world);
	if (solve(&req, &target, NULL) < 0) {
		if (s->nrepos == 0)
			fail_code(fail_exit_code(),
				  "%s (no repositories: use --repo or "
				  "etc/nip/repositories)",
				  fail_message());
		return -1;
	}
	rc = txn_run(&s->db, &target, &s->world, s->repos, s->nrepos,
		     s->command);
	pkglist_free(&target, 0);
	return rc;
}

int cmd_install(struct ctx *ctx, int argc, char **argv)
{
	struct session s;
	int rc = -1;

	if (argc < 2)
		return cmd_usage_error("install", "no packages named");
	for (int i = 1; i < argc; i++) {
		struct dep d;

		if (is_package_file(argv[i]))
			continue;
		if (dep_parse(argv[i], &d) < 0)
			return cmd_usage_error("install",
					       "'%s' is not a package name or "
					       "constraint",
					       argv[i]);
		dep_free(&d);
	}
	if (session_open(&s, ctx, argc, argv, 1) == 0) {
		struct dep *deps = xcalloc((size_t)argc, sizeof(*deps));
		struct strmap names = {0};
		size_t last;

		/* The last constraint named for a package replaces the rest. */
		for (int i = 1; i < argc; i++)
			if (!is_package_file(argv[i]) &&
			    dep_parse(argv[i], &deps[i]) == 0)
				strmap_set(&names, deps[i].name, (size_t)i);
		world_drop_names(&s.world, &names, NULL);
		for (int i = 1; i < argc; i++) {
			if (deps[i].name && strmap_get(&names, deps[i].name,
						       &last) &&
			    last == (size_t)i)
				strlist_add(&s.world, argv[i]);
		}
		strmap_free(&names);
		for (int i = 1; i < argc; i++)
			dep_free(&deps[i]);
		free(deps);
		/*
		 * A file's package is held at its version, as apk holds one
		 * added from a file: `nip install NAME` lets it go.
		 */
		for (size_t r = 0; r < s.nrepos; r++) {
			const struct repo *file = &s.repos[r];

			if (!file->file)
				continue;
			for (size_t p = 0; p < file->pkgs.n; p++) {
				const struct pkg *pkg = file->pkgs.v[p];

				world_drop(&s.world, pkg->meta.name);
				strlist_add_owned(&s.world,
						  xasprintf("%s=%s",
							    pkg->meta.name,
							    pkg->full_version));
			}
		}
		rc = solve_and_run(&s, NULL, 0);
	}
	session_close(&s);
	return rc;
}

int cmd_remove(struct ctx *ctx, int argc, char **argv)
{
	struct pkglist target = {0};
	struct strlist why = {0};
	struct strmap names = {0};
	size_t *dropped = NULL;
	struct session s;
	int rc = -1;

	if (argc < 2)
		return cmd_usage_error("remove", "no packages named");
	if (session_open(&s, ctx, argc, argv, 0) < 0)
		goto out;
	for (int i = 1; i < argc; i++)
		strmap_put(&names, argv[i], (size_t)i);
	dropped = xcalloc((size_t)argc, sizeof(*dropped));
	world_drop_names(&s.world, &names, dropped);
	for (int i = 1; i < argc; i++) {
		if (!dropped[i] && !pkglist_find(&s.db.installed, argv[i])) {
			fail_code(NIP_EXIT_DEPS, "%s is not installed", argv[i]);
			goto out;
		}
	}
	/* Removal needs no repository: solve over what is installed. */
	struct solve_request req = {
		.world = &s.world,
		.installed = &s.db.installed,
		.available = &s.available,
	};

	if (solve(&req, &target, &why) < 0)
		goto out;
	for (int i = 1; i < argc; i++) {
		if (pkglist_find(&target, argv[i])) {
			const char *by = solve_required_by(&why, argv[i]);

			fail_code(NIP_EXIT_DEPS,
				  "%s is still required by %s; remove that "
				  "first",
				  argv[i], by ? by : "the world");
			goto out;
		}
	}
	rc = txn_run(&s.db, &target, &s.world, NULL, 0, s.command);
out:
	free(dropped);
	strmap_free(&names);
	pkglist_free(&target, 0);
	strlist_free(&why);
	session_close(&s);
	return rc;
}

int cmd_upgrade(struct ctx *ctx, int argc, char **argv)
{
	struct strlist names = {0};
	struct session s;
	int rc = -1;

	if (session_open(&s, ctx, argc, argv, 1) == 0) {
		for (int i = 1; i < argc; i++)
			strlist_add(&names, argv[i]);
		rc = solve_and_run(&s, &names, argc == 1);
	}
	strlist_free(&names);
	session_close(&s);
	return rc;
}

static int need_repos(const struct session *s)
{
	if (s->nrepos > 0)
		return 0;
	return fail_code(NIP_EXIT_USAGE,
			 "no repositories: use --repo or etc/nip/repositories");
}

/* Every index fetched and checked now; each one's serial is kept. */
int cmd_update(struct ctx *ctx, int argc, char **argv)
{
	struct session s;
	int rc = -1;

	if (argc != 1)
		return cmd_usage_error("update", "takes no arguments");
	if (session_open(&s, ctx, argc, argv, 1) == 0 && need_repos(&s) == 0) {
		for (size_t i = 0; i < s.nrepos; i++) {
			const struct repo *r = &s.repos[i];
			time_t expires = (time_t)r->expires;
			struct tm tm;
			char day[32] = "?";

			if (gmtime_r(&expires, &tm))
				strftime(day, sizeof(day), "%Y-%m-%d", &tm);
			printf("%s: serial %llu, %zu packages, expires %s\n",
			       r->url, (unsigned long long)r->serial,
			       r->pkgs.n, day);
		}
		rc = 0;
	}
	session_close(&s);
	return rc;
}

/* Every word in the name or the summary, whatever the case. */
static int matches(const struct pkg *p, int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (!strcasestr(p->meta.name, argv[i]) &&
		    !strcasestr(p->meta.summary, argv[i]))
			return 0;
	return 1;
}

/* By name; of one name's versions, the newest only. */
int cmd_search(struct ctx *ctx, int argc, char **argv)
{
	struct pkglist found = {0};
	struct session s;
	int rc = -1;

	if (argc < 2)
		return cmd_usage_error("search", "no words to look for");
	if (session_open(&s, ctx, argc, argv, 1) == 0 && need_repos(&s) == 0) {
		for (size_t i = 0; i < s.available.n; i++)
			if (matches(s.available.v[i], argc, argv))
				pkglist_add(&found, s.available.v[i]);
		pkglist_sort(&found);
		for (size_t i = 0; i < found.n; i++) {
			const struct pkg *p = found.v[i], *best = p;

			while (i + 1 < found.n &&
			       !strcmp(found.v[i + 1]->meta.name, p->meta.name))
				if (version_compare(found.v[++i]->full_version,
						    best->full_version) > 0)
					best = found.v[i];
			printf("%s %s%s  %s\n", best->meta.name,
			       best->full_version,
			       pkglist_find(&s.db.installed, best->meta.name) ?
				       " [installed]" : "",
			       best->meta.summary);
		}
		rc = found.n ? 0 : fail_code(NIP_EXIT_FAIL,
					     "no package matches");
	}
	pkglist_free(&found, 0);
	session_close(&s);
	return rc;
}

static struct pkg *find_identity(const struct session *s, const char *id)
{
	for (size_t i = 0; i < s->available.n; i++)
		if (strcmp(s->available.v[i]->identity, id) == 0)
			return s->available.v[i];
	return NULL;
}

/*
 * Undo the last transaction exactly: the packages it removed or replaced
 * come back by identity, those it added go, and the world is restored.
 */
static int rollback_target(struct session *s, const char *history,
			   struct pkglist *target)
{
	char *copy = xstrdup(history), *line, *save = NULL;
	int rc = 0;

	for (size_t i = 0; i < s->db.installed.n; i++)
		pkglist_add(target, s->db.installed.v[i]);
	strlist_free(&s->world);
	for (line = strtok_r(copy, "\n", &save); line && rc == 0;
	     line = strtok_r(NULL, "\n", &save)) {
		char *w[7] = {0};
		size_t n = 0;

		char *wsave = NULL;

		for (char *tok = strtok_r(line, " ", &wsave); tok && n < 7;
		     tok = strtok_r(NULL, " ", &wsave))
			w[n++] = tok;
		if (n == 2 && strcmp(w[0], "world-before") == 0) {
			strlist_add(&s->world, w[1]);
			continue;
		}
		int install = n == 4 && strcmp(w[0], "install") == 0;
		int remove = n == 4 && strcmp(w[0], "remove") == 0;
		int upgrade = n == 6 && strcmp(w[0], "upgrade") == 0;

		if (!install && !remove && !upgrade)
			continue;
		for (size_t i = 0; i < target->n; i++) {
			if (strcmp(target->v[i]->meta.name, w[1]) != 0)
				continue;
			target->v[i] = target->v[--target->n];
			break;
		}
		if (install)
			continue;
		struct pkg *p = find_identity(s, w[3]);

		if (!p)
			rc = fail_code(NIP_EXIT_DEPS,
				       "cannot roll back: %s %s (identity %s) "
				       "is in no repository any more",
				       w[1], w[2], w[3]);
		else
			pkglist_add(target, p);
	}
	free(copy);
	strlist_sort(&s->world);
	pkglist_sort(target);
	return rc;
}

int cmd_rollback(struct ctx *ctx, int argc, char **argv)
{
	struct pkglist target = {0};
	struct buf history = {0};
	struct session s;
	char *path = NULL;
	int rc = -1;

	if (argc != 1)
		return cmd_usage_error("rollback", "takes no arguments");
	if (session_open(&s, ctx, argc, argv, 1) < 0)
		goto out;
	if (s.db.last_txn == 0) {
		fail_code(NIP_EXIT_DEPS, "no transaction to roll back");
		goto out;
	}
	path = xasprintf("history/%llu", (unsigned long long)s.db.last_txn);
	if (read_file(s.db.dbfd, path, &history) < 0 ||
	    rollback_target(&s, history.data, &target) < 0)
		goto out;
	rc = txn_run(&s.db, &target, &s.world, s.repos, s.nrepos, s.command);
out:
	free(path);
	buf_free(&history);
	pkglist_free(&target, 0);
	session_close(&s);
	return rc;
}
