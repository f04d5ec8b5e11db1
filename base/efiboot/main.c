/*
 * nexus-efiboot: the UEFI boot entries nexus-install needs, through
 * efivarfs (efibootmgr's library, efivar, is not served here).
 *
 *   nexus-efiboot list
 *   nexus-efiboot create -d DISK -p PART -u PARTUUID -l LOADER -L LABEL
 *   nexus-efiboot delete -u PARTUUID
 *
 * create adds (or rewrites) the entry and puts it first in BootOrder;
 * delete drops every entry on that partition. $NEXUS_EFIVARS and
 * $NEXUS_SYSFS stand in for /sys/firmware/efi/efivars and /sys.
 */
#define _GNU_SOURCE
#include "efivars.h"
#include "disk.h"
#include "guid.h"
#include "loadopt.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_ENTRIES 0x10000

static int fail(const char *fmt, ...)
{
	va_list ap;

	fputs("nexus-efiboot: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

static int usage(void)
{
	fputs("usage: nexus-efiboot list\n"
	      "       nexus-efiboot create -d DISK -p PART -u PARTUUID "
	      "-l LOADER -L LABEL\n"
	      "       nexus-efiboot delete -u PARTUUID\n",
	      stderr);
	return 2;
}

static int have_efivars(void)
{
	if (access(efivars_dir(), W_OK) == 0)
		return 1;
	fail("%s: %s (not booted by UEFI, or efivarfs not mounted)",
	     efivars_dir(), strerror(errno));
	return 0;
}

/* BootOrder as numbers; returns the count, or -1. */
static long boot_order(uint16_t *order)
{
	uint8_t buf[EFIVAR_MAX];
	long n = efivar_read("BootOrder", buf, sizeof(buf));

	if (n < 0)
		return fail("BootOrder: %s", strerror(errno)), -1;
	for (long i = 0; i + 1 < n; i += 2)
		order[i / 2] = le16_get(buf + i);
	return n / 2;
}

static int set_boot_order(const uint16_t *order, long n)
{
	uint8_t buf[EFIVAR_MAX];

	for (long i = 0; i < n; i++)
		le16_put(buf + 2 * i, order[i]);
	if (efivar_write("BootOrder", buf, (size_t)n * 2) < 0)
		return fail("BootOrder: %s", strerror(errno));
	return 0;
}

/* The Boot#### numbers in use, ascending; -1 on error. */
static long entries(uint16_t *all)
{
	long n = efivar_boot_entries(all, MAX_ENTRIES);

	if (n < 0)
		fail("%s: %s", efivars_dir(), strerror(errno));
	return n;
}

/* Read Boot#### as a decoded option: 1, 0 when absent, -1 on error. */
static int read_entry(unsigned num, struct loadopt *o)
{
	char name[16];
	uint8_t buf[EFIVAR_MAX];
	const char *why;
	long n;

	snprintf(name, sizeof(name), "Boot%04X", num);
	n = efivar_read(name, buf, sizeof(buf));
	if (n < 0)
		return fail("%s: %s", name, strerror(errno)), -1;
	if (n == 0)
		return 0;
	if (loadopt_decode(buf, (size_t)n, o, &why) < 0) {
		/* Someone else's entry we cannot read: leave it be. */
		memset(o, 0, sizeof(*o));
		snprintf(o->label, sizeof(o->label), "(unreadable: %s)", why);
	}
	return 1;
}

static int cmd_list(void)
{
	static uint16_t order[EFIVAR_MAX / 2], all[MAX_ENTRIES];
	uint8_t cur[2];
	long n, c, nums;

	if (!have_efivars())
		return 1;
	c = efivar_read("BootCurrent", cur, sizeof(cur));
	if (c == 2)
		printf("BootCurrent: %04X\n", le16_get(cur));
	n = boot_order(order);
	if (n < 0)
		return 1;
	printf("BootOrder:");
	for (long i = 0; i < n; i++)
		printf("%s%04X", i ? "," : " ", order[i]);
	putchar('\n');
	nums = entries(all);
	if (nums < 0)
		return 1;
	for (long i = 0; i < nums; i++) {
		unsigned num = all[i];
		struct loadopt o;
		char guid[37];
		int r = read_entry(num, &o);

		if (r < 0)
			return 1;
		if (r == 0)
			continue;
		printf("Boot%04X%s %s", num,
		       o.attributes & LOADOPT_ACTIVE ? "*" : " ", o.label);
		if (o.has_disk) {
			guid_format(o.guid, guid);
			printf("\tHD(%u,GPT,%s,0x%llx,0x%llx)%s", o.partition,
			       guid, (unsigned long long)o.start,
			       (unsigned long long)o.size, o.path);
		}
		putchar('\n');
	}
	return ferror(stdout) ? fail("stdout: write error") : 0;
}

static int read_u64(const char *path, unsigned long long *v)
{
	FILE *f = fopen(path, "re");
	int ok;

	if (!f)
		return fail("%s: %s", path, strerror(errno));
	ok = fscanf(f, "%llu", v) == 1;
	fclose(f);
	return ok ? 0 : fail("%s: not a number", path);
}

/* The partition's start and size in the disk's logical blocks, from
 * sysfs (which counts 512-byte sectors). */
static int part_geometry(const char *disk, unsigned part, struct loadopt *o)
{
	const char *sys = getenv("NEXUS_SYSFS");
	char real[PATH_MAX], base[PATH_MAX], path[PATH_MAX * 2], pname[300];
	unsigned long long lbs = 0, start = 0, size = 0;
	const char *name;

	if (!sys || !*sys)
		sys = "/sys";
	if (!realpath(disk, real))
		return fail("%s: %s", disk, strerror(errno));
	snprintf(base, sizeof(base), "%s", real);
	name = basename(base);
	snprintf(path, sizeof(path), "%s/block/%s/queue/logical_block_size",
		 sys, name);
	if (read_u64(path, &lbs))
		return 1;
	if (lbs < 512 || lbs % 512)
		return fail("%s: a logical block of %llu bytes", disk, lbs);
	partition_name(pname, sizeof(pname), "", name, part);
	snprintf(path, sizeof(path), "%s/block/%s/%s/start", sys, name, pname);
	if (read_u64(path, &start))
		return 1;
	snprintf(path, sizeof(path), "%s/block/%s/%s/size", sys, name, pname);
	if (read_u64(path, &size))
		return 1;
	o->partition = part;
	o->start = start / (lbs / 512);
	o->size = size / (lbs / 512);
	return 0;
}

/* Of the entries ALL (N of them), those on the partition GUID (and, if
 * label, with that label), into FOUND: their count, or -1. */
static long find_entries(const uint16_t *all, long n, const uint8_t guid[16],
			 const char *label, uint16_t *found)
{
	long nfound = 0;

	for (long i = 0; i < n; i++) {
		struct loadopt o;
		int r = read_entry(all[i], &o);

		if (r < 0)
			return -1;
		if (r && o.has_disk && !memcmp(o.guid, guid, 16) &&
		    (!label || !strcmp(o.label, label)))
			found[nfound++] = all[i];
	}
	return nfound;
}

static int cmd_create(const char *disk, unsigned part, const char *uuid,
		      const char *loader, const char *label)
{
	static uint16_t order[EFIVAR_MAX / 2], all[MAX_ENTRIES],
		found[MAX_ENTRIES];
	struct loadopt o = {.attributes = LOADOPT_ACTIVE, .has_disk = 1};
	uint8_t buf[EFIVAR_MAX];
	const char *why;
	char name[16];
	long len, n, used, nfound, k = 0;
	unsigned num;

	if (guid_parse(uuid, o.guid) < 0)
		return fail("%s: not a partition GUID", uuid);
	if (strlen(label) >= sizeof(o.label) ||
	    strlen(loader) >= sizeof(o.path))
		return fail("label or loader path too long");
	snprintf(o.label, sizeof(o.label), "%s", label);
	snprintf(o.path, sizeof(o.path), "%s", loader);
	/* The label and path first: they need no disk to be wrong. */
	if (loadopt_encode(&o, buf, sizeof(buf), &why) < 0)
		return fail("%s", why);
	if (part_geometry(disk, part, &o))
		return 1;
	len = loadopt_encode(&o, buf, sizeof(buf), &why);
	if (len < 0)
		return fail("%s", why);
	if (!have_efivars())
		return 1;
	/* The same entry again reuses its number; else the first free. */
	used = entries(all);
	nfound = used < 0 ? -1 : find_entries(all, used, o.guid, label, found);
	if (nfound < 0)
		return 1;
	if (nfound) {
		num = found[0];
	} else {
		/* The first number not in use: all[] is ascending. */
		for (num = 0; (long)num < used && all[num] == num; num++)
			;
		if (num >= MAX_ENTRIES)
			return fail("no free Boot#### number");
	}
	snprintf(name, sizeof(name), "Boot%04X", num);
	if (efivar_write(name, buf, (size_t)len) < 0)
		return fail("%s: %s", name, strerror(errno));
	n = boot_order(order);
	if (n < 0)
		return 1;
	/* First in BootOrder, once. */
	for (long i = 0; i < n; i++)
		if (order[i] != num)
			order[k++] = order[i];
	if (k >= (long)(sizeof(order) / sizeof(order[0])))
		return fail("BootOrder is full");
	memmove(order + 1, order, (size_t)k * sizeof(order[0]));
	order[0] = (uint16_t)num;
	if (set_boot_order(order, k + 1))
		return 1;
	printf("%s\n", name);
	return 0;
}

static int cmd_delete(const char *uuid)
{
	static uint16_t order[EFIVAR_MAX / 2], all[MAX_ENTRIES],
		found[MAX_ENTRIES];
	uint8_t guid[16];
	long n, used, nfound, k = 0;

	if (guid_parse(uuid, guid) < 0)
		return fail("%s: not a partition GUID", uuid);
	if (!have_efivars())
		return 1;
	used = entries(all);
	nfound = used < 0 ? -1 : find_entries(all, used, guid, NULL, found);
	n = nfound < 0 ? -1 : boot_order(order);
	if (n < 0)
		return 1;
	/* BootOrder first: it never names an entry that is gone. */
	for (long i = 0; i < n; i++) {
		int drop = 0;

		for (long j = 0; j < nfound; j++)
			drop |= order[i] == found[j];
		if (!drop)
			order[k++] = order[i];
	}
	if (k != n && set_boot_order(order, k))
		return 1;
	for (long j = 0; j < nfound; j++) {
		char name[16];

		snprintf(name, sizeof(name), "Boot%04X", found[j]);
		if (efivar_delete(name) < 0)
			return fail("%s: %s", name, strerror(errno));
		printf("deleted %s\n", name);
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *disk = NULL, *uuid = NULL, *loader = NULL, *label = NULL;
	unsigned long part = 0;
	char *end;
	int c;

	if (argc < 2)
		return usage();
	optind = 2;
	while ((c = getopt(argc, argv, "d:p:u:l:L:")) != -1) {
		switch (c) {
		case 'd':
			disk = optarg;
			break;
		case 'p':
			errno = 0;
			part = strtoul(optarg, &end, 10);
			if (errno || *end || part == 0 || part > 128)
				return fail("-p %s: not a partition number",
					    optarg);
			break;
		case 'u':
			uuid = optarg;
			break;
		case 'l':
			loader = optarg;
			break;
		case 'L':
			label = optarg;
			break;
		default:
			return usage();
		}
	}
	if (optind != argc)
		return usage();
	if (!strcmp(argv[1], "list"))
		return disk || uuid || loader || label || part ? usage()
							       : cmd_list();
	if (!strcmp(argv[1], "create")) {
		if (!disk || !part || !uuid || !loader || !label)
			return usage();
		return cmd_create(disk, (unsigned)part, uuid, loader, label);
	}
	if (!strcmp(argv[1], "delete"))
		return uuid && !disk && !part && !loader && !label
			       ? cmd_delete(uuid)
			       : usage();
	return usage();
}
