/* test_feeds.c: metric feeds (runtime/feed*.c): the feed argument's syntax,
 * the strict timestamp and number grammars, and the CSV, JSON Lines and
 * SQLite readers, each with every malformed-row case at its line, plus the
 * CSV -> SQLite import. Every test writes its data files into its own
 * mkdtemp() directory under /tmp, removed afterwards. */
#include "unit.h"

#include <dirent.h>
#include <math.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../checker/passes.h"
#include "../../runtime/feed.h"
#include "../../runtime/feed_import.h"

/* ---- fixture: a store for 2026-06-01 .. 2026-09-30 with metrics m and n ---- */

typedef struct fx {
    okr_arena arena;
    okr_diags diags;
    okr_source_table sources;
    okr_store store;
    okr_feed_ctx ctx;
    okr_metric_decl m, n;
    long first_day;
    char dir[64];
} fx;

static long day_of(int y, int mo, int d)
{
    long days = 0;
    assert_true(okr_date_to_days(y, mo, d, &days));
    return days;
}

static int64_t at(int y, int mo, int d, int h, int mi, int s)
{
    return (int64_t)day_of(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

static void fx_store(fx *f)
{
    okr_store_init(&f->store, &f->arena, f->first_day, day_of(2026, 9, 30));
    okr_store_bind(&f->store, &f->m, "team.m", "m");
    okr_store_bind(&f->store, &f->m, "team.m", "team.m");
    okr_store_bind(&f->store, &f->n, "team.n", "n");
    memset(&f->ctx, 0, sizeof f->ctx);
    f->ctx.store = &f->store;
    f->ctx.diags = &f->diags;
    f->ctx.sources = &f->sources;
    f->ctx.arena = &f->arena;
}

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    okr_arena_init(&f->arena);
    okr_diags_init(&f->diags, &f->arena);
    okr_source_init(&f->sources, &f->arena);
    f->m.type = OKR_TYPE_NUMBER;
    f->m.direction = OKR_DIR_INCREASING;
    f->m.name.text = "m";
    f->m.name.span.file = OKR_NO_FILE;
    f->n = f->m;
    f->n.name.text = "n";
    f->first_day = day_of(2026, 6, 1);
    fx_store(f);
    strcpy(f->dir, "/tmp/okr-feeds-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    DIR *d = opendir(f->dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char path[512];
            snprintf(path, sizeof path, "%s/%s", f->dir, e->d_name);
            unlink(path);
        }
        closedir(d);
    }
    rmdir(f->dir);
    okr_source_free(&f->sources);
    okr_arena_free(&f->arena);
    free(f);
    return 0;
}

static const char *path_of(fx *f, const char *name)
{
    return okr_arena_printf(&f->arena, "%s/%s", f->dir, name);
}

static const char *write_bytes(fx *f, const char *name, const char *bytes, size_t len)
{
    const char *path = path_of(f, name);
    FILE *out = fopen(path, "wb");
    assert_non_null(out);
    assert_int_equal(fwrite(bytes, 1, len, out), len);
    fclose(out);
    return path;
}

static const char *write_file(fx *f, const char *name, const char *text)
{
    return write_bytes(f, name, text, strlen(text));
}

/* Reads the feed named by `spec_text` (a path under the test's directory
 * is given as "%s/NAME"), returning okr_feed_read's result. */
static int read_spec(fx *f, const char *fmt)
{
    const char *text = okr_arena_printf(&f->arena, fmt, f->dir);
    okr_feed_spec spec;
    char err[256] = "";
    if (!okr_feed_spec_parse(&f->arena, text, &spec, err, sizeof err))
        fail_msg("spec '%s': %s", text, err);
    return okr_feed_read(&f->ctx, &spec);
}

static okr_obs_day *bucket(fx *f, const char *key, int y, int mo, int d)
{
    okr_series *s = okr_store_lookup(&f->store, key);
    assert_non_null(s);
    return &s->days[day_of(y, mo, d) - f->first_day];
}

/* The i-th diagnostic (report order), which must have this code and line. */
static const okr_diag *diag_at(fx *f, size_t i, okr_code code, uint32_t line)
{
    if (i >= f->diags.list.len)
        fail_msg("expected a diagnostic #%zu, have %zu", i, f->diags.list.len);
    const okr_diag *d = f->diags.list.items[i];
    if (d->code != code || d->span.start != line)
        fail_msg("diagnostic #%zu: %s at line %u (\"%s\"), expected %s at line %u", i,
                 okr_code_info_get(d->code)->code, d->span.start, d->message, okr_code_info_get(code)->code,
                 line);
    assert_true(d->help_count >= 1);
    return d;
}

static void assert_contains(const char *haystack, const char *needle)
{
    if (!strstr(haystack, needle))
        fail_msg("'%s' does not contain '%s'", haystack, needle);
}

/* ---- feed arguments ---- */

static int parse(fx *f, const char *text, okr_feed_spec *spec, char *err)
{
    err[0] = '\0';
    return okr_feed_spec_parse(&f->arena, text, spec, err, 256);
}

static void test_spec_forms(void **state)
{
    fx *f = *state;
    okr_feed_spec s;
    char err[256];

    assert_true(parse(f, "metrics/analytics.csv", &s, err));
    assert_int_equal(s.kind, OKR_FEED_CSV);
    assert_string_equal(s.location, "metrics/analytics.csv");
    assert_string_equal(s.text, "metrics/analytics.csv");
    assert_null(s.table);
    assert_null(s.query);
    assert_string_equal(s.col_metric, "metric");
    assert_string_equal(s.col_time, "timestamp");
    assert_string_equal(s.col_value, "value");

    assert_true(parse(f, "DATA.CSV", &s, err));
    assert_int_equal(s.kind, OKR_FEED_CSV);
    assert_true(parse(f, "events.jsonl", &s, err));
    assert_int_equal(s.kind, OKR_FEED_JSONL);
    assert_true(parse(f, "dir.v2/events.ndjson", &s, err));
    assert_int_equal(s.kind, OKR_FEED_JSONL);
    assert_true(parse(f, "csv:export.txt", &s, err));
    assert_int_equal(s.kind, OKR_FEED_CSV);
    assert_string_equal(s.location, "export.txt");
    assert_true(parse(f, "jsonl:events.log", &s, err));
    assert_int_equal(s.kind, OKR_FEED_JSONL);
    assert_true(parse(f, "csv:a:b.csv", &s, err)); /* only the first ':' is the kind's */
    assert_string_equal(s.location, "a:b.csv");

    assert_true(parse(f, "sqlite:metrics.db", &s, err));
    assert_int_equal(s.kind, OKR_FEED_SQLITE);
    assert_string_equal(s.location, "metrics.db");
    assert_null(s.table);
    assert_true(parse(f, "sqlite:m.db#table=daily", &s, err));
    assert_string_equal(s.table, "daily");
    assert_true(parse(f, "sqlite:m.db#table=t&metric=name&time=day&value=amount", &s, err));
    assert_string_equal(s.table, "t");
    assert_string_equal(s.col_metric, "name");
    assert_string_equal(s.col_time, "day");
    assert_string_equal(s.col_value, "amount");
    assert_true(parse(f, "sqlite:m.db#query=SELECT a, b, c FROM t WHERE x = 1 & y = 2#z", &s, err));
    assert_string_equal(s.query, "SELECT a, b, c FROM t WHERE x = 1 & y = 2#z");
    assert_null(s.table);

    assert_true(parse(f, "postgres:", &s, err));
    assert_int_equal(s.kind, OKR_FEED_POSTGRES);
    assert_string_equal(s.location, "");
    assert_true(parse(f, "postgres:host=db dbname=okr#table=obs", &s, err));
    assert_string_equal(s.location, "host=db dbname=okr");
    assert_string_equal(s.table, "obs");

    assert_true(parse(f, "m.csv#metric=name&value=amount", &s, err));
    assert_string_equal(s.location, "m.csv");
    assert_string_equal(s.col_metric, "name");
    assert_string_equal(s.col_time, "timestamp");
    assert_string_equal(s.col_value, "amount");
}

static void test_spec_errors(void **state)
{
    fx *f = *state;
    okr_feed_spec s;
    char err[256];
    static const struct {
        const char *text, *message;
    } cases[] = {
        {"", "empty feed argument"},
        {"mysql:db", "unknown kind 'mysql'"},
        {"notes.txt", "cannot tell its kind from the extension"},
        {"noextension", "cannot tell its kind"},
        {"data.db", "write sqlite:data.db"},
        {"csv:", "needs a path"},
        {"sqlite:#table=t", "needs a path"},
        {"m.csv#", "nothing after '#'"},
        {"m.csv#colour=red", "unknown option 'colour'"},
        {"m.csv#metric", "has no value"},
        {"m.csv#metric=", "empty value"},
        {"m.csv#metric=a&metric=b", "given twice"},
        {"m.csv#metric=a&", "empty option"},
        {"m.csv#&metric=a", "empty option"},
        {"m.csv#table=t", "table= applies to sqlite and postgres"},
        {"m.jsonl#query=SELECT 1", "query= applies to sqlite and postgres"},
        {"sqlite:m.db#table=t&query=SELECT 1", "either table= or query="},
        {"sqlite:m.db#metric=a&query=SELECT 1", "a query= returns its"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (parse(f, cases[i].text, &s, err))
            fail_msg("'%s' was accepted", cases[i].text);
        assert_contains(err, cases[i].message);
    }
}

/* ---- timestamps ---- */

static void test_timestamps_valid(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int y, mo, d, h, mi, s;
    } cases[] = {
        {"2026-07-01", 2026, 7, 1, 0, 0, 0},
        {"2026-07-01T09:30", 2026, 7, 1, 9, 30, 0},
        {"2026-07-01T09:30:15", 2026, 7, 1, 9, 30, 15},
        {"2026-07-01T09:30:15Z", 2026, 7, 1, 9, 30, 15},
        {"2026-07-01t09:30:15z", 2026, 7, 1, 9, 30, 15},
        {"2026-07-01 09:30:15", 2026, 7, 1, 9, 30, 15},
        {"2026-07-01T09:30:15.999999Z", 2026, 7, 1, 9, 30, 15},
        {"2026-07-01T23:59:59.9", 2026, 7, 1, 23, 59, 59},
        {"2026-07-01T09:30Z", 2026, 7, 1, 9, 30, 0},
        {"2026-07-01T23:30:00-02:00", 2026, 7, 2, 1, 30, 0},
        {"2026-07-01T01:30:00+02:00", 2026, 6, 30, 23, 30, 0},
        {"2026-07-01T12:00:00+05:45", 2026, 7, 1, 6, 15, 0},
        {"2026-07-01T12:00:00-00:00", 2026, 7, 1, 12, 0, 0},
        {"2024-02-29", 2024, 2, 29, 0, 0, 0},
        {"2000-02-29", 2000, 2, 29, 0, 0, 0},
        {"2026-12-31T23:59:59", 2026, 12, 31, 23, 59, 59},
        {"1969-12-31T23:59:59Z", 1969, 12, 31, 23, 59, 59},
        {"0001-01-01", 1, 1, 1, 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t ts = 0;
        const char *why = NULL;
        if (!okr_parse_timestamp(cases[i].text, strlen(cases[i].text), &ts, &why))
            fail_msg("'%s' rejected: %s", cases[i].text, why);
        int64_t want = at(cases[i].y, cases[i].mo, cases[i].d, cases[i].h, cases[i].mi, cases[i].s);
        if (ts != want)
            fail_msg("'%s': %lld, expected %lld", cases[i].text, (long long)ts, (long long)want);
    }
    /* The length bounds the text: no NUL needed. */
    int64_t ts;
    const char *why;
    assert_true(okr_parse_timestamp("2026-07-01,42", 10, &ts, &why));
    assert_true(ts == at(2026, 7, 1, 0, 0, 0));
}

static void test_timestamps_invalid(void **state)
{
    (void)state;
    static const struct {
        const char *text, *why;
    } cases[] = {
        {"", "empty"},
        {"2026-02-30", "does not exist in that month"},
        {"2026-04-31", "does not exist in that month"},
        {"2026-02-29", "leap years"},
        {"1900-02-29", "leap years"},
        {"2026-13-01", "month is not 01 to 12"},
        {"2026-00-10", "month is not 01 to 12"},
        {"2026-07-00", "day is 00"},
        {"0000-01-01", "year is 0000"},
        {"2026-7-1", "two-digit month and day"},
        {"2026-07-1", "two-digit"},
        {"26-07-01", "four-digit year"},
        {"2026/07/01", "YYYY-MM-DD"},
        {"2026-07-011", "YYYY-MM-DD"},
        {"July 1, 2026", "YYYY-MM-DD"},
        {"1751328000", "YYYY-MM-DD"},
        {"2026-07-01T24:00:00", "hour is not 00 to 23"},
        {"2026-07-01T09:60", "minute is not 00 to 59"},
        {"2026-07-01T23:59:60Z", "leap seconds"},
        {"2026-07-01T23:59:61", "second is not 00 to 59"},
        {"2026-07-01T9:30", "HH:MM"},
        {"2026-07-01T", "HH:MM"},
        {"2026-07-01 ", "HH:MM"},
        {"2026-07-01X09:30", "after the date comes 'T'"},
        {"2026-07-01Z", "after the date comes 'T'"},
        {"2026-07-01T09:30:1", "two-digit seconds"},
        {"2026-07-01T09:30:15.", "digits after the '.'"},
        {"2026-07-01T09:30.5", "unexpected text after the time"},
        {"2026-07-01T09:30:15+0200", "+HH:MM"},
        {"2026-07-01T09:30:15+02", "+HH:MM"},
        {"2026-07-01T09:30:15+24:00", "offset is out of range"},
        {"2026-07-01T09:30:15ZZ", "unexpected text"},
        {"2026-07-01T09:30:15 UTC", "unexpected text"},
        {" 2026-07-01", "YYYY-MM-DD"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t ts = 0;
        const char *why = NULL;
        if (okr_parse_timestamp(cases[i].text, strlen(cases[i].text), &ts, &why))
            fail_msg("'%s' was accepted", cases[i].text);
        assert_non_null(why);
        if (!strstr(why, cases[i].why))
            fail_msg("'%s': reason '%s', expected '%s'", cases[i].text, why, cases[i].why);
    }
}

/* ---- numbers ---- */

static void test_values_valid(void **state)
{
    (void)state;
    static const char *cases[] = {
        "0", "-0", "+5", "42", "-3.5", "0.1", "0.3", "123.456", "1e6", "1.2E-3", "-7.25e+2", "007",
        "3.14159265358979", "9007199254740993", "12345678901234567890123", "1e22", "1e23", "1e-7",
        "0.000000000000000000000000001", "1.7976931348623157e308", "4.9e-324", "99.99999999999999999999",
        "1000000.5", "2.2250738585072014e-308",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double v = NAN;
        if (!okr_parse_value(cases[i], strlen(cases[i]), &v))
            fail_msg("'%s' rejected", cases[i]);
        /* Correctly rounded: exactly what strtod gives. */
        double want = strtod(cases[i], NULL);
        if (memcmp(&v, &want, sizeof v) != 0)
            fail_msg("'%s': %.17g, expected %.17g", cases[i], v, want);
    }
    double v;
    assert_true(okr_parse_value("12,5", 2, &v)); /* the length bounds the text */
    assert_true(v == 12);
}

static void test_values_invalid(void **state)
{
    (void)state;
    static const char *cases[] = {
        "", "-", "+", ".5", "5.", "1,5", "1 000", " 1", "1 ", "0x10", "0x1p3", "inf", "-inf", "nan", "NaN",
        "infinity", "1e", "1e+", "1e5.5", "12abc", "$12", "12%", "1.2.3", "--1", "+-1", "1e400", "-1e999",
        "١٢",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double v = 0;
        if (okr_parse_value(cases[i], strlen(cases[i]), &v))
            fail_msg("'%s' was accepted as %g", cases[i], v);
    }
}

/* ---- CSV ---- */

static void test_csv_good(void **state)
{
    fx *f = *state;
    /* BOM, CRLF, extra columns in between, quoted fields with commas, ""
     * escapes and an embedded CRLF, a quoted value, a blank line, no final
     * newline. */
    write_file(f, "good.csv",
               "\xEF\xBB\xBF"
               "note,metric,region,timestamp,value\r\n"
               "plain,m,eu,2026-07-01,10\r\n"
               "\"a, b\",m,eu,2026-07-01T12:00:00Z,\"12.5\"\r\n"
               "\"two\r\nlines \"\"quoted\"\"\",\"n\",us,2026-07-02 08:00,-3\r\n"
               "\r\n"
               "x,team.m,eu,2026-07-03T00:00:00+02:00,7\r\n"
               "last,n,eu,2026-07-04,1e3");
    assert_int_equal(read_spec(f, "%s/good.csv"), 0);
    assert_int_equal(f->diags.list.len, 0);
    assert_int_equal(f->ctx.stats.rows, 5);
    assert_int_equal(f->ctx.stats.stored, 5);
    assert_int_equal(f->ctx.stats.malformed, 0);
    assert_true(f->ctx.stats.bytes > 100);

    okr_obs_day *b = bucket(f, "m", 2026, 7, 1);
    assert_int_equal(b->count, 2);
    assert_true(b->first == 10 && b->last == 12.5 && b->sum == 22.5);
    b = bucket(f, "n", 2026, 7, 2);
    assert_int_equal(b->count, 1);
    assert_true(b->last == -3);
    assert_true(b->last_ts == at(2026, 7, 2, 8, 0, 0));
    /* 2026-07-03T00:00+02:00 is 2026-07-02T22:00Z */
    b = bucket(f, "m", 2026, 7, 2);
    assert_int_equal(b->count, 1);
    assert_true(b->last == 7);
    assert_true(bucket(f, "n", 2026, 7, 4)->last == 1000);
}

static void test_csv_line_numbers_after_quoted_newlines(void **state)
{
    fx *f = *state;
    write_file(f, "lines.csv",
               "metric,timestamp,value,note\n"     /* 1 */
               "m,2026-07-01,1,\"one\n"            /* 2 */
               "two\n"                             /* 3 */
               "three\"\n"                         /* 4 */
               "m,2026-07-01,oops,x\n"             /* 5 */
               "\n"                                /* 6 */
               "m,2026-07-02,2,\"\"\n"             /* 7 */
               "m,2026-07-01,\"3\n\",x\n"          /* 8-9: a newline in the value */
               "m,2026-13-01,4,x\n");              /* 10 */
    assert_int_equal(read_spec(f, "%s/lines.csv"), 0);
    assert_int_equal(f->diags.list.len, 3);
    diag_at(f, 0, OKR905, 5);
    diag_at(f, 1, OKR905, 8);
    diag_at(f, 2, OKR904, 10);
    assert_int_equal(f->ctx.stats.stored, 2);
}

static void test_csv_column_names(void **state)
{
    fx *f = *state;
    write_file(f, "named.csv",
               "Amount,name,day\n"
               "5,m,2026-07-01\n"
               "6,n,2026-07-01\n");
    assert_int_equal(read_spec(f, "%s/named.csv#metric=name&time=day&value=Amount"), 0);
    assert_int_equal(f->diags.list.len, 0);
    assert_int_equal(f->ctx.stats.stored, 2);
    assert_true(bucket(f, "n", 2026, 7, 1)->last == 6);

    /* Without the options the default names are missing: one diagnostic. */
    assert_int_equal(read_spec(f, "%s/named.csv"), -1);
    assert_int_equal(f->diags.list.len, 1);
    const okr_diag *d = diag_at(f, 0, OKR902, 1);
    assert_contains(d->message, "no column 'metric', 'timestamp', 'value'");
    assert_contains(d->message, "'Amount', 'name', 'day'");
}

static void test_csv_missing_column(void **state)
{
    fx *f = *state;
    write_file(f, "nocol.csv",
               "metric,value\n"
               "m,1\n"
               "m,2\n");
    assert_int_equal(read_spec(f, "%s/nocol.csv"), -1);
    assert_int_equal(f->diags.list.len, 1);
    const okr_diag *d = diag_at(f, 0, OKR902, 1);
    assert_contains(d->message, "no column 'timestamp'");
    assert_int_equal(f->ctx.stats.rows, 0);
    assert_int_equal(f->ctx.stats.stored, 0);
}

static void test_csv_empty_and_header_only(void **state)
{
    fx *f = *state;
    write_file(f, "empty.csv", "");
    assert_int_equal(read_spec(f, "%s/empty.csv"), -1);
    diag_at(f, 0, OKR902, 1);
    write_file(f, "header.csv", "metric,timestamp,value\r\n");
    assert_int_equal(read_spec(f, "%s/header.csv"), 0);
    assert_int_equal(f->diags.list.len, 1);
    assert_int_equal(f->ctx.stats.rows, 0);
}

static void test_csv_malformed_header(void **state)
{
    fx *f = *state;
    write_file(f, "badhead.csv", "metric,time\"stamp,value\nm,2026-07-01,1\n");
    assert_int_equal(read_spec(f, "%s/badhead.csv"), -1);
    assert_int_equal(f->diags.list.len, 1);
    assert_contains(diag_at(f, 0, OKR903, 1)->message, "header row");
    assert_int_equal(f->ctx.stats.stored, 0);
}

static void test_csv_unreadable(void **state)
{
    fx *f = *state;
    assert_int_equal(read_spec(f, "%s/missing.csv"), -1);
    assert_int_equal(f->diags.list.len, 1);
    const okr_diag *d = f->diags.list.items[0];
    assert_int_equal(d->code, OKR901);
    assert_contains(d->message, "No such file");
    assert_true(d->help_count == 1);
    /* A directory opens but cannot be read. */
    assert_int_equal(read_spec(f, "csv:%s"), -1);
    assert_int_equal(((const okr_diag *)f->diags.list.items[1])->code, OKR901);
}

static void test_csv_malformed_rows(void **state)
{
    fx *f = *state;
    write_file(f, "bad.csv",
               "metric,timestamp,value\n"             /* 1 */
               "m,2026-07-01,1\n"                     /* 2 ok */
               "m,2026-07-01\n"                       /* 3 too few fields */
               "m,2026-07-01,1,extra\n"               /* 4 too many */
               ",2026-07-01,1\n"                      /* 5 empty metric */
               "m,2026-02-30,1\n"                     /* 6 bad date */
               "m,2026-07-01,1\"5\n"                  /* 7 stray quote */
               "m,2026-07-01T01:00,1\n"               /* 8 ok */
               "m,2026-07-01,\"1\"5\n"                /* 9 text after a closing quote */
               "m,2026-07-01,\"1,5\"\n"               /* 10 bad number (decimal comma) */
               "m,2026-07-01,\n"                      /* 11 empty value */
               "m,2026-07-01,0x1F\n"                  /* 12 hex */
               "m,2026-07-01T24:00:00,1\n"            /* 13 hour 24 */
               "n,2026-07-01,2\n"                     /* 14 ok */
               "m,2026-07-01,\"unterminated\n"        /* 15 unclosed quote to the end */
               "n,2026-07-01,3\n");
    assert_int_equal(read_spec(f, "%s/bad.csv"), 0);
    size_t i = 0;
    assert_contains(diag_at(f, i++, OKR903, 3)->message, "row has 2 fields; the header has 3");
    assert_contains(diag_at(f, i++, OKR903, 4)->message, "row has 4 fields");
    assert_contains(diag_at(f, i++, OKR903, 5)->message, "empty metric name");
    const okr_diag *d = diag_at(f, i++, OKR904, 6);
    assert_contains(d->message, "'2026-02-30'");
    assert_contains(d->message, "does not exist");
    assert_contains(d->help[0], "2026-07-01T09:30:00Z");
    assert_contains(diag_at(f, i++, OKR903, 7)->message, "stray '\"' inside unquoted field 3");
    assert_contains(diag_at(f, i++, OKR903, 9)->message, "after the closing quote of field 3");
    assert_contains(diag_at(f, i++, OKR905, 10)->message, "bad number '1,5'");
    assert_contains(diag_at(f, i++, OKR905, 11)->message, "empty value");
    assert_contains(diag_at(f, i++, OKR905, 12)->message, "'0x1F'");
    assert_contains(diag_at(f, i++, OKR904, 13)->message, "hour");
    assert_contains(diag_at(f, i++, OKR903, 15)->message, "not closed before the end of the file");
    assert_int_equal(f->diags.list.len, i);
    assert_int_equal(f->ctx.stats.rows, 14);
    assert_int_equal(f->ctx.stats.malformed, 11);
    assert_int_equal(f->ctx.stats.stored, 3);
    assert_int_equal(bucket(f, "m", 2026, 7, 1)->count, 2);
    assert_int_equal(bucket(f, "n", 2026, 7, 1)->count, 1);

    /* The renderer shows the rows as FILE:LINE:1. */
    okr_position pos = okr_source_position(&f->sources, ((const okr_diag *)f->diags.list.items[0])->span.file, 3);
    assert_int_equal(pos.line, 3);
    assert_int_equal(pos.column, 1);
}

static void test_csv_strict(void **state)
{
    fx *f = *state;
    f->ctx.strict = 1;
    write_file(f, "strict.csv",
               "metric,timestamp,value\n"
               "m,2026-07-01,1\n"
               "m,2026-07-01,abc\n"
               "m,2026-07-02,2\n"
               "m,2026-07-0x,2\n");
    assert_int_equal(read_spec(f, "%s/strict.csv"), -1);
    assert_int_equal(f->diags.list.len, 1);
    diag_at(f, 0, OKR905, 3);
    assert_int_equal(f->ctx.stats.stored, 1);
    assert_int_equal(f->ctx.stats.malformed, 1);

    /* Scan errors stop a strict read too. */
    write_file(f, "strict2.csv", "metric,timestamp,value\nm,2026-07-01,1\"\nm,2026-07-02,2\n");
    assert_int_equal(read_spec(f, "%s/strict2.csv"), -1);
    assert_int_equal(f->diags.list.len, 2);
    diag_at(f, 1, OKR903, 2);
}

static void test_csv_store_outcomes(void **state)
{
    fx *f = *state;
    write_file(f, "outcomes.csv",
               "metric,timestamp,value\n"
               "m,2026-07-01T10:00:00Z,1\n"
               "zzz,2026-07-01,1\n"               /* unknown */
               "m.x,2026-07-01,1\n"               /* unknown */
               "m,2026-07-01T12:00:00Z,2\n"
               "m,2026-07-01T12:00:00Z,3\n"       /* duplicate: replaces 2 */
               "m,2026-07-01T11:00:00Z,4\n"       /* unsorted: older than 12:00 */
               "m,2025-12-31,5\n"                 /* out of range */
               "m,2026-10-01,5\n"                 /* out of range */
               "n,2026-07-01,9\n"
               "team.m,2026-07-02,6\n");          /* second key of m */
    assert_int_equal(read_spec(f, "%s/outcomes.csv"), 0);
    assert_int_equal(f->diags.list.len, 0);
    okr_feed_stats *st = &f->ctx.stats;
    assert_int_equal(st->rows, 10);
    assert_int_equal(st->unknown_metric, 2);
    assert_int_equal(f->store.unknown_rows, 2);
    assert_int_equal(st->duplicates, 1);
    assert_int_equal(st->unsorted, 1);
    assert_int_equal(st->out_of_range, 2);
    assert_int_equal(st->stored, 5);
    okr_obs_day *b = bucket(f, "m", 2026, 7, 1);
    assert_int_equal(b->count, 3);
    assert_true(b->sum == 1 + 3 + 4);
    assert_true(b->last == 3 && b->first == 1);
    assert_true(bucket(f, "m", 2026, 7, 2)->last == 6);
}

/* Many rows, so that rows straddle the 1 MiB chunks: one row has its ""
 * pair split by the first boundary, another its CR and LF by the second. */
static void test_csv_chunk_boundaries(void **state)
{
    fx *f = *state;
    size_t cap = 3 * (size_t)OKR_FEED_CSV_CHUNK + 4096, len = 0;
    char *buf = malloc(cap);
    len += (size_t)sprintf(buf + len, "metric,timestamp,value,note\r\n");
    size_t rows = 0, bad_line = 0;
    uint32_t line = 2;
    int split_quote = 0, split_crlf = 0;
    while (len < 3 * (size_t)OKR_FEED_CSV_CHUNK - 200) {
        size_t boundary = len < (size_t)OKR_FEED_CSV_CHUNK ? (size_t)OKR_FEED_CSV_CHUNK
                                                           : 2 * (size_t)OKR_FEED_CSV_CHUNK;
        if (!split_quote && len + 100 > (size_t)OKR_FEED_CSV_CHUNK) {
            /* Pad so that the first '"' of a "" pair is the chunk's last byte. */
            const char *head = "m,2026-07-01,1,\"";
            size_t pad = (size_t)OKR_FEED_CSV_CHUNK - len - strlen(head) - 1;
            len += (size_t)sprintf(buf + len, "%s", head);
            memset(buf + len, 'x', pad);
            len += pad;
            len += (size_t)sprintf(buf + len, "\"\"y\"\r\n");
            assert_true(buf[OKR_FEED_CSV_CHUNK - 1] == '"' && buf[OKR_FEED_CSV_CHUNK] == '"');
            split_quote = 1;
        } else if (split_quote && !split_crlf && len + 100 > 2 * (size_t)OKR_FEED_CSV_CHUNK) {
            const char *head = "n,2026-07-02,2,";
            size_t pad = 2 * (size_t)OKR_FEED_CSV_CHUNK - len - strlen(head) - 1;
            len += (size_t)sprintf(buf + len, "%s", head);
            memset(buf + len, 'z', pad);
            len += pad;
            len += (size_t)sprintf(buf + len, "\r\n");
            assert_true(buf[2 * OKR_FEED_CSV_CHUNK - 1] == '\r');
            split_crlf = 1;
        } else {
            len += (size_t)sprintf(buf + len, "%s,2026-07-%02zu,%zu.5,note %zu\r\n", rows % 2 ? "m" : "n",
                                   1 + rows % 28, rows, rows);
        }
        (void)boundary;
        rows++;
        line++;
    }
    bad_line = line;
    len += (size_t)sprintf(buf + len, "m,2026-07-01,bad,x\r\n");
    len += (size_t)sprintf(buf + len, "m,2026-07-01,1,last");
    rows += 2;
    assert_true(split_quote && split_crlf);
    write_bytes(f, "big.csv", buf, len);
    free(buf);

    assert_int_equal(read_spec(f, "%s/big.csv"), 0);
    assert_int_equal(f->diags.list.len, 1);
    diag_at(f, 0, OKR905, (uint32_t)bad_line);
    assert_int_equal(f->ctx.stats.rows, rows);
    assert_int_equal(f->ctx.stats.malformed, 1);
    assert_int_equal(f->ctx.stats.stored + f->ctx.stats.duplicates, rows - 1);
    assert_int_equal(f->ctx.stats.bytes, len);
    assert_true(bucket(f, "n", 2026, 7, 2)->count > 0);
}

static void test_csv_long_row(void **state)
{
    fx *f = *state;
    /* A row longer than a chunk, in a quoted field: the buffer grows. */
    size_t pad = (size_t)OKR_FEED_CSV_CHUNK * 2 + 17;
    char *buf = malloc(pad + 200);
    size_t len = (size_t)sprintf(buf, "metric,timestamp,value,note\nm,2026-07-01,1,\"");
    memset(buf + len, 'q', pad);
    len += pad;
    len += (size_t)sprintf(buf + len, "\"\nm,2026-07-02,2,x\n");
    write_bytes(f, "long.csv", buf, len);
    free(buf);
    assert_int_equal(read_spec(f, "%s/long.csv"), 0);
    assert_int_equal(f->diags.list.len, 0);
    assert_int_equal(f->ctx.stats.stored, 2);
}

static void test_csv_diagnostics_capped(void **state)
{
    fx *f = *state;
    char *buf = malloc(64 * 200);
    size_t len = (size_t)sprintf(buf, "metric,timestamp,value\n");
    for (int i = 0; i < 150; i++)
        len += (size_t)sprintf(buf + len, "m,2026-07-01,x%d\n", i);
    write_bytes(f, "many.csv", buf, len);
    free(buf);
    assert_int_equal(read_spec(f, "%s/many.csv"), 0);
    assert_int_equal(f->ctx.stats.malformed, 150);
    /* 99 rows one by one, then one diagnostic for the other 51, so the
     * per-file cap of okr_diags_finish is reached exactly. */
    assert_int_equal(f->diags.list.len, OKR_DIAG_MAX_PER_FILE);
    diag_at(f, 98, OKR905, 100);
    assert_contains(diag_at(f, 99, OKR903, 101)->message, "51 more malformed rows");
    okr_diags_finish(&f->diags);
    assert_int_equal(f->diags.list.len, OKR_DIAG_MAX_PER_FILE);
    assert_int_equal(f->diags.hidden, 0);
}

/* ---- JSON Lines ---- */

static void test_jsonl_good(void **state)
{
    fx *f = *state;
    write_file(f, "good.jsonl",
               "\xEF\xBB\xBF{\"metric\": \"m\", \"timestamp\": \"2026-07-01\", \"value\": 10}\n"
               "{\"value\": 2.5, \"timestamp\": \"2026-07-01T12:00:00Z\", \"metric\": \"m\", \"extra\": [1, {}]}\r\n"
               "\n"
               "   \t\n"
               "{\"metric\": \"n\", \"timestamp\": \"2026-07-02 08:00\", \"value\": \"-3e1\"}\n"
               "{\"metric\":\"team.m\",\"timestamp\":\"2026-07-03T01:00:00+02:00\",\"value\":-0.5}");
    assert_int_equal(read_spec(f, "%s/good.jsonl"), 0);
    assert_int_equal(f->diags.list.len, 0);
    assert_int_equal(f->ctx.stats.rows, 4);
    assert_int_equal(f->ctx.stats.stored, 4);
    okr_obs_day *b = bucket(f, "m", 2026, 7, 1);
    assert_int_equal(b->count, 2);
    assert_true(b->sum == 12.5);
    assert_true(bucket(f, "n", 2026, 7, 2)->last == -30);
    assert_true(bucket(f, "m", 2026, 7, 2)->last == -0.5);

    write_file(f, "named.ndjson", "{\"name\": \"n\", \"day\": \"2026-07-05\", \"amount\": 4}\n");
    assert_int_equal(read_spec(f, "%s/named.ndjson#metric=name&time=day&value=amount"), 0);
    assert_int_equal(f->diags.list.len, 0);
    assert_true(bucket(f, "n", 2026, 7, 5)->last == 4);
}

static void test_jsonl_malformed(void **state)
{
    fx *f = *state;
    write_file(f, "bad.jsonl",
               "{\"metric\": \"m\", \"timestamp\": \"2026-07-01\", \"value\": 1}\n"       /* 1 ok */
               "{\"metric\": \"m\", \"timestamp\": \"2026-07-01\", \"value\": 1\n"        /* 2 invalid JSON */
               "[\"m\", \"2026-07-01\", 1]\n"                                             /* 3 not an object */
               "{\"metric\": \"m\", \"value\": 1}\n"                                      /* 4 no timestamp */
               "{\"metric\": 7, \"timestamp\": \"2026-07-01\", \"value\": 1}\n"           /* 5 metric type */
               "{\"metric\": \"m\", \"timestamp\": 1751328000, \"value\": 1}\n"           /* 6 timestamp type */
               "{\"metric\": \"m\", \"timestamp\": \"2026-07-01\", \"value\": true}\n"    /* 7 value type */
               "{\"metric\": \"m\", \"timestamp\": \"2026-02-29\", \"value\": 1}\n"       /* 8 bad date */
               "{\"metric\": \"m\", \"timestamp\": \"2026-07-01\", \"value\": \"1,5\"}\n" /* 9 bad number */
               "{\"metric\": \"\", \"timestamp\": \"2026-07-01\", \"value\": 1}\n"        /* 10 empty metric */
               "{\"metric\": \"m\", \"metric\": \"n\", \"timestamp\": \"2026-07-01\", \"value\": 1}\n" /* 11 */
               "{\"metric\": \"m\", \"timestamp\": \"2026-07-01\", \"value\": null}\n"    /* 12 null */
               "{} {}\n"                                                                  /* 13 two values */
               "\"just a string\"\n"                                                      /* 14 not an object */
               "{\"metric\": \"n\", \"timestamp\": \"2026-07-01\", \"value\": 2}\n");     /* 15 ok */
    assert_int_equal(read_spec(f, "%s/bad.jsonl"), 0);
    size_t i = 0;
    assert_contains(diag_at(f, i++, OKR903, 2)->message, "invalid JSON");
    assert_contains(diag_at(f, i++, OKR903, 3)->message, "line is an array, not an object");
    assert_contains(diag_at(f, i++, OKR903, 4)->message, "no \"timestamp\" field");
    assert_contains(diag_at(f, i++, OKR903, 5)->message, "\"metric\" is a number; it must be a string");
    assert_contains(diag_at(f, i++, OKR903, 6)->message, "\"timestamp\" is a number");
    assert_contains(diag_at(f, i++, OKR903, 7)->message, "\"value\" is a boolean; it must be a number");
    assert_contains(diag_at(f, i++, OKR904, 8)->message, "leap years");
    assert_contains(diag_at(f, i++, OKR905, 9)->message, "'1,5'");
    assert_contains(diag_at(f, i++, OKR903, 10)->message, "empty metric name");
    assert_contains(diag_at(f, i++, OKR903, 11)->message, "duplicate");
    assert_contains(diag_at(f, i++, OKR903, 12)->message, "\"value\" is null");
    assert_contains(diag_at(f, i++, OKR903, 13)->message, "invalid JSON");
    assert_contains(diag_at(f, i++, OKR903, 14)->message, "a string, not an object");
    assert_int_equal(f->diags.list.len, i);
    assert_int_equal(f->ctx.stats.rows, 15);
    assert_int_equal(f->ctx.stats.malformed, 13);
    assert_int_equal(f->ctx.stats.stored, 2);
}

static void test_jsonl_strict_and_unreadable(void **state)
{
    fx *f = *state;
    f->ctx.strict = 1;
    write_file(f, "s.jsonl",
               "{\"metric\": \"m\", \"timestamp\": \"2026-07-01\", \"value\": 1}\n"
               "not json\n"
               "{\"metric\": \"m\", \"timestamp\": \"2026-07-02\", \"value\": 1}\n");
    assert_int_equal(read_spec(f, "%s/s.jsonl"), -1);
    assert_int_equal(f->diags.list.len, 1);
    diag_at(f, 0, OKR903, 2);
    assert_int_equal(f->ctx.stats.stored, 1);
    assert_int_equal(read_spec(f, "%s/none.jsonl"), -1);
    assert_int_equal(((const okr_diag *)f->diags.list.items[1])->code, OKR901);
}

static void test_jsonl_long_line(void **state)
{
    fx *f = *state;
    size_t pad = 3 << 20;
    char *buf = malloc(pad + 200);
    size_t len = (size_t)sprintf(buf, "{\"note\": \"");
    memset(buf + len, 'a', pad);
    len += pad;
    len += (size_t)sprintf(buf + len, "\", \"metric\": \"m\", \"timestamp\": \"2026-07-01\", \"value\": 3}\n");
    write_bytes(f, "long.jsonl", buf, len);
    free(buf);
    assert_int_equal(read_spec(f, "%s/long.jsonl"), 0);
    assert_int_equal(f->diags.list.len, 0);
    assert_true(bucket(f, "m", 2026, 7, 1)->last == 3);
}

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
        T(test_spec_forms),
        T(test_spec_errors),
        T(test_timestamps_valid),
        T(test_timestamps_invalid),
        T(test_values_valid),
        T(test_values_invalid),
        T(test_csv_good),
        T(test_csv_line_numbers_after_quoted_newlines),
        T(test_csv_column_names),
        T(test_csv_missing_column),
        T(test_csv_empty_and_header_only),
        T(test_csv_malformed_header),
        T(test_csv_unreadable),
        T(test_csv_malformed_rows),
        T(test_csv_strict),
        T(test_csv_store_outcomes),
        T(test_csv_chunk_boundaries),
        T(test_csv_long_row),
        T(test_csv_diagnostics_capped),
        T(test_jsonl_good),
        T(test_jsonl_malformed),
        T(test_jsonl_strict_and_unreadable),
        T(test_jsonl_long_line),
        T(test_sqlite_table),
        T(test_sqlite_custom_table_and_columns),
        T(test_sqlite_query),
        T(test_sqlite_errors),
        T(test_sqlite_bad_rows),
        T(test_import_round_trip),
        T(test_import_errors),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
