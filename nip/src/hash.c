/* Content hashing with libsodium's BLAKE2b. */
#define _GNU_SOURCE
#include "hash.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

void hasher_init(struct hasher *h)
{
	crypto_generichash_init(&h->state, NULL, 0, HASH_BYTES);
}

void hasher_update(struct hasher *h, const void *data, size_t len)
{
	crypto_generichash_update(&h->state, data, len);
}

void hasher_final_hex(struct hasher *h, char out[HASH_HEX])
{
	unsigned char digest[HASH_BYTES];

	crypto_generichash_final(&h->state, digest, sizeof(digest));
	hex_encode(out, digest, sizeof(digest));
}

void hash_buffer_hex(const void *data, size_t len, char out[HASH_HEX])
{
	struct hasher h;

	hasher_init(&h);
	hasher_update(&h, data, len);
	hasher_final_hex(&h, out);
}

int hash_file(int dirfd, const char *path, char hex[HASH_HEX],
	      unsigned char prehash[64], uint64_t *size)
{
	/* On the heap, not static, so that two threads may hash at once. */
	const size_t chunk_size = 1 << 17;
	unsigned char *chunk;
	crypto_generichash_state long_state;
	struct hasher h;
	uint64_t total = 0;
	/* Never waits: a FIFO put where a file was reads as empty. */
	int fd = openat(dirfd, path,
			O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);

	if (fd < 0)
		return fail_errno("cannot open %s", path);
	chunk = xmalloc(chunk_size);
	hasher_init(&h);
	if (prehash)
		crypto_generichash_init(&long_state, NULL, 0, 64);
	for (;;) {
		ssize_t n = read(fd, chunk, chunk_size);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fail_errno("cannot read %s", path);
			close(fd);
			free(chunk);
			return -1;
		}
		if (n == 0)
			break;
		hasher_update(&h, chunk, (size_t)n);
		if (prehash)
			crypto_generichash_update(&long_state, chunk,
						  (size_t)n);
		total += (uint64_t)n;
	}
	close(fd);
	free(chunk);
	hasher_final_hex(&h, hex);
	if (prehash)
		crypto_generichash_final(&long_state, prehash, 64);
	if (size)
		*size = total;
	return 0;
}
