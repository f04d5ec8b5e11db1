/* Manifest text: canonical output, strict parsing with line numbers. */
#include "manifest.h"
#include "tap.h"

#include <stdlib.h>

#define HASH "0000000000000000000000000000000000000000000000000000000000000000"
#define HEAD                                                                 \
	"npk-manifest 1\nname foo\nversion 1.0\nrelease 1\nsummary S\n"     \
	"license MIT\n"

static int parses(const char *text, const char *want_error)
{
	struct npk_manifest m;
	int rc = manifest_parse(&m, text, "t");

	if (rc == 0) {
		manifest_free(&m);
		return want_error == NULL;
	}
	if (!want_error || !strstr(fail_message(), want_error)) {
		printf("# error was: %s\n", fail_message());
		return 0;
	}
	return 1;
}

int main(void)
{
	struct npk_manifest m = {0};
	struct npk_file *f;
	struct buf out = {0};
	const char *good = HEAD "installed-size 3\n"
				"file d 0755 0 0 0 - usr\n"
				"file f 4755 0 0 3 " HASH " usr/a%20b\n"
				"file l 0777 0 0 0 - usr/c a%20b\n";

	ok(parses(good, NULL), "a good manifest parses");
	ok(manifest_parse(&m, good, "t") == 0, "parse for round trip");
	manifest_write(&out, &m);
	is_str(out.data, good, "writing gives the same bytes");
	ok(m.files[1].mode == 04755 && !strcmp(m.files[1].path, "usr/a b"),
	   "setuid mode and escaped path read back");
	ok(manifest_find(&m, "usr/c") == &m.files[2], "binary search finds");
	ok(manifest_find(&m, "usr/d") == NULL, "and misses");
	manifest_free(&m);
	buf_free(&out);

	ok(parses("npk-manifest 2\n", "unsupported version"), "version 2");
	ok(parses(HEAD "colour red\n", "line 7: unknown key"),
	   "unknown keys are errors with a line number");
	ok(parses(HEAD "file f 0644 0 0 1 " HASH " ../x\n", "'..'"), "..");
	ok(parses(HEAD "file f 0644 0 0 1 " HASH " /etc/x\n", "absolute"),
	   "absolute");
	ok(parses(HEAD "file c 0644 0 0 0 - dev\n", "unknown file type"),
	   "device nodes");
	ok(parses(HEAD "file d 0755 0 0 0 - a\nfile l 0777 0 0 0 - a/l "
		       "../../etc\n",
		  "outside the root"),
	   "symlink out of the root");
	ok(parses(HEAD "file f 0644 0 0 1 " HASH " a/b\n", "parent directory"),
	   "a file without its directory");
	ok(parses(HEAD "file f 0644 0 0 1 " HASH " b\nfile f 0644 0 0 1 " HASH
		       " a\n",
		  "not sorted"),
	   "unsorted files");
	ok(parses(HEAD "file f 0644 0 0 1 " HASH " a\nfile f 0644 0 0 1 " HASH
		       " a\n",
		  "duplicates"),
	   "duplicate paths");
	ok(parses("npk-manifest 1\nname foo\n", "version"),
	   "missing fields are named");
	ok(parses(HEAD "file f 0644 0 0 1 " HASH " a", "newline"),
	   "a cut last line");
	ok(parses(HEAD "file f 10644 0 0 1 " HASH " a\n", "bad mode"),
	   "modes beyond 07777");

	f = manifest_add(&m);
	(void)f;
	manifest_free(&m);
	return done_testing();
}
