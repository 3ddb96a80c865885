/* feed_csv.c: CSV feeds (RFC 4180 with a header row; LF or CRLF; a UTF-8
 * byte order mark is skipped).
 *
 * Feeds can be far larger than memory, so the file is read in
 * OKR_FEED_CSV_CHUNK pieces and parsed in place: a row that straddles two
 * pieces is moved to the front of the buffer and scanned again once the
 * rest has arrived. Scanning a row never writes to the buffer (so it can be
 * restarted); only a complete row has its quoted fields unescaped, in place.
 * This is the benchmark's hot path: no allocation per row, one pass over
 * the bytes of an unquoted field, and the metric name goes from the buffer
 * to the store through the per-read name cache of feed.c, never copied to
 * the heap.
 *
 * The import into SQLite (feed_sqlite.c) runs the same scanner with its own
 * row callback, so both accept exactly the same rows. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "feed.h"
#include "feed_import.h"

typedef struct csv_field {
    char *start;  /* inside the buffer; for a quoted field, after the quote */
    size_t len;
    int quoted;
    int escaped;  /* a quoted field holding "" pairs, to unescape */
} csv_field;

/* What scanning one row found. */
typedef enum csv_status {
    CSV_ROW,          /* a complete row */
    CSV_NEED_MORE,    /* the row runs past the bytes read so far */
    CSV_STRAY_QUOTE,  /* '"' inside an unquoted field; row skipped to the line's end */
    CSV_AFTER_QUOTE,  /* text after a closing quote; row skipped to the line's end */
    CSV_UNTERMINATED, /* a quoted field open at the end of the file */
} csv_status;

typedef struct csv_scanner {
    okr_feed_reader *r;
    csv_field *fields;
    size_t cap;
    size_t nfields;     /* of the row just scanned */
    size_t bad_field;   /* 1-based field of a scan error */
    uint32_t newlines;  /* consumed by the row just scanned */
    uint32_t line;      /* where the next row starts */
    int have_header;
    size_t ncols;
    size_t col_metric, col_time, col_value;
} csv_scanner;

/* Bytes that end an unquoted field or make it malformed. A table keeps the
 * inner loop at one load and one test per byte. */
static const unsigned char csv_special[256] = {['\n'] = 1, [','] = 1, ['"'] = 1};

static uint32_t count_newlines(const char *p, const char *end)
{
    uint32_t n = 0;
    while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        n++;
        p++;
    }
    return n;
}

static void grow_fields(csv_scanner *cs)
{
    size_t cap = cs->cap ? cs->cap * 2 : 16;
    csv_field *f = realloc(cs->fields, cap * sizeof *f);
    if (!f)
        abort();
    cs->fields = f;
    cs->cap = cap;
}

static inline void add_field(csv_scanner *cs, char *start, size_t len, int quoted, int escaped)
{
    if (cs->nfields == cs->cap)
        grow_fields(cs);
    csv_field *f = &cs->fields[cs->nfields++];
    f->start = start;
    f->len = len;
    f->quoted = quoted;
    f->escaped = escaped;
}

/* Scans the row at p; end is the end of the bytes read so far and eof says
 * whether more can come. Sets *next to where the following row starts
 * (unless CSV_NEED_MORE). Never writes to the buffer. */
static csv_status scan_row(csv_scanner *cs, char *p, char *end, int eof, char **next)
{
    csv_status status;
    cs->nfields = 0;
    cs->newlines = 0;
    for (;;) {
        char *start;
        size_t len;
        int quoted = 0, escaped = 0;
        if (p < end && *p == '"') {
            quoted = 1;
            start = ++p;
            for (;;) {
                char *q = memchr(p, '"', (size_t)(end - p));
                if (!q) {
                    if (!eof)
                        return CSV_NEED_MORE;
                    cs->newlines += count_newlines(p, end);
                    cs->bad_field = cs->nfields + 1;
                    *next = end;
                    return CSV_UNTERMINATED;
                }
                cs->newlines += count_newlines(p, q);
                if (q + 1 == end && !eof)
                    return CSV_NEED_MORE; /* a "" pair may be split */
                if (q + 1 < end && q[1] == '"') {
                    escaped = 1;
                    p = q + 2;
                    continue;
                }
                len = (size_t)(q - start);
                p = q + 1;
                break;
            }
        } else {
            start = p;
            while (p < end && !csv_special[(unsigned char)*p])
                p++;
            if (p < end && *p == '"') {
                cs->bad_field = cs->nfields + 1;
                status = CSV_STRAY_QUOTE;
                goto skip_line;
            }
            len = (size_t)(p - start);
        }
        if (p == end) {
            if (!eof)
                return CSV_NEED_MORE;
            if (!quoted && len && start[len - 1] == '\r')
                len--;
            add_field(cs, start, len, quoted, escaped);
            *next = p;
            return CSV_ROW;
        }
        if (*p == ',') {
            add_field(cs, start, len, quoted, escaped);
            p++;
            continue;
        }
        if (*p == '\n') {
            if (!quoted && len && start[len - 1] == '\r')
                len--;
            add_field(cs, start, len, quoted, escaped);
            cs->newlines++;
            *next = p + 1;
            return CSV_ROW;
        }
        if (*p == '\r' && quoted) {
            if (p + 1 == end && !eof)
                return CSV_NEED_MORE;
            if (p + 1 == end || p[1] == '\n') {
                add_field(cs, start, len, quoted, escaped);
                cs->newlines += p + 1 < end;
                *next = p + 1 < end ? p + 2 : p + 1;
                return CSV_ROW;
            }
        }
        cs->bad_field = cs->nfields + 1;
        status = CSV_AFTER_QUOTE;
        goto skip_line;
    }
skip_line:
    /* Resynchronise at the end of the physical line: the quote that went
     * wrong opened nothing. */
    {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) {
            if (!eof)
                return CSV_NEED_MORE;
            *next = end;
        } else {
            cs->newlines++;
            *next = nl + 1;
        }
    }
    return status;
}

static void unescape(csv_field *f)
{
    char *r = f->start, *w = f->start, *e = f->start + f->len;
    while (r < e) {
        *w++ = *r;
        r += *r == '"' ? 2 : 1;
    }
    f->len = (size_t)(w - f->start);
}

static int find_column(const csv_scanner *cs, const char *name, size_t *col)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < cs->nfields; i++) {
        if (cs->fields[i].len == n && memcmp(cs->fields[i].start, name, n) == 0) {
            *col = i;
            return 1;
        }
    }
    return 0;
}

static int read_header(csv_scanner *cs, uint32_t line)
{
    okr_feed_reader *r = cs->r;
    const okr_feed_spec *spec = r->spec;
    const char *names[3] = {spec->col_metric, spec->col_time, spec->col_value};
    size_t *cols[3] = {&cs->col_metric, &cs->col_time, &cs->col_value};
    const char *missing[3];
    int nmissing = 0;
    for (int i = 0; i < 3; i++)
        if (!find_column(cs, names[i], cols[i]))
            missing[nmissing++] = names[i];
    if (nmissing == 0) {
        cs->ncols = cs->nfields;
        cs->have_header = 1;
        return 0;
    }
    okr_diags *diags = r->ctx->diags;
    char *have = okr_arena_strdup(diags->arena, "");
    for (size_t i = 0; i < cs->nfields && i < 12; i++)
        have = okr_arena_printf(diags->arena, "%s%s'%s'", have, i ? ", " : "",
                                okr_feed_excerpt(r, cs->fields[i].start, cs->fields[i].len));
    if (cs->nfields > 12)
        have = okr_arena_printf(diags->arena, "%s, ...", have);
    char *want = okr_arena_strdup(diags->arena, "");
    for (int i = 0; i < nmissing; i++)
        want = okr_arena_printf(diags->arena, "%s%s'%s'", want, i ? ", " : "", missing[i]);
    okr_diag *d = okr_diag_report(diags, OKR902, okr_span_make(r->file, line, line),
                                  "feed '%s' has no column %s (its header: %s)", spec->text, want, have);
    okr_diag_help(diags, d,
                  "the first row names the columns: metric,timestamp,value; or map yours with "
                  "%s#metric=NAME&time=NAME&value=NAME",
                  spec->location);
    return -1;
}

static int read_row(csv_scanner *cs, uint32_t line)
{
    okr_feed_reader *r = cs->r;
    r->ctx->stats.rows++;
    if (cs->nfields != cs->ncols)
        return okr_feed_malformed(r, OKR903, line,
                                  "every row has one field per column of the header; quote a field that "
                                  "contains a comma",
                                  "row has %zu field%s; the header has %zu", cs->nfields,
                                  cs->nfields == 1 ? "" : "s", cs->ncols);
    csv_field *m = &cs->fields[cs->col_metric], *t = &cs->fields[cs->col_time], *v = &cs->fields[cs->col_value];
    if (m->escaped)
        unescape(m);
    if (t->escaped)
        unescape(t);
    if (v->escaped)
        unescape(v);
    if (m->len == 0)
        return okr_feed_malformed(r, OKR903, line, "give the metric's name (or its `source` name) in every row",
                                  "empty metric name");
    int64_t ts;
    const char *why;
    if (!okr_parse_timestamp(t->start, t->len, &ts, &why))
        return okr_feed_bad_timestamp(r, line, t->start, t->len, why);
    double value;
    if (!okr_parse_value(v->start, v->len, &value))
        return okr_feed_bad_number(r, line, "value", v->start, v->len);
    return r->row(r->user, m->start, m->len, ts, value, line);
}

static int report_scan_error(okr_feed_reader *r, csv_status status, size_t bad_field, uint32_t line);

static int handle_row(csv_scanner *cs, csv_status status, uint32_t line)
{
    okr_feed_reader *r = cs->r;
    if (status == CSV_ROW) {
        /* A blank line (or one holding only the CR of a CRLF) is skipped. */
        if (cs->nfields == 1 && cs->fields[0].len == 0 && !cs->fields[0].quoted)
            return 0;
        if (!cs->have_header) {
            for (size_t i = 0; i < cs->nfields; i++)
                if (cs->fields[i].escaped)
                    unescape(&cs->fields[i]);
            return read_header(cs, line);
        }
        return read_row(cs, line);
    }
    if (!cs->have_header) {
        /* Without a header no row can be read: stop here. */
        okr_diag *d = okr_diag_report(r->ctx->diags, OKR903, okr_span_make(r->file, line, line),
                                      "the header row of feed '%s' is malformed (%s in field %zu)", r->spec->text,
                                      status == CSV_STRAY_QUOTE   ? "a stray '\"'"
                                      : status == CSV_AFTER_QUOTE ? "text after a closing quote"
                                                                  : "an unclosed quote",
                                      cs->bad_field);
        okr_diag_help(r->ctx->diags, d, "the first row names the columns: metric,timestamp,value");
        return -1;
    }
    r->ctx->stats.rows++;
    return report_scan_error(r, status, cs->bad_field, line);
}

/* A row the scanner could not split, as a malformed-row diagnostic. */
static int report_scan_error(okr_feed_reader *r, csv_status status, size_t bad_field, uint32_t line)
{
    switch (status) {
    case CSV_STRAY_QUOTE:
        return okr_feed_malformed(r, OKR903, line,
                                  "put the whole field in quotes and double each '\"' inside it: \"say \"\"hi\"\"\"",
                                  "stray '\"' inside unquoted field %zu", bad_field);
    case CSV_AFTER_QUOTE:
        return okr_feed_malformed(r, OKR903, line,
                                  "a quoted field ends at its closing quote; put the whole field in quotes and "
                                  "double each '\"' inside it",
                                  "text after the closing quote of field %zu", bad_field);
    case CSV_UNTERMINATED:
        return okr_feed_malformed(r, OKR903, line,
                                  "close the quote; a '\"' inside a quoted field is written twice (\"\")",
                                  "quoted field %zu is not closed before the end of the file", bad_field);
    case CSV_ROW:
    case CSV_NEED_MORE:
        break;
    }
    return 0;
}

int okr_feed_scan_csv(okr_feed_reader *r)
{
    const okr_feed_spec *spec = r->spec;
    okr_feed_ctx *ctx = r->ctx;
    FILE *f = fopen(spec->location, "rb");
    if (!f)
        return okr_feed_fail(r, OKR901, "check the path of the feed; it is read relative to the current directory",
                             "cannot open feed '%s': %s", spec->text, strerror(errno));
    csv_scanner cs = {.r = r, .line = 1};
    size_t cap = 2 * (size_t)OKR_FEED_CSV_CHUNK;
    char *buf = malloc(cap);
    if (!buf)
        abort();
    size_t len = 0, pos = 0;
    int eof = 0, first = 1, rc = 0;
    while (rc == 0) {
        if (!eof) {
            /* Keep the unfinished row, and make room for a whole chunk. */
            memmove(buf, buf + pos, len - pos);
            len -= pos;
            pos = 0;
            if (len >= (size_t)OKR_FEED_MAX_ROW) {
                okr_diag *d = okr_diag_report(ctx->diags, OKR903, okr_span_make(r->file, cs.line, cs.line),
                                              "row is longer than %d MiB; reading of feed '%s' stopped",
                                              OKR_FEED_MAX_ROW >> 20, spec->text);
                okr_diag_help(ctx->diags, d, "a quoted field is probably not closed: check the quotes on this row");
                ctx->stats.malformed++;
                rc = -1;
                break;
            }
            if (cap - len < (size_t)OKR_FEED_CSV_CHUNK) {
                cap = len + (size_t)OKR_FEED_CSV_CHUNK;
                char *grown = realloc(buf, cap);
                if (!grown)
                    abort();
                buf = grown;
            }
            size_t got = fread(buf + len, 1, OKR_FEED_CSV_CHUNK, f);
            ctx->stats.bytes += got;
            len += got;
            if (got < (size_t)OKR_FEED_CSV_CHUNK) {
                if (ferror(f)) {
                    rc = okr_feed_fail(r, OKR901, "check that the feed is a readable file",
                                       "error reading feed '%s': %s", spec->text, strerror(errno));
                    break;
                }
                eof = 1;
            }
            if (first) {
                first = 0;
                if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
                    pos = 3;
            }
        }
        while (pos < len) {
            char *next;
            uint32_t line = cs.line;
            csv_status st = scan_row(&cs, buf + pos, buf + len, eof, &next);
            if (st == CSV_NEED_MORE)
                break;
            pos = (size_t)(next - buf);
            cs.line += cs.newlines;
            if (handle_row(&cs, st, line) < 0) {
                rc = -1;
                break;
            }
        }
        if (eof)
            break;
    }
    if (rc == 0 && !cs.have_header) {
        okr_diag *d = okr_diag_report(ctx->diags, OKR902, okr_span_make(r->file, 1, 1),
                                      "feed '%s' is empty: it has no header row", spec->text);
        okr_diag_help(ctx->diags, d, "a CSV feed starts with a header row: metric,timestamp,value");
        rc = -1;
    }
    free(buf);
    free(cs.fields);
    fclose(f);
    return rc;
}

int okr_feed_read_csv(okr_feed_ctx *ctx, const okr_feed_spec *spec)
{
    okr_feed_reader r;
    okr_feed_reader_init(&r, ctx, spec);
    int rc = okr_feed_scan_csv(&r);
    okr_feed_reader_finish(&r);
    return rc;
}

/* The same tokeniser over a text held in memory, for CSV files that are not
 * metric feeds (check-ins, checkin.c): each well-formed row, the header
 * included, goes to fn as unescaped cells; blank lines are skipped; a row
 * that cannot be split is a malformed-row diagnostic through r. */
int okr_csv_scan_text(okr_feed_reader *r, char *text, size_t len, okr_csv_cells_fn fn, void *user)
{
    csv_scanner cs = {.r = r, .line = 1};
    okr_csv_cell *cells = NULL;
    size_t cells_cap = 0;
    char *p = text, *end = text + len;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    int rc = 0;
    while (rc == 0 && p < end) {
        char *next;
        uint32_t line = cs.line;
        csv_status st = scan_row(&cs, p, end, 1, &next);
        p = next;
        cs.line += cs.newlines;
        if (st != CSV_ROW) {
            rc = report_scan_error(r, st, cs.bad_field, line);
            continue;
        }
        if (cs.nfields == 1 && cs.fields[0].len == 0 && !cs.fields[0].quoted)
            continue;
        if (cells_cap < cs.nfields) {
            cells_cap = cs.cap;
            cells = realloc(cells, cells_cap * sizeof *cells);
            if (!cells)
                abort();
        }
        for (size_t i = 0; i < cs.nfields; i++) {
            if (cs.fields[i].escaped)
                unescape(&cs.fields[i]);
            cells[i].text = cs.fields[i].start;
            cells[i].len = cs.fields[i].len;
        }
        rc = fn(user, cells, cs.nfields, line);
    }
    free(cells);
    free(cs.fields);
    return rc;
}
