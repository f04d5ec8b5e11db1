/*
 * Whole files: read into memory, replaced atomically, and the directories
 * nip keeps its own state in. Above util.c and fsops.c, which know
 * nothing of each other: every change still goes through fsops.
 */
#ifndef NIP_FILEIO_H
#define NIP_FILEIO_H

#include "util.h"

/* Read a whole file into memory; -1 with a message naming it. */
int read_file(int dirfd, const char *path, struct buf *out);
/* Write data to path atomically (temp + fsync + rename). */
int write_file_atomic(int dirfd, const char *path, const void *data,
		      size_t len, unsigned mode);

/* mkdir -p for nip's own state directories (not package content). */
int mkdir_parents(int rootfd, const char *rel, unsigned mode);

#endif
