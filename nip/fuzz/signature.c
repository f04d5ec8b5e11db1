/*
 * A minisign signature file over a fixed message, checked against a
 * fixed trusted key: the signature text is what comes off the network.
 */
#include "fuzz.h"
#include "sig.h"
#include "util.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct keyring kr;
	static struct sig_pubkey key = {.id = {1, 2, 3, 4, 5, 6, 7, 8}};
	static const char msg[] = "nip-index 1\nserial 1\n";
	unsigned char prehash[64];
	char *text = fuzz_text(data, size), *trusted = NULL;

	if (!kr.n) {
		if (sodium_init() < 0)
			abort();
		memset(key.pk, 7, sizeof(key.pk));
		key.name = xstrdup("fuzz.pub");
		keyring_add(&kr, &key);
	}
	sig_prehash(msg, strlen(msg), prehash);
	if (sig_verify(&kr, "fuzz", text, prehash, msg, strlen(msg), NULL,
		       &trusted) < 0)
		fail_clear();
	free(trusted);
	free(text);
	return 0;
}
