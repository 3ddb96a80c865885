/* emit_json.c: the resolved program as JSON (spec.md, "compile --emit json").
 *
 * Schema version 1. Values are normalised to the metric type's base unit
 * (percent in percentage points, durations in seconds, money in currency
 * units); relative changes (`by -40%`) are fractions with "relative": true;
 * windows and lags are whole days.
 * The document is what `okrc grade` and external tools read instead of
 * parsing .okr files themselves. Built with jansson. It writes what the
 * passes resolved (program.h) and converts nothing itself. */
#include <jansson.h>
#include <string.h>

#include "../common/calendar.h"
#include "passes.h"

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *location(const okr_program *prog, okr_span span)
{
    const okr_source_file *f = okr_source_get(&prog->sources, span.file);
    if (!f)
        return json_null();
    okr_position pos = okr_source_position(&prog->sources, span.file, span.start);
    return json_pack("{s:s, s:i, s:i}", "file", f->path, "line", (json_int_t)pos.line, "column",
                     (json_int_t)pos.column);
}

static const char *metric_qualified(okr_program *prog, const okr_metric_decl *m)
{
    return okr_arena_printf((okr_arena *)&prog->arena, "%s.%s", m->owner_name, m->name.text);
}

/* The native declaration `via` resolved to, as written: the library path
 * is resolved against the declaring file only by `okrc grade`. */
static json_t *native_json(const okr_program *prog, const okr_native_decl *n)
{
    if (!n)
        return json_null();
    json_t *params = json_array();
    for (size_t i = 0; i < n->params.len; i++)
        json_array_append_new(params, json_string(((const okr_name *)n->params.items[i])->text));
    return json_pack("{s:s, s:s, s:s, s:o, s:s, s:o}", "name", n->name.text, "library", n->library.text, "symbol",
                     n->symbol.text, "params", params, "result", n->result.text, "defined_at",
                     location(prog, n->name.span));
}

/* How the metric reaches its data, as the feeds pass resolved it: a window
 * only for sum and mean, and then either N days or the whole cycle. */
static void binding_json(const okr_program *prog, json_t *o, const okr_metric_decl *m)
{
    int windowed = m->aggregate_kind != OKR_AGGREGATE_LATEST;
    json_object_set_new(o, "aggregate", json_string(okr_aggregate_name(m->aggregate_kind)));
    json_object_set_new(o, "window_days", windowed && !m->window_is_whole_cycle ? json_integer(m->window_days)
                                                                                 : json_null());
    json_object_set_new(o, "window_is_whole_cycle", json_boolean(windowed && m->window_is_whole_cycle));
    json_object_set_new(o, "lag_days", json_integer(m->lag_days));
    json_object_set_new(o, "source", str_or_null(m->more->source.text));
    json_object_set_new(o, "via", str_or_null(m->more->via.text));
    json_object_set_new(o, "native", native_json(prog, m->native));
    /* The unit its feed writes: the `unit` clause when it fits the type,
     * and the factor that brings a feed value to the base unit. */
    json_object_set_new(o, "feed_unit", m->feed_unit_declared ? json_string(m->more->feed_unit.text) : json_null());
    json_object_set_new(o, "feed_factor", json_real(m->feed_factor));
}

static json_t *metric_json(okr_program *prog, const okr_metric_decl *m)
{
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(m->name.text));
    json_object_set_new(o, "qualified", json_string(metric_qualified(prog, m)));
    json_object_set_new(o, "description", str_or_null(m->description.text));
    json_object_set_new(o, "type", json_string(okr_type_name(m->type)));
    json_object_set_new(o, "unit", json_string(m->base_unit));
    if (m->type == OKR_TYPE_SCORE) {
        json_object_set_new(o, "min", json_real(m->more->score_min.value));
        json_object_set_new(o, "max", json_real(m->more->score_max.value));
    }
    json_object_set_new(o, "direction", json_string(okr_direction_name(m->direction)));
    json_object_set_new(o, "operational", json_boolean(m->operational));
    binding_json(prog, o, m);
    json_object_set_new(o, "defined_at", location(prog, m->name.span));
    return o;
}

/* A level the types pass resolved; null without a metric or when the unit
 * does not fit. */
static json_t *level(const okr_metric_decl *m, int has, double value)
{
    return m && has ? json_real(value) : json_null();
}

static json_t *target_json(const okr_metric_decl *m, const okr_target *t)
{
    json_t *o = json_object();
    switch (t->kind) {
    case OKR_TARGET_FROM_TO:
        json_object_set_new(o, "form", json_string("from_to"));
        json_object_set_new(o, "baseline", level(m, t->has_baseline_level, t->baseline_level));
        json_object_set_new(o, "baseline_known", json_boolean(!t->baseline_unknown));
        json_object_set_new(o, "target", level(m, t->has_target_level, t->target_level));
        break;
    case OKR_TARGET_BY:
        json_object_set_new(o, "form", json_string("by"));
        json_object_set_new(o, "change", level(m, t->has_change, t->change));
        json_object_set_new(o, "relative", json_boolean(m && t->change_is_relative));
        break;
    case OKR_TARGET_AT_LEAST:
        json_object_set_new(o, "form", json_string("at_least"));
        json_object_set_new(o, "bound", level(m, t->has_target_level, t->target_level));
        break;
    case OKR_TARGET_AT_MOST:
        json_object_set_new(o, "form", json_string("at_most"));
        json_object_set_new(o, "bound", level(m, t->has_target_level, t->target_level));
        break;
    case OKR_TARGET_NO_WORSE:
        json_object_set_new(o, "form", json_string("no_worse_than_baseline"));
        break;
    case OKR_TARGET_NONE:
        json_decref(o);
        return json_null();
    }
    if (m)
        json_object_set_new(o, "unit", json_string(m->base_unit));
    return o;
}

static const char *objective_qualified(okr_program *prog, const okr_objective *obj)
{
    return okr_arena_printf(&prog->arena, "%s.%s", obj->team ? obj->team->name.text : "?", obj->name.text);
}

static json_t *objective_json(okr_program *prog, const okr_objective *obj)
{
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(obj->name.text));
    json_object_set_new(o, "qualified", json_string(objective_qualified(prog, obj)));
    json_object_set_new(o, "archetype", json_string(okr_archetype_name(okr_objective_archetype(obj))));
    json_object_set_new(o, "statement", str_or_null(obj->statement.text));
    json_object_set_new(o, "owner", str_or_null(obj->owner->text));
    json_object_set_new(o, "cycle", str_or_null(obj->cycle ? obj->cycle->label : NULL));
    json_object_set_new(o, "expect", obj->has_expect ? json_real(obj->expect->value) : json_null());
    json_t *aligns = json_array();
    for (size_t i = 0; i < obj->aligns.len; i++) {
        const okr_align *a = obj->aligns.items[i];
        json_array_append_new(aligns, json_pack("{s:o, s:o, s:f}", "objective",
                                                a->objective ? json_string(objective_qualified(prog, a->objective)) : json_null(),
                                                "key_result", a->kr ? json_string(a->kr->label) : json_null(),
                                                "weight", a->has_weight ? a->weight->value : 1.0));
    }
    json_object_set_new(o, "aligns", aligns);
    json_t *krs = json_array();
    for (size_t i = 0; i < obj->krs.len; i++) {
        const okr_kr *kr = obj->krs.items[i];
        json_t *k = json_object();
        json_object_set_new(k, "name", str_or_null(kr->name.text));
        json_object_set_new(k, "label", json_string(kr->label));
        json_object_set_new(k, "kind", json_string(kr->is_hypothesis ? "hypothesis" : "kr"));
        json_object_set_new(k, "title", str_or_null(kr->title.text));
        json_object_set_new(k, "owner", str_or_null(kr->more->owner.text));
        json_object_set_new(k, "metric", kr->metric_decl ? json_string(metric_qualified(prog, kr->metric_decl)) : json_null());
        json_object_set_new(k, "target", target_json(kr->metric_decl, &kr->target));
        json_object_set_new(k, "weight", json_real(kr->has_weight ? kr->more->weight.value : 1.0));
        json_object_set_new(k, "defined_at", location(prog, kr->span));
        json_array_append_new(krs, k);
    }
    json_object_set_new(o, "key_results", krs);
    json_t *counters = json_array();
    for (size_t i = 0; i < obj->counters.len; i++) {
        const okr_counter *c = obj->counters.items[i];
        json_array_append_new(counters, json_pack("{s:o, s:o}", "metric",
                                                  c->metric_decl ? json_string(metric_qualified(prog, c->metric_decl)) : json_null(),
                                                  "bound", target_json(c->metric_decl, &c->target)));
    }
    json_object_set_new(o, "counter_metrics", counters);
    json_object_set_new(o, "defined_at", location(prog, obj->name.span));
    return o;
}

/* The alignment tree, built without recursion (a hostile 100k-long chain
 * must not exhaust the stack) and in linear time: each objective hangs
 * under the objective of its first resolved `aligns` link; objectives that
 * align to nothing are roots. Visited marks keep a cycle (possible only when
 * a policy silenced OKR106) from looping. */
static json_t *alignment_tree(okr_program *prog)
{
    size_t n = prog->objectives.len;
    okr_vec *children = okr_arena_alloc(&prog->arena, (n + 1) * sizeof *children);
    const okr_align **via = okr_arena_alloc(&prog->arena, (n + 1) * sizeof *via);
    char *visited = okr_arena_alloc(&prog->arena, n + 1);
    for (size_t i = 0; i < n; i++) {
        okr_objective *o = prog->objectives.items[i];
        for (size_t j = 0; j < o->aligns.len; j++) {
            const okr_align *a = o->aligns.items[j];
            if (a->objective) {
                okr_vec_push(&prog->arena, &children[a->objective->index], o);
                via[i] = a;
                break;
            }
        }
    }
    typedef struct frame { const okr_objective *obj; json_t *kids; size_t next; } frame;
    frame *stack = okr_arena_alloc(&prog->arena, (n + 1) * sizeof *stack);
    json_t *roots = json_array();
    for (size_t i = 0; i < n; i++) {
        const okr_objective *root = prog->objectives.items[i];
        if (via[i] || !root->team || visited[i])
            continue;
        visited[i] = 1;
        json_t *kids = json_array();
        json_array_append_new(roots, json_pack("{s:s, s:o}", "objective", objective_qualified(prog, root),
                                               "children", kids));
        size_t depth = 0;
        stack[depth++] = (frame){root, kids, 0};
        while (depth) {
            frame *f = &stack[depth - 1];
            okr_vec *list = &children[f->obj->index];
            if (f->next == list->len) {
                depth--;
                continue;
            }
            const okr_objective *child = list->items[f->next++];
            if (visited[child->index])
                continue;
            visited[child->index] = 1;
            const okr_align *a = via[child->index];
            json_t *grandkids = json_array();
            json_array_append_new(f->kids, json_pack("{s:s, s:o, s:o}", "objective", objective_qualified(prog, child),
                                                     "via_key_result", a->kr ? json_string(a->kr->label) : json_null(),
                                                     "children", grandkids));
            stack[depth++] = (frame){child, grandkids, 0};
        }
    }
    return roots;
}

int okr_program_emit_json(const okr_program *cprog, FILE *out)
{
    okr_program *prog = (okr_program *)cprog; /* names are formatted into the arena */
    json_t *root = json_object();
    json_object_set_new(root, "version", json_integer(1));
    json_object_set_new(root, "generator", json_string("okrc " OKRC_VERSION));

    json_t *cycles = json_array();
    okr_strmap seen;
    okr_strmap_init(&seen, &prog->arena);
    for (size_t i = 0; i < prog->units.len; i++) {
        const okr_file_unit *u = prog->units.items[i];
        const okr_cycle_decl *c = u->cycle;
        if (!c || !c->ok || okr_strmap_get(&seen, c->label))
            continue;
        okr_strmap_put(&seen, c->label, (void *)c);
        char start[16], end[16];
        okr_calendar_format_date(c->start_day, start, sizeof start);
        okr_calendar_format_date(c->end_day, end, sizeof end);
        json_array_append_new(cycles, json_pack("{s:s, s:s, s:s}", "name", c->label, "start", start, "end", end));
    }
    json_object_set_new(root, "cycles", cycles);

    json_t *modules = json_array();
    for (size_t i = 0; i < prog->modules.len; i++) {
        const okr_module *m = prog->modules.items[i];
        if (!m->parsed)
            continue;
        json_t *metrics = json_array();
        for (size_t j = 0; j < m->metric_list.len; j++)
            json_array_append_new(metrics, metric_json(prog, m->metric_list.items[j]));
        json_array_append_new(modules, json_pack("{s:s, s:o}", "name", m->name, "metrics", metrics));
    }
    json_object_set_new(root, "modules", modules);

    json_t *teams = json_array();
    for (size_t i = 0; i < prog->teams.len; i++) {
        const okr_team *t = prog->teams.items[i];
        json_t *metrics = json_array(), *objectives = json_array();
        for (size_t j = 0; j < t->metric_list.len; j++)
            json_array_append_new(metrics, metric_json(prog, t->metric_list.items[j]));
        for (size_t j = 0; j < t->objectives.len; j++)
            json_array_append_new(objectives, objective_json(prog, t->objectives.items[j]));
        json_array_append_new(teams, json_pack("{s:s, s:o, s:o, s:o, s:o}", "name", t->name, "title",
                                               str_or_null(t->decl->title.text), "owner", str_or_null(t->decl->owner.text),
                                               "metrics", metrics, "objectives", objectives));
    }
    json_object_set_new(root, "teams", teams);

    json_t *tree = alignment_tree(prog);
    json_object_set_new(root, "alignment", tree);

    int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
    fputc('\n', out);
    json_decref(root);
    return rc;
}
