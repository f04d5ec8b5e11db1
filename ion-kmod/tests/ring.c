/*
 * The ring's data path on the host, over the memfd backend: the code
 * ion.ko's rings run too. Ordering, wrap-around, full and empty,
 * batches, roles, a peer that goes, a hostile peer's indices, timeouts,
 * and a million messages between two processes with a checksum.
 */
#define _GNU_SOURCE
#include "ring.h"
#include "tap.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static struct ion_ring *prod, *cons;

static int fresh(size_t size)
{
	ion_close(prod);
	ion_close(cons);
	prod = cons = NULL;
	return ion_create_memfd(size, &prod, &cons);
}

static void fill(unsigned char *p, size_t len, unsigned seed)
{
	for (size_t i = 0; i < len; i++)
		p[i] = (unsigned char)(seed * 31 + i);
}

static int check(const unsigned char *p, size_t len, unsigned seed)
{
	for (size_t i = 0; i < len; i++)
		if (p[i] != (unsigned char)(seed * 31 + i))
			return 0;
	return 1;
}

static void test_sizes(void)
{
	size_t bad[] = {0, 1000, 4096 * 3, (size_t)ION_MAX_SIZE * 2};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok(fresh(bad[i]) == -EINVAL, "size %zu is refused (EINVAL)",
		   bad[i]);
	ok(fresh(4096) == 0, "a one-page ring is made");
	ok(ion_size(prod) == 4096 && ion_max_payload(prod) == 4088,
	   "its size and largest payload");
	ok(ion_role(prod) == ION_ROLE_PRODUCER &&
		   ion_role(cons) == ION_ROLE_CONSUMER,
	   "each end knows its role");
}

static void test_empty_and_roles(void)
{
	const void *p;
	void *w;
	size_t len;

	fresh(4096);
	ok(ion_peek(cons, &p, &len, NULL) == -EAGAIN, "empty: peek is EAGAIN");
	ok(ion_release(cons) == 0, "empty: release does nothing");
	ok(ion_reserve(cons, 8, 0, &w) == -EBADF,
	   "the consumer cannot reserve (EBADF)");
	ok(ion_peek(prod, &p, &len, NULL) == -EBADF,
	   "the producer cannot peek (EBADF)");
	ok(ion_reserve(prod, 4089, 0, &w) == -EMSGSIZE,
	   "a record larger than the ring is EMSGSIZE");
}

static void test_order_and_wrap(void)
{
	unsigned char buf[1500];
	int order = 1, wrapped = 0;
	size_t sent = 0;

	fresh(4096);
	/* Sizes that don't divide the ring: records straddle its end. */
	for (unsigned i = 0; i < 300; i++) {
		size_t len = 1 + (i * 337) % 1400;
		ssize_t n;

		fill(buf, len, i);
		if (ion_send(prod, buf, len, ION_NONBLOCK)) {
			order = 0;
			break;
		}
		if ((sent & 4095) + ion_record_bytes(len) > 4096)
			wrapped++;
		sent += ion_record_bytes(len);
		memset(buf, 0, sizeof(buf));
		n = ion_recv(cons, buf, sizeof(buf), ION_NONBLOCK);
		if (n != (ssize_t)len || !check(buf, len, i)) {
			order = 0;
			break;
		}
	}
	ok(order, "300 records of mixed sizes come out whole and in order");
	ok(wrapped > 50, "%d of them straddled the end of the ring", wrapped);
}

static void test_full_and_batches(void)
{
	const void *p;
	void *w;
	size_t len, n = 0;
	uint32_t type;

	fresh(4096);
	while (ion_reserve(prod, 56, (uint32_t)n, &w) == 0)
		n++;
	ok(n == 4096 / 64, "a 4 KiB ring holds 64 records of 64 bytes (%zu)",
	   n);
	ok(ion_reserve(prod, 56, 0, &w) == -EAGAIN, "full: reserve is EAGAIN");
	ok(ion_peek(cons, &p, &len, NULL) == -EAGAIN,
	   "nothing is seen before the batch is committed");
	ok(ion_commit(prod) == 0, "the batch is committed at once");
	n = 0;
	while (ion_peek(cons, &p, &len, &type) == 0 && type == n && len == 56)
		n++;
	ok(n == 64, "the consumer peeks all 64, in order, in place");
	ok(ion_reserve(prod, 56, 0, &w) == -EAGAIN,
	   "peeked but not released: still full");
	ok(ion_release(cons) == 0 && ion_reserve(prod, 56, 0, &w) == 0,
	   "one release gives the whole batch back");
	ok(ion_recv(cons, (char[8]){0}, 8, ION_NONBLOCK) == -EAGAIN,
	   "reserved, uncommitted: not there");
	ion_commit(prod);
	ok(ion_recv(cons, (char[8]){0}, 8, ION_NONBLOCK) == -EMSGSIZE,
	   "a buffer too small for the record is EMSGSIZE");
	ok(ion_recv(cons, (char[64]){0}, 64, ION_NONBLOCK) == 56,
	   "and the record is still there for a larger one");
}

static void test_peer_gone(void)
{
	char buf[16];
	void *w;

	fresh(4096);
	ion_send(prod, "last", 4, 0);
	ion_close(prod);
	prod = NULL;
	ok(ion_recv(cons, buf, sizeof(buf), 0) == 4,
	   "the producer went: what it committed is still read");
	ok(ion_recv(cons, buf, sizeof(buf), 0) == -EPIPE,
	   "then EPIPE, without blocking");
	ok(ion_wait(cons, 0, -1) == 0, "waiting on a gone producer returns");
	fresh(4096);
	ion_close(cons);
	cons = NULL;
	ok(ion_reserve(prod, 8, 0, &w) == -EPIPE,
	   "the consumer went: reserve is EPIPE");
}

static void test_hostile_indices(void)
{
	const void *p;
	void *w;
	size_t len;

	fresh(4096);
	ion_send(prod, "x", 1, 0);
	atomic_store(prod->tail, 1u << 20);
	ok(ion_peek(cons, &p, &len, NULL) == -EBADMSG,
	   "a tail far beyond the head is EBADMSG");
	atomic_store(prod->tail, 12);
	ok(ion_peek(cons, &p, &len, NULL) == -EBADMSG,
	   "a misaligned tail is EBADMSG");
	fresh(4096);
	ion_reserve(prod, 8, 0, &w);
	((struct ion_record *)w)[-1].len = 4000;
	ion_commit(prod);
	ok(ion_peek(cons, &p, &len, NULL) == -EBADMSG,
	   "a record longer than what was committed is EBADMSG");
	fresh(4096);
	atomic_store(cons->head, 4096);
	while (ion_reserve(prod, 8, 0, &w) == 0)
		;
	ok(ion_reserve(prod, 8, 0, &w) == -EBADMSG,
	   "a head beyond the tail is EBADMSG for the producer");
}

static void test_timeout(void)
{
	struct timespec a, b;
	long ms;
	int err;

	fresh(4096);
	ion_set_spin(cons, 0);
	clock_gettime(CLOCK_MONOTONIC, &a);
	err = ion_wait(cons, 0, 20 * 1000000);
	clock_gettime(CLOCK_MONOTONIC, &b);
	ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
	ok(err == -ETIMEDOUT && ms >= 20,
	   "an empty ring's wait times out after 20 ms (%ld ms)", ms);
	ok(atomic_load(cons->wait) == 0,
	   "and leaves the wait word clear behind it");
}

/* The consumer process: every sequence number once, in order, and the
 * sum of the payloads.
 */
static int consume(int sock, unsigned long count, unsigned int spin)
{
	struct ion_ring *r;
	unsigned long seq = 0;
	uint64_t sum = 0, words[8];
	ssize_t n;

	if (ion_recv_ring(sock, &r))
		return 2;
	ion_set_spin(r, spin);
	while ((n = ion_recv(r, words, sizeof(words), 0)) > 0) {
		if (words[0] != seq++)
			return 3;
		for (size_t i = 1; i < (size_t)n / 8; i++)
			sum += words[i];
	}
	if (n != -EPIPE || seq != count)
		return 4;
	return write(sock, &sum, sizeof(sum)) == sizeof(sum) ? 0 : 5;
}

static void test_two_processes(unsigned long count, size_t size,
			       unsigned int spin, const char *what)
{
	int sv[2], status, sent_ok = 1;
	uint64_t sum = 0, theirs = 0, words[8];
	pid_t pid;

	fresh(size);
	socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv);
	pid = fork();
	if (pid == 0) {
		alarm(120);
		_exit(consume(sv[1], count, spin));
	}
	ion_send_ring(sv[0], cons);
	ion_close(cons);
	cons = NULL;
	ion_set_spin(prod, spin);
	for (unsigned long i = 0; i < count && sent_ok; i++) {
		size_t n = 2 + i % 7;

		words[0] = i;
		for (size_t k = 1; k < n; k++)
			sum += words[k] = i * 2654435761u + k;
		sent_ok = ion_send(prod, words, n * 8, 0) == 0;
	}
	ion_close(prod);
	prod = NULL;
	if (read(sv[0], &theirs, sizeof(theirs)) != sizeof(theirs))
		theirs = ~sum;
	waitpid(pid, &status, 0);
	ok(sent_ok && WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
		   theirs == sum,
	   "%s: %lu messages across processes, in sequence, checksum equal",
	   what, count);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		printf("#   consumer: %s %d\n",
		       WIFEXITED(status) ? "exit" : "signal",
		       WIFEXITED(status) ? WEXITSTATUS(status) :
					   WTERMSIG(status));
	close(sv[0]);
	close(sv[1]);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	test_sizes();
	test_empty_and_roles();
	test_order_and_wrap();
	test_full_and_batches();
	test_peer_gone();
	test_hostile_indices();
	test_timeout();
	test_two_processes(1000000, 1 << 16, 20000, "spinning");
	/* A tiny ring and no spinning: both sides sleep over and over. */
	test_two_processes(200000, 4096, 0, "sleeping");
	fresh(4096);
	ion_close(prod);
	ion_close(cons);
	return done_testing();
}
