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
    if (key && !okr_strmap_get(&store->keys, key))
        okr_strmap_put(&store->keys, okr_arena_strdup(store->arena, key), s);
    return s;
}

okr_series *okr_store_lookup(const okr_store *store, const char *key)
{
    return okr_strmap_get(&store->keys, key);
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
