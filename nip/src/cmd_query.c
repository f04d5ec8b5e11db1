/* Read-only queries over the installed state. */
#define _GNU_SOURCE
#include "cmd.h"
#include "fileio.h"
#include "confine.h"
#include "db.h"
#include "txn.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Take --json out of ARGV wherever it is; returns the new argc. */
static int take_json(struct ctx *ctx, int argc, char **argv)
{
	int out = 0;

	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			ctx->json = 1;
		else
			argv[out++] = argv[i];
	}
	return out;
}

static int open_db(struct ctx *ctx, struct db *db)
{
	if (txn_open_db(db, ctx->root, DB_READ) < 0 ||
	    nip_confine(ctx->root, 0, NULL, NULL) < 0) {
		db_close(db);
		return -1;
	}
	return 0;
}

static struct pkg *installed_or_fail(struct db *db, const char *name)
{
	struct pkg *p = pkglist_find(&db->installed, name);

	if (!p)
		fail_code(NIP_EXIT_DEPS, "%s is not installed", name);
	return p;
}

int cmd_list(struct ctx *ctx, int argc, char **argv)
{
	struct db db;

	if (take_json(ctx, argc, argv) != 1)
		return cmd_usage_error("list", "takes no arguments");
	if (open_db(ctx, &db) < 0)
		return -1;
	if (ctx->json)
		putchar('[');
	for (size_t i = 0; i < db.installed.n; i++) {
		const struct pkg *p = db.installed.v[i];

		if (!ctx->json) {
			printf("%s %s\n", p->meta.name, p->full_version);
			continue;
		}
		printf("%s{\"name\":", i ? "," : "");
		json_string(p->meta.name);
		printf(",\"version\":");
		json_string(p->full_version);
		printf(",\"explicit\":%s}",
		       strlist_contains(&db.world, p->meta.name) ? "true" :
								    "false");
	}
	if (ctx->json)
		puts("]");
	db_close(&db);
	return 0;
}

static void json_list(const char *key, const struct strlist *l)
{
	printf(",\"%s\":[", key);
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			putchar(',');
		json_string(l->v[i]);
	}
	putchar(']');
}

static void text_list(const char *key, const struct strlist *l)
{
	if (!l->n)
		return;
	printf("%-15s", key);
	for (size_t i = 0; i < l->n; i++)
		printf(" %s", l->v[i]);
	putchar('\n');
}

static void show_info(const struct ctx *ctx, const struct pkg *p)
{
	const struct npk_meta *m = &p->meta;

	if (!ctx->json) {
		printf("name            %s\nversion         %s\n"
		       "summary         %s\nlicense         %s\n",
		       m->name, p->full_version, m->summary, m->license);
		if (m->homepage)
			printf("homepage        %s\n", m->homepage);
		text_list("depends", &m->depends);
		text_list("provides", &m->provides);
		text_list("conflicts", &m->conflicts);
		text_list("replaces", &m->replaces);
		printf("installed-size  %llu\nidentity        %s\n",
		       (unsigned long long)p->installed_size, p->identity);
		return;
	}
	printf("{\"name\":");
	json_string(m->name);
	printf(",\"version\":");
	json_string(p->full_version);
	printf(",\"summary\":");
	json_string(m->summary);
	printf(",\"license\":");
	json_string(m->license);
	json_list("depends", &m->depends);
	json_list("provides", &m->provides);
	json_list("conflicts", &m->conflicts);
	json_list("replaces", &m->replaces);
	printf(",\"installed_size\":%llu,\"identity\":\"%s\"}",
	       (unsigned long long)p->installed_size, p->identity);
}

int cmd_info(struct ctx *ctx, int argc, char **argv)
{
	struct db db;
	int rc = 0;

	argc = take_json(ctx, argc, argv);
	if (argc < 2)
		return cmd_usage_error("info", "no packages named");
	if (open_db(ctx, &db) < 0)
		return -1;
	if (ctx->json)
		putchar('[');
	for (int i = 1; i < argc && rc == 0; i++) {
		const struct pkg *p = installed_or_fail(&db, argv[i]);

		if (!p) {
			rc = -1;
			break;
		}
		if (ctx->json && i > 1)
			putchar(',');
		else if (i > 1)
			putchar('\n');
		show_info(ctx, p);
	}
	if (ctx->json)
		puts("]");
	db_close(&db);
	return rc;
}

int cmd_files(struct ctx *ctx, int argc, char **argv)
{
	struct npk_manifest m;
	struct db db;
	int rc = -1;

	if (take_json(ctx, argc, argv) != 2)
		return cmd_usage_error("files", "expected one package");
	if (open_db(ctx, &db) < 0)
		return -1;
	if (!installed_or_fail(&db, argv[1]) ||
	    db_load_manifest(&db, argv[1], &m) < 0)
		goto out;
	if (ctx->json)
		putchar('[');
	for (size_t i = 0; i < m.nfiles; i++) {
		const struct npk_file *f = &m.files[i];
		char *path = xasprintf("/%s", f->path);

		if (ctx->json) {
			printf("%s{\"path\":", i ? "," : "");
			json_string(path);
			printf(",\"type\":\"%c\",\"mode\":\"%04o\"}", f->type,
			       f->mode);
		} else {
			puts(path);
		}
		free(path);
	}
	if (ctx->json)
		puts("]");
	manifest_free(&m);
	rc = 0;
out:
	db_close(&db);
	return rc;
}

static void print_owner(const char *owner, void *arg)
{
	const struct ctx *ctx = arg;

	if (ctx->json)
		json_string(owner);
	else
		printf(" %s", owner);
}

int cmd_owner(struct ctx *ctx, int argc, char **argv)
{
	struct db db;
	int rc = 0;

	argc = take_json(ctx, argc, argv);
	if (argc < 2)
		return cmd_usage_error("owner", "no path named");
	if (open_db(ctx, &db) < 0)
		return -1;
	if (ctx->json)
		putchar('[');
	for (int i = 1; i < argc; i++) {
		const char *path = argv[i] + strspn(argv[i], "/");
		char *trimmed = xstrdup(path);
		size_t len = strlen(trimmed);

		while (len > 1 && trimmed[len - 1] == '/')
			trimmed[--len] = '\0';
		if (ctx->json) {
			printf("%s{\"path\":", i > 1 ? "," : "");
			json_string(argv[i]);
			printf(",\"owners\":[");
		} else {
			printf("/%s is owned by", trimmed);
		}
		size_t n = db_owners(&db, trimmed, print_owner, ctx);

		if (ctx->json)
			printf("]}");
		else
			printf("%s\n", n ? "" : " no package");
		if (!n)
			rc = fail_code(NIP_EXIT_DEPS, "/%s: no package owns it",
				       trimmed);
		free(trimmed);
	}
	if (ctx->json)
		puts("]");
	db_close(&db);
	return rc;
}

/* Compare one manifest entry with the disk; NULL when they agree. */
static const char *check_entry(const struct db *db, const struct npk_file *f)
{
	int rootfd = db->rootfd;
	struct stat st;
	char hex[HASH_HEX];

	if (fstatat(rootfd, f->path, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOENT ? "missing" : "unreadable";
	/* Upgrades keep a config file the admin replaced by a symlink. */
	if (f->type == FT_FILE && S_ISLNK(st.st_mode) &&
	    manifest_is_config(f->path))
		return "replaced by a symlink";
	if ((f->type == FT_DIR && !S_ISDIR(st.st_mode)) ||
	    (f->type == FT_FILE && !S_ISREG(st.st_mode)) ||
	    (f->type == FT_LINK && !S_ISLNK(st.st_mode)))
		return "type changed";
	if (f->type == FT_LINK) {
		char target[4096];
		ssize_t n = readlinkat(rootfd, f->path, target,
				       sizeof(target) - 1);

		if (n < 0)
			return "unreadable";
		target[n] = '\0';
		return strcmp(target, f->target) ? "link target changed" : NULL;
	}
	if ((st.st_mode & 07777) != f->mode)
		return "mode changed";
	if (db_owner_changed(db, &st, f))
		return "owner changed";
	if (f->type == FT_FILE &&
	    (hash_file(rootfd, f->path, hex, NULL, NULL) < 0 ||
	     strcmp(hex, f->hash) != 0)) {
		fail_clear();
		return "content changed";
	}
	return NULL;
}

/*
 * A configuration file is the administrator's to change: an upgrade keeps
 * one whose content, mode or owner changed, or that became a symlink, and
 * offers the package's beside it, so such a change is shown but is no
 * problem (another type in its place stops an upgrade: that one is).
 */
static const char *config_verdict(const struct npk_file *f, const char *why,
				  int *kept)
{
	static const struct {
		const char *why, *shown;
	} kept_changes[] = {
		{"content changed", "config edited (kept on upgrade)"},
		{"mode changed", "config mode changed (kept on upgrade)"},
		{"owner changed", "config owner changed (kept on upgrade)"},
		{"replaced by a symlink",
		 "config replaced by a symlink (kept on upgrade)"},
	};

	*kept = 0;
	if (f->type != FT_FILE || !manifest_is_config(f->path))
		return why;
	for (size_t i = 0; i < sizeof(kept_changes) / sizeof(kept_changes[0]);
	     i++)
		if (!strcmp(why, kept_changes[i].why)) {
			*kept = 1;
			return kept_changes[i].shown;
		}
	return why;
}

static void show_problem(struct ctx *ctx, const char *name, const char *path,
			 const char *why, size_t *shown)
{
	if (ctx->json) {
		char *slashed = xasprintf("/%s", path);

		printf("%s{\"package\":", (*shown)++ ? "," : "");
		json_string(name);
		printf(",\"path\":");
		json_string(slashed);
		printf(",\"problem\":");
		json_string(why);
		putchar('}');
		free(slashed);
	} else {
		printf("%s: /%s: %s\n", name, path, why);
	}
}

static int check_package(struct ctx *ctx, struct db *db, const char *name,
			 size_t *shown, size_t *problems)
{
	struct npk_manifest m;

	/* One unreadable record must not hide the rest of the root. */
	if (db_load_manifest(db, name, &m) < 0) {
		show_problem(ctx, name, DB_DIR "/manifests", fail_message(),
			     shown);
		fail_clear();
		(*problems)++;
		return 0;
	}
	for (size_t i = 0; i < m.nfiles; i++) {
		const struct npk_file *f = &m.files[i];
		char *other = db_other_owner(db, f->path, name);
		const char *why;
		int kept;

		/* A file taken over through "replaces" is its new owner's. */
		if (other && f->type != FT_DIR) {
			free(other);
			continue;
		}
		free(other);
		if (!(why = check_entry(db, f)))
			continue;
		why = config_verdict(f, why, &kept);
		if (!kept)
			(*problems)++;
		show_problem(ctx, name, f->path, why, shown);
	}
	manifest_free(&m);
	return 0;
}

/* Steps a committed transaction could not apply, while still pending. */
static int check_unapplied(struct ctx *ctx, struct db *db, size_t *shown,
			   size_t *problems)
{
	struct strlist lines = {0};

	if (unapplied_load(db, &lines) < 0)
		return -1;
	for (size_t i = 0; i < lines.n; i++) {
		struct unapplied u;
		char *why;

		if (!unapplied_pending(db, lines.v[i], &u))
			continue;
		if (u.stage)
			why = xasprintf("%s by a committed transaction (%s); "
					"its new version is /%s: %s; recorded "
					"in /" DB_DIR "/unapplied",
					u.what, u.why, u.stage, u.fix);
		else
			why = xasprintf("%s by a committed transaction (%s): "
					"%s; recorded in /" DB_DIR "/unapplied",
					u.what, u.why, u.fix);
		show_problem(ctx, "unapplied", u.path, why, shown);
		(*problems)++;
		free(why);
		unapplied_free(&u);
	}
	strlist_free(&lines);
	return 0;
}

/* Triggers that failed, while their package still declares them. */
static void check_triggers(struct ctx *ctx, struct db *db, size_t *shown,
			   size_t *problems)
{
	struct strlist lines = {0};

	if (triggers_failed_load(db, &lines) < 0) {
		/* Said as a problem: the rest of the check still stands. */
		show_problem(ctx, TRIGGERS_FAILED, DB_DIR "/" TRIGGERS_FAILED,
			     fail_message(), shown);
		fail_clear();
		(*problems)++;
	}
	for (size_t i = 0; i < lines.n; i++) {
		struct trigger_failed f;
		char *why;

		if (trigger_failed_parse(lines.v[i], &f) < 0) {
			why = xasprintf("line %zu is damaged (%s); remove it "
					"by hand",
					i + 1, lines.v[i]);
			show_problem(ctx, TRIGGERS_FAILED,
				     DB_DIR "/" TRIGGERS_FAILED, why, shown);
			(*problems)++;
			free(why);
			continue;
		}
		if (trigger_failed_current(&db->installed, &f)) {
			why = xasprintf("its trigger %s after a committed "
					"transaction; `nip trigger` runs it "
					"again; recorded in /" DB_DIR
					"/" TRIGGERS_FAILED,
					f.why);
			show_problem(ctx, f.pkg, f.run, why, shown);
			(*problems)++;
			free(why);
		}
		trigger_failed_free(&f);
	}
	strlist_free(&lines);
}

int cmd_check(struct ctx *ctx, int argc, char **argv)
{
	size_t shown = 0, problems = 0;
	struct db db;
	int rc = 0;

	argc = take_json(ctx, argc, argv);
	if (open_db(ctx, &db) < 0)
		return -1;
	if (ctx->json)
		putchar('[');
	for (size_t i = 0; i < db.installed.n && rc == 0; i++) {
		const char *name = db.installed.v[i]->meta.name;
		int wanted = argc == 1;

		for (int a = 1; a < argc; a++)
			wanted |= strcmp(argv[a], name) == 0;
		if (wanted)
			rc = check_package(ctx, &db, name, &shown, &problems);
	}
	for (int a = 1; a < argc && rc == 0; a++)
		if (!installed_or_fail(&db, argv[a]))
			rc = -1;
	if (rc == 0 && argc == 1)
		rc = check_unapplied(ctx, &db, &shown, &problems);
	if (rc == 0 && argc == 1)
		check_triggers(ctx, &db, &shown, &problems);
	if (ctx->json)
		puts("]");
	db_close(&db);
	if (rc < 0)
		return -1;
	return problems ? NIP_EXIT_CHECK : 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void show_history(struct ctx *ctx, struct db *db, uint64_t id,
			 int first)
{
	struct buf text = {0};
	char *path = xasprintf("history/%llu", (unsigned long long)id);
	char *line, *save = NULL;

	if (read_file(db->dbfd, path, &text) < 0) {
		fail_clear();
		free(path);
		return;
	}
	if (ctx->json)
		printf("%s{\"id\":%llu,\"lines\":[", first ? "" : ",",
		       (unsigned long long)id);
	for (line = strtok_r(text.data, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "world-", 6) == 0 ||
		    strncmp(line, "nip-history", 11) == 0 ||
		    strncmp(line, "id ", 3) == 0)
			continue;
		if (ctx->json) {
			json_string(line);
			if (save && *save)
				putchar(',');
		} else if (strncmp(line, "time ", 5) == 0) {
			printf("#%llu at %s:", (unsigned long long)id,
			       line + 5);
		} else if (strncmp(line, "command ", 8) == 0) {
			printf(" nip %s\n", line + 8);
		} else {
			printf("    %s\n", line);
		}
	}
	if (ctx->json)
		printf("]}");
	free(path);
	buf_free(&text);
}

int cmd_history(struct ctx *ctx, int argc, char **argv)
{
	uint64_t *ids = NULL;
	size_t n = 0;
	struct db db;
	DIR *d;

	if (take_json(ctx, argc, argv) != 1)
		return cmd_usage_error("history", "takes no arguments");
	if (open_db(ctx, &db) < 0)
		return -1;
	int fd = db.dbfd < 0 ? -1 :
			       openat(db.dbfd, "history",
				      O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	d = fd >= 0 ? fdopendir(fd) : NULL;
	for (struct dirent *de; d && (de = readdir(d));) {
		uint64_t id;

		if (parse_u64(de->d_name, &id) == 0) {
			ids = xrealloc(ids, (n + 1) * sizeof(*ids));
			ids[n++] = id;
		}
	}
	if (d)
		closedir(d);
	if (n)
		qsort(ids, n, sizeof(*ids), cmp_u64);
	if (ctx->json)
		putchar('[');
	for (size_t i = 0; i < n; i++)
		show_history(ctx, &db, ids[i], i == 0);
	if (ctx->json)
		puts("]");
	free(ids);
	db_close(&db);
	return 0;
}
