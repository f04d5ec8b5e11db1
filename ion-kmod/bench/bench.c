/*
 * ion-bench: ION rings against the IPC Linux ships, measured in one
 * run between two processes pinned to two CPUs: a pipe, a Unix stream
 * socket, and eventfd + shared memory (the same ring, notified through
 * an eventfd on every message). Each in two modes: spin (the receiver
 * never sleeps) and block (it sleeps in the kernel when there is
 * nothing). Prints a table of medians over the runs; not a test.
 * Three more rows: ION with records committed and released 32 at a
 * time, copying as the others do; the same with the payload written and
 * read in place, as the zero-copy API is meant to be used; and the
 * machine's floor, a bare shared-memory ping-pong of one cache line
 * (latency only).
 *
 *   ion-bench [-b memfd|dev] [-r RUNS] [-s SCALE]
 *
 * -b dev uses /dev/ion (ion.ko), memfd the module-free backend; -s
 * divides the message counts (TCG guests are slow).
 */
#define _GNU_SOURCE
#include <ion.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum kind { ION, ION_BATCH, ION_ZERO, PIPE, UNIX, EVENTFD, FLOOR, KINDS };
static const char *const kind_name[KINDS] = {
	"ION ring",	 "ION ring, batches of 32",
	"ION ring, zero-copy batches of 32", "pipe", "Unix socket",
	"eventfd + shm", "floor: one cache line",
};

#define BATCH 32

struct chan {
	enum kind kind;
	int spin;
	struct ion_ring *prod, *cons;
	int rfd, wfd;		/* pipe, socket: the two ends */
	int efd;		/* eventfd */
	uint64_t credit;	/* eventfd: messages signalled, not yet read */
	unsigned long sent, got;	/* batches: when to commit, release */
	_Atomic unsigned long *line;	/* floor: the one shared word */
};

static int backend_dev;

static void relax(void)
{
#if defined(__x86_64__)
	__builtin_ia32_pause();
#endif
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void die(const char *what, int err)
{
	fprintf(stderr, "ion-bench: %s: %s\n", what, strerror(err));
	exit(1);
}

static void make_ring(struct chan *c)
{
	int err = backend_dev ? ion_create(1 << 20, &c->prod, &c->cons) :
				ion_create_memfd(1 << 20, &c->prod, &c->cons);

	if (err)
		die(backend_dev ? "ion_create (is ion.ko loaded?)" :
				  "ion_create_memfd", -err);
	ion_set_spin(c->prod, 0);
	ion_set_spin(c->cons, 0);
}

static void chan_open(struct chan *c, enum kind kind, int spin)
{
	int fds[2];

	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->spin = spin;
	switch (kind) {
	case ION:
	case ION_BATCH:
	case ION_ZERO:
		make_ring(c);
		return;
	case FLOOR:
		c->line = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (c->line == MAP_FAILED)
			die("mmap", errno);
		return;
	case EVENTFD:
		make_ring(c);
		c->efd = eventfd(0, EFD_CLOEXEC | (spin ? EFD_NONBLOCK : 0));
		if (c->efd < 0)
			die("eventfd", errno);
		return;
	case PIPE:
		if (pipe2(fds, O_CLOEXEC | (spin ? O_NONBLOCK : 0)))
			die("pipe", errno);
		break;
	default:
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC |
						(spin ? SOCK_NONBLOCK : 0),
			       0, fds))
			die("socketpair", errno);
		break;
	}
	c->rfd = fds[0];
	c->wfd = fds[1];
}

static void chan_close(struct chan *c)
{
	if (c->kind == FLOOR) {
		munmap(c->line, 4096);
		return;
	}
	if (c->kind != PIPE && c->kind != UNIX) {
		ion_close(c->prod);
		ion_close(c->cons);
		if (c->kind == EVENTFD)
			close(c->efd);
		return;
	}
	close(c->rfd);
	close(c->wfd);
}

static void fd_write(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno != EAGAIN && errno != EINTR)
			die("write", errno);
		if (n > 0) {
			p += n;
			len -= (size_t)n;
		}
	}
}

static void fd_read(int fd, void *buf, size_t len)
{
	char *p = buf;

	while (len) {
		ssize_t n = read(fd, p, len);

		if (n == 0)
			die("read", EPIPE);
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			die("read", errno);
		if (n > 0) {
			p += n;
			len -= (size_t)n;
		}
	}
}

/* Full or empty: sleep in ion_wait (ION, block mode), or spin. */
static int ring_wait(struct chan *c, struct ion_ring *r, size_t want)
{
	int err = 0;

	if (c->kind != EVENTFD && !c->spin)
		err = ion_wait(r, want, -1);
	else
		relax();
	return err == -EAGAIN ? 0 : err;
}

/* Committed and released 32 records at a time. */
static int batched(enum kind kind)
{
	return kind == ION_BATCH || kind == ION_ZERO;
}

static void ring_put(struct chan *c, const void *buf, size_t len)
{
	void *w;
	int err;

	while ((err = ion_reserve(c->prod, len, 0, &w)) == -EAGAIN)
		if ((err = ring_wait(c, c->prod, len)))
			break;
	if (err)
		die("ion_reserve", -err);
	if (c->kind == ION_ZERO) {
		uint64_t *words = w;

		for (size_t i = 0; i < len / 8; i++)
			words[i] = c->sent + i;
	} else {
		memcpy(w, buf, len);
	}
	if (batched(c->kind) && ++c->sent % BATCH)
		return;
	if ((err = ion_commit(c->prod)))
		die("ion_commit", -err);
}

static void chan_send(struct chan *c, const void *buf, size_t len)
{
	static const uint64_t one = 1;

	switch (c->kind) {
	case ION:
	case ION_BATCH:
	case ION_ZERO:
		ring_put(c, buf, len);
		break;
	case FLOOR:
		atomic_store_explicit(c->line, ++c->sent, memory_order_release);
		break;
	case EVENTFD:
		ring_put(c, buf, len);
		fd_write(c->efd, &one, sizeof(one));
		break;
	default:
		fd_write(c->wfd, buf, len);
	}
}

static void chan_recv(struct chan *c, void *buf, size_t len)
{
	const void *p;
	size_t n;
	int err;

	if (c->kind == PIPE || c->kind == UNIX) {
		fd_read(c->rfd, buf, len);
		return;
	}
	if (c->kind == FLOOR) {
		c->got++;
		while (atomic_load_explicit(c->line, memory_order_acquire) <
		       c->got)
			relax();
		return;
	}
	if (c->kind == EVENTFD && !c->credit)
		fd_read(c->efd, &c->credit, sizeof(c->credit));
	while ((err = ion_peek(c->cons, &p, &n, NULL)) == -EAGAIN)
		if ((err = ring_wait(c, c->cons, 0)))
			break;
	if (err)
		die("ion_peek", -err);
	if (c->kind == ION_ZERO) {
		const uint64_t *words = p;
		uint64_t sum = 0;

		for (size_t i = 0; i < n / 8; i++)
			sum += words[i];
		*(volatile uint64_t *)buf = sum;
	} else {
		memcpy(buf, p, n < len ? n : len);
	}
	if (!batched(c->kind) || ++c->got % BATCH == 0)
		ion_release(c->cons);
	if (c->kind == EVENTFD)
		c->credit--;
}

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

/* Stream COUNT messages of LEN bytes; returns the seconds it took, from
 * the first send to the last receive.
 */
static double stream(enum kind kind, int spin, size_t len, long count)
{
	struct chan c;
	int64_t *end = mmap(NULL, sizeof(*end), PROT_READ | PROT_WRITE,
			    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	char *buf = calloc(1, len);
	int64_t start;
	pid_t pid;

	chan_open(&c, kind, spin);
	pid = fork();
	if (pid == 0) {
		pin(1);
		for (long i = 0; i < count; i++)
			chan_recv(&c, buf, len);
		*end = now_ns();
		_exit(0);
	}
	pin(0);
	start = now_ns();
	for (long i = 0; i < count; i++) {
		buf[0] = (char)i;
		chan_send(&c, buf, len);
	}
	/* The last batch may be short. */
	if (batched(c.kind))
		ion_commit(c.prod);
	waitpid(pid, NULL, 0);
	chan_close(&c);
	free(buf);
	start = *end - start;
	munmap(end, sizeof(*end));
	return (double)start / 1e9;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* One-way latency, half of each round trip over two channels: p50 and
 * p99 in ns.
 */
static void latency(enum kind kind, int spin, long count, double *p50,
		    double *p99)
{
	struct chan there, back;
	int64_t *rtt = calloc((size_t)count, sizeof(*rtt));
	char msg[64] = {0};
	long median_at, p99_at;
	pid_t pid;

	chan_open(&there, kind, spin);
	chan_open(&back, kind, spin);
	pid = fork();
	if (pid == 0) {
		pin(1);
		for (long i = 0; i < count + 100; i++) {
			chan_recv(&there, msg, sizeof(msg));
			chan_send(&back, msg, sizeof(msg));
		}
		_exit(0);
	}
	pin(0);
	for (long i = 0; i < count + 100; i++) {
		int64_t t0 = now_ns();

		chan_send(&there, msg, sizeof(msg));
		chan_recv(&back, msg, sizeof(msg));
		if (i >= 100)	/* warm-up */
			rtt[i - 100] = now_ns() - t0;
	}
	waitpid(pid, NULL, 0);
	chan_close(&there);
	chan_close(&back);
	qsort(rtt, (size_t)count, sizeof(*rtt), cmp_i64);
	median_at = count / 2;
	p99_at = count * 99 / 100;
	*p50 = (double)rtt[median_at] / 2;
	*p99 = (double)rtt[p99_at] / 2;
	free(rtt);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

struct result {
	double msgs, gbs, p50, p99;
};

static void measure(enum kind kind, int spin, int runs, long scale,
		    struct result *res)
{
	double msgs[16] = {0}, gbs[16] = {0}, p50[16] = {0}, p99[16] = {0};
	long small = 2000000 / scale, big = 400000 / scale;
	long lat = (spin ? 200000 : 20000) / scale;

	for (int r = 0; r < runs; r++) {
		/* A batch waits for 31 more messages: no latency to speak
		 * of; the floor moves no data.
		 */
		msgs[r] = gbs[r] = p50[r] = p99[r] = NAN;
		if (kind != FLOOR) {
			msgs[r] = (double)small / stream(kind, spin, 64, small);
			gbs[r] = (double)big * 4096 / 1e9 /
				 stream(kind, spin, 4096, big);
		}
		if (!batched(kind))
			latency(kind, spin, lat, &p50[r], &p99[r]);
	}
	res->msgs = median(msgs, runs);
	res->gbs = median(gbs, runs);
	res->p50 = median(p50, runs);
	res->p99 = median(p99, runs);
}

/* A table cell: V with DECIMALS decimals and UNIT, or "-" for none. */
static const char *fmt(double v, int decimals, const char *unit)
{
	static char cells[8][32];
	static int next;
	char *cell = cells[next++ % 8];

	if (isnan(v))
		return "-";
	snprintf(cell, sizeof(cells[0]), "%.*f%s", decimals, v, unit);
	return cell;
}

int main(int argc, char **argv)
{
	struct result res[2][KINDS];
	int runs = 3, opt;
	long scale = 1;

	while ((opt = getopt(argc, argv, "b:r:s:")) != -1) {
		if (opt == 'b')
			backend_dev = !strcmp(optarg, "dev");
		else if (opt == 'r')
			runs = atoi(optarg);
		else if (opt == 's')
			scale = atol(optarg);
		else
			goto usage;
	}
	if (runs < 1 || runs > 16 || scale < 1)
		goto usage;
	for (int spin = 1; spin >= 0; spin--)
		for (int k = 0; k < KINDS; k++)
			if (spin || k != FLOOR)	/* the floor only spins */
				measure(k, spin, runs, scale, &res[spin][k]);
	printf("ION rings (%s backend) against Linux IPC: medians of %d runs,"
	       " 2 processes on 2 CPUs\n\n",
	       backend_dev ? "ion.ko" : "memfd", runs);
	printf("| mode | mechanism | 64 B msg/s | x pipe | 4 KiB GB/s | x pipe"
	       " | one-way p50 ns | p99 ns |\n");
	printf("|---|---|---|---|---|---|---|---|\n");
	for (int spin = 1; spin >= 0; spin--)
		for (int k = 0; k < KINDS; k++) {
			struct result *r = &res[spin][k], *p = &res[spin][PIPE];

			if (!spin && k == FLOOR)
				continue;
			printf("| %s | %s | %s | %s | %s | %s | %s | %s |\n",
			       spin ? "spin" : "block", kind_name[k],
			       fmt(r->msgs / 1e6, 2, " M"),
			       fmt(r->msgs / p->msgs, 1, ""),
			       fmt(r->gbs, 2, ""), fmt(r->gbs / p->gbs, 1, ""),
			       fmt(r->p50, 0, ""), fmt(r->p99, 0, ""));
		}
	return 0;
usage:
	fprintf(stderr, "usage: ion-bench [-b memfd|dev] [-r RUNS] [-s SCALE]\n");
	return 2;
}
