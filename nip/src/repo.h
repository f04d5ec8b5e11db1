/*
 * Repositories: a directory of .npk files and a signed index (NIPINDEX +
 * NIPINDEX.minisig) with a serial number and an expiry date.
 */
#ifndef NIP_REPO_H
#define NIP_REPO_H

#include "pkg.h"
#include "sig.h"

#define INDEX_NAME "NIPINDEX"
#define INDEX_MAGIC "nip-index 1"
#define INDEX_SIG_PREFIX "nip-index "

struct repo {
	char *url;
	char *file;	/* one package file in url, checked alone: no index */
	uint64_t serial, expires;
	int verified;	/* serial comes from a good signature */
	struct pkglist pkgs;
};

struct index_options {
	uint64_t serial;	/* 0: previous + 1 */
	uint64_t expires_days;
	uint64_t now;
};

/* nip index: sign an index of every .npk in DIR. */
int repo_write_index(const char *dir, const struct sig_secret *sk,
		     const struct keyring *package_keys,
		     const struct index_options *opt);

/*
 * Fetch and check REPO->url's index: signed by a key in KR, not expired
 * at NOW, serial not below MIN_SERIAL. A repository of one local file
 * (REPO->file) has no index: the file's own signature, by a key in KR,
 * vouches for it, as nip index would check it.
 */
int repo_load(struct repo *r, const struct keyring *kr, uint64_t now,
	      uint64_t min_serial);
void repo_free(struct repo *r);
/*
 * An index's header: magic, "serial N", "expires EPOCH"; *BODY gets
 * where the package blocks start. WHAT names the index in errors.
 */
int index_parse_header(const char *text, const char *what, uint64_t *serial,
		       uint64_t *expires, const char **body);

#endif
