/*
 * pledge(1): run a command under promises, and with only some paths
 * visible.
 *
 *   pledge -p PROMISES [-v RIGHTS:PATH]... [--] COMMAND [ARG...]
 *
 * PROMISES become this process's execpromises, so the command runs
 * with them in force from its first instruction; what it executes in
 * turn (given "exec") gets them too. Each -v unveils PATH with RIGHTS
 * (r, w, x, c; "" hides it); the command's own file is unveiled "x" so
 * that it can be started, and the set is locked before it starts.
 */
#include <pledge.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_UNVEILS	128

static void usage(void)
{
	fputs("usage: pledge -p PROMISES [-v RIGHTS:PATH]... [--] COMMAND [ARG...]\n",
	      stderr);
	exit(2);
}

/* COMMAND as execvp(3) would find it, into BUF; NULL when it is not. */
static const char *find_command(const char *cmd, char *buf, size_t size)
{
	const char *path = getenv("PATH"), *p;

	if (strchr(cmd, '/'))
		return cmd;
	for (p = path ? path : "/usr/bin:/bin"; *p;) {
		size_t len = strcspn(p, ":");

		if (snprintf(buf, size, "%.*s/%s", (int)len, p, cmd) <
			    (int)size &&
		    access(buf, X_OK) == 0)
			return buf;
		p += len;
		if (*p)
			p++;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	const char *promises = NULL, *unveils[MAX_UNVEILS], *cmd;
	char found[PATH_MAX];
	int opt, n = 0;

	while ((opt = getopt(argc, argv, "+p:v:")) != -1) {
		if (opt == 'p') {
			promises = optarg;
		} else if (opt == 'v' && strchr(optarg, ':') && n < MAX_UNVEILS) {
			unveils[n++] = optarg;
		} else if (opt == 'v') {
			fprintf(stderr, "pledge: -v \"%s\": %s\n", optarg,
				n < MAX_UNVEILS ? "not RIGHTS:PATH" :
						  "too many");
			return 2;
		} else {
			usage();
		}
	}
	if (!promises || optind == argc)
		usage();
	cmd = find_command(argv[optind], found, sizeof(found));
	if (!cmd) {
		fprintf(stderr, "pledge: %s: not found\n", argv[optind]);
		return 127;
	}
	for (int i = 0; i < n; i++) {
		const char *path = strchr(unveils[i], ':') + 1;
		char rights[8];
		size_t len = (size_t)(path - 1 - unveils[i]);

		/* Longer than "rwxc" is wrong: let unveil() say so. */
		if (len >= sizeof(rights))
			len = sizeof(rights) - 1;
		memcpy(rights, unveils[i], len);
		rights[len] = '\0';
		if (unveil(path, rights)) {
			fprintf(stderr, "pledge: -v \"%s\": %s\n", unveils[i],
				errno == EINVAL ? "rights are some of rwxc" :
				errno == ENOSYS ? "this kernel has no pledge LSM" :
						  strerror(errno));
			return 1;
		}
	}
	if (n && (unveil(cmd, "x") || unveil(NULL, NULL))) {
		fprintf(stderr, "pledge: unveiling %s: %s\n", cmd,
			strerror(errno));
		return 1;
	}
	if (pledge(NULL, promises)) {
		fprintf(stderr, "pledge: -p \"%s\": %s\n", promises,
			errno == EINVAL ? "a word that is no promise" :
			errno == ENOSYS ? "this kernel has no pledge LSM" :
					  strerror(errno));
		return 1;
	}
	execv(cmd, argv + optind);
	fprintf(stderr, "pledge: %s: %s\n", cmd, strerror(errno));
	return errno == ENOENT ? 127 : 126;
}
