/* Anonymous shared memory for wl_shm buffers. */
#ifndef TERM_SHM_H
#define TERM_SHM_H

#include <stddef.h>

/* A descriptor of SIZE zeroed bytes (a memfd), or -1 with errno. */
int shm_create(size_t size);

#endif /* TERM_SHM_H */
