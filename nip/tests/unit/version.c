/* Version ordering and dependency constraints. */
#include "meta.h"
#include "tap.h"

#include <stdlib.h>

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

int main(void)
{
	static const struct {
		const char *a, *b;
		int want;
	} cmp[] = {
		{"1.0", "1.0", 0},	   {"1.0", "1.1", -1},
		{"1.10", "1.9", 1},	   {"1.0", "1.0.1", -1},
		{"1.0~rc1", "1.0", -1},	   {"1.0~rc1", "1.0~rc2", -1},
		{"1.0a", "1.0b", -1},	   {"1.0a", "1.0", 1},
		{"2", "10", -1},	   {"1.0-1", "1.0-2", -1},
		{"1.0-10", "1.0-9", 1},	   {"1.0.1-1", "1.0-5", 1},
		{"007", "7", 0},	   {"1.0-2", "1.0", 1},
		{"6.1.0", "6.1", 1},	   {"1.2.3", "1.2.3", 0},
	};
	struct dep d;

	for (size_t i = 0; i < sizeof(cmp) / sizeof(cmp[0]); i++)
		ok(sign(version_compare(cmp[i].a, cmp[i].b)) == cmp[i].want &&
			   sign(version_compare(cmp[i].b, cmp[i].a)) ==
				   -cmp[i].want,
		   "%s vs %s is %d", cmp[i].a, cmp[i].b, cmp[i].want);

	ok(dep_parse("foo", &d) == 0 && d.op == DEP_ANY, "bare name parses");
	dep_free(&d);
	ok(dep_parse("foo>=1.2", &d) == 0 && d.op == DEP_GE &&
		   dep_version_matches(&d, "1.2-1") &&
		   dep_version_matches(&d, "1.10-1") &&
		   !dep_version_matches(&d, "1.1-9"),
	   ">= compares versions");
	dep_free(&d);
	ok(dep_parse("foo=1.2", &d) == 0 && dep_version_matches(&d, "1.2-7") &&
		   !dep_version_matches(&d, "1.2.1-1"),
	   "= without release matches every release");
	dep_free(&d);
	ok(dep_parse("foo=1.2-3", &d) == 0 &&
		   dep_version_matches(&d, "1.2-3") &&
		   !dep_version_matches(&d, "1.2-4"),
	   "= with release matches only that release");
	dep_free(&d);
	ok(dep_parse("foo<2", &d) == 0 && dep_version_matches(&d, "1.9-1") &&
		   !dep_version_matches(&d, "2-1"),
	   "< is strict");
	dep_free(&d);
	ok(dep_parse("Foo", &d) < 0, "upper-case names are refused");
	ok(dep_parse("foo>=", &d) < 0, "an operator needs a version");
	ok(dep_parse("foo>=1-x", &d) < 0, "a release must be a number");
	ok(dep_parse("foo=>1", &d) < 0, "unknown operators are refused");
	ok(!version_valid("1.0-1") && version_valid("1.0+git~1"),
	   "a version has no '-'");
	return done_testing();
}
