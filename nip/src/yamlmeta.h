/* Read package metadata from a .npk.yaml file with libyaml. */
#ifndef NIP_YAMLMETA_H
#define NIP_YAMLMETA_H

#include "meta.h"

/*
 * Fill M from the metadata keys of PATH. Recipe-only keys (sources,
 * patches, build-depends, build) are accepted and skipped; any other
 * key is an error naming file, line and column.
 */
int yaml_meta_load(const char *path, struct npk_meta *m);

#endif
