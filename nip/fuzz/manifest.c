/* A package's manifest (npk(5)): parsed, then every check install makes. */
#include "fuzz.h"
#include "manifest.h"
#include "util.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	struct npk_manifest m;

	if (manifest_parse(&m, text, "fuzz") == 0) {
		if (manifest_refuse_reserved(&m, "fuzz", 1) < 0 ||
		    manifest_check_links(&m, "fuzz", 1) < 0 ||
		    manifest_check_triggers(&m, "fuzz", 1) < 0)
			fail_clear();
		manifest_free(&m);
	} else {
		fail_clear();
	}
	free(text);
	return 0;
}
