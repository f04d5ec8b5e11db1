/* Running another program and collecting what it prints. */
#ifndef NIP_RUN_H
#define NIP_RUN_H

#include "util.h"

/*
 * Run ARGV (found on PATH) with the "NAME=VALUE" strings of ENV added to
 * its environment (ENV may be NULL). Its stdout, and its stderr too when
 * WITH_STDERR, go into OUT (may be NULL). 0 when it exits 0; otherwise
 * -1 with fail() naming the program and its exit status.
 */
int run_capture(char *const argv[], char *const env[], int with_stderr,
		struct buf *out);

#endif
