/* fmt.c: the formatter behind `okrc fmt` and the language server's
 * formatting (spec.md, "Formatting"; the layout rules are in fmt.h).
 *
 * The output is built from the syntax tree plus the source text. The tree
 * says where each declaration and each block item starts; the token API
 * (lexer/lexer.h) gives every token with its span, recorded by the same
 * scan that parsing runs (okr_parse_file_tokens), so a file is lexed once. The
 * output is exactly those tokens, each copied verbatim from the source, with
 * new white space between them: one line per declaration or block item,
 * canonical spacing inside a line. Building from tokens rather than from the
 * tree's fields is what makes formatting safe: a token can move to another
 * line but can never be added, dropped, reordered or respelled, so the
 * program the formatted text compiles to is the one the source compiled to,
 * whatever the parser accepted (a repeated metric clause, a second weight).
 *
 * Comments come from the parser with their spans. Each one is attached to a
 * line of the output: an own-line comment to the line that follows it, a
 * trailing comment to the line it ends. One that sat inside a declaration
 * the formatter joins onto one line has no line of its own to stay on; it
 * moves, on a line of its own, above that declaration, so no comment is
 * ever lost or reordered. */
#include "fmt.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "lexer.h"
#include "parser.h"

/* Indentation of one block level, and the extra indentation of the
 * continuation lines of a vocabulary list. */
enum { INDENT = 2 };

/* A comment that gets a line of its own above an entry. */
typedef struct fmt_note {
    const okr_comment *comment;
    int blank_before; /* the source had a blank line above it */
    int hoisted;      /* it sat inside the entry and was moved above it */
} fmt_note;

/* A comment kept inside a vocabulary list, at a line break of the list:
 * either trailing the line that ends before token `next`, or on its own line
 * before that token. */
typedef struct fmt_inner {
    const okr_comment *comment;
    size_t next;
} fmt_inner;

typedef enum fmt_entry_kind {
    ENTRY_LINE,  /* a declaration or a block item: one line */
    ENTRY_OPEN,  /* a block's head, up to and including `{` */
    ENTRY_CLOSE, /* a block's `}` */
} fmt_entry_kind;

/* One line of code in the output, with the comments attached to it. */
typedef struct fmt_entry {
    fmt_entry_kind kind;
    size_t t0, t1;    /* its tokens [t0, t1) */
    int depth;        /* block nesting: 0 at top level, 1 in a block */
    int top_block;    /* head or close of an objective or policy block */
    int is_metric;    /* a top-level metric declaration: its `:` aligns */
    int is_vocabulary; /* a vocabulary item: its line breaks are kept */
    size_t colon;     /* is_metric: index of the `:` token */
    size_t align;     /* is_metric: display width the head is padded to */
    okr_vec notes;    /* fmt_note*: own-line comments above the line */
    okr_vec inner;    /* fmt_inner*, vocabulary lists only */
    const okr_comment *trailing;
    struct fmt_entry *join; /* the next entry, kept on this line (suppressions) */
    int joined;             /* this entry is kept on the previous one's line */
} fmt_entry;

/* One line of the output: an entry or a comment alone. */
typedef struct fmt_line {
    fmt_entry *entry;
    const okr_comment *comment;
    int indent;
    int blank;       /* a blank line before it */
    int force_blank; /* the first line of a top-level block's group */
} fmt_line;

typedef struct fmt_buf {
    char *data;
    size_t len, cap;
} fmt_buf;

typedef struct fmt_ctx {
    okr_arena *arena;
    const char *text;
    size_t len;
    okr_token *tokens;    /* every token of the file (lexer.h) */
    size_t ntokens;
    fmt_entry **entries;  /* in source order */
    size_t nentries, entries_cap;
    size_t *entry_of;     /* token index -> entry index */
    okr_vec end_notes;    /* fmt_note*: comments after the last token */
    const okr_comment *moved_suppression; /* the first suppression hoisted out of
                                             a declaration: the file is left as is */
} fmt_ctx;

static _Noreturn void internal_error(const char *what)
{
    /* The tree and the token stream of a file without syntax errors always
     * agree; if they do not, formatting would risk the file's content, so
     * stop rather than guess. */
    fprintf(stderr, "okrc: internal error in the formatter: %s\n", what);
    abort();
}

/* --- output buffer ------------------------------------------------------ */

static void buf_reserve(fmt_buf *b, size_t more)
{
    if (b->len + more + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 1024;
    while (cap < b->len + more + 1)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p)
        internal_error("out of memory");
    b->data = p;
    b->cap = cap;
}

static void buf_put(fmt_buf *b, const char *s, size_t n)
{
    buf_reserve(b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

static void buf_char(fmt_buf *b, char c)
{
    buf_put(b, &c, 1);
}

static void buf_spaces(fmt_buf *b, size_t n)
{
    buf_reserve(b, n);
    memset(b->data + b->len, ' ', n);
    b->len += n;
    b->data[b->len] = '\0';
}

/* --- source helpers ----------------------------------------------------- */

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == '\n';
}

/* Whether the byte at `i` ends a line: an LF, or a CR not followed by an
 * LF (spec.md, "Positions"). A CRLF counts once, at its LF; the output
 * writes every line end as LF. */
static int ends_line(const fmt_ctx *c, size_t i)
{
    return c->text[i] == '\n' || (c->text[i] == '\r' && (i + 1 == c->len || c->text[i + 1] != '\n'));
}

/* Whether a blank line separates the code or comment that ends before
 * `offset` from what starts there. White space is all that can stand
 * between two things, and a comment ends before its line end, so counting
 * the line ends of the white space run before `offset` is exact. At the
 * start of the file there is nothing to separate from. */
static int blank_before(const fmt_ctx *c, uint32_t offset)
{
    int newlines = 0;
    size_t i = offset;
    while (i > 0 && is_space(c->text[i - 1])) {
        newlines += ends_line(c, i - 1);
        i--;
    }
    return i > 0 && newlines >= 2;
}

static int newline_between(const fmt_ctx *c, uint32_t from, uint32_t to)
{
    for (size_t i = from; i < to; i++)
        if (ends_line(c, i))
            return 1;
    return 0;
}

/* Width of UTF-8 text as a terminal shows it: wide characters count two
 * columns and combining marks none, so aligned columns line up on screen
 * even when a description holds non-ASCII text. */
static size_t display_width(const char *s, size_t n)
{
    size_t w = 0, i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) { /* ASCII, nearly all of it: what utf8proc_charwidth says, without the lookup */
            w += c >= 0x20 && c != 0x7f;
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0) {
            w++;
            i++;
            continue;
        }
        int cw = utf8proc_charwidth(cp);
        w += cw > 0 ? (size_t)cw : 0;
        i += (size_t)k;
    }
    return w;
}

/* --- tokens ------------------------------------------------------------- */

/* Index of the first token that starts at or after `offset`. A rule that
 * begins with an empty symbol (an objective without archetype) has a span
 * starting where the previous symbol ended, before the rule's first token;
 * searching forward from the span's start still lands on that token. */
static size_t token_at(const fmt_ctx *c, uint32_t offset)
{
    okr_token_list list = {c->tokens, c->ntokens};
    return okr_token_at(&list, offset);
}

/* --- entries ------------------------------------------------------------ */

static fmt_entry *add_entry(fmt_ctx *c, fmt_entry_kind kind, size_t t0, size_t t1, int depth)
{
    if (t0 >= t1 || t1 > c->ntokens)
        internal_error("a declaration without tokens");
    fmt_entry *e = okr_arena_alloc(c->arena, sizeof *e);
    e->kind = kind;
    e->t0 = t0;
    e->t1 = t1;
    e->depth = depth;
    if (c->nentries == c->entries_cap) {
        size_t cap = c->entries_cap ? 2 * c->entries_cap : 64;
        fmt_entry **bigger = okr_arena_alloc(c->arena, cap * sizeof *bigger);
        if (c->nentries)
            memcpy(bigger, c->entries, c->nentries * sizeof *bigger);
        c->entries = bigger;
        c->entries_cap = cap;
    }
    for (size_t i = t0; i < t1; i++)
        c->entry_of[i] = c->nentries;
    c->entries[c->nentries++] = e;
    return e;
}

/* A block: its head up to `{`, one entry per item (from one item's first
 * token to the next one's), and the `}` that ends the declaration's tokens. */
static void add_block(fmt_ctx *c, size_t t0, size_t t1, size_t brace, const okr_span *item_starts,
                      size_t nitems)
{
    if (brace < t0 || brace + 1 >= t1 || c->tokens[brace].kind != '{' || c->tokens[t1 - 1].kind != '}')
        internal_error("a block without braces");
    add_entry(c, ENTRY_OPEN, t0, brace + 1, 0)->top_block = 1;
    size_t close = t1 - 1;
    for (size_t i = 0; i < nitems; i++) {
        size_t a = token_at(c, item_starts[i].start);
        size_t b = i + 1 < nitems ? token_at(c, item_starts[i + 1].start) : close;
        if (i == 0 && a != brace + 1)
            internal_error("tokens between a block's brace and its first item");
        fmt_entry *e = add_entry(c, ENTRY_LINE, a, b, 1);
        e->is_vocabulary = c->tokens[a].kind == OKR_TOKEN_KW_VOCABULARY;
    }
    if (nitems == 0 && close != brace + 1)
        internal_error("tokens in a block without items");
    add_entry(c, ENTRY_CLOSE, close, t1, 0)->top_block = 1;
}

static void build_entries(fmt_ctx *c, const okr_file_ast *ast)
{
    c->entry_of = okr_arena_alloc(c->arena, (c->ntokens ? c->ntokens : 1) * sizeof *c->entry_of);
    size_t covered = 0;
    for (size_t i = 0; i < ast->decls.len; i++) {
        const okr_decl *d = ast->decls.items[i];
        size_t t0 = token_at(c, d->span.start);
        size_t t1 = i + 1 < ast->decls.len ? token_at(c, ((okr_decl *)ast->decls.items[i + 1])->span.start)
                                            : c->ntokens;
        if (t0 != covered)
            internal_error("tokens outside every declaration");
        covered = t1;
        if (d->kind == OKR_DECL_OBJECTIVE) {
            const okr_objective *o = d->node;
            okr_span *starts = okr_arena_alloc(c->arena, (o->items.len + 1) * sizeof *starts);
            for (size_t k = 0; k < o->items.len; k++)
                starts[k] = okr_obj_item_span(&o->items.items[k]);
            add_block(c, t0, t1, token_at(c, o->open_brace.start), starts, o->items.len);
        } else if (d->kind == OKR_DECL_POLICY) {
            const okr_policy_decl *p = d->node;
            okr_span *starts = okr_arena_alloc(c->arena, (p->items.len + 1) * sizeof *starts);
            for (size_t k = 0; k < p->items.len; k++)
                starts[k] = ((okr_policy_item *)p->items.items[k])->span;
            add_block(c, t0, t1, t0 + 1, starts, p->items.len);
        } else {
            fmt_entry *e = add_entry(c, ENTRY_LINE, t0, t1, 0);
            if (d->kind == OKR_DECL_METRIC) {
                e->is_metric = 1;
                e->colon = t0;
                while (e->colon < t1 && c->tokens[e->colon].kind != ':')
                    e->colon++;
                if (e->colon == t1)
                    internal_error("a metric without ':'");
            }
        }
    }
    if (covered != c->ntokens)
        internal_error("tokens after the last declaration");
}

/* --- comments ----------------------------------------------------------- */

static int is_suppression(const okr_comment *k);

static void add_note(fmt_ctx *c, okr_vec *notes, const okr_comment *comment, int hoisted)
{
    /* Above its declaration a suppression would cover the whole joined
     * line, more than the line it covered (spec.md, "okrc fmt"). */
    if (hoisted && !c->moved_suppression && is_suppression(comment))
        c->moved_suppression = comment;
    fmt_note *n = okr_arena_alloc(c->arena, sizeof *n);
    n->comment = comment;
    n->hoisted = hoisted;
    n->blank_before = hoisted ? 0 : blank_before(c, comment->span.start);
    okr_vec_push(c->arena, notes, n);
}

/* Attaches each comment to a line; comments arrive in source order, so the
 * lists they are appended to stay in source order too. */
static void place_comments(fmt_ctx *c, const okr_file_ast *ast)
{
    for (size_t i = 0; i < ast->comments.len; i++) {
        const okr_comment *k = ast->comments.items[i];
        size_t next = token_at(c, k->span.start);
        if (!k->own_line && next == 0)
            internal_error("a trailing comment before any token");
        if (k->own_line && next == c->ntokens) {
            add_note(c, &c->end_notes, k, 0);
            continue;
        }
        fmt_entry *e = c->entries[c->entry_of[k->own_line ? next : next - 1]];
        if (!k->own_line && next == e->t1 && !e->trailing) {
            e->trailing = k;
        } else if (k->own_line && next == e->t0) {
            add_note(c, &e->notes, k, 0);
        } else if (e->is_vocabulary && next >= e->t0 + 2 && next < e->t1) {
            /* Inside a list after its name: the next word starts a line of
             * its own (a comment ends its line), so the comment stays at
             * that line break. */
            fmt_inner *in = okr_arena_alloc(c->arena, sizeof *in);
            in->comment = k;
            in->next = next;
            okr_vec_push(c->arena, &e->inner, in);
        } else {
            add_note(c, &e->notes, k, 1);
        }
    }
}

/* --- suppressed lines ---------------------------------------------------- */

static int is_suppression(const okr_comment *k)
{
    return k->text && strstr(k->text, "okrc:allow") != NULL;
}

/* Whether the text between the two offsets, in either order, holds no line
 * end: they are on one source line. */
static int same_line(const fmt_ctx *c, uint32_t a, uint32_t b)
{
    return a <= b ? !newline_between(c, a, b) : !newline_between(c, b, a);
}

/* Whether entries i and i + 1 meet on the source line holding `at`. */
static int meet_on_line(const fmt_ctx *c, size_t i, uint32_t at)
{
    uint32_t end = c->tokens[c->entries[i]->t1 - 1].span.end;
    uint32_t start = c->tokens[c->entries[i + 1]->t0].span.start;
    return same_line(c, end, at) && same_line(c, at, start);
}

/* A suppression applies to a line (spec.md, "Suppressions"): the line it
 * trails, or for one alone on its line the next line of code. fmt never
 * splits such a line: the entries that meet on it stay on one output line,
 * so the suppression keeps covering every item it covered. */
static void keep_suppressed_lines(fmt_ctx *c, const okr_file_ast *ast)
{
    for (size_t i = 0; i < ast->comments.len; i++) {
        const okr_comment *k = ast->comments.items[i];
        if (!is_suppression(k))
            continue;
        size_t next = token_at(c, k->span.start);
        size_t t = k->own_line ? next : next - 1;
        if (t >= c->ntokens)
            continue;
        uint32_t at = k->own_line ? c->tokens[t].span.start : k->span.start;
        size_t e = c->entry_of[t];
        for (size_t j = e; j > 0 && meet_on_line(c, j - 1, at); j--)
            c->entries[j]->joined = 1;
        for (size_t j = e; j + 1 < c->nentries && meet_on_line(c, j, at); j++)
            c->entries[j + 1]->joined = 1;
    }
    for (size_t i = 1; i < c->nentries; i++)
        if (c->entries[i]->joined)
            c->entries[i - 1]->join = c->entries[i];
}

/* The last entry of the output line an entry heads. */
static const fmt_entry *line_last(const fmt_entry *e)
{
    while (e->join)
        e = e->join;
    return e;
}

/* --- rendering ---------------------------------------------------------- */

/* Canonical spacing between two tokens on one line: none inside a dotted
 * name, a range, parentheses, before a comma or after a sign (a sign always
 * stands before a number: `by -40%`), and none between `money` or `score`
 * and its parenthesis; one space everywhere else, including before the
 * parameter list of a native declaration. */
static int space_between(int prev, int next)
{
    if (next == ')' || next == ',' || next == '.' || next == OKR_TOKEN_DOTDOT)
        return 0;
    if (prev == '(' || prev == '.' || prev == OKR_TOKEN_DOTDOT || prev == '+' || prev == '-')
        return 0;
    if (next == '(' && (prev == OKR_TOKEN_KW_MONEY || prev == OKR_TOKEN_KW_SCORE))
        return 0;
    return 1;
}

static void put_token(const fmt_ctx *c, fmt_buf *b, size_t i)
{
    buf_put(b, c->text + c->tokens[i].span.start, c->tokens[i].span.end - c->tokens[i].span.start);
}

static void put_comment(const fmt_ctx *c, fmt_buf *b, const okr_comment *k)
{
    size_t n = k->span.end - k->span.start;
    const char *s = c->text + k->span.start;
    while (n > 2 && is_space(s[n - 1]))
        n--;
    buf_put(b, s, n);
}

static void put_trailing(const fmt_ctx *c, fmt_buf *b, const okr_comment *k)
{
    buf_spaces(b, 2);
    put_comment(c, b, k);
}

/* Tokens [a, b) of one line with canonical spacing. */
static void put_tokens(const fmt_ctx *c, fmt_buf *b, size_t a, size_t end)
{
    for (size_t i = a; i < end; i++) {
        if (i > a && space_between(c->tokens[i - 1].kind, c->tokens[i].kind))
            buf_char(b, ' ');
        put_token(c, b, i);
    }
}

/* A vocabulary item: its words on one line, except that a word the author
 * started on a new line starts a continuation line, indented one level
 * deeper; comments inside the list stay at those breaks. */
static void put_vocabulary(const fmt_ctx *c, fmt_buf *b, const fmt_entry *e, int indent)
{
    size_t inner = 0;
    for (size_t i = e->t0; i < e->t1; i++) {
        int brk = i >= e->t0 + 2 && newline_between(c, c->tokens[i - 1].span.end, c->tokens[i].span.start);
        if (!brk) {
            if (i > e->t0 && space_between(c->tokens[i - 1].kind, c->tokens[i].kind))
                buf_char(b, ' ');
            put_token(c, b, i);
            continue;
        }
        while (inner < e->inner.len && ((fmt_inner *)e->inner.items[inner])->next == i) {
            const fmt_inner *in = e->inner.items[inner++];
            if (in->comment->own_line) {
                buf_char(b, '\n');
                buf_spaces(b, (size_t)indent + INDENT);
                put_comment(c, b, in->comment);
            } else {
                put_trailing(c, b, in->comment);
            }
        }
        buf_char(b, '\n');
        buf_spaces(b, (size_t)indent + INDENT);
        put_token(c, b, i);
    }
}

static void put_one(const fmt_ctx *c, fmt_buf *b, const fmt_entry *e, int indent)
{
    if (e->is_vocabulary) {
        put_vocabulary(c, b, e, indent);
    } else if (e->is_metric) {
        size_t head_start = b->len;
        put_tokens(c, b, e->t0, e->colon);
        size_t w = display_width(b->data + head_start, b->len - head_start);
        buf_spaces(b, (e->align > w ? e->align - w : 0) + 1);
        put_tokens(c, b, e->colon, e->t1);
    } else {
        put_tokens(c, b, e->t0, e->t1);
    }
    if (e->trailing)
        put_trailing(c, b, e->trailing);
}

/* An output line: the entry and those kept on its line, one space apart. */
static void put_entry(const fmt_ctx *c, fmt_buf *b, const fmt_entry *e, int indent)
{
    put_one(c, b, e, indent);
    for (const fmt_entry *j = e->join; j; j = j->join) {
        buf_char(b, ' ');
        put_one(c, b, j, indent);
    }
}

static size_t head_width(const fmt_ctx *c, const fmt_entry *e)
{
    fmt_buf tmp = {0};
    put_tokens(c, &tmp, e->t0, e->colon);
    size_t w = display_width(tmp.data ? tmp.data : "", tmp.len);
    free(tmp.data);
    return w;
}

/* --- layout ------------------------------------------------------------- */

typedef struct line_list {
    fmt_line *items;
    size_t len, cap;
} line_list;

static fmt_line *add_line(line_list *l)
{
    if (l->len == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 128;
        fmt_line *p = realloc(l->items, l->cap * sizeof *p);
        if (!p)
            internal_error("out of memory");
        l->items = p;
    }
    fmt_line *line = &l->items[l->len++];
    memset(line, 0, sizeof *line);
    return line;
}

/* The notes above an entry (and above the entries kept on its line), then
 * the entry. Comments hoisted out of the entry sit right above it and take
 * over the blank line the entry had. */
static void lay_out_entry(const fmt_ctx *c, line_list *lines, fmt_entry *e)
{
    size_t first = lines->len;
    int entry_blank = blank_before(c, c->tokens[e->t0].span.start);
    int hoisted_seen = 0;
    /* Comments before a `}` end the block's items: indented like them. */
    int note_indent = (e->depth + (e->kind == ENTRY_CLOSE)) * INDENT;
    for (const fmt_entry *j = e; j; j = j->join) {
        for (size_t i = 0; i < j->notes.len; i++) {
            const fmt_note *n = j->notes.items[i];
            fmt_line *line = add_line(lines);
            line->comment = n->comment;
            line->indent = note_indent;
            line->blank = n->blank_before;
            if ((n->hoisted || j != e) && !hoisted_seen) {
                line->blank = entry_blank;
                hoisted_seen = 1;
            }
        }
    }
    fmt_line *line = add_line(lines);
    line->entry = e;
    line->indent = e->depth * INDENT;
    line->blank = hoisted_seen ? 0 : entry_blank;
    if (e->kind == ENTRY_OPEN && e->top_block)
        lines->items[first].force_blank = 1;
}

/* Final blank lines: none at the start of the file or of a block, none
 * before `}`, one before and after each top-level block, and elsewhere one
 * where the source had at least one. */
static void settle_blanks(line_list *l)
{
    for (size_t i = 0; i < l->len; i++) {
        fmt_line *line = &l->items[i];
        const fmt_line *prev = i ? &l->items[i - 1] : NULL;
        const fmt_entry *prev_entry = prev && prev->entry ? line_last(prev->entry) : NULL;
        if (!prev || (prev_entry && prev_entry->kind == ENTRY_OPEN) ||
            (line->entry && line->entry->kind == ENTRY_CLOSE))
            line->blank = 0;
        else if (line->force_blank || (prev_entry && prev_entry->kind == ENTRY_CLOSE && prev_entry->top_block))
            line->blank = 1;
    }
}

/* Runs of metric declarations on consecutive lines align their `:` one
 * space after the widest head of the run. */
static void align_metrics(const fmt_ctx *c, line_list *l)
{
    size_t i = 0;
    while (i < l->len) {
        if (!l->items[i].entry || !l->items[i].entry->is_metric) {
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < l->len && l->items[j].entry && l->items[j].entry->is_metric && !l->items[j].blank)
            j++;
        size_t widest = 0;
        for (size_t k = i; k < j; k++) {
            size_t w = head_width(c, l->items[k].entry);
            if (w > widest)
                widest = w;
        }
        for (size_t k = i; k < j; k++)
            l->items[k].entry->align = widest;
        i = j;
    }
}

static size_t longest_line(const char *s, size_t n)
{
    size_t longest = 0, run = 0;
    for (size_t i = 0; i < n; i++) {
        run = s[i] == '\n' ? 0 : run + 1;
        if (run > longest)
            longest = run;
    }
    return longest;
}

/* Writes the lines. Returns 0, or -1 with *where set to the place in the
 * source of the first line that would break the line-length limit (a
 * declaration the author spread over many lines that joins into one too
 * long to read back). */
static int render(const fmt_ctx *c, const line_list *l, fmt_buf *b, uint32_t *where)
{
    int rc = 0;
    for (size_t i = 0; i < l->len; i++) {
        const fmt_line *line = &l->items[i];
        if (line->blank)
            buf_char(b, '\n');
        size_t start = b->len;
        buf_spaces(b, (size_t)line->indent);
        if (line->comment)
            put_comment(c, b, line->comment);
        else
            put_entry(c, b, line->entry, line->indent);
        if (rc == 0 && longest_line(b->data + start, b->len - start) > OKR_MAX_LINE_BYTES) {
            *where = line->comment ? line->comment->span.start : c->tokens[line->entry->t0].span.start;
            rc = -1;
        }
        buf_char(b, '\n');
    }
    return rc;
}

/* --- entry point -------------------------------------------------------- */

/* Input and syntax errors (OKR0xx) stop formatting; OKR008 (a file that
 * declares nothing) is only a warning, and a file of comments still
 * formats. */
static int blocks_formatting(const okr_diag *d)
{
    const okr_code_info *info = okr_code_info_get(d->code);
    return d->code != OKR008 && info && strncmp(info->code, "OKR0", 4) == 0;
}

int okr_fmt_text(okr_arena *arena, okr_source_table *sources, okr_diags *diags, const char *path,
                 const char *text, size_t len, char **out, size_t *out_len)
{
    uint32_t file = okr_source_add(sources, path, text, len, 0);
    size_t before = diags->list.len;
    /* One scan gives the tree and the tokens (parser.h). */
    okr_token_list tokens;
    okr_file_ast *ast = okr_parse_file_tokens(arena, diags, sources, file, &tokens);
    int failed = ast->parse_failed || ast->syntax_errors;
    for (size_t i = before; i < diags->list.len && !failed; i++)
        failed = blocks_formatting(diags->list.items[i]);
    if (failed)
        return -1;
    /* Nothing the parser said about a file that formats (the empty-file
     * warning) is the formatter's business: leave the caller's list as it
     * was. */
    diags->list.len = before;

    fmt_ctx c;
    memset(&c, 0, sizeof c);
    c.arena = arena;
    okr_source_file *src = okr_source_get(sources, file);
    c.text = src->text;
    c.len = src->len;
    c.tokens = tokens.items;
    c.ntokens = tokens.len;
    build_entries(&c, ast);
    place_comments(&c, ast);

    if (c.moved_suppression) {
        okr_diag *d = okr_diag_report(diags, OKR702, c.moved_suppression->span,
                                      "suppression inside the declaration: formatted, it would move above it "
                                      "and cover the whole declaration; the file is left as it is");
        okr_diag_help(diags, d, "put the comment at the end of the line it is meant for, or alone on the line "
                                "above the declaration");
        return -1;
    }
    line_list lines = {0};
    keep_suppressed_lines(&c, ast);
    for (size_t i = 0; i < c.nentries; i++)
        if (!c.entries[i]->joined)
            lay_out_entry(&c, &lines, c.entries[i]);
    for (size_t i = 0; i < c.end_notes.len; i++) {
        const fmt_note *n = c.end_notes.items[i];
        fmt_line *line = add_line(&lines);
        line->comment = n->comment;
        line->blank = n->blank_before;
    }
    settle_blanks(&lines);
    align_metrics(&c, &lines);

    fmt_buf b = {0};
    uint32_t where = 0;
    int too_long = render(&c, &lines, &b, &where);
    free(lines.items);
    if (too_long) {
        /* The output must read back: refuse rather than write a file that
         * the next run would reject. */
        free(b.data);
        okr_diag *d = okr_diag_report(diags, OKR007, okr_span_make(file, where, where + 1),
                                      "formatted, this line would be longer than %d bytes",
                                      OKR_MAX_LINE_BYTES);
        okr_diag_help(diags, d, "shorten the declaration: a repeated clause replaces the earlier one, "
                                "so only the last is needed");
        return -1;
    }
    *out = okr_arena_strndup(arena, b.data ? b.data : "", b.len);
    *out_len = b.len;
    free(b.data);
    return 0;
}
