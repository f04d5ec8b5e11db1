/*
 * nip: the Nexus package manager.
 *
 *   nip [--root DIR] [--repo URL]... [-q] [--json] COMMAND [ARGS]
 *
 * Errors travel up as -1 with a message; main prints it once and exits
 * with the code nip(8) documents.
 */
#include "cmd.h"
#include "fsops.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NIP_VERSION "0.1.0"

int main(int argc, char **argv)
{
	struct ctx ctx = {.root = "/"};
	int i, rc;

	if (sodium_init() < 0) {
		fputs("nip: cannot initialise libsodium\n", stderr);
		return NIP_EXIT_FAIL;
	}
	fs_fault_init();
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--root") && i + 1 < argc) {
			ctx.root = argv[++i];
		} else if (!strcmp(argv[i], "--keys-dir") && i + 1 < argc) {
			ctx.keys_dir = argv[++i];
		} else if (!strcmp(argv[i], "--repo") && i + 1 < argc) {
			strlist_add(&ctx.repos, argv[++i]);
		} else if (!strcmp(argv[i], "-q") ||
			   !strcmp(argv[i], "--quiet")) {
			nip_quiet = 1;
		} else if (!strcmp(argv[i], "--json")) {
			ctx.json = 1;
		} else if (!strcmp(argv[i], "-h") ||
			   !strcmp(argv[i], "--help")) {
			nip_usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "--version")) {
			puts("nip " NIP_VERSION);
			return 0;
		} else {
			fprintf(stderr, "nip: unknown option %s\n", argv[i]);
			nip_usage(stderr);
			return NIP_EXIT_USAGE;
		}
	}
	if (i == argc) {
		nip_usage(stderr);
		return NIP_EXIT_USAGE;
	}
	for (const struct command *c = commands; c->name; c++) {
		if (strcmp(c->name, argv[i]) != 0)
			continue;
		if (cmd_wants_help(argc - i, argv + i, c->name))
			return 0;
		rc = c->run(&ctx, argc - i, argv + i);
		if (rc < 0) {
			fprintf(stderr, "nip: %s\n", fail_message());
			rc = fail_exit_code();
		}
		strlist_free(&ctx.repos);
		return rc;
	}
	fprintf(stderr, "nip: unknown command '%s'\n", argv[i]);
	nip_usage(stderr);
	return NIP_EXIT_USAGE;
}
