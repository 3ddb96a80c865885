/* feed.c: what every metric feed shares (feed.h): the feed argument's
 * syntax, the strict timestamp and number grammars, the dispatch to the
 * per-kind readers, and the path of one row into the store.
 *
 * Timestamps and numbers are parsed here by hand rather than with
 * strptime/strtod alone: the grammars must be exact (a lenient parser
 * turns 2026-02-30 into March 2 and "12abc" into 12, and a wrong grade is
 * worse than a rejected row), independent of the locale, and fast, as they
 * run for every row of feeds with millions of rows. */
#include "feed.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "feed_import.h"
#include "../common/calendar.h"
#include "../common/workspace.h"

/* ---- the feed argument ---- */

static int spec_error(char *error, size_t error_len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int spec_error(char *error, size_t error_len, const char *fmt, ...)
{
    if (error && error_len) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(error, error_len, fmt, ap);
        va_end(ap);
    }
    return 0;
}

static const struct {
    const char *name;
    okr_feed_kind kind;
} feed_kinds[] = {
    {"csv", OKR_FEED_CSV},       {"jsonl", OKR_FEED_JSONL},       {"ndjson", OKR_FEED_JSONL},
    {"sqlite", OKR_FEED_SQLITE}, {"postgres", OKR_FEED_POSTGRES},
};

static const char *kind_name(okr_feed_kind kind)
{
    switch (kind) {
    case OKR_FEED_CSV: return "csv";
    case OKR_FEED_JSONL: return "jsonl";
    case OKR_FEED_SQLITE: return "sqlite";
    case OKR_FEED_POSTGRES: return "postgres";
    }
    return "?";
}

/* The kind of a plain path, from its extension. */
static int kind_from_extension(const char *path, size_t len, okr_feed_kind *kind, char *error, size_t error_len)
{
    const char *dot = NULL;
    for (size_t i = 0; i < len; i++) {
        if (path[i] == '.')
            dot = path + i;
        else if (path[i] == '/')
            dot = NULL;
    }
    size_t ext_len = dot ? (size_t)(path + len - dot) : 0;
    if (dot && ext_len == 4 && strncasecmp(dot, ".csv", 4) == 0) {
        *kind = OKR_FEED_CSV;
        return 1;
    }
    if (dot && ((ext_len == 6 && strncasecmp(dot, ".jsonl", 6) == 0) ||
                (ext_len == 7 && strncasecmp(dot, ".ndjson", 7) == 0))) {
        *kind = OKR_FEED_JSONL;
        return 1;
    }
    if (dot && ((ext_len == 3 && strncasecmp(dot, ".db", 3) == 0) ||
                (ext_len == 7 && strncasecmp(dot, ".sqlite", 7) == 0) ||
                (ext_len == 8 && strncasecmp(dot, ".sqlite3", 8) == 0)))
        return spec_error(error, error_len,
                          "feed '%.*s': to read an SQLite database, write sqlite:%.*s (optionally #table=NAME)",
                          (int)len, path, (int)len, path);
    return spec_error(error, error_len,
                      "feed '%.*s': cannot tell its kind from the extension; name a .csv, .jsonl or .ndjson "
                      "file, or give the kind: csv:PATH, jsonl:PATH, sqlite:PATH, postgres:CONNINFO",
                      (int)len, path);
}

/* unit=d,fraction: each word a feed unit, at most one per type; sorted
 * into the spec by the type it fits. */
static int parse_units(okr_arena *arena, const char *text, const char *list, okr_feed_spec *spec, char *error,
                       size_t error_len)
{
    static const char *const type_names[] = {"duration", "percent", "money"};
    for (const char *p = list; *p;) {
        size_t n = strcspn(p, ",");
        const char *word = okr_arena_strndup(arena, p, n);
        double f;
        int money_code = n == 3 && word[0] >= 'A' && word[0] <= 'Z' && word[1] >= 'A' && word[1] <= 'Z' &&
                         word[2] >= 'A' && word[2] <= 'Z';
        int type = okr_calendar_duration_unit(word, &f)                          ? 0
                   : strcmp(word, "pp") == 0 || strcmp(word, "fraction") == 0 ? 1
                   : strcmp(word, "cents") == 0 || money_code                 ? 2
                                                                               : -1;
        const char **slot = type == 0 ? &spec->unit_duration : type == 1 ? &spec->unit_percent : &spec->unit_money;
        if (type < 0)
            return spec_error(error, error_len,
                              "feed '%s': unknown unit '%s' in unit= (durations: ms, s, min, h, d or w; percent: "
                              "pp or fraction; money: cents or the currency code)",
                              text, word);
        if (*slot)
            return spec_error(error, error_len, "feed '%s': unit= names two %s units, '%s' and '%s'; give one",
                              text, type_names[type], *slot, word);
        *slot = word;
        p += n;
        if (*p == ',' && !*++p)
            return spec_error(error, error_len, "feed '%s': unit= ends with ','", text);
    }
    return 1;
}

int okr_feed_spec_parse(okr_arena *arena, const char *text, okr_feed_spec *spec, char *error, size_t error_len)
{
    memset(spec, 0, sizeof *spec);
    spec->text = text;
    spec->col_metric = "metric";
    spec->col_time = "timestamp";
    spec->col_value = "value";
    if (!text || !*text)
        return spec_error(error, error_len, "empty feed argument; give a file (metrics.csv) or KIND:LOCATION");

    /* An explicit kind is a word of lower-case letters before a ':'. Any
     * other ':' belongs to the path or the conninfo. */
    const char *rest = text;
    int explicit_kind = 0;
    size_t w = 0;
    while ((text[w] >= 'a' && text[w] <= 'z') || (text[w] >= '0' && text[w] <= '9'))
        w++;
    if (w >= 2 && text[w] == ':') {
        size_t k;
        for (k = 0; k < sizeof feed_kinds / sizeof feed_kinds[0]; k++)
            if (strlen(feed_kinds[k].name) == w && strncmp(feed_kinds[k].name, text, w) == 0)
                break;
        if (k == sizeof feed_kinds / sizeof feed_kinds[0])
            return spec_error(error, error_len,
                              "feed '%s': unknown kind '%.*s' (the kinds are csv, jsonl, sqlite and postgres; "
                              "for a file whose name has a ':', write csv:PATH or ./PATH)",
                              text, (int)w, text);
        spec->kind = feed_kinds[k].kind;
        explicit_kind = 1;
        rest = text + w + 1;
    }

    const char *hash = strchr(rest, '#');
    size_t loc_len = hash ? (size_t)(hash - rest) : strlen(rest);
    if (!explicit_kind && !kind_from_extension(rest, loc_len, &spec->kind, error, error_len))
        return 0;
    if (loc_len == 0 && spec->kind != OKR_FEED_POSTGRES)
        return spec_error(error, error_len, "feed '%s': a %s feed needs a path", text, kind_name(spec->kind));
    spec->location = okr_arena_strndup(arena, rest, loc_len);

    if (!hash)
        return 1;
    /* Options: key=value separated by '&'; query= swallows the rest, as SQL
     * is full of '&' and '='. */
    const char *p = hash + 1, *units = NULL;
    int seen_metric = 0, seen_time = 0, seen_value = 0;
    if (!*p)
        return spec_error(error, error_len, "feed '%s': nothing after '#'; write an option such as #table=NAME",
                          text);
    while (*p) {
        const char *eq = p;
        while (*eq && *eq != '=' && *eq != '&')
            eq++;
        size_t key_len = (size_t)(eq - p);
        if (key_len == 0)
            return spec_error(error, error_len, "feed '%s': empty option; options are key=value joined by '&'",
                              text);
        if (*eq != '=')
            return spec_error(error, error_len, "feed '%s': option '%.*s' has no value; write %.*s=VALUE", text,
                              (int)key_len, p, (int)key_len, p);
        const char *val = eq + 1;
        int is_query = key_len == 5 && strncmp(p, "query", 5) == 0;
        const char *end = is_query ? val + strlen(val) : val + strcspn(val, "&");
        size_t val_len = (size_t)(end - val);
        if (val_len == 0)
            return spec_error(error, error_len, "feed '%s': option '%.*s=' has an empty value", text, (int)key_len,
                              p);
        const char **slot = NULL;
        int *seen = NULL;
        if (is_query) {
            slot = &spec->query;
        } else if (key_len == 5 && strncmp(p, "table", 5) == 0) {
            slot = &spec->table;
        } else if (key_len == 6 && strncmp(p, "metric", 6) == 0) {
            slot = &spec->col_metric;
            seen = &seen_metric;
        } else if (key_len == 4 && strncmp(p, "time", 4) == 0) {
            slot = &spec->col_time;
            seen = &seen_time;
        } else if (key_len == 5 && strncmp(p, "value", 5) == 0) {
            slot = &spec->col_value;
            seen = &seen_value;
        } else if (key_len == 4 && strncmp(p, "unit", 4) == 0) {
            slot = &units;
        } else {
            return spec_error(error, error_len,
                              "feed '%s': unknown option '%.*s' (the options are table=, query=, metric=, time=, "
                              "value= and unit=)",
                              text, (int)key_len, p);
        }
        if ((seen && *seen) || (!seen && *slot))
            return spec_error(error, error_len, "feed '%s': option '%.*s=' is given twice", text, (int)key_len, p);
        if (seen)
            *seen = 1;
        *slot = okr_arena_strndup(arena, val, val_len);
        p = *end ? end + 1 : end;
        if (*end == '&' && !*p)
            return spec_error(error, error_len, "feed '%s': empty option after '&'", text);
    }

    if (units && !parse_units(arena, text, units, spec, error, error_len))
        return 0;
    int is_table_kind = spec->kind == OKR_FEED_SQLITE || spec->kind == OKR_FEED_POSTGRES;
    if (!is_table_kind && (spec->table || spec->query))
        return spec_error(error, error_len, "feed '%s': %s= applies to sqlite and postgres feeds only", text,
                          spec->table ? "table" : "query");
    if (spec->table && spec->query)
        return spec_error(error, error_len, "feed '%s': give either table= or query=, not both", text);
    if (spec->query && (seen_metric || seen_time || seen_value))
        return spec_error(error, error_len,
                          "feed '%s': metric=, time= and value= name a table's columns; a query= returns its "
                          "three columns in the order metric, timestamp, value",
                          text);
    return 1;
}

/* ---- reading ---- */

/* A feed file that is not a regular file (a FIFO without a writer, a
 * socket, a device) could make okrc wait forever: it is refused before a
 * reader opens it. A pipe the shell hands over (`--feed csv:<(command)`) is
 * read to its end; SQLite needs a regular file. Other failures to open are
 * left to the reader, which says them in its own words. */
static int refuse_special_file(okr_feed_ctx *ctx, const okr_feed_spec *spec)
{
    int sqlite = spec->kind == OKR_FEED_SQLITE;
    if (okr_workspace_probe(spec->location, !sqlite) != ENXIO)
        return 0;
    okr_feed_reader r;
    okr_feed_reader_init(&r, ctx, spec);
    return okr_feed_fail(&r, OKR901,
                         sqlite ? "name the database file itself" : "name a file, or hand a command's output over as "
                                                                    "csv:<(command)",
                         "cannot read %sfeed '%s': %s", sqlite ? "SQLite " : "", spec->text,
                         okr_workspace_strerror(ENXIO));
}

int okr_feed_read(okr_feed_ctx *ctx, const okr_feed_spec *spec)
{
    if (spec->kind != OKR_FEED_POSTGRES && refuse_special_file(ctx, spec) != 0)
        return -1;
    switch (spec->kind) {
    case OKR_FEED_CSV: return okr_feed_read_csv(ctx, spec);
    case OKR_FEED_JSONL: return okr_feed_read_jsonl(ctx, spec);
    case OKR_FEED_SQLITE: return okr_feed_read_sqlite(ctx, spec);
    case OKR_FEED_POSTGRES: return okr_feed_read_postgres(ctx, spec);
    }
    return -1;
}

static okr_store_key *find_key(okr_feed_ctx *ctx, const char *metric, size_t metric_len);
static int feed_row(okr_feed_reader *r, okr_store_key *k, const char *metric, size_t metric_len, int64_t ts,
                    double value, uint32_t line);

/* Looking a name up in the store's map means hashing it and a strcmp per
 * row, a third of the CSV reader's time. Feeds repeat a few dozen names
 * millions of times, so each read keeps a direct-mapped cache of the names
 * it found, indexed by a hash of a name's length and its first and last
 * eight bytes and checked with memcmp. A name that feeds no metric is
 * cached too once the store has a key for it (okr_store_count_unknown):
 * feeds usually carry more metrics than a program grades. */
enum { NAME_SLOTS = 256, NAME_MAX_CACHED = 47 };

typedef struct okr_feed_name_slot {
    okr_store_key *key; /* NULL: empty */
    unsigned char len;
    char name[NAME_MAX_CACHED];
} okr_feed_name_slot;

static size_t name_slot(const char *s, size_t n)
{
    uint64_t a = 0, b = 0;
    memcpy(&a, s, n < 8 ? n : 8);
    if (n > 8)
        memcpy(&b, s + n - 8, 8);
    uint64_t h = (a ^ (b * UINT64_C(0xC2B2AE3D27D4EB4F)) ^ n) * UINT64_C(0x9E3779B97F4A7C15);
    return (size_t)(h >> 56) & (NAME_SLOTS - 1);
}

static int store_row_adapter(void *user, const char *metric, size_t metric_len, int64_t ts, double value,
                             uint32_t line)
{
    okr_feed_reader *r = user;
    okr_feed_ctx *ctx = r->ctx;
    if (metric_len > NAME_MAX_CACHED)
        return feed_row(r, find_key(ctx, metric, metric_len), metric, metric_len, ts, value, line);
    if (!r->names)
        r->names = okr_arena_alloc(ctx->arena ? ctx->arena : ctx->diags->arena, NAME_SLOTS * sizeof *r->names);
    okr_feed_name_slot *slot = &r->names[name_slot(metric, metric_len)];
    if (slot->key && slot->len == metric_len && memcmp(slot->name, metric, metric_len) == 0)
        return feed_row(r, slot->key, metric, metric_len, ts, value, line);
    okr_store_key *k = find_key(ctx, metric, metric_len);
    if (!k || !k->count)
        k = okr_store_count_unknown(ctx->store, k, metric, metric_len);
    if (k) {
        slot->key = k;
        slot->len = (unsigned char)metric_len;
        memcpy(slot->name, metric, metric_len);
    }
    if (!k || !k->count) {
        ctx->stats.unknown_metric++; /* the store counted it above */
        return 0;
    }
    return feed_row(r, k, metric, metric_len, ts, value, line);
}

void okr_feed_reader_init(okr_feed_reader *r, okr_feed_ctx *ctx, const okr_feed_spec *spec)
{
    memset(r, 0, sizeof *r);
    r->ctx = ctx;
    r->spec = spec;
    r->file = ctx->sources ? okr_source_add_external(ctx->sources, spec->location) : OKR_NO_FILE;
    r->row = store_row_adapter;
    r->user = r;
}

int okr_feed_malformed(okr_feed_reader *r, okr_code code, uint32_t line, const char *help, const char *fmt, ...)
{
    okr_feed_ctx *ctx = r->ctx;
    ctx->stats.malformed++;
    if (r->reported < OKR_DIAG_MAX_PER_FILE - 1 || ctx->strict) {
        va_list ap;
        va_start(ap, fmt);
        const char *message = okr_arena_vprintf(ctx->diags->arena, fmt, ap);
        va_end(ap);
        if (r->rows_not_lines)
            message = okr_arena_printf(ctx->diags->arena, "row %u: %s", (unsigned)line, message);
        okr_diag *d = okr_diag_report(ctx->diags, code, okr_span_make(r->file, line, line), "%s", message);
        okr_diag_help(ctx->diags, d, "%s", help);
        r->reported++;
    } else if (r->unreported++ == 0) {
        r->first_unreported = line;
    }
    return ctx->strict ? -1 : 0;
}

void okr_feed_reader_finish(okr_feed_reader *r)
{
    if (!r->unreported)
        return;
    okr_diags *diags = r->ctx->diags;
    okr_diag *d = okr_diag_report(diags, OKR903, okr_span_make(r->file, r->first_unreported, r->first_unreported),
                                  "%zu more malformed row%s from here on (skipped, not shown one by one)",
                                  r->unreported, r->unreported == 1 ? "" : "s");
    okr_diag_help(diags, d, "fix the rows reported above, then read the feed again to see the rest");
    r->unreported = 0;
}

int okr_feed_fail(okr_feed_reader *r, okr_code code, const char *help, const char *fmt, ...)
{
    okr_diags *diags = r->ctx->diags;
    va_list ap;
    va_start(ap, fmt);
    const char *message = okr_arena_vprintf(diags->arena, fmt, ap);
    va_end(ap);
    okr_diag *d = okr_diag_report(diags, code, okr_span_make(OKR_NO_FILE, 0, 0), "%s", message);
    okr_diag_help(diags, d, "%s", help);
    return -1;
}

const char *okr_feed_excerpt(okr_feed_reader *r, const char *text, size_t len)
{
    enum { MAX = 60 };
    size_t n = len;
    if (n > MAX) {
        n = MAX;
        /* Cut at a character boundary, not inside a UTF-8 sequence. */
        while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
            n--;
    }
    char *out = okr_arena_alloc(r->ctx->diags->arena, n + 4);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)text[i];
        out[i] = (c < 0x20 || c == 0x7F) ? '?' : (char)c;
    }
    if (n < len)
        memcpy(out + n, "...", 4);
    else
        out[n] = '\0';
    return out;
}

int okr_feed_bad_timestamp(okr_feed_reader *r, uint32_t line, const char *text, size_t len, const char *why)
{
    return okr_feed_malformed(r, OKR904, line,
                              "timestamps are ISO 8601 dates or date-times: 2026-07-01 or 2026-07-01T09:30:00Z "
                              "(no zone means UTC)",
                              "bad timestamp '%s': %s", okr_feed_excerpt(r, text, len), why);
}

int okr_feed_bad_number(okr_feed_reader *r, uint32_t line, const char *what, const char *text, size_t len)
{
    if (len == 0)
        return okr_feed_malformed(r, OKR905, line,
                                  "write a plain decimal number such as 42, -3.5 or 1.2e6; leave out rows "
                                  "that have no value",
                                  "empty %s", what);
    return okr_feed_malformed(r, OKR905, line,
                              "write a plain decimal number such as 42, -3.5 or 1.2e6: a '.' for the fraction, "
                              "no thousands separators, units or currency signs",
                              "bad number '%s' in the %s", okr_feed_excerpt(r, text, len), what);
}

/* ---- timestamps ---- */

static int two_digits(const char *s, int *out)
{
    if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
        return 0;
    *out = (s[0] - '0') * 10 + (s[1] - '0');
    return 1;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

int okr_parse_timestamp(const char *s, size_t n, int64_t *ts, const char **why)
{
    if (n == 0) {
        *why = "the timestamp is empty";
        return 0;
    }
    long days = 0;
    /* A fifth year digit ("20260-...") is a malformed date, not a date
     * followed by garbage. */
    okr_date_error date = n > 10 && is_digit(s[10]) ? OKR_DATE_SYNTAX : okr_calendar_read_date(s, n, &days);
    switch (date) {
    case OKR_DATE_OK: break;
    case OKR_DATE_SYNTAX:
        *why = "expected a date YYYY-MM-DD, with a four-digit year and a two-digit month and day";
        return 0;
    case OKR_DATE_YEAR_ZERO: *why = "the year is 0000"; return 0;
    case OKR_DATE_MONTH: *why = "the month is not 01 to 12"; return 0;
    case OKR_DATE_FEB_29: *why = "February 29 exists only in leap years"; return 0;
    case OKR_DATE_DAY_ZERO: *why = "the day is 00"; return 0;
    case OKR_DATE_DAY: *why = "the day does not exist in that month"; return 0;
    }
    int64_t t = (int64_t)days * OKR_SECONDS_PER_DAY;
    if (n == 10) {
        *ts = t;
        return 1;
    }

    size_t i = 10;
    if (s[i] != 'T' && s[i] != 't' && s[i] != ' ') {
        *why = "after the date comes 'T' and a time (2026-07-01T09:30:00Z), or nothing";
        return 0;
    }
    i++;
    int hour, minute, second = 0;
    if (n < i + 5 || !two_digits(s + i, &hour) || s[i + 2] != ':' || !two_digits(s + i + 3, &minute)) {
        *why = "expected a time HH:MM or HH:MM:SS after the date, with two-digit fields";
        return 0;
    }
    if (hour > 23) {
        *why = "the hour is not 00 to 23 (24:00 is 00:00 of the next day)";
        return 0;
    }
    if (minute > 59) {
        *why = "the minute is not 00 to 59";
        return 0;
    }
    i += 5;
    if (i < n && s[i] == ':') {
        if (n < i + 3 || !two_digits(s + i + 1, &second)) {
            *why = "expected two-digit seconds after ':'";
            return 0;
        }
        if (second == 60) {
            *why = "leap seconds (:60) are not supported";
            return 0;
        }
        if (second > 59) {
            *why = "the second is not 00 to 59";
            return 0;
        }
        i += 3;
        if (i < n && s[i] == '.') {
            /* Fractions are read and dropped: observations are bucketed by
             * second, and truncating never moves a row to the next day. */
            size_t f = ++i;
            while (i < n && is_digit(s[i]))
                i++;
            if (i == f) {
                *why = "expected digits after the '.' of the seconds";
                return 0;
            }
        }
    }
    t += hour * 3600 + minute * 60 + second;
    if (i == n) {
        *ts = t;
        return 1;
    }
    if ((s[i] == 'Z' || s[i] == 'z') && i + 1 == n) {
        *ts = t;
        return 1;
    }
    if (s[i] == '+' || s[i] == '-') {
        int oh, om;
        if (n != i + 6 || !two_digits(s + i + 1, &oh) || s[i + 3] != ':' || !two_digits(s + i + 4, &om)) {
            *why = "a zone offset is +HH:MM or -HH:MM";
            return 0;
        }
        if (oh > 23 || om > 59) {
            *why = "the zone offset is out of range (hours 00 to 23, minutes 00 to 59)";
            return 0;
        }
        int offset = oh * 3600 + om * 60;
        /* Local time = UTC + offset, so UTC = local - offset. */
        *ts = s[i] == '+' ? t - offset : t + offset;
        return 1;
    }
    *why = "unexpected text after the time (a zone is Z, +HH:MM or -HH:MM)";
    return 0;
}

/* ---- numbers ---- */

int okr_parse_value(const char *s, size_t n, double *value)
{
    /* Exact powers of ten: every one up to 1e22 is a double, which makes
     * the fast path below correctly rounded (Clinger). */
    static const double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                   1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    size_t i = 0;
    int negative = 0;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        negative = s[i++] == '-';
    uint64_t mantissa = 0;
    int digits = 0;   /* significant digits taken into the mantissa */
    int dropped = 0;  /* significant digits past the 19 that fit */
    long exp10 = 0;
    size_t start = i;
    for (; i < n && is_digit(s[i]); i++) {
        if (digits < 19) {
            if (mantissa || s[i] != '0') {
                mantissa = mantissa * 10 + (uint64_t)(s[i] - '0');
                digits++;
            }
        } else {
            dropped = 1;
            exp10++;
        }
    }
    if (i == start)
        return 0;
    if (i < n && s[i] == '.') {
        size_t f = ++i;
        for (; i < n && is_digit(s[i]); i++) {
            if (digits < 19) {
                if (mantissa || s[i] != '0')
                    digits++;
                mantissa = mantissa * 10 + (uint64_t)(s[i] - '0');
                exp10--;
            } else if (s[i] != '0') {
                dropped = 1;
            }
        }
        if (i == f)
            return 0;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        int eneg = 0;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            eneg = s[i++] == '-';
        size_t e = i;
        long ev = 0;
        for (; i < n && is_digit(s[i]); i++)
            if (ev < 100000)
                ev = ev * 10 + (s[i] - '0');
        if (i == e)
            return 0;
        exp10 += eneg ? -ev : ev;
    }
    if (i != n)
        return 0;

    double v;
    if (!dropped && mantissa <= (UINT64_C(1) << 53) && exp10 >= -22 && exp10 <= 22) {
        v = (double)mantissa;
        v = exp10 < 0 ? v / pow10[-exp10] : v * pow10[exp10];
        if (negative)
            v = -v;
    } else {
        /* Rare: long or extreme numbers. The grammar is already checked,
         * so strtod reads exactly these bytes (the C locale's '.' is the
         * only radix okrc runs with). */
        char stack[128];
        char *buf = n < sizeof stack ? stack : malloc(n + 1);
        if (!buf)
            return 0;
        memcpy(buf, s, n);
        buf[n] = '\0';
        errno = 0;
        v = strtod(buf, NULL);
        if (buf != stack)
            free(buf);
    }
    if (!isfinite(v))
        return 0;
    *value = v;
    return 1;
}

/* ---- the store ---- */

static okr_store_key *find_key(okr_feed_ctx *ctx, const char *metric, size_t metric_len)
{
    char stack[256];
    char *key = stack;
    okr_store_key *k = NULL;
    /* A NUL inside the name would make it equal to a shorter key. */
    if (memchr(metric, '\0', metric_len))
        return NULL;
    if (metric_len >= sizeof stack && !(key = malloc(metric_len + 1)))
        return NULL;
    memcpy(key, metric, metric_len);
    key[metric_len] = '\0';
    k = okr_store_lookup(ctx->store, key);
    if (key != stack)
        free(key);
    return k;
}

int okr_feed_lower_bound(const okr_metric_decl *metric, double *min)
{
    /* Counts cannot go below zero: a negative count is a broken export
     * (a subtraction gone wrong, a sign flipped), and taken as data it
     * makes a baseline of -5 and a relative target below it. */
    if (metric && metric->type == OKR_TYPE_COUNT) {
        *min = 0;
        return 1;
    }
    return 0;
}

double okr_feed_row_factor(const okr_feed_spec *spec, okr_series *s)
{
    const char *unit = !spec                                  ? NULL
                       : s->metric->type == OKR_TYPE_DURATION ? spec->unit_duration
                       : s->metric->type == OKR_TYPE_PERCENT  ? spec->unit_percent
                       : s->metric->type == OKR_TYPE_MONEY    ? spec->unit_money
                                                              : NULL;
    double factor;
    if (unit && okr_unit_feed_factor(s->metric, unit, &factor)) {
        s->unit_from_feed = 1;
        return factor;
    }
    return s->factor;
}

const okr_series *okr_feed_rejecting_series(const okr_store_key *k, double value)
{
    for (size_t i = 0; i < k->count; i++) {
        double min;
        if (okr_feed_lower_bound(k->series[i]->metric, &min) && value < min)
            return k->series[i];
    }
    return NULL;
}

/* One row into every series its name feeds. Counted once in the stats, by
 * the best outcome among them: stored in one, it is stored. */
static int feed_row(okr_feed_reader *r, okr_store_key *k, const char *metric, size_t metric_len, int64_t ts,
                    double value, uint32_t line)
{
    okr_feed_ctx *ctx = r->ctx;
    if (!k || !k->count) {
        okr_store_count_unknown(ctx->store, k, metric, metric_len);
        ctx->stats.unknown_metric++;
        return 0;
    }
    const okr_series *rejecting = okr_feed_rejecting_series(k, value);
    if (rejecting)
        return okr_feed_malformed(r, OKR905, line,
                                  "counts cannot be negative: fix the row, or declare a metric that can go below "
                                  "zero as `number`",
                                  "negative value %g for count metric '%s'", value, rejecting->name);
    int added = 0, duplicate = 0, unsorted = 0;
    for (size_t i = 0; i < k->count; i++) {
        okr_series *s = k->series[i];
        size_t before = s->unsorted;
        switch (okr_store_add_base(ctx->store, s, ts, value * okr_feed_row_factor(r->spec, s))) {
        case OKR_STORE_ADDED:
            added = 1;
            unsorted |= s->unsorted != before;
            break;
        case OKR_STORE_DUPLICATE: duplicate = 1; break;
        case OKR_STORE_OUT_OF_RANGE: break;
        }
    }
    if (added) {
        ctx->stats.stored++;
        ctx->stats.unsorted += unsorted != 0;
    } else if (duplicate) {
        ctx->stats.duplicates++;
    } else {
        ctx->stats.out_of_range++;
    }
    return 0;
}
