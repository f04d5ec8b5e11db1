/*
 * The rules for the paths a package ships: which are valid, which are
 * nip's own or reserved, which are configuration, which links stay inside
 * the root, and how a path is written in a text line. The manifest parser,
 * pack, index and install all ask these.
 */
#define _GNU_SOURCE
#include "manifest.h"

#include <stdlib.h>
#include <string.h>

const char *path_invalid_reason(const char *path)
{
	const char *p = path, *slash;

	if (*path == '\0')
		return "empty path";
	if (*path == '/')
		return "absolute path";
	if (strlen(path) > 4000)
		return "path too long";
	for (;;) {
		size_t len;

		slash = strchr(p, '/');
		len = slash ? (size_t)(slash - p) : strlen(p);
		if (len == 0)
			return "empty path component";
		if (len == 1 && p[0] == '.')
			return "'.' path component";
		if (len == 2 && p[0] == '.' && p[1] == '.')
			return "'..' path component";
		if (len >= 5 && strncmp(p, ".nip-", 5) == 0)
			return "name reserved for nip's staging files";
		if (!slash)
			return NULL;
		p = slash + 1;
	}
}

static int needs_escape(unsigned char c)
{
	return c <= ' ' || c == 0x7f || c == '%';
}

void path_encode(struct buf *out, const char *path)
{
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (needs_escape(*p))
			buf_printf(out, "%%%02x", *p);
		else
			buf_add(out, p, 1);
	}
}

int path_decode(char *s)
{
	char *w = s;

	for (char *r = s; *r; r++) {
		if (*r != '%') {
			*w++ = *r;
			continue;
		}
		unsigned char c;

		if (!r[1] || !r[2])
			return -1;
		char pair[3] = {r[1], r[2], '\0'};

		if (hex_decode(&c, 1, pair) < 0 || c == 0)
			return -1;
		*w++ = (char)c;
		r += 2;
	}
	*w = '\0';
	return 0;
}

int link_target_inside(const char *path, const char *target)
{
	long depth = 0;
	const char *p;

	if (*target == '\0')
		return 0;
	if (*target != '/') {
		/* Start from the link's directory: one level per '/'. */
		for (p = path; *p; p++)
			depth += *p == '/';
	}
	for (p = target; *p;) {
		size_t len = strcspn(p, "/");

		if (len == 2 && p[0] == '.' && p[1] == '.') {
			if (--depth < 0)
				return 0;
		} else if (len && !(len == 1 && p[0] == '.')) {
			depth++;
		}
		p += len;
		while (*p == '/')
			p++;
	}
	return 1;
}

int manifest_is_config(const char *path)
{
	return strncmp(path, "etc/", 4) == 0;
}

const char *manifest_reserved_path(const char *path, char type)
{
	static const char *const reserved[] = {DB_DIR, CACHE_DIR};

	for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++) {
		const char *dir = reserved[i];
		size_t len = strlen(path), dlen = strlen(dir);

		/* Beneath it: var/lib/nip/world. */
		if (len > dlen && strncmp(path, dir, dlen) == 0 &&
		    path[dlen] == '/')
			return dir;
		/*
		 * It itself, even as a directory: shipping it would make it
		 * the package's, with the package's mode and owner.
		 */
		if (len == dlen && strcmp(path, dir) == 0)
			return dir;
		/* A parent of it, as anything but a directory. */
		if (type != FT_DIR && len < dlen &&
		    strncmp(path, dir, len) == 0 && dir[len] == '/')
			return dir;
	}
	return NULL;
}

int manifest_side_name(const char *path)
{
	static const char suffix[] = NIP_SIDE_SUFFIX;
	const size_t slen = sizeof(suffix) - 1;
	const char *p = path;

	for (;;) {
		const char *end = strchr(p, '/');
		size_t n = end ? (size_t)(end - p) : strlen(p);

		if (n >= slen && strncmp(p + n - slen, suffix, slen) == 0)
			return 1;
		if (!end)
			return 0;
		p = end + 1;
	}
}

int manifest_refuse_reserved(const struct npk_manifest *m, const char *name,
			     int code)
{
	for (size_t i = 0; i < m->nfiles; i++)
		if (manifest_side_name(m->files[i].path))
			return fail_code(code,
					 "%s: /%s: names ending in "
					 NIP_SIDE_SUFFIX " are reserved for "
					 "the new versions of kept config "
					 "files",
					 name, m->files[i].path);
	/* Name what is inside a reserved directory before the directory. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < m->nfiles; i++) {
			const struct npk_file *f = &m->files[i];
			const char *dir =
				manifest_reserved_path(f->path, f->type);

			if (!dir || (pass == 0 && strcmp(dir, f->path) == 0))
				continue;
			return fail_code(code,
					 "%s: /%s: /%s is reserved for nip's "
					 "own state; a package may not ship "
					 "anything there",
					 name, f->path, dir);
		}
	}
	return 0;
}

int manifest_check_triggers(const struct npk_manifest *m, const char *name,
			    int code)
{
	for (size_t i = 0; i < m->meta.triggers.n; i++) {
		const char *line = m->meta.triggers.v[i];
		char *run = xstrndup(line, strcspn(line, " "));
		const struct npk_file *f = manifest_find(m, run);
		int ok = f && f->type == FT_FILE && (f->mode & 0111);

		if (!ok)
			fail_code(code,
				  "%s: trigger '%s': /%s is not an executable "
				  "file of this package",
				  name, line, run);
		free(run);
		if (!ok)
			return -1;
	}
	return 0;
}
