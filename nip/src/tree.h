/*
 * Whole directory trees on the host: build inputs and work directories.
 * Walks are in byte order of names, so a hash never depends on the order
 * a filesystem lists entries in.
 */
#ifndef NIP_TREE_H
#define NIP_TREE_H

#include "hash.h"
#include "util.h"

/* mkdir -p PATH (absolute or relative); leading symlinks are followed. */
int mkdir_p(const char *path);

/* The names in directory FD, sorted bytewise. */
int tree_list(int fd, struct strlist *names);

/* Feed every entry's path, kind, exec bit and content or target to H. */
int tree_hash(int dirfd, const char *name, struct hasher *h);

/* Copy SRC (file, link or directory) to DST: contents, links, exec bits. */
int tree_copy(int srcdir, const char *src, int dstdir, const char *dst);

/* rm -rf NAME beneath DIRFD; missing is fine. */
int tree_remove(int dirfd, const char *name);

#endif
