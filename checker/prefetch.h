/* prefetch.h: walks over the program's objectives that ask for their nodes
 * ahead of use.
 *
 * Every pass reads each objective and its key-result nodes; on a large
 * program they lie far apart in the arena and were last read by an earlier
 * pass (or by the parser), so each is a cache miss, and a pass that does
 * little per node waits on one miss after another (on the 100k-objective
 * corpus most of the time of the light passes). okr_pass_prefetch(prog, i,
 * what), called at objective i of a walk in prog->objectives order, asks
 * for what the walk will read some objectives ahead, in stages along the
 * pointers: the objective node; then the arrays it holds; then the nodes
 * they list; then what those nodes point at. Each stage reads only what an
 * earlier stage asked for, OKR_PREFETCH_STAGE objectives before, so the
 * misses overlap instead of adding up. A prefetch only reads: nothing a
 * pass decides depends on it. Internal to checker/. */
#ifndef OKR_PREFETCH_H
#define OKR_PREFETCH_H

#include "program.h"

enum { OKR_PREFETCH_STAGE = 3 }; /* objectives between two stages */

/* What a walk reads of each objective besides the objective node. */
enum {
    OKR_PREFETCH_KRS = 1 << 0,       /* key-result and counter nodes */
    OKR_PREFETCH_METRICS = 1 << 1,   /* the metric declaration each names (resolved) */
    OKR_PREFETCH_ITEMS = 1 << 2,     /* the items in source order */
    OKR_PREFETCH_REFS = 1 << 3,      /* the metric paths and aligns links, as written */
    OKR_PREFETCH_STATEMENT = 1 << 4, /* the statement's text */
    OKR_PREFETCH_TITLES = 1 << 5,    /* the key results' titles */
};

static inline void okr_prefetch_bytes(const void *p, size_t size)
{
    if (!p)
        return;
    for (size_t off = 0; off < size; off += 64)
        __builtin_prefetch((const char *)p + off);
}

static inline const okr_objective *okr_prefetch_at(const okr_program *prog, size_t i, int stage)
{
    size_t at = i + (size_t)stage * OKR_PREFETCH_STAGE;
    return at < prog->objectives.len ? prog->objectives.items[at] : NULL;
}

static inline void okr_prefetch_vec_items(const okr_vec *v, size_t size)
{
    for (size_t k = 0; k < v->len; k++)
        okr_prefetch_bytes(v->items[k], size);
}

static inline void okr_prefetch_list_items(const okr_list *v, size_t size)
{
    for (size_t k = 0; k < v->len; k++)
        okr_prefetch_bytes(v->items[k], size);
}

static inline void okr_pass_prefetch(const okr_program *prog, size_t i, unsigned what)
{
    const okr_objective *o = okr_prefetch_at(prog, i, 4);
    okr_prefetch_bytes(o, sizeof *o);
    if ((o = okr_prefetch_at(prog, i, 3))) {
        if (what & (OKR_PREFETCH_KRS | OKR_PREFETCH_METRICS | OKR_PREFETCH_REFS | OKR_PREFETCH_TITLES)) {
            __builtin_prefetch(o->krs.items);
            __builtin_prefetch(o->counters.items);
        }
        if (what & OKR_PREFETCH_ITEMS)
            __builtin_prefetch(o->items.items);
        if (what & OKR_PREFETCH_REFS)
            __builtin_prefetch(o->aligns.items);
        if (what & OKR_PREFETCH_STATEMENT)
            __builtin_prefetch(o->statement.text);
    }
    if ((o = okr_prefetch_at(prog, i, 2))) {
        if (what & (OKR_PREFETCH_KRS | OKR_PREFETCH_METRICS | OKR_PREFETCH_REFS | OKR_PREFETCH_TITLES)) {
            okr_prefetch_list_items(&o->krs, sizeof(okr_kr));
            okr_prefetch_list_items(&o->counters, sizeof(okr_counter));
        }
        if (what & OKR_PREFETCH_ITEMS)
            okr_prefetch_bytes(o->items.items, o->items.len * sizeof *o->items.items);
        if (what & OKR_PREFETCH_REFS)
            okr_prefetch_list_items(&o->aligns, sizeof(okr_align));
    }
    if (!(what & (OKR_PREFETCH_METRICS | OKR_PREFETCH_REFS | OKR_PREFETCH_TITLES)) ||
        !(o = okr_prefetch_at(prog, i, 1)))
        return;
    for (size_t k = 0; k < o->krs.len; k++) {
        const okr_kr *kr = o->krs.items[k];
        if (what & OKR_PREFETCH_METRICS)
            okr_prefetch_bytes(kr->metric_decl, sizeof(okr_metric_decl));
        if (what & OKR_PREFETCH_REFS)
            okr_prefetch_bytes(kr->metric, sizeof(okr_path));
        if (what & OKR_PREFETCH_TITLES)
            __builtin_prefetch(kr->title.text);
    }
    for (size_t k = 0; k < o->counters.len; k++) {
        const okr_counter *c = o->counters.items[k];
        if (what & OKR_PREFETCH_METRICS)
            okr_prefetch_bytes(c->metric_decl, sizeof(okr_metric_decl));
        if (what & OKR_PREFETCH_REFS)
            okr_prefetch_bytes(c->metric, sizeof(okr_path));
    }
    for (size_t k = 0; (what & OKR_PREFETCH_REFS) && k < o->aligns.len; k++)
        okr_prefetch_bytes(((const okr_align *)o->aligns.items[k])->target, sizeof(okr_path));
}

#endif
