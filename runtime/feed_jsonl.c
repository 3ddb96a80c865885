/* feed_jsonl.c: JSON Lines feeds, one object per line:
 *   {"metric": "d7_activation", "timestamp": "2026-07-01", "value": 41.5}
 *
 * Lines are read in chunks into one buffer that is reused, and each is
 * parsed with jansson on its own, so a broken line costs one diagnostic and
 * the next line reads normally. A line longer than OKR_FEED_MAX_ROW is not
 * held: it is reported and skipped up to its newline (a JSON text holds no
 * raw newline, so the next line is found exactly), so memory is bounded
 * whatever the feed holds.
 * `value` is a JSON number (integers of any size included, read as the
 * nearest double as CSV reads them) or a string holding one (exports from
 * some tools quote every number); `timestamp` and `metric` are strings. Field names
 * follow the spec's metric=, time= and value= options. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed.h"
#include "feed_import.h"

static const char *json_type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER:
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    case JSON_NULL: return "null";
    }
    return "?";
}

static int is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return 0;
    return 1;
}

static const char *field_help(void)
{
    return "each line is one object: {\"metric\": \"NAME\", \"timestamp\": \"2026-07-01\", \"value\": 42} "
           "(field names can be mapped with #metric=, #time=, #value=)";
}

/* One line: 0 to go on, -1 to stop. */
static int read_line(okr_feed_reader *r, const char *text, size_t len, uint32_t line)
{
    const okr_feed_spec *spec = r->spec;
    r->ctx->stats.rows++;
    json_error_t err;
    /* JSON_DECODE_INT_AS_REAL: jansson reads integers into a json_int_t and
     * rejects those past 64 bits, which a CSV feed reads as the nearest
     * double; read as reals, both kinds take the same numbers. */
    json_t *obj = json_loadb(text, len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES | JSON_DECODE_INT_AS_REAL, &err);
    if (!obj)
        return okr_feed_malformed(r, OKR903, line, "each line of a JSON Lines feed is one complete JSON object",
                                  "invalid JSON: %s (column %d)", err.text, err.column);
    int rc;
    json_t *m = json_object_get(obj, spec->col_metric);
    json_t *t = json_object_get(obj, spec->col_time);
    json_t *v = json_object_get(obj, spec->col_value);
    if (!json_is_object(obj)) {
        rc = okr_feed_malformed(r, OKR903, line, field_help(), "line is %s, not an object",
                                json_type_name(obj));
    } else if (!m || !t || !v) {
        rc = okr_feed_malformed(r, OKR903, line, field_help(), "object has no \"%s\" field",
                                !m ? spec->col_metric : !t ? spec->col_time : spec->col_value);
    } else if (!json_is_string(m)) {
        rc = okr_feed_malformed(r, OKR903, line, field_help(), "\"%s\" is %s; it must be a string",
                                spec->col_metric, json_type_name(m));
    } else if (json_string_length(m) == 0) {
        rc = okr_feed_malformed(r, OKR903, line, "give the metric's name (or its `source` name) in every row",
                                "empty metric name");
    } else if (!json_is_string(t)) {
        rc = okr_feed_malformed(r, OKR903, line,
                                "timestamps are strings: \"2026-07-01\" or \"2026-07-01T09:30:00Z\"",
                                "\"%s\" is %s; it must be a string", spec->col_time, json_type_name(t));
    } else if (!json_is_number(v) && !json_is_string(v)) {
        rc = okr_feed_malformed(r, OKR903, line, "write the value as a JSON number: 42, -3.5 or 1.2e6",
                                "\"%s\" is %s; it must be a number", spec->col_value, json_type_name(v));
    } else {
        int64_t ts;
        const char *why;
        double value = 0;
        const char *ts_text = json_string_value(t);
        size_t ts_len = json_string_length(t);
        if (!okr_parse_timestamp(ts_text, ts_len, &ts, &why)) {
            rc = okr_feed_bad_timestamp(r, line, ts_text, ts_len, why);
        } else if (json_is_string(v) && !okr_parse_value(json_string_value(v), json_string_length(v), &value)) {
            rc = okr_feed_bad_number(r, line, "value", json_string_value(v), json_string_length(v));
        } else {
            if (json_is_number(v))
                value = json_number_value(v);
            rc = r->row(r->user, json_string_value(m), json_string_length(m), ts, value, line);
        }
    }
    json_decref(obj);
    return rc;
}

/* Lines of a file, each at most OKR_FEED_MAX_ROW bytes long. */
typedef struct line_reader {
    FILE *f;
    char *buf; /* buf[start..len) is read and not yet returned */
    size_t cap, start, len;
    int eof;
    uint64_t bytes;
} line_reader;

/* The next line, with its newline if it has one, in *text and *n. Returns
 * 1, 0 at the end of the file, -1 on a read error. A line longer than the
 * limit sets *too_long and comes back empty, consumed up to its newline. */
static int next_line(line_reader *lr, const char **text, size_t *n, int *too_long)
{
    size_t scanned = lr->start; /* no newline in buf[start..scanned) */
    *too_long = 0;
    for (;;) {
        const char *nl = lr->len > scanned ? memchr(lr->buf + scanned, '\n', lr->len - scanned) : NULL;
        if (nl || (lr->eof && (lr->start < lr->len || *too_long))) {
            size_t end = nl ? (size_t)(nl - lr->buf) + 1 : lr->len;
            *text = lr->buf + lr->start;
            *n = *too_long ? 0 : end - lr->start;
            lr->start = end;
            return 1;
        }
        if (lr->eof)
            return 0;
        if (lr->len - lr->start > (size_t)OKR_FEED_MAX_ROW) {
            *too_long = 1; /* drop what was read of it; look for its end */
            lr->start = lr->len;
        }
        if (lr->start > 0 && lr->len > lr->start)
            memmove(lr->buf, lr->buf + lr->start, lr->len - lr->start);
        lr->len -= lr->start;
        lr->start = 0;
        scanned = lr->len;
        if (lr->cap - lr->len < (size_t)OKR_FEED_CSV_CHUNK) {
            size_t cap = lr->len + (size_t)OKR_FEED_CSV_CHUNK;
            char *grown = realloc(lr->buf, cap);
            if (!grown)
                abort();
            lr->buf = grown;
            lr->cap = cap;
        }
        size_t got = fread(lr->buf + lr->len, 1, OKR_FEED_CSV_CHUNK, lr->f);
        lr->len += got;
        lr->bytes += got;
        if (got < (size_t)OKR_FEED_CSV_CHUNK) {
            if (ferror(lr->f))
                return -1;
            lr->eof = 1;
        }
    }
}

int okr_feed_read_jsonl(okr_feed_ctx *ctx, const okr_feed_spec *spec)
{
    okr_feed_reader r;
    okr_feed_reader_init(&r, ctx, spec);
    FILE *f = fopen(spec->location, "rb");
    if (!f)
        return okr_feed_fail(&r, OKR901, "check the path of the feed; it is read relative to the current directory",
                             "cannot open feed '%s': %s", spec->text, strerror(errno));
    line_reader lr = {.f = f};
    const char *text;
    size_t len;
    int got, too_long;
    uint32_t line = 0;
    int rc = 0;
    while (rc == 0 && (got = next_line(&lr, &text, &len, &too_long)) > 0) {
        line++;
        if (too_long) {
            ctx->stats.rows++;
            rc = okr_feed_malformed(&r, OKR903, line, "split the data into one object per line",
                                    "line is longer than %d MiB; skipped", OKR_FEED_MAX_ROW >> 20);
            continue;
        }
        if (line == 1 && len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
            text += 3;
            len -= 3;
        }
        if (is_blank(text, len))
            continue;
        rc = read_line(&r, text, len, line);
    }
    ctx->stats.bytes += lr.bytes;
    if (rc == 0 && got < 0)
        rc = okr_feed_fail(&r, OKR901, "check that the feed is a readable file", "error reading feed '%s': %s",
                           spec->text, strerror(errno));
    free(lr.buf);
    fclose(f);
    okr_feed_reader_finish(&r);
    return rc;
}
