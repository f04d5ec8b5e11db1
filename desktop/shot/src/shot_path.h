/* Where a screenshot goes when no path is given. */
#ifndef SHOT_PATH_H
#define SHOT_PATH_H

#include <stddef.h>
#include <time.h>

/*
 * HOME/shot-YYYYmmdd-HHMMSS.png for the time TM into BUF. Returns 0, or
 * -1 when HOME is unset or empty or the path does not fit.
 */
int shot_default_path(char *buf, size_t size, const char *home,
		      const struct tm *tm);

#endif /* SHOT_PATH_H */
