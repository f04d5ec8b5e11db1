/* An fstab line's options, split into mount(2) flags and data. */
#include "fuzz.h"
#include "init.h"

#include <stdlib.h>
#include <string.h>

void say(const char *fmt, ...)
{
	(void)fmt;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *opts = malloc(size + 1), out[512];
	unsigned long flags;
	int noauto;

	if (!opts)
		return 0;
	memcpy(opts, data, size);
	opts[size] = '\0';
	fstab_options(opts, &flags, out, sizeof(out), &noauto);
	free(opts);
	return 0;
}
