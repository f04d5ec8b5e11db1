/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Nexus: every test's timeout multiplied by $KSELFTEST_TIMEOUT_SCALE (a
 * whole number, 1 when unset). The same tests run after make
 * fuzz-kernel's storm on a kernel with KASAN and lockdep under TCG,
 * several times slower than the kernel their timeouts were chosen for.
 * Include after kselftest_harness.h; call before test_harness_run, or
 * use TEST_HARNESS_MAIN_SCALED for TEST_HARNESS_MAIN.
 */
#ifndef NEXUS_KSELFTEST_SCALED_H
#define NEXUS_KSELFTEST_SCALED_H

#include <stdlib.h>

static inline void kselftest_scale_timeouts(void)
{
	const char *s = getenv("KSELFTEST_TIMEOUT_SCALE");
	int k = s ? atoi(s) : 1;
	struct __fixture_metadata *f;
	struct __test_metadata *t;

	for (f = __fixture_list; k > 1 && f; f = f->next)
		for (t = f->tests; t; t = t->next)
			t->timeout *= k;
}

#define TEST_HARNESS_MAIN_SCALED \
	static void __attribute__((constructor)) \
	__constructor_order_last(void) \
	{ \
		if (!__constructor_order) \
			__constructor_order = _CONSTRUCTOR_ORDER_BACKWARD; \
	} \
	int main(int argc, char **argv) \
	{ \
		kselftest_scale_timeouts(); \
		return test_harness_run(argc, argv); \
	}

#endif
