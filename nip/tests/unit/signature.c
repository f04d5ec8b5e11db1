/* minisign signatures: round trip, tampering, wrong key, domains. */
#include "sig.h"
#include "tap.h"

#include <stdlib.h>

static void make_key(struct sig_secret *sk, struct sig_pubkey *pk)
{
	randombytes_buf(sk->id, sizeof(sk->id));
	crypto_sign_keypair(pk->pk, sk->sk);
	memcpy(pk->id, sk->id, sizeof(pk->id));
	pk->name = "test.pub";
}

int main(void)
{
	struct sig_secret sk, other_sk;
	struct sig_pubkey pk, other_pk;
	struct keyring kr = {0}, other = {0};
	struct buf sig = {0};
	unsigned char prehash[64];
	const char msg[] = "index bytes";
	char *trusted = NULL;

	if (sodium_init() < 0)
		return 1;
	make_key(&sk, &pk);
	make_key(&other_sk, &other_pk);
	keyring_add(&kr, &pk);
	keyring_add(&other, &other_pk);
	sig_prehash(msg, sizeof(msg), prehash);
	sig_sign_data(&sk, msg, sizeof(msg), "nip-index serial=1", &sig);

	ok(sig_verify(&kr, "m", sig.data, prehash, NULL, 0, "nip-index ",
		      &trusted) == 0,
	   "a good signature verifies");
	is_str(trusted, "nip-index serial=1", "the trusted comment comes back");
	free(trusted);
	ok(sig_verify(&other, "m", sig.data, prehash, NULL, 0, NULL, NULL) <
			   0 &&
		   strstr(fail_message(), "unknown key"),
	   "another key is refused as unknown");
	ok(sig_verify(&kr, "m", sig.data, prehash, NULL, 0, "nip-npk ",
		      NULL) < 0 &&
		   strstr(fail_message(), "not a 'nip-npk "),
	   "an index signature cannot pass for a package signature");
	prehash[0] ^= 1;
	ok(sig_verify(&kr, "m", sig.data, prehash, NULL, 0, NULL, NULL) < 0 &&
		   strstr(fail_message(), "BAD signature"),
	   "changed content is refused");
	prehash[0] ^= 1;
	{
		char *forged = xstrdup(sig.data);
		char *c = strstr(forged, "serial=1");

		c[7] = '9';
		ok(sig_verify(&kr, "m", forged, prehash, NULL, 0, NULL, NULL) <
				   0 &&
			   strstr(fail_message(), "trusted comment"),
		   "an edited trusted comment is refused");
		free(forged);
	}
	ok(sig_verify(&kr, "m", "untrusted comment: x\nnonsense\n", prehash,
		      NULL, 0, NULL, NULL) < 0 &&
		   strstr(fail_message(), "malformed"),
	   "garbage is a malformed signature");
	buf_free(&sig);
	keyring_free(&kr);
	keyring_free(&other);
	return done_testing();
}
