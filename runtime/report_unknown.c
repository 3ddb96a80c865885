/* report_unknown.c: the part of the report model (report_internal.h) that
 * explains feed rows no metric received.
 *
 * The store remembers the names of rows that fed no series, with their
 * row counts (store.h). A report lists the names with the most rows first
 * (ties in the order the feeds first gave them), at most RPT_UNKNOWN_SHOWN
 * of them, and sums up the rest, so that a typo in an export or a metric
 * bound under another name is visible rather than a bare count. Each
 * listed name carries advice: for a bare name that several graded metrics
 * share, the names to write instead; otherwise the closest name that does
 * feed a metric, when one is close enough to be a likely typo. Built once
 * per report; every writer renders these rows. */
#include "report_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The name a metric's rows use: its `source`, else its qualified name. */
static const char *feed_name_of(const okr_series *s)
{
    return s->metric && s->metric->more->source.text ? s->metric->more->source.text : s->name;
}

/* "a", "a or b", "a, b or c" (with `last` as the final joiner); past 8
 * names, "a, ..., h and N more". Built once at its final length: the same
 * name may be declared by thousands of teams, and re-printing the growing
 * list per name would be quadratic. */
static const char *join_names(okr_arena *arena, okr_series *const *series, size_t n, const char *last)
{
    enum { SHOWN = 8 };
    size_t shown = n > SHOWN ? SHOWN : n, len = 0;
    char more[48] = "";
    if (n > SHOWN)
        snprintf(more, sizeof more, " and %zu more", n - SHOWN);
    for (size_t i = 0; i < shown; i++)
        len += strlen(feed_name_of(series[i])) + strlen(last) + 2;
    char *out = okr_arena_alloc(arena, len + strlen(more) + 1), *at = out;
    for (size_t i = 0; i < shown; i++) {
        const char *sep = i == 0 ? "" : i + 1 == n ? last : ", ";
        at += sprintf(at, "%s%s", sep, feed_name_of(series[i]));
    }
    strcpy(at, more);
    return out;
}

const char *rpt_shared_name_reason(okr_arena *arena, const okr_series *series)
{
    const okr_store_key *bare = series ? series->shared_bare : NULL;
    if (!bare || !bare->unstored_rows)
        return NULL;
    return okr_arena_printf(arena, "%zu feed %s name '%s', ambiguous between %s: write %s",
                            bare->unstored_rows, rpt_plural(bare->unstored_rows, "row", "rows"), bare->name,
                            join_names(arena, bare->sharing, bare->sharing_count, " and "), feed_name_of(series));
}

/* Edit distance (Levenshtein), ignoring case, or limit + 1 once it is
 * certain to exceed `limit`. Hand-written because no library okrc links
 * has one, and the need is small: names of at most a few hundred bytes,
 * compared with the few names that feed metrics, once per report. Two
 * rows of the usual table suffice. */
static size_t edit_distance(const char *a, const char *b, size_t limit)
{
    size_t la = strlen(a), lb = strlen(b);
    if ((la > lb ? la - lb : lb - la) > limit || lb > OKR_STORE_UNKNOWN_NAME_MAX)
        return limit + 1;
    size_t prev[OKR_STORE_UNKNOWN_NAME_MAX + 1], cur[OKR_STORE_UNKNOWN_NAME_MAX + 1];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        size_t best = cur[0];
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
            size_t v = prev[j - 1] + cost;
            if (prev[j] + 1 < v)
                v = prev[j] + 1;
            if (cur[j - 1] + 1 < v)
                v = cur[j - 1] + 1;
            cur[j] = v;
            if (v < best)
                best = v;
        }
        if (best > limit)
            return limit + 1;
        memcpy(prev, cur, (lb + 1) * sizeof *prev);
    }
    return prev[lb];
}

/* The name feeding a metric that `name` most likely meant, or NULL: within
 * two edits for names of six bytes or more, one for shorter ones down to
 * three, and only a difference of case below that. Ties go to the name
 * first in byte order, so the advice does not depend on hashing. */
static const char *closest_feed_name(const okr_store *store, const char *name)
{
    size_t len = strlen(name);
    size_t limit = len >= 6 ? 2 : len >= 3 ? 1 : 0;
    if (len > OKR_STORE_UNKNOWN_NAME_MAX)
        return NULL;
    const char *best = NULL;
    size_t best_d = limit + 1;
    for (size_t i = 0; i < store->keys.cap; i++) {
        const okr_store_key *k = store->keys.slots[i].key ? store->keys.slots[i].value : NULL;
        if (!k || !k->count)
            continue;
        size_t d = edit_distance(name, k->name, limit);
        if (d < best_d || (d == best_d && best && strcmp(k->name, best) < 0)) {
            best = k->name;
            best_d = d;
        }
    }
    return best_d <= limit ? best : NULL;
}

typedef struct ranked {
    const okr_store_key *key;
    size_t order;
} ranked;

static int by_rows(const void *pa, const void *pb)
{
    const ranked *a = pa, *b = pb;
    if (a->key->unstored_rows != b->key->unstored_rows)
        return a->key->unstored_rows > b->key->unstored_rows ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

static void name_build(okr_arena *arena, const okr_store *store, const okr_store_key *k, rpt_unknown_name *out)
{
    out->name = k->name;
    out->rows = k->unstored_rows;
    if (k->sharing_count) {
        const char **shared = okr_arena_alloc(arena, k->sharing_count * sizeof *shared);
        for (size_t i = 0; i < k->sharing_count; i++)
            shared[i] = feed_name_of(k->sharing[i]);
        out->shared = shared;
        out->shared_count = k->sharing_count;
        out->advice = okr_arena_printf(arena, "ambiguous: write %s",
                                       join_names(arena, k->sharing, k->sharing_count, " or "));
    } else if ((out->did_you_mean = closest_feed_name(store, k->name)) != NULL) {
        out->advice = okr_arena_printf(arena, "did you mean %s?", out->did_you_mean);
    }
    out->line = okr_arena_printf(arena, "%s: %zu %s%s%s", k->name, k->unstored_rows,
                                 rpt_plural(k->unstored_rows, "row", "rows"), out->advice ? "; " : "",
                                 out->advice ? out->advice : "");
}

void rpt_unknown_names_build(const okr_report_input *in, okr_arena *arena, rpt_unknown_names *out)
{
    memset(out, 0, sizeof *out);
    const okr_store *store = in->store;
    if (!store || (!store->unknown.len && !store->untracked_rows))
        return;
    size_t n = store->unknown.len;
    ranked *all = okr_arena_alloc(arena, (n ? n : 1) * sizeof *all);
    for (size_t i = 0; i < n; i++)
        all[i] = (ranked){store->unknown.items[i], i};
    qsort(all, n, sizeof *all, by_rows);
    out->count = n < RPT_UNKNOWN_SHOWN ? n : RPT_UNKNOWN_SHOWN;
    out->shown = okr_arena_alloc(arena, (out->count ? out->count : 1) * sizeof *out->shown);
    for (size_t i = 0; i < out->count; i++)
        name_build(arena, store, all[i].key, &out->shown[i]);
    for (size_t i = out->count; i < n; i++) {
        out->more_names++;
        out->more_rows += all[i].key->unstored_rows;
    }
    out->more_rows += store->untracked_rows;
    out->more_untracked = store->untracked_rows > 0;
    if (out->more_rows)
        out->more = okr_arena_printf(arena, "and %s%zu more %s (%zu %s)", out->more_untracked ? "at least " : "",
                                     out->more_names + out->more_untracked,
                                     rpt_plural(out->more_names + out->more_untracked, "name", "names"),
                                     out->more_rows, rpt_plural(out->more_rows, "row", "rows"));
}
