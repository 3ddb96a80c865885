/* render_text.c: diagnostics as gcc-style text for people.
 *
 *   okrs/platform.okr:22:30: warning: statement of objective 'reliable' contains a number ('99.95%') [OKR601]
 *      |
 *   22 | committed objective reliable "Keep the platform at 99.95% uptime" {
 *      |                              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
 *      = help: keep the objective qualitative and move the figure into a key result
 *
 * A fix follows its help line as rustc shows a suggestion:
 *
 *      = help: remove the unused suppression (applied by `okrc check --fix`)
 *      |
 *   12 -   kr act : d7_activation from 22% to 35% // okrc:allow OKR203 -- stale
 *   12 +   kr act : d7_activation from 22% to 35%
 *
 * The only format that deals in display columns, and only to place carets
 * under the source line; with --color, ANSI colours. User text reaches the
 * terminal without control characters. */
#include "render_internal.h"

#include <inttypes.h>

#include "fix_apply.h"

#include <utf8proc.h>

#define SGR_RESET "\033[0m"
#define SGR_BOLD "\033[1m"
#define SGR_ERROR "\033[1;31m"
#define SGR_WARNING "\033[1;35m"
#define SGR_NOTE "\033[1;36m"
#define SGR_GUTTER "\033[1;34m"
#define SGR_CARET "\033[1;32m"
#define SGR_ADDED "\033[1;32m"
#define SGR_REMOVED "\033[1;31m"

enum {
    TAB_STOP = 8,
    /* A snippet shows at most this many display columns of a source line. */
    MAX_SNIPPET_COLUMNS = 200,
    /* When a span starts beyond MAX_SNIPPET_COLUMNS, the snippet is a window
     * that starts this many columns before the span, so the caret has some
     * context to its left; both cut ends are marked with "...". */
    SNIPPET_LEFT_CONTEXT = 40,
    /* A suggestion shows at most this many lines before and after. */
    MAX_SUGGESTION_LINES = 6,
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
    const char *text = okr_source_file_text(okr_source_get(c->sources, span.file));
    if (!line || !text)
        return;
    size_t line_start = (size_t)(line - text);
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

/* ---- suggestions (spec.md, "Fixes") ---- */

/* The lines a fix touches: from the start of the line holding its first
 * edit to the end, line break included, of the line holding the last byte
 * it replaces (or its insertion point). */
typedef struct fix_region {
    okr_source_file *file;
    uint32_t start, end; /* bytes of the file */
    uint32_t first_line, last_line; /* 1-based */
} fix_region;

static int fix_region_of(const render_ctx *c, const okr_fix *fix, fix_region *r)
{
    if (fix->edit_count == 0 || !span_file(c, fix->edits[0].span))
        return 0;
    okr_source_file *f = okr_source_get(c->sources, fix->edits[0].span.file);
    if (f->is_external || !okr_source_file_text(f))
        return 0; /* a feed, or a file changed since its parse (OKR011) */
    uint32_t first = fix->edits[0].span.start, last = first;
    for (int i = 0; i < fix->edit_count; i++) {
        okr_span s = fix->edits[i].span;
        if (s.end > f->len || s.start > s.end)
            return 0;
        uint32_t touched = s.end > s.start ? s.end - 1 : s.start;
        if (touched > last)
            last = touched;
    }
    size_t li = okr_source_line_index(f, first), lj = okr_source_line_index(f, last);
    r->file = f;
    r->start = okr_source_line_start(f, li);
    r->end = lj + 1 < okr_source_line_count(f) ? okr_source_line_start(f, lj + 1) : (uint32_t)f->len;
    r->first_line = (uint32_t)li + 1;
    r->last_line = (uint32_t)lj + 1;
    return 1;
}

/* The next line of `text` from *at, without its line break (LF, CRLF or a
 * lone CR, as okr_source_position counts them); 0 at the end. */
static int next_line(const char *text, size_t len, size_t *at, const char **line, size_t *line_len)
{
    if (*at >= len)
        return 0;
    size_t s = *at, e = s;
    while (e < len && text[e] != '\n' && text[e] != '\r')
        e++;
    *line = text + s;
    *line_len = e - s;
    if (e < len && text[e] == '\r' && e + 1 < len && text[e + 1] == '\n')
        e++;
    *at = e < len ? e + 1 : e;
    return 1;
}

static size_t count_lines(const char *text, size_t len)
{
    size_t n = 0, at = 0, l;
    const char *line;
    while (next_line(text, len, &at, &line, &l))
        n++;
    return n;
}

typedef struct fix_mark {
    size_t start, end; /* bytes of the shown line */
    char ch;           /* '+' inserted, '~' replaced */
} fix_mark;

/* `NN S text`, S being '|' (the line after the fix, with marks under what
 * it changed), '-' (a line the fix removes or changes) or '+' (the line it
 * becomes). Cut after MAX_SNIPPET_COLUMNS columns with "...". */
static void write_fix_line(const render_ctx *c, int gutter, uint32_t lineno, char sign, const char *line,
                           size_t len, const fix_mark *marks, int nmarks)
{
    char under[MAX_SNIPPET_COLUMNS];
    memset(under, ' ', sizeof under);
    size_t under_len = 0;
    paint(c, SGR_GUTTER);
    fprintf(c->out, "%*" PRIu32 " ", gutter, lineno);
    paint(c, sign == '-' ? SGR_REMOVED : sign == '+' ? SGR_ADDED : SGR_GUTTER);
    fputc(sign, c->out);
    paint(c, SGR_RESET);
    if (len)
        fputc(' ', c->out);
    size_t col = 0;
    glyph g;
    for (size_t at = 0; at < len; at += g.len) {
        next_glyph(line, len, at, col, &g);
        if (col + g.width > MAX_SNIPPET_COLUMNS) {
            fputs("...", c->out);
            break;
        }
        put_glyph(c->out, line, &g);
        for (int m = 0; m < nmarks; m++) {
            if (g.byte >= marks[m].start && g.byte < marks[m].end) {
                memset(under + col, marks[m].ch, g.width);
                if (col + g.width > under_len)
                    under_len = col + g.width;
            }
        }
        col += g.width;
    }
    fputc('\n', c->out);
    if (!nmarks)
        return;
    write_gutter(c, gutter, "| ");
    paint(c, SGR_ADDED);
    fwrite(under, 1, under_len, c->out);
    paint(c, SGR_RESET);
    fputc('\n', c->out);
}

/* Each line of `text` with `sign`, numbered from `first`; at most
 * MAX_SUGGESTION_LINES of them, then "...". */
static void write_fix_lines(const render_ctx *c, int gutter, uint32_t first, char sign, const char *text,
                            size_t len)
{
    size_t at = 0, l, n = 0;
    const char *line;
    while (next_line(text, len, &at, &line, &l)) {
        if (n++ == MAX_SUGGESTION_LINES) {
            write_gutter(c, gutter, "...");
            fputc('\n', c->out);
            return;
        }
        write_fix_line(c, gutter, first + (uint32_t)n - 1, sign, line, l, NULL, 0);
    }
}

/* The lines a fix changes, as they would read after it: a change inside
 * one line is that line with '+' under inserted and '~' under replaced
 * text (rustc's style); a removal, or a change across lines, is the old
 * lines with '-' and the new ones with '+', so a line the fix deletes whole
 * shows as a '-' line alone. */
static void write_fix(const render_ctx *c, const okr_diag *d, const okr_fix *fix, int gutter)
{
    fix_region r;
    if (!fix_region_of(c, fix, &r))
        return;
    if (d->span.file != fix->edits[0].span.file) {
        write_gutter(c, gutter, ":::");
        fputc(' ', c->out);
        put_plain(c->out, r.file->path);
        fputc('\n', c->out);
    }
    const char *old = okr_source_file_text(r.file) + r.start; /* fix_region_of read it */
    size_t old_len = r.end - r.start, new_len;
    char *text = okr_edits_apply(old, old_len, r.start, fix->edits, (size_t)fix->edit_count, &new_len);
    write_gutter(c, gutter, "|");
    fputc('\n', c->out);
    /* Whole lines inserted before a line (a declaration, a `use`): only
     * the new lines, numbered where they will stand. */
    const okr_edit *e0 = &fix->edits[0];
    size_t e0_len = strlen(e0->replacement);
    if (fix->edit_count == 1 && e0->span.start == e0->span.end && e0->span.start == r.start && e0_len > 0 &&
        e0->replacement[e0_len - 1] == '\n') {
        write_fix_lines(c, gutter, r.first_line, '+', e0->replacement, e0_len);
        free(text);
        return;
    }
    int in_line = count_lines(old, old_len) == 1 && count_lines(text, new_len) == 1;
    fix_mark marks[OKR_FIX_MAX_EDITS];
    size_t delta = 0; /* added to an old offset: wraps as a negative shift would */
    for (int i = 0; in_line && i < fix->edit_count; i++) {
        const okr_edit *e = &fix->edits[i];
        size_t rlen = strlen(e->replacement);
        in_line = rlen > 0 && !strpbrk(e->replacement, "\r\n");
        marks[i].start = e->span.start - r.start + delta;
        marks[i].end = marks[i].start + rlen;
        marks[i].ch = e->span.start == e->span.end ? '+' : '~';
        delta += rlen - (e->span.end - e->span.start);
    }
    if (in_line) {
        size_t at = 0, l;
        const char *line;
        next_line(text, new_len, &at, &line, &l);
        write_fix_line(c, gutter, r.first_line, '|', line, l, marks, fix->edit_count);
    } else {
        write_fix_lines(c, gutter, r.first_line, '-', old, old_len);
        write_fix_lines(c, gutter, r.first_line, '+', text, new_len);
    }
    free(text);
}

/* A help line; for the help a fix carries out, with the fix's
 * applicability: `okrc check --fix` applies only machine-applicable fixes. */
static void write_help(const render_ctx *c, int gutter, const char *text, const okr_fix *fix)
{
    write_gutter(c, gutter, "=");
    fputs(" help: ", c->out);
    put_plain(c->out, text);
    if (fix && fix->machine_applicable)
        fputs(" (applied by `okrc check --fix`)", c->out);
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
    for (int i = 0; i < d->fix_count; i++) {
        fix_region r;
        if (!fix_region_of(c, &d->fixes[i], &r))
            continue;
        uint32_t l = r.last_line;
        for (int e = 0; e < d->fixes[i].edit_count; e++)
            for (const char *p = d->fixes[i].edits[e].replacement; *p; p++)
                l += *p == '\n';
        if (l > max_line)
            max_line = l;
    }
    return digits(max_line);
}

static void write_text_diag(const render_ctx *c, const okr_diag *d)
{
    const okr_code_info *info = okr_code_info_get(d->code);
    int gutter = gutter_width(c, d);
    write_text_header(c, d->span, d->severity, d->message, info ? info->code : "OKR???");
    write_snippet(c, d->span, gutter, 1);
    /* A fix that carries out one of the help lines (it was added right
     * after it, or its label is that line) is shown under that line; the
     * others follow the help lines, each as a help line of its own. */
    int shown[OKR_DIAG_MAX_FIXES] = {0};
    for (int i = 0; i < d->help_count; i++) {
        int k = 0;
        while (k < d->fix_count && (shown[k] || d->fixes[k].help_index != i))
            k++;
        if (k == d->fix_count)
            for (k = 0; k < d->fix_count && (shown[k] || strcmp(d->fixes[k].label, d->help[i]) != 0);)
                k++;
        write_help(c, gutter, d->help[i], k < d->fix_count ? &d->fixes[k] : NULL);
        if (k < d->fix_count) {
            shown[k] = 1;
            write_fix(c, d, &d->fixes[k], gutter);
        }
    }
    for (int k = 0; k < d->fix_count; k++) {
        if (shown[k])
            continue;
        write_help(c, gutter, d->fixes[k].label, &d->fixes[k]);
        write_fix(c, d, &d->fixes[k], gutter);
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
