/* feed_postgres.c: PostgreSQL feeds, postgres:[CONNINFO][#table=NAME|#query=SQL].
 *
 * A metrics table in a warehouse can hold billions of rows, while grading
 * needs only the store's day buckets (store.h). So instead of streaming
 * rows to the client, the reader sends one query that scans the table (or
 * the user's query) on the server and returns one row per metric and day
 * with exactly the bucket's fields: count, sum, min, max, the values at the
 * day's earliest and latest timestamps, and those timestamps. The server
 * filters to the metric names the store knows and to the grading range, so
 * an index on (metric, timestamp) makes the read proportional to the data
 * graded, and the client merges each bucket with okr_store_add_bucket().
 *
 * Safety: the metric names and the range are bound parameters, never text
 * in the SQL; table and column names are quoted with PQescapeIdentifier; a
 * user's query= is the user's own SQL and runs as written, inside a read-only
 * transaction. The conninfo may hold a password, so no message ever shows
 * it: the feed is named by the host, port and database libpq resolved.
 *
 * Differences from row feeds, all consequences of aggregating in SQL: a
 * table has no row order, so rows sharing a timestamp all count (no row
 * replaces another) and ties for first/last are broken by the server; rows
 * for unknown metrics or outside the range are never sent, so they are not
 * counted; a row with a NULL or non-finite value, or below its metric's
 * lower bound (a negative count, okr_feed_lower_bound), is malformed,
 * reported once per feed and kind with the number of such rows.
 *
 * okrc is not linked with libpq: every call goes through the function
 * pointers of an okr_libpq (libpq_load.h), which the first PostgreSQL feed
 * of a run loads; without libpq the feed is unreadable (OKR901). */
#include "feed.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/calendar.h"
#include "libpq_load.h"

/* The feed as messages show it: what libpq connected to (or tried), never
 * the conninfo as written; without a connection (conn and pq NULL) the
 * conninfo is not shown at all. */
static const char *feed_display(okr_arena *arena, const okr_libpq *pq, PGconn *conn, const okr_feed_spec *spec)
{
    const char *what = spec->query ? "#query" : okr_arena_printf(arena, "#table=%s", spec->table ? spec->table : "metrics");
    if (!conn)
        return okr_arena_printf(arena, "postgres:%s%s", spec->location && *spec->location ? "(conninfo not shown)" : "",
                                what);
    const char *db = pq->PQdb(conn);
    const char *host = pq->PQhost(conn);
    const char *port = pq->PQport(conn);
    return okr_arena_printf(arena, "postgres:%s%s%s%s%s%s%s", db && *db ? "dbname=" : "", db && *db ? db : "",
                            host && *host ? " host=" : "", host && *host ? host : "", port && *port ? " port=" : "",
                            port && *port ? port : "", what);
}

/* libpq's messages end with a newline and may span lines ("Connection
 * refused\n\tIs the server running on that host...?"); a diagnostic
 * message is one line, so lines are joined with "; " and runs of white
 * space collapsed. */
static const char *one_line(okr_arena *arena, const char *msg)
{
    if (!msg || !*msg)
        msg = "unknown error";
    char *out = okr_arena_alloc(arena, 2 * strlen(msg) + 1);
    char *o = out;
    int pending = 0; /* 1: a space is due, 2: a line break is */
    for (const char *p = msg; *p; p++) {
        if (*p == '\n') {
            pending = 2;
        } else if (*p == ' ' || *p == '\t' || *p == '\r') {
            if (!pending)
                pending = 1;
        } else {
            if (pending && o > out) {
                if (pending == 2 && o[-1] != ':' && o[-1] != ';')
                    *o++ = ';';
                *o++ = ' ';
            }
            pending = 0;
            *o++ = *p;
        }
    }
    *o = '\0';
    return out;
}

/* libpq prints server notices to stderr by default, in the middle of
 * okrc's own output; nothing a notice says changes the read. */
static void ignore_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

static const char *quote_ident(okr_arena *arena, const okr_libpq *pq, PGconn *conn, const char *name, size_t len)
{
    char *q = pq->PQescapeIdentifier(conn, name, len);
    if (!q)
        return NULL;
    const char *out = okr_arena_strdup(arena, q);
    pq->PQfreemem(q);
    return out;
}

/* FROM clause of the scan: the quoted table (SCHEMA.NAME allowed, each part
 * quoted), or the user's query with its first three columns renamed. */
static const char *source_sql(okr_arena *arena, const okr_libpq *pq, PGconn *conn, const okr_feed_spec *spec,
                              const char *cols[3])
{
    if (spec->query) {
        /* A trailing ';' is natural to type and would end the subquery. */
        size_t n = strlen(spec->query);
        while (n && (spec->query[n - 1] == ';' || spec->query[n - 1] == ' ' || spec->query[n - 1] == '\n' ||
                     spec->query[n - 1] == '\t' || spec->query[n - 1] == '\r'))
            n--;
        cols[0] = "m";
        cols[1] = "ts";
        cols[2] = "v";
        return okr_arena_printf(arena, "(%.*s) AS src(m, ts, v)", (int)n, spec->query);
    }
    const char *names[3] = {spec->col_metric, spec->col_time, spec->col_value};
    for (int i = 0; i < 3; i++)
        if (!(cols[i] = quote_ident(arena, pq, conn, names[i], strlen(names[i]))))
            return NULL;
    const char *table = spec->table ? spec->table : "metrics";
    const char *sql = "";
    for (const char *part = table;;) {
        const char *dot = strchr(part, '.');
        size_t len = dot ? (size_t)(dot - part) : strlen(part);
        const char *q = quote_ident(arena, pq, conn, part, len);
        if (!q)
            return NULL;
        sql = okr_arena_printf(arena, "%s%s%s", sql, *sql ? "." : "", q);
        if (!dot)
            break;
        part = dot + 1;
    }
    return okr_arena_printf(arena, "%s AS src", sql);
}

/* Appends `name` to a text[] literal being built at *p. */
static void put_array_item(char **p, const char *start, const char *name)
{
    char *o = *p;
    if (o > start + 1)
        *o++ = ',';
    *o++ = '"';
    for (const char *k = name; *k; k++) {
        if (*k == '"' || *k == '\\')
            *o++ = '\\';
        *o++ = *k;
    }
    *o++ = '"';
    *p = o;
}

/* The smallest value rows under `key` may hold: the tightest lower bound
 * of the metrics it feeds. Returns 0 when none has one. */
static int key_lower_bound(const okr_store_key *k, double *min)
{
    int any = 0;
    for (size_t i = 0; i < k->count; i++) {
        double m;
        if (okr_feed_lower_bound(k->series[i]->metric, &m) && (!any || m > *min)) {
            *min = m;
            any = 1;
        }
    }
    return any;
}

/* The parameters naming metrics, as array literals: $1 every name that
 * feeds a series (text[]); $4 and $5 the names with a lower bound and the
 * bounds (text[], float8[]). */
static void metric_arrays(okr_arena *arena, const okr_store *store, const char **names, const char **bounded,
                          const char **bounds)
{
    size_t cap = 3, nbounded = 0;
    for (size_t i = 0; i < store->keys.cap; i++)
        if (store->keys.slots[i].key)
            cap += 2 * strlen(store->keys.slots[i].key) + 3;
    char *all = okr_arena_alloc(arena, cap), *low = okr_arena_alloc(arena, cap);
    char *mins = okr_arena_alloc(arena, (store->keys.len + 1) * 32);
    char *p = all, *q = low, *r = mins;
    *p++ = '{';
    *q++ = '{';
    *r++ = '{';
    for (size_t i = 0; i < store->keys.cap; i++) {
        const okr_store_key *k = store->keys.slots[i].key ? store->keys.slots[i].value : NULL;
        if (!k || !k->count)
            continue; /* names that feed no series: unknown or shared */
        put_array_item(&p, all, k->name);
        double min = 0;
        if (key_lower_bound(k, &min)) {
            put_array_item(&q, low, k->name);
            r += snprintf(r, 32, "%s%.17g", nbounded++ ? "," : "", min);
        }
    }
    *p++ = '}';
    *p = '\0';
    *q++ = '}';
    *q = '\0';
    *r++ = '}';
    *r = '\0';
    *names = all;
    *bounded = low;
    *bounds = mins;
}

/* One bucket per (metric, day), aggregated by the server. `ok` keeps NULL
 * and non-finite values out of the bucket (PostgreSQL's float8 has NaN and
 * infinities, which no row feed accepts), and values below their metric's
 * lower bound ($4, $5), while still counting them. The casts accept
 * timestamptz, timestamp, date and ISO text columns; the session's time
 * zone is UTC, so a zone-less timestamp means UTC as it does in every other
 * feed. */
static const char *bucket_sql(okr_arena *arena, const char *from, const char *cols[3])
{
    return okr_arena_printf(
        arena,
        "SELECT m, d,"
        " count(*) FILTER (WHERE ok),"
        " sum(v) FILTER (WHERE ok), min(v) FILTER (WHERE ok), max(v) FILTER (WHERE ok),"
        " (array_agg(v ORDER BY ts) FILTER (WHERE ok))[1],"
        " (array_agg(v ORDER BY ts DESC) FILTER (WHERE ok))[1],"
        " floor(extract(epoch FROM min(ts) FILTER (WHERE ok)))::int8,"
        " floor(extract(epoch FROM max(ts) FILTER (WHERE ok)))::int8,"
        " count(*) FILTER (WHERE NOT finite),"
        " count(*) FILTER (WHERE finite AND below)"
        " FROM (SELECT m, ts, v, d, finite, below, finite AND NOT below AS ok"
        "  FROM (SELECT m, ts, v, floor(extract(epoch FROM ts) / 86400)::int8 AS d,"
        "   (v IS NOT NULL AND v NOT IN ('NaN'::float8, 'Infinity'::float8, '-Infinity'::float8)) AS finite,"
        "   coalesce(v < lb.low, false) AS below"
        "   FROM (SELECT (src.%s)::text AS m, (src.%s)::timestamptz AS ts, (src.%s)::float8 AS v FROM %s) AS typed"
        "   LEFT JOIN unnest($4::text[], $5::float8[]) AS lb(name, low) ON lb.name = typed.m"
        "   WHERE m = ANY($1::text[]) AND ts >= to_timestamp($2::float8) AND ts < to_timestamp($3::float8)"
        "  ) AS checked"
        " ) AS obs"
        " GROUP BY m, d ORDER BY m, d",
        cols[0], cols[1], cols[2], from);
}

static int64_t field_int(const okr_libpq *pq, const PGresult *res, int row, int col)
{
    return pq->PQgetisnull(res, row, col) ? 0 : strtoll(pq->PQgetvalue(res, row, col), NULL, 10);
}

static double field_double(const okr_libpq *pq, const PGresult *res, int row, int col)
{
    return pq->PQgetisnull(res, row, col) ? 0.0 : strtod(pq->PQgetvalue(res, row, col), NULL);
}

static int fail(okr_feed_ctx *ctx, const char *help, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* A problem that stops the whole read. It has no place in a file: the feed
 * is named in the message. */
static int fail(okr_feed_ctx *ctx, const char *help, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *message = okr_arena_vprintf(ctx->arena, fmt, ap);
    va_end(ap);
    okr_diag *d = okr_diag_report(ctx->diags, OKR901, okr_span_make(OKR_NO_FILE, 0, 0), "%s", message);
    okr_diag_help(ctx->diags, d, "%s", help);
    return -1;
}

/* A failed statement: the server's own words (its primary message, then
 * its detail and hint as help), rather than PQerrorMessage's multi-line
 * text with a caret under the generated SQL. Clears res. */
static int query_failed(okr_feed_ctx *ctx, const okr_libpq *pq, PGconn *conn, PGresult *res, const char *shown,
                        const okr_feed_spec *spec)
{
    const char *primary = res ? pq->PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    const char *detail = res ? pq->PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
    const char *hint = res ? pq->PQresultErrorField(res, PG_DIAG_MESSAGE_HINT) : NULL;
    okr_diag *d = okr_diag_report(ctx->diags, OKR901, okr_span_make(OKR_NO_FILE, 0, 0), "feed '%s': %s", shown,
                                  one_line(ctx->arena, primary ? primary : pq->PQerrorMessage(conn)));
    if (detail)
        okr_diag_help(ctx->diags, d, "%s", one_line(ctx->arena, detail));
    if (hint)
        okr_diag_help(ctx->diags, d, "%s", one_line(ctx->arena, hint));
    if (spec->query)
        okr_diag_help(ctx->diags, d, "the query's first three columns are the metric (text), the timestamp "
                                     "(timestamptz, timestamp or date) and the value (numeric)");
    else
        okr_diag_help(ctx->diags, d, "the table needs the columns %s (text), %s (timestamptz, timestamp or date) "
                                     "and %s (numeric); name others with metric=, time=, value=",
                      spec->col_metric, spec->col_time, spec->col_value);
    pq->PQclear(res);
    return -1;
}

/* Connects and opens the read-only transaction the read runs in. Returns
 * NULL, having reported why, when it cannot; *shown gets the feed's name
 * as messages show it. */
static PGconn *open_feed(okr_feed_ctx *ctx, const okr_libpq *pq, const okr_feed_spec *spec, const char **shown)
{
    okr_arena *arena = ctx->arena;
    const char *conninfo = spec->location ? spec->location : "";

    /* Parse first: libpq's parse errors quote the conninfo, which may hold
     * a password, so they are not shown. */
    char *parse_error = NULL;
    PQconninfoOption *opts = pq->PQconninfoParse(conninfo, &parse_error);
    if (parse_error)
        pq->PQfreemem(parse_error);
    if (!opts) {
        fail(ctx,
             "write key=value pairs (host=db.internal dbname=okr) or a postgresql:// URI; an empty conninfo "
             "uses the PG* environment variables",
             "feed 'postgres:(conninfo not shown)': the connection string is not valid libpq conninfo");
        return NULL;
    }
    pq->PQconninfoFree(opts);

    PGconn *conn = pq->PQconnectdb(conninfo);
    if (!conn) {
        fail(ctx, "libpq could not allocate a connection", "feed 'postgres:': out of memory");
        return NULL;
    }
    pq->PQsetNoticeProcessor(conn, ignore_notice, NULL);
    *shown = feed_display(arena, pq, conn, spec);
    if (pq->PQstatus(conn) != CONNECTION_OK) {
        fail(ctx,
             "check the host, port, database and credentials (conninfo, or the PGHOST, PGPORT, PGDATABASE, PGUSER "
             "and PGPASSWORD variables or ~/.pgpass)",
             "feed '%s': cannot connect: %s", *shown, one_line(arena, pq->PQerrorMessage(conn)));
        pq->PQfinish(conn);
        return NULL;
    }

    /* Read-only, because a query= is arbitrary SQL and grading must never
     * change the database; UTC, so zone-less timestamps mean what they mean
     * in every other feed. */
    PGresult *res = pq->PQexec(conn, "BEGIN TRANSACTION READ ONLY; SET LOCAL TIME ZONE 'UTC'");
    if (pq->PQresultStatus(res) != PGRES_COMMAND_OK) {
        query_failed(ctx, pq, conn, res, *shown, spec);
        pq->PQfinish(conn);
        return NULL;
    }
    pq->PQclear(res);
    return conn;
}

/* Runs the bucket query for the store's metrics and range. Returns NULL,
 * having reported why, when it fails. */
static PGresult *query_buckets(okr_feed_ctx *ctx, const okr_libpq *pq, PGconn *conn, const okr_feed_spec *spec,
                               const char *shown)
{
    okr_arena *arena = ctx->arena;
    const char *cols[3];
    const char *from = source_sql(arena, pq, conn, spec, cols);
    if (!from) {
        query_failed(ctx, pq, conn, NULL, shown, spec);
        return NULL;
    }
    const okr_store *store = ctx->store;
    const char *params[5] = {
        NULL,
        okr_arena_printf(arena, "%" PRId64, (int64_t)store->first_day * OKR_SECONDS_PER_DAY),
        okr_arena_printf(arena, "%" PRId64, ((int64_t)store->first_day + store->ndays) * OKR_SECONDS_PER_DAY),
        NULL,
        NULL,
    };
    metric_arrays(arena, store, &params[0], &params[3], &params[4]);
    /* The result has one row per metric and day of the range, so it is
     * small (thousands of rows, not the table's millions): a plain
     * PQexecParams is fine, with no cursor or single-row mode. */
    PGresult *res = pq->PQexecParams(conn, bucket_sql(arena, from, cols), 5, NULL, params, NULL, NULL, 0);
    if (pq->PQresultStatus(res) != PGRES_TUPLES_OK) {
        query_failed(ctx, pq, conn, res, shown, spec);
        return NULL;
    }
    return res;
}

/* The rows of a result with a NULL or non-finite value (the count in
 * column 10), or below their metric's lower bound (column 11): how many,
 * and the metric and day of the first. */
typedef struct malformed_rows {
    size_t count;
    const char *metric;
    long day;
} malformed_rows;

static void count_malformed(okr_arena *arena, const okr_libpq *pq, const PGresult *res, int col, malformed_rows *bad)
{
    bad->count = 0;
    bad->metric = NULL;
    bad->day = 0;
    int rows = pq->PQntuples(res);
    for (int i = 0; i < rows; i++) {
        int64_t n = field_int(pq, res, i, col);
        if (n > 0 && !bad->metric) {
            bad->metric = okr_arena_strdup(arena, pq->PQgetvalue(res, i, 0));
            bad->day = (long)field_int(pq, res, i, 1);
        }
        bad->count += n > 0 ? (size_t)n : 0;
    }
}

/* Merges each row's day bucket, scaled to base units, into every series
 * its name feeds, and counts the rows (once, however many series they feed). */
static void store_buckets(okr_feed_ctx *ctx, const okr_libpq *pq, const okr_feed_spec *spec, const PGresult *res)
{
    int rows = pq->PQntuples(res);
    for (int i = 0; i < rows; i++) {
        const okr_store_key *k = okr_store_lookup(ctx->store, pq->PQgetvalue(res, i, 0));
        int64_t bad = field_int(pq, res, i, 10) + field_int(pq, res, i, 11);
        okr_obs_day b = {
            .count = (uint32_t)field_int(pq, res, i, 2),
            .sum = field_double(pq, res, i, 3),
            .min = field_double(pq, res, i, 4),
            .max = field_double(pq, res, i, 5),
            .first = field_double(pq, res, i, 6),
            .last = field_double(pq, res, i, 7),
            .first_ts = field_int(pq, res, i, 8),
            .last_ts = field_int(pq, res, i, 9),
        };
        long day = (long)field_int(pq, res, i, 1);
        ctx->stats.rows += b.count + (size_t)(bad > 0 ? bad : 0);
        if (!k || !k->count || b.count == 0)
            continue; /* the server matched the name, so !k cannot happen */
        int added = 0;
        for (size_t j = 0; j < k->count; j++) {
            okr_series *s = k->series[j];
            added |= okr_store_add_bucket_scaled(ctx->store, s, day, &b, okr_feed_row_factor(spec, s)) ==
                     OKR_STORE_ADDED;
        }
        if (added)
            ctx->stats.stored += b.count;
        else
            ctx->stats.out_of_range += b.count;
    }
}

/* One diagnostic for all malformed rows: the rows have no line to point
 * at, and the count and first occurrence are what finds them. */
static void report_malformed(okr_feed_ctx *ctx, const char *shown, const malformed_rows *bad, int below)
{
    ctx->stats.malformed += bad->count;
    char date[16];
    okr_calendar_format_date(bad->day, date, sizeof date);
    okr_diag *diag = okr_diag_report(
        ctx->diags, OKR905, okr_span_make(OKR_NO_FILE, 0, 0), "feed '%s': %zu row%s with %s %s (the first for metric '%s' on %s)",
        shown, bad->count, bad->count == 1 ? "" : "s",
        below ? "a negative value for a count metric" : "a NULL, NaN or infinite value",
        ctx->strict ? "stopped the read" : "skipped", bad->metric, date);
    okr_diag_help(ctx->diags, diag,
                  below ? "counts cannot be negative: fix the rows, or declare a metric that can go below zero as "
                          "`number`"
                        : "give every row a finite number; leave out rows that have no value");
}

/* libpq for one read or display: the caller's table (loaded on its first
 * use and kept), else `local`, which the caller closes when done. Returns
 * NULL when libpq cannot be loaded; the table's error says why. */
static okr_libpq *use_libpq(okr_libpq *shared, okr_libpq *local)
{
    okr_libpq *pq = shared ? shared : local;
    return okr_libpq_load(pq) == 0 ? pq : NULL;
}

/* libpq is missing: the feed cannot be read, like a missing file. Nothing
 * can parse the conninfo without libpq, so it is not shown at all. */
static int libpq_missing(okr_feed_ctx *ctx, const okr_libpq *pq, const okr_feed_spec *spec)
{
    return fail(ctx,
                "PostgreSQL feeds need libpq, the PostgreSQL client library (" OKR_LIBPQ_SONAME "): install it "
                "with `apt-get install libpq5` (Debian, Ubuntu) or `dnf install libpq` (Fedora)",
                "feed '%s': cannot load the PostgreSQL client library: %s", feed_display(ctx->arena, NULL, NULL, spec),
                pq->lib.error);
}

static int read_with(okr_feed_ctx *ctx, const okr_libpq *pq, const okr_feed_spec *spec)
{
    const char *shown = NULL;
    PGconn *conn = open_feed(ctx, pq, spec, &shown);
    if (!conn)
        return -1;
    PGresult *res = query_buckets(ctx, pq, conn, spec, shown);
    if (!res) {
        pq->PQfinish(conn);
        return -1;
    }
    /* Malformed rows are counted first: with --strict-feeds they fail the
     * read, and as a table has no row order there is no "rows before the
     * bad one" to keep, so nothing of the feed is stored. */
    malformed_rows bad, below;
    count_malformed(ctx->arena, pq, res, 10, &bad);
    count_malformed(ctx->arena, pq, res, 11, &below);
    if (!((bad.count || below.count) && ctx->strict))
        store_buckets(ctx, pq, spec, res);
    pq->PQclear(res);
    pq->PQfinish(conn);
    if (bad.count)
        report_malformed(ctx, shown, &bad, 0);
    if (below.count)
        report_malformed(ctx, shown, &below, 1);
    return (bad.count || below.count) && ctx->strict ? -1 : 0;
}

int okr_feed_read_postgres(okr_feed_ctx *ctx, const okr_feed_spec *spec)
{
    okr_libpq local = {0};
    okr_libpq *pq = use_libpq(ctx->libpq, &local);
    int rc = pq ? read_with(ctx, pq, spec) : libpq_missing(ctx, ctx->libpq ? ctx->libpq : &local, spec);
    okr_libpq_close(&local);
    return rc;
}

/* Reports name feeds; a conninfo may carry a password, so it is rebuilt
 * from libpq's own parse with the secret masked (libpq marks secret options
 * with '*' in dispchar). A conninfo that does not parse, or that cannot be
 * parsed because libpq cannot be loaded, is not shown. */
const char *okr_feed_display_name(okr_arena *arena, okr_libpq *libpq, const char *text)
{
    static const char prefix[] = "postgres:";
    if (strncmp(text, prefix, sizeof prefix - 1) != 0)
        return text;
    const char *conninfo = text + sizeof prefix - 1;
    const char *hash = strchr(conninfo, '#');
    okr_libpq local = {0};
    const okr_libpq *pq = use_libpq(libpq, &local);
    if (!pq) {
        okr_libpq_close(&local);
        return okr_arena_printf(arena, "postgres:(conninfo not shown)%s", hash ? hash : "");
    }
    char *plain = okr_arena_strndup(arena, conninfo, hash ? (size_t)(hash - conninfo) : strlen(conninfo));
    char *err = NULL;
    PQconninfoOption *opts = pq->PQconninfoParse(plain, &err);
    const char *shown = NULL;
    if (!opts) {
        pq->PQfreemem(err);
        shown = okr_arena_printf(arena, "postgres:(unparsable conninfo)%s", hash ? hash : "");
    } else {
        shown = okr_arena_strdup(arena, "postgres:");
        int first = 1;
        for (PQconninfoOption *o = opts; o->keyword; o++) {
            if (!o->val || !o->val[0])
                continue;
            int secret = o->dispchar && strchr(o->dispchar, '*');
            shown = okr_arena_printf(arena, "%s%s%s=%s", shown, first ? "" : " ", o->keyword,
                                     secret ? "***" : o->val);
            first = 0;
        }
        pq->PQconninfoFree(opts);
        if (hash)
            shown = okr_arena_printf(arena, "%s%s", shown, hash);
    }
    okr_libpq_close(&local);
    return shown;
}
