/* tokenize.c: the token stream: the flex scanner behind scanner.h's three
 * stream functions, and whole-file token arrays (lexer.h) on top of them.
 *
 * This is the one file that includes flex's okr.lex.h and drives the
 * scanner: the parser reaches it through okr_lexer_next() (its yylex), and
 * every other user through okr_lexer_scan(). Both run the same rules with
 * the same token actions, so a token array holds exactly the tokens the
 * parser reads, and scanning reports exactly the diagnostics parsing does. */
#include <string.h>

#include "scanner.h"
#include "okr.lex.h"

/* Whether p->text is a file of the source table: its bytes are then
 * writable and end in two NULs (source.h), what flex's yy_scan_buffer
 * scans in place. Any other text (okr_lexer_scan's callers) is copied. */
static int scans_in_place(const okr_parser *p)
{
    const okr_source_file *f = p->sources ? okr_source_get(p->sources, p->file) : NULL;
    return f && f->text == p->text && f->len == p->len && !f->is_external;
}

void okr_lexer_start(okr_parser *p)
{
    yyscan_t scanner;
    if (okr_yylex_init_extra(p, &scanner) != 0)
        okr_lexer_fatal("cannot create scanner");
    p->scanner = scanner;
    p->offset = 0;
    p->line_start = 0;
    p->in_place = scans_in_place(p);
    if (p->in_place)
        okr_yy_scan_buffer((char *)p->text, p->len + 2, scanner);
    else /* flex scans a copy of the bytes, which it terminates itself */
        okr_yy_scan_bytes(p->text, (int)p->len, scanner);
}

/* Appends a token to p->tokens, which grows in the arena: a token and its
 * white space take about 10 bytes in real files (the benchmark corpus: 45
 * MB, 4.2 million tokens), so the first guess rarely needs to grow. */
static void record_token(okr_parser *p, int code, const YYLTYPE *loc)
{
    okr_token_list *list = p->tokens;
    if (list->len == p->tokens_cap) {
        size_t cap = p->tokens_cap ? 2 * p->tokens_cap : p->len / 8 + 16;
        okr_token *bigger = okr_arena_alloc(p->arena, cap * sizeof *bigger);
        if (list->len)
            memcpy(bigger, list->items, list->len * sizeof *bigger);
        list->items = bigger;
        p->tokens_cap = cap;
    }
    list->items[list->len++] = (okr_token){okr_lexer_kind(code), {p->file, loc->start, loc->end}};
}

int okr_lexer_next(okr_parser *p, YYSTYPE *value, YYLTYPE *loc)
{
    int code = okr_yylex(value, loc, p->scanner);
    if (p->in_place)
        okr_lexer_release_hold(p->scanner);
    if (p->tokens && code != 0)
        record_token(p, code, loc);
    return code;
}

void okr_lexer_stop(okr_parser *p)
{
    /* Destroying the scanner frees the buffer okr_yy_scan_bytes made
     * (a buffer scanned in place stays the source table's). */
    okr_yylex_destroy(p->scanner);
    p->scanner = NULL;
}

int okr_lexer_kind(int code)
{
    switch (code) {
    case IDENT: return OKR_TOKEN_IDENT;
    case STRING: return OKR_TOKEN_STRING;
    case QUANTITY: return OKR_TOKEN_NUMBER;
    case DATE: return OKR_TOKEN_DATE;
    case QUARTER: return OKR_TOKEN_QUARTER;
    case DOTDOT: return OKR_TOKEN_DOTDOT;
#define OKR_KEYWORD(token, spelling, klass) case token: return OKR_TOKEN_##token;
#include "keywords.def"
#undef OKR_KEYWORD
    default: return code; /* a punctuation character, or 0 at the end */
    }
}

okr_token_list okr_lexer_scan(okr_arena *arena, okr_diags *diags, uint32_t file, const char *text,
                              size_t len, okr_vec *comments)
{
    okr_parser p;
    memset(&p, 0, sizeof p);
    p.arena = arena;
    p.diags = diags;
    p.file = file;
    p.text = text;
    p.len = len;
    p.comments = comments;

    okr_token_list list = {NULL, 0};
    p.tokens = &list;
    YYSTYPE value;
    YYLTYPE loc;
    okr_lexer_start(&p);
    while (okr_lexer_next(&p, &value, &loc) != 0)
        ;
    okr_lexer_stop(&p);
    return list;
}

size_t okr_token_at(const okr_token_list *list, uint32_t offset)
{
    size_t lo = 0, hi = list->len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (list->items[mid].span.start < offset)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}
