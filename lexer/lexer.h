/* lexer.h: the token API: one source file as an array of tokens, and the
 * keyword table of keywords.def.
 *
 * This is the only way into the lexer for code outside lexer/ and parser/
 * (the formatter, the language server, tools): flex and bison stay private
 * to those two folders. A token is its kind and its span; its text is the
 * span's bytes in the source. Token kinds are this header's okr_token_kind,
 * not bison's token numbers, so users need none of the generated headers:
 * punctuation is the character itself ('{', ':', ...), every other kind is a
 * name below, and the keyword kinds are generated from keywords.def, so the
 * keyword list stays single.
 *
 * okr_lexer_scan() runs the same scanner, with the same token actions and
 * the same diagnostics, as the parser does; the parser pulls its tokens one
 * at a time from that scanner (lexer/scanner.h) rather than from this array,
 * so parsing needs no second pass and no per-token semantic values in
 * memory. */
#ifndef OKR_LEXER_H
#define OKR_LEXER_H

#include <stddef.h>
#include <stdint.h>

#include "../common/arena.h"
#include "../common/diag.h"
#include "../common/source.h"

/* The kinds of token: a punctuation token is its character (below 256). */
typedef enum okr_token_kind {
    OKR_TOKEN_END = 0,       /* not stored: the array's length ends it */
    OKR_TOKEN_IDENT = 256,   /* a name: letters, digits, '_' */
    OKR_TOKEN_STRING,        /* "...", also an unterminated one (OKR002) */
    OKR_TOKEN_NUMBER,        /* digits with an optional fraction and unit suffix */
    OKR_TOKEN_DATE,          /* 2026-07-01 */
    OKR_TOKEN_QUARTER,       /* 2026-Q3 */
    OKR_TOKEN_DOTDOT,        /* .. */
#define OKR_KEYWORD(token, spelling, klass) OKR_TOKEN_##token,
#include "keywords.def"
#undef OKR_KEYWORD
    OKR_TOKEN_KIND_END       /* one past the last kind */
} okr_token_kind;

static inline int okr_token_is_keyword(int kind)
{
    return kind > OKR_TOKEN_DOTDOT && kind < OKR_TOKEN_KIND_END;
}

typedef struct okr_token {
    int kind;      /* okr_token_kind, or the character of a punctuation token */
    okr_span span; /* the token's bytes in the source */
} okr_token;

typedef struct okr_token_list {
    okr_token *items; /* in the arena, in source order */
    size_t len;
} okr_token_list;

/* Lexes text (the bytes of source file `file`, whose id the spans carry)
 * into an array in the arena. The scanner's diagnostics (OKR001 invalid
 * character, OKR002 unterminated string, OKR005 number out of range, OKR007
 * identifier or string too long) go to diags as the parser would report
 * them. Comments are not tokens; when `comments` is not NULL each one is
 * appended to it as an okr_comment* (parser/ast.h), as the parser records
 * them. The text is not validated: okr_parse_file() rejects binary and
 * invalid UTF-8 files before scanning. */
okr_token_list okr_lexer_scan(okr_arena *arena, okr_diags *diags, uint32_t file, const char *text,
                              size_t len, okr_vec *comments);

/* Index of the first token that starts at or after `offset` (list->len when
 * none does). */
size_t okr_token_at(const okr_token_list *list, uint32_t offset);

/* The highlighting category of a keyword (spec.md, "Token classes"). */
typedef enum okr_keyword_class {
    OKR_KWCLASS_declaration,
    OKR_KWCLASS_archetype,
    OKR_KWCLASS_type,
    OKR_KWCLASS_direction,
    OKR_KWCLASS_target,
    OKR_KWCLASS_policy,
    OKR_KWCLASS_feed,
} okr_keyword_class;

typedef struct okr_keyword {
    const char *spelling;
    okr_token_kind kind;
    okr_keyword_class klass;
} okr_keyword;

/* The table in keywords.def order (sorted by spelling). */
const okr_keyword *okr_keywords(size_t *count);
const okr_keyword *okr_keyword_find(const char *text, size_t len);
const char *okr_keyword_class_name(okr_keyword_class klass);

#endif
