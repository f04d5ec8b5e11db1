/* A recipe (NAME.npk.yaml) through libyaml into nip's recipe. */
#include "fuzz.h"
#include "recipe.h"
#include "util.h"

#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64];
	int fd = fuzz_file(data, size, path);
	struct recipe r;

	if (recipe_load(path, &r) == 0)
		recipe_free(&r);
	else
		fail_clear();
	close(fd);
	return 0;
}
