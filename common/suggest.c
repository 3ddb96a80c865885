/* suggest.c: edit distance and the closest candidate; see suggest.h.
 * Written by hand: the only library choice would be a whole fuzzy-search
 * package for a 30-line dynamic programme over two short words. */
#include "suggest.h"

#include <ctype.h>
#include <string.h>

static int same_letter(char a, char b)
{
    return tolower((unsigned char)a) == tolower((unsigned char)b);
}

size_t okr_suggest_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > OKR_SUGGEST_MAX_LEN || m > OKR_SUGGEST_MAX_LEN)
        return (size_t)-1;
    /* Three rows of the optimal-string-alignment table. */
    size_t rows[3][OKR_SUGGEST_MAX_LEN + 1];
    size_t *before = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= m; j++)
        prev[j] = j;
    for (size_t i = 1; i <= n; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= m; j++) {
            size_t cost = same_letter(a[i - 1], b[j - 1]) ? 0 : 1;
            size_t best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            if (prev[j - 1] + cost < best)
                best = prev[j - 1] + cost;
            if (i > 1 && j > 1 && same_letter(a[i - 1], b[j - 2]) && same_letter(a[i - 2], b[j - 1]) &&
                before[j - 2] + 1 < best)
                best = before[j - 2] + 1;
            cur[j] = best;
        }
        size_t *t = before;
        before = prev;
        prev = cur;
        cur = t;
    }
    return prev[m];
}

void okr_suggest_init(okr_suggester *s, const char *word)
{
    memset(s, 0, sizeof *s);
    s->word = word;
    s->word_len = strlen(word);
}

void okr_suggest_consider(okr_suggester *s, const char *candidate)
{
    if (!candidate || !*candidate || strcmp(candidate, s->word) == 0)
        return;
    size_t len = strlen(candidate);
    size_t longer = len > s->word_len ? len : s->word_len;
    size_t limit = longer / 3 > 1 ? longer / 3 : 1;
    size_t d = okr_suggest_distance(s->word, candidate);
    if (d == (size_t)-1 || d > limit)
        return;
    if (!s->best || d < s->best_distance) {
        s->best = candidate;
        s->best_distance = d;
    }
}

const char *okr_suggest_best(const okr_suggester *s)
{
    return s->best;
}
