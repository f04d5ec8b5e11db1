/*
 * nip-build: the builder, apart from the nip every system carries (as
 * abuild is apart from apk). It runs nip's build, pack and fetch, with
 * nip's options and messages; `nip build ...` on a build machine runs
 * it. Recipes (libyaml), sources through apt, the sandbox and packing
 * live here; what both share is libnip.
 */
#include "cmd.h"

static const struct command commands[] = {
	{"pack", cmd_pack},
	{"fetch", cmd_fetch},
	{"build", cmd_build},
	{NULL, NULL},
};

/* The rest is nip's: say so rather than run it here. */
static int not_here(const struct command_doc *doc, char **argv)
{
	(void)argv;
	return fail_code(NIP_EXIT_USAGE,
			 "'%s' is nip's, not nip-build's: run nip %s",
			 doc->name, doc->name);
}

int main(int argc, char **argv)
{
	return cmd_main(argc, argv, "nip-build", commands, not_here);
}
