/* lexer.c: the keyword table, and token values for the flex rules in
 * okr.l; see scanner.h and lexer.h.
 *
 * The keyword table is generated from keywords.def twice over: once with
 * the token API's kinds (public, in lexer.h) and once, in the same order,
 * with bison's token codes, which the scanner returns to the parser. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scanner.h"
#include "../parser/parser.h"

static const okr_keyword keyword_table[] = {
#define OKR_KEYWORD(token, spelling, klass) {spelling, OKR_TOKEN_##token, OKR_KWCLASS_##klass},
#include "keywords.def"
#undef OKR_KEYWORD
};

/* keyword_code[i] is bison's code for keyword_table[i]. */
static const int keyword_code[] = {
#define OKR_KEYWORD(token, spelling, klass) token,
#include "keywords.def"
#undef OKR_KEYWORD
};

const okr_keyword *okr_keywords(size_t *count)
{
    *count = sizeof keyword_table / sizeof keyword_table[0];
    return keyword_table;
}

const okr_keyword *okr_keyword_find(const char *text, size_t len)
{
    size_t lo = 0, hi = sizeof keyword_table / sizeof keyword_table[0];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *k = keyword_table[mid].spelling;
        /* Most probes differ in the first byte: decide those without a
         * call (the lookup runs for every word of every file). */
        int c = (unsigned char)text[0] - (unsigned char)k[0];
        if (c == 0)
            c = strncmp(text, k, len);
        if (c == 0 && k[len] != '\0')
            c = -1; /* text is a proper prefix of k, so it sorts first */
        if (c == 0)
            return &keyword_table[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

const char *okr_keyword_class_name(okr_keyword_class klass)
{
    switch (klass) {
    case OKR_KWCLASS_declaration: return "declaration";
    case OKR_KWCLASS_archetype: return "archetype";
    case OKR_KWCLASS_type: return "type";
    case OKR_KWCLASS_direction: return "direction";
    case OKR_KWCLASS_target: return "target";
    case OKR_KWCLASS_policy: return "policy";
    case OKR_KWCLASS_feed: return "feed";
    }
    return "?";
}

_Noreturn void okr_lexer_fatal(const char *msg)
{
    fprintf(stderr, "okrc: scanner failure: %s\n", msg);
    abort();
}

static okr_span span_of(const okr_parser *p, const YYLTYPE *loc)
{
    return okr_parser_span(p, loc->start, loc->end);
}

int okr_lexer_string(okr_parser *p, const char *text, size_t len, YYSTYPE *val,
                     const YYLTYPE *loc, int terminated)
{
    okr_span span = span_of(p, loc);
    if (!terminated) {
        okr_parser_lex_damage(p, loc->start);
        okr_diag *d = okr_diag_report(p->diags, OKR002, span, "unterminated string");
        okr_diag_help(p->diags, d, "close the string with '\"' before the end of the line");
    }
    /* Unescape: \n and \t stand for newline and tab; any other escaped
     * character (\" and \\ above all) stands for itself. */
    size_t body = len - 1 - (terminated ? 1 : 0);
    char *out = okr_arena_alloc(p->arena, body + 1);
    size_t n = 0;
    for (size_t i = 1; i < 1 + body; i++) {
        char c = text[i];
        if (c == '\\' && i + 1 < 1 + body) {
            char e = text[++i];
            c = e == 'n' ? '\n' : e == 't' ? '\t' : e;
        }
        out[n++] = c;
    }
    out[n] = '\0';
    if (n > OKR_MAX_STRING_BYTES) {
        okr_diag *d = okr_diag_report(p->diags, OKR007, span,
                                      "string is %zu bytes long; the limit is %d", n,
                                      OKR_MAX_STRING_BYTES);
        okr_diag_help(p->diags, d, "shorten the text; a title or statement is one sentence");
    }
    val->string.text = out;
    val->string.span = span;
    return STRING;
}

int okr_lexer_number(okr_parser *p, const char *text, size_t len, YYSTYPE *val,
                     const YYLTYPE *loc)
{
    okr_span span = span_of(p, loc);
    size_t digits_end = 0;
    while (digits_end < len && (text[digits_end] == '.' || (text[digits_end] >= '0' && text[digits_end] <= '9')))
        digits_end++;
    /* Count significant digits: a double holds 15 exactly. */
    size_t significant = 0;
    int leading = 1;
    for (size_t i = 0; i < digits_end; i++) {
        if (text[i] == '.')
            continue;
        if (leading && text[i] == '0')
            continue;
        leading = 0;
        significant++;
    }
    /* strtod needs the digits alone, NUL-terminated: copy them to the
     * stack (a number is short), or to the arena in the rare case it isn't. */
    char small[64];
    char *digits = small;
    if (digits_end < sizeof small) {
        memcpy(small, text, digits_end);
        small[digits_end] = '\0';
    } else {
        digits = okr_arena_strndup(p->arena, text, digits_end);
    }
    errno = 0;
    double v = strtod(digits, NULL);
    val->quantity.span = span;
    val->quantity.sign = 0;
    val->quantity.value = v;
    if (significant > 15 || errno == ERANGE || !isfinite(v) || v > 1e15) {
        okr_parser_lex_damage(p, loc->start);
        okr_diag *d = okr_diag_report(p->diags, OKR005, span, "number '%.*s' is out of range",
                                      (int)(digits_end > 40 ? 40 : digits_end), text);
        okr_diag_help(p->diags, d,
                      "numbers have at most 15 significant digits and a magnitude below 1e15");
        val->quantity.value = 0;
    }
    if (digits_end < len) {
        val->quantity.unit = okr_arena_strndup(p->arena, text + digits_end, len - digits_end);
        val->quantity.unit_span = okr_parser_span(p, loc->start + (uint32_t)digits_end, loc->end);
    } else {
        val->quantity.unit = NULL;
        val->quantity.unit_span = okr_parser_span(p, loc->end, loc->end);
    }
    return QUANTITY;
}

int okr_lexer_word(okr_parser *p, const char *text, size_t len, YYSTYPE *val,
                   const YYLTYPE *loc)
{
    const okr_keyword *kw = okr_keyword_find(text, len);
    val->name.span = span_of(p, loc);
    if (kw) {
        val->name.text = kw->spelling;
        return keyword_code[kw - keyword_table];
    }
    if (len > OKR_MAX_IDENT_BYTES) {
        okr_diag *d = okr_diag_report(p->diags, OKR007, val->name.span,
                                      "identifier is %zu bytes long; the limit is %d", len,
                                      OKR_MAX_IDENT_BYTES);
        okr_diag_help(p->diags, d, "use a shorter name; put the long form in the quoted title");
    }
    val->name.text = okr_arena_strndup(p->arena, text, len);
    return IDENT;
}

void okr_lexer_comment(okr_parser *p, const char *text, size_t len, const YYLTYPE *loc)
{
    if (!p->comments)
        return;
    okr_comment *c = okr_arena_alloc(p->arena, sizeof *c);
    c->text = okr_arena_strndup(p->arena, text + 2, len - 2);
    c->span = span_of(p, loc);
    c->own_line = 1;
    for (uint32_t i = p->line_start; i < loc->start; i++) {
        char ch = p->text[i];
        if (ch != ' ' && ch != '\t' && ch != '\r' && ch != '\f' && ch != '\v') {
            c->own_line = 0;
            break;
        }
    }
    okr_vec_push(p->arena, p->comments, c);
}

void okr_lexer_invalid(okr_parser *p, const char *text, size_t len, const YYLTYPE *loc)
{
    okr_span span = span_of(p, loc);
    okr_diag *d;
    /* One report per line: `# a comment's words` or `'#'` is one mistake. */
    int again = p->lex_damaged && loc->start >= p->lex_damage_at &&
                !memchr(p->text + p->lex_damage_at, '\n', loc->start - p->lex_damage_at);
    okr_parser_lex_damage(p, loc->start);
    if (again)
        return;
    if (len == 1 && (unsigned char)text[0] < 0x20)
        d = okr_diag_report(p->diags, OKR001, span, "invalid control character U+%04X",
                            (unsigned char)text[0]);
    else
        d = okr_diag_report(p->diags, OKR001, span, text[0] == '\'' ? "invalid character \"%.*s\"" : "invalid character '%.*s'",
                            (int)len, text);
    if (len > 1)
        okr_diag_help(p->diags, d, "names are ASCII letters, digits and '_'; "
                                   "put other text in a quoted string");
    else if (text[0] == '#' || text[0] == ';')
        okr_diag_help(p->diags, d, "comments start with '//'");
    else if (text[0] == '\'')
        okr_diag_help(p->diags, d, "strings are written in double quotes");
    else
        okr_diag_help(p->diags, d, "remove it, or put the text in a quoted string");
}
