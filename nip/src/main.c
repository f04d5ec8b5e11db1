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
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NIP_VERSION "0.1.0"

const struct command commands[] = {
	{"key", cmd_key, "key generate NAME",
	 "Write a new Ed25519 key pair: NAME.key (secret, mode 0600) and "
	 "NAME.pub, in minisign's format."},
	{"sign", cmd_sign, "sign -k KEY [-t COMMENT] FILE",
	 "Write FILE.minisig, a minisign signature of FILE."},
	{"verify", cmd_verify, "verify -p PUBKEY FILE",
	 "Check FILE.minisig against PUBKEY (minisign format)."},
	{"pack", cmd_pack, "pack -k KEY -o OUTDIR META.npk.yaml STAGEDIR",
	 "Pack STAGEDIR into OUTDIR/NAME-VERSION-RELEASE.npk with its "
	 "signature. The bytes depend only on the tree's contents, modes and "
	 "SOURCE_DATE_EPOCH."},
	{"index", cmd_index,
	 "index -k KEY [-p PUBKEY]... [--serial N] [--expires-days N] REPODIR",
	 "Sign an index of every .npk in REPODIR. Each package's signature "
	 "must verify with KEY's public half or a -p key. The serial grows "
	 "by one unless given; the index expires after 30 days by default."},
	{"install", cmd_install, "install PKG...",
	 "Add constraints (NAME, NAME>=VERSION...) to the world and install "
	 "what they need, as one transaction."},
	{"remove", cmd_remove, "remove PKG...",
	 "Remove packages from the world, with every dependency nothing "
	 "else needs."},
	{"upgrade", cmd_upgrade, "upgrade [PKG...]",
	 "Move the named packages, or all, to the newest versions the "
	 "repositories offer."},
	{"rollback", cmd_rollback, "rollback",
	 "Undo the last transaction: packages and world as they were."},
	{"list", cmd_list, "list [--json]", "List installed packages."},
	{"info", cmd_info, "info [--json] PKG...",
	 "Show an installed package's metadata."},
	{"files", cmd_files, "files [--json] PKG", "List a package's files."},
	{"owner", cmd_owner, "owner [--json] PATH...",
	 "Show which package owns PATH."},
	{"check", cmd_check, "check [--json] [PKG...]",
	 "Compare installed files with their recorded hashes, modes and "
	 "types; exit 5 when something changed or is missing."},
	{"history", cmd_history, "history [--json]",
	 "List past transactions."},
	{NULL, NULL, NULL, NULL},
};

static void usage(FILE *out)
{
	fprintf(out, "usage: nip [--root DIR] [--repo URL]... [-q] [--json] "
		     "COMMAND [ARGS]\n\ncommands:\n");
	for (const struct command *c = commands; c->name; c++)
		fprintf(out, "  nip %s\n", c->usage);
	fprintf(out, "\n'nip COMMAND --help' explains one command; nip(8) "
		     "explains them all.\n");
}

int cmd_usage_error(const char *name, const char *fmt, ...)
{
	va_list ap;

	fputs("nip: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	for (const struct command *c = commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			fprintf(stderr, "usage: nip %s\n", c->usage);
	return NIP_EXIT_USAGE;
}

int cmd_wants_help(int argc, char **argv, const char *name)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "-h") && strcmp(argv[i], "--help"))
			continue;
		for (const struct command *c = commands; c->name; c++)
			if (strcmp(c->name, name) == 0)
				printf("usage: nip %s\n\n%s\n", c->usage,
				       c->help);
		return 1;
	}
	return 0;
}

void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

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
		} else if (!strcmp(argv[i], "--repo") && i + 1 < argc) {
			strlist_add(&ctx.repos, argv[++i]);
		} else if (!strcmp(argv[i], "-q") ||
			   !strcmp(argv[i], "--quiet")) {
			nip_quiet = 1;
		} else if (!strcmp(argv[i], "--json")) {
			ctx.json = 1;
		} else if (!strcmp(argv[i], "-h") ||
			   !strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "--version")) {
			puts("nip " NIP_VERSION);
			return 0;
		} else {
			fprintf(stderr, "nip: unknown option %s\n", argv[i]);
			usage(stderr);
			return NIP_EXIT_USAGE;
		}
	}
	if (i == argc) {
		usage(stderr);
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
	usage(stderr);
	return NIP_EXIT_USAGE;
}
