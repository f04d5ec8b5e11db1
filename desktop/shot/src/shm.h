/* Anonymous shared memory for wl_shm buffers. */
#ifndef SHOT_SHM_H
#define SHOT_SHM_H

#include <stddef.h>

/* A descriptor of SIZE zeroed bytes (a memfd), or -1 with errno. */
int shm_create(size_t size);

#endif /* SHOT_SHM_H */
