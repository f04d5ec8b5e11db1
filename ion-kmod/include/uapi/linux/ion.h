/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * ION rings: single-producer/single-consumer rings of variable-size
 * records, mapped into both processes. The kernel sets a ring up, gives
 * out one file per role and wakes a side that sleeps; data never passes
 * through it. See ion(4).
 *
 * Memory of one ring, as regions mapped separately (MAP_SHARED, offsets
 * from struct ion_offsets, never hard-coded):
 *
 *   producer page  the tail (bytes ever committed) and the producer's
 *                  "want" word; writable by the producer only
 *   consumer page  the head (bytes ever released) and the consumer's
 *                  "wait" word; writable by the consumer only
 *   status page    written by the kernel alone: which side has gone
 *   data           size bytes, mapped twice back to back so that a
 *                  record is contiguous across the wrap; writable by
 *                  the producer only
 *
 * A record is a struct ion_record header and its payload, padded to
 * ION_RECORD_ALIGN bytes; it starts at (head & (size - 1)).
 */
#ifndef _UAPI_LINUX_ION_H
#define _UAPI_LINUX_ION_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define ION_RECORD_ALIGN	8
#define ION_MIN_SIZE		4096
#define ION_MAX_SIZE		0x40000000U	/* 1 GiB */

/* Roles: which end of a ring a file is. */
#define ION_ROLE_PRODUCER	1
#define ION_ROLE_CONSUMER	2

/* Status flags, in the status page. */
#define ION_STATUS_PRODUCER_GONE	0x1U
#define ION_STATUS_CONSUMER_GONE	0x2U

struct ion_record {
	__u32 len;		/* payload bytes */
	__u32 type;		/* the application's, never read by the kernel */
};

/* Where things are: mmap offsets of the regions, and byte offsets of
 * each shared word inside its region.
 */
struct ion_offsets {
	__u64 size;		/* data bytes: a power of two */
	__u64 producer_off;	/* mmap offset of the producer page */
	__u64 consumer_off;	/* mmap offset of the consumer page */
	__u64 status_off;	/* mmap offset of the status page */
	__u64 data_off;		/* mmap offset of the data: map 2 * size */
	__u32 page_size;	/* length of each of the three pages */
	__u32 tail;		/* __u64, in the producer page */
	__u32 want;		/* __u32, in the producer page */
	__u32 head;		/* __u64, in the consumer page */
	__u32 wait;		/* __u32, in the consumer page */
	__u32 status;		/* __u32 ION_STATUS_*, in the status page */
	__u32 resv[4];		/* zero */
};

/* ION_IOC_CREATE on /dev/ion: a new ring and a file for each role. */
struct ion_create {
	__u64 size;		/* in: data bytes, a power of two */
	__u32 flags;		/* in: zero */
	__s32 producer_fd;	/* out: O_RDWR | O_CLOEXEC */
	__s32 consumer_fd;	/* out: O_RDWR | O_CLOEXEC */
	__u32 resv;		/* zero */
	struct ion_offsets off;	/* out */
};

/* ION_IOC_INFO on a ring file: its role and layout. */
struct ion_info {
	__u32 role;		/* out: ION_ROLE_* */
	__u32 resv;		/* zero */
	struct ion_offsets off;	/* out */
};

/*
 * ION_IOC_WAIT on a ring file: sleep until the consumer has a record or
 * the producer has "want" free bytes, the peer has gone, the timeout
 * passes (-ETIMEDOUT) or a signal comes (-EINTR). Set the wait or want
 * word first and check the ring again after a full barrier: the peer
 * calls ION_IOC_WAKE only when it sees that word set.
 */
struct ion_wait {
	__s64 timeout_ns;	/* < 0: no timeout */
	__u32 want;		/* producer: free bytes needed; consumer: 0 */
	__u32 flags;		/* zero */
};

#define ION_IOC_MAGIC	0xb9
#define ION_IOC_CREATE	_IOWR(ION_IOC_MAGIC, 1, struct ion_create)
#define ION_IOC_INFO	_IOR(ION_IOC_MAGIC, 2, struct ion_info)
#define ION_IOC_WAIT	_IOW(ION_IOC_MAGIC, 3, struct ion_wait)
/* Clear the peer's wait or want word and wake it. */
#define ION_IOC_WAKE	_IO(ION_IOC_MAGIC, 4)

#endif /* _UAPI_LINUX_ION_H */
