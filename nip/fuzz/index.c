/* A repository's index (NIPINDEX) after its signature: header, blocks. */
#include "fuzz.h"
#include "pkg.h"
#include "repo.h"
#include "util.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	struct pkglist l = {0};
	uint64_t serial, expires;
	const char *body;

	if (index_parse_header(text, "fuzz", &serial, &expires, &body) < 0 ||
	    pkg_parse_all(body, "fuzz", &l) < 0)
		fail_clear();
	pkglist_free(&l, 1);
	free(text);
	return 0;
}
