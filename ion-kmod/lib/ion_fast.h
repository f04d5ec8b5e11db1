/*
 * libion's data path, inline so that a record costs no function call
 * (liburing does the same with its queue helpers). struct ion_ring is
 * visible here for that alone: its fields are not API and change with
 * the library. Include <ion.h>, not this file.
 *
 * The consumer finds records through the tail and the producer room
 * through the head; each side caches the other's index and reads the
 * peer's cache line only when its copy says empty or full. (A commit
 * flag in each record header instead, which spares the consumer the
 * tail's line, was measured: one message per commit got faster, but
 * batches got slower, because a consumer that has caught up spins on
 * the very line the producer is writing. See README.md.)
 */
#ifndef ION_FAST_H
#define ION_FAST_H

#include <errno.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/ion.h>

struct ion_backend;

struct ion_region {
	void *addr;
	size_t len;
};

struct ion_ring {
	/* Read on every record. */
	unsigned char *data;		/* 2 * size bytes: the data twice */
	uint64_t size;
	uint64_t mask;
	uint64_t pos;		/* producer: reserved up to; consumer: peeked */
	uint64_t published;	/* producer: tail; consumer: head */
	uint64_t seen;		/* the peer's index when last read */
	_Atomic uint64_t *tail;
	_Atomic uint64_t *head;
	_Atomic uint32_t *want;
	_Atomic uint32_t *wait;
	_Atomic uint32_t *status;
	int role;
	int asymmetric;		/* the peer's barrier comes from membarrier */
	/* Set up once, or used on the slow path. */
	const struct ion_backend *backend;
	int fd;
	unsigned int spin_ns;
	struct ion_stats stats;
	int handed_over;	/* sent to another process: it owns the end */
	struct ion_offsets off;
	/* The regions; map[4] is the memfd backend's own writable view of
	 * the three pages, for waking the peer and leaving.
	 */
	struct ion_region map[5];
};

/* The slow paths, out of line in ring.c. */
int ion_reserve_slow(struct ion_ring *r, size_t len, uint32_t type,
		     void **buf);
int ion_peek_slow(struct ion_ring *r, const void **buf, size_t *len,
		  uint32_t *type);
int ion_wake_producer(struct ion_ring *r, uint32_t want);
int ion_wake_consumer(struct ion_ring *r);

/* Bytes a record of LEN payload bytes takes in the ring. */
static inline uint64_t ion_record_bytes(uint64_t len)
{
	return (sizeof(struct ion_record) + len + ION_RECORD_ALIGN - 1) &
	       ~(uint64_t)(ION_RECORD_ALIGN - 1);
}

static inline struct ion_record *ion_record_at(const struct ion_ring *r,
					       uint64_t at)
{
	return (struct ion_record *)(void *)(r->data + (at & r->mask));
}

/*
 * The fast side of the wakeup protocol: publish an index, then read the
 * sleeper's word. With asymmetric barriers the sleeper's membarrier()
 * supplies the CPU's full barrier between the two, so only the
 * compiler's order is needed here.
 */
static inline void ion_store_index(const struct ion_ring *r,
				   _Atomic uint64_t *index, uint64_t value)
{
	atomic_store_explicit(index, value, r->asymmetric ?
				    memory_order_release :
				    memory_order_seq_cst);
}

static inline uint32_t ion_peer_word(const struct ion_ring *r,
				     _Atomic uint32_t *word)
{
	if (!r->asymmetric)
		return atomic_load_explicit(word, memory_order_seq_cst);
	atomic_signal_fence(memory_order_seq_cst);
	return atomic_load_explicit(word, memory_order_relaxed);
}

static inline int ion_reserve(struct ion_ring *r, size_t len, uint32_t type,
			      void **buf)
{
	uint64_t need = ion_record_bytes(len);
	struct ion_record *rec;

	if (r->role != ION_ROLE_PRODUCER ||
	    len > r->size - sizeof(struct ion_record) ||
	    r->pos + need - r->seen > r->size ||
	    (atomic_load_explicit(r->status, memory_order_relaxed) &
	     ION_STATUS_CONSUMER_GONE))
		return ion_reserve_slow(r, len, type, buf);
	rec = ion_record_at(r, r->pos);
	rec->len = (uint32_t)len;
	rec->type = type;
	r->pos += need;
	*buf = rec + 1;
	return 0;
}

static inline int ion_commit(struct ion_ring *r)
{
	if (r->role != ION_ROLE_PRODUCER)
		return -EBADF;
	if (r->pos == r->published)
		return 0;
	r->published = r->pos;
	ion_store_index(r, r->tail, r->pos);
	if (ion_peer_word(r, r->wait))
		return ion_wake_consumer(r);
	return 0;
}

static inline int ion_peek(struct ion_ring *r, const void **buf, size_t *len,
			   uint32_t *type)
{
	const volatile struct ion_record *rec;
	uint32_t n;

	if (r->role != ION_ROLE_CONSUMER || r->pos == r->seen)
		return ion_peek_slow(r, buf, len, type);
	/* Read the length once: the producer may be hostile. */
	rec = ion_record_at(r, r->pos);
	n = rec->len;
	if (ion_record_bytes(n) > r->seen - r->pos)
		return -EBADMSG;
	if (type)
		*type = rec->type;
	if (len)
		*len = n;
	*buf = (const void *)(rec + 1);
	r->pos += ion_record_bytes(n);
	return 0;
}

static inline int ion_release(struct ion_ring *r)
{
	uint32_t want;

	if (r->role != ION_ROLE_CONSUMER)
		return -EBADF;
	if (r->pos == r->published)
		return 0;
	r->published = r->pos;
	ion_store_index(r, r->head, r->pos);
	want = ion_peer_word(r, r->want);
	return want ? ion_wake_producer(r, want) : 0;
}

#endif /* ION_FAST_H */
