#include "par.h"
#include "util.h"

#include <stdint.h>
#include <stdio.h>

#include <stdatomic.h>
#include <unistd.h>

struct par_job {
	size_t n, chunk;
	int (*fn)(void *arg, size_t begin, size_t end);
	void *arg;
	atomic_size_t next;
	atomic_int stopped;
};

static void *par_worker(void *p)
{
	struct par_job *j = p;

	while (!atomic_load(&j->stopped)) {
		size_t begin = atomic_fetch_add(&j->next, j->chunk);
		size_t end;

		if (begin >= j->n)
			break;
		end = j->n - begin > j->chunk ? begin + j->chunk : j->n;
		if (j->fn(j->arg, begin, end))
			atomic_store(&j->stopped, 1);
	}
	return NULL;
}

int par_run(size_t n, size_t chunk,
	    int (*fn)(void *arg, size_t begin, size_t end), void *arg)
{
	struct par_job j = {.n = n, .chunk = chunk ? chunk : 1, .fn = fn,
			    .arg = arg};
	pthread_t threads[PAR_MAX - 1];
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	size_t chunks = n / j.chunk + (n % j.chunk != 0), want, started = 0;
	pthread_attr_t attr;

	want = cores < 1 ? 1 : cores > PAR_MAX ? PAR_MAX : (size_t)cores;
	if (want > chunks)
		want = chunks ? chunks : 1;
	/*
	 * Workers get the main thread's room: musl's default thread stack
	 * (128 KiB) is too small for the archive readers' frames.
	 */
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 8u << 20);
	while (started + 1 < want &&
	       pthread_create(&threads[started], &attr, par_worker, &j) == 0)
		started++;
	pthread_attr_destroy(&attr);
	par_worker(&j);
	for (size_t i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	return atomic_load(&j.stopped);
}

void par_error_init(struct par_error *e)
{
	pthread_mutex_init(&e->lock, NULL);
	e->first = SIZE_MAX;
	e->code = 0;
	e->why[0] = '\0';
}

void par_error_note(struct par_error *e, size_t index)
{
	pthread_mutex_lock(&e->lock);
	if (index < e->first) {
		e->first = index;
		snprintf(e->why, sizeof(e->why), "%s", fail_message());
		e->code = fail_exit_code();
	}
	pthread_mutex_unlock(&e->lock);
}

int par_error_raise(struct par_error *e)
{
	pthread_mutex_destroy(&e->lock);
	if (e->first == SIZE_MAX)
		return 0;
	return fail_code(e->code, "%s", e->why);
}
