/*
 * surface's configuration: what surface.conf(5) can say, parsed without
 * Wayland so that the host tests can pin every directive and error.
 */
#ifndef SURFACE_CONFIG_H
#define SURFACE_CONFIG_H

#include <stdint.h>
#include <stdio.h>

#include "keyspec.h"

enum action {
	ACTION_EXEC,		/* arg: the command, run by /bin/sh -c */
	ACTION_CLOSE,
	ACTION_EXIT,
	ACTION_TILE,		/* toggle tiling */
	ACTION_LAYOUT_NEXT,	/* next keyboard layout */
	ACTION_FOCUS_NEXT,
	ACTION_FOCUS_PREV,
	ACTION_MOVE,		/* direction, amount in pixels */
	ACTION_RESIZE,		/* direction, amount in pixels */
	ACTION_ZOOM,		/* make the focused window the master */
};

enum direction { DIR_LEFT, DIR_RIGHT, DIR_UP, DIR_DOWN };

struct binding {
	struct keyspec keys;
	enum action action;
	enum direction direction;
	int amount;
	char *command;		/* ACTION_EXEC only */
};

struct output_config {
	char *name;		/* "*" matches every output */
	int width, height;	/* 0: the output's preferred mode */
	int refresh_mhz;	/* 0: any */
	double scale;		/* 0: leave it */
};

struct surface_config {
	struct output_config *outputs;
	int n_outputs;
	/* xkb's rule names; NULL: xkbcommon's default. */
	char *xkb_rules, *xkb_model, *xkb_layout, *xkb_variant, *xkb_options;
	int repeat_rate;	/* per second */
	int repeat_delay;	/* ms */
	int border_width;
	uint32_t border_focused, border_unfocused;	/* 0xRRGGBB */
	uint32_t background;	/* 0xRRGGBB, under everything */
	struct binding *bindings;
	int n_bindings;
};

void config_init(struct surface_config *config);
void config_free(struct surface_config *config);

/*
 * Apply the lines of TEXT, named NAME in messages, over CONFIG. A bad
 * line is reported on ERR as "NAME:LINE: what is wrong" and changes
 * nothing. Returns the number of bad lines.
 */
int config_parse_text(struct surface_config *config, const char *name,
		      const char *text, FILE *err);

/*
 * The same for the file at PATH. A file that is not there returns -1
 * without a word when MISSING_OK, else it is reported and returns 1.
 */
int config_parse_file(struct surface_config *config, const char *path,
		      int missing_ok, FILE *err);

/* The output settings for NAME: its own, else "*"'s, else NULL. */
const struct output_config *config_output(const struct surface_config *config,
					  const char *name);

/* The binding for KEYS, or NULL. */
const struct binding *config_binding(const struct surface_config *config,
				     const struct keyspec *keys);

#endif
