/*
 * PARTUUID= lookup over a disk whose bytes are the input: a GPT header
 * and entry array someone else wrote. The disk is a file in a fake
 * /sys and /dev made once (fuzz/README.md).
 */
#define _GNU_SOURCE
#include "fuzz.h"
#include "init.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* The partition the seeds' entry 2 names (uuid.UUID(...).bytes_le). */
#define WANT "6a4b1c2d-0001-4e5f-8a9b-0c1d2e3f4a5b"

static char base_dir[] = "/tmp/gpt-fuzz.XXXXXX", sys_dir[64], dev_dir[64];
static int disk = -1;

static void remove_tree(void)
{
	char cmd[64];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", base_dir);
	if (system(cmd))
		return;
}

void say(const char *fmt, ...)
{
	(void)fmt;
}

static void make_tree(void)
{
	char path[160];
	FILE *f;

	if (!mkdtemp(base_dir))
		abort();
	atexit(remove_tree);
	snprintf(sys_dir, sizeof(sys_dir), "%s/sys", base_dir);
	snprintf(dev_dir, sizeof(dev_dir), "%s/dev", base_dir);
	snprintf(path, sizeof(path), "mkdir -p %s/block/vda/queue %s",
		 sys_dir, dev_dir);
	if (system(path))
		abort();
	snprintf(path, sizeof(path), "%s/block/vda/queue/logical_block_size",
		 sys_dir);
	f = fopen(path, "w");
	if (!f || fputs("512\n", f) < 0 || fclose(f))
		abort();
	snprintf(path, sizeof(path), "%s/vda", dev_dir);
	disk = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (disk < 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char out[128];

	if (disk < 0)
		make_tree();
	if (ftruncate(disk, 0) ||
	    pwrite(disk, data, size, 0) != (ssize_t)size)
		abort();
	gpt_find_partuuid(sys_dir, dev_dir, WANT, out, sizeof(out));
	return 0;
}
