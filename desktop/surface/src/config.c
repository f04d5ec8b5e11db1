/*
 * surface.conf(5): one directive per line, applied in order over the
 * defaults, so the user's file read after the system's overrides it
 * directive by directive. A bad line is reported as FILE:LINE and
 * changes nothing: each line is parsed whole before it is applied.
 */
#define _POSIX_C_SOURCE 200809L
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WORDS 16
#define MAX_FILE_SIZE (1 << 20)

struct line {
	const char *name;	/* the file, for messages */
	int number;
	FILE *err;
	char *words[MAX_WORDS];
	int n_words;
	char *rest[MAX_WORDS];	/* the text from each word to the end */
};

static int bad(struct line *line, const char *fmt, ...)
{
	va_list ap;

	fprintf(line->err, "%s:%d: ", line->name, line->number);
	va_start(ap, fmt);
	vfprintf(line->err, fmt, ap);
	va_end(ap);
	fputc('\n', line->err);
	return -1;
}

static void *xrealloc(void *p, size_t size)
{
	void *q = realloc(p, size);

	if (q == NULL) {
		perror("surface");
		exit(1);
	}
	return q;
}

static char *xstrdup(const char *s)
{
	size_t size = strlen(s) + 1;

	return memcpy(xrealloc(NULL, size), s, size);
}

static void replace_string(char **slot, const char *value)
{
	free(*slot);
	*slot = value ? xstrdup(value) : NULL;
}

void config_init(struct surface_config *config)
{
	memset(config, 0, sizeof *config);
	config->repeat_rate = 25;
	config->repeat_delay = 600;
	config->border_width = 2;
	config->border_focused = 0x4c7899;
	config->border_unfocused = 0x333333;
}

static void binding_free(struct binding *binding)
{
	free(binding->command);
}

void config_free(struct surface_config *config)
{
	for (int i = 0; i < config->n_outputs; i++)
		free(config->outputs[i].name);
	for (int i = 0; i < config->n_bindings; i++)
		binding_free(&config->bindings[i]);
	free(config->outputs);
	free(config->bindings);
	free(config->xkb_rules);
	free(config->xkb_model);
	free(config->xkb_layout);
	free(config->xkb_variant);
	free(config->xkb_options);
	memset(config, 0, sizeof *config);
}

/* A whole decimal number in [MIN, MAX]. */
static int parse_int(struct line *line, const char *text, const char *what,
		     long min, long max, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(text, &end, 10);
	if (errno || end == text || *end || v < min || v > max)
		return bad(line, "%s \"%s\" is not a number from %ld to %ld",
			   what, text, min, max);
	*out = (int)v;
	return 0;
}

static int parse_color(struct line *line, const char *text, uint32_t *out)
{
	char *end;
	unsigned long v;

	v = strtoul(text, &end, 16);
	if (strlen(text) != 6 || *end)
		return bad(line, "colour \"%s\" is not RRGGBB", text);
	*out = (uint32_t)v;
	return 0;
}

/* WxH or WxH@HZ, HZ possibly with decimals (59.94). */
static int parse_mode(struct line *line, const char *text,
		      struct output_config *out)
{
	const char *whole = text;
	char *end;
	long w, h;
	double hz = 0;

	errno = 0;
	w = strtol(text, &end, 10);
	if (end == text || *end != 'x')
		goto invalid;
	text = end + 1;
	h = strtol(text, &end, 10);
	if (end == text || (*end && *end != '@'))
		goto invalid;
	if (*end == '@') {
		text = end + 1;
		hz = strtod(text, &end);
		if (end == text || *end || hz <= 0 || hz > 1000)
			goto invalid;
	}
	if (errno || w < 1 || w > 16384 || h < 1 || h > 16384)
		goto invalid;
	out->width = (int)w;
	out->height = (int)h;
	out->refresh_mhz = (int)(hz * 1000 + 0.5);
	return 0;
invalid:
	return bad(line, "mode \"%s\" is not WIDTHxHEIGHT[@HZ]", whole);
}

static int parse_scale(struct line *line, const char *text, double *out)
{
	char *end;
	double v = strtod(text, &end);

	if (end == text || *end || !(v >= 0.25 && v <= 8))
		return bad(line, "scale \"%s\" is not a number from 0.25 to 8",
			   text);
	*out = v;
	return 0;
}

static struct output_config *output_slot(struct surface_config *config,
					 const char *name)
{
	struct output_config *o;

	for (int i = 0; i < config->n_outputs; i++)
		if (strcmp(config->outputs[i].name, name) == 0)
			return &config->outputs[i];
	config->outputs = xrealloc(config->outputs,
				   (config->n_outputs + 1) * sizeof *o);
	o = &config->outputs[config->n_outputs++];
	memset(o, 0, sizeof *o);
	o->name = xstrdup(name);
	return o;
}

/* output NAME [mode WxH[@HZ]] [scale S] */
static int directive_output(struct surface_config *config, struct line *line)
{
	struct output_config set = { 0 };
	int has_mode = 0, has_scale = 0;
	struct output_config *o;

	if (line->n_words < 4 || line->n_words % 2)
		return bad(line, "output needs a name and mode or scale: "
				 "output NAME [mode WxH[@HZ]] [scale S]");
	for (int i = 2; i < line->n_words; i += 2) {
		const char *key = line->words[i], *value = line->words[i + 1];

		if (strcmp(key, "mode") == 0 && !has_mode) {
			if (parse_mode(line, value, &set) < 0)
				return -1;
			has_mode = 1;
		} else if (strcmp(key, "scale") == 0 && !has_scale) {
			if (parse_scale(line, value, &set.scale) < 0)
				return -1;
			has_scale = 1;
		} else {
			return bad(line, "output: unexpected \"%s\" (mode or "
					 "scale, each once)", key);
		}
	}
	o = output_slot(config, line->words[1]);
	if (has_mode) {
		o->width = set.width;
		o->height = set.height;
		o->refresh_mhz = set.refresh_mhz;
	}
	if (has_scale)
		o->scale = set.scale;
	return 0;
}

/* keyboard layout|variant|model|rules|options VALUE, keyboard repeat R D */
static int directive_keyboard(struct surface_config *config,
			      struct line *line)
{
	static const char *const names[] = { "rules", "model", "layout",
					     "variant", "options" };
	char **slots[] = { &config->xkb_rules, &config->xkb_model,
			   &config->xkb_layout, &config->xkb_variant,
			   &config->xkb_options };
	const char *what = line->n_words > 1 ? line->words[1] : "";
	int rate = 0, delay = 0;

	if (strcmp(what, "repeat") == 0) {
		if (line->n_words != 4)
			return bad(line, "keyboard repeat needs a rate (per "
					 "second) and a delay (ms)");
		if (parse_int(line, line->words[2], "repeat rate", 0, 1000,
			      &rate) < 0 ||
		    parse_int(line, line->words[3], "repeat delay", 1, 10000,
			      &delay) < 0)
			return -1;
		config->repeat_rate = rate;
		config->repeat_delay = delay;
		return 0;
	}
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		if (strcmp(what, names[i]) != 0)
			continue;
		if (line->n_words != 3)
			return bad(line, "keyboard %s needs one value (no "
					 "spaces)", what);
		replace_string(slots[i], line->words[2]);
		return 0;
	}
	return bad(line, "keyboard: unknown setting \"%s\" (layout, "
			 "variant, model, rules, options, repeat)", what);
}

/* border width N | border focused RRGGBB | border unfocused RRGGBB */
static int directive_border(struct surface_config *config, struct line *line)
{
	const char *what = line->n_words > 1 ? line->words[1] : "";
	uint32_t color = 0;
	int width = 0;

	if (line->n_words != 3)
		return bad(line, "border needs a setting and one value");
	if (strcmp(what, "width") == 0) {
		if (parse_int(line, line->words[2], "border width", 0, 64,
			      &width) < 0)
			return -1;
		config->border_width = width;
		return 0;
	}
	if (strcmp(what, "focused") != 0 && strcmp(what, "unfocused") != 0)
		return bad(line, "border: unknown setting \"%s\" (width, "
				 "focused, unfocused)", what);
	if (parse_color(line, line->words[2], &color) < 0)
		return -1;
	if (what[0] == 'f')
		config->border_focused = color;
	else
		config->border_unfocused = color;
	return 0;
}

/* background RRGGBB */
static int directive_background(struct surface_config *config,
				struct line *line)
{
	uint32_t color = 0;

	if (line->n_words != 2)
		return bad(line, "background needs one colour (RRGGBB)");
	if (parse_color(line, line->words[1], &color) < 0)
		return -1;
	config->background = color;
	return 0;
}

static int parse_direction(struct line *line, const char *text,
			   enum direction *out)
{
	static const char *const names[] = { "left", "right", "up", "down" };

	for (int i = 0; i < 4; i++) {
		if (strcmp(text, names[i]) == 0) {
			*out = (enum direction)i;
			return 0;
		}
	}
	return bad(line, "direction \"%s\" is not left, right, up or down",
		   text);
}

/* move|resize DIRECTION [PIXELS] */
static int parse_step(struct line *line, int first, struct binding *b)
{
	const char *verb = line->words[first];

	b->amount = 20;
	if (line->n_words < first + 2 || line->n_words > first + 3)
		return bad(line, "%s needs a direction and maybe pixels: %s "
				 "left|right|up|down [PIXELS]", verb, verb);
	if (parse_direction(line, line->words[first + 1], &b->direction) < 0)
		return -1;
	if (line->n_words == first + 3)
		return parse_int(line, line->words[first + 2], "pixels", 1,
				 10000, &b->amount);
	return 0;
}

static const struct {
	const char *name;
	enum action action;
} plain_actions[] = {
	{ "close", ACTION_CLOSE }, { "exit", ACTION_EXIT },
	{ "tile", ACTION_TILE }, { "zoom", ACTION_ZOOM },
};

/* The action of a bind line, from word FIRST on. */
static int parse_action(struct line *line, int first, struct binding *b)
{
	const char *verb = line->words[first];
	const char *arg = first + 1 < line->n_words ? line->words[first + 1]
						    : NULL;

	if (strcmp(verb, "exec") == 0) {
		if (arg == NULL)
			return bad(line, "exec needs a command");
		b->action = ACTION_EXEC;
		b->command = xstrdup(line->rest[first + 1]);
		return 0;
	}
	if (strcmp(verb, "move") == 0 || strcmp(verb, "resize") == 0) {
		b->action = verb[0] == 'm' ? ACTION_MOVE : ACTION_RESIZE;
		return parse_step(line, first, b);
	}
	if (strcmp(verb, "layout") == 0 || strcmp(verb, "focus") == 0) {
		if (line->n_words != first + 2 ||
		    (verb[0] == 'l' && strcmp(arg, "next") != 0) ||
		    (verb[0] == 'f' && strcmp(arg, "next") != 0 &&
		     strcmp(arg, "prev") != 0))
			return bad(line, verb[0] == 'l' ?
					 "layout takes \"next\"" :
					 "focus takes \"next\" or \"prev\"");
		b->action = verb[0] == 'l' ? ACTION_LAYOUT_NEXT :
			    strcmp(arg, "next") == 0 ? ACTION_FOCUS_NEXT :
						       ACTION_FOCUS_PREV;
		return 0;
	}
	for (size_t i = 0; i < sizeof plain_actions / sizeof *plain_actions;
	     i++) {
		if (strcmp(verb, plain_actions[i].name) != 0)
			continue;
		if (arg != NULL)
			return bad(line, "%s takes no argument", verb);
		b->action = plain_actions[i].action;
		return 0;
	}
	return bad(line, "unknown action \"%s\"", verb);
}

static struct binding *binding_slot(struct surface_config *config,
				    const struct keyspec *keys)
{
	for (int i = 0; i < config->n_bindings; i++)
		if (keyspec_equal(&config->bindings[i].keys, keys))
			return &config->bindings[i];
	return NULL;
}

/* bind KEYS ACTION [ARGS] */
static int directive_bind(struct surface_config *config, struct line *line)
{
	struct binding b = { 0 }, *slot;
	char why[160];

	if (line->n_words < 3)
		return bad(line, "bind needs keys and an action");
	if (keyspec_parse(line->words[1], &b.keys, why, sizeof why) < 0)
		return bad(line, "%s", why);
	if (parse_action(line, 2, &b) < 0) {
		binding_free(&b);
		return -1;
	}
	slot = binding_slot(config, &b.keys);
	if (slot != NULL) {
		binding_free(slot);
	} else {
		config->bindings = xrealloc(config->bindings,
					    (config->n_bindings + 1) *
						    sizeof *slot);
		slot = &config->bindings[config->n_bindings++];
	}
	*slot = b;
	return 0;
}

/* unbind KEYS: drop a binding an earlier file made. */
static int directive_unbind(struct surface_config *config, struct line *line)
{
	struct keyspec keys;
	struct binding *slot;
	char why[160];

	if (line->n_words != 2)
		return bad(line, "unbind needs keys and nothing else");
	if (keyspec_parse(line->words[1], &keys, why, sizeof why) < 0)
		return bad(line, "%s", why);
	slot = binding_slot(config, &keys);
	if (slot != NULL) {
		binding_free(slot);
		*slot = config->bindings[--config->n_bindings];
	}
	return 0;
}

/* Split LINE's text (changed in place) into words. */
static int split_words(struct line *line, char *text)
{
	char *p = text;

	line->n_words = 0;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (*p == '\0')
			return 0;
		if (line->n_words == MAX_WORDS)
			return bad(line, "more than %d words", MAX_WORDS);
		line->rest[line->n_words] = p;
		line->words[line->n_words++] = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\r')
			p++;
		if (*p)
			*p++ = '\0';
	}
}

/*
 * rest[i] must run to the end of the line with its own spacing, but
 * split_words cut it at each word: mend the cuts after word I.
 */
static void mend_rest(struct line *line, int i, char *end)
{
	for (char *p = line->rest[i]; p < end; p++)
		if (*p == '\0')
			*p = ' ';
	/* Trailing blanks were not cut out of the command: drop them. */
	while (end > line->rest[i] && (end[-1] == ' ' || end[-1] == '\t' ||
				       end[-1] == '\r' || end[-1] == '\0'))
		*--end = '\0';
}

static int apply_line(struct surface_config *config, struct line *line,
		      char *text)
{
	char *comment = strchr(text, '#');
	char *end;
	const char *d;

	if (comment != NULL)
		*comment = '\0';	/* so a command cannot hold a '#' */
	end = text + strlen(text);
	if (split_words(line, text) < 0)
		return -1;
	if (line->n_words == 0)
		return 0;
	d = line->words[0];
	if (strcmp(d, "bind") == 0 && line->n_words > 3 &&
	    strcmp(line->words[2], "exec") == 0)
		mend_rest(line, 3, end);
	if (strcmp(d, "output") == 0)
		return directive_output(config, line);
	if (strcmp(d, "keyboard") == 0)
		return directive_keyboard(config, line);
	if (strcmp(d, "border") == 0)
		return directive_border(config, line);
	if (strcmp(d, "background") == 0)
		return directive_background(config, line);
	if (strcmp(d, "bind") == 0)
		return directive_bind(config, line);
	if (strcmp(d, "unbind") == 0)
		return directive_unbind(config, line);
	return bad(line, "unknown directive \"%s\"", d);
}

int config_parse_text(struct surface_config *config, const char *name,
		      const char *text, FILE *err)
{
	struct line line = { .name = name, .err = err };
	char *copy = xstrdup(text);
	char *start = copy;
	int errors = 0;

	while (start != NULL) {
		char *newline = strchr(start, '\n');

		if (newline != NULL)
			*newline = '\0';
		line.number++;
		if (apply_line(config, &line, start) < 0)
			errors++;
		start = newline ? newline + 1 : NULL;
	}
	free(copy);
	return errors;
}

static char *read_whole(FILE *f, const char *path, FILE *err)
{
	char *text = xrealloc(NULL, MAX_FILE_SIZE + 1);
	size_t n = fread(text, 1, MAX_FILE_SIZE + 1, f);

	if (ferror(f) || n > MAX_FILE_SIZE || memchr(text, '\0', n)) {
		fprintf(err, "%s: %s\n", path,
			ferror(f) ? strerror(errno) :
			n > MAX_FILE_SIZE ? "larger than 1 MiB" :
					    "not text (holds a NUL byte)");
		free(text);
		return NULL;
	}
	text[n] = '\0';
	return text;
}

int config_parse_file(struct surface_config *config, const char *path,
		      int missing_ok, FILE *err)
{
	FILE *f = fopen(path, "r");
	char *text;
	int errors;

	if (f == NULL) {
		if (errno == ENOENT && missing_ok)
			return -1;
		fprintf(err, "%s: %s\n", path, strerror(errno));
		return 1;
	}
	text = read_whole(f, path, err);
	fclose(f);
	if (text == NULL)
		return 1;
	errors = config_parse_text(config, path, text, err);
	free(text);
	return errors;
}

const struct output_config *config_output(const struct surface_config *config,
					  const char *name)
{
	const struct output_config *any = NULL;

	for (int i = 0; i < config->n_outputs; i++) {
		if (strcmp(config->outputs[i].name, name) == 0)
			return &config->outputs[i];
		if (strcmp(config->outputs[i].name, "*") == 0)
			any = &config->outputs[i];
	}
	return any;
}

const struct binding *config_binding(const struct surface_config *config,
				     const struct keyspec *keys)
{
	return binding_slot((struct surface_config *)config, keys);
}
