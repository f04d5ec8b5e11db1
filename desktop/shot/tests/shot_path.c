/* The default screenshot path. */
#include "shot_path.h"
#include "tap.h"

int main(void)
{
	struct tm tm = { .tm_year = 126, .tm_mon = 11, .tm_mday = 7,
			 .tm_hour = 1, .tm_min = 2, .tm_sec = 3 };
	char buf[64];

	ok(shot_default_path(buf, sizeof(buf), "/home/ada", &tm) == 0, "made");
	is_str(buf, "/home/ada/shot-20261207-010203.png", "named by the time");
	shot_default_path(buf, sizeof(buf), "/", &tm);
	is_str(buf, "/shot-20261207-010203.png", "a root home has one slash");
	shot_default_path(buf, sizeof(buf), "/home/ada/", &tm);
	is_str(buf, "/home/ada/shot-20261207-010203.png",
	       "a trailing slash is not doubled");
	is_int(shot_default_path(buf, sizeof(buf), NULL, &tm), -1,
	       "no HOME is an error");
	is_int(shot_default_path(buf, sizeof(buf), "", &tm), -1,
	       "an empty HOME is an error");
	is_int(shot_default_path(buf, 20, "/home/ada", &tm), -1,
	       "a path that does not fit is an error, not cut short");
	return done_testing();
}
