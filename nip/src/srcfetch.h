/*
 * Recipe sources: Debian source files located through apt's own
 * configuration (deb-src derived from the system's sources, never a
 * host written here), verified by SHA-256 and cached under
 * $NEXUS_CACHE/sources/SHA256/FILE. A partial or wrong file is never kept.
 */
#ifndef NIP_SRCFETCH_H
#define NIP_SRCFETCH_H

#include "recipe.h"

struct apt_env {
	char *dir;	/* CACHE/apt: derived sources, lists, apt.conf */
	char *conf;	/* APT_CONFIG for every apt-get we run */
	int logfd;	/* where a wait for apt.lock is said; 0: nowhere */
};

/* $NEXUS_CACHE, or ~/.cache/nexus. */
char *nexus_cache_dir(void);

/*
 * Derive deb-src entries from ETC_APT (normally /etc/apt); update lists.
 * This and every download hold CACHE/apt.lock (flock), so that builds
 * running at once, in one nip-build or several, share apt and the
 * source cache one at a time.
 */
int apt_env_prepare(const char *cache, const char *etc_apt,
		    struct apt_env *env);
void apt_env_free(struct apt_env *env);

/* The verified local path of source S of the recipe in RECIPE_DIR. */
int source_fetch(const struct apt_env *env, const char *cache,
		 const char *recipe_dir, const char *what,
		 const struct source *s, char **path);

#endif
