/* Package metadata: names, versions, dependency constraints. */
#ifndef NIP_META_H
#define NIP_META_H

#include <stdint.h>

#include "util.h"

struct npk_meta {
	char *name, *version, *summary, *license, *homepage;
	uint64_t release;
	/* Each a list of constraints "name", "name>=1.0", "name=1.0-2"... */
	struct strlist depends, provides, conflicts, replaces;
	/* Each "RUN PATTERN...": see trigger_invalid_reason. */
	struct strlist triggers;
};

enum dep_op { DEP_ANY, DEP_EQ, DEP_LT, DEP_LE, DEP_GT, DEP_GE };

struct dep {
	char *name;
	enum dep_op op;
	char *version;	/* "1.2" or "1.2-3" (with release); NULL for DEP_ANY */
};

void meta_free(struct npk_meta *m);
/* Check every field; returns NULL or a message naming the bad field. */
const char *meta_invalid_reason(const struct npk_meta *m, struct buf *why);

/*
 * A trigger, "RUN PATTERN...": after a transaction that added, changed
 * or removed a path matching a PATTERN (fnmatch(3) on root-relative
 * paths, where * crosses slashes), the package's program RUN (a path
 * in the root, relative) runs once. NULL when S is one, else why not.
 */
const char *trigger_invalid_reason(const char *s);

/* "key value" text lines for every field, in canonical order. */
void meta_write(struct buf *out, const struct npk_meta *m);
/*
 * Take one "key value" line into M. Returns 1 when KEY is a metadata key,
 * 0 when it is not (the caller may know it), -1 when the value is bad.
 */
int meta_take_line(struct npk_meta *m, const char *key, const char *value);

/* NAME-VERSION-RELEASE, the file name stem of a package. */
char *meta_stem(const struct npk_meta *m);
/* VERSION-RELEASE, for comparisons and messages. */
char *meta_full_version(const struct npk_meta *m);

int dep_parse(const char *s, struct dep *out);
void dep_free(struct dep *d);
/* Does package version FULL (VERSION-RELEASE) satisfy D's version? */
int dep_version_matches(const struct dep *d, const char *full);

int name_valid(const char *s);
int version_valid(const char *s);
/* Compare VERSION[-RELEASE] strings: <0, 0, >0. */
int version_compare(const char *a, const char *b);

#endif
