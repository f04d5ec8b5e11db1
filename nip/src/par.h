/*
 * Work split across the cores: the steps of a transaction that touch
 * many independent files (staging packages, checking and applying the
 * steps) run on up to PAR_MAX threads, the caller's among them.
 */
#ifndef NIP_PAR_H
#define NIP_PAR_H

#include <pthread.h>
#include <stddef.h>

#define PAR_MAX 4

/*
 * Run FN over [0, N) in chunks of CHUNK: FN(ARG, BEGIN, END). Chunks
 * are handed out in increasing order; once FN returns nonzero no more
 * are handed out, but those under way finish. So every chunk below one
 * that stopped has run to its end or to its own stop, and the lowest
 * stop is the one a sequential loop would have met first. Returns
 * nonzero when some FN stopped.
 */
int par_run(size_t n, size_t chunk,
	    int (*fn)(void *arg, size_t begin, size_t end), void *arg);

/*
 * The failure a sequential loop would have met first: workers note the
 * index of theirs (its message is the thread's fail_message()), the
 * caller raises the lowest after par_run, in its own thread.
 */
struct par_error {
	pthread_mutex_t lock;
	size_t first;		/* SIZE_MAX: none */
	int code;
	char why[4096];
};

void par_error_init(struct par_error *e);
void par_error_note(struct par_error *e, size_t index);
/* -1 with the noted failure raised, or 0 when none was noted. */
int par_error_raise(struct par_error *e);

#endif
