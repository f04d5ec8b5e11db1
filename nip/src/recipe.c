/* Recipes through libyaml's event parser: strict, with locations. */
#include "recipe.h"
#include "manifest.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

struct yreader {
	yaml_parser_t parser;
	yaml_event_t event;
	const char *path;
};

static int yfail(struct yreader *r, const yaml_mark_t *mark, const char *msg,
		 const char *detail)
{
	return fail_code(NIP_EXIT_USAGE, "%s:%zu:%zu: %s%s%s", r->path,
			 mark->line + 1, mark->column + 1, msg,
			 detail ? ": " : "", detail ? detail : "");
}

/* Advance to the next event; the previous one is freed. */
static int next_event(struct yreader *r)
{
	yaml_event_delete(&r->event);
	if (!yaml_parser_parse(&r->parser, &r->event)) {
		yaml_mark_t mark = r->parser.problem_mark;

		return yfail(r, &mark, "YAML syntax error",
			     r->parser.problem ? r->parser.problem : "");
	}
	return 0;
}

static const char *scalar(const struct yreader *r)
{
	return (const char *)r->event.data.scalar.value;
}

static int is_known_key(const char *key)
{
	static const char *const keys[] = {
		"name",	    "version",	 "release",	"summary",
		"license",  "homepage",	 "depends",	"provides",
		"conflicts", "replaces", "sources",	"patches",
		"build-depends", "build", "source-date-epoch", "modes", "split",
		"triggers", NULL,
	};

	for (int i = 0; keys[i]; i++)
		if (strcmp(key, keys[i]) == 0)
			return 1;
	return 0;
}

/*
 * Step to the next key of a mapping: 1 with *KEY (kept in SEEN, which
 * refuses a repeat), 0 at the mapping's end, -1 on an error. The key's
 * event stays current, so errors about it can point at it.
 */
static int next_key(struct yreader *r, struct strlist *seen, const char **key)
{
	yaml_mark_t mark;

	if (next_event(r) < 0)
		return -1;
	if (r->event.type == YAML_MAPPING_END_EVENT)
		return 0;
	mark = r->event.start_mark;
	if (r->event.type != YAML_SCALAR_EVENT) {
		yfail(r, &mark, "expected a key", NULL);
		return -1;
	}
	if (strlist_contains(seen, scalar(r))) {
		yfail(r, &mark, "duplicate key", scalar(r));
		return -1;
	}
	strlist_add(seen, scalar(r));
	*key = seen->v[seen->n - 1];
	return 1;
}

/* The current event must be a scalar; give a copy of its text. */
static int want_scalar(struct yreader *r, const char *key, char **out)
{
	yaml_mark_t mark = r->event.start_mark;

	if (r->event.type != YAML_SCALAR_EVENT)
		return yfail(r, &mark, "expected a single value for", key);
	if (*out)
		return yfail(r, &mark, "repeated key", key);
	*out = xstrdup(scalar(r));
	return 0;
}

/* The current event starts a list of strings; CHECK vets each one. */
static int want_list(struct yreader *r, const char *key, struct strlist *out,
		     const char *(*check)(const char *))
{
	yaml_mark_t mark = r->event.start_mark;

	if (r->event.type != YAML_SEQUENCE_START_EVENT)
		return yfail(r, &mark, "expected a list for", key);
	for (;;) {
		const char *why;

		if (next_event(r) < 0)
			return -1;
		if (r->event.type == YAML_SEQUENCE_END_EVENT)
			return 0;
		mark = r->event.start_mark;
		if (r->event.type != YAML_SCALAR_EVENT)
			return yfail(r, &mark, "expected a string in", key);
		if (check && (why = check(scalar(r))))
			return yfail(r, &mark, why, scalar(r));
		strlist_add(out, scalar(r));
	}
}

static const char *bad_constraint(const char *s)
{
	struct dep d;

	if (dep_parse(s, &d) < 0)
		return "not a package name or constraint";
	dep_free(&d);
	return NULL;
}

static const char *bad_recipe_path(const char *s)
{
	const char *why = path_invalid_reason(s);

	return why ? "not a plain path in the recipe folder" : NULL;
}

static int sha256_valid(const char *s)
{
	return hex_valid(s, 64);
}

int source_from_archive(const struct source *s)
{
	return s->debian || s->deb;
}

/* One entry of "sources": a mapping in one of the three forms. */
static int read_source(struct yreader *r, struct source *src)
{
	yaml_mark_t start = r->event.start_mark;
	struct strlist seen = {0};
	int rc = -1;

	if (r->event.type != YAML_MAPPING_START_EVENT)
		return yfail(r, &start, "a source is a mapping of debian, "
					"version, file and sha256",
			     NULL);
	for (;;) {
		yaml_mark_t mark;
		const char *key;
		char **field;
		int more = next_key(r, &seen, &key);

		if (more < 0)
			goto out;
		if (more == 0)
			break;
		mark = r->event.start_mark;
		field = !strcmp(key, "debian")	? &src->debian :
			!strcmp(key, "deb")	? &src->deb :
			!strcmp(key, "version") ? &src->version :
			!strcmp(key, "file")	? &src->file :
			!strcmp(key, "sha256")	? &src->sha256 :
						  NULL;
		if (!field) {
			yfail(r, &mark, "unknown key in a source", key);
			goto out;
		}
		if (next_event(r) < 0 || want_scalar(r, key, field) < 0)
			goto out;
		mark = r->event.start_mark;
		if (field == &src->sha256 && !sha256_valid(src->sha256)) {
			yfail(r, &mark, "sha256 must be 64 lower-case hex digits",
			      NULL);
			goto out;
		}
	}
	if (!src->file) {
		yfail(r, &start, "a source needs a file", NULL);
	} else if (src->debian && src->deb) {
		yfail(r, &start, "a source is a source package (debian) or a "
				 "binary one (deb), not both",
		      src->file);
	} else if ((source_from_archive(src) || src->version) &&
		   !(source_from_archive(src) && src->version && src->sha256)) {
		yfail(r, &start, "a Debian source needs debian (or deb), "
				 "version, file and sha256",
		      src->file);
	} else if (source_from_archive(src) && strchr(src->file, '/')) {
		yfail(r, &start, "a Debian source's file is a plain file name",
		      src->file);
	} else if (!source_from_archive(src) &&
		   path_invalid_reason(src->file)) {
		yfail(r, &start, "not a plain path in the recipe folder",
		      src->file);
	} else {
		rc = 0;
	}
out:
	strlist_free(&seen);
	return rc;
}

/*
 * The current event starts a list of mappings under KEY; ADD appends
 * one element to REC and reads it from the event that starts it.
 */
static int read_entries(struct yreader *r, struct recipe *rec,
			const char *key,
			int (*add)(struct yreader *, struct recipe *))
{
	yaml_mark_t mark = r->event.start_mark;

	if (r->event.type != YAML_SEQUENCE_START_EVENT)
		return yfail(r, &mark, "expected a list for", key);
	for (;;) {
		if (next_event(r) < 0)
			return -1;
		if (r->event.type == YAML_SEQUENCE_END_EVENT)
			return 0;
		if (add(r, rec) < 0)
			return -1;
	}
}

static int add_source(struct yreader *r, struct recipe *rec)
{
	rec->sources = xrealloc(rec->sources,
				(rec->nsources + 1) * sizeof(*rec->sources));
	memset(&rec->sources[rec->nsources], 0, sizeof(struct source));
	return read_source(r, &rec->sources[rec->nsources++]);
}

/* "modes": a mapping of package paths to octal modes. */
static int read_modes(struct yreader *r, struct recipe *rec)
{
	yaml_mark_t mark = r->event.start_mark;
	struct strlist seen = {0};
	int rc = -1;

	if (r->event.type != YAML_MAPPING_START_EVENT)
		return yfail(r, &mark, "expected a mapping of paths to modes for",
			     "modes");
	for (;;) {
		struct mode_override *m;
		const char *path;
		char *end;
		unsigned long mode;
		int more = next_key(r, &seen, &path);

		if (more <= 0) {
			rc = more;
			break;
		}
		mark = r->event.start_mark;
		if (path_invalid_reason(path)) {
			yfail(r, &mark, "not a package path", path);
			break;
		}
		rec->modes = xrealloc(rec->modes,
				      (rec->nmodes + 1) * sizeof(*rec->modes));
		m = &rec->modes[rec->nmodes++];
		m->path = xstrdup(path);
		if (next_event(r) < 0)
			break;
		mark = r->event.start_mark;
		if (r->event.type != YAML_SCALAR_EVENT) {
			yfail(r, &mark, "expected an octal mode for", m->path);
			break;
		}
		mode = strtoul(scalar(r), &end, 8);
		if (strlen(scalar(r)) < 3 || *end || mode > 07777) {
			yfail(r, &mark, "not an octal mode like \"0600\"",
			      scalar(r));
			break;
		}
		m->mode = (unsigned)mode;
	}
	strlist_free(&seen);
	return rc;
}

static int read_meta_list(struct yreader *r, struct npk_meta *m,
			  const char *key)
{
	struct strlist *l = !strcmp(key, "depends")   ? &m->depends :
			    !strcmp(key, "provides")  ? &m->provides :
			    !strcmp(key, "conflicts") ? &m->conflicts :
			    !strcmp(key, "replaces")  ? &m->replaces :
							NULL;

	if (!strcmp(key, "triggers"))
		return want_list(r, key, &m->triggers, trigger_invalid_reason);
	return l ? want_list(r, key, l, bad_constraint) : 1;
}

/* One entry of "split": name, summary, paths and relations. */
static int read_split(struct yreader *r, struct split *sp)
{
	yaml_mark_t start = r->event.start_mark;
	struct strlist seen = {0};
	int rc = -1;

	if (r->event.type != YAML_MAPPING_START_EVENT)
		return yfail(r, &start, "a split is a mapping of name, summary "
					"and paths",
			     NULL);
	for (;;) {
		yaml_mark_t mark;
		const char *key;
		int more = next_key(r, &seen, &key), got;

		if (more < 0)
			goto out;
		if (more == 0)
			break;
		mark = r->event.start_mark;
		if (next_event(r) < 0)
			goto out;
		if (!strcmp(key, "paths"))
			got = want_list(r, key, &sp->paths, bad_recipe_path);
		else if (!strcmp(key, "name"))
			got = want_scalar(r, key, &sp->meta.name);
		else if (!strcmp(key, "summary"))
			got = want_scalar(r, key, &sp->meta.summary);
		else
			got = read_meta_list(r, &sp->meta, key);
		if (got == 1)
			yfail(r, &mark, "unknown key in a split", key);
		if (got != 0)
			goto out;
	}
	if (!sp->meta.name || !sp->meta.summary || !sp->paths.n)
		yfail(r, &start, "a split needs name, summary and paths", NULL);
	else if (!name_valid(sp->meta.name))
		yfail(r, &start, "bad package name in a split", sp->meta.name);
	else
		rc = 0;
out:
	strlist_free(&seen);
	return rc;
}

static int add_split(struct yreader *r, struct recipe *rec)
{
	rec->splits = xrealloc(rec->splits,
			       (rec->nsplits + 1) * sizeof(*rec->splits));
	memset(&rec->splits[rec->nsplits], 0, sizeof(struct split));
	return read_split(r, &rec->splits[rec->nsplits++]);
}

static int read_value(struct yreader *r, struct recipe *rec, const char *key)
{
	yaml_mark_t mark = r->event.start_mark;
	struct npk_meta *m = &rec->meta;
	char *text = NULL;
	int rc;

	if ((rc = read_meta_list(r, m, key)) != 1)
		return rc;
	if (!strcmp(key, "split"))
		return read_entries(r, rec, key, add_split);
	if (!strcmp(key, "build-depends"))
		return want_list(r, key, &rec->build_depends, bad_constraint);
	if (!strcmp(key, "patches"))
		return want_list(r, key, &rec->patches, bad_recipe_path);
	if (!strcmp(key, "sources"))
		return read_entries(r, rec, key, add_source);
	if (!strcmp(key, "modes"))
		return read_modes(r, rec);
	if (!strcmp(key, "build"))
		return want_scalar(r, key, &rec->build);
	if (want_scalar(r, key, &text) < 0)
		return -1;
	if (!strcmp(key, "source-date-epoch"))
		rc = parse_u64(text, &rec->source_date_epoch) < 0 ? -1 : 1;
	else
		rc = meta_take_line(m, key, text);
	free(text);
	if (rc == 0)
		return yfail(r, &mark, "unknown key", key);
	if (rc < 0)
		return yfail(r, &mark, "bad value for", key);
	return 0;
}

static int read_mapping(struct yreader *r, struct recipe *rec)
{
	struct strlist seen = {0};
	int rc = -1;

	for (;;) {
		yaml_mark_t mark;
		const char *key;
		int more = next_key(r, &seen, &key);

		if (more < 0)
			goto out;
		if (more == 0)
			break;
		mark = r->event.start_mark;
		/* Check the key before its value, so the error points at it. */
		if (!is_known_key(key)) {
			yfail(r, &mark, "unknown key", key);
			goto out;
		}
		if (next_event(r) < 0 || read_value(r, rec, key) < 0)
			goto out;
	}
	rc = 0;
out:
	strlist_free(&seen);
	return rc;
}

/*
 * A package of this recipe that pins another of them (a split on its
 * parent, "nip=0.1.0-9") must pin the version-release the recipe makes:
 * a pin left behind when the release moved can never be installed.
 */
static int pins_ok(const char *path, const struct recipe *rec,
		   const struct npk_meta *m)
{
	char *full = meta_full_version(&rec->meta);
	int rc = 0;

	for (size_t i = 0; i < m->depends.n && rc == 0; i++) {
		struct dep d;
		int ours = 0;

		if (dep_parse(m->depends.v[i], &d) < 0)
			continue;	/* refused where it was read */
		ours = !strcmp(d.name, rec->meta.name);
		for (size_t j = 0; j < rec->nsplits && !ours; j++)
			ours = !strcmp(d.name, rec->splits[j].meta.name);
		if (ours && d.op != DEP_ANY && !dep_version_matches(&d, full))
			rc = fail_code(NIP_EXIT_USAGE,
				       "%s: %s %s: depends on %s, which this "
				       "recipe's own %s %s does not satisfy "
				       "(move the pin with the release)",
				       path, m == &rec->meta ? "package" : "split",
				       m->name, m->depends.v[i], d.name, full);
		dep_free(&d);
	}
	free(full);
	return rc;
}

/* A split inherits the recipe's version; names must all differ. */
static int complete_splits(const char *path, struct recipe *rec)
{
	struct buf why = {0};

	for (size_t i = 0; i < rec->nsplits; i++) {
		struct npk_meta *m = &rec->splits[i].meta;
		const struct npk_meta *top = &rec->meta;

		m->version = xstrdup(top->version);
		m->release = top->release;
		m->license = xstrdup(top->license);
		m->homepage = top->homepage ? xstrdup(top->homepage) : NULL;
		if (meta_invalid_reason(m, &why)) {
			fail_code(NIP_EXIT_USAGE, "%s: split %s: %s", path,
				  m->name, why.data);
			buf_free(&why);
			return -1;
		}
		for (size_t j = 0; j <= i; j++) {
			const char *other = j < i ? rec->splits[j].meta.name :
						    top->name;

			if (!strcmp(m->name, other))
				return fail_code(NIP_EXIT_USAGE,
						 "%s: split %s: name used twice",
						 path, m->name);
		}
	}
	for (size_t i = 0; i < rec->nsplits; i++)
		if (pins_ok(path, rec, &rec->splits[i].meta) < 0)
			return -1;
	return pins_ok(path, rec, &rec->meta);
}

int recipe_load(const char *path, struct recipe *rec)
{
	struct yreader r = {.path = path};
	struct buf why = {0};
	FILE *f = fopen(path, "rb");
	int rc = -1;

	struct stat st;

	if (!f)
		return fail_errno("cannot open %s", path);
	/* A folder opens, then fails as an unreadable "YAML" stream. */
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		return fail_code(NIP_EXIT_USAGE,
				 "%s: is a folder, not a recipe file "
				 "(NAME.npk.yaml; --all DIR builds a folder of them)",
				 path);
	}
	memset(rec, 0, sizeof(*rec));
	yaml_parser_initialize(&r.parser);
	yaml_parser_set_input_file(&r.parser, f);
	memset(&r.event, 0, sizeof(r.event));
	/* stream start, document start, then the top-level mapping */
	for (int i = 0; i < 2; i++)
		if (next_event(&r) < 0)
			goto out;
	if (r.event.type != YAML_DOCUMENT_START_EVENT) {
		if (r.event.type == YAML_STREAM_END_EVENT)
			fail_code(NIP_EXIT_USAGE, "%s: empty file", path);
		goto out;
	}
	if (next_event(&r) < 0)
		goto out;
	if (r.event.type != YAML_MAPPING_START_EVENT) {
		yfail(&r, &r.event.start_mark,
		      "the top level must be a mapping of keys", NULL);
		goto out;
	}
	if (read_mapping(&r, rec) < 0)
		goto out;
	if (meta_invalid_reason(&rec->meta, &why)) {
		fail_code(NIP_EXIT_USAGE, "%s: %s", path, why.data);
		goto out;
	}
	if (complete_splits(path, rec) < 0)
		goto out;
	rc = 0;
out:
	if (rc < 0)
		recipe_free(rec);
	yaml_event_delete(&r.event);
	yaml_parser_delete(&r.parser);
	fclose(f);
	buf_free(&why);
	return rc;
}

void recipe_free(struct recipe *rec)
{
	for (size_t i = 0; i < rec->nsources; i++) {
		free(rec->sources[i].debian);
		free(rec->sources[i].deb);
		free(rec->sources[i].version);
		free(rec->sources[i].file);
		free(rec->sources[i].sha256);
	}
	free(rec->sources);
	for (size_t i = 0; i < rec->nsplits; i++) {
		meta_free(&rec->splits[i].meta);
		strlist_free(&rec->splits[i].paths);
	}
	free(rec->splits);
	for (size_t i = 0; i < rec->nmodes; i++)
		free(rec->modes[i].path);
	free(rec->modes);
	strlist_free(&rec->patches);
	strlist_free(&rec->build_depends);
	free(rec->build);
	meta_free(&rec->meta);
	memset(rec, 0, sizeof(*rec));
}
