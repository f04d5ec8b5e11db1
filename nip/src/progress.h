/* A progress bar on a terminal; nothing at all otherwise. Thread-safe. */
#ifndef NIP_PROGRESS_H
#define NIP_PROGRESS_H

#include <pthread.h>
#include <stdint.h>

struct progress {
	const char *verb;
	char label[64];
	uint64_t total, done;
	int shown;	/* last percentage drawn, -1 none */
	int enabled;
	pthread_mutex_t lock;	/* staging threads add to one bar */
};

void progress_start(struct progress *p, const char *verb, uint64_t total);
void progress_label(struct progress *p, const char *label);
void progress_add(struct progress *p, uint64_t n);
void progress_end(struct progress *p);

#endif
