/* lexer.c: the keyword table, and token values for the flex rules in
 * okr.l; see scanner.h and lexer.h.
 *
 * The keyword table is generated from keywords.def twice over: once with
 * the token API's kinds (public, in lexer.h) and once, in the same order,
 * with bison's token codes, which the scanner returns to the parser. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
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

/* The index in keyword_table of the keyword spelled by the len bytes at
 * text, or -1: a switch on the length and the first byte generated from
 * keywords.def (tools/gen_keywords.awk). The scanner looks up every word of
 * every file; a binary search took two to six strncmp calls a word. */
static int keyword_index(const char *text, size_t len)
{
#include "keyword_switch.h"
}

const okr_keyword *okr_keyword_find(const char *text, size_t len)
{
    int i = keyword_index(text, len);
    return i < 0 ? NULL : &keyword_table[i];
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

/* --- Strings and comments found by hand ------------------------------------
 *
 * okr.l matches only a string's opening quote and a comment's `//`; these
 * find where the token ends, by the patterns okr.l's comments give, and the
 * rule takes the rest of the token. A string's body is 40% of the bytes of
 * the 100k corpus; flex's table walk takes several cycles a byte, a
 * word-at-a-time search for the few bytes that end one a fraction of that. */

/* Whether one of the 8 bytes of w is c. (v - ones) & ~v & highs is nonzero
 * exactly when v has a zero byte. */
static inline uint64_t has_byte(uint64_t w, unsigned char c)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    uint64_t v = w ^ (ones * c);
    return (v - ones) & ~v & highs;
}

static inline uint64_t load_word(const char *s)
{
    uint64_t w;
    memcpy(&w, s, sizeof w);
    return w;
}

/* The length of the line's rest at s (avail bytes): up to the first CR or
 * LF, or all of it. */
static size_t line_rest(const char *s, size_t avail)
{
    size_t i = 0;
    while (i + 8 <= avail) {
        uint64_t w = load_word(s + i);
        if (has_byte(w, '\n') | has_byte(w, '\r'))
            break;
        i += 8;
    }
    while (i < avail && s[i] != '\n' && s[i] != '\r')
        i++;
    return i;
}

size_t okr_lexer_comment_len(const char *text, size_t avail)
{
    return 2 + line_rest(text + 2, avail - 2);
}

static inline int ends_string_run(char c)
{
    return c == '"' || c == '\\' || c == '\n' || c == '\r';
}

size_t okr_lexer_string_len(const char *text, size_t avail, int *terminated)
{
    size_t i = 1;
    for (;;) {
        while (i + 8 <= avail) {
            uint64_t w = load_word(text + i);
            if (has_byte(w, '"') | has_byte(w, '\\') | has_byte(w, '\n') | has_byte(w, '\r'))
                break;
            i += 8;
        }
        while (i < avail && !ends_string_run(text[i]))
            i++;
        if (i >= avail) {
            *terminated = 0;
            return avail;
        }
        if (text[i] == '"') {
            *terminated = 1;
            return i + 1;
        }
        if (text[i] != '\\') {
            *terminated = 0; /* the line ends first */
            return i;
        }
        if (i + 1 == avail || text[i + 1] == '\n' || text[i + 1] == '\r') {
            *terminated = 0; /* a backslash is the string's last byte */
            return i + 1;
        }
        i += 2; /* an escaped character */
    }
}

/* A name's or unit's text: interned where the scan interns
 * (okr_parser_words), else copied. */
static const char *intern(okr_parser *p, const char *text, size_t len)
{
    okr_textset *words = okr_parser_words(p);
    return words ? okr_textset_intern(words, text, len) : okr_arena_strndup(p->arena, text, len);
}

/* A unit's length in bytes, cut to what okr_quantity holds (ast.h). */
static uint16_t unit_len(size_t len)
{
    return len > UINT16_MAX ? UINT16_MAX : (uint16_t)len;
}

static okr_span span_of(const okr_parser *p, const YYLTYPE *loc)
{
    return okr_parser_span(p, loc->start, loc->end);
}

/* Unescape: \n and \t stand for newline and tab; any other escaped
 * character (\" and \\ above all) stands for itself. */
static const char *unescape(okr_parser *p, const char *body, size_t len, size_t *n)
{
    char *out = okr_arena_alloc_bytes(p->arena, len + 1);
    size_t k = 0;
    for (size_t i = 0; i < len; i++) {
        char c = body[i];
        if (c == '\\' && i + 1 < len) {
            char e = body[++i];
            c = e == 'n' ? '\n' : e == 't' ? '\t' : e;
        }
        out[k++] = c;
    }
    out[k] = '\0';
    *n = k;
    return out;
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
    size_t body = len - 1 - (terminated ? 1 : 0), n = body;
    const char *out;
    if (!memchr(text + 1, '\\', body)) {
        /* Without escapes the text is the bytes between the quotes, shared
         * through the cache of recent strings (textset.h): the 100k corpus
         * writes 355 thousand strings (16 MB) with 53 thousand texts
         * (2.8 MB), its owners and many of its titles again and again. */
        okr_textcache *texts = okr_parser_texts(p);
        out = texts ? okr_textcache_get(texts, text + 1, body) : okr_arena_strndup(p->arena, text + 1, body);
    } else {
        out = unescape(p, text + 1, body, &n);
    }
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

/* The value of digits with at most one '.' and at most 15 significant
 * digits (the caller counted them), without strtod: the digits as an
 * integer m below 10^15 < 2^53 and the fraction's length k, then m / 10^k.
 * m and 10^k (k <= 22) are exact doubles and IEEE division rounds the
 * exact quotient correctly, so the result is strtod's to the bit (Clinger's
 * fast path). Returns 0 for any other text (two points, a long fraction):
 * strtod reads those. strtod was 1% of a check of the 100k corpus. */
static int exact_decimal(const char *text, size_t len, double *out)
{
    static const double powers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                    1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                    1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    uint64_t m = 0;
    size_t point = len;
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '.') {
            if (point != len)
                return 0;
            point = i;
            continue;
        }
        m = m * 10 + (uint64_t)(text[i] - '0');
    }
    size_t k = point == len ? 0 : len - point - 1;
    if (k >= sizeof powers / sizeof powers[0])
        return 0;
    *out = (double)m / powers[k];
    return 1;
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
    double v;
    int out_of_range = 0;
    if (significant > 15 || !exact_decimal(text, digits_end, &v)) {
        /* strtod needs the digits alone, NUL-terminated: copy them to the
         * stack (a number is short), or to the arena in the rare case it
         * isn't. */
        char small[64];
        char *digits = small;
        if (digits_end < sizeof small) {
            memcpy(small, text, digits_end);
            small[digits_end] = '\0';
        } else {
            digits = okr_arena_strndup(p->arena, text, digits_end);
        }
        errno = 0;
        v = strtod(digits, NULL);
        out_of_range = errno == ERANGE;
    }
    val->quantity.span = span;
    val->quantity.sign = 0;
    val->quantity.value = v;
    if (significant > 15 || out_of_range || !isfinite(v) || v > 1e15) {
        okr_parser_lex_damage(p, loc->start);
        okr_diag *d = okr_diag_report(p->diags, OKR005, span, "number '%.*s' is out of range",
                                      (int)(digits_end > 40 ? 40 : digits_end), text);
        okr_diag_help(p->diags, d,
                      "numbers have at most 15 significant digits and a magnitude below 1e15");
        val->quantity.value = 0;
    }
    if (digits_end < len) {
        val->quantity.unit = intern(p, text + digits_end, len - digits_end);
        val->quantity.unit_len = unit_len(len - digits_end);
    } else {
        val->quantity.unit = NULL;
        val->quantity.unit_len = 0;
    }
    return QUANTITY;
}

int okr_lexer_word(okr_parser *p, const char *text, size_t len, YYSTYPE *val,
                   const YYLTYPE *loc)
{
    int kw = keyword_index(text, len);
    val->name.span = span_of(p, loc);
    if (kw >= 0) {
        val->name.text = keyword_table[kw].spelling;
        return keyword_code[kw];
    }
    if (len > OKR_MAX_IDENT_BYTES) {
        okr_diag *d = okr_diag_report(p->diags, OKR007, val->name.span,
                                      "identifier is %zu bytes long; the limit is %d", len,
                                      OKR_MAX_IDENT_BYTES);
        okr_diag_help(p->diags, d, "use a shorter name; put the long form in the quoted title");
    }
    val->name.text = intern(p, text, len);
    return IDENT;
}

/* Whether TEXT[0..len) holds MARK (no NUL in it: validate_text). By hand:
 * memmem is a GNU extension and the build is POSIX. */
static int holds(const char *text, size_t len, const char *mark)
{
    size_t n = strlen(mark);
    for (size_t i = 0; i + n <= len; i++)
        if (text[i] == mark[0] && memcmp(text + i, mark, n) == 0)
            return 1;
    return 0;
}

void okr_lexer_comment(okr_parser *p, const char *text, size_t len, const YYLTYPE *loc)
{
    if (!p->comments || (p->suppressions_only && !holds(text + 2, len - 2, OKR_SUPPRESS_MARK)))
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
    if (p->comments_on_heap)
        okr_vec_push_heap(p->comments, c);
    else
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

/* --- Common lexical mistakes (spec.md, "Syntax errors and recovery") -------
 *
 * Forms the language does not have but users write: `1,800,000`, `$9000`,
 * `.2`, `62 days`, `2026Q3`. Each is read as the token the user meant, with
 * one diagnostic saying what to write and, when the repair has one right
 * answer, a machine-applicable fix. The token is marked as a lexical error
 * (okr_parser_lex_damage), so the line gets no second syntax error and the
 * checker does not repeat the mistake. */

static int quarter_meant(okr_parser *p, const char *text, size_t len, const char *year, char quarter,
                         YYSTYPE *val, const YYLTYPE *loc);

/* The digits of TEXT[0..len) without ',' separators, in the arena. */
static char *strip_commas(okr_parser *p, const char *text, size_t len)
{
    char *out = okr_arena_alloc(p->arena, len + 1);
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (text[i] != ',')
            out[n++] = text[i];
    out[n] = '\0';
    return out;
}

/* Length of the digits, commas and fraction at the start of TEXT. */
static size_t numeral_len(const char *text, size_t len)
{
    size_t i = 0;
    while (i < len && ((text[i] >= '0' && text[i] <= '9') || text[i] == ',' || text[i] == '.'))
        i++;
    return i;
}

/* Whether the commas of TEXT[0..len) group thousands: 1 to 3 digits, then
 * groups of exactly 3 up to the end or the fraction point. */
static int thousands_shape(const char *text, size_t len)
{
    size_t i = 0, group = 0;
    while (i < len && text[i] != ',' && text[i] != '.')
        i++, group++;
    if (group < 1 || group > 3)
        return 0;
    while (i < len && text[i] == ',') {
        group = 0;
        for (i++; i < len && text[i] >= '0' && text[i] <= '9'; i++)
            group++;
        if (group != 3)
            return 0;
    }
    return 1;
}

/* The number token the user meant: TEXT[skip..len) read as a number after
 * the numeral's commas are removed, with the token's span and unit span in
 * the source. */
static int meant_number(okr_parser *p, const char *text, size_t len, size_t skip, YYSTYPE *val,
                        const YYLTYPE *loc)
{
    size_t numeral = numeral_len(text + skip, len - skip);
    char *digits = strip_commas(p, text + skip, numeral);
    size_t dlen = strlen(digits);
    char *clean = okr_arena_alloc(p->arena, dlen + (len - skip - numeral) + 1);
    memcpy(clean, digits, dlen);
    memcpy(clean + dlen, text + skip + numeral, len - skip - numeral);
    clean[dlen + (len - skip - numeral)] = '\0';
    YYLTYPE inner = {loc->start + (uint32_t)skip, loc->end};
    int token = okr_lexer_number(p, clean, strlen(clean), val, &inner);
    val->quantity.span = span_of(p, loc);
    if (val->quantity.unit)
        val->quantity.unit_len = unit_len(loc->end - loc->start - (skip + numeral));
    else
        val->quantity.unit_len = 0;
    return token;
}

int okr_lexer_separated(okr_parser *p, const char *text, size_t len, YYSTYPE *val, const YYLTYPE *loc)
{
    size_t numeral = numeral_len(text, len);
    okr_span span = okr_parser_span(p, loc->start, loc->start + (uint32_t)numeral);
    okr_parser_lex_damage(p, loc->start);
    const char *comma = memchr(text, ',', numeral);
    int thousands = thousands_shape(text, numeral);
    const char *digits = strip_commas(p, text, numeral);
    okr_diag *d;
    if (thousands || memchr(comma + 1, ',', numeral - (size_t)(comma + 1 - text))) {
        d = okr_diag_report(p->diags, OKR004, span, "number '%.*s' has thousands separators",
                            (int)numeral, text);
        okr_diag_help(p->diags, d, "write `%s`: numbers have no separators", digits);
        okr_fix *f = okr_diag_fix(p->diags, d, thousands, "remove the separators");
        okr_fix_link_help(f, d);
        okr_fix_edit(p->diags, f, span, digits);
        return meant_number(p, text, len, 0, val, loc);
    }
    /* One comma not followed by three digits: a decimal comma (`1,5`). */
    char *decimal = okr_arena_strndup(p->arena, text, numeral);
    decimal[comma - text] = '.';
    d = okr_diag_report(p->diags, OKR004, span, "number '%.*s' has a comma", (int)numeral, text);
    okr_diag_help(p->diags, d, "write `%s`: the decimal point is '.' and numbers have no separators",
                  decimal);
    okr_fix *f = okr_diag_fix(p->diags, d, 0, "write the decimal point as '.'");
    okr_fix_link_help(f, d);
    okr_fix_edit(p->diags, f, span, decimal);
    char *meant = okr_arena_strndup(p->arena, text, len);
    meant[comma - text] = '.';
    return meant_number(p, meant, len, 0, val, loc);
}

int okr_lexer_currency(okr_parser *p, const char *text, size_t len, YYSTYPE *val, const YYLTYPE *loc)
{
    size_t sign = text[0] == '$' ? 1 : (unsigned char)text[0] == 0xC2 ? 2 : 3; /* $, £, € */
    const char *symbol = sign == 1 ? "$" : sign == 2 ? "\xC2\xA3" : "\xE2\x82\xAC";
    const char *currency = sign == 1 ? "USD" : sign == 2 ? "GBP" : "EUR";
    size_t numeral = numeral_len(text + sign, len - sign);
    const char *digits = strip_commas(p, text + sign, numeral);
    okr_span sign_span = okr_parser_span(p, loc->start, loc->start + (uint32_t)sign);
    okr_parser_lex_damage(p, loc->start);
    okr_diag *d = okr_diag_report(p->diags, OKR004, sign_span, "currency sign '%s' before a number",
                                  symbol);
    okr_diag_help(p->diags, d, "write `%s` on a `money(%s)` metric: the metric's type gives the currency",
                  digits, currency);
    /* Separators too (`$1,800,000`): the one edit removes both, and stays
     * machine-applicable only when they group thousands. */
    int thousands = !memchr(text + sign, ',', numeral) || thousands_shape(text + sign, numeral);
    okr_fix *f = okr_diag_fix(p->diags, d, thousands, "remove '%s'", symbol);
    okr_fix_link_help(f, d);
    okr_fix_edit(p->diags, f, okr_parser_span(p, loc->start, loc->start + (uint32_t)(sign + numeral)),
                 digits);
    return meant_number(p, text, len, sign, val, loc);
}

int okr_lexer_leading_dot(okr_parser *p, const char *text, size_t len, YYSTYPE *val, const YYLTYPE *loc)
{
    size_t numeral = numeral_len(text, len);
    okr_parser_lex_damage(p, loc->start);
    okr_diag *d = okr_diag_report(p->diags, OKR004,
                                  okr_parser_span(p, loc->start, loc->start + (uint32_t)numeral),
                                  "number '%.*s' has no digit before the point", (int)numeral, text);
    okr_diag_help(p->diags, d, "write `0%.*s`", (int)numeral, text);
    okr_fix *f = okr_diag_fix(p->diags, d, 1, "insert '0' before the point");
    okr_fix_link_help(f, d);
    okr_fix_edit(p->diags, f, okr_parser_span(p, loc->start, loc->start), "0");
    char *meant = okr_arena_printf(p->arena, "0%.*s", (int)len, text);
    YYLTYPE inner = *loc;
    int token = okr_lexer_number(p, meant, len + 1, val, &inner);
    val->quantity.span = span_of(p, loc);
    if (val->quantity.unit)
        val->quantity.unit_len = unit_len(loc->end - loc->start - numeral);
    else
        val->quantity.unit_len = 0;
    return token;
}

/* Words written after a number for a unit suffix, and the suffix each one
 * means; a NULL suffix is a word with no single suffix (months: no such
 * unit; m: minutes or months). Sorted by word. */
static const struct unit_word { const char *word, *suffix; } unit_words[] = {
    {"%", "%"}, {"d", "d"}, {"day", "d"}, {"days", "d"}, {"h", "h"}, {"hour", "h"}, {"hours", "h"},
    {"hr", "h"}, {"hrs", "h"}, {"m", NULL}, {"millisecond", "ms"}, {"milliseconds", "ms"}, {"min", "min"},
    {"mins", "min"}, {"minute", "min"}, {"minutes", "min"}, {"month", NULL}, {"months", NULL},
    {"ms", "ms"}, {"percent", "%"}, {"pp", "pp"}, {"s", "s"}, {"sec", "s"}, {"second", "s"},
    {"seconds", "s"}, {"secs", "s"}, {"w", "w"}, {"week", "w"}, {"weeks", "w"}, {"wk", "w"},
    {"wks", "w"}, {"year", NULL}, {"years", NULL},
};

static const struct unit_word *find_unit_word(const char *word, size_t len)
{
    /* The first byte first: the word after most numbers is `to` or
     * another keyword, no unit word. */
    for (size_t i = 0; i < sizeof unit_words / sizeof unit_words[0]; i++)
        if (unit_words[i].word[0] == word[0] && strlen(unit_words[i].word) == len &&
            memcmp(unit_words[i].word, word, len) == 0)
            return &unit_words[i];
    return NULL;
}

static int is_currency_shape(const char *word, size_t len)
{
    return len == 3 && word[0] >= 'A' && word[0] <= 'Z' && word[1] >= 'A' && word[1] <= 'Z' &&
           word[2] >= 'A' && word[2] <= 'Z';
}

int okr_lexer_spaced_unit(okr_parser *p, const char *text, size_t len, YYSTYPE *val, const YYLTYPE *loc)
{
    size_t numeral = numeral_len(text, len), word = numeral;
    while (text[word] == ' ' || text[word] == '\t')
        word++;
    /* `2026 Q3`: a quarter with a space for its '-'. */
    if (numeral == 4 && word + 2 == len && (text[word] == 'Q' || text[word] == 'q') && text[word + 1] >= '1' &&
        text[word + 1] <= '4' && strspn(text, "0123456789") == 4)
        return quarter_meant(p, text, len, text, text[word + 1], val, loc);
    const struct unit_word *u = find_unit_word(text + word, len - word);
    int currency = !u && is_currency_shape(text + word, len - word);
    if (!u && !currency)
        return 0; /* `from 1 to 2`: the word is the next token */
    const char *suffix = currency ? okr_arena_strndup(p->arena, text + word, 3) : u->suffix;
    okr_span word_span = okr_parser_span(p, loc->start + (uint32_t)word, loc->end);
    okr_parser_lex_damage(p, loc->start + (uint32_t)word);
    okr_diag *d;
    if (!suffix) {
        /* No single suffix: keep the number, give the word back; the
         * syntax error it causes on this line is this one. */
        d = okr_diag_report(p->diags, OKR004, word_span, "'%.*s' after a number is not a unit",
                            (int)(len - word), text + word);
        okr_diag_help(p->diags, d, "durations are written with a suffix attached to the number: "
                                   "ms, s, min, h, d or w, as in `%.*sd`", (int)numeral, text);
        return 0;
    }
    /* `5 %` was an invalid character before units could be spaced, and
     * stays OKR001; a spaced word is a syntax error. */
    d = okr_diag_report(p->diags, text[word] == '%' ? OKR001 : OKR004, word_span,
                        "unit '%.*s' is separated from its number", (int)(len - word), text + word);
    okr_diag_help(p->diags, d, "write `%.*s%s`: a unit suffix follows the number without a space",
                  (int)numeral, text, suffix);
    /* Three capitals are a currency code only if the checker knows it
     * (`5 KPI` is not): offered, not applied. */
    okr_fix *f = okr_diag_fix(p->diags, d, !currency, "attach the unit to its number");
    okr_fix_link_help(f, d);
    okr_fix_edit(p->diags, f, okr_parser_span(p, loc->start + (uint32_t)numeral, loc->end), suffix);
    char *meant = okr_arena_printf(p->arena, "%.*s%s", (int)numeral, text, suffix);
    int token = okr_lexer_number(p, meant, strlen(meant), val, loc);
    val->quantity.unit_len = unit_len(loc->end - loc->start - word); /* ends where the number does */
    return token;
}

/* A quarter written another way (TEXT[0..len), the year at YEAR and the
 * quarter's digit at QUARTER): the QUARTER token meant, with OKR010 and the
 * fix that rewrites it. */
static int quarter_meant(okr_parser *p, const char *text, size_t len, const char *year, char quarter,
                         YYSTYPE *val, const YYLTYPE *loc)
{
    okr_span span = span_of(p, loc);
    okr_parser_lex_damage(p, loc->start);
    char *meant = okr_arena_printf(p->arena, "%.4s-Q%c", year, quarter);
    okr_diag *d = okr_diag_report(p->diags, OKR010, span, "quarter written '%.*s'", (int)len, text);
    okr_diag_help(p->diags, d, "write `%s`: the year, '-', then Q1 to Q4", meant);
    okr_fix *f = okr_diag_fix(p->diags, d, 1, "rewrite as `%s`", meant);
    okr_fix_link_help(f, d);
    okr_fix_edit(p->diags, f, span, meant);
    val->quarter.year = atoi(year);
    val->quarter.quarter = quarter - '0';
    val->quarter.span = span;
    return QUARTER;
}

int okr_lexer_quarter_form(okr_parser *p, const char *text, size_t len, YYSTYPE *val, const YYLTYPE *loc)
{
    if (text[0] >= '0' && text[0] <= '9')
        return quarter_meant(p, text, len, text, text[5], val, loc); /* 2026Q3 */
    return quarter_meant(p, text, len, text + len - 4, text[1], val, loc); /* Q3-2026 */
}
