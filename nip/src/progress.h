/* A progress bar on a terminal; nothing at all otherwise. */
#ifndef NIP_PROGRESS_H
#define NIP_PROGRESS_H

#include <stdint.h>

struct progress {
	const char *verb;
	char label[64];
	uint64_t total, done;
	int shown;	/* last percentage drawn, -1 none */
	int enabled;
};

void progress_start(struct progress *p, const char *verb, uint64_t total);
void progress_label(struct progress *p, const char *label);
void progress_add(struct progress *p, uint64_t n);
void progress_end(struct progress *p);

#endif
