/* The command table and what the commands share: usage, help, JSON. */
#include "cmd.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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
	 "index -k KEY [-p PUBKEY]... [--serial N] [--expires-days N] "
	 "[--now EPOCH] REPODIR",
	 "Sign an index of every .npk in REPODIR. Each package's signature "
	 "must verify with KEY's public half or a -p key. The serial grows "
	 "by one unless given; the index expires after 30 days by default, "
	 "counted from --now (default: the current time; a medium built "
	 "reproducibly gives SOURCE_DATE_EPOCH)."},
	{"fetch", cmd_fetch, "fetch RECIPE...",
	 "Fetch and verify a recipe's sources into $NEXUS_CACHE/sources, "
	 "locating Debian source files through apt with deb-src derived "
	 "from /etc/apt (or $NIP_APT_ETC). Prints each file's path."},
	{"build", cmd_build,
	 "build -k KEY -o REPO [--toolchain DIR] [--logs DIR] [--jobs N] "
	 "[--keep] [--rebuild] [--set NAME=VALUE]... (RECIPE... | --all DIR); "
	 "build --list --all DIR",
	 "Build recipes into signed packages in REPO and re-sign its index. "
	 "Sources are fetched and verified as by fetch; the build-depends "
	 "are installed into a sysroot from REPO; the script runs without "
	 "network in private namespaces. A build whose inputs (recipe, "
	 "sources, patches, sysroot, toolchain) were built before is reused "
	 "from $NEXUS_CACHE/builds unless --rebuild. --set gives "
	 "scripts that name it a variable (part of their input hash). With --all, every DIR/NAME/NAME.npk.yaml "
	 "in dependency order. Logs go to REPO/logs/NAME.log. "
	 "build --list --all DIR prints the names DIR's recipes make "
	 "and builds nothing."},
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

int cmd_usage_error(const char *name, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarnx_(fmt, ap);
	va_end(ap);
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
		if (strcmp(argv[i], "-h") != 0 && strcmp(argv[i], "--help") != 0)
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

void nip_usage(FILE *out)
{
	fprintf(out, "usage: nip [--root DIR] [--repo URL]... [--keys-dir DIR] [-q] [--json] "
		     "COMMAND [ARGS]\n\ncommands:\n");
	for (const struct command *c = commands; c->name; c++)
		fprintf(out, "  nip %s\n", c->usage);
	fprintf(out, "\n'nip COMMAND --help' explains one command; nip(8) "
		     "explains them all.\n");
}
