/* A package file (.npk): the archive reader and the manifest inside. */
#define _GNU_SOURCE
#include "fuzz.h"
#include "hash.h"
#include "manifest.h"
#include "npk.h"
#include "util.h"

#include <fcntl.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64], identity[HASH_HEX];
	int fd = fuzz_file(data, size, path);
	struct npk_manifest m;

	if (npk_load_manifest(AT_FDCWD, path, &m, identity) == 0)
		manifest_free(&m);
	else
		fail_clear();
	close(fd);
	return 0;
}
