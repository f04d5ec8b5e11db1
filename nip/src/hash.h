/* BLAKE2b-256 content hashes, printed as 64 hex digits. */
#ifndef NIP_HASH_H
#define NIP_HASH_H

#include <sodium.h>
#include <stddef.h>
#include <stdint.h>

#define HASH_BYTES 32
#define HASH_HEX (2 * HASH_BYTES + 1)

struct hasher {
	crypto_generichash_state state;
};

void hasher_init(struct hasher *h);
void hasher_update(struct hasher *h, const void *data, size_t len);
void hasher_final_hex(struct hasher *h, char out[HASH_HEX]);
void hash_buffer_hex(const void *data, size_t len, char out[HASH_HEX]);

/*
 * Hash a whole file: its BLAKE2b-256 (hex) and, when PREHASH is not NULL,
 * the BLAKE2b-512 that minisign signs. One read pass.
 */
int hash_file(int dirfd, const char *path, char hex[HASH_HEX],
	      unsigned char prehash[64], uint64_t *size);

#endif
