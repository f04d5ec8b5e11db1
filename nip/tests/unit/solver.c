/* The solver over hand-made package sets: no disk, no repositories. */
#include "solver.h"
#include "repo.h"
#include "tap.h"

#include <stdlib.h>

static struct repo fake_repo = {.url = "test"};

static struct pkg *mk(const char *name, const char *version, int installed,
		      const char *deps, const char *provides,
		      const char *conflicts)
{
	struct pkg *p = xcalloc(1, sizeof(*p));
	char *list, *tok;

	p->meta.name = xstrdup(name);
	p->meta.version = xstrdup(version);
	p->meta.release = 1;
	p->full_version = meta_full_version(&p->meta);
	snprintf(p->identity, sizeof(p->identity), "%s-%s", name, version);
	p->repo = installed ? NULL : &fake_repo;
	struct {
		const char *text;
		struct strlist *l;
	} lists[] = {{deps, &p->meta.depends},
		     {provides, &p->meta.provides},
		     {conflicts, &p->meta.conflicts}};
	for (int i = 0; i < 3; i++) {
		if (!lists[i].text)
			continue;
		list = xstrdup(lists[i].text);
		for (tok = strtok(list, " "); tok; tok = strtok(NULL, " "))
			strlist_add(lists[i].l, tok);
		free(list);
	}
	return p;
}

static int run(struct pkglist *inst, struct pkglist *avail, const char *world,
	       int upgrade_all, struct buf *chosen)
{
	struct strlist w = {0};
	struct pkglist target = {0};
	char *copy = xstrdup(world);
	struct solve_request req = {
		.world = &w,
		.installed = inst,
		.available = avail,
		.upgrade_all = upgrade_all,
	};
	int rc;

	for (char *t = strtok(copy, " "); t; t = strtok(NULL, " "))
		strlist_add(&w, t);
	rc = solve(&req, &target, NULL);
	chosen->len = 0;
	buf_add(chosen, "", 0);
	for (size_t i = 0; rc == 0 && i < target.n; i++)
		buf_printf(chosen, "%s%s-%s%s", i ? " " : "",
			   target.v[i]->meta.name, target.v[i]->meta.version,
			   target.v[i]->repo ? "" : "*");
	pkglist_free(&target, 0);
	strlist_free(&w);
	free(copy);
	return rc;
}

int main(void)
{
	struct pkglist inst = {0}, avail = {0};
	struct buf got = {0};

	pkglist_add(&avail, mk("app", "1.0", 0, "libfoo>=2 sh", NULL, NULL));
	pkglist_add(&avail, mk("libfoo", "1.5", 0, NULL, NULL, NULL));
	pkglist_add(&avail, mk("libfoo", "2.1", 0, NULL, NULL, NULL));
	pkglist_add(&avail, mk("libfoo", "2.0", 0, NULL, NULL, NULL));
	pkglist_add(&avail, mk("mksh", "59", 0, NULL, "sh", NULL));
	pkglist_add(&avail, mk("old", "1", 0, "libfoo<2", NULL, NULL));
	pkglist_add(&avail, mk("rival", "1", 0, NULL, NULL, "app"));
	pkglist_add(&avail, mk("broken", "1", 0, "missing>=3", NULL, NULL));

	ok(run(&inst, &avail, "app", 0, &got) == 0, "app resolves");
	is_str(got.data, "app-1.0 libfoo-2.1 mksh-59",
	       "newest dependency, provider for sh");
	ok(run(&inst, &avail, "app libfoo=2.0", 0, &got) == 0, "a pin");
	is_str(got.data, "app-1.0 libfoo-2.0 mksh-59", "the world's pin wins");
	ok(run(&inst, &avail, "app old", 0, &got) < 0 &&
		   strstr(fail_message(), "old requires libfoo<2"),
	   "clashing version requirements name both sides: %s",
	   fail_message());
	ok(run(&inst, &avail, "app rival", 0, &got) < 0 &&
		   strstr(fail_message(), "rival 1-1 conflicts with app"),
	   "conflicts are refused: %s", fail_message());
	ok(run(&inst, &avail, "broken", 0, &got) < 0 &&
		   strstr(fail_message(),
			  "broken requires missing>=3, but no package"),
	   "unsatisfiable names the requirer: %s", fail_message());
	ok(run(&inst, &avail, "libfoo>=9", 0, &got) < 0 &&
		   strstr(fail_message(), "available: 1.5-1 2.1-1 2.0-1"),
	   "and lists what is available: %s", fail_message());

	pkglist_add(&inst, mk("libfoo", "2.0", 1, NULL, NULL, NULL));
	ok(run(&inst, &avail, "libfoo", 0, &got) == 0, "installed kept");
	is_str(got.data, "libfoo-2.0*", "the installed copy stays");
	ok(run(&inst, &avail, "libfoo", 1, &got) == 0, "upgrade");
	is_str(got.data, "libfoo-2.1", "upgrade takes the newest");
	ok(run(&inst, &avail, "", 0, &got) == 0, "empty world");
	is_str(got.data, "", "an empty world keeps nothing");

	buf_free(&got);
	pkglist_free(&inst, 1);
	pkglist_free(&avail, 1);
	return done_testing();
}
