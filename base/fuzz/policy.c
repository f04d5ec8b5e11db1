/* A service's policy file (init(8)): pledge and unveil lines. */
#define _GNU_SOURCE
#include "fuzz.h"
#include "init.h"

#include <stdarg.h>
#include <stdio.h>

/* init's messages go to the console; here, nowhere. */
void say(const char *fmt, ...)
{
	(void)fmt;
}

const char *init_etc(void)
{
	return "/nonexistent";
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *f = fmemopen((void *)data, size, "r");
	struct policy p;

	if (!f)
		return 0;
	policy_read(&p, f, "fuzz.policy");
	fclose(f);
	return 0;
}
