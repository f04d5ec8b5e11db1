/*
 * The ring's data path, the same for both backends. The indices are
 * free-running byte counts: the producer owns the tail, the consumer
 * the head, and each side caches the other's index so that it reads
 * the peer's cache line only when its copy says full or empty.
 *
 * Wakeups are Dekker's pattern over two words: a side about to sleep
 * stores its wait (or want) word and then reads the peer's index; a
 * side that moves its index stores it and then reads the peer's word.
 * With a full barrier between store and load on both sides, at least
 * one of them sees the other's store, and a system call is made only
 * when a peer sleeps.
 *
 * A full barrier on every commit would stall the producer for the
 * cache-line transfer each time, so the barriers are asymmetric (as in
 * liburcu): the side about to sleep, which is slow anyway, issues
 * membarrier(2), which runs a full barrier on every CPU that runs a
 * process of ours; the fast path is then a release store and a plain
 * load. Without membarrier both sides use sequentially consistent
 * operations instead.
 */
#define _GNU_SOURCE
#include "ring.h"

#include <errno.h>
#include <linux/membarrier.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static int asymmetric;

static void barrier_setup(void)
{
	long cmds = syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0, 0);

	asymmetric = cmds > 0 && (cmds & MEMBARRIER_CMD_GLOBAL_EXPEDITED) &&
		     !syscall(SYS_membarrier,
			      MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED, 0, 0);
}

/* Every process with a ring end registers once, before it uses it. */
int ion_barrier_register(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, barrier_setup);
	return asymmetric;
}

/* The slow side: announce the sleep in WORD, then (caller) re-read the
 * peer's index.
 */
static void announce(_Atomic uint32_t *word, uint32_t value)
{
	atomic_store_explicit(word, value, memory_order_seq_cst);
	if (asymmetric &&
	    syscall(SYS_membarrier, MEMBARRIER_CMD_GLOBAL_EXPEDITED, 0, 0))
		abort();	/* registered, so it cannot fail */
}

static uint32_t status_of(const struct ion_ring *r)
{
	return atomic_load_explicit(r->status, memory_order_acquire);
}

static int refresh_head(struct ion_ring *r)
{
	uint64_t head = atomic_load_explicit(r->head, memory_order_acquire);

	if (ion_indices_bad(r, r->published, head) || head < r->seen)
		return -EBADMSG;
	r->seen = head;
	return 0;
}

static int refresh_tail(struct ion_ring *r)
{
	uint64_t tail = atomic_load_explicit(r->tail, memory_order_acquire);

	if (ion_indices_bad(r, tail, r->published) || tail < r->seen)
		return -EBADMSG;
	r->seen = tail;
	return 0;
}

static int wake_peer(struct ion_ring *r)
{
	r->stats.wakeups++;
	return r->backend->wake(r);
}

size_t ion_max_payload(const struct ion_ring *r)
{
	return r->size - sizeof(struct ion_record);
}

int ion_reserve_slow(struct ion_ring *r, size_t len, uint32_t type,
		     void **buf)
{
	int err;

	if (r->role != ION_ROLE_PRODUCER)
		return -EBADF;
	if (len > ion_max_payload(r))
		return -EMSGSIZE;
	if (status_of(r) & ION_STATUS_CONSUMER_GONE)
		return -EPIPE;
	err = refresh_head(r);
	if (err)
		return err;
	if (r->pos + ion_record_bytes(len) - r->seen > r->size)
		return -EAGAIN;
	return ion_reserve(r, len, type, buf);
}

/* The consumer has read up to the tail it saw last: read it again. */
int ion_peek_slow(struct ion_ring *r, const void **buf, size_t *len,
		  uint32_t *type)
{
	int err;

	if (r->role != ION_ROLE_CONSUMER)
		return -EBADF;
	err = refresh_tail(r);
	if (err)
		return err;
	if (r->pos == r->seen) {
		if (!(status_of(r) & ION_STATUS_PRODUCER_GONE))
			return -EAGAIN;
		/* What was committed before it went still counts. */
		err = refresh_tail(r);
		if (err)
			return err;
		if (r->pos == r->seen)
			return -EPIPE;
	}
	return ion_peek(r, buf, len, type);
}

int ion_wake_consumer(struct ion_ring *r)
{
	return wake_peer(r);
}

/* The producer sleeps for WANT free bytes: wake it once they are. */
int ion_wake_producer(struct ion_ring *r, uint32_t want)
{
	uint64_t tail = atomic_load_explicit(r->tail, memory_order_acquire);

	if (tail - r->pos > r->size || r->size - (tail - r->pos) >= want)
		return wake_peer(r);
	return 0;
}

int ion_send(struct ion_ring *r, const void *buf, size_t len, int flags)
{
	void *p;
	int err;

	while ((err = ion_reserve(r, len, 0, &p)) == -EAGAIN &&
	       !(flags & ION_NONBLOCK)) {
		err = ion_wait(r, len, -1);
		if (err)
			return err;
	}
	if (err)
		return err;
	memcpy(p, buf, len);
	return ion_commit(r);
}

ssize_t ion_recv(struct ion_ring *r, void *buf, size_t cap, int flags)
{
	const void *p;
	uint64_t at = r->pos;
	size_t len;
	int err;

	while ((err = ion_peek(r, &p, &len, NULL)) == -EAGAIN &&
	       !(flags & ION_NONBLOCK)) {
		err = ion_wait(r, 0, -1);
		if (err)
			return err;
		at = r->pos;
	}
	if (err)
		return err;
	if (len > cap) {
		r->pos = at;
		return -EMSGSIZE;
	}
	memcpy(buf, p, len);
	err = ion_release(r);
	return err ? err : (ssize_t)len;
}

/* The condition ion_wait() waits for; also true when the ring is
 * broken or the peer gone, so that the caller's next step reports it.
 */
static int ready(struct ion_ring *r, uint64_t need)
{
	uint64_t tail, head;

	if (r->role == ION_ROLE_CONSUMER) {
		tail = atomic_load_explicit(r->tail, memory_order_seq_cst);
		if (tail != r->pos || ion_indices_bad(r, tail, r->pos))
			return 1;
		return !!(status_of(r) & ION_STATUS_PRODUCER_GONE);
	}
	head = atomic_load_explicit(r->head, memory_order_seq_cst);
	if (ion_indices_bad(r, r->published, head) ||
	    r->size - (r->published - head) >= need)
		return 1;
	return !!(status_of(r) & ION_STATUS_CONSUMER_GONE);
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#endif
}

static int spin_until_ready(struct ion_ring *r, uint64_t need)
{
	int64_t end;

	if (!r->spin_ns)
		return 0;
	end = now_ns() + r->spin_ns;
	do {
		for (int i = 0; i < 64; i++) {
			if (ready(r, need))
				return 1;
			cpu_relax();
		}
	} while (now_ns() < end);
	return 0;
}

/* The word this end sets before it sleeps. */
static _Atomic uint32_t *sleep_word(const struct ion_ring *r)
{
	return r->role == ION_ROLE_PRODUCER ? r->want : r->wait;
}

int ion_arm(struct ion_ring *r, size_t want)
{
	int producer = r->role == ION_ROLE_PRODUCER;
	uint64_t need = producer ? ion_record_bytes(want) : 0;
	_Atomic uint32_t *word = sleep_word(r);

	if (producer && want > ion_max_payload(r))
		return -EMSGSIZE;
	announce(word, producer ? (uint32_t)need : 1);
	if (!ready(r, need))
		return 0;
	atomic_store_explicit(word, 0, memory_order_relaxed);
	return 1;
}

int ion_wait(struct ion_ring *r, size_t want, int64_t timeout_ns)
{
	int producer = r->role == ION_ROLE_PRODUCER;
	uint64_t need = producer ? ion_record_bytes(want) : 0;
	int64_t start, left = timeout_ns;
	int err;

	if (producer && want > ion_max_payload(r))
		return -EMSGSIZE;
	err = producer ? ion_commit(r) : ion_release(r);
	if (err)
		return err;
	if (ready(r, need) || spin_until_ready(r, need))
		return 0;
	start = now_ns();
	for (;;) {
		err = ion_arm(r, want);
		if (err)
			return err < 0 ? err : 0;
		if (timeout_ns >= 0) {
			left = timeout_ns - (now_ns() - start);
			if (left <= 0) {
				err = -ETIMEDOUT;
				break;
			}
		}
		r->stats.sleeps++;
		err = r->backend->wait(r, (uint32_t)need, left);
		if (err && err != -EAGAIN)
			break;
		if (ready(r, need)) {
			err = 0;
			break;
		}
	}
	atomic_store_explicit(sleep_word(r), 0, memory_order_relaxed);
	return err;
}

void ion_get_stats(const struct ion_ring *r, struct ion_stats *stats)
{
	*stats = r->stats;
}

void ion_set_spin(struct ion_ring *r, unsigned int spin_ns)
{
	r->spin_ns = spin_ns;
}

int ion_fd(const struct ion_ring *r)
{
	return r->fd;
}

int ion_role(const struct ion_ring *r)
{
	return r->role;
}

size_t ion_size(const struct ion_ring *r)
{
	return r->size;
}
