/* nip build: recipes to signed packages in a local repository. */
#define _GNU_SOURCE
#include "build.h"
#include "cmd.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cmd_build(struct ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"all", required_argument, NULL, 'a'},
		{"toolchain", required_argument, NULL, 't'},
		{"logs", required_argument, NULL, 'l'},
		{"keep", no_argument, NULL, 'K'},
		{"rebuild", no_argument, NULL, 'R'},
		{"jobs", required_argument, NULL, 'j'},
		{NULL, 0, NULL, 0},
	};
	struct build_env e = {0};
	const char *keypath = NULL, *all = NULL;
	char *logs = NULL;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	uint64_t jobs = cpus > 0 ? (uint64_t)cpus : 1;
	int c, rc = -1;

	(void)ctx;
	while ((c = getopt_long(argc, argv, "k:o:", longopts, NULL)) != -1) {
		if (c == 'k')
			keypath = optarg;
		else if (c == 'o')
			e.repo = optarg;
		else if (c == 'a')
			all = optarg;
		else if (c == 't')
			e.toolchain = optarg;
		else if (c == 'l')
			e.logdir = optarg;
		else if (c == 'K')
			e.keep = 1;
		else if (c == 'R')
			e.rebuild = 1;
		else if (c != 'j' || parse_u64(optarg, &jobs) < 0 || !jobs)
			return cmd_usage_error("build", "bad option");
	}
	if (!keypath || !e.repo || (all ? optind != argc : optind == argc))
		return cmd_usage_error("build", "expected -k KEY -o REPO and "
						"recipes, or --all DIR");
	e.jobs = (unsigned)jobs;
	if (!e.logdir)
		e.logdir = logs = xasprintf("%s/logs", e.repo);
	if (build_env_open(&e, keypath) < 0)
		goto out;
	if (all) {
		rc = build_all(&e, all);
	} else {
		rc = 0;
		for (int i = optind; i < argc && rc == 0; i++) {
			enum build_result res;

			rc = build_recipe(&e, argv[i], &res);
		}
	}
out:
	build_env_close(&e);
	free(logs);
	return rc;
}
