/*
 * pledge(1): run a command under promises.
 *
 *   pledge -p PROMISES [--] COMMAND [ARG...]
 *
 * PROMISES become this process's execpromises, so the command runs
 * with them in force from its first instruction; what it executes in
 * turn (given "exec") gets them too.
 */
#include <pledge.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(void)
{
	fputs("usage: pledge -p PROMISES [--] COMMAND [ARG...]\n", stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	const char *promises = NULL;
	int opt;

	while ((opt = getopt(argc, argv, "+p:")) != -1) {
		if (opt == 'p')
			promises = optarg;
		else
			usage();
	}
	if (!promises || optind == argc)
		usage();
	if (pledge(NULL, promises)) {
		fprintf(stderr, "pledge: -p \"%s\": %s\n", promises,
			errno == EINVAL ? "a word that is no promise" :
					  strerror(errno));
		return 1;
	}
	execvp(argv[optind], argv + optind);
	fprintf(stderr, "pledge: %s: %s\n", argv[optind], strerror(errno));
	return errno == ENOENT ? 127 : 126;
}
