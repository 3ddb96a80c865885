/* test_feed_sqlite.c: the SQLite feed reader (runtime/feed*.c), by table,
 * by named table and columns, and by query, read-only, with every
 * malformed-row case; and `okrc feed import`, CSV into SQLite, whose rows
 * must read back as the CSV itself does. Every test writes its data files
 * into its own mkdtemp() directory under /tmp, removed afterwards
 * (feed_fixture.h). */
#include "feed_fixture.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include "../../runtime/feed_import.h"

/* ---- SQLite ---- */

static void make_db(const char *path, const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
        fail_msg("%s", err);
    sqlite3_close(db);
}

static void test_sqlite_table(void **state)
{
    fx *f = *state;
    const char *path = path_of(f, "m.db");
    make_db(path, "CREATE TABLE metrics (metric TEXT, timestamp, value);"
                  "INSERT INTO metrics VALUES ('m', '2026-07-01T10:00:00Z', 1.5);"
                  "INSERT INTO metrics VALUES ('m', '2026-07-01T11:00:00Z', 2);"      /* INTEGER */
                  "INSERT INTO metrics VALUES ('n', 1782864000, '4.25');"             /* unix seconds, TEXT value */
                  "INSERT INTO metrics VALUES ('n', 1782950400.75, 5);"               /* REAL seconds */
                  "INSERT INTO metrics VALUES ('other', '2026-07-01', 1);");
    struct stat before;
    assert_int_equal(stat(path, &before), 0);
    sleep(1); /* an mtime change would be visible */
    assert_int_equal(read_spec(f, "sqlite:%s/m.db"), 0);
    assert_int_equal(f->diags.list.len, 0);
    assert_int_equal(f->ctx.stats.rows, 5);
    assert_int_equal(f->ctx.stats.stored, 4);
    assert_int_equal(f->ctx.stats.unknown_metric, 1);
    okr_obs_day *b = bucket(f, "m", 2026, 7, 1);
    assert_int_equal(b->count, 2);
    assert_true(b->sum == 3.5);
    /* 1782864000 is 2026-07-01T00:00:00Z */
    assert_true(at(2026, 7, 1, 0, 0, 0) == 1782864000);
    assert_true(bucket(f, "n", 2026, 7, 1)->last == 4.25);
    b = bucket(f, "n", 2026, 7, 2);
    assert_true(b->last == 5 && b->last_ts == 1782950400);

    /* Read-only: a query that writes fails, and the file is untouched. */
    assert_int_equal(read_spec(f, "sqlite:%s/m.db#query=DELETE FROM metrics RETURNING metric, timestamp, value"),
                     -1);
    assert_int_equal(((const okr_diag *)f->diags.list.items[0])->code, OKR901);
    assert_contains(((const okr_diag *)f->diags.list.items[0])->message, "readonly");
    struct stat after;
    assert_int_equal(stat(path, &after), 0);
    assert_true(before.st_size == after.st_size);
    assert_true(before.st_mtim.tv_sec == after.st_mtim.tv_sec && before.st_mtim.tv_nsec == after.st_mtim.tv_nsec);
    assert_int_equal(access(path_of(f, "m.db-journal"), F_OK), -1);
    assert_int_equal(access(path_of(f, "m.db-wal"), F_OK), -1);
}

static void test_sqlite_custom_table_and_columns(void **state)
{
    fx *f = *state;
    make_db(path_of(f, "c.db"), "CREATE TABLE \"daily \"\"obs\"\"\" (\"name\" TEXT, \"the day\" TEXT, amount REAL);"
                                "INSERT INTO \"daily \"\"obs\"\"\" VALUES ('m', '2026-07-04', 8);");
    assert_int_equal(read_spec(f, "sqlite:%s/c.db#table=daily \"obs\"&metric=name&time=the day&value=amount"), 0);
    assert_int_equal(f->diags.list.len, 0);
    assert_true(bucket(f, "m", 2026, 7, 4)->last == 8);

    /* A name that tries to break out of its quotes is just a name. */
    assert_int_equal(read_spec(f, "sqlite:%s/c.db#table=x\"; DROP TABLE t; --"), -1);
    assert_contains(((const okr_diag *)f->diags.list.items[0])->message, "no such table: x\"; DROP TABLE t; --");
}

static void test_sqlite_query(void **state)
{
    fx *f = *state;
    make_db(path_of(f, "q.db"), "CREATE TABLE events (kind TEXT, at TEXT, n INTEGER);"
                                "INSERT INTO events VALUES ('signup', '2026-07-01T09:00:00Z', 1);"
                                "INSERT INTO events VALUES ('signup', '2026-07-01T10:00:00Z', 1);"
                                "INSERT INTO events VALUES ('signup', '2026-07-02T10:00:00Z', 1);"
                                "INSERT INTO events VALUES ('churn', '2026-07-02T10:00:00Z', 1);");
    assert_int_equal(read_spec(f, "sqlite:%s/q.db#query=SELECT 'm', substr(at, 1, 10), count(*) FROM events "
                                  "WHERE kind = 'signup' AND n >= 1 GROUP BY 2 ORDER BY 2"),
                     0);
    assert_int_equal(f->diags.list.len, 0);
    assert_true(bucket(f, "m", 2026, 7, 1)->last == 2);
    assert_true(bucket(f, "m", 2026, 7, 2)->last == 1);

    /* The query must return three columns, and be one statement. */
    assert_int_equal(read_spec(f, "sqlite:%s/q.db#query=SELECT kind, at FROM events"), -1);
    assert_contains(((const okr_diag *)f->diags.list.items[0])->message, "returns 2 columns, not 3");
    assert_int_equal(read_spec(f, "sqlite:%s/q.db#query=SELECT kind, at, n FROM events; SELECT 1"), -1);
    assert_contains(((const okr_diag *)f->diags.list.items[1])->message, "one SQL statement");
    assert_int_equal(read_spec(f, "sqlite:%s/q.db#query=SELEC kind"), -1);
    assert_contains(((const okr_diag *)f->diags.list.items[2])->message, "syntax error");
    /* A trailing ';' and comment are fine. */
    assert_int_equal(read_spec(f, "sqlite:%s/q.db#query=SELECT kind, at, n FROM events WHERE 0; -- none"), 0);
    assert_int_equal(f->diags.list.len, 3);
}

static void test_sqlite_errors(void **state)
{
    fx *f = *state;
    make_db(path_of(f, "e.db"), "CREATE TABLE other (x);");
    assert_int_equal(read_spec(f, "sqlite:%s/e.db"), -1);
    assert_int_equal(f->diags.list.len, 1);
    const okr_diag *d = f->diags.list.items[0];
    assert_int_equal(d->code, OKR901);
    assert_contains(d->message, "no such table: metrics");
    assert_true(d->help_count == 1);

    /* A missing database is an error, and is not created. */
    assert_int_equal(read_spec(f, "sqlite:%s/none.db"), -1);
    d = f->diags.list.items[1];
    assert_int_equal(d->code, OKR901);
    assert_contains(d->message, "No such file");
    assert_int_equal(access(path_of(f, "none.db"), F_OK), -1);

    /* Not a database at all. */
    write_file(f, "text.db", "metric,timestamp,value\nm,2026-07-01,1\n");
    assert_int_equal(read_spec(f, "sqlite:%s/text.db"), -1);
    d = f->diags.list.items[2];
    assert_int_equal(d->code, OKR901);
    assert_contains(d->message, "not a database");
}

/* A column the table lacks is one OKR901, not SQLite's double-quoted
 * string fallback turning "up" into the text 'up' for every row. */
static void test_sqlite_missing_column(void **state)
{
    fx *f = *state;
    make_db(path_of(f, "cols.db"), "CREATE TABLE metrics (name TEXT, ts TEXT, value REAL);"
                                   "INSERT INTO metrics VALUES ('m', '2026-07-01', 1);"
                                   "INSERT INTO metrics VALUES ('n', '2026-07-02', 2);"
                                   "CREATE TABLE checks (metric TEXT, timestamp TEXT, value REAL);"
                                   "INSERT INTO checks VALUES ('m', '2026-07-01', 1);");
    /* metric=up on a table without `up`: not every row filed under "up". */
    assert_int_equal(read_spec(f, "sqlite:%s/cols.db#table=checks&metric=up"), -1);
    assert_int_equal(f->diags.list.len, 1);
    const okr_diag *d = f->diags.list.items[0];
    assert_int_equal(d->code, OKR901);
    assert_contains(d->message, "no such column: up");
    assert_int_equal(f->ctx.stats.rows, 0);

    /* A table without the default columns: one error, not one per row. */
    assert_int_equal(read_spec(f, "sqlite:%s/cols.db"), -1);
    assert_int_equal(f->diags.list.len, 2);
    d = f->diags.list.items[1];
    assert_int_equal(d->code, OKR901);
    assert_contains(d->message, "no such column: metric");
    assert_true(d->help_count >= 2);
    assert_contains(d->help[d->help_count - 1], "'name', 'ts', 'value'");
    assert_int_equal(f->ctx.stats.rows, 0);
    assert_int_equal(f->ctx.stats.malformed, 0);

    /* A query= gets no fallback either: strings take single quotes. */
    assert_int_equal(read_spec(f, "sqlite:%s/cols.db#query=SELECT \"kind\", ts, value FROM metrics"), -1);
    assert_contains(((const okr_diag *)f->diags.list.items[2])->message, "no such column: kind");
}

static void test_sqlite_bad_rows(void **state)
{
    fx *f = *state;
    make_db(path_of(f, "b.db"), "CREATE TABLE metrics (metric, timestamp, value);"
                                "INSERT INTO metrics VALUES ('m', '2026-07-01', 1);"        /* 1 ok */
                                "INSERT INTO metrics VALUES (NULL, '2026-07-01', 1);"       /* 2 */
                                "INSERT INTO metrics VALUES ('m', '2026-02-30', 1);"        /* 3 */
                                "INSERT INTO metrics VALUES ('m', NULL, 1);"                /* 4 */
                                "INSERT INTO metrics VALUES ('m', '2026-07-01', 'n/a');"    /* 5 */
                                "INSERT INTO metrics VALUES ('m', '2026-07-01', NULL);"     /* 6 */
                                "INSERT INTO metrics VALUES ('m', 1e300, 1);"               /* 7 */
                                "INSERT INTO metrics VALUES ('', '2026-07-01', 1);"         /* 8 */
                                "INSERT INTO metrics VALUES ('m', '2026-07-01', 9e999);"    /* 9 inf */
                                "INSERT INTO metrics VALUES ('n', '2026-07-02', 2);");      /* 10 ok */
    assert_int_equal(read_spec(f, "sqlite:%s/b.db"), 0);
    size_t i = 0;
    assert_contains(diag_at(f, i++, OKR903, 2)->message, "row 2: the metric is NULL");
    assert_contains(diag_at(f, i++, OKR904, 3)->message, "row 3: bad timestamp '2026-02-30'");
    assert_contains(diag_at(f, i++, OKR904, 4)->message, "row 4: the timestamp is NULL");
    assert_contains(diag_at(f, i++, OKR905, 5)->message, "row 5: bad number 'n/a'");
    assert_contains(diag_at(f, i++, OKR905, 6)->message, "row 6: the value is NULL");
    assert_contains(diag_at(f, i++, OKR904, 7)->message, "row 7: timestamp 1e+300 is out of range");
    assert_contains(diag_at(f, i++, OKR903, 8)->message, "row 8: empty metric name");
    assert_contains(diag_at(f, i++, OKR905, 9)->message, "row 9: the value is not finite");
    assert_int_equal(f->diags.list.len, i);
    assert_int_equal(f->ctx.stats.rows, 10);
    assert_int_equal(f->ctx.stats.malformed, 8);
    assert_int_equal(f->ctx.stats.stored, 2);

    f->ctx.strict = 1;
    assert_int_equal(read_spec(f, "sqlite:%s/b.db"), -1);
    assert_int_equal(f->diags.list.len, i + 1);
}

/* ---- okrc feed import ---- */

static void test_import_round_trip(void **state)
{
    fx *f = *state;
    const char *csv = write_file(f, "in.csv",
                                 "\xEF\xBB\xBF" "extra,metric,timestamp,value\r\n"
                                 "a,m,2026-07-01T10:00:00Z,1\r\n"
                                 "b,m,2026-07-01T09:30:00.5+02:00,2.25\r\n"
                                 "c,n,2026-07-02,-3\r\n"
                                 "\"d,\"\"q\"\"\",m,2026-07-03,1e3\r\n"
                                 "e,m,2026-07-03,oops\r\n"
                                 "f,unknown,2026-07-03,1\r\n"
                                 "g,n,2020-01-01,1\r\n"
                                 "h,\"n\",2026-07-03T23:59:59,4\r\n");
    const char *db = path_of(f, "out.db");
    size_t imported = 99;
    assert_int_equal(okr_feed_import_csv(csv, db, NULL, &f->diags, &f->sources, &imported), 0);
    assert_int_equal(imported, 7); /* every valid row, whether the program knows its metric or not */
    assert_int_equal(f->diags.list.len, 1);
    diag_at(f, 0, OKR905, 6);

    /* The same rows come back from SQLite as from the CSV itself. */
    assert_int_equal(read_spec(f, "sqlite:%s/out.db"), 0);
    okr_feed_stats via_sqlite = f->ctx.stats;
    okr_store sqlite_store = f->store;
    fx_store(f);
    assert_int_equal(read_spec(f, "%s/in.csv"), 0);
    okr_feed_stats via_csv = f->ctx.stats;
    assert_int_equal(via_sqlite.stored, via_csv.stored);
    assert_int_equal(via_sqlite.unknown_metric, via_csv.unknown_metric);
    assert_int_equal(via_sqlite.out_of_range, via_csv.out_of_range);
    assert_int_equal(via_sqlite.stored, 5);
    for (size_t k = 0; k < 2; k++) {
        const okr_series *a = sqlite_store.series.items[k], *b = f->store.series.items[k];
        assert_int_equal(a->rows, b->rows);
        assert_memory_equal(a->days, b->days, (size_t)f->store.ndays * sizeof *a->days);
    }
    assert_true(bucket(f, "m", 2026, 7, 1)->first_ts == at(2026, 7, 1, 7, 30, 0));

    /* The stored text is normalised UTC. */
    sqlite3 *h;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(h, "SELECT timestamp FROM metrics WHERE value = 2.25", -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "2026-07-01T07:30:00Z");
    sqlite3_finalize(st);
    sqlite3_close(h);

    /* A second import appends, into a named table too. */
    assert_int_equal(okr_feed_import_csv(csv, db, NULL, &f->diags, &f->sources, &imported), 0);
    assert_int_equal(imported, 7);
    assert_int_equal(okr_feed_import_csv(csv, db, "obs \"x\"", &f->diags, &f->sources, &imported), 0);
    assert_int_equal(imported, 7);
    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(h, "SELECT (SELECT count(*) FROM metrics), (SELECT count(*) FROM \"obs \"\"x\"\"\")",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 14);
    assert_int_equal(sqlite3_column_int(st, 1), 7);
    sqlite3_finalize(st);
    sqlite3_close(h);
}

static void test_import_errors(void **state)
{
    fx *f = *state;
    size_t imported = 99;
    /* A missing CSV: an error, and no database left behind. */
    assert_int_equal(okr_feed_import_csv(path_of(f, "none.csv"), path_of(f, "x.db"), NULL, &f->diags, &f->sources,
                                         &imported),
                     -1);
    assert_int_equal(imported, 0);
    assert_int_equal(((const okr_diag *)f->diags.list.items[0])->code, OKR901);
    assert_int_equal(access(path_of(f, "x.db"), F_OK), -1);

    /* A CSV without the columns imports nothing: the transaction is rolled back. */
    const char *csv = write_file(f, "cols.csv", "metric,value\nm,1\n");
    const char *db = path_of(f, "y.db");
    assert_int_equal(okr_feed_import_csv(csv, db, NULL, &f->diags, &f->sources, &imported), -1);
    assert_int_equal(((const okr_diag *)f->diags.list.items[1])->code, OKR902);
    sqlite3 *h;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(h, "SELECT count(*) FROM sqlite_master", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 0);
    sqlite3_finalize(st);
    sqlite3_close(h);

    /* An existing table of another shape refuses the rows. */
    csv = write_file(f, "ok.csv", "metric,timestamp,value\nm,2026-07-01,1\n");
    make_db(path_of(f, "z.db"), "CREATE TABLE metrics (a, b);");
    assert_int_equal(okr_feed_import_csv(csv, path_of(f, "z.db"), NULL, &f->diags, &f->sources, &imported), -1);
    assert_int_equal(((const okr_diag *)f->diags.list.items[2])->code, OKR901);
    assert_contains(((const okr_diag *)f->diags.list.items[2])->message, "no column named metric");
}


int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
        T(test_sqlite_table),
        T(test_sqlite_custom_table_and_columns),
        T(test_sqlite_query),
        T(test_sqlite_errors),
        T(test_sqlite_missing_column),
        T(test_sqlite_bad_rows),
        T(test_import_round_trip),
        T(test_import_errors),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
