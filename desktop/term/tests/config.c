/* The config file: each directive, the errors, and what a bad line keeps. */
#define _GNU_SOURCE
#include "config.h"
#include "tap.h"

#include <stdlib.h>

static char errors[1024];

/* TEXT parsed as FILE "t.conf" into CONFIG; returns the bad lines. */
static int parse(struct term_config *config, const char *text)
{
	FILE *in = fmemopen((void *)text, strlen(text), "r");
	FILE *err = fmemopen(errors, sizeof(errors), "w");
	int bad;

	memset(errors, 0, sizeof(errors));
	bad = config_parse_stream(config, in, "t.conf", err);
	fclose(in);
	fclose(err);
	return bad;
}

static void directives(void)
{
	struct term_config c;

	config_defaults(&c);
	is_str(c.font, CONFIG_DEFAULT_FONT, "the default font");
	is_int(parse(&c, "# a comment\n\n"
			 "font /f/Mono.ttf   # trailing comment\n"
			 "bold /f/MonoB.ttf\n"
			 "size 22 #big\n"
			 "\tscrollback 0\n"
			 "foreground #A0b1C2\n"
			 "background #000000\n"
			 "colors #111111 #222222 # #333333 is a comment\n"),
	       0, "a good file has no bad lines");
	is_str(c.font, "/f/Mono.ttf", "font");
	is_str(c.bold, "/f/MonoB.ttf", "bold");
	is_int(c.size, 22, "size");
	is_int(c.scrollback, 0, "scrollback 0 is allowed");
	is_int(c.foreground, 0xa0b1c2, "foreground, either case of hex");
	is_int(c.background, 0, "background");
	ok(c.colors[0] == 0x111111 && c.colors[1] == 0x222222,
	   "colors sets from 0");
	is_int(c.colors[2], 0x33aa33, "and leaves the rest");
}

static void errors_kept(void)
{
	struct term_config c;

	config_defaults(&c);
	is_int(parse(&c, "size 22\nsize huge\nsize 500\nsize\n"), 3,
	       "three bad sizes");
	is_int(c.size, 22, "the good line before them stays");
	ok(strstr(errors, "t.conf:2: size wants a number from 6 to 200, "
			  "not 'huge'") != NULL,
	   "the error names file, line and the word");
	ok(strstr(errors, "t.conf:3:") && strstr(errors, "t.conf:4:"),
	   "every bad line is reported");
	is_int(parse(&c, "colors #111111 red\n"), 1, "a bad colour");
	is_int(c.colors[0], 0x000000, "leaves all of colors as it was");
	ok(strstr(errors, "'red' is not a colour") != NULL, "and says so");
	is_int(parse(&c, "fnot /x\nfont\nforeground red\nsize 12 13\n"), 4,
	       "unknown directive, missing and wrong arguments");
	ok(strstr(errors, "t.conf:1: unknown directive 'fnot'") != NULL,
	   "an unknown directive is named");
	is_int(parse(&c, "colors #1 #1 #1 #1 #1 #1 #1 #1 #1 #1 #1 #1 #1 #1 "
			 "#1 #1 #1\n"),
	       1, "seventeen colours are too many");
	is_int(c.size, 22, "and nothing else changed");
}

static void bold_path(void)
{
	char out[64];

	ok(config_bold_path("/f/DejaVuSansMono.ttf", out, sizeof(out)) == 0,
	   "a .ttf has a bold name");
	is_str(out, "/f/DejaVuSansMono-Bold.ttf", "with -Bold before .ttf");
	is_int(config_bold_path("/f/font.otf", out, sizeof(out)), -1,
	       "another suffix has none");
	is_int(config_bold_path("/f/a-long-name.ttf", out, 8), -1,
	       "nor does one too long");
}

int main(void)
{
	directives();
	errors_kept();
	bold_path();
	return done_testing();
}
