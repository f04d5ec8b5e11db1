/* surface.conf(5): every directive, every message, the override order. */
#define _POSIX_C_SOURCE 200809L
#include "config.h"
#include "config_load.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char messages[4096];

/* Parse TEXT as file "t.conf" over CONFIG; its messages go to messages. */
static int parse(struct surface_config *config, const char *text)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *err = open_memstream(&buf, &size);
	int n = config_parse_text(config, "t.conf", text, err);

	fclose(err);
	snprintf(messages, sizeof messages, "%s", buf);
	free(buf);
	return n;
}

/* One bad line: it is reported with its message and changes nothing. */
static void rejects(const char *text, const char *message)
{
	struct surface_config config, fresh;

	config_init(&config);
	config_init(&fresh);
	is_int(parse(&config, text), 1, "one error for '%s'", text);
	is_str(messages, message, "message for '%s'", text);
	ok(config.n_bindings == 0 && config.n_outputs == 0 &&
		   config.repeat_rate == fresh.repeat_rate &&
		   config.border_width == fresh.border_width &&
		   config.xkb_layout == NULL,
	   "'%s' left the defaults", text);
	config_free(&config);
}

static void test_defaults(void)
{
	struct surface_config c;

	config_init(&c);
	is_int(parse(&c, "# nothing but a comment\n\n   \n"), 0,
	       "comments and blank lines");
	is_int(c.repeat_rate, 25, "default repeat rate");
	is_int(c.repeat_delay, 600, "default repeat delay");
	is_int(c.border_width, 2, "default border width");
	ok(c.n_bindings == 0 && c.n_outputs == 0, "no bindings, no outputs");
	config_free(&c);
}

static void test_output(void)
{
	struct surface_config c;
	const struct output_config *o;

	config_init(&c);
	is_int(parse(&c, "output * mode 1024x768 scale 1\n"
			 "output Virtual-1 mode 800x600@59.94\n"
			 "output HDMI-A-1 scale 1.5"),
	       0, "three output lines");
	o = config_output(&c, "DP-1");
	ok(o && o->width == 1024 && o->height == 768 && o->scale == 1 &&
		   o->refresh_mhz == 0,
	   "an unnamed output takes *'s mode and scale");
	o = config_output(&c, "Virtual-1");
	ok(o && o->width == 800 && o->height == 600 &&
		   o->refresh_mhz == 59940 && o->scale == 0,
	   "a named output: mode with refresh");
	o = config_output(&c, "HDMI-A-1");
	ok(o && o->width == 0 && o->scale == 1.5, "scale alone");
	is_int(parse(&c, "output * scale 2"), 0, "a second * line");
	o = config_output(&c, "DP-1");
	ok(o && o->width == 1024 && o->scale == 2,
	   "a later line changes only what it names");
	config_free(&c);
	config_init(&c);
	ok(config_output(&c, "DP-1") == NULL, "no output lines: NULL");
	config_free(&c);
}

static void test_keyboard(void)
{
	struct surface_config c;

	config_init(&c);
	is_int(parse(&c, "keyboard layout us,de  # two layouts\n"
			 "keyboard variant ,nodeadkeys\n"
			 "keyboard model pc105\n"
			 "keyboard rules evdev\n"
			 "keyboard options grp:alt_shift_toggle\n"
			 "keyboard repeat 30 250\n"),
	       0, "every keyboard setting");
	is_str(c.xkb_layout, "us,de", "layout");
	is_str(c.xkb_variant, ",nodeadkeys", "variant");
	is_str(c.xkb_model, "pc105", "model");
	is_str(c.xkb_rules, "evdev", "rules");
	is_str(c.xkb_options, "grp:alt_shift_toggle", "options");
	is_int(c.repeat_rate, 30, "repeat rate");
	is_int(c.repeat_delay, 250, "repeat delay");
	is_int(parse(&c, "keyboard repeat 0 600"), 0, "rate 0: no repeat");
	is_int(c.repeat_rate, 0, "repeat off");
	config_free(&c);
}

static void test_border(void)
{
	struct surface_config c;

	config_init(&c);
	is_int(parse(&c, "border width 4\nborder focused ff0000\n"
			 "border unfocused 00ff00"),
	       0, "border lines");
	is_int(c.border_width, 4, "border width");
	is_int(c.border_focused, 0xff0000, "focused colour");
	is_int(c.border_unfocused, 0x00ff00, "unfocused colour");
	config_free(&c);
}

static void test_background(void)
{
	struct surface_config c;

	config_init(&c);
	is_int(c.background, 0, "the default background is black");
	is_int(parse(&c, "background 285577"), 0, "background line");
	is_int(c.background, 0x285577, "background colour");
	config_free(&c);
}

static const struct binding *bound(const struct surface_config *c,
				   const char *keys)
{
	struct keyspec spec;
	char why[100];

	if (keyspec_parse(keys, &spec, why, sizeof why) < 0)
		return NULL;
	return config_binding(c, &spec);
}

static void test_bind(void)
{
	struct surface_config c;
	const struct binding *b;

	config_init(&c);
	is_int(parse(&c, "bind Super+Return exec nexus-term\n"
			 "bind Super+Print exec nexus-shot  -o  /tmp/x.png # c\n"
			 "bind Super+q close\n"
			 "bind Super+t tile\n"
			 "bind Super+space layout next\n"
			 "bind Super+Shift+e exit\n"
			 "bind Super+j focus next\n"
			 "bind Super+k focus prev\n"
			 "bind Super+Left move left\n"
			 "bind Super+Shift+Right resize right 50\n"
			 "bind Ctrl+Alt+z zoom\n"),
	       0, "every action");
	is_int(c.n_bindings, 11, "eleven bindings");
	b = bound(&c, "Super+Return");
	ok(b && b->action == ACTION_EXEC, "exec");
	is_str(b ? b->command : NULL, "nexus-term", "exec's command");
	b = bound(&c, "Super+Print");
	is_str(b ? b->command : NULL, "nexus-shot  -o  /tmp/x.png",
	       "a command keeps its spacing, not its comment");
	b = bound(&c, "Super+q");
	ok(b && b->action == ACTION_CLOSE, "close");
	b = bound(&c, "super+T");
	ok(b && b->action == ACTION_TILE, "tile, found without case");
	b = bound(&c, "Super+space");
	ok(b && b->action == ACTION_LAYOUT_NEXT, "layout next");
	b = bound(&c, "Super+Shift+E");
	ok(b && b->action == ACTION_EXIT, "exit on Super+Shift+e");
	b = bound(&c, "Logo+j");
	ok(b && b->action == ACTION_FOCUS_NEXT, "focus next, Logo = Super");
	b = bound(&c, "Super+k");
	ok(b && b->action == ACTION_FOCUS_PREV, "focus prev");
	b = bound(&c, "Super+Left");
	ok(b && b->action == ACTION_MOVE && b->direction == DIR_LEFT &&
		   b->amount == 20,
	   "move left, 20 pixels by default");
	b = bound(&c, "Super+Shift+Right");
	ok(b && b->action == ACTION_RESIZE && b->direction == DIR_RIGHT &&
		   b->amount == 50,
	   "resize right 50");
	b = bound(&c, "Control+Mod1+z");
	ok(b && b->action == ACTION_ZOOM, "zoom, Control = Ctrl, Mod1 = Alt");
	is_int(parse(&c, "bind Super++ close"), 0, "Super++ binds the plus key");
	b = bound(&c, "Super+plus");
	ok(b && b->action == ACTION_CLOSE, "found as Super+plus");
	is_int(parse(&c, "unbind Super+plus"), 0, "and unbound");
	ok(bound(&c, "Super+Shift+q") == NULL, "Shift makes another binding");

	is_int(parse(&c, "bind Super+q exec xkill"), 0, "bind the same keys");
	is_int(c.n_bindings, 11, "it replaced the binding");
	b = bound(&c, "Super+q");
	ok(b && b->action == ACTION_EXEC, "the later binding wins");
	is_int(parse(&c, "unbind Super+q\nunbind Super+F12"), 0, "unbind");
	ok(bound(&c, "Super+q") == NULL, "unbind drops it");
	is_int(c.n_bindings, 10, "ten left; unbinding a free key is fine");
	config_free(&c);
}

static void test_errors(void)
{
	rejects("frobnicate on", "t.conf:1: unknown directive \"frobnicate\"\n");
	rejects("output *",
		"t.conf:1: output needs a name and mode or scale: output NAME "
		"[mode WxH[@HZ]] [scale S]\n");
	rejects("output * mode 1024by768",
		"t.conf:1: mode \"1024by768\" is not WIDTHxHEIGHT[@HZ]\n");
	rejects("output * mode 0x768",
		"t.conf:1: mode \"0x768\" is not WIDTHxHEIGHT[@HZ]\n");
	rejects("output * mode 800x600@",
		"t.conf:1: mode \"800x600@\" is not WIDTHxHEIGHT[@HZ]\n");
	rejects("output * scale 9",
		"t.conf:1: scale \"9\" is not a number from 0.25 to 8\n");
	rejects("output * mode 800x600 scale x",
		"t.conf:1: scale \"x\" is not a number from 0.25 to 8\n");
	rejects("output * size 800x600",
		"t.conf:1: output: unexpected \"size\" (mode or scale, each "
		"once)\n");
	rejects("output * scale 1 scale 2",
		"t.conf:1: output: unexpected \"scale\" (mode or scale, each "
		"once)\n");
	rejects("keyboard colour red",
		"t.conf:1: keyboard: unknown setting \"colour\" (layout, "
		"variant, model, rules, options, repeat)\n");
	rejects("keyboard layout us de",
		"t.conf:1: keyboard layout needs one value (no spaces)\n");
	rejects("keyboard repeat 25",
		"t.conf:1: keyboard repeat needs a rate (per second) and a "
		"delay (ms)\n");
	rejects("keyboard repeat fast 600",
		"t.conf:1: repeat rate \"fast\" is not a number from 0 to "
		"1000\n");
	rejects("keyboard repeat 25 0",
		"t.conf:1: repeat delay \"0\" is not a number from 1 to "
		"10000\n");
	rejects("border width", "t.conf:1: border needs a setting and one "
				"value\n");
	rejects("border width 100",
		"t.conf:1: border width \"100\" is not a number from 0 to 64\n");
	rejects("border colour ff0000",
		"t.conf:1: border: unknown setting \"colour\" (width, "
		"focused, unfocused)\n");
	rejects("background", "t.conf:1: background needs one colour "
			      "(RRGGBB)\n");
	rejects("background 285577 ff0000", "t.conf:1: background needs one "
					    "colour (RRGGBB)\n");
	rejects("background navy", "t.conf:1: colour \"navy\" is not RRGGBB\n");
	rejects("border focused red",
		"t.conf:1: colour \"red\" is not RRGGBB\n");
	rejects("border focused ff00001",
		"t.conf:1: colour \"ff00001\" is not RRGGBB\n");
	rejects("bind Super+q", "t.conf:1: bind needs keys and an action\n");
	rejects("bind Hyper+q close",
		"t.conf:1: unknown modifier \"Hyper\" in Hyper+q\n");
	rejects("bind Super+Nokey close",
		"t.conf:1: unknown key \"Nokey\" in Super+Nokey\n");
	rejects("bind Super+ close", "t.conf:1: no key in \"Super+\"\n");
	rejects("bind Super+q explode",
		"t.conf:1: unknown action \"explode\"\n");
	rejects("bind Super+q close now",
		"t.conf:1: close takes no argument\n");
	rejects("bind Super+Return exec   # no command",
		"t.conf:1: exec needs a command\n");
	rejects("bind Super+space layout prev",
		"t.conf:1: layout takes \"next\"\n");
	rejects("bind Super+j focus up",
		"t.conf:1: focus takes \"next\" or \"prev\"\n");
	rejects("bind Super+Left move",
		"t.conf:1: move needs a direction and maybe pixels: move "
		"left|right|up|down [PIXELS]\n");
	rejects("bind Super+Left move sideways",
		"t.conf:1: direction \"sideways\" is not left, right, up or "
		"down\n");
	rejects("bind Super+Left resize left -5",
		"t.conf:1: pixels \"-5\" is not a number from 1 to 10000\n");
	rejects("unbind", "t.conf:1: unbind needs keys and nothing else\n");
	rejects("unbind Hyper+x",
		"t.conf:1: unknown modifier \"Hyper\" in Hyper+x\n");
	rejects("a b c d e f g h i j k l m n o p q",
		"t.conf:1: more than 16 words\n");
}

static void test_bad_line_keeps_the_rest(void)
{
	struct surface_config c;

	config_init(&c);
	is_int(parse(&c, "keyboard repeat 40 300\n"
			 "keyboard repeat 99999 1\n"
			 "bind Super+q close\n"
			 "nonsense\n"),
	       2, "two bad lines of four");
	is_str(messages,
	       "t.conf:2: repeat rate \"99999\" is not a number from 0 to 1000\n"
	       "t.conf:4: unknown directive \"nonsense\"\n",
	       "each named by its line");
	is_int(c.repeat_rate, 40, "the bad line kept the earlier rate");
	is_int(c.repeat_delay, 300, "and the earlier delay");
	is_int(c.n_bindings, 1, "the line after a bad one applies");
	config_free(&c);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f == NULL) {
		perror(path);
		exit(2);
	}
	fputs(text, f);
	fclose(f);
}

/* Run config_parse_file on PATH; its messages in messages. */
static int parse_path(const char *path)
{
	struct surface_config c;
	char *buf = NULL;
	size_t size = 0;
	FILE *err = open_memstream(&buf, &size);
	int n;

	config_init(&c);
	n = config_parse_file(&c, path, 0, err);
	fclose(err);
	snprintf(messages, sizeof messages, "%s", buf);
	free(buf);
	config_free(&c);
	return n;
}

/* Files that are not text, or too large, are refused whole. */
static void test_odd_files(const char *dir)
{
	char path[96], want[160];
	FILE *f;

	snprintf(path, sizeof path, "%s/nul.conf", dir);
	f = fopen(path, "w");
	fwrite("bind Super+q close\n\0\n", 1, 21, f);
	fclose(f);
	is_int(parse_path(path), 1, "a file with a NUL byte is an error");
	snprintf(want, sizeof want, "%s: not text (holds a NUL byte)\n", path);
	is_str(messages, want, "saying so");
	unlink(path);

	snprintf(path, sizeof path, "%s/big.conf", dir);
	f = fopen(path, "w");
	for (int i = 0; i < (1 << 20) / 16 + 1; i++)
		fputs("# sixteen bytes\n", f);
	fclose(f);
	is_int(parse_path(path), 1, "a file over 1 MiB is an error");
	snprintf(want, sizeof want, "%s: larger than 1 MiB\n", path);
	is_str(messages, want, "saying so");
	unlink(path);
}

static void test_files(void)
{
	char dir[] = "/tmp/surface-config-XXXXXX";
	char system[64], user_dir[64], user[96], path[160];
	struct surface_config c;
	char *buf = NULL;
	size_t size = 0;
	FILE *err;
	int n;

	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		exit(2);
	}
	snprintf(system, sizeof system, "%s/system.conf", dir);
	snprintf(user_dir, sizeof user_dir, "%s/surface", dir);
	snprintf(user, sizeof user, "%s/surface.conf", user_dir);
	write_file(system, "keyboard layout us\nkeyboard repeat 25 600\n"
			   "bind Super+q close\nbind Super+t tile\n");
	if (mkdir(user_dir, 0700) < 0) {
		perror(user_dir);
		exit(2);
	}
	write_file(user, "keyboard layout de\nbind Super+q exec xkill\n"
			 "bogus\n");
	setenv("XDG_CONFIG_HOME", dir, 1);

	err = open_memstream(&buf, &size);
	config_init(&c);
	n = config_load(&c, NULL, system, err);
	fclose(err);
	is_int(n, 1, "system then user: the user's bad line counted");
	snprintf(path, sizeof path, "%s:3: unknown directive \"bogus\"\n",
		 user);
	is_str(buf, path, "named by the user's file and line");
	is_str(c.xkb_layout, "de", "the user's layout overrides");
	is_int(c.repeat_rate, 25, "the system's repeat stays");
	ok(bound(&c, "Super+q") && bound(&c, "Super+q")->action == ACTION_EXEC,
	   "the user's binding of the same keys replaces the system's");
	ok(bound(&c, "Super+t") != NULL, "the system's other binding stays");
	config_free(&c);
	free(buf);

	config_init(&c);
	err = fopen("/dev/null", "w");
	n = config_load(&c, system, "/nonexistent", err);
	fclose(err);
	is_int(n, 0, "-c FILE reads only FILE");
	is_str(c.xkb_layout, "us", "and not the user's");
	config_free(&c);

	buf = NULL;
	err = open_memstream(&buf, &size);
	config_init(&c);
	n = config_load(&c, "/nonexistent/surface.conf", system, err);
	fclose(err);
	is_int(n, 1, "-c with a missing file is an error");
	is_str(buf, "/nonexistent/surface.conf: No such file or directory\n",
	       "naming the file");
	config_free(&c);
	free(buf);

	buf = NULL;
	err = open_memstream(&buf, &size);
	config_init(&c);
	setenv("XDG_CONFIG_HOME", "/nonexistent", 1);
	n = config_load(&c, NULL, "/nonexistent/system.conf", err);
	fclose(err);
	ok(n == 0 && size == 0, "missing default files are silent");
	config_free(&c);
	free(buf);

	test_odd_files(dir);
	unlink(user);
	rmdir(user_dir);
	unlink(system);
	rmdir(dir);
}

static void test_way_out(void)
{
	struct surface_config c;
	FILE *err = fopen("/dev/null", "w");

	config_init(&c);
	is_int(config_way_out(&c, err), 1, "no bindings: the built-in way out");
	ok(bound(&c, "Super+Return") &&
		   bound(&c, "Super+Return")->action == ACTION_EXEC &&
		   strcmp(bound(&c, "Super+Return")->command, "nexus-term") == 0,
	   "Super+Return opens nexus-term");
	ok(bound(&c, "Super+Shift+e") &&
		   bound(&c, "Super+Shift+e")->action == ACTION_EXIT,
	   "Super+Shift+e exits");
	config_free(&c);
	config_init(&c);
	parse(&c, "bind Super+q close");
	is_int(config_way_out(&c, err), 0, "a configured binding: none added");
	is_int(c.n_bindings, 1, "  ...the one binding stays alone");
	config_free(&c);
	fclose(err);
}

static void test_user_path(void)
{
	char buf[256];

	setenv("XDG_CONFIG_HOME", "/x/cfg", 1);
	ok(config_user_path(buf, sizeof buf) == 0 &&
		   strcmp(buf, "/x/cfg/surface/surface.conf") == 0,
	   "XDG_CONFIG_HOME first");
	setenv("XDG_CONFIG_HOME", "relative", 1);
	setenv("HOME", "/home/u", 1);
	ok(config_user_path(buf, sizeof buf) == 0 &&
		   strcmp(buf, "/home/u/.config/surface/surface.conf") == 0,
	   "a relative XDG_CONFIG_HOME is ignored for HOME");
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("HOME");
	ok(config_user_path(buf, sizeof buf) < 0, "neither: no user file");
}

int main(void)
{
	test_defaults();
	test_output();
	test_keyboard();
	test_border();
	test_background();
	test_bind();
	test_errors();
	test_bad_line_keeps_the_rest();
	test_files();
	test_way_out();
	test_user_path();
	return done_testing();
}
