/* Subcommands: each is a thin layer over the core. */
#ifndef NIP_CMD_H
#define NIP_CMD_H

#include "util.h"

struct ctx {
	const char *root;
	struct strlist repos;	/* from --repo */
	const char *keys_dir;	/* --keys-dir: trusted keys, not ROOT's */
	int json;
};

/*
 * Every command as nip(8) documents it: both programs list and explain
 * them all. The builder's (build, pack, fetch) run in nip-build, which
 * nip hands them to, so that the installed nip carries no builder.
 */
struct command_doc {
	const char *name;
	const char *usage;	/* synopsis after "nip " */
	const char *help;	/* what it does, one paragraph */
	int builder;		/* run by nip-build */
};

extern const struct command_doc command_docs[];

/* A command a program runs itself. */
struct command {
	const char *name;
	int (*run)(struct ctx *ctx, int argc, char **argv);
};

/*
 * main() of nip and of nip-build (PROGRAM): the global options, then the
 * command OWN runs. A documented command OWN lacks goes to ELSEWHERE with
 * the whole command line (it fails, or does not return). Returns the
 * exit code.
 */
int cmd_main(int argc, char **argv, const char *program,
	     const struct command *own,
	     int (*elsewhere)(const struct command_doc *doc, char **argv));

int cmd_key(struct ctx *ctx, int argc, char **argv);
int cmd_sign(struct ctx *ctx, int argc, char **argv);
int cmd_verify(struct ctx *ctx, int argc, char **argv);
int cmd_pack(struct ctx *ctx, int argc, char **argv);
int cmd_index(struct ctx *ctx, int argc, char **argv);
int cmd_fetch(struct ctx *ctx, int argc, char **argv);
int cmd_build(struct ctx *ctx, int argc, char **argv);
int cmd_install(struct ctx *ctx, int argc, char **argv);
int cmd_remove(struct ctx *ctx, int argc, char **argv);
int cmd_upgrade(struct ctx *ctx, int argc, char **argv);
int cmd_update(struct ctx *ctx, int argc, char **argv);
int cmd_search(struct ctx *ctx, int argc, char **argv);
int cmd_rollback(struct ctx *ctx, int argc, char **argv);
int cmd_list(struct ctx *ctx, int argc, char **argv);
int cmd_info(struct ctx *ctx, int argc, char **argv);
int cmd_files(struct ctx *ctx, int argc, char **argv);
int cmd_owner(struct ctx *ctx, int argc, char **argv);
int cmd_check(struct ctx *ctx, int argc, char **argv);
int cmd_history(struct ctx *ctx, int argc, char **argv);
int cmd_trigger(struct ctx *ctx, int argc, char **argv);

/* Parse a command's options: -h/--help, --json and those in SPEC. */
int cmd_usage_error(const char *name, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int cmd_wants_help(int argc, char **argv, const char *name);

#include <stdio.h>

/* The top-level usage message of PROGRAM: nip's lists every command. */
void nip_usage(FILE *out, const char *program);

/* JSON string output. */
void json_string(const char *s);

#endif
