/* render_text.c: diagnostics as gcc-style text for people.
 *
 *   okrs/platform.okr:22:30: warning: statement of objective 'reliable' contains a number ('99.95%') [OKR601]
 *      |
 *   22 | committed objective reliable "Keep the platform at 99.95% uptime" {
 *      |                              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
 *      = help: keep the objective qualitative and move the figure into a key result
 *
 * The only format that deals in display columns, and only to place carets
 * under the source line; with --color, ANSI colours. User text reaches the
 * terminal without control characters. */
#include "render_internal.h"

#include <inttypes.h>

#include <utf8proc.h>

#define SGR_RESET "\033[0m"
#define SGR_BOLD "\033[1m"
#define SGR_ERROR "\033[1;31m"
#define SGR_WARNING "\033[1;35m"
#define SGR_NOTE "\033[1;36m"
#define SGR_GUTTER "\033[1;34m"
#define SGR_CARET "\033[1;32m"

enum {
    TAB_STOP = 8,
    /* A snippet shows at most this many display columns of a source line. */
    MAX_SNIPPET_COLUMNS = 200,
    /* When a span starts beyond MAX_SNIPPET_COLUMNS, the snippet is a window
     * that starts this many columns before the span, so the caret has some
     * context to its left; both cut ends are marked with "...". */
    SNIPPET_LEFT_CONTEXT = 40,
};

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

void render_text(const render_ctx *c)
{
    for (size_t i = 0; i < c->diags->list.len; i++)
        write_text_diag(c, c->diags->list.items[i]);
    render_summary(c);
}
