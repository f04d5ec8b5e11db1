/*
 * efivarfs: one file per variable, named NAME-GUID, holding a 32-bit
 * attribute word then the data; a write must be one write(2). The
 * kernel marks most variables immutable; Boot#### and BootOrder are on
 * its list of ones that may change, but older kernels and some files
 * still carry the flag, so it is cleared before a write or delete.
 */
#define _GNU_SOURCE
#include "efivars.h"
#include "disk.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define GLOBAL_GUID "8be4df61-93ca-11d2-aa0d-00e098032b8c"
#define ATTR_NV_BS_RT 0x7u

const char *efivars_dir(void)
{
	const char *d = getenv("NEXUS_EFIVARS");

	return d && *d ? d : "/sys/firmware/efi/efivars";
}

static void var_path(char *out, size_t cap, const char *name)
{
	snprintf(out, cap, "%s/%s-%s", efivars_dir(), name, GLOBAL_GUID);
}

/* Clear the immutable flag; a file system without flags is fine. */
static void make_mutable(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), flags;

	if (fd < 0)
		return;
	if (ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0 &&
	    (flags & FS_IMMUTABLE_FL)) {
		flags &= ~FS_IMMUTABLE_FL;
		(void)ioctl(fd, FS_IOC_SETFLAGS, &flags);
	}
	close(fd);
}

long efivar_read(const char *name, uint8_t *buf, size_t cap)
{
	char path[4096];
	uint8_t raw[EFIVAR_MAX + 4];
	size_t got = 0;
	ssize_t n;
	int fd;

	var_path(path, sizeof(path), name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	while ((n = read(fd, raw + got, sizeof(raw) - got)) > 0)
		got += (size_t)n;
	close(fd);
	if (n < 0)
		return -1;
	if (got < 4 || got - 4 > cap) {
		errno = EMSGSIZE;
		return -1;
	}
	memcpy(buf, raw + 4, got - 4);
	return (long)(got - 4);
}

int efivar_write(const char *name, const uint8_t *data, size_t len)
{
	char path[4096];
	uint8_t raw[EFIVAR_MAX + 4];
	ssize_t n;
	int fd;

	if (len > EFIVAR_MAX) {
		errno = EMSGSIZE;
		return -1;
	}
	var_path(path, sizeof(path), name);
	make_mutable(path);
	le32_put(raw, ATTR_NV_BS_RT);
	memcpy(raw + 4, data, len);
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	n = write(fd, raw, len + 4);
	if (n >= 0 && (size_t)n != len + 4)
		errno = EIO;
	if (close(fd) < 0 || n < 0 || (size_t)n != len + 4)
		return -1;
	return 0;
}

int efivar_delete(const char *name)
{
	char path[4096];

	var_path(path, sizeof(path), name);
	make_mutable(path);
	if (unlink(path) < 0 && errno != ENOENT)
		return -1;
	return 0;
}

static int cmp_u16(const void *a, const void *b)
{
	return *(const uint16_t *)a - *(const uint16_t *)b;
}

long efivar_boot_entries(uint16_t *nums, size_t cap)
{
	DIR *d = opendir(efivars_dir());
	struct dirent *e;
	size_t n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		const char *s = e->d_name;
		char *end;
		unsigned long v;

		if (strncmp(s, "Boot", 4) != 0 || strlen(s) != 8 + 1 + 36 ||
		    strcmp(s + 9, GLOBAL_GUID) != 0 || s[8] != '-' ||
		    strspn(s + 4, "0123456789ABCDEF") != 4)
			continue;
		v = strtoul(s + 4, &end, 16);
		if (end != s + 8)
			continue;
		if (n == cap) {
			closedir(d);
			errno = EOVERFLOW;
			return -1;
		}
		nums[n++] = (uint16_t)v;
	}
	closedir(d);
	qsort(nums, n, sizeof(*nums), cmp_u16);
	return (long)n;
}
