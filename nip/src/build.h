/*
 * nip build: a recipe to signed packages in a local repository.
 *
 * The build's inputs (the recipe file, its sources and patches, the
 * identities of everything installed in its sysroot, the toolchain) are
 * hashed; packages made from the same inputs are kept under
 * $NEXUS_CACHE/builds/INPUT-HASH and reused instead of rebuilt.
 */
#ifndef NIP_BUILD_H
#define NIP_BUILD_H

#include "hash.h"
#include "recipe.h"
#include "sig.h"
#include "srcfetch.h"

struct build_env {
	const char *repo;	/* the output repository */
	const char *logdir;	/* NAME.log per recipe */
	const char *toolchain;	/* bound at /toolchain; NULL for none */
	char toolchain_hash[HASH_HEX];
	char *pubkey;		/* KEY.pub, copied into sysroots */
	struct sig_secret sk;
	struct keyring keys;	/* the public half, for the index */
	char *cache;		/* $NEXUS_CACHE */
	const char *workroot;	/* parent of the work directories */
	char *nip;		/* the nip that installs into sysroots */
	struct apt_env apt;
	int apt_ready;
	unsigned jobs;		/* --all: recipes built at once */
	unsigned make_jobs;	/* $JOBS: make -j inside one build */
	int keep;		/* keep work directories */
	int rebuild;		/* build even when the cache has the result */
	struct strlist sets;	/* --set NAME=VALUE: build variables */
	int changed;		/* the repository needs a new index */
	char *own[4];		/* absolute paths made here */
};

enum build_result { BUILD_DONE, BUILD_CACHED };

/* Read the key, hash the toolchain, index the repository. */
int build_env_open(struct build_env *e, const char *keypath);
void build_env_close(struct build_env *e);

/* Build the recipe at PATH into E->repo and re-sign the index. */
int build_recipe(struct build_env *e, const char *path,
		 enum build_result *result);

/*
 * build_recipe in two halves. build_make builds into the build cache
 * (or finds the result there) and touches neither the repository nor
 * its index, so several can run at once; INPUT receives the input hash
 * that names the cache entry. build_publish copies that entry's
 * packages into the repository, signed, and re-signs the index if they
 * changed it: one process at a time (build_repo_lock).
 */
int build_make(struct build_env *e, const char *path,
	       enum build_result *result, char input[HASH_HEX]);
int build_publish(struct build_env *e, const char *input);

/*
 * An flock on the repository directory (LOCK_SH to read its index,
 * LOCK_EX to change it); close the descriptor returned to unlock.
 */
int build_repo_lock(const struct build_env *e, int how);

/* Sign a fresh index of E->repo. */
int build_index(struct build_env *e);

/* Every recipe in DIR (DIR/NAME/NAME.npk.yaml), in dependency order. */
int build_all(struct build_env *e, const char *dir);
/* Print every package (or provided) name DIR's recipes make, sorted. */
int build_list(const char *dir);

/*
 * Internals shared by build*.c: one recipe's build, stage by stage, in
 * the order build_recipe runs them.
 */
struct job {
	struct build_env *e;
	struct recipe r;
	const char *path;	/* the recipe file */
	char *dir;		/* its folder */
	char **src;		/* verified local path of each source */
	char *work;
	char *logpath;
	int logfd;
	char input[HASH_HEX];
};

void job_log(struct job *j, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* build_inputs.c */
/* apt's configuration under $NEXUS_CACHE, derived once per run. */
int build_prepare_apt(struct build_env *e);
int job_fetch_sources(struct job *j);
int job_install_sysroot(struct job *j);
/* Sets J->input: the hash of everything the build's result depends on. */
int job_hash_inputs(struct job *j);
/* Does the --set NAME=VALUE SET reach J's script (is it an input)? */
int job_set_applies(const struct job *j, const char *set);

/* build_script.c */
int job_prepare_tree(struct job *j);
int job_run_script(struct job *j);

/* build_pack.c: split, pack into cache ENTRY; sign into the repository. */
int job_pack_all(struct job *j, const char *entry);
int publish_entry(struct build_env *e, const char *entry);

#endif
