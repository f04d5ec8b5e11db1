/*
 * PARTUUID= without udev: read the GPT of every disk sysfs lists (the
 * header in LBA 1, then the entry array) and find the partition whose
 * unique GUID it is. Only the primary table is read; a disk whose
 * primary table is damaged is one the kernel would not boot from either.
 */
#define _GNU_SOURCE
#include "init.h"
#include "disk.h"
#include "guid.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define GPT_ENTRIES_MAX 1024

static long read_number(const char *path)
{
	FILE *f = fopen(path, "re");
	long v = -1;

	if (f) {
		if (fscanf(f, "%ld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

/* The 1-based number of the partition with GUID on the open disk, 0 if
 * none, -1 when the disk has no readable GPT. */
static long find_in_disk(int fd, long lbs, const uint8_t guid[16])
{
	uint8_t hdr[512], entry[4096];
	uint64_t lba;
	uint32_t count, size;

	if (lbs < 512 || lbs > 65536 ||
	    pread(fd, hdr, sizeof(hdr), lbs) != (ssize_t)sizeof(hdr) ||
	    memcmp(hdr, "EFI PART", 8) != 0)
		return -1;
	lba = le64_get(hdr + 72);
	count = le32_get(hdr + 80);
	size = le32_get(hdr + 84);
	if (count > GPT_ENTRIES_MAX || size < 128 || size > sizeof(entry) ||
	    size % 8 || lba > INT64_MAX / (uint64_t)lbs)
		return -1;
	for (uint32_t i = 0; i < count; i++) {
		off_t off = (off_t)(lba * (uint64_t)lbs) + (off_t)i * size;

		if (pread(fd, entry, size, off) != (ssize_t)size)
			return -1;
		if (!memcmp(entry + 16, guid, 16))
			return (long)i + 1;
	}
	return 0;
}

int gpt_find_partuuid(const char *sys, const char *dev, const char *uuid,
		      char *out, size_t size)
{
	char path[512];
	uint8_t guid[16];
	struct dirent *e;
	DIR *d;
	int found = -1;

	if (guid_parse(uuid, guid) < 0)
		return -1;
	snprintf(path, sizeof(path), "%s/block", sys);
	d = opendir(path);
	if (!d)
		return -1;
	while (found < 0 && (e = readdir(d))) {
		const char *name = e->d_name;
		long lbs, part;
		int fd;

		if (name[0] == '.' || !strncmp(name, "loop", 4) ||
		    !strncmp(name, "ram", 3))
			continue;
		snprintf(path, sizeof(path),
			 "%s/block/%s/queue/logical_block_size", sys, name);
		lbs = read_number(path);
		snprintf(path, sizeof(path), "%s/%s", dev, name);
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
		if (fd < 0)
			continue;
		part = find_in_disk(fd, lbs, guid);
		close(fd);
		if (part <= 0)
			continue;
		snprintf(path, sizeof(path), "%s/", dev);
		partition_name(out, size, path, name, (unsigned long)part);
		found = 0;
	}
	closedir(d);
	return found;
}
