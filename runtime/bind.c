/* bind.c: feed names and the grading range; see bind.h. */
#include "bind.h"

#include <string.h>

#include "../common/calendar.h"

long okr_duration_days(const okr_quantity *q)
{
    double seconds = 0;
    if (!okr_calendar_duration_seconds(q->value, q->unit, &seconds) || seconds <= 0)
        return 0;
    return okr_calendar_days_ceil(seconds);
}

const char *okr_bind_feed_name(const okr_metric_decl *metric)
{
    return metric->source.text ? metric->source.text : metric->name.text;
}

/* Calls fn for every metric a key result or counter-metric grades, with the
 * team of the objective that grades it. */
static void each_graded_metric(const okr_program *prog, void (*fn)(void *, const okr_metric_decl *, const char *),
                               void *arg)
{
    for (size_t i = 0; i < prog->objectives.len; i++) {
        const okr_objective *o = prog->objectives.items[i];
        const char *team = o->team ? o->team->name.text : NULL;
        for (size_t j = 0; j < o->krs.len; j++) {
            const okr_kr *kr = o->krs.items[j];
            if (kr->metric_decl)
                fn(arg, kr->metric_decl, team);
        }
        for (size_t j = 0; j < o->counters.len; j++) {
            const okr_counter *c = o->counters.items[j];
            if (c->metric_decl)
                fn(arg, c->metric_decl, team);
        }
    }
}

typedef struct range_state {
    long longest_window;
} range_state;

static void widen_window(void *arg, const okr_metric_decl *m, const char *team)
{
    (void)team;
    range_state *st = arg;
    /* The window as the checker resolved it, at most OKR_MAX_DURATION_DAYS
     * (program.h): the range holds every day a window could reach back to. */
    if (!m->window_is_whole_cycle && m->window_days > st->longest_window)
        st->longest_window = m->window_days;
}

int okr_bind_range(const okr_program *prog, long *first_day, long *last_day)
{
    int any = 0;
    for (size_t i = 0; i < prog->objectives.len; i++) {
        const okr_objective *o = prog->objectives.items[i];
        if (!o->cycle || !o->cycle->ok)
            continue;
        if (!any || o->cycle->start_day < *first_day)
            *first_day = o->cycle->start_day;
        if (!any || o->cycle->end_day > *last_day)
            *last_day = o->cycle->end_day;
        any = 1;
    }
    range_state st = {0};
    each_graded_metric(prog, widen_window, &st);
    if (any)
        *first_day -= st.longest_window;
    return any;
}

typedef struct bind_state {
    const okr_program *prog;
    okr_store *store;
    okr_strmap bare;  /* bare name -> the metric, or the marker when two metrics share it */
    int pass;
} bind_state;

static void bind_one(void *arg, const okr_metric_decl *m, const char *team)
{
    bind_state *st = arg;
    okr_arena *arena = st->store->arena;
    const char *qualified = okr_arena_printf(arena, "%s.%s", m->owner_name, m->name.text);
    if (st->pass == 0) {
        /* First pass: find bare names that two graded metrics share. */
        const okr_metric_decl *seen = okr_strmap_get(&st->bare, m->name.text);
        if (!seen)
            okr_strmap_put(&st->bare, m->name.text, (void *)m);
        else if (seen != m)
            okr_strmap_put(&st->bare, m->name.text, (void *)st);
        return;
    }
    if (m->via.text) {
        okr_store_bind(st->store, m, qualified, NULL);
        return;
    }
    if (m->source.text) {
        okr_store_bind(st->store, m, qualified, m->source.text);
        return;
    }
    okr_store_bind(st->store, m, qualified, qualified);
    if (team)
        okr_store_bind(st->store, m, qualified, okr_arena_printf(arena, "%s.%s", team, m->name.text));
    if (okr_strmap_get(&st->bare, m->name.text) == m)
        okr_store_bind(st->store, m, qualified, m->name.text);
}

void okr_bind_metrics(const okr_program *prog, okr_store *store)
{
    bind_state st = {prog, store, {0}, 0};
    okr_strmap_init(&st.bare, store->arena);
    each_graded_metric(prog, bind_one, &st);
    st.pass = 1;
    each_graded_metric(prog, bind_one, &st);
}
