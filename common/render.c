/* render.c: writing diagnostic records as text, JSON, SARIF or GitHub
 * workflow commands; see render.h.
 *
 * Every format reads the same okr_diag records and takes positions from
 * okr_source_position(), so line and column agree everywhere: lines are
 * 1-based, columns are 1-based Unicode code points, and every "end" column
 * is exclusive (the column just past the span). Only the text format deals
 * in display columns, and only to place carets under the source line.
 *
 * JSON schema (version 1), written by --format=json:
 *
 *   {
 *     "version": 1,
 *     "tool": {"name": "okrc", "version": "0.1.0"},
 *     "summary": {"files": N, "errors": N, "warnings": N, "notes": N},
 *     "diagnostics": [
 *       {
 *         "code": "OKR301",             stable code from codes.def
 *         "name": "task-key-result",    stable slug from codes.def
 *         "severity": "error",          "error" | "warning" | "note"
 *         "message": "...",
 *         "file": "okrs/growth.okr",    path as given on the command line
 *         "line": 12, "column": 3,      start of the span
 *         "end_line": 12, "end_column": 55,   exclusive end
 *         "byte_start": 301, "byte_end": 353, byte offsets into the file
 *         "help": ["..."],              possibly empty
 *         "notes": [
 *           {"message": "...", "file": "...", "line": L, "column": C,
 *            "end_line": L2, "end_column": C2}
 *         ]
 *       }
 *     ]
 *   }
 *
 * A note without a location has only "message"; a diagnostic without a
 * location (a command-line problem) has no "file", "line", "column",
 * "end_line", "end_column", "byte_start" or "byte_end". The counts of
 * "summary" include findings hidden by the per-file cap, so they can exceed
 * the length of "diagnostics". Strings that are not valid UTF-8 (a path or
 * a quote from a file that failed validation) have each bad byte replaced
 * by U+FFFD, since JSON text must be Unicode. */
#include "render.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <utf8proc.h>

#ifndef OKRC_VERSION
#define OKRC_VERSION "0.0.0"
#endif

#define SGR_RESET "\033[0m"
#define SGR_BOLD "\033[1m"
#define SGR_ERROR "\033[1;31m"
#define SGR_WARNING "\033[1;35m"
#define SGR_NOTE "\033[1;36m"
#define SGR_GUTTER "\033[1;34m"
#define SGR_CARET "\033[1;32m"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define SARIF_SRCROOT "%SRCROOT%"
#define TOOL_URI "https://github.com/okrc/okrc"

enum {
    TAB_STOP = 8,
    /* A snippet shows at most this many display columns of a source line. */
    MAX_SNIPPET_COLUMNS = 200,
    /* When a span starts beyond MAX_SNIPPET_COLUMNS, the snippet is a window
     * that starts this many columns before the span, so the caret has some
     * context to its left; both cut ends are marked with "...". */
    SNIPPET_LEFT_CONTEXT = 40,
};

int okr_format_parse(const char *name, okr_format *out)
{
    static const struct { const char *name; okr_format format; } names[] = {
        {"text", OKR_FORMAT_TEXT}, {"json", OKR_FORMAT_JSON},
        {"sarif", OKR_FORMAT_SARIF}, {"github", OKR_FORMAT_GITHUB},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(name, names[i].name) == 0) {
            *out = names[i].format;
            return 1;
        }
    }
    return 0;
}

int okr_color_decide(const char *when, int fd)
{
    if (strcmp(when, "always") == 0)
        return 1;
    if (strcmp(when, "never") == 0)
        return 0;
    if (strcmp(when, "auto") != 0)
        return -1;
    if (!isatty(fd))
        return 0;
    const char *term = getenv("TERM");
    if (!term || !*term || strcmp(term, "dumb") == 0)
        return 0;
    /* https://no-color.org: any non-empty value turns colour off. */
    const char *no_color = getenv("NO_COLOR");
    if (no_color && *no_color)
        return 0;
    return 1;
}

/* ---- small growable string, for building messages and URIs ---- */

typedef struct strbuf {
    char *data;
    size_t len, cap;
} strbuf;

static void sb_putn(strbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *data = realloc(b->data, cap);
        if (!data) {
            fputs("okrc: out of memory\n", stderr);
            abort();
        }
        b->data = data;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

static void sb_puts(strbuf *b, const char *s)
{
    sb_putn(b, s, strlen(s));
}

static void sb_putc(strbuf *b, char ch)
{
    sb_putn(b, &ch, 1);
}

/* Never NULL, so a strbuf that received nothing can still be used as "". */
static const char *sb_str(strbuf *b)
{
    if (!b->data)
        sb_putn(b, "", 0);
    return b->data;
}

static void sb_free(strbuf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

/* ---- shared helpers ---- */

typedef struct render_ctx {
    FILE *out;
    const okr_diags *diags;
    const okr_source_table *sources;
    const okr_render_options *opts;
} render_ctx;

static const okr_source_file *span_file(const render_ctx *c, okr_span span)
{
    if (span.file == OKR_NO_FILE)
        return NULL;
    return okr_source_get(c->sources, span.file);
}

/* A span's end can be before its start only through a bug elsewhere; the
 * renderers treat such a span as empty rather than print nonsense. */
static uint32_t span_end(okr_span span)
{
    return span.end < span.start ? span.start : span.end;
}

static const char *level_name(okr_severity sev)
{
    switch (sev) {
    case OKR_SEV_ERROR: return "error";
    case OKR_SEV_WARNING: return "warning";
    case OKR_SEV_NOTE: return "note";
    case OKR_SEV_OFF: break;
    }
    return "none";
}

static const char *tool_version(const render_ctx *c)
{
    return c->opts->tool_version ? c->opts->tool_version : OKRC_VERSION;
}

static const char *plural(size_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

/* The summary is shared by the text and GitHub formats. */
static void write_summary(const render_ctx *c)
{
    const okr_diags *d = c->diags;
    size_t files = c->opts->files_checked;
    fputs("okrc: ", c->out);
    if (d->errors + d->warnings + d->notes == 0) {
        fprintf(c->out, "no problems");
    } else {
        fprintf(c->out, "%zu %s, %zu %s", d->errors, plural(d->errors, "error", "errors"),
                d->warnings, plural(d->warnings, "warning", "warnings"));
        if (d->notes)
            fprintf(c->out, ", %zu %s", d->notes, plural(d->notes, "note", "notes"));
    }
    fprintf(c->out, " in %zu %s\n", files, plural(files, "file", "files"));
}

/* ---- text ---- */

static void paint(const render_ctx *c, const char *sgr)
{
    if (c->opts->color)
        fputs(sgr, c->out);
}

/* Messages quote user text; a raw control byte in them (an escape sequence
 * smuggled into a string) must not reach the terminal as a command. */
static void put_plain(FILE *out, const char *s)
{
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        fputc(ch < 0x20 || ch == 0x7f ? ' ' : ch, out);
    }
}

typedef enum glyph_kind { GLYPH_COPY, GLYPH_SPACES, GLYPH_REPLACEMENT } glyph_kind;

/* One code point of a source line as the snippet shows it. */
typedef struct glyph {
    size_t byte;  /* offset in the line */
    size_t len;   /* bytes */
    size_t width; /* display columns at the column where it stands */
    glyph_kind kind;
} glyph;

/* Characters a terminal would act on instead of showing: C0/C1 controls,
 * line and paragraph separators, and the bidirectional overrides and
 * isolates that can make a line display differently from its bytes. */
static int is_control(utf8proc_int32_t cp)
{
    return cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp == 0x061c || cp == 0x200e ||
           cp == 0x200f || cp == 0x2028 || cp == 0x2029 || (cp >= 0x202a && cp <= 0x202e) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

static void next_glyph(const char *line, size_t len, size_t pos, size_t col, glyph *g)
{
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)line + pos,
                                          (utf8proc_ssize_t)(len - pos), &cp);
    g->byte = pos;
    if (n <= 0) {
        /* Invalid UTF-8 (the file failed validation): one U+FFFD per byte,
         * matching okr_source_position, which counts such bytes singly. */
        g->len = 1;
        g->width = 1;
        g->kind = GLYPH_REPLACEMENT;
        return;
    }
    g->len = (size_t)n;
    if (cp == '\t') {
        g->width = TAB_STOP - col % TAB_STOP;
        g->kind = GLYPH_SPACES;
    } else if (is_control(cp)) {
        g->width = 1;
        g->kind = GLYPH_SPACES;
    } else {
        int w = utf8proc_charwidth(cp);
        g->width = w > 0 ? (size_t)w : 0;
        g->kind = GLYPH_COPY;
    }
}

static void put_glyph(FILE *out, const char *line, const glyph *g)
{
    switch (g->kind) {
    case GLYPH_COPY:
        fwrite(line + g->byte, 1, g->len, out);
        break;
    case GLYPH_SPACES:
        for (size_t i = 0; i < g->width; i++)
            fputc(' ', out);
        break;
    case GLYPH_REPLACEMENT:
        fputs("\xEF\xBF\xBD", out);
        break;
    }
}

static int digits(uint32_t n)
{
    int d = 1;
    while (n >= 10) {
        n /= 10;
        d++;
    }
    return d;
}

static void write_gutter(const render_ctx *c, int width, const char *mark)
{
    paint(c, SGR_GUTTER);
    fprintf(c->out, "%*s %s", width, "", mark);
    paint(c, SGR_RESET);
}

/* Writes the line holding span.start and a caret line under the span:
 *
 *   12 |   kr launch "Launch in-app messaging by September 15"
 *      |   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
 *
 * Both lines are built from the same glyphs, so tabs (expanded to the next
 * multiple of TAB_STOP), wide and zero-width characters move the carets
 * exactly as they move the text. A span running past its first line is
 * underlined to the end of that line; an empty span gets one caret. With
 * `lead`, an empty gutter line comes first. */
static void write_snippet(const render_ctx *c, okr_span span, int gutter, int lead)
{
    const okr_source_file *f = span_file(c, span);
    if (!f)
        return;
    okr_position pos = okr_source_position(c->sources, span.file, span.start);
    size_t len = 0;
    const char *line = okr_source_line(c->sources, span.file, pos.line, &len);
    if (!line)
        return;
    size_t line_start = (size_t)(line - f->text);
    size_t s = span.start > line_start ? span.start - line_start : 0;
    size_t e = span_end(span) > line_start ? span_end(span) - line_start : 0;
    if (s > len)
        s = len;
    if (e > len)
        e = len;

    /* First pass: display columns of the span and of the whole line. */
    size_t col = 0, start_col = SIZE_MAX, end_col = SIZE_MAX;
    glyph g;
    for (size_t at = 0; at < len; at += g.len) {
        next_glyph(line, len, at, col, &g);
        if (start_col == SIZE_MAX && g.byte + g.len > s)
            start_col = col;
        if (end_col == SIZE_MAX && g.byte >= e)
            end_col = col;
        col += g.width;
    }
    size_t total = col;
    if (start_col == SIZE_MAX)
        start_col = total;
    if (end_col == SIZE_MAX)
        end_col = total;

    /* The window of display columns [lo, hi) to show. */
    size_t lo = 0, hi = total;
    int cut_left = 0, cut_right = 0;
    if (total > MAX_SNIPPET_COLUMNS) {
        if (start_col < MAX_SNIPPET_COLUMNS) {
            hi = MAX_SNIPPET_COLUMNS;
        } else {
            lo = start_col - SNIPPET_LEFT_CONTEXT;
            hi = lo + MAX_SNIPPET_COLUMNS < total ? lo + MAX_SNIPPET_COLUMNS : total;
            cut_left = 1;
        }
        cut_right = hi < total;
    }

    if (lead) {
        write_gutter(c, gutter, "|");
        fputc('\n', c->out);
    }
    paint(c, SGR_GUTTER);
    fprintf(c->out, "%*" PRIu32 " |", gutter, pos.line);
    paint(c, SGR_RESET);
    /* Second pass: the glyphs wholly inside the window. A wide character
     * cut by the window's edge is left out, so the shown text starts at
     * shown_lo and ends at shown_hi. */
    size_t shown_lo = SIZE_MAX, shown_hi = lo;
    int any = 0;
    col = 0;
    for (size_t at = 0; at < len; at += g.len) {
        next_glyph(line, len, at, col, &g);
        if (col >= lo && col + g.width <= hi) {
            if (!any) {
                fputs(cut_left ? " ..." : " ", c->out);
                any = 1;
                shown_lo = col;
            }
            put_glyph(c->out, line, &g);
            shown_hi = col + g.width;
        }
        col += g.width;
    }
    if (shown_lo == SIZE_MAX)
        shown_lo = lo;
    if (cut_right)
        fputs("...", c->out);
    fputc('\n', c->out);

    size_t caret_end = end_col < shown_hi ? end_col : shown_hi;
    size_t carets = caret_end > start_col ? caret_end - start_col : 1;
    size_t indent = (cut_left ? 3 : 0) + (start_col > shown_lo ? start_col - shown_lo : 0);
    write_gutter(c, gutter, "| ");
    for (size_t i = 0; i < indent; i++)
        fputc(' ', c->out);
    paint(c, SGR_CARET);
    for (size_t i = 0; i < carets; i++)
        fputc('^', c->out);
    paint(c, SGR_RESET);
    fputc('\n', c->out);
}

static void write_text_header(const render_ctx *c, okr_span span, okr_severity sev,
                              const char *message, const char *code)
{
    if (span_file(c, span)) {
        okr_position pos = okr_source_position(c->sources, span.file, span.start);
        paint(c, SGR_BOLD);
        put_plain(c->out, okr_source_get(c->sources, span.file)->path);
        fprintf(c->out, ":%" PRIu32 ":%" PRIu32 ":", pos.line, pos.column);
        paint(c, SGR_RESET);
        fputc(' ', c->out);
    } else {
        fputs("okrc: ", c->out);
    }
    paint(c, sev == OKR_SEV_ERROR ? SGR_ERROR : sev == OKR_SEV_WARNING ? SGR_WARNING : SGR_NOTE);
    fputs(level_name(sev), c->out);
    paint(c, SGR_RESET);
    fputs(": ", c->out);
    if (code)
        paint(c, SGR_BOLD);
    put_plain(c->out, message);
    if (code) {
        paint(c, SGR_RESET);
        fprintf(c->out, " [%s]", code);
    }
    fputc('\n', c->out);
}

/* The gutter is as wide as the largest line number the diagnostic shows. */
static int gutter_width(const render_ctx *c, const okr_diag *d)
{
    uint32_t max_line = 0;
    if (span_file(c, d->span))
        max_line = okr_source_position(c->sources, d->span.file, d->span.start).line;
    for (int i = 0; i < d->note_count; i++) {
        okr_span s = d->notes[i].span;
        if (span_file(c, s)) {
            uint32_t l = okr_source_position(c->sources, s.file, s.start).line;
            if (l > max_line)
                max_line = l;
        }
    }
    return digits(max_line);
}

static void write_text_diag(const render_ctx *c, const okr_diag *d)
{
    const okr_code_info *info = okr_code_info_get(d->code);
    int gutter = gutter_width(c, d);
    write_text_header(c, d->span, d->severity, d->message, info ? info->code : "OKR???");
    write_snippet(c, d->span, gutter, 1);
    for (int i = 0; i < d->help_count; i++) {
        write_gutter(c, gutter, "=");
        fputs(" help: ", c->out);
        put_plain(c->out, d->help[i]);
        fputc('\n', c->out);
    }
    for (int i = 0; i < d->note_count; i++) {
        const okr_diag_noteinfo *n = &d->notes[i];
        if (span_file(c, n->span)) {
            write_text_header(c, n->span, OKR_SEV_NOTE, n->message, NULL);
            write_snippet(c, n->span, gutter, 0);
        } else {
            write_gutter(c, gutter, "=");
            fputs(" note: ", c->out);
            put_plain(c->out, n->message);
            fputc('\n', c->out);
        }
    }
    /* A blank line keeps one diagnostic's snippet from running into the
     * next one's header. */
    fputc('\n', c->out);
}

static void render_text(const render_ctx *c)
{
    for (size_t i = 0; i < c->diags->list.len; i++)
        write_text_diag(c, c->diags->list.items[i]);
    write_summary(c);
}

/* ---- JSON helpers shared by json and sarif ---- */

/* A JSON string of `s`, with each byte that does not start a valid UTF-8
 * sequence replaced by U+FFFD (jansson refuses invalid UTF-8). */
static json_t *jstr(const char *s)
{
    json_t *j = json_string(s);
    if (j)
        return j;
    strbuf b = {0};
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0) {
            sb_puts(&b, "\xEF\xBF\xBD");
            i++;
        } else {
            sb_putn(&b, s + i, (size_t)n);
            i += (size_t)n;
        }
    }
    j = json_string(sb_str(&b));
    sb_free(&b);
    return j;
}

static json_t *jint(uint64_t n)
{
    return json_integer((json_int_t)n);
}

/* Adds the location fields of the JSON schema above to `obj`. */
static void json_add_location(const render_ctx *c, json_t *obj, okr_span span, int with_bytes)
{
    const okr_source_file *f = span_file(c, span);
    if (!f)
        return;
    okr_position start = okr_source_position(c->sources, span.file, span.start);
    okr_position end = okr_source_position(c->sources, span.file, span_end(span));
    json_object_set_new(obj, "file", jstr(f->path));
    json_object_set_new(obj, "line", jint(start.line));
    json_object_set_new(obj, "column", jint(start.column));
    json_object_set_new(obj, "end_line", jint(end.line));
    json_object_set_new(obj, "end_column", jint(end.column));
    if (with_bytes) {
        json_object_set_new(obj, "byte_start", jint(span.start));
        json_object_set_new(obj, "byte_end", jint(span_end(span)));
    }
}

static int dump_json(const render_ctx *c, json_t *root)
{
    int rc = json_dumpf(root, c->out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    if (rc != 0)
        return -1;
    fputc('\n', c->out);
    return 0;
}

/* ---- json ---- */

static int render_json(const render_ctx *c)
{
    const okr_diags *ds = c->diags;
    json_t *root = json_object();
    json_object_set_new(root, "version", json_integer(1));
    json_t *tool = json_object();
    json_object_set_new(tool, "name", json_string("okrc"));
    json_object_set_new(tool, "version", jstr(tool_version(c)));
    json_object_set_new(root, "tool", tool);
    json_t *summary = json_object();
    json_object_set_new(summary, "files", jint(c->opts->files_checked));
    json_object_set_new(summary, "errors", jint(ds->errors));
    json_object_set_new(summary, "warnings", jint(ds->warnings));
    json_object_set_new(summary, "notes", jint(ds->notes));
    json_object_set_new(root, "summary", summary);

    json_t *list = json_array();
    for (size_t i = 0; i < ds->list.len; i++) {
        const okr_diag *d = ds->list.items[i];
        const okr_code_info *info = okr_code_info_get(d->code);
        json_t *o = json_object();
        json_object_set_new(o, "code", json_string(info ? info->code : "OKR???"));
        json_object_set_new(o, "name", json_string(info ? info->slug : "unknown"));
        json_object_set_new(o, "severity", json_string(level_name(d->severity)));
        json_object_set_new(o, "message", jstr(d->message));
        json_add_location(c, o, d->span, 1);
        json_t *help = json_array();
        for (int h = 0; h < d->help_count; h++)
            json_array_append_new(help, jstr(d->help[h]));
        json_object_set_new(o, "help", help);
        json_t *notes = json_array();
        for (int n = 0; n < d->note_count; n++) {
            json_t *note = json_object();
            json_object_set_new(note, "message", jstr(d->notes[n].message));
            json_add_location(c, note, d->notes[n].span, 0);
            json_array_append_new(notes, note);
        }
        json_object_set_new(o, "notes", notes);
        json_array_append_new(list, o);
    }
    json_object_set_new(root, "diagnostics", list);
    return dump_json(c, root);
}

/* ---- sarif ---- */

/* "task-key-result" -> "TaskKeyResult": SARIF rule names are conventionally
 * PascalCase identifiers (the validator's SARIF2009 checks for it). */
static json_t *pascal_case(const char *slug)
{
    strbuf b = {0};
    int up = 1;
    for (const char *p = slug; *p; p++) {
        if (*p == '-' || *p == '_') {
            up = 1;
            continue;
        }
        char ch = *p;
        if (up && ch >= 'a' && ch <= 'z')
            ch = (char)(ch - 'a' + 'A');
        sb_putc(&b, ch);
        up = 0;
    }
    json_t *j = jstr(sb_str(&b));
    sb_free(&b);
    return j;
}

static void trim_into(strbuf *b, const char *s)
{
    const char *end = s + strlen(s);
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r'))
        end--;
    sb_putn(b, s, (size_t)(end - s));
}

/* Explanations are plain text that already uses `backticks` for code, which
 * Markdown shows as intended; other Markdown punctuation is escaped outside
 * code spans so that, say, '_' or '#' shows literally. */
static json_t *explanation_markdown(const char *code, const char *summary, const char *text)
{
    strbuf plain = {0}, md = {0};
    trim_into(&plain, text);
    sb_puts(&md, "**");
    sb_puts(&md, code);
    sb_puts(&md, "**: ");
    sb_puts(&md, summary);
    sb_puts(&md, "\n\n");
    int in_code = 0;
    for (const char *p = sb_str(&plain); *p; p++) {
        if (*p == '`')
            in_code = !in_code;
        else if (!in_code && strchr("\\*_[]<>#|~", *p))
            sb_putc(&md, '\\');
        sb_putc(&md, *p);
    }
    json_t *j = jstr(sb_str(&md));
    sb_free(&plain);
    sb_free(&md);
    return j;
}

static json_t *sarif_text(json_t *text)
{
    json_t *o = json_object();
    json_object_set_new(o, "text", text);
    return o;
}

static json_t *sarif_rules(void)
{
    json_t *rules = json_array();
    for (int i = 0; i < OKR_CODE_COUNT; i++) {
        const okr_code_info *info = okr_code_info_get((okr_code)i);
        strbuf explanation = {0};
        trim_into(&explanation, info->explanation);
        json_t *r = json_object();
        json_object_set_new(r, "id", json_string(info->code));
        json_object_set_new(r, "name", pascal_case(info->slug));
        json_object_set_new(r, "shortDescription", sarif_text(jstr(info->summary)));
        json_object_set_new(r, "fullDescription", sarif_text(jstr(sb_str(&explanation))));
        json_t *help = sarif_text(jstr(sb_str(&explanation)));
        json_object_set_new(help, "markdown",
                            explanation_markdown(info->code, info->summary, info->explanation));
        json_object_set_new(r, "help", help);
        json_t *config = json_object();
        json_object_set_new(config, "level", json_string(level_name(info->default_severity)));
        json_object_set_new(r, "defaultConfiguration", config);
        json_array_append_new(rules, r);
        sb_free(&explanation);
    }
    return rules;
}

/* The path as a URI reference: forward slashes, leading "./" dropped, and
 * every byte outside the unreserved set and '/' percent-encoded (spaces,
 * '%', '#', '?', non-ASCII). A relative path is resolved against
 * %SRCROOT%, the directory okrc ran in; an absolute one becomes a file URI
 * and *absolute is set, since a base id would be wrong for it. */
static json_t *artifact_uri(const char *path, int *absolute)
{
    strbuf b = {0};
    const char *p = path;
    *absolute = 0;
    while (p[0] == '.' && (p[1] == '/' || p[1] == '\\'))
        p += 2;
    int drive = ((p[0] >= 'A' && p[0] <= 'Z') || (p[0] >= 'a' && p[0] <= 'z')) && p[1] == ':' &&
                (p[2] == '/' || p[2] == '\\');
    if (p[0] == '/' || drive) {
        *absolute = 1;
        sb_puts(&b, drive ? "file:///" : "file://");
        if (drive) {
            sb_putn(&b, p, 2);
            p += 2;
        }
    }
    for (; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        if (ch == '\\' || ch == '/') {
            sb_putc(&b, '/');
        } else if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
                   (ch >= '0' && ch <= '9') || ch == '-' || ch == '.' || ch == '_' ||
                   ch == '~') {
            sb_putc(&b, (char)ch);
        } else {
            char hex[4];
            snprintf(hex, sizeof hex, "%%%02X", ch);
            sb_puts(&b, hex);
        }
    }
    json_t *j = json_string(sb_str(&b)); /* ASCII by construction */
    sb_free(&b);
    return j;
}

static json_t *sarif_physical_location(const render_ctx *c, okr_span span)
{
    const okr_source_file *f = span_file(c, span);
    okr_position start = okr_source_position(c->sources, span.file, span.start);
    okr_position end = okr_source_position(c->sources, span.file, span_end(span));
    int absolute = 0;
    json_t *artifact = json_object();
    json_object_set_new(artifact, "uri", artifact_uri(f->path, &absolute));
    if (!absolute)
        json_object_set_new(artifact, "uriBaseId", json_string(SARIF_SRCROOT));
    json_t *region = json_object();
    json_object_set_new(region, "startLine", jint(start.line));
    json_object_set_new(region, "startColumn", jint(start.column));
    json_object_set_new(region, "endLine", jint(end.line));
    json_object_set_new(region, "endColumn", jint(end.column));
    json_t *physical = json_object();
    json_object_set_new(physical, "artifactLocation", artifact);
    json_object_set_new(physical, "region", region);
    return physical;
}

/* 64-bit FNV-1a: small, stable across platforms and releases, which is all
 * a fingerprint needs. */
static uint64_t fnv1a(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}

/* Hash of code, file and the trimmed text of the primary line: it survives
 * edits elsewhere in the file and re-indentation of the line itself. */
static uint64_t line_hash(const render_ctx *c, const okr_diag *d)
{
    const okr_code_info *info = okr_code_info_get(d->code);
    const char *code = info ? info->code : "";
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    h = fnv1a(h, code, strlen(code) + 1);
    const okr_source_file *f = span_file(c, d->span);
    if (!f)
        return h;
    h = fnv1a(h, f->path, strlen(f->path) + 1);
    okr_position pos = okr_source_position(c->sources, d->span.file, d->span.start);
    size_t len = 0;
    const char *line = okr_source_line(c->sources, d->span.file, pos.line, &len);
    if (line) {
        while (len && (*line == ' ' || *line == '\t')) {
            line++;
            len--;
        }
        while (len && (line[len - 1] == ' ' || line[len - 1] == '\t' || line[len - 1] == '\r'))
            len--;
        h = fnv1a(h, line, len);
    }
    return h;
}

typedef struct hash_slot {
    uint64_t hash;
    size_t index;
} hash_slot;

static int compare_slots(const void *a, const void *b)
{
    const hash_slot *x = a, *y = b;
    if (x->hash != y->hash)
        return x->hash < y->hash ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* GitHub treats results with equal fingerprints as one alert, so the same
 * finding on two identical lines is told apart by an occurrence number, as
 * GitHub's own "hash:N" fingerprints do. occurrence[i] is 1-based. */
static void fingerprints(const render_ctx *c, uint64_t *hash, size_t *occurrence)
{
    size_t n = c->diags->list.len;
    hash_slot *slots = malloc((n ? n : 1) * sizeof *slots);
    if (!slots) {
        fputs("okrc: out of memory\n", stderr);
        abort();
    }
    for (size_t i = 0; i < n; i++) {
        hash[i] = line_hash(c, c->diags->list.items[i]);
        slots[i].hash = hash[i];
        slots[i].index = i;
    }
    qsort(slots, n, sizeof *slots, compare_slots);
    for (size_t i = 0; i < n; i++)
        occurrence[slots[i].index] =
            i > 0 && slots[i - 1].hash == slots[i].hash ? occurrence[slots[i - 1].index] + 1 : 1;
    free(slots);
}

/* Appends `text` as a sentence: message and help are written as phrases
 * for the text format, but here they run together in one paragraph. */
static void sb_sentence(strbuf *b, const char *prefix, const char *text)
{
    if (b->len)
        sb_putc(b, ' ');
    sb_puts(b, prefix);
    sb_puts(b, text);
    size_t n = strlen(text);
    if (n == 0 || !strchr(".!?:", text[n - 1]))
        sb_putc(b, '.');
}

/* The message, then each help and each location-less note, which SARIF has
 * no other place for (notes with a location become relatedLocations):
 * "key result 'x' is a task. Help: move it to the roadmap. Note: ...". */
static json_t *sarif_message(const okr_diag *d)
{
    strbuf b = {0};
    sb_sentence(&b, "", d->message);
    for (int i = 0; i < d->help_count; i++)
        sb_sentence(&b, "Help: ", d->help[i]);
    for (int i = 0; i < d->note_count; i++)
        if (d->notes[i].span.file == OKR_NO_FILE)
            sb_sentence(&b, "Note: ", d->notes[i].message);
    json_t *j = sarif_text(jstr(sb_str(&b)));
    sb_free(&b);
    return j;
}

static json_t *sarif_result(const render_ctx *c, const okr_diag *d, uint64_t hash,
                            size_t occurrence)
{
    const okr_code_info *info = okr_code_info_get(d->code);
    json_t *r = json_object();
    json_object_set_new(r, "ruleId", json_string(info ? info->code : "OKR???"));
    json_object_set_new(r, "ruleIndex", json_integer((json_int_t)d->code));
    json_object_set_new(r, "level", json_string(level_name(d->severity)));
    json_object_set_new(r, "message", sarif_message(d));
    json_t *loc = json_object();
    json_object_set_new(loc, "physicalLocation", sarif_physical_location(c, d->span));
    json_t *locs = json_array();
    json_array_append_new(locs, loc);
    json_object_set_new(r, "locations", locs);
    json_t *related = json_array();
    for (int i = 0; i < d->note_count; i++) {
        if (!span_file(c, d->notes[i].span))
            continue;
        json_t *rel = json_object();
        json_object_set_new(rel, "id", jint(json_array_size(related) + 1));
        json_object_set_new(rel, "physicalLocation", sarif_physical_location(c, d->notes[i].span));
        json_object_set_new(rel, "message", sarif_text(jstr(d->notes[i].message)));
        json_array_append_new(related, rel);
    }
    if (json_array_size(related))
        json_object_set_new(r, "relatedLocations", related);
    else
        json_decref(related);
    char fp[64];
    snprintf(fp, sizeof fp, "%016" PRIx64 ":%zu", hash, occurrence);
    json_t *prints = json_object();
    json_object_set_new(prints, "primaryLocationLineHash", json_string(fp));
    json_object_set_new(r, "partialFingerprints", prints);
    return r;
}

/* A finding without a file (a command-line or configuration problem) is
 * about the run, not about code: SARIF's place for it is a tool execution
 * notification, and GitHub code scanning rejects results without a
 * location. */
static json_t *sarif_notification(const okr_diag *d)
{
    const okr_code_info *info = okr_code_info_get(d->code);
    json_t *n = json_object();
    json_object_set_new(n, "level", json_string(level_name(d->severity)));
    json_object_set_new(n, "message", sarif_message(d));
    json_t *rule = json_object();
    json_object_set_new(rule, "id", json_string(info ? info->code : "OKR???"));
    json_object_set_new(rule, "index", json_integer((json_int_t)d->code));
    json_object_set_new(n, "associatedRule", rule);
    return n;
}

static int render_sarif(const render_ctx *c)
{
    const char *version = tool_version(c);
    json_t *driver = json_object();
    json_object_set_new(driver, "name", json_string("okrc"));
    json_object_set_new(driver, "version", jstr(version));
    json_object_set_new(driver, "semanticVersion", jstr(version));
    json_object_set_new(driver, "informationUri", json_string(TOOL_URI));
    json_object_set_new(driver, "rules", sarif_rules());
    json_t *tool = json_object();
    json_object_set_new(tool, "driver", driver);

    /* No "uri" for the base: it would be the absolute directory of this
     * run, which would make the output differ between machines; consumers
     * (GitHub code scanning among them) resolve it to the checkout. */
    json_t *base = json_object();
    json_object_set_new(base, "description",
                        sarif_text(json_string("The directory okrc was run in; result paths are "
                                               "relative to it.")));
    json_t *bases = json_object();
    json_object_set_new(bases, SARIF_SRCROOT, base);

    size_t n = c->diags->list.len;
    uint64_t *hash = malloc((n ? n : 1) * sizeof *hash);
    size_t *occurrence = malloc((n ? n : 1) * sizeof *occurrence);
    if (!hash || !occurrence) {
        fputs("okrc: out of memory\n", stderr);
        abort();
    }
    fingerprints(c, hash, occurrence);
    json_t *results = json_array();
    json_t *notifications = json_array();
    int run_failed = 0;
    for (size_t i = 0; i < n; i++) {
        const okr_diag *d = c->diags->list.items[i];
        if (span_file(c, d->span)) {
            json_array_append_new(results, sarif_result(c, d, hash[i], occurrence[i]));
        } else {
            json_array_append_new(notifications, sarif_notification(d));
            run_failed |= d->severity == OKR_SEV_ERROR;
        }
    }
    free(hash);
    free(occurrence);
    /* executionSuccessful is false only when the run itself had an error
     * (say, an unreadable input): findings in the files are a successful
     * analysis. */
    json_t *invocation = json_object();
    json_object_set_new(invocation, "executionSuccessful", json_boolean(!run_failed));
    if (json_array_size(notifications))
        json_object_set_new(invocation, "toolExecutionNotifications", notifications);
    else
        json_decref(notifications);
    json_t *invocations = json_array();
    json_array_append_new(invocations, invocation);

    json_t *run = json_object();
    json_object_set_new(run, "tool", tool);
    json_object_set_new(run, "invocations", invocations);
    json_object_set_new(run, "originalUriBaseIds", bases);
    json_object_set_new(run, "columnKind", json_string("unicodeCodePoints"));
    json_object_set_new(run, "results", results);
    json_t *runs = json_array();
    json_array_append_new(runs, run);
    json_t *root = json_object();
    json_object_set_new(root, "$schema", json_string(SARIF_SCHEMA));
    json_object_set_new(root, "version", json_string("2.1.0"));
    json_object_set_new(root, "runs", runs);
    return dump_json(c, root);
}

/* ---- github ---- */

/* Workflow-command escaping, as the Actions runner decodes it: data needs
 * '%', CR and LF encoded; property values also ':' and ','. */
static void gh_escape(FILE *out, const char *s, int property)
{
    for (; *s; s++) {
        switch (*s) {
        case '%': fputs("%25", out); break;
        case '\r': fputs("%0D", out); break;
        case '\n': fputs("%0A", out); break;
        case ':':
            if (property)
                fputs("%3A", out);
            else
                fputc(':', out);
            break;
        case ',':
            if (property)
                fputs("%2C", out);
            else
                fputc(',', out);
            break;
        default: fputc(*s, out); break;
        }
    }
}

static void write_github_diag(const render_ctx *c, const okr_diag *d)
{
    const okr_code_info *info = okr_code_info_get(d->code);
    FILE *out = c->out;
    /* Actions has no "note" command; "notice" is its lowest level. */
    fprintf(out, "::%s ", d->severity == OKR_SEV_ERROR     ? "error"
                          : d->severity == OKR_SEV_WARNING ? "warning"
                                                           : "notice");
    const okr_source_file *f = span_file(c, d->span);
    if (f) {
        okr_position start = okr_source_position(c->sources, d->span.file, d->span.start);
        okr_position end = okr_source_position(c->sources, d->span.file, span_end(d->span));
        fputs("file=", out);
        gh_escape(out, f->path, 1);
        fprintf(out, ",line=%" PRIu32 ",col=%" PRIu32 ",endLine=%" PRIu32 ",endColumn=%" PRIu32 ",",
                start.line, start.column, end.line, end.column);
    }
    fputs("title=", out);
    gh_escape(out, info ? info->code : "OKR???", 1);
    fputc(' ', out);
    gh_escape(out, info ? info->slug : "unknown", 1);
    fputs("::", out);
    gh_escape(out, d->message, 0);
    for (int i = 0; i < d->help_count; i++) {
        fputs("%0Ahelp: ", out);
        gh_escape(out, d->help[i], 0);
    }
    for (int i = 0; i < d->note_count; i++) {
        const okr_diag_noteinfo *n = &d->notes[i];
        fputs("%0Anote: ", out);
        const okr_source_file *nf = span_file(c, n->span);
        if (nf) {
            okr_position p = okr_source_position(c->sources, n->span.file, n->span.start);
            gh_escape(out, nf->path, 0);
            fprintf(out, ":%" PRIu32 ":%" PRIu32 ": ", p.line, p.column);
        }
        gh_escape(out, n->message, 0);
    }
    fputc('\n', out);
}

static void render_github(const render_ctx *c)
{
    for (size_t i = 0; i < c->diags->list.len; i++)
        write_github_diag(c, c->diags->list.items[i]);
    /* Not a workflow command, so Actions shows it as a plain log line. */
    write_summary(c);
}

int okr_render(FILE *out, const okr_diags *diags, const okr_source_table *sources,
               const okr_render_options *opts)
{
    render_ctx c = {out, diags, sources, opts};
    int rc = 0;
    switch (opts->format) {
    case OKR_FORMAT_TEXT: render_text(&c); break;
    case OKR_FORMAT_JSON: rc = render_json(&c); break;
    case OKR_FORMAT_SARIF: rc = render_sarif(&c); break;
    case OKR_FORMAT_GITHUB: render_github(&c); break;
    }
    if (fflush(out) != 0 || ferror(out))
        rc = -1;
    return rc;
}
