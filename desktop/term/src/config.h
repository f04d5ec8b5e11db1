/*
 * nexus-term's settings and its config file: one directive per line,
 * '#' starts a comment.
 *
 *   font PATH          a monospace TTF
 *   bold PATH          its bold face (default: PATH with -Bold before .ttf)
 *   size N             pixel size, 6-200
 *   scrollback N       lines kept above the screen, 0-100000
 *   foreground #RRGGBB
 *   background #RRGGBB
 *   colors #RRGGBB...  the 16 ANSI colours from 0, as many as given
 *
 * A bad line is reported as FILE:LINE: what is wrong, and ignored.
 */
#ifndef TERM_CONFIG_H
#define TERM_CONFIG_H

#include <stdint.h>
#include <stdio.h>

/* Room for a path, as PATH_MAX on Linux. */
#define CONFIG_PATH_SIZE 4096
#define CONFIG_DEFAULT_FONT "/usr/share/fonts/dejavu/DejaVuSansMono.ttf"

struct term_config {
	char font[CONFIG_PATH_SIZE];
	char bold[CONFIG_PATH_SIZE];	/* empty: derived from font */
	int size;
	int scrollback;
	uint32_t foreground, background;
	uint32_t colors[16];
};

void config_defaults(struct term_config *config);

/*
 * One line (no newline needed) of FILE at LINENO. Returns 0, or -1
 * after writing "FILE:LINENO: reason" to ERR; CONFIG is then unchanged.
 */
int config_parse_line(struct term_config *config, const char *line,
		      const char *file, int lineno, FILE *err);

/*
 * Every line of IN, named FILE in messages. Returns how many lines were
 * bad (and reported).
 */
int config_parse_stream(struct term_config *config, FILE *in,
			const char *file, FILE *err);

/* PATH if it exists (a missing file is no error); returns the bad lines. */
int config_load(struct term_config *config, const char *path, FILE *err);

/* The bold face next to FONT: "X.ttf" gives "X-Bold.ttf" into OUT. */
int config_bold_path(const char *font, char *out, size_t size);

#endif /* TERM_CONFIG_H */
