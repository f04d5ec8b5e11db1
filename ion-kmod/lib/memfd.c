/*
 * The memfd backend: the same ring over a sealed memfd, with futexes
 * for sleeping, for hosts without ion.ko (and for testing the data path
 * on any Linux). The layout is the module's; the first page carries it
 * and the status word. Rights per role are kept by libion's mappings,
 * not enforced: either side could map the whole file writable.
 */
#define _GNU_SOURCE
#include "ring.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/futex.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define MEMFD_MAGIC "IONMEMF1"

struct memfd_header {
	char magic[8];
	struct ion_offsets off;
};

static int futex(_Atomic uint32_t *word, int op, uint32_t val,
		 const struct timespec *ts)
{
	return syscall(SYS_futex, word, op, val, ts, NULL, 0) < 0 ? -errno : 0;
}

static int memfd_wait(struct ion_ring *r, uint32_t want, int64_t timeout_ns)
{
	int producer = r->role == ION_ROLE_PRODUCER;
	struct timespec ts, *tsp = NULL;
	int err;

	if (timeout_ns >= 0) {
		ts.tv_sec = timeout_ns / 1000000000;
		ts.tv_nsec = timeout_ns % 1000000000;
		tsp = &ts;
	}
	/* Sleeps only while the word still holds what ion_arm() put. */
	err = futex(producer ? r->want : r->wait, FUTEX_WAIT,
		    producer ? want : 1, tsp);
	return err == -EWOULDBLOCK ? -EAGAIN : err;
}

static int wake_word(_Atomic uint32_t *word)
{
	if (!atomic_exchange(word, 0))
		return 0;
	return futex(word, FUTEX_WAKE, INT_MAX, NULL) < 0 ? -errno : 0;
}

/* A word of the three pages, through this end's writable view. */
static _Atomic uint32_t *rw_word(struct ion_ring *r, uint64_t page,
				 uint32_t off)
{
	return (_Atomic uint32_t *)((unsigned char *)r->map[4].addr + page +
				    off);
}

static int memfd_wake(struct ion_ring *r)
{
	if (r->role == ION_ROLE_PRODUCER)
		return wake_word(rw_word(r, r->off.consumer_off, r->off.wait));
	return wake_word(rw_word(r, r->off.producer_off, r->off.want));
}

/* What the kernel does on the last close of an end. */
static void memfd_leave(struct ion_ring *r)
{
	atomic_fetch_or(rw_word(r, r->off.status_off, r->off.status),
			r->role == ION_ROLE_PRODUCER ? ION_STATUS_PRODUCER_GONE :
						       ION_STATUS_CONSUMER_GONE);
	wake_word(rw_word(r, r->off.consumer_off, r->off.wait));
	wake_word(rw_word(r, r->off.producer_off, r->off.want));
}

const struct ion_backend ion_memfd_backend = {
	.wait = memfd_wait,
	.wake = memfd_wake,
	.leave = memfd_leave,
	.tag = 'm',
};

int ion_memfd_attach(int fd, int role, struct ion_ring **ring)
{
	struct memfd_header h;
	struct ion_ring *r;
	struct stat st;
	int err;

	if (pread(fd, &h, sizeof(h), 0) != (ssize_t)sizeof(h) ||
	    memcmp(h.magic, MEMFD_MAGIC, sizeof(h.magic)) != 0 ||
	    fstat(fd, &st) < 0 ||
	    (uint64_t)st.st_size != h.off.data_off + h.off.size)
		return -EPROTO;
	r = ion_ring_new(&ion_memfd_backend);
	if (!r)
		return -ENOMEM;
	err = ion_map(r, fd, role, &h.off, 0);
	if (!err) {
		void *p = mmap(NULL, (size_t)h.off.data_off,
			       PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

		r->map[4].addr = p == MAP_FAILED ? NULL : p;
		r->map[4].len = (size_t)h.off.data_off;
		err = p == MAP_FAILED ? -errno : 0;
	}
	if (err) {
		ion_close(r);
		return err;
	}
	*ring = r;
	return 0;
}

static int memfd_layout(int fd, size_t size)
{
	long page = sysconf(_SC_PAGESIZE);
	struct memfd_header h = {
		.magic = MEMFD_MAGIC,
		.off = {
			.size = size,
			.status_off = 0,
			.producer_off = (uint64_t)page,
			.consumer_off = 2 * (uint64_t)page,
			.data_off = 3 * (uint64_t)page,
			.page_size = (uint32_t)page,
			.tail = 0,
			.want = 128,
			.head = 0,
			.wait = 128,
			.status = 256,
		},
	};

	if (size < ION_MIN_SIZE || size > ION_MAX_SIZE || (size & (size - 1)) ||
	    size % (size_t)page)
		return -EINVAL;
	if (ftruncate(fd, (off_t)(h.off.data_off + size)) < 0 ||
	    pwrite(fd, &h, sizeof(h), 0) != (ssize_t)sizeof(h))
		return -errno;
	/* A peer must not shrink the file under the other's mapping. */
	if (fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL))
		return -errno;
	return 0;
}

int ion_create_memfd(size_t size, struct ion_ring **producer,
		     struct ion_ring **consumer)
{
	int pfd, cfd, err;

	pfd = memfd_create("ion-ring", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (pfd < 0)
		return -errno;
	err = memfd_layout(pfd, size);
	cfd = err ? -1 : fcntl(pfd, F_DUPFD_CLOEXEC, 0);
	if (!err && cfd < 0)
		err = -errno;
	if (!err)
		err = ion_memfd_attach(pfd, ION_ROLE_PRODUCER, producer);
	if (err) {
		close(pfd);
		if (cfd >= 0)
			close(cfd);
		return err;
	}
	err = ion_memfd_attach(cfd, ION_ROLE_CONSUMER, consumer);
	if (err) {
		ion_close(*producer);
		close(cfd);
	}
	return err;
}
