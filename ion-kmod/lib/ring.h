/*
 * libion internals. The data path (ion_fast.h, ring.c) reads and writes
 * only through struct ion_ring, so the module-backed and memfd-backed
 * rings run the same code; a backend supplies the sleeping and waking.
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

extern const struct ion_backend ion_dev_backend;
extern const struct ion_backend ion_memfd_backend;

/* map.c: map the regions OFF describes for ROLE on FD into RING. */
int ion_map(struct ion_ring *ring, int fd, int role,
	    const struct ion_offsets *off, int kernel_doubles_data);
void ion_unmap(struct ion_ring *ring);
struct ion_ring *ion_ring_new(const struct ion_backend *backend);
/* ring.c: join the asymmetric barrier scheme (once per process); true
 * when this process is in it.
 */
int ion_barrier_register(void);

/* dev.c, memfd.c: an end over FD, as received from a peer. */
int ion_dev_attach(int fd, struct ion_ring **ring);
int ion_memfd_attach(int fd, int role, struct ion_ring **ring);

/* A tail and head pair the peer could never have written. */
static inline int ion_indices_bad(const struct ion_ring *r, uint64_t tail,
				 uint64_t head)
{
	return tail - head > r->size || (tail | head) % ION_RECORD_ALIGN;
}

#endif /* ION_RING_H */
