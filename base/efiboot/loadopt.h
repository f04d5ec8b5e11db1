/* UEFI load options (Boot####): the bytes firmware reads. */
#ifndef NEXUS_LOADOPT_H
#define NEXUS_LOADOPT_H

#include <stddef.h>
#include <stdint.h>

#define LOADOPT_TEXT_MAX 256 /* label or loader path, in characters */

/* A loader on a GPT partition: the only kind of entry we write. */
struct loadopt {
	uint32_t attributes; /* LOAD_OPTION_ACTIVE = 1 */
	char label[LOADOPT_TEXT_MAX];
	int has_disk; /* 0: a path list we do not decode */
	uint32_t partition;
	uint64_t start, size; /* in the disk's logical blocks */
	uint8_t guid[16];     /* the partition's unique GUID, as on disk */
	char path[LOADOPT_TEXT_MAX]; /* \EFI\..., "" when absent */
};

#define LOADOPT_ACTIVE 0x1u

/* Encode into buf (cap bytes); returns the length, or -1 with *why set. */
long loadopt_encode(const struct loadopt *o, uint8_t *buf, size_t cap,
		    const char **why);
/* Decode; returns 0, or -1 with *why set. */
int loadopt_decode(const uint8_t *buf, size_t len, struct loadopt *o,
		   const char **why);

#endif
