/* Path validation, escaping and symlink containment. */
#include "manifest.h"
#include "tap.h"

#include <stdlib.h>

int main(void)
{
	static const char *const bad[] = {
		"", "/etc/passwd", "a//b", "a/./b", "a/../b", "..", "a/",
		".nip-1-2", "usr/.nip-stage",
	};
	struct buf b = {0};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok(path_invalid_reason(bad[i]) != NULL, "'%s' is refused",
		   bad[i]);
	ok(path_invalid_reason("usr/bin/x") == NULL, "usr/bin/x is fine");
	ok(path_invalid_reason("a/..b/c.d") == NULL, "..b is a name");

	path_encode(&b, "a b%c\n\x7f\xc3\xa9");
	is_str(b.data, "a%20b%25c%0a%7f\xc3\xa9", "encoding escapes blanks");
	ok(path_decode(b.data) == 0, "decoding succeeds");
	is_str(b.data, "a b%c\n\x7f\xc3\xa9", "decoding round-trips");
	buf_free(&b);
	{
		char nul[] = "a%00b", bad_hex[] = "a%zz", cut[] = "a%2";

		ok(path_decode(nul) < 0, "an encoded NUL is refused");
		ok(path_decode(bad_hex) < 0, "a bad escape is refused");
		ok(path_decode(cut) < 0, "a cut escape is refused");
	}

	ok(link_target_inside("usr/bin/sh", "dash"), "sibling link");
	ok(link_target_inside("usr/bin/sh", "../lib/x"), "up one level");
	ok(link_target_inside("usr/bin/sh", "../../etc/x"), "up to the root");
	ok(!link_target_inside("usr/bin/sh", "../../../etc"),
	   "above the root is refused");
	ok(!link_target_inside("x", "a/../../b"), "a climb hidden in a path");
	ok(link_target_inside("lib", "/usr/lib"),
	   "absolute targets resolve inside the root");
	ok(!link_target_inside("lib", "/../etc"), "an absolute climb");
	ok(!link_target_inside("lib", ""), "an empty target");
	return done_testing();
}
