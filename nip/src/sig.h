/*
 * Ed25519 signatures in minisign's file formats, so that minisign(1) can
 * check what nip signs and nip can check what minisign signs. nip writes
 * pre-hashed ("ED") signatures and reads both kinds. Keys are stored
 * unencrypted (minisign -W); see nip(8).
 */
#ifndef NIP_SIG_H
#define NIP_SIG_H

#include <stddef.h>
#include <sodium.h>

#include "util.h"

struct sig_pubkey {
	unsigned char id[8];
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	char *name;	/* where it came from, for messages */
};

struct sig_secret {
	unsigned char id[8];
	unsigned char sk[crypto_sign_SECRETKEYBYTES];
};

struct keyring {
	struct sig_pubkey *keys;
	size_t n;
};

/* Write PREFIX.key (0600, never overwritten) and PREFIX.pub. */
int sig_generate(const char *prefix);

int sig_load_secret(const char *path, struct sig_secret *out);
void sig_secret_wipe(struct sig_secret *sk);
int sig_load_pubkey(const char *path, struct sig_pubkey *out);
/* A public key's text (the .pub file, or the bare base64 line); NAME in errors. */
int sig_parse_pubkey(const char *name, char *text, struct sig_pubkey *out);

void keyring_add(struct keyring *kr, const struct sig_pubkey *key);
/* Load every *.pub in directory DIR beneath ROOTFD; a missing dir is empty. */
/* Every .pub file in DIR beneath ROOTFD (DIR NULL: ROOTFD itself). */
int keyring_load_dir(struct keyring *kr, int rootfd, const char *dir);
void keyring_free(struct keyring *kr);

/* Make a minisign signature file's text for a BLAKE2b-512 pre-hash. */
void sig_sign_prehashed(const struct sig_secret *sk,
			const unsigned char prehash[64],
			const char *trusted_comment, struct buf *out);
void sig_sign_data(const struct sig_secret *sk, const void *data, size_t len,
		   const char *trusted_comment, struct buf *out);

/*
 * Check signature text SIGTEXT over a message given as its pre-hash and,
 * for legacy signatures, its bytes (DATA may be NULL when only pre-hashed
 * signatures are acceptable). WHAT names the signed thing in errors. The
 * trusted comment must start with REQUIRED_PREFIX unless that is NULL;
 * on success *TRUSTED gets a copy of it.
 */
int sig_verify(const struct keyring *kr, const char *what, const char *sigtext,
	       const unsigned char prehash[64], const void *data, size_t len,
	       const char *required_prefix, char **trusted);

void sig_prehash(const void *data, size_t len, unsigned char out[64]);

#endif
