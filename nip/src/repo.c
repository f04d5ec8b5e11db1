/* Writing and checking signed repository indexes. */
#define _GNU_SOURCE
#include "repo.h"
#include "fileio.h"
#include "fetch.h"
#include "npk.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* "KEY N" as the line at *P: N into *OUT, *P past it; -1 if it is not. */
static int header_line(const char **p, const char *key, uint64_t *out)
{
	size_t klen = strlen(key);
	const char *nl = strchr(*p, '\n');
	char *num;
	int rc;

	if (!nl || strncmp(*p, key, klen) != 0 || (*p)[klen] != ' ')
		return -1;
	num = xstrndup(*p + klen + 1, (size_t)(nl - (*p + klen + 1)));
	rc = parse_u64(num, out);
	free(num);
	if (rc == 0)
		*p = nl + 1;
	return rc;
}

int index_parse_header(const char *text, const char *what, uint64_t *serial,
		       uint64_t *expires, const char **body)
{
	const char *p = text;

	if (strncmp(p, INDEX_MAGIC "\n", strlen(INDEX_MAGIC) + 1) != 0)
		return fail_code(NIP_EXIT_TRUST, "%s: not a nip index", what);
	p += strlen(INDEX_MAGIC) + 1;
	if (header_line(&p, "serial", serial) < 0 ||
	    header_line(&p, "expires", expires) < 0)
		return fail_code(NIP_EXIT_TRUST,
				 "%s: line %d is not \"%s N\"", what,
				 p == text + strlen(INDEX_MAGIC) + 1 ? 2 : 3,
				 p == text + strlen(INDEX_MAGIC) + 1 ?
					 "serial" : "expires");
	*body = p;
	return 0;
}

static int previous_serial(int dirfd, uint64_t *serial)
{
	struct buf old = {0};
	const char *body;
	uint64_t expires;
	int rc = 0;

	*serial = 0;
	if (read_file(dirfd, INDEX_NAME, &old) < 0) {
		fail_clear();
		return 0;
	}
	rc = index_parse_header(old.data, INDEX_NAME, serial, &expires, &body);
	buf_free(&old);
	return rc;
}

/* Everything the index says about one package, checked on the way. */
static int index_one(int dirfd, const char *file,
		     const struct keyring *package_keys, struct buf *out)
{
	struct npk_manifest m;
	struct pkg p = {0};
	struct buf sig = {0};
	unsigned char prehash[64];
	char *sigfile = xasprintf("%s%s", file, NPK_SIG_SUFFIX);
	char *trusted = NULL, *expected = NULL, *stem = NULL;
	int rc = -1;

	if (npk_load_manifest(dirfd, file, &m, p.identity) < 0)
		goto out;
	if (manifest_refuse_reserved(&m, file, NIP_EXIT_TRUST) < 0 ||
	    manifest_check_links(&m, file, NIP_EXIT_TRUST) < 0 ||
	    manifest_check_triggers(&m, file, NIP_EXIT_TRUST) < 0)
		goto manifest;
	if (hash_file(dirfd, file, p.file_hash, prehash, &p.file_size) < 0)
		goto manifest;
	if (read_file(dirfd, sigfile, &sig) < 0) {
		fail_code(NIP_EXIT_TRUST, "%s: missing signature %s", file,
			  sigfile);
		goto manifest;
	}
	if (sig_verify(package_keys, file, sig.data, prehash, NULL, 0,
		       NPK_SIG_PREFIX, &trusted) < 0)
		goto manifest;
	expected = xasprintf(NPK_SIG_PREFIX "%s identity=%s", file, p.identity);
	stem = meta_stem(&m.meta);
	if (strcmp(trusted, expected) != 0) {
		fail_code(NIP_EXIT_TRUST,
			  "%s: signature is for another package (%s)", file,
			  trusted);
		goto manifest;
	}
	if (strncmp(file, stem, strlen(stem)) != 0 ||
	    strcmp(file + strlen(stem), ".npk") != 0) {
		fail_code(NIP_EXIT_TRUST, "%s: file name does not match its "
					  "manifest (%s)",
			  file, stem);
		goto manifest;
	}
	p.meta = m.meta;
	p.file = (char *)file;
	p.installed_size = m.installed_size;
	pkg_write(out, &p);
	rc = 0;
manifest:
	manifest_free(&m);
out:
	buf_free(&sig);
	free(sigfile);
	free(trusted);
	free(expected);
	free(stem);
	return rc;
}

static int list_packages(int dirfd, const char *dir, struct strlist *files)
{
	int fd = dup(dirfd);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *de;

	if (!d)
		return fail_errno("cannot read %s", dir);
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);

		if (len > 4 && de->d_name[0] != '.' &&
		    strcmp(de->d_name + len - 4, ".npk") == 0)
			strlist_add(files, de->d_name);
	}
	closedir(d);
	strlist_sort(files);
	return 0;
}

int repo_write_index(const char *dir, const struct sig_secret *sk,
		     const struct keyring *package_keys,
		     const struct index_options *opt)
{
	struct strlist files = {0};
	struct buf text = {0}, sig = {0};
	uint64_t prev, serial;
	char *comment = NULL;
	int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc = -1;

	if (dirfd < 0)
		return fail_errno("cannot open repository %s", dir);
	if (previous_serial(dirfd, &prev) < 0 ||
	    list_packages(dirfd, dir, &files) < 0)
		goto out;
	serial = opt->serial ? opt->serial : prev + 1;
	if (serial <= prev) {
		fail_code(NIP_EXIT_USAGE,
			  "%s: serial %" PRIu64 " is not above the current "
			  "index's %" PRIu64,
			  dir, serial, prev);
		goto out;
	}
	buf_printf(&text, INDEX_MAGIC "\nserial %" PRIu64 "\nexpires %" PRIu64
				      "\n",
		   serial, opt->now + opt->expires_days * 86400);
	for (size_t i = 0; i < files.n; i++)
		if (index_one(dirfd, files.v[i], package_keys, &text) < 0)
			goto out;
	comment = xasprintf(INDEX_SIG_PREFIX "serial=%" PRIu64, serial);
	sig_sign_data(sk, text.data, text.len, comment, &sig);
	/*
	 * Two renames cannot be one atomic step: a reader between them sees
	 * the new index with the old signature, and refuses the pair.
	 */
	if (write_file_atomic(dirfd, INDEX_NAME ".minisig.new", sig.data,
			      sig.len, 0644) < 0 ||
	    write_file_atomic(dirfd, INDEX_NAME, text.data, text.len, 0644) <
		    0 ||
	    renameat(dirfd, INDEX_NAME ".minisig.new", dirfd,
		     INDEX_NAME ".minisig") < 0) {
		fail_errno("cannot write the index in %s", dir);
		goto out;
	}
	note("%s: indexed %zu packages, serial %" PRIu64, dir, files.n,
	     serial);
	rc = 0;
out:
	close(dirfd);
	strlist_free(&files);
	buf_free(&text);
	buf_free(&sig);
	free(comment);
	return rc;
}

static int load_file(struct repo *r, const struct keyring *kr)
{
	struct buf text = {0};
	int dirfd = open(r->url, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc = -1;

	if (dirfd < 0)
		return fail_errno("cannot open %s", r->url);
	if (kr->n == 0)
		fail_code(NIP_EXIT_TRUST,
			  "%s/%s: no trusted keys (put .pub files in "
			  "etc/nip/keys under the root)",
			  r->url, r->file);
	else if (index_one(dirfd, r->file, kr, &text) == 0) {
		buf_add(&text, "", 0);
		rc = pkg_parse_all(text.data, r->file, &r->pkgs);
	}
	for (size_t i = 0; rc == 0 && i < r->pkgs.n; i++)
		r->pkgs.v[i]->repo = r;
	close(dirfd);
	buf_free(&text);
	return rc;
}

int repo_load(struct repo *r, const struct keyring *kr, uint64_t now,
	      uint64_t min_serial)
{
	struct buf text = {0}, sig = {0};
	unsigned char prehash[64];
	char *what;
	const char *body = NULL;
	int missing, rc = -1;

	if (r->file)
		return load_file(r, kr);
	what = xasprintf("%s/" INDEX_NAME, r->url);
	if (fetch_buf(r->url, INDEX_NAME, &text, &missing) < 0)
		goto out;
	if (fetch_buf(r->url, INDEX_NAME ".minisig", &sig, &missing) < 0) {
		if (missing)
			fail_code(NIP_EXIT_TRUST,
				  "%s: index is not signed (no %s.minisig)",
				  what, INDEX_NAME);
		goto out;
	}
	if (kr->n == 0) {
		fail_code(NIP_EXIT_TRUST,
			  "%s: no trusted keys (put .pub files in etc/nip/keys "
			  "under the root)",
			  what);
		goto out;
	}
	sig_prehash(text.data, text.len, prehash);
	if (sig_verify(kr, what, sig.data, prehash, text.data, text.len,
		       INDEX_SIG_PREFIX, NULL) < 0)
		goto out;
	if (index_parse_header(text.data, what, &r->serial, &r->expires, &body) < 0)
		goto out;
	/* Authentic even if expired or replayed: the record keeps the highest. */
	r->verified = 1;
	if (r->expires <= now) {
		fail_code(NIP_EXIT_TRUST,
			  "%s: index expired (expiry %" PRIu64 ", now %" PRIu64
			  "); the repository must be re-indexed",
			  what, r->expires, now);
		goto out;
	}
	if (r->serial < min_serial) {
		fail_code(NIP_EXIT_TRUST,
			  "%s: index serial %" PRIu64 " is older than serial "
			  "%" PRIu64 " already seen (replayed index?)",
			  what, r->serial, min_serial);
		goto out;
	}
	if (pkg_parse_all(body, what, &r->pkgs) < 0)
		goto out;
	for (size_t i = 0; i < r->pkgs.n; i++)
		r->pkgs.v[i]->repo = r;
	rc = 0;
out:
	buf_free(&text);
	buf_free(&sig);
	free(what);
	return rc;
}

void repo_free(struct repo *r)
{
	pkglist_free(&r->pkgs, 1);
	free(r->url);
	free(r->file);
}
