/* lexer.h: the token-building helpers the flex rules call, and the keyword
 * table from keywords.def.
 *
 * Kept out of okr.l so the rules read as a lexical grammar and the C that
 * unescapes strings and checks numbers can be unit-tested on its own. These
 * run inside the scanner; they record diagnostics but never print. */
#ifndef OKR_LEXER_H
#define OKR_LEXER_H

#include <stddef.h>

#include "parser_state.h"

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
    int token;
    okr_keyword_class klass;
} okr_keyword;

/* The table in keywords.def order (sorted by spelling). */
const okr_keyword *okr_keywords(size_t *count);
const okr_keyword *okr_keyword_find(const char *text, size_t len);
const char *okr_keyword_class_name(okr_keyword_class klass);

#ifdef YYSTYPE_IS_DECLARED
int okr_lexer_string(okr_parser *p, const char *text, size_t len, YYSTYPE *val,
                     const YYLTYPE *loc, int terminated);
int okr_lexer_number(okr_parser *p, const char *text, size_t len, YYSTYPE *val,
                     const YYLTYPE *loc);
int okr_lexer_word(okr_parser *p, const char *text, size_t len, YYSTYPE *val,
                   const YYLTYPE *loc);
void okr_lexer_comment(okr_parser *p, const char *text, size_t len, const YYLTYPE *loc);
void okr_lexer_invalid(okr_parser *p, const char *text, size_t len, const YYLTYPE *loc);
#endif
_Noreturn void okr_lexer_fatal(const char *msg);

/* Runs the scanner alone over a file and returns the number of tokens;
 * the benchmark's front-end floor and the lexer's unit tests use it.
 * If tokens is not NULL, up to max token codes are stored. */
size_t okr_lexer_count_tokens(okr_parser *p, int *tokens, size_t max);

#endif
