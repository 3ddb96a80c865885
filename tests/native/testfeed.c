/* testfeed.c: native metric functions for the native-feed tests.
 *
 * Built as build/tests/libtestfeed.so. Each function has a signature a
 * `native` declaration can describe; values are deterministic so tests can
 * assert the grades they produce. */
#include <stdint.h>
#include <string.h>

double okr_test_linear(const char *metric, const char *date);
int64_t okr_test_by_day(int32_t day);
double okr_test_constant(void);

/* 20 + day of month / 2 for "activation", 100 otherwise (date is YYYY-MM-DD). */
double okr_test_linear(const char *metric, const char *date)
{
    int dom = (date[8] - '0') * 10 + (date[9] - '0');
    if (strcmp(metric, "activation") == 0)
        return 20.0 + dom / 2.0;
    return 100.0;
}

/* Days since 1970-01-01 modulo 1000. */
int64_t okr_test_by_day(int32_t day)
{
    return day % 1000;
}

double okr_test_constant(void)
{
    return 42.0;
}

int64_t okr_test_signed(int32_t day);

/* -3 on odd days since 1970-01-01, 7 on even ones: a count feed gone wrong. */
int64_t okr_test_signed(int32_t day)
{
    return day % 2 ? -3 : 7;
}
