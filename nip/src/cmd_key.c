/* nip key generate, nip sign, nip verify: minisign-compatible tools. */
#define _GNU_SOURCE
#include "cmd.h"
#include "fileio.h"
#include "hash.h"
#include "sig.h"

#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

int cmd_key(struct ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	if (argc != 3 || strcmp(argv[1], "generate") != 0)
		return cmd_usage_error("key", "expected 'generate NAME'");
	if (sig_generate(argv[2]) < 0)
		return -1;
	note("wrote %s.key (secret) and %s.pub", argv[2], argv[2]);
	return 0;
}

int cmd_sign(struct ctx *ctx, int argc, char **argv)
{
	const char *keypath = NULL, *comment = NULL;
	struct sig_secret sk;
	struct buf sig = {0};
	unsigned char prehash[64];
	char hex[HASH_HEX];
	char *sigpath, *deflt = NULL;
	int opt, rc;

	(void)ctx;
	while ((opt = getopt(argc, argv, "k:t:")) != -1) {
		if (opt == 'k')
			keypath = optarg;
		else if (opt == 't')
			comment = optarg;
		else
			return cmd_usage_error("sign", "bad option");
	}
	if (!keypath || optind + 1 != argc)
		return cmd_usage_error("sign", "expected -k KEY and one FILE");
	if (sig_load_secret(keypath, &sk) < 0)
		return -1;
	if (hash_file(AT_FDCWD, argv[optind], hex, prehash, NULL) < 0) {
		sig_secret_wipe(&sk);
		return -1;
	}
	if (!comment)
		comment = deflt = xasprintf("nip-file %s", argv[optind]);
	sig_sign_prehashed(&sk, prehash, comment, &sig);
	sig_secret_wipe(&sk);
	sigpath = xasprintf("%s.minisig", argv[optind]);
	rc = write_file_atomic(AT_FDCWD, sigpath, sig.data, sig.len, 0644);
	free(sigpath);
	free(deflt);
	buf_free(&sig);
	return rc;
}

int cmd_verify(struct ctx *ctx, int argc, char **argv)
{
	const char *pubpath = NULL;
	struct keyring kr = {0};
	struct sig_pubkey key = {0};
	struct buf sig = {0}, data = {0};
	unsigned char prehash[64];
	char *sigpath, *trusted = NULL;
	int opt, rc = -1;

	(void)ctx;
	while ((opt = getopt(argc, argv, "p:")) != -1) {
		if (opt != 'p')
			return cmd_usage_error("verify", "bad option");
		pubpath = optarg;
	}
	if (!pubpath || optind + 1 != argc)
		return cmd_usage_error("verify",
				       "expected -p PUBKEY and one FILE");
	if (sig_load_pubkey(pubpath, &key) < 0)
		return -1;
	keyring_add(&kr, &key);
	free(key.name);
	sigpath = xasprintf("%s.minisig", argv[optind]);
	/* Legacy signatures cover the raw bytes, so read them whole. */
	if (read_file(AT_FDCWD, sigpath, &sig) == 0 &&
	    read_file(AT_FDCWD, argv[optind], &data) == 0) {
		sig_prehash(data.data, data.len, prehash);
		rc = sig_verify(&kr, argv[optind], sig.data, prehash, data.data,
				data.len, NULL, &trusted);
	}
	if (rc == 0)
		note("signature verified; trusted comment: %s", trusted);
	free(trusted);
	free(sigpath);
	buf_free(&sig);
	buf_free(&data);
	keyring_free(&kr);
	return rc;
}
