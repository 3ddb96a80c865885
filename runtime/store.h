/* store.h: observations of the program's metrics, summarised by day.
 *
 * Feeds are read streaming; the store keeps, for each metric the program
 * grades, one bucket per day of the grading range (the union of the cycles,
 * plus the longest aggregation window before it). A bucket holds the count,
 * sum, minimum, maximum, and the first and last value by timestamp of that
 * day's observations. So memory grows with metrics x days, never with rows,
 * and every grading rule (latest value, sums and means over trailing
 * windows, whether a bound held at every observation, trends, charts) can
 * be computed from the buckets.
 *
 * Days are the calendar's day numbers (common/calendar.h): a timestamp
 * falls in bucket okr_calendar_day_of(ts) - first_day.
 *
 * Keys: a series is found by the names a feed may use for its metric
 * (spec.md, "Binding metrics to feeds"). One name may feed several series
 * (two metrics with the same `source`, or a metric's bare name that is also
 * another's `source`), and each of them receives the name's rows. Rows for
 * names that feed no series are counted, not stored; the store remembers
 * the first OKR_STORE_UNKNOWN_NAMES such names and their row counts, so a
 * report can list them, and memory stays bounded whatever a feed holds.
 *
 * Units: readers add values as the feed wrote them, in the metric's feed
 * unit (its `unit` clause, or the base unit); the store multiplies them by
 * the metric's resolved feed_factor (checker/program.h), so every bucket
 * holds base units (spec.md, "Units of feed values"). */
#ifndef OKR_STORE_H
#define OKR_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "../common/arena.h"
#include "../common/calendar.h"
#include "../common/strmap.h"
#include "../parser/ast.h"

typedef struct okr_obs_day {
    uint32_t count;
    double sum, min, max;
    double first, last;        /* values at the earliest and latest timestamp of the day */
    int64_t first_ts, last_ts; /* seconds since 1970-01-01T00:00:00Z */
} okr_obs_day;

struct okr_store_key;

typedef struct okr_series {
    const okr_metric_decl *metric;
    const char *name;          /* the qualified name, e.g. growth.d7_activation */
    const struct okr_store_key *shared_bare; /* its bare name, when other graded metrics have
                                                it too and it finds none of them; else NULL */
    okr_obs_day *days;         /* store->ndays buckets; days[i] is store->first_day + i */
    size_t rows;               /* observations stored */
    size_t duplicates;         /* rows with the same timestamp as the metric's latest row */
    size_t unsorted;           /* rows older than the metric's latest row */
    size_t out_of_range;       /* rows outside the grading range (not stored) */
    int64_t latest_ts;         /* the latest timestamp stored; INT64_MIN when none */
    double factor;             /* feed unit -> base unit: metric->feed_factor */
    int unit_from_feed;        /* some rows were read in a unit their feed declared (#unit=) */
    size_t set_aside;          /* observations set aside by the plausibility guard (plausible.h) */
} okr_series;

/* What a feed name finds. */
typedef struct okr_store_key {
    const char *name;
    okr_series **series;       /* the series it feeds, in binding order */
    size_t count, cap;         /* count 0: it feeds none (rows are counted, not stored) */
    okr_series **sharing;      /* a bare name several graded metrics have: their series */
    size_t sharing_count;      /*   (the name feeds none of them) */
    size_t unstored_rows;      /* rows under this name that fed no series */
} okr_store_key;

/* How many names that feed no series the store remembers, and the longest
 * such name it keeps; rows under other names are only counted. */
enum { OKR_STORE_UNKNOWN_NAMES = 1000, OKR_STORE_UNKNOWN_NAME_MAX = 200 };

typedef struct okr_store {
    okr_arena *arena;
    okr_strmap keys;           /* feed name -> okr_store_key* */
    okr_vec series;            /* okr_series*, in binding order */
    long first_day;            /* days since 1970-01-01 of bucket 0 */
    long ndays;
    size_t unknown_rows;       /* rows whose name feeds no series */
    okr_vec unknown;           /* okr_store_key* that fed no series but had rows, first seen first */
    size_t unknown_names;      /* keys the store made for names it did not know */
    size_t untracked_rows;     /* unknown rows under names past the limits above */
} okr_store;

void okr_store_init(okr_store *store, okr_arena *arena, long first_day, long last_day);
/* The series of a metric, created on first use; `key` (NULL: none) becomes
 * one more name that finds it, alongside any series the name already
 * feeds. Returns the series. */
okr_series *okr_store_bind(okr_store *store, const okr_metric_decl *metric, const char *qualified_name,
                           const char *key);
/* Records that the bare name `key` belongs to several graded metrics, the
 * series in `sharing`, and so finds none of them: rows under it are counted
 * as unknown, and each series' shared_bare points at the key. Does nothing
 * when `key` already feeds a series (a `source` or qualified name wins). */
void okr_store_share(okr_store *store, const char *key, okr_series **sharing, size_t count);
/* What `key` finds; NULL when the store has never seen the name. */
okr_store_key *okr_store_lookup(const okr_store *store, const char *key);
/* The first series `key` feeds, or NULL: for tests and tools that bind one
 * metric per name. */
okr_series *okr_store_series_named(const okr_store *store, const char *key);
okr_series *okr_store_series_of(const okr_store *store, const okr_metric_decl *metric);
/* Counts a row under a name that feeds no series: `key` when the store
 * knows the name (count 0), else NULL and the name's bytes, which the store
 * remembers within its limits. Returns the key the name now has, or NULL. */
okr_store_key *okr_store_count_unknown(okr_store *store, okr_store_key *key, const char *name, size_t len);

typedef enum okr_store_result {
    OKR_STORE_ADDED,
    OKR_STORE_DUPLICATE,    /* same timestamp as the latest row: it replaced that row's value */
    OKR_STORE_OUT_OF_RANGE, /* outside the grading range: not stored */
} okr_store_result;

/* Adds one observation (value in the metric's feed unit; stored times
 * series->factor, in the base unit). */
okr_store_result okr_store_add(okr_store *store, okr_series *series, int64_t ts, double value);
/* The same for a value already in the base unit (a feed's own #unit=). */
okr_store_result okr_store_add_base(okr_store *store, okr_series *series, int64_t ts, double value);

/* Merges a whole day's summary into the series, as if the bucket's
 * observations had been added one by one: for readers whose source already
 * summarises by day (the PostgreSQL feed aggregates in SQL); values in the
 * feed unit, as for okr_store_add. `day` is days
 * since 1970-01-01; bucket->first_ts and last_ts must lie in that day. A
 * bucket outside the grading range is not stored (its count is added to
 * series->out_of_range); an empty bucket changes nothing. */
okr_store_result okr_store_add_bucket(okr_store *store, okr_series *series, long day, const okr_obs_day *bucket);
/* The same for a bucket whose values are `factor` times their base units. */
okr_store_result okr_store_add_bucket_scaled(okr_store *store, okr_series *series, long day,
                                             const okr_obs_day *bucket, double factor);

#endif
