/*
 * What the commands share: their documentation, usage and help, the
 * global options and the dispatch (cmd_main), JSON output.
 */
#include "cmd.h"

#include "fsops.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define NIP_VERSION "0.1.0"

const struct command_doc command_docs[] = {
	{"key", "key generate NAME",
	 "Write a new Ed25519 key pair: NAME.key (secret, mode 0600) and "
	 "NAME.pub, in minisign's format.", 0},
	{"sign", "sign -k KEY [-t COMMENT] FILE",
	 "Write FILE.minisig, a minisign signature of FILE.", 0},
	{"verify", "verify -p PUBKEY FILE",
	 "Check FILE.minisig against PUBKEY (minisign format).", 0},
	{"pack", "pack -k KEY -o OUTDIR META.npk.yaml STAGEDIR",
	 "Pack STAGEDIR into OUTDIR/NAME-VERSION-RELEASE.npk with its "
	 "signature. The bytes depend only on the tree's contents, modes and "
	 "SOURCE_DATE_EPOCH.", 1},
	{"index",
	 "index -k KEY [-p PUBKEY]... [--serial N] [--expires-days N] "
	 "[--now EPOCH] REPODIR",
	 "Sign an index of every .npk in REPODIR. Each package's signature "
	 "must verify with KEY's public half or a -p key. The serial grows "
	 "by one unless given; the index expires after 30 days by default, "
	 "counted from --now (default: the current time; a medium built "
	 "reproducibly gives SOURCE_DATE_EPOCH).", 0},
	{"fetch", "fetch RECIPE...",
	 "Fetch and verify a recipe's sources into $NEXUS_CACHE/sources, "
	 "locating Debian source files through apt with deb-src derived "
	 "from /etc/apt (or $NIP_APT_ETC). Prints each file's path.", 1},
	{"build",
	 "build -k KEY -o REPO [--toolchain DIR] [--logs DIR] [-j N] "
	 "[--make-jobs N] [--keep] [--rebuild] [--set NAME=VALUE]... "
	 "(RECIPE... | --all DIR); "
	 "build --list --all DIR",
	 "Build recipes into signed packages in REPO and re-sign its index. "
	 "Sources are fetched and verified as by fetch; the build-depends "
	 "are installed into a sysroot from REPO; the script runs without "
	 "network in private namespaces. A build whose inputs (recipe, "
	 "sources, patches, sysroot, toolchain) were built before is reused "
	 "from $NEXUS_CACHE/builds unless --rebuild. --set gives "
	 "scripts that name it a variable (part of their input hash). With --all, every DIR/NAME/NAME.npk.yaml "
	 "in dependency order, up to -j N (--jobs; default: the CPUs "
	 "online) at once; --make-jobs N is $JOBS, make -j inside each "
	 "(default: the CPUs online). Logs go to REPO/logs/NAME.log. "
	 "build --list --all DIR prints the names DIR's recipes make "
	 "and builds nothing.", 1},
	{"install", "install PKG...",
	 "Add constraints (NAME, NAME>=VERSION...) to the world and install "
	 "what they need, as one transaction. A PKG with a slash that ends "
	 "in .npk (./foo-1.0-1.npk) is that package file: its .minisig "
	 "beside it must verify with a trusted key, and the world holds it "
	 "at its version until `nip install NAME`.", 0},
	{"remove", "remove PKG...",
	 "Remove packages from the world, with every dependency nothing "
	 "else needs.", 0},
	{"upgrade", "upgrade [PKG...]",
	 "Move the named packages, or all, to the newest versions the "
	 "repositories offer.", 0},
	{"update", "update",
	 "Fetch every repository's signed index and check it (signature, "
	 "expiry, a serial not older than the last seen); print each one's "
	 "serial, package count and expiry date.", 0},
	{"search", "search WORD...",
	 "List the packages the repositories offer whose name or summary "
	 "holds every WORD, case aside: the newest version of each, marked "
	 "when installed. Exits 1 when none matches.", 0},
	{"rollback", "rollback",
	 "Undo the last transaction: packages and world as they were.", 0},
	{"list", "list [--json]", "List installed packages.", 0},
	{"info", "info [--json] PKG...",
	 "Show an installed package's metadata.", 0},
	{"files", "files [--json] PKG", "List a package's files.", 0},
	{"owner", "owner [--json] PATH...",
	 "Show which package owns PATH.", 0},
	{"check", "check [--json] [PKG...]",
	 "Compare installed files with their recorded hashes, modes and "
	 "types; exit 5 when something changed or is missing.", 0},
	{"history", "history [--json]",
	 "List past transactions.", 0},
	{"trigger", "trigger [PKG...]",
	 "Run again the triggers that failed after a committed transaction "
	 "(all, or the named packages'), as `nip check` lists them; each "
	 "that succeeds is removed from the record.", 0},
	{NULL, NULL, NULL, 0},
};

int cmd_usage_error(const char *name, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarnx_(fmt, ap);
	va_end(ap);
	for (const struct command_doc *c = command_docs; c->name; c++)
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
		for (const struct command_doc *c = command_docs; c->name; c++)
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

void nip_usage(FILE *out, const char *program)
{
	int builder = strcmp(program, "nip") != 0;

	fprintf(out, "usage: %s [--root DIR] [--repo URL]... [--keys-dir DIR] [-q] [--json]\n"
		     "       [--no-triggers] "
		     "COMMAND [ARGS]\n\ncommands:\n", program);
	for (const struct command_doc *c = command_docs; c->name; c++)
		if (!builder || c->builder)
			fprintf(out, "  nip %s\n", c->usage);
	if (!builder) {
		const char *sep = "\n";

		for (const struct command_doc *c = command_docs; c->name; c++) {
			if (!c->builder)
				continue;
			fprintf(out, "%s%s", sep, c->name);
			sep = ", ";
		}
		fprintf(out, ": nip runs nip-build, which only build machines "
			     "carry.\n");
	}
	fprintf(out, "\n'nip COMMAND --help' explains one command; nip(8) "
		     "explains them all.\n");
}

static const struct command_doc *find_doc(const char *name)
{
	for (const struct command_doc *c = command_docs; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static const struct command *find_own(const struct command *own,
				     const char *name)
{
	for (const struct command *c = own; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

int cmd_main(int argc, char **argv, const char *program,
	     const struct command *own,
	     int (*elsewhere)(const struct command_doc *doc, char **argv))
{
	struct ctx ctx = {.root = "/"};
	const struct command_doc *doc;
	const struct command *cmd;
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
		} else if (!strcmp(argv[i], "--no-triggers")) {
			nip_no_triggers = 1;
		} else if (!strcmp(argv[i], "-h") ||
			   !strcmp(argv[i], "--help")) {
			nip_usage(stdout, program);
			return 0;
		} else if (!strcmp(argv[i], "--version")) {
			printf("%s " NIP_VERSION "\n", program);
			return 0;
		} else {
			fprintf(stderr, "nip: unknown option %s\n", argv[i]);
			nip_usage(stderr, program);
			return NIP_EXIT_USAGE;
		}
	}
	if (i == argc) {
		nip_usage(stderr, program);
		return NIP_EXIT_USAGE;
	}
	doc = find_doc(argv[i]);
	if (!doc) {
		fprintf(stderr, "nip: unknown command '%s'\n", argv[i]);
		nip_usage(stderr, program);
		return NIP_EXIT_USAGE;
	}
	if (cmd_wants_help(argc - i, argv + i, doc->name))
		return 0;
	cmd = find_own(own, doc->name);
	rc = cmd ? cmd->run(&ctx, argc - i, argv + i) : elsewhere(doc, argv);
	if (rc < 0) {
		fprintf(stderr, "nip: %s\n", fail_message());
		rc = fail_exit_code();
	}
	strlist_free(&ctx.repos);
	return rc;
}
