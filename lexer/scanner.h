/* scanner.h: the flex scanner as lexer/ and parser/ see it (not for other
 * folders: they use the token API of lexer.h).
 *
 * Two layers. The token helpers are what the rules of okr.l call to build a
 * token's semantic value (unescape a string, convert a number, look a word up
 * in the keyword table, record a comment or a bad character); they are kept
 * out of okr.l so the rules read as a lexical grammar and the C can be unit
 * tested on its own. The stream functions wrap flex's reentrant interface:
 * okr_lexer_start() sets up a scanner over p->text, okr_lexer_next() returns
 * one token (bison's code, its value and location) and okr_lexer_stop()
 * frees the scanner. The parser's yylex and okr_lexer_scan() both call
 * okr_lexer_next(), so the parser and the token array see one scanner.
 *
 * Everything runs inside the scan: diagnostics are recorded in p->diags,
 * nothing is printed. Comments go to p->comments when it is not NULL. */
#ifndef OKR_SCANNER_H
#define OKR_SCANNER_H

#include <stddef.h>

#include "parser_state.h"
#include "okr.tab.h"
#include "lexer.h"

/* --- token helpers (called by the rules of okr.l) ---------------------- */

int okr_lexer_string(okr_parser *p, const char *text, size_t len, YYSTYPE *val,
                     const YYLTYPE *loc, int terminated);
int okr_lexer_number(okr_parser *p, const char *text, size_t len, YYSTYPE *val,
                     const YYLTYPE *loc);
int okr_lexer_word(okr_parser *p, const char *text, size_t len, YYSTYPE *val,
                   const YYLTYPE *loc);
/* Where a token that okr.l's rule matched by its first bytes ends, as the
 * token's length from text (a string's opening quote, a comment's "//");
 * avail is the number of bytes from text to the end of the input.
 * A string: `"` then characters other than '"', '\\', CR and LF, or a '\\'
 * and a character other than CR and LF; then the closing '"' (*terminated
 * is 1), or else it ends before the line's end or at the input's end (0),
 * with a last '\\' that escapes nothing. A comment: up to the line's end. */
size_t okr_lexer_string_len(const char *text, size_t avail, int *terminated);
size_t okr_lexer_comment_len(const char *text, size_t avail);
/* Common mistakes read as the token meant, each with one diagnostic and a
 * fix (lexer.c): `1,800,000`, `$9000`, `.2`, `62 days`, `2026Q3`.
 * okr_lexer_spaced_unit returns 0 when the word after the number is no
 * unit word: the rule then gives the word back and reads the number alone. */
int okr_lexer_separated(okr_parser *p, const char *text, size_t len, YYSTYPE *val, const YYLTYPE *loc);
int okr_lexer_currency(okr_parser *p, const char *text, size_t len, YYSTYPE *val, const YYLTYPE *loc);
int okr_lexer_leading_dot(okr_parser *p, const char *text, size_t len, YYSTYPE *val, const YYLTYPE *loc);
int okr_lexer_spaced_unit(okr_parser *p, const char *text, size_t len, YYSTYPE *val, const YYLTYPE *loc);
int okr_lexer_quarter_form(okr_parser *p, const char *text, size_t len, YYSTYPE *val, const YYLTYPE *loc);
void okr_lexer_comment(okr_parser *p, const char *text, size_t len, const YYLTYPE *loc);
void okr_lexer_invalid(okr_parser *p, const char *text, size_t len, const YYLTYPE *loc);
_Noreturn void okr_lexer_fatal(const char *msg);

/* --- the token stream --------------------------------------------------- */

/* Starts scanning p->text (p->len bytes) from offset 0; p->scanner holds
 * the flex state until okr_lexer_stop(). */
void okr_lexer_start(okr_parser *p);
/* The next token's bison code (0 at the end), value and location. */
int okr_lexer_next(okr_parser *p, YYSTYPE *value, YYLTYPE *loc);
void okr_lexer_stop(okr_parser *p);
/* Puts back the byte flex set to NUL past the last token (okr.l). */
void okr_lexer_release_hold(void *scanner);

/* The token API's kind (lexer.h) of a bison token code. */
int okr_lexer_kind(int code);

#endif
