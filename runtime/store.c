/* store.c: the day-bucketed observation store; see store.h. */
#include "store.h"

#include <stdlib.h>
#include <string.h>

void okr_store_init(okr_store *store, okr_arena *arena, long first_day, long last_day)
{
    memset(store, 0, sizeof *store);
    store->arena = arena;
    okr_strmap_init(&store->keys, arena);
    store->first_day = first_day;
    store->ndays = last_day >= first_day ? last_day - first_day + 1 : 0;
}

okr_series *okr_store_series_of(const okr_store *store, const okr_metric_decl *metric)
{
    for (size_t i = 0; i < store->series.len; i++) {
        okr_series *s = store->series.items[i];
        if (s->metric == metric)
            return s;
    }
    return NULL;
}

/* The key of a name, made (feeding nothing) when missing. */
static okr_store_key *key_of(okr_store *store, const char *name)
{
    okr_store_key *k = okr_strmap_get(&store->keys, name);
    if (!k) {
        k = okr_arena_alloc(store->arena, sizeof *k);
        k->name = okr_arena_strdup(store->arena, name);
        okr_strmap_put(&store->keys, k->name, k);
    }
    return k;
}

okr_series *okr_store_bind(okr_store *store, const okr_metric_decl *metric, const char *qualified_name,
                           const char *key)
{
    okr_series *s = okr_store_series_of(store, metric);
    if (!s) {
        s = okr_arena_alloc(store->arena, sizeof *s);
        s->metric = metric;
        s->name = qualified_name;
        s->days = okr_arena_alloc(store->arena, (size_t)(store->ndays ? store->ndays : 1) * sizeof *s->days);
        s->latest_ts = INT64_MIN;
        s->factor = metric->feed_factor > 0 ? metric->feed_factor : 1;
        okr_vec_push(store->arena, &store->series, s);
    }
    if (!key)
        return s;
    okr_store_key *k = key_of(store, key);
    for (size_t i = 0; i < k->count; i++)
        if (k->series[i] == s)
            return s;
    if (k->count == k->cap) {
        size_t cap = k->cap ? 2 * k->cap : 2;
        okr_series **grown = okr_arena_alloc(store->arena, cap * sizeof *grown);
        if (k->count)
            memcpy(grown, k->series, k->count * sizeof *grown);
        k->series = grown;
        k->cap = cap;
    }
    k->series[k->count++] = s;
    return s;
}

void okr_store_share(okr_store *store, const char *key, okr_series **sharing, size_t count)
{
    okr_store_key *k = key_of(store, key);
    if (k->count)
        return;
    k->sharing = okr_arena_alloc(store->arena, (count ? count : 1) * sizeof *k->sharing);
    memcpy(k->sharing, sharing, count * sizeof *sharing);
    k->sharing_count = count;
    for (size_t i = 0; i < count; i++)
        sharing[i]->shared_bare = k;
}

okr_store_key *okr_store_lookup(const okr_store *store, const char *key)
{
    return okr_strmap_get(&store->keys, key);
}

okr_series *okr_store_series_named(const okr_store *store, const char *key)
{
    const okr_store_key *k = okr_store_lookup(store, key);
    return k && k->count ? k->series[0] : NULL;
}

okr_store_key *okr_store_count_unknown(okr_store *store, okr_store_key *k, const char *name, size_t len)
{
    store->unknown_rows++;
    if (!k && store->unknown_names < OKR_STORE_UNKNOWN_NAMES && len <= OKR_STORE_UNKNOWN_NAME_MAX &&
        !memchr(name, '\0', len)) {
        char *copy = okr_arena_strndup(store->arena, name, len);
        k = key_of(store, copy);
        store->unknown_names++;
    }
    if (!k) {
        store->untracked_rows++;
        return NULL;
    }
    if (k->unstored_rows++ == 0)
        okr_vec_push(store->arena, &store->unknown, k);
    return k;
}

okr_store_result okr_store_add(okr_store *store, okr_series *s, int64_t ts, double value)
{
    return okr_store_add_base(store, s, ts, value * s->factor);
}

okr_store_result okr_store_add_base(okr_store *store, okr_series *s, int64_t ts, double value)
{
    long day = okr_calendar_day_of(ts) - store->first_day;
    if (day < 0 || day >= store->ndays) {
        s->out_of_range++;
        return OKR_STORE_OUT_OF_RANGE;
    }
    okr_obs_day *b = &s->days[day];
    if (ts == s->latest_ts && b->count && ts == b->last_ts) {
        /* A repeated timestamp corrects the row before it. */
        b->sum += value - b->last;
        if (b->first_ts == ts)
            b->first = value;
        b->last = value;
        if (value < b->min)
            b->min = value;
        if (value > b->max)
            b->max = value;
        s->duplicates++;
        return OKR_STORE_DUPLICATE;
    }
    if (ts < s->latest_ts)
        s->unsorted++;
    else
        s->latest_ts = ts;
    if (b->count == 0) {
        b->min = b->max = b->first = b->last = value;
        b->first_ts = b->last_ts = ts;
    } else {
        if (value < b->min)
            b->min = value;
        if (value > b->max)
            b->max = value;
        if (ts < b->first_ts) {
            b->first_ts = ts;
            b->first = value;
        }
        if (ts >= b->last_ts) {
            b->last_ts = ts;
            b->last = value;
        }
    }
    b->count++;
    b->sum += value;
    s->rows++;
    return OKR_STORE_ADDED;
}

okr_store_result okr_store_add_bucket(okr_store *store, okr_series *s, long day, const okr_obs_day *feed)
{
    return okr_store_add_bucket_scaled(store, s, day, feed, s->factor);
}

okr_store_result okr_store_add_bucket_scaled(okr_store *store, okr_series *s, long day, const okr_obs_day *feed,
                                             double factor)
{
    /* The factor is positive, so scaling keeps min below max. */
    okr_obs_day scaled = *feed;
    scaled.sum *= factor;
    scaled.min *= factor;
    scaled.max *= factor;
    scaled.first *= factor;
    scaled.last *= factor;
    const okr_obs_day *in = &scaled;
    long i = day - store->first_day;
    if (i < 0 || i >= store->ndays) {
        s->out_of_range += in->count;
        return OKR_STORE_OUT_OF_RANGE;
    }
    if (in->count == 0)
        return OKR_STORE_ADDED;
    okr_obs_day *b = &s->days[i];
    if (b->count == 0) {
        *b = *in;
    } else {
        b->count += in->count;
        b->sum += in->sum;
        if (in->min < b->min)
            b->min = in->min;
        if (in->max > b->max)
            b->max = in->max;
        /* Ties follow okr_store_add: the earlier-stored value stays first,
         * the later-merged one becomes last. */
        if (in->first_ts < b->first_ts) {
            b->first_ts = in->first_ts;
            b->first = in->first;
        }
        if (in->last_ts >= b->last_ts) {
            b->last_ts = in->last_ts;
            b->last = in->last;
        }
    }
    s->rows += in->count;
    if (in->last_ts > s->latest_ts)
        s->latest_ts = in->last_ts;
    return OKR_STORE_ADDED;
}
