/*
 * The manifest: first member of every .npk, canonical text, described in
 * npk(5). Its BLAKE2b-256 is the package's identity.
 */
#ifndef NIP_MANIFEST_H
#define NIP_MANIFEST_H

#include <stdint.h>

#include "hash.h"
#include "meta.h"

#define MANIFEST_NAME ".MANIFEST"
#define MANIFEST_MAGIC "npk-manifest 1"

enum file_type { FT_FILE = 'f', FT_DIR = 'd', FT_LINK = 'l' };

struct npk_file {
	char *path;
	char type;
	unsigned mode;	/* permission bits incl. setuid/setgid/sticky */
	unsigned uid, gid;
	uint64_t size;
	char hash[HASH_HEX];	/* files only */
	char *target;		/* links only */
};

struct npk_manifest {
	struct npk_meta meta;
	struct npk_file *files;
	size_t nfiles, cap;
	uint64_t installed_size;
};

struct npk_file *manifest_add(struct npk_manifest *m);
void manifest_sort(struct npk_manifest *m);
void manifest_free(struct npk_manifest *m);
void manifest_write(struct buf *out, const struct npk_manifest *m);
/* Parse and validate; errors name WHAT and the line. */
int manifest_parse(struct npk_manifest *m, const char *text, const char *what);
/* Binary search by path (files are sorted). */
const struct npk_file *manifest_find(const struct npk_manifest *m,
				     const char *path);

/*
 * Package paths (manifest_paths.c). A package path is relative, has no
 * empty, "." or ".." component, no trailing slash and no component named
 * for nip's staging. Returns NULL when valid, else why it is not.
 */
const char *path_invalid_reason(const char *path);

/* Percent-encode bytes that would break a space-separated text line. */
void path_encode(struct buf *out, const char *path);
/* Decode in place; -1 on a malformed escape or an encoded NUL. */
int path_decode(char *s);

/*
 * A configuration file: one under /etc. An upgrade keeps the
 * administrator's edits to it, and nip check does not count them.
 */
int manifest_is_config(const char *path);

/*
 * A symlink at PATH with TARGET stays inside the root when resolved
 * lexically from PATH's directory; absolute targets are resolved from
 * the root, which is how the installed system will see them.
 */
int link_target_inside(const char *path, const char *target);

/* What a root-relative path is (or will be), for link_check_chain. */
enum link_kind { LINK_DIR, LINK_LINK, LINK_OTHER };
/* LINK_LINK sets *TARGET (allocated); LINK_OTHER: a file, or nothing. */
typedef enum link_kind (*link_lookup_fn)(void *ctx, const char *path,
					 char **target);
/*
 * Resolve the symlink PATH -> TARGET of package PKG the way the kernel
 * will, through the links LOOKUP knows (links.c); fail if it climbs out of
 * the root, loops, or uses ".." after something that is not a directory.
 * *UPWARD (if not NULL): it leads to a directory above its own level.
 * For a link already INSTALLED only climbing out counts: the rest was
 * judged when it came.
 */
int link_check_chain(const char *pkg, const char *path, const char *target,
		     link_lookup_fn lookup, void *ctx, int *upward,
		     int installed);

/*
 * The package's links resolved through each other alone (pack and index
 * time): fail, naming NAME, if two of them together climb out of the root.
 */
int manifest_check_links(const struct npk_manifest *m, const char *name,
			 int code);

/* nip's own state under a root (db.h describes the database). */
#define DB_DIR "var/lib/nip"
#define CACHE_DIR "var/cache/nip"

/*
 * Is PATH, of TYPE, one a package may not ship? Anything beneath nip's
 * database or download cache is, so are those two directories themselves
 * (shipped, they would take the package's mode and owner), and so is a
 * non-directory on the way to them (a "var/lib" symlink would move the
 * database elsewhere).
 * Returns the reserved directory it touches, or NULL.
 */
const char *manifest_reserved_path(const char *path, char type);
/* An upgrade puts its new version of a kept config file beside it. */
#define NIP_SIDE_SUFFIX ".nip-new"
/* Does a component of PATH end in NIP_SIDE_SUFFIX? */
int manifest_side_name(const char *path);
/*
 * Fail (with CODE) naming package NAME and its first reserved path: one
 * manifest_reserved_path refuses, or a name manifest_side_name reserves.
 */
int manifest_refuse_reserved(const struct npk_manifest *m, const char *name,
			     int code);
/*
 * Fail (with CODE) naming package NAME when a trigger's program is not
 * an executable regular file the package ships: what runs as root
 * after a transaction is the package's own, never another's file.
 */
int manifest_check_triggers(const struct npk_manifest *m, const char *name,
			    int code);

#endif
