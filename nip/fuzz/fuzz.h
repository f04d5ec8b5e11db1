/*
 * What nip's libFuzzer harnesses share. Each harness is one file
 * defining LLVMFuzzerTestOneInput over one parser of input nip did not
 * write; make fuzz runs them, make check replays their corpus and the
 * inputs that once crashed them (fuzz/README.md). After a parser fails,
 * a harness forgets its message (fail_clear) as nip's caller would.
 */
#ifndef NIP_FUZZ_H
#define NIP_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* DATA as a NUL-terminated string (free it). */
char *fuzz_text(const uint8_t *data, size_t size);
/*
 * DATA in a memory file; *PATH gets a name that opens it
 * (/proc/self/fd/N). Close the descriptor returned after use.
 */
int fuzz_file(const uint8_t *data, size_t size, char path[64]);

#endif
