/*
 * kstress: throw random, malformed and legal uses at the kernel code of
 * ours (ION's /dev/ion and ring files, the pledge LSM's prctls) from
 * many processes at once, for a fixed time. It checks nothing itself
 * beyond its own survival: the kernel's checkers (KASAN, lockdep, on
 * the virt-debug kernel) and dmesg judge, and the legal tests that run
 * after it (tests/suites/kstress) prove the code still answers right.
 *
 *   kstress SECONDS WORKERS SEED
 *
 * Built static on the host (tests/fuzz-kernel.sh) and run in the guest
 * as root; the workers become user 65534.
 * Prints one line of counts at the end; exit 0 unless it could not run.
 */
#define _GNU_SOURCE
#include <linux/ion.h>
#include <linux/pledge.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define FDS_MAX		16
#define MAPS_MAX	16
#define KIDS_MAX	4

struct counts {
	unsigned long ion, maps, forks, pledges, killed;
};

static uint64_t rng_state;

/* xorshift64*: reproducible from the seed, cheap. */
static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

static unsigned pick(unsigned n)
{
	return (unsigned)(rnd() % n);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A worker's descriptors: rings, /dev/ion, whatever it dup'ed. */
static int fds[FDS_MAX];
static struct {
	void *addr;
	size_t len;
} maps[MAPS_MAX];

/*
 * One of the worker's own descriptors, or one that is none: never the
 * console's 0, 1 and 2, whose random ioctls would garble the TAP.
 */
static int some_fd(void)
{
	static const int none[] = {-1, -9, 1000, 4095};

	return pick(8) ? fds[pick(FDS_MAX)] : none[pick(4)];
}

/* Close FD and forget it wherever the table holds it. */
static void drop_fd(int fd)
{
	for (unsigned i = 0; i < FDS_MAX; i++)
		if (fds[i] == fd) {
			close(fd);
			fds[i] = -1;
		}
}

static void keep_fd(int fd)
{
	unsigned i = pick(FDS_MAX);

	if (fds[i] >= 0)
		close(fds[i]);
	fds[i] = fd;
}

static uint64_t some_size(void)
{
	static const uint64_t sizes[] = {
		0, 1, 4095, 4096, 8192, 12288, 65536, 1 << 20,
		ION_MAX_SIZE, (uint64_t)ION_MAX_SIZE * 2, UINT64_MAX,
		(uint64_t)1 << 63,
	};

	return pick(4) ? sizes[pick(8)] : pick(2) ? sizes[pick(12)] : rnd();
}

/* An argument for an ioctl: a good buffer, junk, or no memory at all. */
static void *some_arg(void *buf, size_t len)
{
	switch (pick(6)) {
	case 0:
		return NULL;
	case 1:
		return (void *)1;
	case 2:
		return (void *)0xffff888000000000UL;	/* kernel memory */
	default:
		for (size_t i = 0; i < len; i++)
			((unsigned char *)buf)[i] = (unsigned char)rnd();
		return buf;
	}
}

static void ion_op(struct counts *c)
{
	union {
		struct ion_create create;
		struct ion_info info;
		struct ion_wait wait;
		unsigned char raw[256];
	} u;
	int fd = some_fd();

	c->ion++;
	memset(&u, 0, sizeof(u));
	switch (pick(7)) {
	case 0: {	/* create, mostly well formed */
		int dev = open("/dev/ion", O_RDWR | O_CLOEXEC);

		if (dev < 0)
			return;
		u.create.size = some_size();
		u.create.flags = pick(8) ? 0 : (uint32_t)rnd();
		u.create.resv = pick(8) ? 0 : (uint32_t)rnd();
		if (ioctl(dev, ION_IOC_CREATE, &u.create) == 0) {
			keep_fd(u.create.producer_fd);
			keep_fd(u.create.consumer_fd);
		}
		if (pick(2))
			keep_fd(dev);
		else
			close(dev);
		break;
	}
	case 1:
		ioctl(fd, ION_IOC_INFO, some_arg(&u, sizeof(u.info)));
		break;
	case 2:
		u.wait.timeout_ns = (int64_t)pick(1000000);
		u.wait.want = pick(2) ? (uint32_t)pick(8192) : (uint32_t)rnd();
		u.wait.flags = pick(8) ? 0 : (uint32_t)rnd();
		ioctl(fd, ION_IOC_WAIT, pick(6) ? (void *)&u : some_arg(&u, 16));
		break;
	case 3:
		ioctl(fd, ION_IOC_WAKE, 0);
		break;
	case 4:	/* ION's magic, any number, size and direction */
		ioctl(fd, _IOC(pick(4), ION_IOC_MAGIC, pick(16), pick(256)),
		      some_arg(&u, sizeof(u)));
		break;
	case 5:	/* any command at all */
		ioctl(fd, (unsigned long)(uint32_t)rnd(), some_arg(&u, sizeof(u)));
		break;
	default: {
		if (pick(2))
			keep_fd(dup(fd));
		else if (fd >= 0 && pick(4) == 0)
			drop_fd(fd);
	}
	}
}

static void map_op(struct counts *c)
{
	struct ion_info info;
	unsigned i = pick(MAPS_MAX);
	int fd = some_fd();
	uint64_t off;
	size_t len;
	int prot;

	c->maps++;
	if (maps[i].addr) {
		munmap(maps[i].addr, maps[i].len);
		maps[i].addr = NULL;
	}
	memset(&info, 0, sizeof(info));
	if (ioctl(fd, ION_IOC_INFO, &info) < 0)
		info.off.page_size = 4096;
	switch (pick(5)) {
	case 0:
		off = info.off.producer_off;
		break;
	case 1:
		off = info.off.consumer_off;
		break;
	case 2:
		off = info.off.status_off;
		break;
	case 3:
		off = info.off.data_off;
		break;
	default:
		off = pick(2) ? (uint64_t)pick(64) * 4096 : rnd() & ~4095ULL;
	}
	len = pick(2) ? info.off.page_size :
	      pick(2) ? (size_t)(2 * info.off.size) : (size_t)(pick(64) + 1) * 4096;
	if (len == 0 || len > ((size_t)1 << 31))
		len = 4096;
	prot = (int[]){PROT_READ, PROT_READ | PROT_WRITE, PROT_READ | PROT_EXEC,
		       PROT_WRITE}[pick(4)];
	maps[i].addr = mmap(NULL, len, prot, pick(8) ? MAP_SHARED : MAP_PRIVATE,
			    fd, (off_t)off);
	if (maps[i].addr == MAP_FAILED) {
		maps[i].addr = NULL;
		return;
	}
	maps[i].len = len;
	if (prot & PROT_WRITE)
		((volatile unsigned char *)maps[i].addr)[pick(4096) % len] =
			(unsigned char)rnd();
	else if (prot & PROT_READ)
		(void)((volatile unsigned char *)maps[i].addr)[pick(4096) % len];
	if (fd >= 0 && pick(4) == 0)	/* close the ring under its mapping */
		drop_fd(fd);
}

static const char *some_promises(void)
{
	static const char *const words[] = {
		"stdio", "rpath", "wpath", "cpath", "dpath", "tmppath", "inet",
		"mcast", "unix", "dns", "getpw", "proc", "exec", "prot_exec",
		"fattr", "chown", "flock", "tty", "sendfd", "recvfd", "id",
		"settime", "unveil", "drm", "evdev", "error", "bogus", "",
		"stdio stdio", "\t", "STDIO",
	};
	static char buf[8192];
	size_t len = 0;

	if (pick(10) == 0)
		return NULL;
	if (pick(20) == 0) {	/* longer than any page */
		memset(buf, 'a' + (int)pick(26), sizeof(buf) - 1);
		buf[sizeof(buf) - 1] = '\0';
		return buf;
	}
	buf[0] = '\0';
	for (unsigned n = pick(6); n; n--)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s",
					len ? " " : "",
					words[pick(sizeof(words) /
						   sizeof(words[0]))]);
	return buf;
}

static const char *some_path(void)
{
	static const char *const paths[] = {
		"/", "/etc", "/etc/hostname", "/nonexistent/x", "..", ".",
		"/proc/self/root", "/tmp", "relative", "", "/dev/ion",
		"//etc//", "/etc/../root", "/run/test", "/proc/self/fd/0",
		"/sys/kernel", "/tmp/kstress-link",
	};
	static char buf[8192];

	if (pick(10) == 0)
		return NULL;
	if (pick(30) == 0) {
		memset(buf, '/', sizeof(buf) - 1);
		buf[sizeof(buf) - 1] = '\0';
		return buf;
	}
	return paths[pick(sizeof(paths) / sizeof(paths[0]))];
}

static const char *some_rights(void)
{
	static const char *const rights[] = {
		"", "r", "rw", "rwxc", "x", "c", "z", "rrrrrrrrrrrr", "wc",
	};

	return pick(10) ? rights[pick(9)] : NULL;
}

/* In a child: promises and unveils in any order, then some syscalls. */
static void pledge_child(void)
{
	for (unsigned n = pick(6) + 1; n; n--) {
		if (pick(2))
			prctl(PR_NEXUS_PLEDGE, some_promises(), some_promises(),
			      0, 0);
		else
			prctl(PR_NEXUS_UNVEIL, some_path(), some_rights(), 0, 0);
	}
	for (unsigned n = pick(6); n; n--) {
		struct stat st;
		const char *path = some_path();
		int fd;

		switch (pick(6)) {
		case 0:
			fd = open(path ? path : "/", O_RDONLY | O_CLOEXEC);
			if (fd >= 0)
				close(fd);
			break;
		case 1:
			stat(path ? path : "/", &st);
			break;
		case 2:
			fd = socket(pick(2) ? AF_INET : AF_UNIX, SOCK_STREAM, 0);
			if (fd >= 0)
				close(fd);
			break;
		case 3:
			fd = open("/dev/ion", O_RDWR | O_CLOEXEC);
			if (fd >= 0)
				close(fd);
			break;
		case 4:
			mkdir("/tmp/kstress-dir", 0700);
			rmdir("/tmp/kstress-dir");
			break;
		default:
			execl("/bin/true", "true", (char *)NULL);
		}
	}
	_exit(0);
}

static void on_alarm(int sig)
{
	(void)sig;
}

/*
 * A random ion_wait (or any command that lands on ION_IOC_WAIT) may ask
 * to sleep for ever: a signal every 100 ms, without SA_RESTART, ends
 * such a wait with EINTR. fork() clears timers, so each child sets its
 * own.
 */
static void interrupt_waits(void)
{
	struct sigaction sa = {.sa_handler = on_alarm};
	struct itimerval every = {{0, 100000}, {0, 100000}};

	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &every, NULL);
}

/* Wait for every child of this worker. */
static void reap(struct counts *c)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, 0)) > 0 || errno == EINTR)
		if (pid > 0 && WIFSIGNALED(status))
			c->killed++;
}

static void worker(double end, unsigned id, uint64_t seed, int out)
{
	struct counts c = {0};
	unsigned kids = 0;

	rng_state = seed * 0x9E3779B97F4A7C15ULL + id + 1;
	/* As the attacker is: an ordinary user, whose rings count against
	 * its RLIMIT_MEMLOCK (root's CAP_IPC_LOCK could take the machine).
	 */
	if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
	    setresuid(65534, 65534, 65534))
		_exit(1);
	interrupt_waits();
	for (unsigned i = 0; i < FDS_MAX; i++)
		fds[i] = -1;
	while (now() < end) {
		unsigned what = pick(100);

		if (what < 45) {
			ion_op(&c);
		} else if (what < 70) {
			map_op(&c);
		} else if (what < 80) {
			/* a forked child takes the rings along, then dies */
			pid_t pid = fork();

			if (pid == 0) {
				interrupt_waits();
				for (unsigned n = pick(20); n; n--)
					ion_op(&c);
				_exit(0);
			}
			if (pid > 0) {
				c.forks++;
				kids++;
			}
		} else {
			pid_t pid = fork();

			if (pid == 0) {
				interrupt_waits();
				pledge_child();
			}
			if (pid > 0) {
				c.pledges++;
				kids++;
			}
		}
		if (kids >= KIDS_MAX) {
			reap(&c);
			kids = 0;
		}
	}
	reap(&c);
	if (write(out, &c, sizeof(c)) != (ssize_t)sizeof(c))
		_exit(1);
	_exit(0);
}

int main(int argc, char **argv)
{
	struct counts total = {0}, c;
	unsigned workers, failed = 0;
	int status;
	double end;
	int pipefd[2];

	if (argc != 4) {
		fprintf(stderr, "usage: kstress SECONDS WORKERS SEED\n");
		return 2;
	}
	end = now() + atof(argv[1]);
	workers = (unsigned)atoi(argv[2]);
	if (pipe(pipefd) < 0) {
		perror("kstress: pipe");
		return 1;
	}
	symlink("/etc", "/tmp/kstress-link");
	for (unsigned i = 0; i < workers; i++) {
		pid_t pid = fork();

		if (pid == 0) {
			close(pipefd[0]);
			worker(end, i, strtoull(argv[3], NULL, 0), pipefd[1]);
		}
		if (pid < 0) {
			perror("kstress: fork");
			return 1;
		}
	}
	close(pipefd[1]);
	while (read(pipefd[0], &c, sizeof(c)) == (ssize_t)sizeof(c)) {
		total.ion += c.ion;
		total.maps += c.maps;
		total.forks += c.forks;
		total.pledges += c.pledges;
		total.killed += c.killed;
	}
	while (wait(&status) > 0)
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			failed++;
	printf("kstress: %u workers, %s s: %lu ion calls, %lu mmaps, %lu "
	       "forks, %lu pledge/unveil children (%lu killed by a signal)\n",
	       workers, argv[1], total.ion, total.maps, total.forks,
	       total.pledges, total.killed);
	if (failed)
		fprintf(stderr, "kstress: %u workers failed\n", failed);
	return failed ? 1 : 0;
}
