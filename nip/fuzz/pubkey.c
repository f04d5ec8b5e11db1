/* A trusted key's file, as an administrator drops it in /etc/nip/keys. */
#include "fuzz.h"
#include "sig.h"
#include "util.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	struct sig_pubkey key = {0};

	if (sig_parse_pubkey("fuzz.pub", text, &key) < 0)
		fail_clear();
	free(key.name);
	free(text);
	return 0;
}
