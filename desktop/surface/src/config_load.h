/* The configuration files surface reads, in the order it reads them. */
#ifndef SURFACE_CONFIG_LOAD_H
#define SURFACE_CONFIG_LOAD_H

#include <stddef.h>
#include <stdio.h>

#include "config.h"

#define SYSTEM_CONFIG "/etc/surface/surface.conf"

/*
 * The user's file: $XDG_CONFIG_HOME/surface/surface.conf, else
 * $HOME/.config/surface/surface.conf. -1 when neither is set.
 */
int config_user_path(char *buf, size_t size);

/*
 * ONLY alone when it is not NULL (it must be there); else SYSTEM_PATH
 * and then the user's file over it, either of them maybe missing.
 * Returns the number of errors reported on ERR.
 */
int config_load(struct surface_config *config, const char *only,
		const char *system_path, FILE *err);

/*
 * With no binding at all (an empty -c file, a system file gone), a
 * person would have no way to a terminal or out: give CONFIG
 * Super+Return for nexus-term and Super+Shift+e to exit, and say so on
 * ERR. Returns 1 when it did, else 0.
 */
int config_way_out(struct surface_config *config, FILE *err);

#endif
