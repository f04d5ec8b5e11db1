/*
 * Symlink chains: each link's target is checked alone, as text, when a
 * manifest is read (link_target_inside). Two links together can still
 * climb out: with usr/a -> .. the target a/../.. of usr/b goes through
 * the root's parent, because ".." after a link climbs from where the
 * link points, not from where it lies. So every new link is resolved
 * here component by component, against the links the plan installs and
 * those already on the root, the way the kernel will resolve it.
 */
#define _GNU_SOURCE
#include "manifest.h"

#include <stdlib.h>
#include <string.h>

/* As many links as the kernel follows in one lookup (MAXSYMLINKS). */
#define MAX_LINK_HOPS 40

/* Drop the last component of root-relative AT ("" is the root). */
static void parent_of(struct buf *at)
{
	char *slash = memrchr(at->data, '/', at->len);

	at->len = slash ? (size_t)(slash - at->data) : 0;
	at->data[at->len] = '\0';
}

static void append(struct buf *at, const char *name, size_t len)
{
	if (at->len)
		buf_add(at, "/", 1);
	buf_add(at, name, len);	/* buf keeps it NUL-terminated */
}

/* REST becomes TARGET/REST: the link's target goes in front. */
static char *splice(const char *target, const char *rest)
{
	return *rest ? xasprintf("%s/%s", target, rest) : xstrdup(target);
}

static int refuse(const char *pkg, const char *path, const char *target,
		  const char *why)
{
	return fail_code(NIP_EXIT_TRUST, "%s: symlink /%s -> %s %s", pkg,
			 path, target, why);
}

static size_t depth(const char *path)
{
	size_t n = *path != '\0';

	for (; *path; path++)
		n += *path == '/';
	return n;
}

int link_check_chain(const char *pkg, const char *path, const char *target,
		     link_lookup_fn lookup, void *ctx, int *upward,
		     int installed)
{
	struct buf at = {0};
	char *rest = xstrdup(target), *via = NULL, *prev = NULL;
	enum link_kind prev_kind = LINK_DIR;
	const char *p;
	int hops = 0, rc = 0;

	buf_adds(&at, path);
	parent_of(&at);
	if (*rest == '/')
		at.len = 0, at.data[0] = '\0';
	for (p = rest; rc == 0 && *p;) {
		size_t len = strcspn(p, "/");
		char *resolved_target = NULL;
		enum link_kind kind;

		if (len == 0 || (len == 1 && *p == '.')) {
			p += len + (p[len] == '/');
			continue;
		}
		if (len == 2 && p[0] == '.' && p[1] == '.') {
			/*
			 * ".." after a missing path: a link put there later
			 * would decide where this one goes.
			 */
			if (prev_kind != LINK_DIR && !installed) {
				char *why = xasprintf("uses '..' after /%s, "
						      "which is not a "
						      "directory",
						      prev);

				rc = refuse(pkg, path, target, why);
				free(why);
			} else if (at.len == 0) {
				char *why = xasprintf("leads outside the root "
						      "through the symlink /%s",
						      via ? via : path);

				rc = refuse(pkg, path, target, why);
				free(why);
			} else {
				parent_of(&at);
			}
			prev_kind = LINK_DIR;
			p += len + (p[len] == '/');
			continue;
		}
		append(&at, p, len);
		p += len + (p[len] == '/');
		kind = lookup(ctx, at.data, &resolved_target);
		free(prev);
		prev = xstrdup(at.data);
		prev_kind = kind;
		if (kind != LINK_LINK)
			continue;
		if (++hops > MAX_LINK_HOPS) {
			free(resolved_target);
			if (installed)
				break;	/* its old loop is not ours to judge */
			char *why = xasprintf("goes round a loop of symlinks "
					      "through /%s",
					      at.data);

			rc = refuse(pkg, path, target, why);
			free(why);
			break;
		}
		free(via);
		via = xstrdup(at.data);
		/* Go on from where the link points. */
		parent_of(&at);
		if (*resolved_target == '/')
			at.len = 0, at.data[0] = '\0';
		char *next = splice(resolved_target, p);

		free(resolved_target);
		free(rest);
		rest = next;
		p = rest;
		prev_kind = LINK_DIR;
	}
	/*
	 * A link to a directory above its own level makes "LINK/.." climb
	 * higher than the text says: links already installed may use it.
	 */
	if (upward)
		*upward = rc == 0 && prev_kind == LINK_DIR &&
			  depth(at.data ? at.data : "") < depth(path);
	buf_free(&at);
	free(rest);
	free(via);
	free(prev);
	return rc;
}

/* A path as the package alone has it. */
static enum link_kind in_package(void *ctx, const char *path, char **target)
{
	const struct npk_file *f = manifest_find(ctx, path);

	if (f && f->type == FT_LINK) {
		*target = xstrdup(f->target);
		return LINK_LINK;
	}
	return f && f->type == FT_DIR ? LINK_DIR : LINK_OTHER;
}

int manifest_check_links(const struct npk_manifest *m, const char *name,
			 int code)
{
	for (size_t i = 0; i < m->nfiles; i++) {
		const struct npk_file *f = &m->files[i];

		/* Other packages are unknown here: only climbing out counts. */
		if (f->type == FT_LINK &&
		    link_check_chain(name, f->path, f->target, in_package,
				     (void *)m, NULL, 1) < 0) {
			if (code != fail_exit_code()) {
				char *why = xstrdup(fail_message());

				fail_code(code, "%s", why);
				free(why);
			}
			return -1;
		}
	}
	return 0;
}
