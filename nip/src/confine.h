/* nip confines itself with pledge and unveil once it knows its paths. */
#ifndef NIP_CONFINE_H
#define NIP_CONFINE_H

#include "util.h"

/*
 * From here on see only ROOT (read-write when WRITE, else read-only),
 * KEYS_DIR (NULL: ROOT's own) and the repositories in URLS (local ones
 * read-only; remote ones bring the resolver's and CA files and the
 * network), and use only the operations that needs. A kernel without
 * the pledge LSM leaves nip as it was: 0. Anything else that fails is
 * an error naming the path.
 */
int nip_confine(const char *root, int write, const char *keys_dir,
		const struct strlist *urls);

#endif
