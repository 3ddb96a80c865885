/* test_feed_text.c: the CSV and JSON Lines feed readers (runtime/feed*.c),
 * each with every malformed-row case at its line: quoting, line numbers
 * across quoted newlines, column names, --strict-feeds, what the store
 * does with each row, chunk boundaries and very long rows. Every test
 * writes its data files into its own mkdtemp() directory under /tmp,
 * removed afterwards (feed_fixture.h). */
#include "feed_fixture.h"

#include "../../runtime/feed_import.h" /* OKR_FEED_CSV_CHUNK */

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


int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
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
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
