/*
 * The config parser. A directive is checked whole before anything is
 * set, so a bad line leaves every setting as it was: "colors" with one
 * bad value changes none of them.
 */
#define _POSIX_C_SOURCE 200809L
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const uint32_t default_colors[16] = {
	0x000000, 0xcc3333, 0x33aa33, 0xccaa33,
	0x3366cc, 0xaa44aa, 0x33aaaa, 0xcccccc,
	0x666666, 0xff5555, 0x55dd55, 0xffdd55,
	0x6699ff, 0xdd77dd, 0x55dddd, 0xffffff,
};

void config_defaults(struct term_config *config)
{
	memset(config, 0, sizeof(*config));
	snprintf(config->font, sizeof(config->font), "%s", CONFIG_DEFAULT_FONT);
	config->size = 16;
	config->scrollback = 2000;
	config->foreground = 0xdddddd;
	config->background = 0x1a1a1a;
	memcpy(config->colors, default_colors, sizeof(default_colors));
}

#define MAX_WORDS 18

/* A word that is a colour: '#' and six hex digits, then its end. */
static int is_color_word(const char *p)
{
	for (int i = 1; i <= 6; i++)
		if (!isxdigit((unsigned char)p[i]))
			return 0;
	return p[7] == '\0' || isspace((unsigned char)p[7]);
}

/*
 * Splits LINE at blanks into WORDS; returns the count, or -1 when there
 * are more than MAX_WORDS. A word starting with '#' starts a comment,
 * unless it is a colour; a '#' inside a word (a path) is part of it.
 */
static int split(char *line, char *words[MAX_WORDS])
{
	int n = 0;

	for (char *p = line;;) {
		while (isspace((unsigned char)*p))
			p++;
		if (*p == '\0' || (*p == '#' && !is_color_word(p)))
			return n;
		if (n == MAX_WORDS)
			return -1;
		words[n++] = p;
		while (*p && !isspace((unsigned char)*p))
			p++;
		if (*p)
			*p++ = '\0';
	}
}

static int parse_int(const char *word, int low, int high, int *out)
{
	char *end;
	long value;

	errno = 0;
	value = strtol(word, &end, 10);
	if (errno || end == word || *end || value < low || value > high)
		return -1;
	*out = (int)value;
	return 0;
}

static int parse_color(const char *word, uint32_t *out)
{
	uint32_t value = 0;

	if (word[0] != '#' || strlen(word) != 7)
		return -1;
	for (int i = 1; i < 7; i++) {
		if (!isxdigit((unsigned char)word[i]))
			return -1;
		value = value << 4 |
			(uint32_t)(isdigit((unsigned char)word[i])
					   ? word[i] - '0'
					   : tolower((unsigned char)word[i]) - 'a' + 10);
	}
	*out = value;
	return 0;
}

static int complain(FILE *err, const char *file, int lineno,
		    const char *format, ...)
{
	va_list ap;

	fprintf(err, "%s:%d: ", file, lineno);
	va_start(ap, format);
	vfprintf(err, format, ap);
	va_end(ap);
	fputc('\n', err);
	return -1;
}

static int set_path(char *dest, size_t size, char **words, int n,
		    const char *file, int lineno, FILE *err)
{
	if (n != 2)
		return complain(err, file, lineno, "%s wants one path", words[0]);
	if (strlen(words[1]) >= size)
		return complain(err, file, lineno, "%s: the path is too long",
				words[0]);
	memcpy(dest, words[1], strlen(words[1]) + 1);
	return 0;
}

static int set_number(int *dest, int low, int high, char **words, int n,
		      const char *file, int lineno, FILE *err)
{
	int value;

	if (n != 2 || parse_int(words[1], low, high, &value) < 0)
		return complain(err, file, lineno,
				"%s wants a number from %d to %d%s%s%s",
				words[0], low, high, n > 1 ? ", not '" : "",
				n > 1 ? words[1] : "", n > 1 ? "'" : "");
	*dest = value;
	return 0;
}

static int set_colors(uint32_t *dest, int most, char **words, int n,
		      const char *file, int lineno, FILE *err)
{
	uint32_t values[16];

	if (n < 2 || n - 1 > most)
		return complain(err, file, lineno,
				"%s wants 1 to %d colours as #RRGGBB", words[0],
				most);
	for (int i = 1; i < n; i++)
		if (parse_color(words[i], &values[i - 1]) < 0)
			return complain(err, file, lineno,
					"%s: '%s' is not a colour as #RRGGBB",
					words[0], words[i]);
	memcpy(dest, values, sizeof(*values) * (size_t)(n - 1));
	return 0;
}

int config_parse_line(struct term_config *config, const char *line,
		      const char *file, int lineno, FILE *err)
{
	char copy[CONFIG_PATH_SIZE + 64], *words[MAX_WORDS];
	const char *name;
	int n;

	if (strlen(line) >= sizeof(copy))
		return complain(err, file, lineno, "the line is too long");
	memcpy(copy, line, strlen(line) + 1);
	n = split(copy, words);
	if (n < 0)
		return complain(err, file, lineno, "too many words");
	if (n == 0)
		return 0;
	name = words[0];
	if (strcmp(name, "font") == 0)
		return set_path(config->font, sizeof(config->font), words, n,
				file, lineno, err);
	if (strcmp(name, "bold") == 0)
		return set_path(config->bold, sizeof(config->bold), words, n,
				file, lineno, err);
	if (strcmp(name, "size") == 0)
		return set_number(&config->size, 6, 200, words, n, file,
				  lineno, err);
	if (strcmp(name, "scrollback") == 0)
		return set_number(&config->scrollback, 0, 100000, words, n,
				  file, lineno, err);
	if (strcmp(name, "foreground") == 0)
		return set_colors(&config->foreground, 1, words, n, file,
				  lineno, err);
	if (strcmp(name, "background") == 0)
		return set_colors(&config->background, 1, words, n, file,
				  lineno, err);
	if (strcmp(name, "colors") == 0)
		return set_colors(config->colors, 16, words, n, file, lineno,
				  err);
	return complain(err, file, lineno, "unknown directive '%s'", name);
}

int config_parse_stream(struct term_config *config, FILE *in,
			const char *file, FILE *err)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int lineno = 0, bad = 0;

	while ((len = getline(&line, &cap, in)) >= 0) {
		lineno++;
		if (len > 0 && line[len - 1] == '\n')
			line[len - 1] = '\0';
		if (config_parse_line(config, line, file, lineno, err) < 0)
			bad++;
	}
	free(line);
	return bad;
}

int config_load(struct term_config *config, const char *path, FILE *err)
{
	FILE *in = fopen(path, "re");
	int bad;

	if (!in) {
		if (errno == ENOENT)
			return 0;
		fprintf(err, "%s: %s\n", path, strerror(errno));
		return 1;
	}
	bad = config_parse_stream(config, in, path, err);
	fclose(in);
	return bad;
}

int config_bold_path(const char *font, char *out, size_t size)
{
	size_t len = strlen(font);
	int n;

	if (len < 4 || strcmp(font + len - 4, ".ttf") != 0)
		return -1;
	n = snprintf(out, size, "%.*s-Bold.ttf", (int)(len - 4), font);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}
