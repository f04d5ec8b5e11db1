// SPDX-License-Identifier: GPL-2.0
/*
 * ION rings against the real module (kselftest harness), run inside a
 * booted Nexus by tests/ion.t: arguments, rights on every region, the
 * data path between processes, wakeups, a peer that dies, a hostile
 * peer, and unloading while rings are open. Every TEST runs in a
 * process of its own.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <ion.h>
#include <linux/ion.h>

#include "kselftest_harness.h"
#include "kselftest_scaled.h"

#define RING (1 << 16)

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000 + (uint64_t)ts.tv_nsec;
}

static int ctl_open(void)
{
	return open("/dev/ion", O_RDWR | O_CLOEXEC);
}

static int create_raw(struct ion_create *c)
{
	int ctl = ctl_open(), rc;

	if (ctl < 0)
		return -errno;
	rc = ioctl(ctl, ION_IOC_CREATE, c) < 0 ? -errno : 0;
	close(ctl);
	return rc;
}

static int wait_raw(int fd, int64_t timeout_ns, uint32_t want, uint32_t flags)
{
	struct ion_wait w = {timeout_ns, want, flags};

	return ioctl(fd, ION_IOC_WAIT, &w) < 0 ? -errno : 0;
}

static int map_errno(int fd, size_t len, int prot, int flags, uint64_t off)
{
	void *p = mmap(NULL, len, prot, flags, fd, (off_t)off);

	if (p == MAP_FAILED)
		return -errno;
	munmap(p, len);
	return 0;
}

/* The page an end owns (the producer's or the consumer's), mapped
 * writable as the end itself, or a hostile one, would.
 */
static char *own_page(int fd, struct ion_info *info)
{
	char *m;
	int producer;

	if (ioctl(fd, ION_IOC_INFO, info))
		return NULL;
	producer = info->role == ION_ROLE_PRODUCER;
	m = mmap(NULL, info->off.page_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		 fd, (off_t)(producer ? info->off.producer_off :
					info->off.consumer_off));
	return m == MAP_FAILED ? NULL : m;
}

/* The index word an end owns: the tail or the head. */
static volatile uint64_t *own_index(struct ion_ring *r)
{
	struct ion_info info;
	char *m = own_page(ion_fd(r), &info);

	if (!m)
		return NULL;
	return (volatile uint64_t *)(m + (info.role == ION_ROLE_PRODUCER ?
						  info.off.tail :
						  info.off.head));
}

/* The word an end sets before it sleeps: the wait or the want. */
static volatile uint32_t *own_word(int fd)
{
	struct ion_info info;
	char *m = own_page(fd, &info);

	if (!m)
		return NULL;
	return (volatile uint32_t *)(m + (info.role == ION_ROLE_PRODUCER ?
						  info.off.want :
						  info.off.wait));
}

TEST(create_checks_its_arguments)
{
	uint64_t bad[] = {0, 1, 4095, 3 * 4096, 1ULL << 31, 1ULL << 40};
	struct ion_create c;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&c, 0, sizeof(c));
		c.size = bad[i];
		EXPECT_EQ(-EINVAL, create_raw(&c)) TH_LOG("size %llu",
			(unsigned long long)bad[i]);
	}
	memset(&c, 0, sizeof(c));
	c.size = RING;
	c.flags = 1;
	EXPECT_EQ(-EINVAL, create_raw(&c));
	c.flags = 0;
	c.resv = 7;
	EXPECT_EQ(-EINVAL, create_raw(&c));
	c.resv = 0;
	ASSERT_EQ(0, create_raw(&c));
	EXPECT_EQ(RING, c.off.size);
	EXPECT_NE(c.producer_fd, c.consumer_fd);
	EXPECT_EQ(FD_CLOEXEC, fcntl(c.producer_fd, F_GETFD) & FD_CLOEXEC);
	{
		int ctl = ctl_open();

		ASSERT_LE(0, ctl);
		EXPECT_EQ(-1, ioctl(ctl, ION_IOC_CREATE, (void *)8));
		EXPECT_EQ(EFAULT, errno);
		EXPECT_EQ(-1, ioctl(ctl, ION_IOC_WAKE));
		EXPECT_EQ(ENOTTY, errno);
		close(ctl);
	}
}

/* A ring's pages count against RLIMIT_MEMLOCK, as mlock()ed ones: any
 * user can open /dev/ion, none can take all the memory through it.
 */
TEST(rings_count_against_memlock)
{
	struct rlimit lim = {64 << 10, 64 << 10};
	struct ion_create a = {.size = 32 << 10}, b = {.size = 32 << 10};
	struct ion_create big = {.size = 1 << 20};
	void *m;

	/* An ordinary user: no CAP_IPC_LOCK. */
	ASSERT_EQ(0, setrlimit(RLIMIT_MEMLOCK, &lim));
	ASSERT_EQ(0, setgroups(0, NULL));
	ASSERT_EQ(0, setresgid(65534, 65534, 65534));
	ASSERT_EQ(0, setresuid(65534, 65534, 65534));
	EXPECT_EQ(-ENOMEM, create_raw(&big));
	/* 8 data pages and 3 of control: 44 KiB of the 64. */
	ASSERT_EQ(0, create_raw(&a));
	EXPECT_EQ(-ENOMEM, create_raw(&b));
	/* A mapping keeps the ring, and its charge, after its files. */
	m = mmap(NULL, 4096, PROT_READ, MAP_SHARED, a.consumer_fd,
		 a.off.status_off);
	ASSERT_NE(MAP_FAILED, m);
	close(a.producer_fd);
	close(a.consumer_fd);
	EXPECT_EQ(-ENOMEM, create_raw(&b));
	munmap(m, 4096);
	EXPECT_EQ(0, create_raw(&b));
}

FIXTURE(raw)
{
	struct ion_create c;
};

FIXTURE_SETUP(raw)
{
	memset(&self->c, 0, sizeof(self->c));
	self->c.size = RING;
	ASSERT_EQ(0, create_raw(&self->c));
}

FIXTURE_TEARDOWN(raw)
{
	close(self->c.producer_fd);
	close(self->c.consumer_fd);
}

TEST_F(raw, info_names_the_role)
{
	struct ion_info info;

	ASSERT_EQ(0, ioctl(self->c.producer_fd, ION_IOC_INFO, &info));
	EXPECT_EQ(ION_ROLE_PRODUCER, info.role);
	EXPECT_EQ(0, memcmp(&info.off, &self->c.off, sizeof(info.off)));
	ASSERT_EQ(0, ioctl(self->c.consumer_fd, ION_IOC_INFO, &info));
	EXPECT_EQ(ION_ROLE_CONSUMER, info.role);
	EXPECT_EQ(-1, ioctl(self->c.producer_fd, ION_IOC_CREATE, &self->c));
	EXPECT_EQ(ENOTTY, errno);
}

TEST_F(raw, wait_checks_roles_and_flags)
{
	int p = self->c.producer_fd, c = self->c.consumer_fd;

	EXPECT_EQ(-EINVAL, wait_raw(c, 0, 8, 0));	/* consumer: no want */
	EXPECT_EQ(-EINVAL, wait_raw(p, 0, 0, 0));	/* producer: want > 0 */
	EXPECT_EQ(-EINVAL, wait_raw(p, 0, RING + 1, 0));
	EXPECT_EQ(-EINVAL, wait_raw(c, 0, 0, 1));	/* flags */
	volatile uint32_t *wait = own_word(c);

	ASSERT_NE(NULL, wait);
	/* Not armed: the wait ends at once, so that the caller arms. */
	EXPECT_EQ(0, wait_raw(c, -1, 0, 0));
	*wait = 1;
	EXPECT_EQ(-ETIMEDOUT, wait_raw(c, 1000000, 0, 0));
	/* A wake clears the sleeper's word, and that ends its wait. */
	EXPECT_EQ(0, ioctl(p, ION_IOC_WAKE));
	EXPECT_EQ(0, *wait);
	EXPECT_EQ(0, wait_raw(c, -1, 0, 0));
	EXPECT_EQ(0, wait_raw(p, 1000000, RING, 0));	/* empty: room */
}

TEST_F(raw, mmap_gives_each_role_its_rights)
{
	const struct ion_offsets *o = &self->c.off;
	int p = self->c.producer_fd, c = self->c.consumer_fd;
	const int rw = PROT_READ | PROT_WRITE;
	size_t pg = o->page_size;

	/* What each role may map. */
	EXPECT_EQ(0, map_errno(p, pg, rw, MAP_SHARED, o->producer_off));
	EXPECT_EQ(0, map_errno(c, pg, rw, MAP_SHARED, o->consumer_off));
	EXPECT_EQ(0, map_errno(p, 2 * RING, rw, MAP_SHARED, o->data_off));
	EXPECT_EQ(0, map_errno(c, 2 * RING, PROT_READ, MAP_SHARED, o->data_off));
	/* The other side's region, the status page, data: never writable. */
	EXPECT_EQ(-EACCES, map_errno(c, pg, rw, MAP_SHARED, o->producer_off));
	EXPECT_EQ(-EACCES, map_errno(p, pg, rw, MAP_SHARED, o->consumer_off));
	EXPECT_EQ(-EACCES, map_errno(p, pg, rw, MAP_SHARED, o->status_off));
	EXPECT_EQ(-EACCES, map_errno(c, 2 * RING, rw, MAP_SHARED, o->data_off));
	/* Never executable, never private, never beyond the ring. */
	EXPECT_EQ(-EACCES, map_errno(p, 2 * RING, PROT_READ | PROT_EXEC,
				     MAP_SHARED, o->data_off));
	EXPECT_EQ(-EINVAL, map_errno(p, pg, PROT_READ, MAP_PRIVATE,
				     o->producer_off));
	EXPECT_EQ(-EINVAL, map_errno(p, 3 * RING, PROT_READ, MAP_SHARED,
				     o->data_off));
	EXPECT_EQ(-EINVAL, map_errno(p, 2 * pg, PROT_READ, MAP_SHARED,
				     o->producer_off));
	EXPECT_EQ(-EINVAL, map_errno(p, pg, PROT_READ, MAP_SHARED,
				     o->data_off + 2 * RING));
	EXPECT_EQ(-EINVAL, map_errno(p, pg, PROT_READ, MAP_SHARED, 1ULL << 40));
}

TEST_F(raw, mprotect_cannot_add_rights)
{
	const struct ion_offsets *o = &self->c.off;
	void *m = mmap(NULL, o->page_size, PROT_READ, MAP_SHARED,
		       self->c.consumer_fd, (off_t)o->producer_off);

	ASSERT_NE(MAP_FAILED, m);
	EXPECT_EQ(-1, mprotect(m, o->page_size, PROT_READ | PROT_WRITE));
	EXPECT_EQ(EACCES, errno);
	EXPECT_EQ(-1, mprotect(m, o->page_size, PROT_READ | PROT_EXEC));
	EXPECT_EQ(EACCES, errno);
}

/* Writing the producer's tail through the consumer's mapping faults. */
TEST_SIGNAL(consumer_cannot_write_the_tail, SIGSEGV)
{
	struct ion_create c = {.size = RING};
	volatile uint64_t *tail;
	void *m;

	ASSERT_EQ(0, create_raw(&c));
	m = mmap(NULL, c.off.page_size, PROT_READ, MAP_SHARED, c.consumer_fd,
		 (off_t)c.off.producer_off);
	ASSERT_NE(MAP_FAILED, m);
	tail = (volatile uint64_t *)((char *)m + c.off.tail);
	*tail = 4096;
}

FIXTURE(ring)
{
	struct ion_ring *prod, *cons;
};

FIXTURE_SETUP(ring)
{
	ASSERT_EQ(0, ion_create(RING, &self->prod, &self->cons));
}

FIXTURE_TEARDOWN(ring)
{
	ion_close(self->prod);
	ion_close(self->cons);
}

TEST_F(ring, poll_follows_the_ring)
{
	struct pollfd pc = {ion_fd(self->cons), POLLIN, 0};
	struct pollfd pp = {ion_fd(self->prod), POLLOUT, 0};

	/* Not armed: look (and arm). Armed: only when there is a record. */
	EXPECT_EQ(1, poll(&pc, 1, 0));
	EXPECT_EQ(0, ion_arm(self->cons, 0));
	EXPECT_EQ(0, poll(&pc, 1, 0));
	EXPECT_EQ(1, poll(&pp, 1, 0));
	EXPECT_EQ(POLLOUT, pp.revents);
	ASSERT_EQ(0, ion_send(self->prod, "hello", 5, 0));
	EXPECT_EQ(1, poll(&pc, 1, 0));
	EXPECT_EQ(POLLIN, pc.revents);
	/* Arming with a record there says so at once. */
	EXPECT_EQ(1, ion_arm(self->cons, 0));
}

/* The memory a ring takes comes back at the last release: 2 GiB of
 * rings, one after another, in a machine with less.
 */
TEST_F_TIMEOUT(ring, memory_is_freed_on_last_release, 120)
{
	for (int i = 0; i < 512; i++) {
		struct ion_ring *p, *c;

		ASSERT_EQ(0, ion_create(4 << 20, &p, &c)) TH_LOG("ring %d", i);
		/* Touch every page, so that they are really in use. */
		for (size_t off = 0; off < (4 << 20); off += 4096) {
			void *w;

			ASSERT_EQ(0, ion_reserve(p, 4088, 0, &w));
			ASSERT_EQ(0, ion_commit(p));
			ASSERT_EQ(0, ion_peek(c, (const void **)&w, NULL, NULL));
			ASSERT_EQ(0, ion_release(c));
		}
		ion_close(p);
		ion_close(c);
	}
}

/* The consumer side of a stream: counts, sequence and sum. */
struct tally {
	uint64_t count, sum;
	struct ion_stats stats;
	int err;
};

/* Every PAUSE records (0: never) a side stops for a moment, so that
 * the other catches up and sleeps: many sleeps, in both directions.
 */
static unsigned int pause_every;

static void take_a_pause(uint64_t i)
{
	if (pause_every && i % pause_every == 0)
		usleep(50);
}

static void consume(struct ion_ring *r, struct tally *t)
{
	const void *p;
	size_t len;
	int err;

	memset(t, 0, sizeof(*t));
	for (;;) {
		err = ion_peek(r, &p, &len, NULL);
		if (err == -EAGAIN) {
			err = ion_wait(r, 0, -1);
			if (err)
				break;
			continue;
		}
		if (err)
			break;
		if (len < 8 || *(const uint64_t *)p != t->count) {
			err = -EBADMSG;
			break;
		}
		for (size_t i = 8; i + 8 <= len; i += 8)
			t->sum += *(const uint64_t *)((const char *)p + i);
		if (++t->count % 32 == 0)
			ion_release(r);
		take_a_pause(t->count + pause_every / 2);
	}
	t->err = err;
}

static int produce(struct ion_ring *r, uint64_t count, uint64_t *sum)
{
	uint64_t words[8];
	int err = 0;

	*sum = 0;
	for (uint64_t i = 0; i < count && !err; i++) {
		size_t n = 2 + i % 7;
		void *w;

		words[0] = i;
		for (size_t k = 1; k < n; k++)
			*sum += words[k] = i * 2654435761u + k;
		while ((err = ion_reserve(r, n * 8, 0, &w)) == -EAGAIN)
			if ((err = ion_wait(r, n * 8, -1)))
				return err;
		if (!err) {
			memcpy(w, words, n * 8);
			if (i % 32 == 31)
				err = ion_commit(r);
			take_a_pause(i);
		}
	}
	return err ? err : ion_commit(r);
}

/* COUNT messages from this process to a child through the ring,
 * handed over SCM_RIGHTS; the child reports what it saw on the socket.
 */
static void stream(struct __test_metadata *_metadata, size_t size,
		   uint64_t count, unsigned int spin, struct ion_stats *stats,
		   struct ion_stats *peer)
{
	struct ion_ring *prod, *cons;
	struct tally t = {0};
	uint64_t sum, start;
	int sv[2], status;
	pid_t pid;

	ASSERT_EQ(0, ion_create(size, &prod, &cons));
	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct ion_ring *r;

		ion_close(prod);
		ion_close(cons);
		if (ion_recv_ring(sv[1], &r))
			_exit(2);
		ion_set_spin(r, spin);
		consume(r, &t);
		ion_get_stats(r, &t.stats);
		_exit(write(sv[1], &t, sizeof(t)) == sizeof(t) ? 0 : 3);
	}
	ASSERT_EQ(0, ion_send_ring(sv[0], cons));
	ion_close(cons);
	ion_set_spin(prod, spin);
	start = now_ns();
	EXPECT_EQ(0, produce(prod, count, &sum));
	ion_get_stats(prod, stats);
	ion_close(prod);
	ASSERT_EQ(sizeof(t), read(sv[0], &t, sizeof(t)));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, status);
	EXPECT_EQ(-EPIPE, t.err);
	EXPECT_EQ(count, t.count);
	EXPECT_EQ(sum, t.sum);
	*peer = t.stats;
	TH_LOG("%llu messages in %.2f s; the producer slept %llu times, the consumer %llu",
	       (unsigned long long)count, (double)(now_ns() - start) / 1e9,
	       (unsigned long long)stats->sleeps,
	       (unsigned long long)peer->sleeps);
}

TEST_F_TIMEOUT(ring, ten_million_messages_between_processes, 600)
{
	struct ion_stats mine, theirs;

	stream(_metadata, 1 << 20, 10000000, 20000, &mine, &theirs);
}

/* A tiny ring and no spinning: every few records a side sleeps and
 * must be woken. A lost wakeup hangs, and the harness's timeout fails.
 */
TEST_F_TIMEOUT(ring, blocking_wakeups_are_never_lost, 300)
{
	struct ion_stats mine, theirs;

	pause_every = 101;
	stream(_metadata, 4096, 300000, 0, &mine, &theirs);
	/* It did test sleeping: both sides slept, over and over. */
	EXPECT_LT(200, mine.sleeps);
	EXPECT_LT(200, theirs.sleeps);
}

/* A child that streams until it is killed. */
static pid_t endless_producer(struct ion_ring *prod, struct ion_ring *cons)
{
	pid_t pid = fork();

	if (pid == 0) {
		uint64_t sum;

		ion_close(cons);
		produce(prod, UINT64_MAX, &sum);
		_exit(0);
	}
	return pid;
}

TEST_F_TIMEOUT(ring, producer_killed_midstream, 60)
{
	struct pollfd pfd = {ion_fd(self->cons), POLLIN, 0};
	struct tally t;
	pid_t pid = endless_producer(self->prod, self->cons);

	ASSERT_LE(0, pid);
	ion_close(self->prod);
	self->prod = NULL;
	/* Wait for the stream to flow, then kill it. */
	ASSERT_EQ(0, ion_wait(self->cons, 0, 10LL * 1000000000));
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	consume(self->cons, &t);
	EXPECT_EQ(-EPIPE, t.err);
	EXPECT_LT(0, t.count);
	EXPECT_EQ(1, poll(&pfd, 1, 1000));
	EXPECT_EQ(POLLHUP, pfd.revents & POLLHUP);
}

TEST_F_TIMEOUT(ring, consumer_killed_midstream, 60)
{
	struct pollfd pfd = {ion_fd(self->prod), POLLOUT, 0};
	uint64_t sum;
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (pid == 0) {
		ion_close(self->prod);
		pause();
		_exit(0);
	}
	ion_close(self->cons);
	self->cons = NULL;
	/* The producer fills the ring and sleeps until the kill ends it;
	 * a kill that comes first is seen at the next reserve instead.
	 */
	if (fork() == 0) {
		usleep(200000);
		kill(pid, SIGKILL);
		_exit(0);
	}
	EXPECT_EQ(-EPIPE, produce(self->prod, UINT64_MAX, &sum));
	waitpid(pid, NULL, 0);
	EXPECT_EQ(1, poll(&pfd, 1, 1000));
	EXPECT_NE(0, pfd.revents & (POLLERR | POLLHUP));
}

TEST_F(ring, hostile_tail_is_reported_not_trusted)
{
	struct pollfd pfd = {ion_fd(self->cons), POLLIN, 0};
	volatile uint64_t *tail = own_index(self->prod);
	const void *p;
	size_t len;

	ASSERT_NE(NULL, tail);
	ASSERT_EQ(0, ion_send(self->prod, "x", 1, 0));
	*tail = 0xdeadbeefcafe0000;
	EXPECT_EQ(-EBADMSG, ion_peek(self->cons, &p, &len, NULL));
	EXPECT_EQ(-EBADMSG, wait_raw(ion_fd(self->cons), -1, 0, 0));
	EXPECT_EQ(1, poll(&pfd, 1, 0));
	EXPECT_EQ(POLLERR, pfd.revents);
	*tail = 13;
	EXPECT_EQ(-EBADMSG, wait_raw(ion_fd(self->cons), -1, 0, 0));
}

TEST_F(ring, hostile_head_is_reported_not_trusted)
{
	struct pollfd pfd = {ion_fd(self->prod), POLLOUT, 0};
	volatile uint64_t *head = own_index(self->cons);

	ASSERT_NE(NULL, head);
	*head = 1ULL << 50;
	EXPECT_EQ(-EBADMSG, wait_raw(ion_fd(self->prod), -1, 8, 0));
	EXPECT_EQ(1, poll(&pfd, 1, 0));
	EXPECT_EQ(POLLERR, pfd.revents);
}

TEST_F(ring, hostile_record_length_is_reported)
{
	const void *p;
	void *w;
	size_t len;

	ASSERT_EQ(0, ion_reserve(self->prod, 8, 0, &w));
	((struct ion_record *)w)[-1].len = 1 << 30;
	ASSERT_EQ(0, ion_commit(self->prod));
	EXPECT_EQ(-EBADMSG, ion_peek(self->cons, &p, &len, NULL));
}

static int delete_module(const char *name)
{
	return syscall(SYS_delete_module, name, O_NONBLOCK) ? -errno : 0;
}

static int load_module(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc;

	if (fd < 0)
		return -errno;
	rc = syscall(SYS_finit_module, fd, "", 0) ? -errno : 0;
	close(fd);
	return rc;
}

/* Needs module loading left open (nexus.modules=open in test mode). */
TEST(unload_is_refused_while_rings_are_open)
{
	const char *ko = getenv("ION_KO");
	struct ion_ring *p, *c;

	if (!ko)
		SKIP(return, "ION_KO (the path of ion.ko) is not set");
	ASSERT_EQ(0, ion_create(RING, &p, &c));
	EXPECT_EQ(-EWOULDBLOCK, delete_module("ion"));
	ASSERT_EQ(0, ion_send(p, "still", 5, 0));
	ion_close(p);
	EXPECT_EQ(-EWOULDBLOCK, delete_module("ion")) TH_LOG("one end left");
	EXPECT_EQ(5, ion_recv(c, (char[8]){0}, 8, 0));
	ion_close(c);
	ASSERT_EQ(0, delete_module("ion"));
	EXPECT_EQ(-1, access("/dev/ion", F_OK));
	ASSERT_EQ(0, load_module(ko));
	ASSERT_EQ(0, ion_create(RING, &p, &c));
	ion_close(p);
	ion_close(c);
}

TEST_HARNESS_MAIN_SCALED
