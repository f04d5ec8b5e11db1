/* The kernel's names for partitions (disk.h). */
#include "disk.h"

#include <stdio.h>
#include <string.h>

void partition_name(char *out, size_t size, const char *prefix,
		    const char *disk, unsigned long n)
{
	size_t len = strlen(disk);
	int digit = len && disk[len - 1] >= '0' && disk[len - 1] <= '9';

	snprintf(out, size, "%s%s%s%lu", prefix, disk, digit ? "p" : "", n);
}
