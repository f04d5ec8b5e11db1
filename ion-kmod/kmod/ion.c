// SPDX-License-Identifier: GPL-2.0
/*
 * ION rings: single-producer/single-consumer rings of records in memory
 * mapped by both processes. The kernel allocates a ring, gives out one
 * file per role, maps each region with that role's rights and puts a
 * side to sleep or wakes it; it never touches the data. The indices it
 * reads from the shared pages are only compared, never used to address
 * memory, and an impossible pair is reported, not trusted.
 *
 * Copyright (C) 2026 The Nexus authors
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/anon_inodes.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kref.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/sched/user.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include <linux/ion.h>

/* Regions, by mmap page offset. */
enum ion_region {
	ION_REGION_PRODUCER,
	ION_REGION_CONSUMER,
	ION_REGION_STATUS,
	ION_REGION_DATA,
};

/* Shared words: each index on its own cache-line pair, its sleeper's
 * word on another, so that the two sides do not false-share.
 */
#define ION_TAIL_OFF	0
#define ION_WANT_OFF	128
#define ION_HEAD_OFF	0
#define ION_WAIT_OFF	128
#define ION_STATUS_WORD	0

struct ion_ring {
	struct kref ref;
	u64 size;
	unsigned long nr_data;
	struct page *ctl[ION_REGION_DATA];
	struct page **data;
	struct user_struct *user;	/* charged for the pages, or NULL */
	unsigned long charged;		/* pages charged to user */
	spinlock_t lock;		/* gone */
	u32 gone;			/* ION_STATUS_*, mirrored to the page */
	wait_queue_head_t producer_wq;	/* the producer sleeps here */
	wait_queue_head_t consumer_wq;
};

struct ion_end {
	struct ion_ring *ring;
	u32 role;
};

static void *ion_ctl(struct ion_ring *r, enum ion_region region, u32 off)
{
	return page_address(r->ctl[region]) + off;
}

static u64 ion_tail(struct ion_ring *r)
{
	return READ_ONCE(*(u64 *)ion_ctl(r, ION_REGION_PRODUCER, ION_TAIL_OFF));
}

static u64 ion_head(struct ion_ring *r)
{
	return READ_ONCE(*(u64 *)ion_ctl(r, ION_REGION_CONSUMER, ION_HEAD_OFF));
}

/* A pair of indices userspace could only have made by breaking the ring. */
static bool ion_indices_bad(struct ion_ring *r, u64 tail, u64 head)
{
	return tail - head > r->size || ((tail | head) % ION_RECORD_ALIGN);
}

static bool ion_is_producer(const struct ion_end *end)
{
	return end->role == ION_ROLE_PRODUCER;
}

static u32 ion_peer_gone_flag(const struct ion_end *end)
{
	return ion_is_producer(end) ? ION_STATUS_CONSUMER_GONE :
				      ION_STATUS_PRODUCER_GONE;
}

/* Which ends have gone (ION_STATUS_*). */
static u32 ion_gone(struct ion_ring *r)
{
	/* Pairs with ion_ring_release(): the ring as the peer left it. */
	return smp_load_acquire(&r->gone);
}

static wait_queue_head_t *ion_own_wq(struct ion_end *end)
{
	return ion_is_producer(end) ? &end->ring->producer_wq :
				      &end->ring->consumer_wq;
}

/* The word this end sets before it sleeps: the consumer's wait, the
 * producer's want.
 */
static u32 ion_own_word(struct ion_end *end)
{
	struct ion_ring *r = end->ring;

	if (ion_is_producer(end))
		return READ_ONCE(*(u32 *)ion_ctl(r, ION_REGION_PRODUCER,
						 ION_WANT_OFF));
	return READ_ONCE(*(u32 *)ion_ctl(r, ION_REGION_CONSUMER, ION_WAIT_OFF));
}

/*
 * What a sleeper waits for: the consumer a record, the producer WANT
 * free bytes. A gone peer or a broken ring ends the wait as well, so
 * that the caller learns of it.
 */
static bool ion_ready(struct ion_end *end, u64 want)
{
	struct ion_ring *r = end->ring;
	u64 tail, head;

	if (ion_gone(r) & ion_peer_gone_flag(end))
		return true;
	tail = ion_tail(r);
	head = ion_head(r);
	if (ion_indices_bad(r, tail, head))
		return true;
	if (ion_is_producer(end))
		return r->size - (tail - head) >= want;
	return tail != head;
}

/*
 * A sleeper also stops once its word is cleared, as a futex does: a
 * wake meant for an earlier sleep may clear the word of this one, and
 * the peer, seeing it clear, would never wake us. The caller sets it
 * again and checks the ring before it sleeps once more.
 */
static bool ion_wait_done(struct ion_end *end, u64 want)
{
	return !ion_own_word(end) || ion_ready(end, want);
}

static void ion_ring_free(struct kref *ref)
{
	struct ion_ring *r = container_of(ref, struct ion_ring, ref);
	unsigned long i;

	for (i = 0; i < r->nr_data; i++)
		if (r->data[i])
			__free_page(r->data[i]);
	for (i = 0; i < ARRAY_SIZE(r->ctl); i++)
		if (r->ctl[i])
			__free_page(r->ctl[i]);
	kvfree(r->data);
	if (r->user) {
		atomic_long_sub(r->charged, &r->user->locked_vm);
		free_uid(r->user);
	}
	kfree(r);
}

/* Zeroed pages, charged to the caller's memory cgroup; a ring larger
 * than what is free fails with ENOMEM instead of calling the OOM killer.
 */
static struct page *ion_alloc_page(void)
{
	return alloc_page(GFP_KERNEL_ACCOUNT | __GFP_ZERO |
			  __GFP_RETRY_MAYFAIL | __GFP_NOWARN);
}

/*
 * A ring's pages stay in memory for its whole life, as mlock()ed pages
 * do, and /dev/ion is open to everyone: so, as io_uring's, they count
 * against the creator's RLIMIT_MEMLOCK in its user's locked_vm, unless
 * it has CAP_IPC_LOCK. Without it any user could take all the memory
 * (the memory cgroup bounds a cgroup, not a user).
 */
static int ion_charge(struct ion_ring *r, unsigned long pages)
{
	struct user_struct *user = current_user();
	unsigned long limit, cur, new;

	if (capable(CAP_IPC_LOCK))
		return 0;
	limit = rlimit(RLIMIT_MEMLOCK) >> PAGE_SHIFT;
	cur = atomic_long_read(&user->locked_vm);
	do {
		new = cur + pages;
		if (new > limit || new < cur)
			return -ENOMEM;
	} while (!atomic_long_try_cmpxchg(&user->locked_vm, &cur, new));
	r->user = get_uid(user);
	r->charged = pages;
	return 0;
}

static struct ion_ring *ion_ring_alloc(u64 size)
{
	struct ion_ring *r;
	unsigned long i;

	r = kzalloc(sizeof(*r), GFP_KERNEL_ACCOUNT);
	if (!r)
		return NULL;
	kref_init(&r->ref);
	spin_lock_init(&r->lock);
	init_waitqueue_head(&r->producer_wq);
	init_waitqueue_head(&r->consumer_wq);
	r->size = size;
	if (ion_charge(r, (size >> PAGE_SHIFT) + ARRAY_SIZE(r->ctl)))
		goto fail;
	r->data = kvcalloc(size >> PAGE_SHIFT, sizeof(*r->data),
			   GFP_KERNEL_ACCOUNT);
	if (!r->data)
		goto fail;
	/* Only now: ion_ring_free() walks data[] up to nr_data. */
	r->nr_data = size >> PAGE_SHIFT;
	for (i = 0; i < ARRAY_SIZE(r->ctl); i++) {
		r->ctl[i] = ion_alloc_page();
		if (!r->ctl[i])
			goto fail;
	}
	for (i = 0; i < r->nr_data; i++) {
		r->data[i] = ion_alloc_page();
		if (!r->data[i] || fatal_signal_pending(current))
			goto fail;
		cond_resched();
	}
	return r;
fail:
	kref_put(&r->ref, ion_ring_free);
	return NULL;
}

static void ion_fill_offsets(struct ion_ring *r, struct ion_offsets *off)
{
	memset(off, 0, sizeof(*off));
	off->size = r->size;
	off->producer_off = (u64)ION_REGION_PRODUCER << PAGE_SHIFT;
	off->consumer_off = (u64)ION_REGION_CONSUMER << PAGE_SHIFT;
	off->status_off = (u64)ION_REGION_STATUS << PAGE_SHIFT;
	off->data_off = (u64)ION_REGION_DATA << PAGE_SHIFT;
	off->page_size = PAGE_SIZE;
	off->tail = ION_TAIL_OFF;
	off->want = ION_WANT_OFF;
	off->head = ION_HEAD_OFF;
	off->wait = ION_WAIT_OFF;
	off->status = ION_STATUS_WORD;
}

static int ion_ring_release(struct inode *inode, struct file *file)
{
	struct ion_end *end = file->private_data;
	struct ion_ring *r = end->ring;
	u32 flag = ion_is_producer(end) ? ION_STATUS_PRODUCER_GONE :
					  ION_STATUS_CONSUMER_GONE;

	spin_lock(&r->lock);
	/* Pairs with ion_gone(): whatever this end did is seen first. */
	smp_store_release(&r->gone, r->gone | flag);
	WRITE_ONCE(*(u32 *)ion_ctl(r, ION_REGION_STATUS, ION_STATUS_WORD),
		   r->gone);
	spin_unlock(&r->lock);
	wake_up_interruptible_all(&r->producer_wq);
	wake_up_interruptible_all(&r->consumer_wq);
	kfree(end);
	kref_put(&r->ref, ion_ring_free);
	return 0;
}

/* 6.3 made vm_flags const: this becomes vm_flags_mod() there. */
static void ion_vm_flags(struct vm_area_struct *vma, vm_flags_t set,
			 vm_flags_t clear)
{
	vma->vm_flags = (vma->vm_flags | set) & ~clear;
}

/*
 * Each region is mapped whole, shared, never executable, and writable
 * only by the role that owns it: the producer its page and the data,
 * the consumer its page; the status page by nobody. The data pages are
 * mapped twice in a row so that a record is contiguous across the end.
 */
static int ion_ring_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct ion_end *end = file->private_data;
	struct ion_ring *r = end->ring;
	unsigned long len = vma->vm_end - vma->vm_start;
	unsigned long pages = 1, i;
	bool writable;
	int err;

	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	switch (vma->vm_pgoff) {
	case ION_REGION_PRODUCER:
		writable = ion_is_producer(end);
		break;
	case ION_REGION_CONSUMER:
		writable = !ion_is_producer(end);
		break;
	case ION_REGION_STATUS:
		writable = false;
		break;
	case ION_REGION_DATA:
		writable = ion_is_producer(end);
		pages = 2 * r->nr_data;
		break;
	default:
		return -EINVAL;
	}
	if (len != pages << PAGE_SHIFT)
		return -EINVAL;
	if ((vma->vm_flags & VM_EXEC) ||
	    ((vma->vm_flags & VM_WRITE) && !writable))
		return -EACCES;
	ion_vm_flags(vma, VM_DONTEXPAND | VM_DONTDUMP,
		     VM_MAYEXEC | (writable ? 0 : VM_MAYWRITE));
	for (i = 0; i < pages; i++) {
		struct page *page = vma->vm_pgoff == ION_REGION_DATA ?
					    r->data[i % r->nr_data] :
					    r->ctl[vma->vm_pgoff];

		err = vm_insert_page(vma, vma->vm_start + (i << PAGE_SHIFT),
				     page);
		if (err)
			return err;
		/* A 1 GiB ring is half a million pages, mapped twice. */
		cond_resched();
	}
	return 0;
}

static __poll_t ion_ring_poll(struct file *file, poll_table *pt)
{
	struct ion_end *end = file->private_data;
	struct ion_ring *r = end->ring;
	__poll_t mask;
	u64 tail, head;
	u32 want;

	poll_wait(file, ion_own_wq(end), pt);
	tail = ion_tail(r);
	head = ion_head(r);
	if (ion_indices_bad(r, tail, head))
		return EPOLLERR;
	if (!ion_is_producer(end)) {
		/* As a pipe: readable while records remain, hung up once
		 * the producer has gone, both at once in between; and
		 * readable when not armed, so that the caller arms and looks.
		 */
		mask = tail != head || !ion_own_word(end) ?
			       EPOLLIN | EPOLLRDNORM : 0;
		if (ion_gone(r) & ION_STATUS_PRODUCER_GONE)
			mask |= EPOLLHUP;
		return mask;
	}
	if (ion_gone(r) & ION_STATUS_CONSUMER_GONE)
		return EPOLLERR | EPOLLHUP;
	/* Writable once the record the producer armed for fits. */
	want = ion_own_word(end);
	if (!want)
		return EPOLLOUT | EPOLLWRNORM;
	want = max_t(u32, want, sizeof(struct ion_record));
	if (r->size - (tail - head) >= want)
		return EPOLLOUT | EPOLLWRNORM;
	return 0;
}

static long ion_ring_wait(struct ion_end *end, void __user *argp)
{
	wait_queue_head_t *wq = ion_own_wq(end);
	struct ion_ring *r = end->ring;
	struct ion_wait w;
	long ret;
	u32 want;

	if (copy_from_user(&w, argp, sizeof(w)))
		return -EFAULT;
	want = w.want;
	if (w.flags)
		return -EINVAL;
	if (ion_is_producer(end) ? !want || want > r->size : want)
		return -EINVAL;
	if (w.timeout_ns < 0)
		ret = wait_event_interruptible(*wq, ion_wait_done(end, want));
	else
		ret = wait_event_interruptible_hrtimeout(*wq,
							 ion_wait_done(end, want),
							 w.timeout_ns);
	if (ret == -ERESTARTSYS)
		return -EINTR;
	if (ret == -ETIME)
		return -ETIMEDOUT;
	if (ion_indices_bad(r, ion_tail(r), ion_head(r)))
		return -EBADMSG;
	return 0;
}

/* Clear the peer's wait (or want) word, then wake it. */
static long ion_ring_wake(struct ion_end *end)
{
	struct ion_ring *r = end->ring;

	if (ion_is_producer(end)) {
		WRITE_ONCE(*(u32 *)ion_ctl(r, ION_REGION_CONSUMER, ION_WAIT_OFF),
			   0);
		wake_up_interruptible(&r->consumer_wq);
	} else {
		WRITE_ONCE(*(u32 *)ion_ctl(r, ION_REGION_PRODUCER, ION_WANT_OFF),
			   0);
		wake_up_interruptible(&r->producer_wq);
	}
	return 0;
}

static long ion_ring_ioctl(struct file *file, unsigned int cmd,
			   unsigned long arg)
{
	struct ion_end *end = file->private_data;
	void __user *argp = (void __user *)arg;
	struct ion_info info;

	switch (cmd) {
	case ION_IOC_INFO:
		memset(&info, 0, sizeof(info));
		info.role = end->role;
		ion_fill_offsets(end->ring, &info.off);
		return copy_to_user(argp, &info, sizeof(info)) ? -EFAULT : 0;
	case ION_IOC_WAIT:
		return ion_ring_wait(end, argp);
	case ION_IOC_WAKE:
		return ion_ring_wake(end);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations ion_ring_fops = {
	.owner = THIS_MODULE,
	.release = ion_ring_release,
	.mmap = ion_ring_mmap,
	.poll = ion_ring_poll,
	.unlocked_ioctl = ion_ring_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

/* A file for one role of R; it takes a reference on R. */
static struct file *ion_end_file(struct ion_ring *r, u32 role)
{
	struct ion_end *end;
	struct file *file;

	end = kzalloc(sizeof(*end), GFP_KERNEL_ACCOUNT);
	if (!end)
		return ERR_PTR(-ENOMEM);
	end->ring = r;
	end->role = role;
	kref_get(&r->ref);
	file = anon_inode_getfile(role == ION_ROLE_PRODUCER ?
				  "[ion-producer]" : "[ion-consumer]",
				  &ion_ring_fops, end, O_RDWR);
	if (IS_ERR(file)) {
		kref_put(&r->ref, ion_ring_free);
		kfree(end);
	}
	return file;
}

static bool ion_size_ok(u64 size)
{
	return is_power_of_2(size) && size >= ION_MIN_SIZE &&
	       size >= PAGE_SIZE && size <= ION_MAX_SIZE;
}

static long ion_create(void __user *argp)
{
	struct file *files[2] = { NULL, NULL };
	int fds[2] = { -1, -1 };
	struct ion_create c;
	struct ion_ring *r;
	long err;
	int i;

	if (copy_from_user(&c, argp, sizeof(c)))
		return -EFAULT;
	if (c.flags || c.resv || !ion_size_ok(c.size))
		return -EINVAL;
	r = ion_ring_alloc(c.size);
	if (!r)
		return -ENOMEM;
	for (i = 0; i < 2; i++) {
		files[i] = ion_end_file(r, i ? ION_ROLE_CONSUMER :
					       ION_ROLE_PRODUCER);
		if (IS_ERR(files[i])) {
			err = PTR_ERR(files[i]);
			files[i] = NULL;
			goto fail;
		}
		fds[i] = get_unused_fd_flags(O_CLOEXEC);
		if (fds[i] < 0) {
			err = fds[i];
			goto fail;
		}
	}
	ion_fill_offsets(r, &c.off);
	/* The files hold the ring now. */
	kref_put(&r->ref, ion_ring_free);
	r = NULL;
	c.producer_fd = fds[0];
	c.consumer_fd = fds[1];
	if (copy_to_user(argp, &c, sizeof(c))) {
		err = -EFAULT;
		goto fail;
	}
	for (i = 0; i < 2; i++)
		fd_install(fds[i], files[i]);
	return 0;
fail:
	for (i = 0; i < 2; i++) {
		if (fds[i] >= 0)
			put_unused_fd(fds[i]);
		if (files[i])
			fput(files[i]);
	}
	if (r)
		kref_put(&r->ref, ion_ring_free);
	return err;
}

static long ion_ctl_ioctl(struct file *file, unsigned int cmd,
			  unsigned long arg)
{
	if (cmd != ION_IOC_CREATE)
		return -ENOTTY;
	return ion_create((void __user *)arg);
}

static const struct file_operations ion_ctl_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = ion_ctl_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice ion_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "ion",
	.fops = &ion_ctl_fops,
	.mode = 0666,
};

module_misc_device(ion_dev);

MODULE_DESCRIPTION("ION rings: zero-copy SPSC rings shared between processes");
MODULE_AUTHOR("The Nexus authors");
MODULE_LICENSE("GPL");
