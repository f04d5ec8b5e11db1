/* .npk.yaml metadata through libyaml's event parser. */
#include "yamlmeta.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

static const char *const recipe_only_keys[] = {
	"sources", "patches", "build-depends", "build", NULL,
};

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

/* Skip one whole node (scalar, sequence or mapping) starting at event. */
static int skip_node(struct yreader *r)
{
	int depth = 0;

	do {
		switch (r->event.type) {
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			depth++;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			depth--;
			break;
		default:
			break;
		}
		if (depth > 0 && next_event(r) < 0)
			return -1;
	} while (depth > 0);
	return 0;
}

static const char *scalar(const struct yreader *r)
{
	return (const char *)r->event.data.scalar.value;
}

static int take_scalar(struct yreader *r, struct npk_meta *m, const char *key)
{
	yaml_mark_t mark = r->event.start_mark;

	if (r->event.type != YAML_SCALAR_EVENT)
		return yfail(r, &mark, "expected a single value for", key);
	if (meta_take_line(m, key, scalar(r)) < 0)
		return yfail(r, &mark, "bad value for", key);
	return 0;
}

static int take_list(struct yreader *r, struct npk_meta *m, const char *key)
{
	yaml_mark_t mark = r->event.start_mark;

	if (r->event.type != YAML_SEQUENCE_START_EVENT)
		return yfail(r, &mark, "expected a list for", key);
	for (;;) {
		if (next_event(r) < 0)
			return -1;
		if (r->event.type == YAML_SEQUENCE_END_EVENT)
			return 0;
		mark = r->event.start_mark;
		if (r->event.type != YAML_SCALAR_EVENT)
			return yfail(r, &mark, "expected a string in", key);
		meta_take_line(m, key, scalar(r));
	}
}

static int is_list_key(const char *k)
{
	return !strcmp(k, "depends") || !strcmp(k, "provides") ||
	       !strcmp(k, "conflicts") || !strcmp(k, "replaces");
}

static int is_scalar_key(const char *k)
{
	return !strcmp(k, "name") || !strcmp(k, "version") ||
	       !strcmp(k, "release") || !strcmp(k, "summary") ||
	       !strcmp(k, "license") || !strcmp(k, "homepage");
}

static int is_recipe_key(const char *k)
{
	for (int i = 0; recipe_only_keys[i]; i++)
		if (!strcmp(k, recipe_only_keys[i]))
			return 1;
	return 0;
}

static int read_mapping(struct yreader *r, struct npk_meta *m)
{
	struct strlist seen = {0};
	int rc = -1;

	for (;;) {
		yaml_mark_t mark;
		char *key;

		if (next_event(r) < 0)
			goto out;
		if (r->event.type == YAML_MAPPING_END_EVENT)
			break;
		mark = r->event.start_mark;
		if (r->event.type != YAML_SCALAR_EVENT) {
			yfail(r, &mark, "expected a key", NULL);
			goto out;
		}
		key = xstrdup(scalar(r));
		if (strlist_contains(&seen, key)) {
			yfail(r, &mark, "duplicate key", key);
			free(key);
			goto out;
		}
		strlist_add_owned(&seen, key);
		if (!is_list_key(key) && !is_scalar_key(key) &&
		    !is_recipe_key(key)) {
			yfail(r, &mark, "unknown key", key);
			goto out;
		}
		if (next_event(r) < 0)
			goto out;
		if (is_list_key(key) ? take_list(r, m, key) :
		    is_scalar_key(key) ? take_scalar(r, m, key) :
					 skip_node(r))
			goto out;
	}
	rc = 0;
out:
	strlist_free(&seen);
	return rc;
}

int yaml_meta_load(const char *path, struct npk_meta *m)
{
	struct yreader r = {.path = path};
	struct buf why = {0};
	FILE *f = fopen(path, "rb");
	int rc = -1;

	if (!f)
		return fail_errno("cannot open %s", path);
	memset(m, 0, sizeof(*m));
	yaml_parser_initialize(&r.parser);
	yaml_parser_set_input_file(&r.parser, f);
	memset(&r.event, 0, sizeof(r.event));
	/* stream start, document start, then the top-level mapping */
	for (int i = 0; i < 2; i++)
		if (next_event(&r) < 0)
			goto out;
	if (r.event.type != YAML_DOCUMENT_START_EVENT ||
	    next_event(&r) < 0)
		goto empty;
	if (r.event.type != YAML_MAPPING_START_EVENT) {
		yfail(&r, &r.event.start_mark,
		      "the top level must be a mapping of keys", NULL);
		goto out;
	}
	if (read_mapping(&r, m) < 0)
		goto out;
	if (meta_invalid_reason(m, &why)) {
		fail_code(NIP_EXIT_USAGE, "%s: %s", path, why.data);
		goto out;
	}
	rc = 0;
	goto out;
empty:
	if (r.event.type == YAML_STREAM_END_EVENT)
		fail_code(NIP_EXIT_USAGE, "%s: empty file", path);
out:
	if (rc < 0)
		meta_free(m);
	yaml_event_delete(&r.event);
	yaml_parser_delete(&r.parser);
	fclose(f);
	buf_free(&why);
	return rc;
}
