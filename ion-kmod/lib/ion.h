/*
 * libion: ION rings from userspace. See libion(3).
 *
 * A ring has one producer and one consumer, each an struct ion_ring
 * over its own file. Records are variable-size and zero-copy: the
 * producer reserves space in the shared memory, writes into it and
 * commits; the consumer peeks at records in place and releases them.
 * Functions return 0 (or a length) on success and a negative errno.
 * Reserve, commit, peek and release are inline (ion_fast.h): a record
 * costs no function call.
 */
#ifndef ION_H
#define ION_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct ion_ring;

/* Flags for ion_send() and ion_recv(). */
#define ION_NONBLOCK	1

/* A ring of SIZE data bytes (a power of two) from /dev/ion. */
int ion_create(size_t size, struct ion_ring **producer,
	       struct ion_ring **consumer);
/* The same ring without the kernel module, over a sealed memfd and
 * futexes: for hosts without ion.ko. A peer that dies without
 * ion_close() goes unnoticed.
 */
int ion_create_memfd(size_t size, struct ion_ring **producer,
		     struct ion_ring **consumer);
/* Unmap and close one end; the peer sees it gone. */
void ion_close(struct ion_ring *ring);

int ion_fd(const struct ion_ring *ring);
int ion_role(const struct ion_ring *ring);	/* ION_ROLE_* */
size_t ion_size(const struct ion_ring *ring);
/* The largest payload one record can carry. */
size_t ion_max_payload(const struct ion_ring *ring);

/* Hand an end to another process over a Unix socket (SCM_RIGHTS), and
 * take one. The sender keeps its own copy until it closes it; a memfd
 * ring's end that was handed over no longer tells the peer when it is
 * closed here (its new owner does).
 */
int ion_send_ring(int sock, struct ion_ring *ring);
int ion_recv_ring(int sock, struct ion_ring **ring);

/* Producer: room for a record of LEN bytes, at *BUF; -EAGAIN when the
 * ring is full, -EMSGSIZE when it never fits, -EPIPE once the consumer
 * has gone. Reserved records reach the consumer at ion_commit().
 */
static inline int ion_reserve(struct ion_ring *ring, size_t len,
			      uint32_t type, void **buf);
static inline int ion_commit(struct ion_ring *ring);

/* Consumer: the next record not yet peeked, in place; -EAGAIN when
 * there is none, -EPIPE when there is none and the producer has gone,
 * -EBADMSG when the producer broke the ring. Peeked records stay valid
 * until ion_release() gives them all back.
 */
static inline int ion_peek(struct ion_ring *ring, const void **buf,
			   size_t *len, uint32_t *type);
static inline int ion_release(struct ion_ring *ring);

/* Copying forms: one record per call, blocking unless ION_NONBLOCK.
 * ion_recv() returns the record's length; -EMSGSIZE (the record stays)
 * when CAP is too small.
 */
int ion_send(struct ion_ring *ring, const void *buf, size_t len, int flags);
ssize_t ion_recv(struct ion_ring *ring, void *buf, size_t cap, int flags);

/*
 * Sleep until the consumer can peek a record, or the producer can
 * reserve a record of WANT payload bytes; or until the peer has gone,
 * TIMEOUT_NS passes (-ETIMEDOUT; < 0 waits for ever) or a signal comes
 * (-EINTR). Waiting first commits (producer) or releases (consumer)
 * what was reserved or peeked. It spins for ion_set_spin() nanoseconds
 * before it sleeps, and the peer makes a system call to wake it only
 * when it sleeps.
 */
int ion_wait(struct ion_ring *ring, size_t want, int64_t timeout_ns);
void ion_set_spin(struct ion_ring *ring, unsigned int spin_ns);

/* For poll(2) and epoll users: announce that this end is about to
 * sleep, so that the peer wakes it. Returns 1 when the ring is ready
 * already (no need to poll), 0 when it is armed.
 */
int ion_arm(struct ion_ring *ring, size_t want);

/* How often this end slept in the kernel (or on its futex) and how
 * often it woke its peer: the slow path's counts.
 */
struct ion_stats {
	uint64_t sleeps;
	uint64_t wakeups;
};
void ion_get_stats(const struct ion_ring *ring, struct ion_stats *stats);

#include "ion_fast.h"

#endif /* ION_H */
