/* Package metadata fields, version ordering and constraints. */
#include "meta.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void meta_free(struct npk_meta *m)
{
	free(m->name);
	free(m->version);
	free(m->summary);
	free(m->license);
	free(m->homepage);
	strlist_free(&m->depends);
	strlist_free(&m->provides);
	strlist_free(&m->conflicts);
	strlist_free(&m->replaces);
	strlist_free(&m->triggers);
	memset(m, 0, sizeof(*m));
}

int name_valid(const char *s)
{
	if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s))
		return 0;
	for (; *s; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) &&
		    !strchr("+._-", *s))
			return 0;
	return 1;
}

int version_valid(const char *s)
{
	if (!isalnum((unsigned char)*s))
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr(".+~_", *s))
			return 0;
	return 1;
}

/* Free text: printable, one line. */
static int text_valid(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return 1;
}

static int deps_valid(const struct strlist *l, const char *field,
		      struct buf *why)
{
	for (size_t i = 0; i < l->n; i++) {
		struct dep d;

		if (dep_parse(l->v[i], &d) < 0) {
			buf_printf(why, "%s: bad constraint '%s'", field,
				   l->v[i]);
			return 0;
		}
		dep_free(&d);
	}
	return 1;
}

/* A relative path of plain names: no empty, "." or ".." component. */
static int run_path_valid(const char *s, size_t len)
{
	size_t start = 0;

	if (len == 0 || s[0] == '/' || s[len - 1] == '/')
		return 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && s[i] != '/') {
			if (!isalnum((unsigned char)s[i]) && !strchr("._+-", s[i]))
				return 0;
			continue;
		}
		if (i == start || (i - start == 1 && s[start] == '.') ||
		    (i - start == 2 && s[start] == '.' && s[start + 1] == '.'))
			return 0;
		start = i + 1;
	}
	return 1;
}

const char *trigger_invalid_reason(const char *s)
{
	const char *sp = strchr(s, ' ');

	if (!text_valid(s))
		return "not one line of text";
	if (!run_path_valid(s, sp ? (size_t)(sp - s) : strlen(s)))
		return "its program is not a relative path in the root "
		       "(like usr/libexec/pkg/refresh)";
	if (!sp || !sp[1])
		return "no path pattern follows its program";
	for (const char *p = sp; *p; p++)
		if (*p == ' ' && (p[1] == ' ' || p[1] == '\0'))
			return "its words are not separated by single spaces";
	return NULL;
}

static int triggers_valid(const struct strlist *l, struct buf *why)
{
	for (size_t i = 0; i < l->n; i++) {
		const char *bad = trigger_invalid_reason(l->v[i]);

		if (bad) {
			buf_printf(why, "triggers: '%s': %s", l->v[i], bad);
			return 0;
		}
	}
	return 1;
}

const char *meta_invalid_reason(const struct npk_meta *m, struct buf *why)
{
	if (!m->name || !name_valid(m->name))
		buf_printf(why, "name: missing or invalid (lower case letters, "
				"digits and +._-)");
	else if (!m->version || !version_valid(m->version))
		buf_printf(why, "version: missing or invalid (letters, digits "
				"and .+~_, no '-')");
	else if (m->release == 0)
		buf_printf(why, "release: missing or not a positive integer");
	else if (!m->summary || !*m->summary || !text_valid(m->summary))
		buf_printf(why, "summary: missing or not one line of text");
	else if (!m->license || !*m->license || !text_valid(m->license))
		buf_printf(why, "license: missing or not one line of text");
	else if (m->homepage && !text_valid(m->homepage))
		buf_printf(why, "homepage: not one line of text");
	else if (deps_valid(&m->depends, "depends", why) &&
		 deps_valid(&m->provides, "provides", why) &&
		 deps_valid(&m->conflicts, "conflicts", why) &&
		 deps_valid(&m->replaces, "replaces", why) &&
		 triggers_valid(&m->triggers, why))
		return NULL;
	return why->data;
}

static void write_list(struct buf *out, const char *key,
		       const struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		buf_printf(out, "%s %s\n", key, l->v[i]);
}

void meta_write(struct buf *out, const struct npk_meta *m)
{
	buf_printf(out, "name %s\n", m->name);
	buf_printf(out, "version %s\n", m->version);
	buf_printf(out, "release %llu\n", (unsigned long long)m->release);
	buf_printf(out, "summary %s\n", m->summary);
	buf_printf(out, "license %s\n", m->license);
	if (m->homepage)
		buf_printf(out, "homepage %s\n", m->homepage);
	write_list(out, "depends", &m->depends);
	write_list(out, "provides", &m->provides);
	write_list(out, "conflicts", &m->conflicts);
	write_list(out, "replaces", &m->replaces);
	write_list(out, "trigger", &m->triggers);
}

static int set_once(char **field, const char *value)
{
	if (*field)
		return -1;
	*field = xstrdup(value);
	return 1;
}

int meta_take_line(struct npk_meta *m, const char *key, const char *value)
{
	if (strcmp(key, "name") == 0)
		return set_once(&m->name, value);
	if (strcmp(key, "version") == 0)
		return set_once(&m->version, value);
	if (strcmp(key, "summary") == 0)
		return set_once(&m->summary, value);
	if (strcmp(key, "license") == 0)
		return set_once(&m->license, value);
	if (strcmp(key, "homepage") == 0)
		return set_once(&m->homepage, value);
	if (strcmp(key, "release") == 0)
		return m->release || parse_u64(value, &m->release) < 0 ? -1 : 1;
	if (strcmp(key, "depends") == 0)
		strlist_add(&m->depends, value);
	else if (strcmp(key, "provides") == 0)
		strlist_add(&m->provides, value);
	else if (strcmp(key, "conflicts") == 0)
		strlist_add(&m->conflicts, value);
	else if (strcmp(key, "replaces") == 0)
		strlist_add(&m->replaces, value);
	else if (strcmp(key, "trigger") == 0)
		strlist_add(&m->triggers, value);
	else
		return 0;
	return 1;
}

char *meta_stem(const struct npk_meta *m)
{
	return xasprintf("%s-%s-%llu", m->name, m->version,
			 (unsigned long long)m->release);
}

char *meta_full_version(const struct npk_meta *m)
{
	return xasprintf("%s-%llu", m->version,
			 (unsigned long long)m->release);
}

int dep_parse(const char *s, struct dep *out)
{
	static const struct {
		const char *text;
		enum dep_op op;
	} ops[] = {
		{">=", DEP_GE}, {"<=", DEP_LE}, {"=", DEP_EQ},
		{"<", DEP_LT},	{">", DEP_GT},
	};
	size_t namelen = strcspn(s, "<>=");
	const char *rest = s + namelen;

	memset(out, 0, sizeof(*out));
	out->name = xstrndup(s, namelen);
	if (!name_valid(out->name))
		goto bad;
	if (!*rest)
		return 0;
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		size_t oplen = strlen(ops[i].text);

		if (strncmp(rest, ops[i].text, oplen) != 0)
			continue;
		const char *ver = rest + oplen;
		const char *dash = strchr(ver, '-');
		uint64_t release;

		out->op = ops[i].op;
		out->version = xstrdup(ver);
		if (dash) {
			char *v = xstrndup(ver, (size_t)(dash - ver));
			int ok = version_valid(v) &&
				 parse_u64(dash + 1, &release) == 0;

			free(v);
			if (!ok)
				goto bad;
		} else if (!version_valid(ver)) {
			goto bad;
		}
		return 0;
	}
bad:
	dep_free(out);
	return -1;
}

void dep_free(struct dep *d)
{
	free(d->name);
	free(d->version);
	d->name = d->version = NULL;
}

int dep_version_matches(const struct dep *d, const char *full)
{
	int c;

	if (d->op == DEP_ANY)
		return 1;
	/* "=1.2" matches any release of 1.2; "=1.2-3" only that one. */
	if (!strchr(d->version, '-')) {
		char *v = xstrndup(full, strcspn(full, "-"));

		c = version_compare(v, d->version);
		free(v);
	} else {
		c = version_compare(full, d->version);
	}
	switch (d->op) {
	case DEP_EQ:
		return c == 0;
	case DEP_LT:
		return c < 0;
	case DEP_LE:
		return c <= 0;
	case DEP_GT:
		return c > 0;
	case DEP_GE:
		return c >= 0;
	default:
		return 1;
	}
}

/*
 * Segment-wise comparison: runs of digits compare as numbers, runs of
 * letters as strings, a number beats letters, '~' sorts before anything
 * (1.0~rc1 < 1.0), and the "-RELEASE" suffix compares numerically last.
 */
int version_compare(const char *a, const char *b)
{
	for (;;) {
		while (*a && !isalnum((unsigned char)*a) && *a != '~' &&
		       *a != '-')
			a++;
		while (*b && !isalnum((unsigned char)*b) && *b != '~' &&
		       *b != '-')
			b++;
		if (*a == '~' || *b == '~') {
			if (*a != '~')
				return 1;
			if (*b != '~')
				return -1;
			a++, b++;
			continue;
		}
		if (*a == '-' || *b == '-' || !*a || !*b) {
			if (*a == *b && *a == '-') {
				a++, b++;
				continue;
			}
			/* The shorter version is older: 1.0 < 1.0.1. */
			if ((*a == '-' || !*a) && (*b == '-' || !*b)) {
				if (!*a && !*b)
					return 0;
				return *a == '-' ? 1 : -1;
			}
			return (*a == '-' || !*a) ? -1 : 1;
		}
		if (isdigit((unsigned char)*a) != isdigit((unsigned char)*b))
			return isdigit((unsigned char)*a) ? 1 : -1;
		if (isdigit((unsigned char)*a)) {
			while (*a == '0')
				a++;
			while (*b == '0')
				b++;
			size_t la = strspn(a, "0123456789");
			size_t lb = strspn(b, "0123456789");

			if (la != lb)
				return la < lb ? -1 : 1;
			int c = strncmp(a, b, la);

			if (c)
				return c;
			a += la, b += lb;
		} else {
			size_t la = 0, lb = 0;

			while (isalpha((unsigned char)a[la]))
				la++;
			while (isalpha((unsigned char)b[lb]))
				lb++;
			int c = strncmp(a, b, la < lb ? la : lb);

			if (c)
				return c;
			if (la != lb)
				return la < lb ? -1 : 1;
			a += la, b += lb;
		}
	}
}
