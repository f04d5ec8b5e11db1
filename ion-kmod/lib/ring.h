/*
 * libion internals: one end of a ring, the view both backends share.
 * The data path (ring.c) reads and writes only through this struct, so
 * the module-backed and memfd-backed rings run the same code.
 */
#ifndef ION_RING_H
#define ION_RING_H

#include <stdatomic.h>
#include <stdint.h>

#include <linux/ion.h>

#include "ion.h"

struct ion_backend {
	/* Sleep until the ring's condition holds (the kernel checks it
	 * itself; the memfd backend returns when woken).
	 */
	int (*wait)(struct ion_ring *ring, uint32_t want, int64_t timeout_ns);
	/* Clear the peer's wait or want word and wake it. */
	int (*wake)(struct ion_ring *ring);
	/* Tell the peer this end is going away (memfd: no kernel does). */
	void (*leave)(struct ion_ring *ring);
	/* Byte sent beside the file over SCM_RIGHTS. */
	char tag;
};

struct ion_region {
	void *addr;
	size_t len;
};

struct ion_ring {
	const struct ion_backend *backend;
	int fd;
	int role;
	uint64_t size;
	uint64_t mask;
	unsigned char *data;		/* 2 * size bytes: the data twice */
	_Atomic uint64_t *tail;
	_Atomic uint32_t *want;
	_Atomic uint64_t *head;
	_Atomic uint32_t *wait;
	_Atomic uint32_t *status;
	/* This end's own cursors, never shared. */
	uint64_t pos;		/* producer: reserved up to; consumer: peeked */
	uint64_t published;	/* producer: tail; consumer: head */
	uint64_t seen;		/* the peer's index when last read */
	unsigned int spin_ns;
	struct ion_stats stats;
	int handed_over;	/* sent to another process: it owns the end */
	struct ion_offsets off;
	/* The regions; map[4] is the memfd backend's own writable view of
	 * the three pages, for waking the peer and leaving.
	 */
	struct ion_region map[5];
};

extern const struct ion_backend ion_dev_backend;
extern const struct ion_backend ion_memfd_backend;

/* map.c: map the regions OFF describes for ROLE on FD into RING. */
int ion_map(struct ion_ring *ring, int fd, int role,
	    const struct ion_offsets *off, int kernel_doubles_data);
void ion_unmap(struct ion_ring *ring);
struct ion_ring *ion_ring_new(const struct ion_backend *backend);
/* ring.c: join the asymmetric barrier scheme (once per process). */
void ion_barrier_register(void);

/* dev.c, memfd.c: an end over FD, as received from a peer. */
int ion_dev_attach(int fd, struct ion_ring **ring);
int ion_memfd_attach(int fd, int role, struct ion_ring **ring);

/* Bytes a record of LEN payload bytes takes in the ring. */
static inline uint64_t ion_record_bytes(uint64_t len)
{
	return (sizeof(struct ion_record) + len + ION_RECORD_ALIGN - 1) &
	       ~(uint64_t)(ION_RECORD_ALIGN - 1);
}

/* A tail and head pair the peer could never have written. */
static inline int ion_indices_bad(const struct ion_ring *r, uint64_t tail,
				 uint64_t head)
{
	return tail - head > r->size || (tail | head) % ION_RECORD_ALIGN;
}

#endif /* ION_RING_H */
