/*
 * Mapping one end of a ring from the layout its file describes: each
 * region with the rights of this end's role, nothing at a fixed place.
 */
#define _GNU_SOURCE
#include "ring.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

static int pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

/* A word of WIDTH bytes at OFF inside a page of PAGE bytes. */
static int word_ok(uint32_t off, uint32_t width, uint32_t page)
{
	return off % width == 0 && off <= page - width;
}

static int layout_ok(const struct ion_offsets *o)
{
	return pow2(o->size) && o->size >= ION_MIN_SIZE &&
	       o->size <= ION_MAX_SIZE && pow2(o->page_size) &&
	       o->page_size >= 4096 && o->size % o->page_size == 0 &&
	       word_ok(o->tail, 8, o->page_size) &&
	       word_ok(o->head, 8, o->page_size) &&
	       word_ok(o->want, 4, o->page_size) &&
	       word_ok(o->wait, 4, o->page_size) &&
	       word_ok(o->status, 4, o->page_size);
}

static void *map_region(struct ion_region *m, int fd, uint64_t off,
			size_t len, int prot)
{
	void *p = mmap(NULL, len, prot, MAP_SHARED, fd, (off_t)off);

	if (p == MAP_FAILED)
		return NULL;
	m->addr = p;
	m->len = len;
	return p;
}

/* The data twice, back to back: the kernel does it in one mapping; a
 * plain file is mapped twice into a reserved range.
 */
static void *map_data(struct ion_region *m, int fd,
		      const struct ion_offsets *o, int prot, int doubled)
{
	size_t len = (size_t)o->size;
	unsigned char *base;

	if (doubled)
		return map_region(m, fd, o->data_off, 2 * len, prot);
	base = mmap(NULL, 2 * len, PROT_NONE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (base == MAP_FAILED)
		return NULL;
	m->addr = base;
	m->len = 2 * len;
	for (int i = 0; i < 2; i++)
		if (mmap(base + i * len, len, prot, MAP_SHARED | MAP_FIXED, fd,
			 (off_t)o->data_off) == MAP_FAILED)
			return NULL;
	return base;
}

struct ion_ring *ion_ring_new(const struct ion_backend *backend)
{
	struct ion_ring *r = calloc(1, sizeof(*r));

	if (r) {
		r->asymmetric = ion_barrier_register();
		r->backend = backend;
		r->fd = -1;
		r->spin_ns = 20000;
	}
	return r;
}

int ion_map(struct ion_ring *r, int fd, int role,
	    const struct ion_offsets *o, int kernel_doubles_data)
{
	const int rw = PROT_READ | PROT_WRITE, ro = PROT_READ;
	int producer = role == ION_ROLE_PRODUCER;
	unsigned char *prod, *cons, *status;
	int err;

	if ((role != ION_ROLE_PRODUCER && role != ION_ROLE_CONSUMER) ||
	    !layout_ok(o))
		return -EPROTO;
	prod = map_region(&r->map[0], fd, o->producer_off, o->page_size,
			  producer ? rw : ro);
	cons = map_region(&r->map[1], fd, o->consumer_off, o->page_size,
			  producer ? ro : rw);
	status = map_region(&r->map[2], fd, o->status_off, o->page_size, ro);
	r->data = map_data(&r->map[3], fd, o, producer ? rw : ro,
			   kernel_doubles_data);
	if (!prod || !cons || !status || !r->data) {
		err = -errno;
		ion_unmap(r);
		return err;
	}
	r->fd = fd;
	r->role = role;
	r->off = *o;
	r->size = o->size;
	r->mask = o->size - 1;
	r->tail = (_Atomic uint64_t *)(prod + o->tail);
	r->want = (_Atomic uint32_t *)(prod + o->want);
	r->head = (_Atomic uint64_t *)(cons + o->head);
	r->wait = (_Atomic uint32_t *)(cons + o->wait);
	r->status = (_Atomic uint32_t *)(status + o->status);
	/* A ring may have been used before it was handed over. */
	r->published = atomic_load(producer ? r->tail : r->head);
	r->seen = atomic_load(producer ? r->head : r->tail);
	r->pos = r->published;
	if (producer ? ion_indices_bad(r, r->published, r->seen) :
		       ion_indices_bad(r, r->seen, r->published)) {
		ion_unmap(r);
		return -EBADMSG;
	}
	return 0;
}

void ion_unmap(struct ion_ring *r)
{
	for (int i = 0; i < 5; i++) {
		if (r->map[i].addr)
			munmap(r->map[i].addr, r->map[i].len);
		r->map[i].addr = NULL;
	}
}

void ion_close(struct ion_ring *r)
{
	if (!r)
		return;
	if (r->backend->leave && r->map[4].addr && !r->handed_over)
		r->backend->leave(r);
	ion_unmap(r);
	if (r->fd >= 0)
		close(r->fd);
	free(r);
}
