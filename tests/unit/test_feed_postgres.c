/* test_feed_postgres.c: the PostgreSQL feed against a real server.
 *
 * The tests that need a server run only when OKR_TEST_PG=1 is set, and then
 * connect with the PG* environment (tests/cli/test_postgres.sh runs this
 * binary under pg_virtualenv, which provides a throw-away cluster).
 * Without it they print "skipped" and pass, so plain test runs stay green
 * on machines without PostgreSQL. The connection-failure tests need no
 * server and always run.
 *
 * Each server test creates its own tables (names carry the process id, so
 * concurrent runs do not collide), reads them through
 * okr_feed_read_postgres into a store for 2026-Q3 and compares the day
 * buckets with what the rows imply: the aggregation the server does must
 * equal what okr_store_add would have built row by row. */
#include "unit.h"

#include <stdlib.h>
#include <unistd.h>

#include "../../common/calendar.h"
#include "../../runtime/feed.h"
#include "../../runtime/libpq_load.h"

typedef struct fixture {
    okr_arena arena;
    okr_source_table sources;
    okr_diags diags;
    okr_store store;
    okr_feed_ctx ctx;
    okr_metric_decl activation, signups, other;
    okr_libpq pq;  /* loaded as okrc loads it (the binary has no -lpq) */
    PGconn *conn;  /* the test's own connection, for setting up tables */
    long first_day;
    char table[64];
} fixture;

static long day_of(int y, int m, int d)
{
    long days = 0;
    assert_true(okr_calendar_days_from_date(y, m, d, &days));
    return days;
}

static int64_t ts_of(int y, int mo, int d, int h, int mi, int s)
{
    return (int64_t)day_of(y, mo, d) * OKR_SECONDS_PER_DAY + h * 3600 + mi * 60 + s;
}

static int server_wanted(void)
{
    const char *v = getenv("OKR_TEST_PG");
    return v && strcmp(v, "1") == 0;
}

static void exec_ok(const fixture *f, const char *sql)
{
    const okr_libpq *pq = &f->pq;
    PGresult *res = pq->PQexec(f->conn, sql);
    if (pq->PQresultStatus(res) != PGRES_COMMAND_OK && pq->PQresultStatus(res) != PGRES_TUPLES_OK)
        fail_msg("SQL failed: %s\n%s", sql, pq->PQerrorMessage(f->conn));
    pq->PQclear(res);
}

static void fixture_init(fixture *f, int connect)
{
    memset(f, 0, sizeof *f);
    okr_arena_init(&f->arena);
    okr_source_init(&f->sources, &f->arena);
    okr_diags_init(&f->diags, &f->arena);
    f->first_day = day_of(2026, 7, 1);
    okr_store_init(&f->store, &f->arena, f->first_day, day_of(2026, 9, 30));
    f->activation.name.text = "activation";
    f->signups.name.text = "signups";
    f->other.name.text = "other";
    okr_store_bind(&f->store, &f->activation, "growth.activation", "activation");
    okr_store_bind(&f->store, &f->activation, "growth.activation", "growth.activation");
    /* A feed name with the characters a text[] literal must escape. */
    okr_store_bind(&f->store, &f->signups, "growth.signups", "sign \"ups\\,{x}");
    okr_store_bind(&f->store, &f->other, "growth.other", "other");
    f->ctx = (okr_feed_ctx){
        .store = &f->store, .diags = &f->diags, .sources = &f->sources, .arena = &f->arena, .libpq = &f->pq,
    };
    snprintf(f->table, sizeof f->table, "okr_test_kpis_%ld", (long)getpid());
    if (connect) {
        if (okr_libpq_load(&f->pq) != 0)
            fail_msg("cannot load libpq: %s", f->pq.lib.error);
        f->conn = f->pq.PQconnectdb("");
        if (f->pq.PQstatus(f->conn) != CONNECTION_OK)
            fail_msg("OKR_TEST_PG=1 but no server: %s", f->pq.PQerrorMessage(f->conn));
        exec_ok(f, "SET client_min_messages = warning");
    }
}

static void fixture_free(fixture *f)
{
    if (f->conn)
        f->pq.PQfinish(f->conn);
    okr_libpq_close(&f->pq);
    okr_source_free(&f->sources);
    okr_arena_free(&f->arena);
}

static okr_feed_spec spec_for(const char *location, const char *table)
{
    return (okr_feed_spec){
        .kind = OKR_FEED_POSTGRES, .text = "postgres:(test)", .location = location, .table = table,
        .col_metric = "metric", .col_time = "timestamp", .col_value = "value",
    };
}

static const okr_obs_day *bucket(fixture *f, okr_metric_decl *m, int y, int mo, int d)
{
    okr_series *s = okr_store_series_of(&f->store, m);
    assert_non_null(s);
    return &s->days[day_of(y, mo, d) - f->first_day];
}

static const char *first_message(fixture *f)
{
    assert_true(f->diags.list.len > 0);
    return ((okr_diag *)f->diags.list.items[0])->message;
}

#define SKIP_WITHOUT_SERVER()                                                   \
    do {                                                                        \
        if (!server_wanted()) {                                                 \
            printf("skipped: set OKR_TEST_PG=1 with a PG* environment\n");     \
            return;                                                             \
        }                                                                       \
    } while (0)

static void test_buckets_from_a_table(void **state)
{
    (void)state;
    SKIP_WITHOUT_SERVER();
    fixture f;
    fixture_init(&f, 1);
    char sql[4096];
    snprintf(sql, sizeof sql,
             "DROP TABLE IF EXISTS %s;"
             "CREATE TABLE %s (metric text, \"timestamp\" timestamptz, value double precision);"
             "INSERT INTO %s VALUES"
             " ('activation', '2026-07-01T09:00:00Z', 20),"
             " ('activation', '2026-07-01T18:00:00Z', 22),"
             " ('activation', '2026-07-01T12:00:00Z', 25),"
             " ('activation', '2026-07-02T00:00:00Z', 30),"
             " ('activation', '2026-07-04T01:00:00+02:00', 7),"     /* 07-03 23:00 UTC */
             " ('activation', '2026-09-30T23:59:59Z', 40),"
             " ('activation', '2026-06-30T23:59:59Z', 99),"          /* before the range */
             " ('activation', '2026-10-01T00:00:00Z', 99),"          /* after it */
             " ('activation', '2026-07-05T00:00:00Z', NULL),"        /* malformed */
             " ('activation', '2026-07-05T01:00:00Z', 'NaN'),"       /* malformed */
             " ('activation', '2026-07-05T02:00:00Z', '-Infinity')," /* malformed */
             " ('unknown', '2026-07-01T00:00:00Z', 5),"
             " ('growth.activation', '2026-07-02T06:00:00Z', 31),"   /* a second name of the same series */
             " ('sign \"ups\\,{x}', '2026-07-05T10:00:00Z', 10)",
             f.table, f.table, f.table);
    exec_ok(&f, sql);

    okr_feed_spec spec = spec_for("", f.table);
    assert_int_equal(okr_feed_read_postgres(&f.ctx, &spec), 0);

    const okr_obs_day *b = bucket(&f, &f.activation, 2026, 7, 1);
    assert_int_equal(b->count, 3);
    assert_true(b->sum == 67 && b->min == 20 && b->max == 25);
    assert_true(b->first == 20 && b->last == 22);
    assert_true(b->first_ts == ts_of(2026, 7, 1, 9, 0, 0));
    assert_true(b->last_ts == ts_of(2026, 7, 1, 18, 0, 0));
    b = bucket(&f, &f.activation, 2026, 7, 2);
    assert_int_equal(b->count, 2);
    assert_true(b->sum == 61 && b->first == 30 && b->last == 31);
    b = bucket(&f, &f.activation, 2026, 7, 3);
    assert_int_equal(b->count, 1);
    assert_true(b->last == 7 && b->last_ts == ts_of(2026, 7, 3, 23, 0, 0));
    assert_int_equal(bucket(&f, &f.activation, 2026, 7, 4)->count, 0);
    assert_int_equal(bucket(&f, &f.activation, 2026, 7, 5)->count, 0);
    b = bucket(&f, &f.activation, 2026, 9, 30);
    assert_int_equal(b->count, 1);
    assert_true(b->last == 40);

    okr_series *s = okr_store_series_of(&f.store, &f.activation);
    assert_int_equal(s->rows, 7);
    assert_true(s->latest_ts == ts_of(2026, 9, 30, 23, 59, 59));
    assert_true(bucket(&f, &f.signups, 2026, 7, 5)->last == 10);
    assert_int_equal(okr_store_series_of(&f.store, &f.other)->rows, 0);

    assert_int_equal(f.ctx.stats.stored, 8);
    assert_int_equal(f.ctx.stats.malformed, 3);
    assert_int_equal(f.ctx.stats.rows, 11);
    /* The malformed rows are one diagnostic, not three. */
    assert_int_equal(f.diags.list.len, 1);
    assert_int_equal(okr_diags_count_code(&f.diags, OKR905), 1);
    assert_non_null(strstr(first_message(&f), "3 rows"));

    /* With --strict-feeds they stop the read. */
    okr_diags_init(&f.diags, &f.arena);
    f.ctx.strict = 1;
    assert_int_equal(okr_feed_read_postgres(&f.ctx, &spec), -1);
    assert_int_equal(okr_diags_count_code(&f.diags, OKR905), 1);
    /* ...before storing anything: a table has no "rows before the bad one". */
    assert_int_equal(bucket(&f, &f.activation, 2026, 7, 1)->count, 3);

    /* Schema-qualified, each part quoted. */
    okr_diags_init(&f.diags, &f.arena);
    f.ctx.strict = 0;
    okr_feed_spec qualified = spec_for("", okr_arena_printf(&f.arena, "public.%s", f.table));
    assert_int_equal(okr_feed_read_postgres(&f.ctx, &qualified), 0);
    /* A second read of the same rows doubles the buckets: merging adds. */
    assert_int_equal(bucket(&f, &f.activation, 2026, 7, 1)->count, 6);

    snprintf(sql, sizeof sql, "DROP TABLE %s", f.table);
    exec_ok(&f, sql);
    fixture_free(&f);
}

/* A name several metrics read gives each its buckets; a negative value for
 * a count metric is malformed, counted and reported once, and kept out of
 * the buckets by the server (okr_feed_lower_bound in SQL). */
static void test_shared_names_and_negative_counts(void **state)
{
    (void)state;
    SKIP_WITHOUT_SERVER();
    fixture f;
    fixture_init(&f, 1);
    f.signups.type = OKR_TYPE_COUNT;
    okr_metric_decl weekly = f.signups;
    weekly.name.text = "weekly";
    okr_store_bind(&f.store, &f.signups, "growth.signups", "signups");
    okr_store_bind(&f.store, &weekly, "growth.weekly", "signups");
    char sql[2048];
    snprintf(sql, sizeof sql,
             "DROP TABLE IF EXISTS %s;"
             "CREATE TABLE %s (metric text, \"timestamp\" timestamptz, value double precision);"
             "INSERT INTO %s VALUES"
             " ('signups', '2026-07-01T09:00:00Z', 4),"
             " ('signups', '2026-07-01T10:00:00Z', -5),"      /* malformed: a negative count */
             " ('signups', '2026-07-02T10:00:00Z', 6),"
             " ('activation', '2026-07-02T10:00:00Z', -1)",  /* a number may go below zero */
             f.table, f.table, f.table);
    exec_ok(&f, sql);
    okr_feed_spec spec = spec_for("", f.table);
    assert_int_equal(okr_feed_read_postgres(&f.ctx, &spec), 0);
    const okr_obs_day *b = bucket(&f, &f.signups, 2026, 7, 1);
    assert_int_equal(b->count, 1);
    assert_true(b->sum == 4 && b->min == 4);
    b = bucket(&f, &weekly, 2026, 7, 1);
    assert_int_equal(b->count, 1);
    assert_true(bucket(&f, &weekly, 2026, 7, 2)->last == 6);
    assert_true(bucket(&f, &f.activation, 2026, 7, 2)->last == -1);
    assert_int_equal(f.ctx.stats.rows, 4);
    assert_int_equal(f.ctx.stats.stored, 3); /* once per row, not per metric */
    assert_int_equal(f.ctx.stats.malformed, 1);
    assert_int_equal(f.diags.list.len, 1);
    assert_int_equal(okr_diags_count_code(&f.diags, OKR905), 1);
    assert_non_null(strstr(first_message(&f), "1 row with a negative value for a count metric skipped"));

    f.ctx.strict = 1;
    assert_int_equal(okr_feed_read_postgres(&f.ctx, &spec), -1);
    snprintf(sql, sizeof sql, "DROP TABLE %s", f.table);
    exec_ok(&f, sql);
    fixture_free(&f);
}

static void test_column_options_and_types(void **state)
{
    (void)state;
    SKIP_WITHOUT_SERVER();
    fixture f;
    fixture_init(&f, 1);
    char sql[2048];
    /* A zone-less timestamp means UTC, a date means its midnight, and a
     * numeric value is read as a number. */
    snprintf(sql, sizeof sql,
             "DROP TABLE IF EXISTS %s_cols;"
             "CREATE TABLE %s_cols (\"Name\" text, at timestamp, amount numeric, day date);"
             "INSERT INTO %s_cols VALUES"
             " ('activation', '2026-07-01 23:30:00', 1.5, '2026-07-10'),"
             " ('activation', '2026-07-01 23:45:00', 2.5, '2026-07-10');",
             f.table, f.table, f.table);
    exec_ok(&f, sql);
    okr_feed_spec spec = spec_for("", okr_arena_printf(&f.arena, "%s_cols", f.table));
    spec.col_metric = "Name";
    spec.col_time = "at";
    spec.col_value = "amount";
    assert_int_equal(okr_feed_read_postgres(&f.ctx, &spec), 0);
    const okr_obs_day *b = bucket(&f, &f.activation, 2026, 7, 1);
    assert_int_equal(b->count, 2);
    assert_true(b->sum == 4 && b->last == 2.5 && b->last_ts == ts_of(2026, 7, 1, 23, 45, 0));

    spec.col_time = "day";
    assert_int_equal(okr_feed_read_postgres(&f.ctx, &spec), 0);
    b = bucket(&f, &f.activation, 2026, 7, 10);
    assert_int_equal(b->count, 2);
    assert_true(b->first_ts == ts_of(2026, 7, 10, 0, 0, 0));

    /* query=: the first three columns, whatever their names; a trailing
     * ';' is allowed. */
    okr_feed_spec query = spec_for("", NULL);
    query.query = okr_arena_printf(&f.arena, "SELECT \"Name\", at + interval '1 day', amount * 2 FROM %s_cols ;",
                                   f.table);
    assert_int_equal(okr_feed_read_postgres(&f.ctx, &query), 0);
    b = bucket(&f, &f.activation, 2026, 7, 2);
    assert_int_equal(b->count, 2);
    assert_true(b->sum == 8 && b->min == 3 && b->max == 5);
    assert_int_equal(f.diags.list.len, 0);

    snprintf(sql, sizeof sql, "DROP TABLE %s_cols", f.table);
    exec_ok(&f, sql);
    fixture_free(&f);
}

static void test_sql_errors(void **state)
{
    (void)state;
    SKIP_WITHOUT_SERVER();
    fixture f;
    fixture_init(&f, 1);
    char sql[1024];
    snprintf(sql, sizeof sql,
             "DROP TABLE IF EXISTS %s_text;"
             "CREATE TABLE %s_text (metric text, \"timestamp\" text, value text);"
             "INSERT INTO %s_text VALUES ('activation', '2026-07-01T10:00:00Z', '3.5');",
             f.table, f.table, f.table);
    exec_ok(&f, sql);
    /* Text columns holding ISO timestamps and numbers are fine... */
    okr_feed_spec spec = spec_for("", okr_arena_printf(&f.arena, "%s_text", f.table));
    assert_int_equal(okr_feed_read_postgres(&f.ctx, &spec), 0);
    assert_true(bucket(&f, &f.activation, 2026, 7, 1)->last == 3.5);

    /* ...until a value is not a number: one diagnostic with the server's words. */
    snprintf(sql, sizeof sql, "INSERT INTO %s_text VALUES ('activation', '2026-07-02', 'abc')", f.table);
    exec_ok(&f, sql);
    assert_int_equal(okr_feed_read_postgres(&f.ctx, &spec), -1);
    assert_int_equal(f.diags.list.len, 1);
    assert_int_equal(okr_diags_count_code(&f.diags, OKR901), 1);
    assert_non_null(strstr(first_message(&f), "invalid input syntax"));

    /* A missing table. */
    okr_diags_init(&f.diags, &f.arena);
    okr_feed_spec missing = spec_for("", "okr_no_such_table");
    assert_int_equal(okr_feed_read_postgres(&f.ctx, &missing), -1);
    assert_int_equal(okr_diags_count_code(&f.diags, OKR901), 1);
    assert_non_null(strstr(first_message(&f), "does not exist"));

    /* A table name is an identifier, never SQL. */
    okr_diags_init(&f.diags, &f.arena);
    okr_feed_spec hostile = spec_for("", okr_arena_printf(&f.arena, "%s_text\"; DROP TABLE %s_text; --", f.table,
                                                          f.table));
    assert_int_equal(okr_feed_read_postgres(&f.ctx, &hostile), -1);
    assert_non_null(strstr(first_message(&f), "does not exist"));
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s_text", f.table);
    exec_ok(&f, sql);

    /* A query that is not SQL, and one that tries to write: the read runs
     * in a read-only transaction. */
    okr_diags_init(&f.diags, &f.arena);
    okr_feed_spec bad = spec_for("", NULL);
    bad.query = "SELEKT 1";
    assert_int_equal(okr_feed_read_postgres(&f.ctx, &bad), -1);
    assert_non_null(strstr(first_message(&f), "syntax error"));
    okr_diags_init(&f.diags, &f.arena);
    bad.query = okr_arena_printf(&f.arena,
                                 "WITH gone AS (DELETE FROM %s_text RETURNING metric, \"timestamp\", value) "
                                 "SELECT * FROM gone",
                                 f.table);
    assert_int_equal(okr_feed_read_postgres(&f.ctx, &bad), -1);
    snprintf(sql, sizeof sql, "SELECT 1 FROM %s_text", f.table);
    PGresult *res = f.pq.PQexec(f.conn, sql);
    assert_int_equal(f.pq.PQntuples(res), 2);
    f.pq.PQclear(res);

    snprintf(sql, sizeof sql, "DROP TABLE %s_text", f.table);
    exec_ok(&f, sql);
    fixture_free(&f);
}

/* No server needed: nothing listens on port 1. */
static void test_connection_failure_hides_the_password(void **state)
{
    (void)state;
    const char *conninfos[] = {
        "host=127.0.0.1 port=1 dbname=okr user=grader password=hunter2 connect_timeout=5",
        "postgresql://grader:hunter2@127.0.0.1:1/okr?connect_timeout=5",
    };
    for (size_t i = 0; i < sizeof conninfos / sizeof conninfos[0]; i++) {
        fixture f;
        fixture_init(&f, 0);
        okr_feed_spec spec = spec_for(conninfos[i], "kpis");
        spec.text = okr_arena_printf(&f.arena, "postgres:%s#table=kpis", conninfos[i]);
        assert_int_equal(okr_feed_read_postgres(&f.ctx, &spec), -1);
        assert_int_equal(f.diags.list.len, 1);
        assert_int_equal(okr_diags_count_code(&f.diags, OKR901), 1);
        const okr_diag *d = f.diags.list.items[0];
        assert_non_null(strstr(d->message, "cannot connect"));
        assert_non_null(strstr(d->message, "port=1"));
        assert_null(strstr(d->message, "hunter2"));
        for (int h = 0; h < d->help_count; h++)
            assert_null(strstr(d->help[h], "hunter2"));
        for (size_t k = 0; k < f.sources.len; k++)
            assert_null(strstr(f.sources.files[k]->path, "hunter2"));
        fixture_free(&f);
    }
}

static void test_malformed_conninfo_hides_the_password(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, 0);
    okr_feed_spec spec = spec_for("host=localhost password=hunter2 hunter3", NULL);
    assert_int_equal(okr_feed_read_postgres(&f.ctx, &spec), -1);
    assert_int_equal(okr_diags_count_code(&f.diags, OKR901), 1);
    assert_non_null(strstr(first_message(&f), "not valid libpq conninfo"));
    assert_null(strstr(first_message(&f), "hunter"));
    fixture_free(&f);
}

/* The read loads libpq itself when its context has no table: the
 * ctx.libpq = NULL path (a reader of its own, closed after the read). */
static void test_malformed_conninfo_without_a_shared_libpq(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, 0);
    f.ctx.libpq = NULL;
    okr_feed_spec spec = spec_for("host=localhost password=hunter2 hunter3", NULL);
    assert_int_equal(okr_feed_read_postgres(&f.ctx, &spec), -1);
    assert_non_null(strstr(first_message(&f), "not valid libpq conninfo"));
    assert_null(f.pq.lib.handle);
    fixture_free(&f);
}

/* Reports name a PostgreSQL feed by libpq's parse of its conninfo, with
 * the password masked, whether the caller has libpq loaded or not. */
static void test_display_name_masks_the_password(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, 0);
    const char *text = "postgres:host=db.internal password=hunter2 dbname=okr#table=kpis";
    /* In libpq's order of options, not the conninfo's. */
    const char *want = "postgres:password=*** dbname=okr host=db.internal#table=kpis";
    assert_string_equal(okr_feed_display_name(&f.arena, &f.pq, text), want);
    assert_non_null(f.pq.lib.handle); /* loaded on first use, kept */
    assert_string_equal(okr_feed_display_name(&f.arena, NULL, text), want);
    assert_string_equal(okr_feed_display_name(&f.arena, &f.pq, "metrics.csv"), "metrics.csv");
    assert_string_equal(okr_feed_display_name(&f.arena, &f.pq, "postgres:host='x#table=k"),
                        "postgres:(unparsable conninfo)#table=k");
    fixture_free(&f);
}

/* Without libpq (forced with the OKRC_LIBPQ test hook) a PostgreSQL feed
 * is unreadable like a missing file: OKR901 naming the library and the
 * package, never the conninfo. The failure is remembered, and every
 * PostgreSQL feed of the run gets its own error. */
static void test_missing_libpq(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, 0);
    setenv(OKR_LIBPQ_ENV, "/nonexistent/libpq.so.5", 1);
    okr_feed_spec spec = spec_for("host=db.internal password=hunter2", "kpis");
    assert_int_equal(okr_feed_read_postgres(&f.ctx, &spec), -1);
    assert_int_equal(okr_feed_read_postgres(&f.ctx, &spec), -1);
    assert_int_equal(okr_diags_count_code(&f.diags, OKR901), 2);
    const okr_diag *d = f.diags.list.items[0];
    assert_string_equal(d->message, "feed 'postgres:(conninfo not shown)#table=kpis': cannot load the PostgreSQL "
                                    "client library: /nonexistent/libpq.so.5: cannot open shared object file: No "
                                    "such file or directory");
    assert_int_equal(d->help_count, 1);
    assert_non_null(strstr(d->help[0], "apt-get install libpq5"));
    assert_non_null(strstr(d->help[0], "libpq.so.5"));
    assert_string_equal(okr_feed_display_name(&f.arena, &f.pq, "postgres:password=hunter2#table=kpis"),
                        "postgres:(conninfo not shown)#table=kpis");
    fixture_free(&f);

    /* A library without libpq's functions. */
    fixture_init(&f, 0);
    setenv(OKR_LIBPQ_ENV, "libc.so.6", 1);
    assert_int_equal(okr_feed_read_postgres(&f.ctx, &spec), -1);
    assert_non_null(strstr(first_message(&f), "libc.so.6 has no function PQclear"));
    unsetenv(OKR_LIBPQ_ENV);
    fixture_free(&f);
}

static void test_add_bucket_merges(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, 0);
    okr_series *s = okr_store_series_of(&f.store, &f.activation);
    long day = day_of(2026, 7, 1);
    /* Row by row first, then a bucket of the same day around it. */
    okr_store_add(&f.store, s, ts_of(2026, 7, 1, 12, 0, 0), 5);
    okr_obs_day b = {.count = 2, .sum = 11, .min = 1, .max = 10, .first = 1, .last = 10,
                     .first_ts = ts_of(2026, 7, 1, 8, 0, 0), .last_ts = ts_of(2026, 7, 1, 20, 0, 0)};
    assert_int_equal(okr_store_add_bucket(&f.store, s, day, &b), OKR_STORE_ADDED);
    const okr_obs_day *got = &s->days[0];
    assert_int_equal(got->count, 3);
    assert_true(got->sum == 16 && got->min == 1 && got->max == 10 && got->first == 1 && got->last == 10);
    assert_int_equal(s->rows, 3);
    assert_true(s->latest_ts == ts_of(2026, 7, 1, 20, 0, 0));
    /* A bucket inside the day's span changes neither first nor last. */
    okr_obs_day mid = {.count = 1, .sum = 7, .min = 7, .max = 7, .first = 7, .last = 7,
                       .first_ts = ts_of(2026, 7, 1, 13, 0, 0), .last_ts = ts_of(2026, 7, 1, 13, 0, 0)};
    okr_store_add_bucket(&f.store, s, day, &mid);
    assert_true(got->first == 1 && got->last == 10 && got->count == 4 && got->sum == 23);
    /* Into an empty day: copied as is. */
    okr_obs_day other = mid;
    other.first_ts = other.last_ts = ts_of(2026, 7, 9, 0, 0, 0);
    okr_store_add_bucket(&f.store, s, day_of(2026, 7, 9), &other);
    assert_int_equal(s->days[8].count, 1);
    /* Outside the range: counted, not stored. */
    assert_int_equal(okr_store_add_bucket(&f.store, s, day_of(2026, 10, 1), &b), OKR_STORE_OUT_OF_RANGE);
    assert_int_equal(s->out_of_range, 2);
    assert_int_equal(s->rows, 5);
    fixture_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_add_bucket_merges),
        cmocka_unit_test(test_connection_failure_hides_the_password),
        cmocka_unit_test(test_malformed_conninfo_hides_the_password),
        cmocka_unit_test(test_buckets_from_a_table),
        cmocka_unit_test(test_shared_names_and_negative_counts),
        cmocka_unit_test(test_column_options_and_types),
        cmocka_unit_test(test_sql_errors),
        cmocka_unit_test(test_malformed_conninfo_without_a_shared_libpq),
        cmocka_unit_test(test_display_name_masks_the_password),
        cmocka_unit_test(test_missing_libpq),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
