/*
 * pledge-bench: what the pledge LSM costs on the paths it hooks, in
 * ns per operation, with no policy, pledged, and pledged with unveils:
 * open + close, stat, and fork + exec + wait. Each measurement runs in
 * its own child (a policy cannot be undone) and is repeated; medians
 * are printed, one line per operation:
 *
 *   OP PLAIN_NS PLEDGED_NS UNVEILED_NS	("-" without the LSM)
 *
 * capd/bench/bench-qemu.sh boots a guest with and without the LSM and
 * puts the two runs in one table. -p 1 measures no policy only (the
 * ftrace profile of capd/bench/profile-qemu.sh), -p 2 adds pledged.
 *   pledge-bench [-r RUNS] [-s SCALE] [-p POLICIES]
 */
#include <pledge.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define FILE_	"/tmp/pledge-bench.file"
#define PROMISES	"stdio rpath proc exec unveil"

static long scale = 1;

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static long op_open(long n)
{
	for (long i = 0; i < n; i++) {
		int fd = open(FILE_, O_RDONLY);

		if (fd < 0)
			return -1;
		close(fd);
	}
	return 0;
}

static long op_stat(long n)
{
	struct stat st;

	for (long i = 0; i < n; i++)
		if (stat(FILE_, &st))
			return -1;
	return 0;
}

static long op_exec(long n)
{
	for (long i = 0; i < n; i++) {
		int status;
		pid_t pid = fork();

		if (pid == 0) {
			execl("/proc/self/exe", "pledge-bench", "--noop",
			      (char *)NULL);
			_exit(127);
		}
		if (pid < 0 || waitpid(pid, &status, 0) != pid ||
		    !WIFEXITED(status) || WEXITSTATUS(status))
			return -1;
	}
	return 0;
}

struct op {
	const char *name;
	long (*run)(long n);
	long count;
};

static const struct op ops[] = {
	{ "open+close", op_open, 20000 },
	{ "stat", op_stat, 20000 },
	{ "fork+exec+wait", op_exec, 200 },
};

enum policy { PLAIN, PLEDGED, UNVEILED, POLICIES };

/* The policy: promises, and for UNVEILED what the loops touch. */
static int apply(enum policy policy)
{
	char self[4096];
	ssize_t n;

	if (policy == UNVEILED) {
		n = readlink("/proc/self/exe", self, sizeof(self) - 1);
		if (n <= 0)
			return -1;
		self[n] = 0;
		if (unveil("/tmp", "r") || unveil(self, "x"))
			return -1;
	}
	return policy == PLAIN ? 0 : pledge(PROMISES, NULL);
}

/*
 * ns per operation of OP in a child under POLICY; -1 when the policy
 * is refused (no LSM) or the operation fails.
 */
static double measure(const struct op *op, enum policy policy)
{
	double *ns = mmap(NULL, sizeof(*ns), PROT_READ | PROT_WRITE,
			  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	long n = op->count / scale;
	double result;
	int status;
	pid_t pid;

	*ns = -1;
	pid = fork();
	if (pid == 0) {
		long long t0;

		if (apply(policy))
			_exit(1);
		op->run(n / 10 + 1);	/* warm the caches */
		t0 = now_ns();
		if (op->run(n))
			_exit(2);
		*ns = (double)(now_ns() - t0) / (double)n;
		_exit(0);
	}
	waitpid(pid, &status, 0);
	result = *ns;
	munmap(ns, sizeof(*ns));
	return result;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char **argv)
{
	int runs = 5, policies = POLICIES, opt, fd;

	if (argc > 1 && !strcmp(argv[1], "--noop"))
		return 0;
	while ((opt = getopt(argc, argv, "r:s:p:")) != -1) {
		if (opt == 'r')
			runs = atoi(optarg);
		else if (opt == 's')
			scale = atol(optarg);
		else if (opt == 'p')
			policies = atoi(optarg);
		else
			goto usage;
	}
	if (runs < 1 || runs > 64 || scale < 1 || policies < 1 ||
	    policies > POLICIES)
		goto usage;
	fd = open(FILE_, O_CREAT | O_WRONLY, 0644);
	if (fd < 0) {
		fprintf(stderr, "pledge-bench: %s: %s\n", FILE_, strerror(errno));
		return 1;
	}
	close(fd);
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		double ns[POLICIES][64];

		/* Round robin, so that drift hits every column alike. */
		for (int r = 0; r < runs; r++)
			for (int p = 0; p < policies; p++)
				ns[p][r] = measure(&ops[i], p);
		printf("%s", ops[i].name);
		for (int p = 0; p < policies; p++) {
			double m = median(ns[p], runs);

			if (p == PLAIN && m < 0) {
				fprintf(stderr, "pledge-bench: %s failed\n",
					ops[i].name);
				return 1;
			}
			/* Any failed run: no LSM (the policy was refused). */
			if (ns[p][0] < 0)
				printf(" -");
			else
				printf(" %.1f", m);
		}
		printf("\n");
	}
	unlink(FILE_);
	return 0;
usage:
	fprintf(stderr, "usage: pledge-bench [-r RUNS] [-s SCALE] [-p POLICIES]\n");
	return 2;
}
