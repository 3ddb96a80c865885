/* test_feed_rows.c: where feed rows meet their metrics (runtime/feed.c,
 * runtime/store.c), the same for every row feed: a name that feeds
 * several metrics gives each of them its rows; names that feed none are
 * remembered with their row counts, within the store's limits; a count
 * metric takes no negative value (a malformed row, OKR905) in CSV, JSON
 * Lines and SQLite alike; and JSON Lines takes the integers CSV takes,
 * beyond 64 bits included. Files go to the fixture's mkdtemp() directory
 * (feed_fixture.h). */
#include "feed_fixture.h"

#include <sqlite3.h>

/* ---- names ---- */

static void test_name_feeds_every_metric_bound_to_it(void **state)
{
    fx *f = *state;
    /* A third metric `o` reads the rows named "m" too, as two metrics
     * with one `source` do. */
    okr_metric_decl o = f->m;
    o.name.text = "o";
    okr_series *so = okr_store_bind(&f->store, &o, "team.o", "m");
    okr_store_bind(&f->store, &o, "team.o", "m"); /* binding twice changes nothing */
    const okr_store_key *k = okr_store_lookup(&f->store, "m");
    assert_non_null(k);
    assert_int_equal(k->count, 2);

    write_file(f, "shared.csv",
               "metric,timestamp,value\n"
               "m,2026-07-01,10\n"
               "m,2026-07-01,11\n"      /* a duplicate in both */
               "team.m,2026-07-02,5\n"  /* m's own qualified name: m only */
               "m,2026-07-03,12\n"
               "m,2025-01-01,1\n");     /* out of range for both */
    assert_int_equal(read_spec(f, "%s/shared.csv"), 0);
    assert_int_equal(f->diags.list.len, 0);
    /* Counted once per row, however many series it fed. */
    assert_int_equal(f->ctx.stats.rows, 5);
    assert_int_equal(f->ctx.stats.stored, 3);
    assert_int_equal(f->ctx.stats.duplicates, 1);
    assert_int_equal(f->ctx.stats.out_of_range, 1);
    okr_series *sm = okr_store_series_of(&f->store, &f->m);
    assert_int_equal(sm->rows, 3);
    assert_int_equal(so->rows, 2);
    assert_true(so->days[day_of(2026, 7, 1) - f->first_day].last == 11);
    assert_true(so->days[day_of(2026, 7, 3) - f->first_day].last == 12);

    /* JSON Lines goes the same way. */
    write_file(f, "shared.jsonl", "{\"metric\": \"m\", \"timestamp\": \"2026-07-04\", \"value\": 13}\n");
    assert_int_equal(read_spec(f, "%s/shared.jsonl"), 0);
    assert_int_equal(so->rows, 3);
    assert_int_equal(sm->rows, 4);
}

static void test_unknown_names_remembered(void **state)
{
    fx *f = *state;
    write_file(f, "unknown.csv",
               "metric,timestamp,value\n"
               "zzz,2026-07-01,1\n"
               "m,2026-07-01,1\n"
               "yyy,2026-07-01,1\n"
               "zzz,2026-07-02,1\n"
               "zzz,2026-07-03,1\n");
    assert_int_equal(read_spec(f, "%s/unknown.csv"), 0);
    assert_int_equal(f->ctx.stats.unknown_metric, 4);
    assert_int_equal(f->store.unknown_rows, 4);
    assert_int_equal(f->store.unknown.len, 2);
    const okr_store_key *z = f->store.unknown.items[0], *y = f->store.unknown.items[1];
    assert_string_equal(z->name, "zzz");
    assert_int_equal(z->unstored_rows, 3);
    assert_int_equal(z->count, 0);
    assert_string_equal(y->name, "yyy");
    assert_int_equal(y->unstored_rows, 1);
    /* The same names from another feed add to the same counts. */
    write_file(f, "unknown.jsonl", "{\"metric\": \"zzz\", \"timestamp\": \"2026-07-04\", \"value\": 1}\n");
    assert_int_equal(read_spec(f, "%s/unknown.jsonl"), 0);
    assert_int_equal(z->unstored_rows, 4);
    assert_int_equal(f->store.unknown.len, 2);
}

static void test_unknown_names_bounded(void **state)
{
    fx *f = *state;
    /* More distinct names than the store keeps, and a name longer than it
     * keeps: their rows are counted, not remembered. */
    size_t names = OKR_STORE_UNKNOWN_NAMES + 10;
    size_t cap = 64 + names * 32 + 400;
    char *csv = malloc(cap);
    assert_non_null(csv);
    size_t len = (size_t)snprintf(csv, cap, "metric,timestamp,value\n");
    for (size_t i = 0; i < names; i++)
        len += (size_t)snprintf(csv + len, cap - len, "name%zu,2026-07-01,1\n", i);
    char longname[OKR_STORE_UNKNOWN_NAME_MAX + 2];
    memset(longname, 'x', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    len += (size_t)snprintf(csv + len, cap - len, "%s,2026-07-01,1\n", longname);
    write_bytes(f, "many.csv", csv, len);
    free(csv);
    assert_int_equal(read_spec(f, "%s/many.csv"), 0);
    assert_int_equal(f->ctx.stats.unknown_metric, names + 1);
    assert_int_equal(f->store.unknown.len, OKR_STORE_UNKNOWN_NAMES);
    assert_int_equal(f->store.untracked_rows, 11);
}

/* ---- values a metric takes ---- */

static void test_negative_count_is_malformed(void **state)
{
    fx *f = *state;
    f->n.type = OKR_TYPE_COUNT; /* m stays a number: it may go below zero */
    write_file(f, "neg.csv",
               "metric,timestamp,value\n"
               "n,2026-07-01,-5\n"
               "n,2026-07-02,4\n"
               "m,2026-07-02,-5\n"
               "n,2026-07-03,-0.0\n"     /* zero, written with a sign */
               "zzz,2026-07-03,-1\n");   /* no metric to judge it by: unknown */
    assert_int_equal(read_spec(f, "%s/neg.csv"), 0);
    const okr_diag *d = diag_at(f, 0, OKR905, 2);
    assert_contains(d->message, "negative value -5 for count metric 'team.n'");
    assert_contains(d->help[0], "counts cannot be negative");
    assert_int_equal(f->diags.list.len, 1);
    assert_int_equal(f->ctx.stats.malformed, 1);
    assert_int_equal(f->ctx.stats.stored, 3);
    assert_int_equal(f->ctx.stats.unknown_metric, 1);
    assert_int_equal(bucket(f, "n", 2026, 7, 1)->count, 0);
    assert_true(bucket(f, "m", 2026, 7, 2)->last == -5);

    write_file(f, "neg.jsonl",
               "{\"metric\": \"n\", \"timestamp\": \"2026-07-04\", \"value\": -3}\n"
               "{\"metric\": \"n\", \"timestamp\": \"2026-07-05\", \"value\": \"-2.5\"}\n");
    assert_int_equal(read_spec(f, "%s/neg.jsonl"), 0);
    diag_at(f, 1, OKR905, 1);
    diag_at(f, 2, OKR905, 2);

    sqlite3 *db;
    assert_int_equal(sqlite3_open(path_of(f, "neg.db"), &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "CREATE TABLE metrics (metric TEXT, timestamp TEXT, value REAL);"
                                  "INSERT INTO metrics VALUES ('n', '2026-07-06', 1);"
                                  "INSERT INTO metrics VALUES ('n', '2026-07-07', -1);",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(read_spec(f, "sqlite:%s/neg.db"), 0);
    assert_contains(diag_at(f, 3, OKR905, 2)->message, "row 2: negative value -1 for count metric 'team.n'");
    assert_int_equal(f->ctx.stats.malformed, 4);

    /* A row one of its metrics rejects is stored in none. */
    okr_metric_decl o = f->m;
    o.name.text = "o";
    okr_series *so = okr_store_bind(&f->store, &o, "team.o", "n");
    write_file(f, "both.csv", "metric,timestamp,value\nn,2026-07-08,-1\n");
    assert_int_equal(read_spec(f, "%s/both.csv"), 0);
    assert_int_equal(so->rows, 0);
    assert_int_equal(f->ctx.stats.malformed, 5);

    /* --strict-feeds stops there. */
    f->ctx.strict = 1;
    assert_int_equal(read_spec(f, "%s/both.csv"), -1);
}

static void test_jsonl_takes_csv_integers(void **state)
{
    fx *f = *state;
    /* Past int64 and past 2^53: the nearest double, as CSV reads them. */
    write_file(f, "big.jsonl",
               "{\"metric\": \"m\", \"timestamp\": \"2026-07-01\", \"value\": 18446744073709551616}\n"
               "{\"metric\": \"n\", \"timestamp\": \"2026-07-01\", \"value\": -92233720368547758090}\n"
               "{\"metric\": \"m\", \"timestamp\": \"2026-07-02\", \"value\": 9007199254740993}\n");
    assert_int_equal(read_spec(f, "%s/big.jsonl"), 0);
    assert_int_equal(f->diags.list.len, 0);
    assert_int_equal(f->ctx.stats.stored, 3);
    double csv_value = 0;
    assert_true(okr_parse_value("18446744073709551616", 20, &csv_value));
    assert_true(bucket(f, "m", 2026, 7, 1)->last == csv_value);
    assert_true(okr_parse_value("-92233720368547758090", 21, &csv_value));
    assert_true(bucket(f, "n", 2026, 7, 1)->last == csv_value);
    assert_true(okr_parse_value("9007199254740993", 16, &csv_value));
    assert_true(bucket(f, "m", 2026, 7, 2)->last == csv_value);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
        T(test_name_feeds_every_metric_bound_to_it),
        T(test_unknown_names_remembered),
        T(test_unknown_names_bounded),
        T(test_negative_count_is_malformed),
        T(test_jsonl_takes_csv_integers),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
