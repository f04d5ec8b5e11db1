/*
 * nip: the Nexus package manager, as installed on every system.
 *
 *   nip [--root DIR] [--repo URL]... [-q] [--json] COMMAND [ARGS]
 *
 * It installs, queries, signs and indexes. Building (build, pack, fetch)
 * is nip-build's, which only build machines carry: nip runs it with the
 * same command line. Errors travel up as -1 with a message; cmd_main
 * prints it once and exits with the code nip(8) documents.
 */
#define _GNU_SOURCE
#include "cmd.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct command commands[] = {
	{"key", cmd_key},
	{"sign", cmd_sign},
	{"verify", cmd_verify},
	{"index", cmd_index},
	{"install", cmd_install},
	{"remove", cmd_remove},
	{"upgrade", cmd_upgrade},
	{"update", cmd_update},
	{"search", cmd_search},
	{"rollback", cmd_rollback},
	{"list", cmd_list},
	{"info", cmd_info},
	{"files", cmd_files},
	{"owner", cmd_owner},
	{"check", cmd_check},
	{"history", cmd_history},
	{"trigger", cmd_trigger},
	{NULL, NULL},
};

/*
 * Run nip-build with ARGV: the one beside nip first (the nip-build
 * package installs it there, and a build tree has both), else PATH's.
 */
static int hand_over(const struct command_doc *doc, char **argv)
{
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	const char *slash;

	self[n > 0 ? n : 0] = '\0';
	slash = strrchr(self, '/');
	if (slash) {
		char *beside = xasprintf("%.*s/nip-build", (int)(slash - self),
					 self);

		argv[0] = beside;
		execv(beside, argv);
		if (errno != ENOENT)
			return fail_errno("cannot run %s", beside);
		free(beside);
	}
	argv[0] = "nip-build";
	execvp("nip-build", argv);
	if (errno != ENOENT)
		return fail_errno("cannot run nip-build");
	return fail("'nip %s' is done by nip-build, which is not installed "
		    "here (neither beside %s nor on PATH): install the "
		    "nip-build package on a machine that builds",
		    doc->name, *self ? self : "nip");
}

int main(int argc, char **argv)
{
	return cmd_main(argc, argv, "nip", commands, hand_over);
}
