/* nip index: a signed index of a repository's packages. */
#define _GNU_SOURCE
#include "cmd.h"
#include "repo.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int cmd_index(struct ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"serial", required_argument, NULL, 's'},
		{"expires-days", required_argument, NULL, 'e'},
		{"now", required_argument, NULL, 'n'},
		{NULL, 0, NULL, 0},
	};
	struct index_options opt = {.expires_days = 30,
				    .now = (uint64_t)time(NULL)};
	const char *keypath = NULL;
	struct keyring kr = {0};
	struct sig_secret sk;
	struct sig_pubkey self = {0};
	int c, rc;

	(void)ctx;
	while ((c = getopt_long(argc, argv, "k:p:", longopts, NULL)) != -1) {
		struct sig_pubkey key = {0};

		if (c == 'k') {
			keypath = optarg;
		} else if (c == 'p') {
			if (sig_load_pubkey(optarg, &key) < 0)
				goto fail;
			keyring_add(&kr, &key);
			free(key.name);
		} else if ((c != 's' && c != 'e' && c != 'n') ||
			   parse_u64(optarg, c == 's'   ? &opt.serial :
					     c == 'e' ? &opt.expires_days :
							&opt.now) < 0) {
			keyring_free(&kr);
			return cmd_usage_error("index", "bad option");
		}
	}
	if (!keypath || optind + 1 != argc) {
		keyring_free(&kr);
		return cmd_usage_error("index",
				       "expected -k KEY and one REPODIR");
	}
	if (sig_load_secret(keypath, &sk) < 0)
		goto fail;
	/* An Ed25519 secret key carries its public half in its last bytes. */
	memcpy(self.id, sk.id, sizeof(self.id));
	memcpy(self.pk, sk.sk + 32, sizeof(self.pk));
	self.name = (char *)keypath;
	keyring_add(&kr, &self);
	rc = repo_write_index(argv[optind], &sk, &kr, &opt);
	sig_secret_wipe(&sk);
	keyring_free(&kr);
	return rc;
fail:
	keyring_free(&kr);
	return -1;
}
