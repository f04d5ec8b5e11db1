#include "shot_path.h"

#include <stdio.h>
#include <string.h>

int shot_default_path(char *buf, size_t size, const char *home,
		      const struct tm *tm)
{
	char stamp[32];
	int n;

	if (!home || !*home)
		return -1;
	if (strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", tm) == 0)
		return -1;
	/* A home of "/" gives "/shot-...", not "//shot-...". */
	n = snprintf(buf, size, "%s%sshot-%s.png", home,
		     home[strlen(home) - 1] == '/' ? "" : "/", stamp);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}
