/* report_fixture.h: what the report-writer tests share (test_report.c,
 * test_report_reader.c): days, observations added to a store by hand,
 * rendering one format into memory, and string assertions that print the
 * whole report on failure.
 *
 * Header-only, as corpus_row.h: each test binary is one translation
 * unit. render and count are plain static: inlined into the assertions,
 * gcc 12 warns falsely of a dangling pointer into open_memstream's buffer. */
#ifndef OKR_REPORT_FIXTURE_H
#define OKR_REPORT_FIXTURE_H

#include "unit.h"

#include "calendar.h"
#include "report.h"
#include "store.h"

static inline long day_of(int y, int m, int d)
{
    long days = 0;
    assert_true(okr_calendar_days_from_date(y, m, d, &days));
    return days;
}

/* Binds a metric of team `team` in the store by its qualified and bare names. */
static inline okr_series *bind_metric(okr_store *store, okr_arena *arena, const char *team,
                                      const okr_metric_decl *m)
{
    char *q = okr_arena_printf(arena, "%s.%s", team, m->name.text);
    return okr_store_bind(store, m, q, m->name.text);
}

/* One observation at 09:00 UTC of `day`. */
static inline void observe_at(okr_store *store, okr_series *s, long day, double value)
{
    int64_t ts = (int64_t)day * OKR_SECONDS_PER_DAY + 9 * 3600;
    assert_int_equal(okr_store_add(store, s, ts, value), OKR_STORE_ADDED);
}

static char *render(const okr_report_input *in, okr_report_format format)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_non_null(out);
    assert_int_equal(okr_report_write(out, format, in), 0);
    assert_int_equal(fclose(out), 0);
    return buf;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

#define assert_contains(hay, needle)                                                                  \
    do {                                                                                              \
        if (!strstr((hay), (needle)))                                                                 \
            fail_msg("expected to find \"%s\" in:\n%s", (needle), (hay));                            \
    } while (0)

#define assert_lacks(hay, needle)                                                                     \
    do {                                                                                              \
        if (strstr((hay), (needle)))                                                                  \
            fail_msg("did not expect \"%s\" in:\n%s", (needle), (hay));                              \
    } while (0)

#endif
