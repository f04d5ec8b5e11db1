/*
 * fstab-probe: init's fstab pieces on the host, for tests/fstab.t.
 *   fstab-probe partuuid SYS DEV UUID   the device gpt_find_partuuid finds
 *   fstab-probe options OPTS            flags (hex), data and noauto
 */
#define _GNU_SOURCE
#include "init.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int main(int argc, char **argv)
{
	char out[512];
	unsigned long flags;
	int noauto;

	if (argc == 5 && !strcmp(argv[1], "partuuid")) {
		if (gpt_find_partuuid(argv[2], argv[3], argv[4], out,
				      sizeof(out)) < 0)
			return 1;
		puts(out);
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "options")) {
		if (fstab_options(argv[2], &flags, out, sizeof(out), &noauto) <
		    0)
			return 1;
		printf("%#lx %s %d\n", flags, out[0] ? out : "-", noauto);
		return 0;
	}
	return 2;
}
