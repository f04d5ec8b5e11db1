/*
 * init's libFuzzer harnesses (fuzz/README.md): each feeds its input to
 * one parser of a file an administrator or a package wrote.
 */
#ifndef INIT_FUZZ_H
#define INIT_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
