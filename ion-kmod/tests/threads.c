/*
 * Producer and consumer as two threads of one process, so that
 * ThreadSanitizer sees every access of the data path (make TSAN=1):
 * zero-copy batches, blocking on a ring too small to keep both busy.
 */
#define _GNU_SOURCE
#include "ring.h"
#include "tap.h"

#include <errno.h>
#include <pthread.h>

#define COUNT 1000000UL
#define BATCH 16

struct run {
	struct ion_ring *cons;
	uint64_t sum;
	unsigned long seen;
	int err;
};

static void *consumer(void *arg)
{
	struct run *run = arg;
	const void *p;
	size_t len;
	int err;

	for (;;) {
		err = ion_peek(run->cons, &p, &len, NULL);
		if (err == -EAGAIN) {
			err = ion_wait(run->cons, 0, -1);
			if (err)
				break;
			continue;
		}
		if (err)
			break;
		if (len != 8 || *(const uint64_t *)p != run->seen) {
			err = -EBADMSG;
			break;
		}
		run->sum += *(const uint64_t *)p;
		if (++run->seen % BATCH == 0)
			ion_release(run->cons);
	}
	run->err = err;
	return NULL;
}

static int produce(struct ion_ring *prod)
{
	void *p;
	int err = 0;

	for (unsigned long i = 0; i < COUNT && !err; i++) {
		while ((err = ion_reserve(prod, 8, 0, &p)) == -EAGAIN)
			if ((err = ion_wait(prod, 8, -1)))
				return err;
		if (!err)
			*(uint64_t *)p = i;
		if (!err && i % BATCH == BATCH - 1)
			err = ion_commit(prod);
	}
	return err ? err : ion_commit(prod);
}

static void run_threads(size_t size, unsigned int spin, const char *what)
{
	struct ion_ring *prod, *cons;
	struct run run = {0};
	pthread_t t;
	int err;

	if (ion_create_memfd(size, &prod, &cons)) {
		ok(0, "%s: a ring", what);
		return;
	}
	ion_set_spin(prod, spin);
	ion_set_spin(cons, spin);
	run.cons = cons;
	pthread_create(&t, NULL, consumer, &run);
	err = produce(prod);
	ion_close(prod);
	pthread_join(t, NULL);
	ion_close(cons);
	ok(!err && run.err == -EPIPE && run.seen == COUNT &&
		   run.sum == COUNT * (COUNT - 1) / 2,
	   "%s: %lu records in batches of %d, in order, none lost", what,
	   COUNT, BATCH);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	run_threads(1 << 16, 20000, "spinning then sleeping");
	run_threads(4096, 0, "sleeping at once, tiny ring");
	return done_testing();
}
