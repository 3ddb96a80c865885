/* match.c: which objective and key result of the OLD program is which of
 * the NEW one (spec.md, "okrc diff", "Matching").
 *
 * Objectives pair by qualified name (team.objective) and cycle, then by
 * qualified name alone (the cycle changed), then, within one team, by the
 * similarity of their statements. Key results of a matched pair of
 * objectives pair by written name, then by text: a pair naming the same
 * metric needs a similarity of its titles of OKR_DIFF_SIMILAR_SAME_METRIC,
 * any other pair OKR_DIFF_SIMILAR. Pairs by text are taken best first, so
 * the result does not depend on declaration order.
 *
 * The similarity is the Sørensen-Dice coefficient of the character bigrams
 * of the two texts, lower-cased, with every run of characters that are not
 * letters or digits read as one space: it forgives reordered words and small
 * edits and needs no dictionary. Written by hand: it is twenty lines, and no
 * library okrc links has it. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"

enum { MAX_BIGRAMS = 512 };

/* The bigrams of a normalised text, as sorted 16-bit codes; returns the count. */
static size_t bigrams(const char *s, unsigned short *out)
{
    char norm[MAX_BIGRAMS + 2];
    size_t n = 0;
    int space = 1;
    for (; s && *s && n < MAX_BIGRAMS; s++) {
        unsigned char ch = (unsigned char)*s;
        if (isalnum(ch) || ch >= 0x80) {
            norm[n++] = (char)tolower(ch);
            space = 0;
        } else if (!space) {
            norm[n++] = ' ';
            space = 1;
        }
    }
    while (n > 0 && norm[n - 1] == ' ')
        n--;
    size_t count = 0;
    for (size_t i = 0; i + 1 < n; i++)
        out[count++] = (unsigned short)(((unsigned char)norm[i] << 8) | (unsigned char)norm[i + 1]);
    for (size_t i = 1; i < count; i++) { /* insertion sort: a few hundred at most */
        unsigned short v = out[i];
        size_t j = i;
        for (; j > 0 && out[j - 1] > v; j--)
            out[j] = out[j - 1];
        out[j] = v;
    }
    return count;
}

double okr_diff_similarity(const char *a, const char *b)
{
    unsigned short x[MAX_BIGRAMS], y[MAX_BIGRAMS];
    size_t nx = bigrams(a, x), ny = bigrams(b, y);
    if (nx + ny == 0)
        return a && b && a[0] && strcmp(a, b) == 0 ? 1.0 : 0.0; /* one letter each; nothing is no evidence */
    size_t i = 0, j = 0, common = 0;
    while (i < nx && j < ny) {
        if (x[i] == y[j]) {
            common++;
            i++;
            j++;
        } else if (x[i] < y[j]) {
            i++;
        } else {
            j++;
        }
    }
    return 2.0 * (double)common / (double)(nx + ny);
}

static const char *team_of(const okr_objective *o)
{
    return o->team && o->team->name.text ? o->team->name.text : "";
}

static const char *cycle_of(const okr_objective *o)
{
    return o->cycle && o->cycle->label ? o->cycle->label : "";
}

static int same(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* A candidate pair by text, for the best-first pass. */
typedef struct candidate {
    size_t old_index, new_index;
    double score;
} candidate;

static int by_score(const void *a, const void *b)
{
    const candidate *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    if (x->new_index != y->new_index)
        return x->new_index < y->new_index ? -1 : 1;
    return x->old_index < y->old_index ? -1 : x->old_index > y->old_index;
}

/* Pairs what the name passes left, best candidate first; `match[new]` is
 * the OLD index + 1, `taken[old]` is set. */
static void pair_best_first(candidate *cands, size_t n, size_t *match, unsigned char *taken, unsigned char *by_text)
{
    qsort(cands, n, sizeof *cands, by_score);
    for (size_t k = 0; k < n; k++) {
        if (match[cands[k].new_index] || taken[cands[k].old_index])
            continue;
        match[cands[k].new_index] = cands[k].old_index + 1;
        taken[cands[k].old_index] = 1;
        by_text[cands[k].new_index] = 1;
    }
}

/* Emits the pairs: NEW order (matched or added), then the OLD items left. */
static void emit(okr_arena *arena, const okr_vec *olds, const okr_vec *news, const size_t *match,
                 const unsigned char *taken, const unsigned char *by_text, okr_vec *pairs)
{
    for (size_t j = 0; j < news->len; j++) {
        okr_diff_pair *p = okr_arena_alloc(arena, sizeof *p);
        p->new_item = news->items[j];
        p->old_item = match[j] ? olds->items[match[j] - 1] : NULL;
        p->by_similarity = by_text[j];
        okr_vec_push(arena, pairs, p);
    }
    for (size_t i = 0; i < olds->len; i++) {
        if (taken[i])
            continue;
        okr_diff_pair *p = okr_arena_alloc(arena, sizeof *p);
        p->old_item = olds->items[i];
        okr_vec_push(arena, pairs, p);
    }
}

/* The checked objectives of a program (not those of context files). */
static void checked_objectives(okr_arena *arena, const okr_program *prog, okr_vec *out)
{
    for (size_t i = 0; i < prog->objectives.len; i++) {
        const okr_objective *o = prog->objectives.items[i];
        if (o->name.text)
            okr_vec_push(arena, out, (void *)o);
    }
}

void okr_diff_match_objectives(okr_arena *arena, const okr_program *old_prog, const okr_program *new_prog,
                               okr_vec *pairs)
{
    okr_vec olds = {0}, news = {0};
    checked_objectives(arena, old_prog, &olds);
    checked_objectives(arena, new_prog, &news);
    size_t *match = okr_arena_alloc(arena, (news.len + 1) * sizeof *match);
    unsigned char *taken = okr_arena_alloc(arena, olds.len + 1);
    unsigned char *by_text = okr_arena_alloc(arena, news.len + 1);
    /* By qualified name: first with the same cycle, then with any. Names
     * are keyed "team.name" and "team.name@cycle" in a map of OLD indexes. */
    okr_strmap exact, named;
    okr_strmap_init(&exact, arena);
    okr_strmap_init(&named, arena);
    for (size_t i = olds.len; i-- > 0;) { /* backwards: the first declaration wins */
        const okr_objective *o = olds.items[i];
        okr_strmap_put(&exact, okr_arena_printf(arena, "%s.%s@%s", team_of(o), o->name.text, cycle_of(o)),
                       (void *)(i + 1));
    }
    for (int pass = 0; pass < 2; pass++) {
        for (size_t j = 0; j < news.len; j++) {
            const okr_objective *o = news.items[j];
            if (match[j])
                continue;
            const char *key = pass == 0 ? okr_arena_printf(arena, "%s.%s@%s", team_of(o), o->name.text, cycle_of(o))
                                        : okr_arena_printf(arena, "%s.%s", team_of(o), o->name.text);
            size_t i = (size_t)okr_strmap_get(pass == 0 ? &exact : &named, key);
            if (i && !taken[i - 1]) {
                match[j] = i;
                taken[i - 1] = 1;
            }
        }
        if (pass == 0) {
            for (size_t i = olds.len; i-- > 0;) {
                const okr_objective *o = olds.items[i];
                if (!taken[i])
                    okr_strmap_put(&named, okr_arena_printf(arena, "%s.%s", team_of(o), o->name.text),
                                   (void *)(i + 1));
            }
        }
    }
    /* By statement, within a team. */
    okr_vec cands = {0};
    for (size_t j = 0; j < news.len; j++) {
        const okr_objective *n = news.items[j];
        for (size_t i = 0; !match[j] && i < olds.len; i++) {
            const okr_objective *o = olds.items[i];
            if (taken[i] || strcmp(team_of(o), team_of(n)) != 0)
                continue;
            double s = okr_diff_similarity(o->statement.text, n->statement.text);
            if (s < OKR_DIFF_SIMILAR)
                continue;
            candidate *c = okr_arena_alloc(arena, sizeof *c);
            *c = (candidate){i, j, s};
            okr_vec_push(arena, &cands, c);
        }
    }
    size_t ncand = cands.len;
    candidate *list = okr_arena_alloc(arena, (ncand + 1) * sizeof *list);
    for (size_t k = 0; k < ncand; k++)
        list[k] = *(candidate *)cands.items[k];
    pair_best_first(list, ncand, match, taken, by_text);
    emit(arena, &olds, &news, match, taken, by_text, pairs);
}

/* A key result's text for matching: its title, else its metric. */
static const char *kr_text(const okr_kr *k)
{
    if (k->title.text)
        return k->title.text;
    return k->metric ? k->metric->text : "";
}

static const char *kr_metric(const okr_kr *k)
{
    if (k->metric_decl)
        return k->metric_decl->name.text; /* resolved, with owner_name beside it */
    return k->metric ? k->metric->text : NULL;
}

void okr_diff_match_krs(okr_arena *arena, const okr_objective *old_obj, const okr_objective *new_obj,
                        okr_vec *pairs)
{
    const okr_vec old_krs = {old_obj->krs.items, old_obj->krs.len, old_obj->krs.len};
    const okr_vec new_krs = {new_obj->krs.items, new_obj->krs.len, new_obj->krs.len};
    const okr_vec *olds = &old_krs, *news = &new_krs;
    size_t *match = okr_arena_alloc(arena, (news->len + 1) * sizeof *match);
    unsigned char *taken = okr_arena_alloc(arena, olds->len + 1);
    unsigned char *by_text = okr_arena_alloc(arena, news->len + 1);
    for (size_t j = 0; j < news->len; j++) {
        const okr_kr *n = news->items[j];
        for (size_t i = 0; n->name.text && i < olds->len; i++) {
            const okr_kr *o = olds->items[i];
            if (!taken[i] && same(o->name.text, n->name.text)) {
                match[j] = i + 1;
                taken[i] = 1;
                break;
            }
        }
    }
    candidate *list = okr_arena_alloc(arena, (olds->len * news->len + 1) * sizeof *list);
    size_t ncand = 0;
    for (size_t j = 0; j < news->len; j++) {
        const okr_kr *n = news->items[j];
        for (size_t i = 0; !match[j] && i < olds->len; i++) {
            const okr_kr *o = olds->items[i];
            if (taken[i])
                continue;
            /* Two written names that differ may still be a rename; a pair
             * on the same metric ranks above any pair that is not. */
            int same_metric = same(kr_metric(o), kr_metric(n)) &&
                              (!o->metric_decl || !n->metric_decl ||
                               same(o->metric_decl->owner_name, n->metric_decl->owner_name));
            double s = okr_diff_similarity(kr_text(o), kr_text(n));
            if (s < (same_metric ? OKR_DIFF_SIMILAR_SAME_METRIC : OKR_DIFF_SIMILAR))
                continue;
            list[ncand++] = (candidate){i, j, s + (same_metric ? 1.0 : 0.0)};
        }
    }
    pair_best_first(list, ncand, match, taken, by_text);
    emit(arena, olds, news, match, taken, by_text, pairs);
}
