/* suggest.h: "did you mean" — the closest known name to a misspelled one.
 *
 * Used by every stage that reports an unknown name (metrics, objectives,
 * teams, modules, keywords, codes): the caller feeds the candidates it
 * knows, in a deterministic order, and asks for the best. Distance is the
 * optimal-string-alignment edit distance (insert, delete, substitute, swap
 * two neighbours), ignoring ASCII case; a candidate is offered only when the
 * distance is at most max(1, length/3) of the longer word, as rustc does, so
 * that unrelated short names are never suggested. Ties keep the first
 * candidate seen. Words longer than OKR_SUGGEST_MAX_LEN bytes get no
 * suggestion (the cost stays bounded on hostile input). */
#ifndef OKR_SUGGEST_H
#define OKR_SUGGEST_H

#include <stddef.h>

enum { OKR_SUGGEST_MAX_LEN = 64 };

typedef struct okr_suggester {
    const char *word;
    size_t word_len;
    const char *best;     /* NULL until a candidate is close enough */
    size_t best_distance;
} okr_suggester;

void okr_suggest_init(okr_suggester *s, const char *word);
/* Considers a candidate; one equal to the word (case included) is skipped. */
void okr_suggest_consider(okr_suggester *s, const char *candidate);
const char *okr_suggest_best(const okr_suggester *s);
/* The edit distance as above, or (size_t)-1 when either word is too long. */
size_t okr_suggest_distance(const char *a, const char *b);

#endif
