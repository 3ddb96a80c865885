/* feed.h: metric feeds (spec.md, "Feeds").
 *
 * A feed is named on the command line as KIND:LOCATION#OPTIONS, or as a
 * plain path whose extension gives the kind:
 *
 *   metrics/analytics.csv                       CSV, RFC 4180, header row
 *   metrics/events.jsonl (or .ndjson)           JSON Lines
 *   csv:PATH, jsonl:PATH                        the kind said explicitly
 *   sqlite:PATH[#table=NAME | #query=SQL]       SQLite (default table: metrics)
 *   postgres:[CONNINFO][#table=NAME | #query=SQL]  PostgreSQL via libpq (PG* env applies)
 *
 * OPTIONS are key=value pairs separated by '&'; `query=` takes the rest of
 * the text. CSV, JSON Lines and tables take the column names with
 * metric=, time= and value= (defaults metric, timestamp, value). Every
 * kind takes unit=, the units its values are written in (d, fraction,
 * cents, ...), which win over the metrics' own `unit` clauses.
 *
 * Every reader streams: rows go one at a time into the store (store.h), so
 * memory grows with the number of metrics, not of rows. Each row gives a
 * metric name, a timestamp (ISO 8601 / RFC 3339 date or date-time, parsed
 * strictly) and a value (a plain number in the metric type's base unit).
 * A malformed row is a diagnostic at the feed's file and line (OKR9xx);
 * without --strict-feeds it is skipped and counted, with it the read stops.
 * Native feeds (metrics bound `via` a `native` declaration) are read by
 * okr_feed_read_native(), only when the user passed --allow-native. */
#ifndef OKR_FEED_H
#define OKR_FEED_H

#include <stdint.h>

#include "../checker/program.h"
#include "store.h"

typedef enum okr_feed_kind {
    OKR_FEED_CSV,
    OKR_FEED_JSONL,
    OKR_FEED_SQLITE,
    OKR_FEED_POSTGRES,
} okr_feed_kind;

typedef struct okr_feed_spec {
    okr_feed_kind kind;
    const char *text;       /* as given, for messages */
    const char *location;   /* path, or libpq conninfo (may be "") */
    const char *table;      /* NULL: default "metrics" */
    const char *query;      /* NULL unless #query= */
    const char *col_metric, *col_time, *col_value; /* defaults applied */
    /* #unit=d,fraction: the units the feed writes, at most one per type
     * (spec.md, "Units of feed values"); NULL when not given. */
    const char *unit_duration, *unit_percent, *unit_money;
} okr_feed_spec;

typedef struct okr_feed_stats {
    uint64_t bytes;         /* bytes read (text feeds) */
    size_t rows;            /* data rows seen */
    size_t stored;          /* observations stored */
    size_t malformed;       /* rows skipped: bad number, bad date, missing column, ... */
    size_t unknown_metric;  /* rows naming no metric of the program */
    size_t out_of_range;    /* rows outside the grading range */
    size_t duplicates;      /* repeated timestamps (the later row wins) */
    size_t unsorted;        /* rows older than their metric's latest row */
} okr_feed_stats;

/* libpq's functions, loaded on first use (libpq_load.h). */
typedef struct okr_libpq okr_libpq;

typedef struct okr_feed_ctx {
    okr_store *store;
    okr_diags *diags;
    okr_source_table *sources;
    okr_arena *arena;
    int strict;             /* --strict-feeds */
    okr_feed_stats stats;   /* totals over every feed read */
    /* Caller-owned, zeroed: libpq, loaded by the first PostgreSQL feed and
     * kept for the next. NULL: each PostgreSQL read loads its own. */
    okr_libpq *libpq;
} okr_feed_ctx;

/* Parses a feed argument; on error returns 0 and writes a message. */
int okr_feed_spec_parse(okr_arena *arena, const char *text, okr_feed_spec *spec, char *error, size_t error_len);

/* Reads one feed into ctx->store. Returns 0 when the feed was read (rows may
 * have been skipped), -1 when it could not be read at all (missing file,
 * connection or SQL error) or, with strict, at the first malformed row;
 * every problem is a diagnostic. */
int okr_feed_read(okr_feed_ctx *ctx, const okr_feed_spec *spec);

/* Per-kind readers behind okr_feed_read (feed_csv.c, feed_jsonl.c, ...). */
int okr_feed_read_csv(okr_feed_ctx *ctx, const okr_feed_spec *spec);
int okr_feed_read_jsonl(okr_feed_ctx *ctx, const okr_feed_spec *spec);
int okr_feed_read_sqlite(okr_feed_ctx *ctx, const okr_feed_spec *spec);
int okr_feed_read_postgres(okr_feed_ctx *ctx, const okr_feed_spec *spec);

/* Shared by the readers (feed.c). */
/* Strict ISO 8601 / RFC 3339: YYYY-MM-DD, or YYYY-MM-DD(T| )HH:MM[:SS[.frac]][Z|(+|-)HH:MM]
 * (no zone means UTC). Returns 1 and seconds since the epoch; 0 with a reason. */
int okr_parse_timestamp(const char *text, size_t len, int64_t *ts, const char **why);
/* A plain decimal number: optional sign, digits, optional fraction and
 * exponent; no hex, inf or nan, nothing after it. Returns 1 on success. */
int okr_parse_value(const char *text, size_t len, double *value);
/* Where rows meet their metrics, the one place that decides which values a
 * metric takes: 1 and the smallest value its rows may hold (0 for a count),
 * or 0 when any finite value goes. Every reader applies it: row feeds
 * through okr_feed_rejecting_series, the native reader per call, the
 * PostgreSQL reader in its SQL. */
int okr_feed_lower_bound(const okr_metric_decl *metric, double *min);
/* The first series fed by `key` whose metric does not take `value`, or
 * NULL: a row that one of its metrics rejects is malformed (OKR905) and
 * stored in none. */
const okr_series *okr_feed_rejecting_series(const okr_store_key *key, double value);
/* What a value of this feed is multiplied by to be in the series' base
 * unit: the factor of the feed's own unit= for the metric's type (the
 * series is then marked unit_from_feed), else the metric's (series->factor). */
double okr_feed_row_factor(const okr_feed_spec *spec, okr_series *series);

/* The feed argument as reports may show it: a PostgreSQL conninfo's
 * password (keyword or URI form) is replaced by "***", using libpq's parser
 * from `libpq` (loaded if need be; NULL: loaded for this call only; when it
 * cannot be loaded the conninfo is not shown); other feeds are shown as
 * given. */
const char *okr_feed_display_name(okr_arena *arena, okr_libpq *libpq, const char *text);

/* Samples every metric bound `via` a native declaration, once per day from
 * the start of the grading range to `last_day`, through libffi. Only called
 * with --allow-native. Returns 0, or -1 when a library or symbol cannot be
 * loaded (a diagnostic at the `native` declaration). */
int okr_feed_read_native(okr_feed_ctx *ctx, const okr_program *prog, long last_day);

#endif
