/* unit.h: what every cmocka unit test of okrc includes.
 *
 * cmocka needs <stdarg.h>, <stddef.h>, <stdint.h> and <setjmp.h> before
 * <cmocka.h>; this header keeps that order in one place.
 *
 * It also lets one test of a binary run alone: with OKR_UNIT_FILTER=PATTERN
 * in the environment ('*' and '?' wildcards, cmocka's test filter), only the
 * tests whose names match run. tests/run.sh sets it for
 * T=unit/BINARY/PATTERN. Every test's main() calls cmocka_run_group_tests,
 * so the filter is applied there rather than in each main(). */
#ifndef OKR_UNIT_H
#define OKR_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static inline void okr_unit_apply_filter(void)
{
    const char *pattern = getenv("OKR_UNIT_FILTER");
    if (pattern && *pattern)
        cmocka_set_test_filter(pattern);
}

#undef cmocka_run_group_tests
#define cmocka_run_group_tests(group_tests, group_setup, group_teardown)                            \
    (okr_unit_apply_filter(),                                                                       \
     _cmocka_run_group_tests(#group_tests, group_tests, sizeof(group_tests) / sizeof((group_tests)[0]), \
                             group_setup, group_teardown))

#endif
