/* nip build: recipes to signed packages in a local repository. */
#define _GNU_SOURCE
#include "build.h"
#include "cmd.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* NAME=VALUE, NAME a variable name no build environment entry uses. */
static int set_valid(const char *s)
{
	static const char *const reserved[] = {
		"PATH", "HOME", "TMPDIR", "SHELL", "TZ", "LC_ALL", "LANG",
		"DESTDIR", "SYSROOT", "SOURCE_DATE_EPOCH", "JOBS", "PKGNAME",
		"PKGVER", NULL};
	size_t n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");

	if (n == 0 || s[n] != '=' || (s[0] >= '0' && s[0] <= '9') ||
	    !strncmp(s, "PKG_CONFIG", 10))
		return 0;
	for (int i = 0; reserved[i]; i++)
		if (strlen(reserved[i]) == n && !strncmp(s, reserved[i], n))
			return 0;
	return 1;
}

int cmd_build(struct ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"all", required_argument, NULL, 'a'},
		{"toolchain", required_argument, NULL, 't'},
		{"logs", required_argument, NULL, 'l'},
		{"keep", no_argument, NULL, 'K'},
		{"rebuild", no_argument, NULL, 'R'},
		{"set", required_argument, NULL, 'S'},
		{"jobs", required_argument, NULL, 'j'},
		{"make-jobs", required_argument, NULL, 'M'},
		{"list", no_argument, NULL, 'L'},
		{NULL, 0, NULL, 0},
	};
	struct build_env e = {0};
	const char *keypath = NULL, *all = NULL;
	char *logs = NULL;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	uint64_t jobs = cpus > 0 ? (uint64_t)cpus : 1, make_jobs = jobs;
	int c, rc = -1, list = 0;

	(void)ctx;
	while ((c = getopt_long(argc, argv, "k:o:j:", longopts, NULL)) != -1) {
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
		else if (c == 'L')
			list = 1;
		else if (c == 'S' && set_valid(optarg))
			strlist_add(&e.sets, optarg);
		else if (c == 'M' && parse_u64(optarg, &make_jobs) == 0 &&
			 make_jobs && make_jobs <= 4096)
			continue;
		else if (c != 'j' || parse_u64(optarg, &jobs) < 0 || !jobs ||
			 jobs > 4096)
			break;
	}
	if (c == -1 && list && all && optind == argc) {
		strlist_free(&e.sets);
		return build_list(all);
	}
	if (c != -1 || list || !keypath || !e.repo ||
	    (all ? optind != argc : optind == argc)) {
		strlist_free(&e.sets);
		return cmd_usage_error("build", c == 'S' ?
			"--set takes NAME=VALUE, NAME in A-Z0-9_ and not one "
			"nip sets itself" : c == 'j' || c == 'M' ?
			"-j and --make-jobs take a number from 1 to 4096" :
			"expected -k KEY -o REPO and recipes, --all DIR, or "
			"--list --all DIR");
	}
	e.jobs = (unsigned)jobs;
	e.make_jobs = (unsigned)make_jobs;
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
