/* On-disk and firmware data as UEFI and GPT lay it out: little-endian
 * fields, and the names the kernel gives a disk's partitions. */
#ifndef NEXUS_DISK_H
#define NEXUS_DISK_H

#include <stddef.h>
#include <stdint.h>

static inline uint16_t le16_get(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t le32_get(const uint8_t *p)
{
	return le16_get(p) | (uint32_t)le16_get(p + 2) << 16;
}

static inline uint64_t le64_get(const uint8_t *p)
{
	return le32_get(p) | (uint64_t)le32_get(p + 4) << 32;
}

static inline void le16_put(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void le32_put(uint8_t *p, uint32_t v)
{
	le16_put(p, (uint16_t)v);
	le16_put(p + 2, (uint16_t)(v >> 16));
}

static inline void le64_put(uint8_t *p, uint64_t v)
{
	le32_put(p, (uint32_t)v);
	le32_put(p + 4, (uint32_t)(v >> 32));
}

/* PREFIX/DISK's partition N as the kernel names it in OUT: vda -> vda2,
 * nvme0n1 -> nvme0n1p2 (a "p" when the disk's name ends in a digit). */
void partition_name(char *out, size_t size, const char *prefix,
		    const char *disk, unsigned long n);

#endif
