/* bind.c: feed names and the grading range; see bind.h. */
#include "bind.h"

#include <string.h>

const char *okr_bind_feed_name(const okr_metric_decl *metric)
{
    return metric->more->source.text ? metric->more->source.text : metric->name.text;
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

/* Binding runs in passes over the graded metrics, because a name's meaning
 * depends on every metric: a bare name binds only when one graded metric
 * read from feeds has it, and a team's alias TEAM.NAME for a metric it
 * borrows yields to a metric whose own qualified name that is. */
typedef struct bind_state {
    okr_store *store;
    okr_strmap bare;       /* bare name -> okr_vec* of the distinct metrics that have it */
    okr_strmap qualified;  /* qualified name -> the metric */
    int pass;
} bind_state;

static const char *qualified_name(okr_arena *arena, const okr_metric_decl *m)
{
    return okr_arena_printf(arena, "%s.%s", m->owner_name, m->name.text);
}

/* Pass 0: the names every metric claims. */
static void collect_names(bind_state *st, const okr_metric_decl *m)
{
    okr_arena *arena = st->store->arena;
    const char *qualified = qualified_name(arena, m);
    if (!okr_strmap_get(&st->qualified, qualified))
        okr_strmap_put(&st->qualified, qualified, (void *)m);
    if (m->more->via.text)
        return; /* no feed reads it, so its bare name is no one's business */
    okr_vec *have = okr_strmap_get(&st->bare, m->name.text);
    if (!have) {
        have = okr_arena_alloc(arena, sizeof *have);
        okr_strmap_put(&st->bare, m->name.text, have);
    }
    for (size_t i = 0; i < have->len; i++)
        if (have->items[i] == m)
            return;
    okr_vec_push(arena, have, (void *)m);
}

static void bind_one(void *arg, const okr_metric_decl *m, const char *team)
{
    bind_state *st = arg;
    okr_arena *arena = st->store->arena;
    if (st->pass == 0) {
        collect_names(st, m);
        return;
    }
    const char *qualified = qualified_name(arena, m);
    if (m->more->via.text) {
        okr_store_bind(st->store, m, qualified, NULL);
    } else if (m->more->source.text) {
        okr_store_bind(st->store, m, qualified, m->more->source.text);
    } else if (st->pass == 1) {
        okr_store_bind(st->store, m, qualified, qualified);
    } else if (st->pass == 2 && team) {
        /* TEAM.NAME for a metric the team borrows: unless that is another
         * graded metric's own qualified name, which keeps it. */
        const char *alias = okr_arena_printf(arena, "%s.%s", team, m->name.text);
        const okr_metric_decl *owner = okr_strmap_get(&st->qualified, alias);
        if (!owner || owner == m)
            okr_store_bind(st->store, m, qualified, alias);
    } else if (st->pass == 3) {
        const okr_vec *have = okr_strmap_get(&st->bare, m->name.text);
        if (have && have->len == 1)
            okr_store_bind(st->store, m, qualified, m->name.text);
    }
}

/* Pass 4: each bare name several metrics have is recorded as shared, so
 * that rows under it can be explained (okr_store_share). */
static void share_bare_names(bind_state *st)
{
    for (size_t i = 0; i < st->bare.cap; i++) {
        const okr_strmap_slot *slot = &st->bare.slots[i];
        const okr_vec *have = slot->key ? slot->value : NULL;
        if (!have || have->len < 2)
            continue;
        okr_series **sharing = okr_arena_alloc(st->store->arena, have->len * sizeof *sharing);
        for (size_t j = 0; j < have->len; j++)
            sharing[j] = okr_store_series_of(st->store, have->items[j]);
        okr_store_share(st->store, slot->key, sharing, have->len);
    }
}

void okr_bind_metrics(const okr_program *prog, okr_store *store)
{
    bind_state st = {store, {0}, {0}, 0};
    okr_strmap_init(&st.bare, store->arena);
    okr_strmap_init(&st.qualified, store->arena);
    for (st.pass = 0; st.pass <= 3; st.pass++)
        each_graded_metric(prog, bind_one, &st);
    share_bare_names(&st);
}
