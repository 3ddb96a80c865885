/* hints.h: targeted help for the common syntax mistakes the parser sees
 * (spec.md, "Syntax errors and recovery"): a keyword written as a name
 * (`kr cycle :`) and a misspelled keyword (`objectiv`, `comitted`). The
 * scanner handles the lexical ones (lexer.c). Internal to parser/: okr.y
 * calls these from yylex and from its syntax-error report. */
#ifndef OKR_HINTS_H
#define OKR_HINTS_H

#include <stdint.h>

#include "parser_state.h"

/* TOKEN (bison's code) at START..END follows the last token read. When it
 * is a keyword standing where a name must (right after `kr`, `hypothesis`,
 * `metric`, `objective` or `team`, on the same line, with no other error
 * on the line; after `kr` and `hypothesis` only when ':' or a title
 * follows, since a key result may have no name), reports it once with a name to write instead and returns
 * 1: the caller reads it as that name. */
int okr_hint_keyword_as_name(okr_parser *p, int token, uint32_t start, uint32_t end);

/* The identifier at START..END, reported as D, stands where one of
 * KEYWORDS could: adds "did you mean" for the closest one and a fix that
 * replaces it, machine-applicable when only that keyword is close (every
 * other one is at least two edits farther). A
 * misspelled archetype or direction with one close keyword still counts
 * for the objective head or metric on its line. */
void okr_hint_misspelled(okr_parser *p, okr_diag *d, const char *const *keywords, int count, uint32_t start,
                         uint32_t end);

/* TOKEN at START..END is an identifier where only a keyword may stand,
 * and one such keyword is close to it: first on its line where a
 * declaration (at top level) or an objective item starts (`objectiv`,
 * `comitted`, `hypothesys`), or after an archetype (`committed objectiv`).
 * Reports it with "did you mean" and a machine-applicable fix, sets
 * *spelling and returns that keyword's code, which the caller reads
 * instead, so the declaration or key result is not lost. Returns 0
 * otherwise (after a token that takes a name, such as ':', the identifier
 * may be that name, written on the next line). */
int okr_hint_misspelled_start(okr_parser *p, int token, uint32_t start, uint32_t end, const char **spelling);

/* The archetype of a misspelled archetype keyword before the objective head
 * that starts at HEAD (its `objective` keyword), or OKR_ARCH_NONE; *span
 * is set to the misspelling. Clears the guess. */
okr_archetype okr_hint_take_archetype(okr_parser *p, uint32_t head, okr_span *span);

#endif
