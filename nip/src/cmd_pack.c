/* nip pack and nip fetch: a package from a recipe, a recipe's sources. */
#define _GNU_SOURCE
#include "cmd.h"
#include "npk.h"
#include "recipe.h"
#include "srcfetch.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Every entry's mtime: SOURCE_DATE_EPOCH, or 0 so bytes never vary. */
static int build_epoch(long long *out)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	uint64_t v = 0;

	if (s && parse_u64(s, &v) < 0)
		return fail_code(NIP_EXIT_USAGE,
				 "SOURCE_DATE_EPOCH is not a number: %s", s);
	*out = (long long)v;
	return 0;
}

/*
 * The output folder and those above it, as mkdir -p: a repository is
 * often packed into for the first time. What is there must be a folder.
 */
static int make_outdir(const char *outdir)
{
	char *path = xstrdup(outdir), *p = path, was;
	struct stat st;
	int rc = 0;

	for (;;) {
		p += strspn(p, "/");
		p += strcspn(p, "/");
		was = *p;
		*p = '\0';
		if (mkdir(path, 0755) < 0 && errno != EEXIST) {
			rc = fail_errno("cannot create %s", path);
			break;
		}
		*p = was;
		if (!was)
			break;
	}
	if (rc == 0 && (stat(outdir, &st) < 0 || !S_ISDIR(st.st_mode)))
		rc = fail("-o %s: not a folder", outdir);
	free(path);
	return rc;
}

int cmd_pack(struct ctx *ctx, int argc, char **argv)
{
	const char *keypath = NULL, *outdir = NULL;
	struct sig_secret sk;
	struct recipe recipe;
	char *path = NULL;
	long long mtime = 0;
	int opt, rc;

	(void)ctx;
	while ((opt = getopt(argc, argv, "k:o:")) != -1) {
		if (opt == 'k')
			keypath = optarg;
		else if (opt == 'o')
			outdir = optarg;
		else
			return cmd_usage_error("pack", "bad option");
	}
	if (!keypath || !outdir || optind + 2 != argc)
		return cmd_usage_error("pack", "expected -k KEY -o OUTDIR, "
					       "the metadata file and the "
					       "staged directory");
	/* The whole recipe is checked, though pack needs only its metadata. */
	if (build_epoch(&mtime) < 0 || recipe_load(argv[optind], &recipe) < 0)
		return -1;
	if (make_outdir(outdir) < 0) {
		recipe_free(&recipe);
		return -1;
	}
	if (sig_load_secret(keypath, &sk) < 0) {
		recipe_free(&recipe);
		return -1;
	}
	rc = npk_pack(&recipe.meta, argv[optind + 1], outdir, &sk, mtime,
		      recipe.modes, recipe.nmodes, &path);
	sig_secret_wipe(&sk);
	if (rc == 0)
		note("%s", path);
	free(path);
	recipe_free(&recipe);
	return rc;
}

int cmd_fetch(struct ctx *ctx, int argc, char **argv)
{
	const char *etc_apt = getenv("NIP_APT_ETC");
	struct apt_env env = {0};
	char *cache = nexus_cache_dir();
	int rc = 0, prepared = 0;

	(void)ctx;
	if (argc < 2) {
		free(cache);
		return cmd_usage_error("fetch", "no recipe named");
	}
	for (int i = 1; i < argc && rc == 0; i++) {
		struct recipe r;
		const char *slash = strrchr(argv[i], '/');
		/* Recipe files are found beside the recipe. */
		char *dir = slash ? xstrndup(argv[i], (size_t)(slash - argv[i])) :
				    xstrdup(".");

		int loaded = (rc = recipe_load(argv[i], &r)) == 0;

		for (size_t s = 0; rc == 0 && s < r.nsources; s++) {
			char *path = NULL;

			if (source_from_archive(&r.sources[s]) && !prepared++ &&
			    apt_env_prepare(cache, etc_apt ? etc_apt : "/etc/apt",
					    &env) < 0) {
				rc = -1;
				break;
			}
			rc = source_fetch(&env, cache, dir, r.meta.name,
					  &r.sources[s], &path);
			if (rc == 0)
				note("%s", path);
			free(path);
		}
		if (loaded)
			recipe_free(&r);
		free(dir);
	}
	apt_env_free(&env);
	free(cache);
	return rc;
}
