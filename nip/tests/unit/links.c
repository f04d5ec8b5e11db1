/* Symlink chains resolved as the kernel will, and repository keys. */
#define _GNU_SOURCE
#include "fetch.h"
#include "txn.h"
#include "tap.h"

#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* A root as the lookup sees it: "path=target" links, "path/" dirs. */
static const char *const *view;

static enum link_kind lookup(void *ctx, const char *path, char **target)
{
	size_t len = strlen(path);

	(void)ctx;
	for (const char *const *e = view; *e; e++) {
		if (strncmp(*e, path, len) != 0)
			continue;
		if ((*e)[len] == '=') {
			*target = xstrdup(*e + len + 1);
			return LINK_LINK;
		}
		if ((*e)[len] == '/' && (*e)[len + 1] == '\0')
			return LINK_DIR;
	}
	return LINK_OTHER;
}

static int inside(const char *path, const char *target, int *upward)
{
	int rc = link_check_chain("t", path, target, lookup, NULL, upward, 0);

	fail_clear();
	return rc == 0;
}

int main(void)
{
	static const char *const chain[] = {"usr/", "usr/a=..", "usr/lib/",
					    "var/", "var/run=../run", "run/",
					    "usr/x=y", "usr/y=x", NULL};
	static const char *const empty[] = {"usr/", NULL};
	int up = 0;
	char cwd[PATH_MAX], *dir, *key, *want;

	view = chain;
	ok(!inside("usr/b", "a/../..", NULL),
	   "a/../.. through usr/a -> .. climbs out");
	ok(inside("usr/b", "a/usr/lib", NULL), "through usr/a into usr/lib");
	ok(!inside("var/x", "run/../..", NULL),
	   "run/../.. through var/run -> ../run climbs out");
	ok(inside("var/x", "run/..", NULL), "run/.. through it is the root");
	ok(!inside("usr/c", "x", NULL), "a loop is refused");
	ok(inside("usr/d", "lib", &up) && !up, "a sibling directory is level");
	ok(inside("usr/e", "..", &up) && up, "a link to .. leads upward");
	ok(inside("usr/f", "../var/run/x", &up) && !up,
	   "a file through a link is not an upward directory");
	view = empty;
	ok(!inside("usr/b", "a/../..", NULL),
	   "'..' after a missing path is refused");
	ok(inside("usr/b", "a/b", NULL), "a dangling plain link is fine");
	ok(link_check_chain("t", "usr/b", "a/../..", lookup, NULL, NULL, 1) ==
		   0,
	   "an installed link is judged on climbing out only");

	/* Repository keys: one name however the location is written. */
	{
		const char *tmp = getenv("TMPDIR");
		char *made = xasprintf("%s/links-t.XXXXXX", tmp ? tmp : "/tmp");

		ok(mkdtemp(made) && realpath(made, cwd), "make a repository");
		dir = xstrdup(cwd);
		free(made);
		*strrchr(cwd, '/') = '\0';
		ok(chdir(*cwd ? cwd : "/") == 0, "go to its parent");
	}
	{
		const char *rel = strrchr(dir, '/') + 1;
		char *forms[] = {
			xasprintf("file://%s", dir), xasprintf("file://%s/", dir),
			xasprintf("%s//", dir), xasprintf("./%s", rel),
			xstrdup(rel), xasprintf("file://localhost%s", dir),
			xasprintf("FILE://%s", dir),
			xasprintf("File://LocalHost%s/", dir),
		};

		for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
			key = url_repo_key(forms[i]);
			is_str(key, dir, "%s is keyed as the directory",
			       forms[i]);
			free(key);
			free(forms[i]);
		}
	}
	rmdir(dir);
	free(dir);
	key = url_repo_key("https://Example.ORG//repo//x/");
	want = "https://example.org/repo/x";
	is_str(key, want, "a remote URL is tidied");
	free(key);
	{
		/* One remote location, many spellings: one replay key. */
		const char *forms[] = {
			"http://h:8080/./repo", "http://h:8080/%72epo",
			"http://h:8080/x/../repo", "HTTP://H:8080/repo/",
		};

		for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
			key = url_repo_key(forms[i]);
			is_str(key, "http://h:8080/repo", "%s is keyed as one",
			       forms[i]);
			free(key);
		}
		key = url_repo_key("http://127.0.0.1:80/repo");
		is_str(key, "http://127.0.0.1/repo", "the default port is no part");
		free(key);
		key = url_repo_key("https://h:443/repo");
		is_str(key, "https://h/repo", "  ...for https too");
		free(key);
		key = url_repo_key("http://h:81/repo");
		is_str(key, "http://h:81/repo", "another port is");
		free(key);
	}
	return done_testing();
}
