/*
 * nip: the Nexus package manager.
 *
 *   nip [--root DIR] [--repo URL]... [-q] [--json] COMMAND [ARGS]
 *
 * Errors travel up as -1 with a message; cmd_main prints it once and
 * exits with the code nip(8) documents.
 */
#include "cmd.h"

static const struct command commands[] = {
	{"key", cmd_key},
	{"sign", cmd_sign},
	{"verify", cmd_verify},
	{"pack", cmd_pack},
	{"index", cmd_index},
	{"fetch", cmd_fetch},
	{"build", cmd_build},
	{"install", cmd_install},
	{"remove", cmd_remove},
	{"upgrade", cmd_upgrade},
	{"rollback", cmd_rollback},
	{"list", cmd_list},
	{"info", cmd_info},
	{"files", cmd_files},
	{"owner", cmd_owner},
	{"check", cmd_check},
	{"history", cmd_history},
	{NULL, NULL},
};

/* Every documented command is in the table above. */
static int missing(const struct command_doc *doc, char **argv)
{
	(void)argv;
	return fail("%s: not built into this nip", doc->name);
}

int main(int argc, char **argv)
{
	return cmd_main(argc, argv, "nip", commands, missing);
}
