/* resolve_refs.c: the names a program's declarations refer to (spec.md,
 * "Names and scopes"), once resolve.c has built the tables: each file's
 * `use` lines, then every metric reference of a key result or
 * counter-metric and every `aligns` link. An unknown name gets the
 * suggestions and fixes of hints.c (spec.md, "Suggestions for unknown
 * names"), from candidates gathered here in a deterministic order.
 *
 * The references of a large program are resolved on the pool's threads
 * (okr_pass_chunked), the tables being complete and only read meanwhile.
 * What a chunk must not do it defers instead: report (the hints of
 * unknown names share one budget of comparisons, spent in program order,
 * and the per-file caps count findings in the order they are reported)
 * or load a standard module (module_load adds a source and fills the
 * module's tables). A chunk resolves each objective that needs neither
 * and marks the others; afterwards one serial walk, in program order,
 * resolves the marked ones again as the one walk over all objectives
 * would, reporting. An objective resolved on a chunk reports nothing and
 * changes nothing the serial walk reads, so the findings, their order and
 * the hints are those of that one walk whatever the number of threads. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "passes.h"
#include "resolve_internal.h"

/* What the name hints of one resolve pass share: a budget of comparisons
 * (hostile programs with thousands of misspelt names stay fast) and, built
 * on the first undefined metric, which standard modules declare what. */
typedef struct name_scope {
    size_t budget;
    int std_scanned;
    okr_strmap std_metrics; /* name -> okr_vec* of module names */
    okr_vec std_list;       /* okr_hint_owned*, module order */
    const okr_file_unit *used_unit; /* the file used_names is built for */
    okr_strmap used_names;  /* the teams and modules that file `use`s */
    /* On a chunk (see the top): a finding or a module to load sets
     * deferred instead, and the objective is left to the serial walk. */
    int quiet, deferred;
} name_scope;

/* Whether what comes next (a report, a module load) is deferred. */
static int defer(name_scope *ns)
{
    if (ns->quiet)
        ns->deferred = 1;
    return ns->quiet;
}

static void hint_teams(okr_program *prog, okr_hint *h)
{
    for (size_t i = 0; i < prog->teams.len; i++)
        okr_hint_consider(h, ((okr_team *)prog->teams.items[i])->name);
}

static void hint_modules(okr_program *prog, okr_hint *h)
{
    for (size_t i = 0; i < prog->modules.len; i++)
        okr_hint_consider(h, ((okr_module *)prog->modules.items[i])->name);
}

static void hint_metrics(okr_hint *h, const okr_vec *list)
{
    for (size_t i = 0; i < list->len; i++)
        okr_hint_consider(h, ((okr_metric_decl *)list->items[i])->name.text);
}

/* TEAM.NAME or std.MODULE.NAME. */
static okr_metric_decl *lookup_qualified(okr_program *prog, name_scope *ns, okr_path *ref)
{
    okr_diags *diags = &prog->diags;
    okr_diag *d;
    okr_hint h;
    const char *metric_name = ref->parts[ref->count - 1].text;
    okr_strmap *scope = NULL;
    okr_vec *list = NULL;
    const char *owner = NULL;
    int owner_len = (int)(strlen(ref->text) - strlen(metric_name) - 1);
    if (ref->count == 2) {
        okr_team *t = okr_strmap_get(&prog->teams_by_name, ref->parts[0].text);
        if (t) {
            scope = &t->metrics;
            list = &t->metric_list;
            owner = t->name;
        }
    } else {
        char *module_name = okr_arena_strndup(&prog->arena, ref->text, (size_t)owner_len);
        okr_module *m = okr_strmap_get(&prog->modules_by_name, module_name);
        if (m) {
            if (!m->parsed && defer(ns))
                return NULL;
            okr_resolve_module_load(prog, m);
            scope = &m->metrics;
            list = &m->metric_list;
            owner = m->name;
        }
    }
    if (!scope) {
        if (defer(ns))
            return NULL;
        d = okr_diag_report(diags, OKR101, ref->span, "undefined metric '%s': no team or module '%.*s'",
                            ref->text, owner_len, ref->text);
        if (d) {
            okr_hint_init(&h, okr_arena_strndup(&prog->arena, ref->text, (size_t)owner_len), &ns->budget);
            if (ref->count == 2)
                hint_teams(prog, &h);
            else
                hint_modules(prog, &h);
            okr_hint_offer(diags, d, &h, okr_span_join(ref->parts[0].span, ref->parts[ref->count - 2].span));
        }
        okr_diag_help(diags, d, "qualified metrics are TEAM.METRIC or std.MODULE.METRIC; check the "
                                "files of that team together with this one");
        return NULL;
    }
    okr_metric_decl *m = okr_strmap_get(scope, metric_name);
    if (!m) {
        if (defer(ns))
            return NULL;
        d = okr_diag_report(diags, OKR101, ref->span, "undefined metric '%s': '%s' declares no metric '%s'",
                            ref->text, owner, metric_name);
        if (d) {
            okr_hint_init(&h, metric_name, &ns->budget);
            hint_metrics(&h, list);
            okr_hint_offer(diags, d, &h, ref->parts[ref->count - 1].span);
        }
        okr_diag_help(diags, d, "check the spelling against the metrics '%s' declares", owner);
    }
    return m;
}

static void resolve_uses(okr_program *prog, name_scope *ns, okr_file_unit *unit, const okr_decl_at *decls,
                         size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (decls[i].kind != OKR_DECL_USE)
            continue;
        okr_use_decl *use = decls[i].node;
        okr_scope_entry *entry = okr_arena_alloc(&prog->arena, sizeof *entry);
        entry->module = okr_strmap_get(&prog->modules_by_name, use->module->text);
        if (!entry->module && use->module->count == 1)
            entry->team = okr_strmap_get(&prog->teams_by_name, use->module->text);
        if (entry->module) {
            okr_resolve_module_load(prog, entry->module);
        } else if (!entry->team) {
            okr_diag *d = okr_diag_report(&prog->diags, OKR107, use->module->span,
                                          "unknown module '%s'", use->module->text);
            if (d) {
                okr_hint h;
                okr_hint_init(&h, use->module->text, &ns->budget);
                hint_modules(prog, &h);
                hint_teams(prog, &h);
                okr_hint_offer(&prog->diags, d, &h, use->module->span);
            }
            if (strncmp(use->module->text, "std.", 4) == 0)
                okr_diag_help(&prog->diags, d, "the standard modules are std.product, std.growth, "
                                               "std.reliability and std.ai");
            else
                okr_diag_help(&prog->diags, d, "`use` takes a standard module (std.product) or a team "
                                               "declared in the files checked together");
            continue;
        }
        okr_vec_push(&prog->arena, &unit->uses, entry);
    }
}

/* Whether the file `use`s the team or module of that name. The set is
 * built once per file (names resolve file by file), so a file with
 * thousands of `use` lines costs no more per lookup. */
static int file_uses(okr_program *prog, name_scope *ns, const okr_file_unit *unit, const char *name)
{
    if (ns->used_unit != unit) {
        ns->used_unit = unit;
        okr_strmap_init(&ns->used_names, &prog->arena);
        for (size_t i = 0; i < unit->uses.len; i++) {
            const okr_scope_entry *e = unit->uses.items[i];
            okr_strmap_put(&ns->used_names, e->module ? e->module->name : e->team->name, (void *)unit);
        }
    }
    return okr_strmap_get(&ns->used_names, name) != NULL;
}

/* A metric out of the file's scope, offered by its qualified name: of
 * another team (TEAM.NAME) or of a standard module the file does not use
 * (std.MODULE.NAME, spelt close to the name: the same name is the `use`
 * suggestion). The same name in one or two other teams comes first, then
 * the closest names. At most OKR_HINT_MAX_CANDIDATES are looked at. */
static void hint_qualified(okr_program *prog, name_scope *ns, okr_file_unit *unit, okr_path *ref, okr_diag *d)
{
    const char *name = ref->parts[0].text;
    okr_hint_owned cand[OKR_HINT_MAX_CANDIDATES];
    size_t n = 0;
    const char *same[3];
    int same_count = 0;
    /* Visiting a team costs a unit of the budget: thousands of teams
     * without metrics must not make each undefined name expensive. */
    for (size_t i = 0; i < prog->teams.len && n < OKR_HINT_MAX_CANDIDATES && ns->budget > 0; i++) {
        okr_team *t = prog->teams.items[i];
        ns->budget--;
        if (t == unit->team || file_uses(prog, ns, unit, t->name))
            continue;
        for (size_t j = 0; j < t->metric_list.len && n < OKR_HINT_MAX_CANDIDATES; j++) {
            const char *m = ((okr_metric_decl *)t->metric_list.items[j])->name.text;
            cand[n++] = (okr_hint_owned){m, t->name};
            if (strcmp(m, name) == 0 && same_count < 3)
                same[same_count++] = okr_arena_printf(&prog->arena, "%s.%s", t->name, m);
        }
    }
    if (same_count > 0) {
        if (same_count < 3)
            okr_hint_suggest(&prog->diags, d, name, same[0], same_count == 2 ? same[1] : NULL, ref->span);
        return;
    }
    for (size_t i = 0; i < ns->std_list.len && n < OKR_HINT_MAX_CANDIDATES; i++) {
        okr_hint_owned *o = ns->std_list.items[i];
        if (!file_uses(prog, ns, unit, o->owner))
            cand[n++] = *o;
    }
    okr_hint h;
    okr_hint_init(&h, name, &ns->budget);
    for (size_t i = 0; i < n; i++)
        okr_hint_consider(&h, cand[i].name);
    const char *best = okr_suggest_best(&h.s);
    if (!best || h.ties > 1)
        return;
    /* The qualified names of the closest: one name may be declared by two
     * owners, and each owner is a choice. */
    const char *choice[3] = {0};
    int choices = 0;
    for (size_t i = 0; i < n && choices < 3; i++)
        if (strcmp(cand[i].name, best) == 0 || (h.ties && strcmp(cand[i].name, h.tie) == 0))
            choice[choices++] = okr_arena_printf(&prog->arena, "%s.%s", cand[i].owner, cand[i].name);
    if (choices < 3)
        okr_hint_suggest(&prog->diags, d, name, choice[0], choice[1], ref->span);
}

/* The help and fixes of an undefined unqualified metric: the standard
 * module that declares it (a `use` line), else the closest visible name;
 * then the declaration its use implies. */
static void undefined_metric_help(okr_program *prog, name_scope *ns, okr_file_unit *unit, okr_path *ref,
                                  const okr_target *t, okr_diag *d)
{
    if (!d)
        return;
    okr_diags *diags = &prog->diags;
    const char *name = ref->parts[0].text;
    if (!ns->std_scanned) {
        okr_hint_std_scan(prog, &ns->std_metrics, &ns->std_list);
        ns->std_scanned = 1;
    }
    okr_vec *owners = okr_strmap_get(&ns->std_metrics, name);
    if (owners && owners->len == 1) {
        okr_diag_help(diags, d, "`use %s` declares '%s'", (const char *)owners->items[0], name);
        okr_hint_use_fix(prog, d, unit, owners->items[0], 1);
    } else if (owners && owners->len > 1) {
        const char *list = "";
        for (size_t i = 0; i < owners->len; i++)
            list = okr_arena_printf(&prog->arena, "%s%s`use %s`", list,
                                    i == 0 ? "" : i + 1 == owners->len ? " or " : ", ",
                                    (const char *)owners->items[i]);
        okr_diag_help(diags, d, "%s declares '%s'; use the one you mean", list, name);
        okr_hint_use_fix(prog, d, unit, owners->items[0], 0);
    } else {
        okr_hint h;
        okr_hint_init(&h, name, &ns->budget);
        if (unit->team)
            hint_metrics(&h, &unit->team->metric_list);
        for (size_t i = 0; i < unit->uses.len; i++) {
            okr_scope_entry *e = unit->uses.items[i];
            hint_metrics(&h, e->module ? &e->module->metric_list : &e->team->metric_list);
        }
        if (!okr_hint_offer(diags, d, &h, ref->span))
            hint_qualified(prog, ns, unit, ref, d);
    }
    const char *decl = okr_hint_metric_decl(&prog->arena, name, t);
    okr_diag_help(diags, d, "declare it: `%s`, or `use` the module that provides it", decl);
    okr_hint_declare_fix(prog, d, unit, name, decl);
}

static okr_metric_decl *lookup_metric(okr_program *prog, name_scope *ns, okr_file_unit *unit, okr_path *ref,
                                      const okr_target *t)
{
    okr_diags *diags = &prog->diags;
    okr_diag *d;
    if (ref->count == 1) {
        const char *name = ref->parts[0].text;
        if (unit->team) {
            okr_metric_decl *own = okr_strmap_get(&unit->team->metrics, name);
            if (own)
                return own;
        }
        okr_metric_decl *found = NULL;
        const char *found_in = NULL;
        for (size_t i = 0; i < unit->uses.len; i++) {
            okr_scope_entry *e = unit->uses.items[i];
            okr_metric_decl *m = okr_strmap_get(e->module ? &e->module->metrics : &e->team->metrics, name);
            const char *where = e->module ? e->module->name : e->team->name;
            if (!m)
                continue;
            if (found && found != m) {
                if (defer(ns))
                    return NULL;
                d = okr_diag_report(diags, OKR110, ref->span,
                                    "metric '%s' is declared by both '%s' and '%s'", name, found_in, where);
                okr_diag_help(diags, d, "qualify it: '%s.%s' or '%s.%s'", found_in, name, where, name);
                return NULL;
            }
            found = m;
            found_in = where;
        }
        if (found)
            return found;
        if (defer(ns))
            return NULL;
        d = okr_diag_report(diags, OKR101, ref->span, "undefined metric '%s'", name);
        undefined_metric_help(prog, ns, unit, ref, t, d);
        return NULL;
    }
    return lookup_qualified(prog, ns, ref);
}

static void resolve_objective_refs(okr_program *prog, name_scope *ns, okr_file_unit *unit, okr_objective *obj)
{
    for (size_t i = 0; i < obj->krs.len && !ns->deferred; i++) {
        okr_kr *kr = obj->krs.items[i];
        kr->objective = obj;
        kr->label = kr->name.text ? kr->name.text : okr_arena_printf(&prog->arena, "#%zu", i + 1);
        /* Its own `owner`, else its objective's (spec.md, "Owners"). */
        kr->owner_inherited = !kr->more->owner.text;
        kr->resolved_owner = kr->more->owner.text ? kr->more->owner.text : obj->owner->text;
        if (kr->name.text) {
            /* An objective has a handful of key results: the latest earlier
             * one of the same name is found by a scan back, with no map. */
            okr_kr *prev = NULL;
            for (size_t j = i; j-- > 0 && !prev;) {
                okr_kr *other = obj->krs.items[j];
                if (other->name.text && strcmp(other->name.text, kr->name.text) == 0)
                    prev = other;
            }
            if (prev) {
                if (defer(ns))
                    return;
                okr_diag *d = okr_diag_report(&prog->diags, OKR104, kr->name.span,
                                              "key result '%s' is declared twice in objective '%s'",
                                              kr->name.text, obj->name.text);
                okr_diag_note(&prog->diags, d, prev->name.span, "first declared here");
                okr_diag_help(&prog->diags, d, "key-result names are unique within an objective; rename one");
            }
        }
        if (kr->metric)
            kr->metric_decl = lookup_metric(prog, ns, unit, kr->metric, &kr->target);
    }
    for (size_t i = 0; i < obj->counters.len && !ns->deferred; i++) {
        okr_counter *c = obj->counters.items[i];
        c->metric_decl = lookup_metric(prog, ns, unit, c->metric, &c->target);
    }
}

const char *okr_kr_display(okr_arena *arena, const okr_kr *kr)
{
    if (kr->name.text)
        return okr_arena_printf(arena, "'%s'", kr->name.text);
    if (kr->title.text)
        return okr_arena_printf(arena, "\"%s\"", kr->title.text);
    return kr->label;
}

static const char *cycle_label(const okr_cycle_decl *c)
{
    return c && c->label ? c->label : "(no cycle)";
}

static void resolve_align(okr_program *prog, name_scope *ns, okr_file_unit *unit, okr_objective *obj,
                          okr_align *a)
{
    okr_diags *diags = &prog->diags;
    okr_diag *d;
    okr_hint h;
    okr_path *p = a->target;
    if (p->count > 3) {
        if (defer(ns))
            return;
        d = okr_diag_report(diags, OKR105, p->span, "cannot resolve alignment '%s'", p->text);
        okr_diag_help(diags, d, "write TEAM.OBJECTIVE or TEAM.OBJECTIVE.KR");
        return;
    }
    okr_team *team = p->count == 1 ? unit->team : okr_strmap_get(&prog->teams_by_name, p->parts[0].text);
    const char *obj_name = p->parts[p->count == 1 ? 0 : 1].text;
    if (!team) {
        if (p->count == 1)
            return; /* no team: already reported */
        if (defer(ns))
            return;
        d = okr_diag_report(diags, OKR105, p->span, "unresolved alignment '%s': no team '%s'", p->text,
                            p->parts[0].text);
        if (d) {
            okr_hint_init(&h, p->parts[0].text, &ns->budget);
            hint_teams(prog, &h);
            okr_hint_offer(diags, d, &h, p->parts[0].span);
        }
        okr_diag_help(diags, d, "check that team's files together with this one, e.g. `okrc check okrs/`");
        return;
    }
    okr_objective *first = okr_strmap_get(&team->objectives_by_name, obj_name);
    okr_objective *target = NULL;
    for (okr_objective *o = first; o && !target; o = okr_team_next_same_name(team, o))
        if (okr_resolve_cycles_overlap(o->cycle, obj->cycle))
            target = o;
    if (!target) {
        if (defer(ns))
            return;
        if (first) {
            okr_objective *other = first;
            d = okr_diag_report(diags, OKR105, p->span,
                                "unresolved alignment '%s': its cycle %s does not overlap %s", p->text,
                                cycle_label(other->cycle), cycle_label(obj->cycle));
            okr_diag_note(diags, d, other->name.span, "'%s.%s' is declared here", team->name, obj_name);
            okr_diag_help(diags, d, "align to an objective of a cycle that contains this one");
        } else {
            d = okr_diag_report(diags, OKR105, p->span, "unresolved alignment '%s': team '%s' has no objective '%s'",
                                p->text, team->name, obj_name);
            if (d) {
                okr_hint_init(&h, obj_name, &ns->budget);
                for (size_t i = 0; i < team->objectives.len; i++)
                    okr_hint_consider(&h, ((okr_objective *)team->objectives.items[i])->name.text);
                okr_hint_offer(diags, d, &h, p->parts[p->count == 1 ? 0 : 1].span);
            }
            okr_diag_help(diags, d, "check the objective's name in %s's file", team->name);
        }
        return;
    }
    a->objective = target;
    if (p->count == 3) {
        const char *kr_name = p->parts[2].text;
        for (size_t i = 0; i < target->krs.len; i++) {
            okr_kr *kr = target->krs.items[i];
            if (kr->name.text && strcmp(kr->name.text, kr_name) == 0)
                a->kr = kr;
        }
        if (!a->kr) {
            a->objective = NULL; /* an unresolved link is no edge of the alignment graph */
            if (defer(ns))
                return;
            d = okr_diag_report(diags, OKR105, p->parts[2].span,
                                "unresolved alignment '%s': objective '%s.%s' has no key result '%s'",
                                p->text, team->name, obj_name, kr_name);
            if (d) {
                okr_hint_init(&h, kr_name, &ns->budget);
                for (size_t i = 0; i < target->krs.len; i++)
                    okr_hint_consider(&h, ((okr_kr *)target->krs.items[i])->name.text);
                okr_hint_offer(diags, d, &h, p->parts[2].span);
            }
            okr_diag_help(diags, d, "align to the objective ('%s.%s'), or name the key result as declared",
                          team->name, obj_name);
        }
    }
}

/* One objective's references: its key results' and counter-metrics'
 * metrics, then its aligns links. */
static void resolve_objective(okr_program *prog, name_scope *ns, okr_file_unit *unit, okr_objective *obj)
{
    resolve_objective_refs(prog, ns, unit, obj);
    for (size_t k = 0; k < obj->aligns.len && !ns->deferred; k++)
        resolve_align(prog, ns, unit, obj, obj->aligns.items[k]);
}

typedef struct refs_walk {
    size_t first;            /* the first objective's index in prog->objectives */
    okr_file_unit **unit_of; /* objective first + k is declared in unit_of[k] */
    unsigned char *deferred; /* deferred[k]: left by its chunk to the serial walk */
} refs_walk;

/* The walks below go in batches of REFS_BATCH objectives, loading first
 * for the whole batch, level by level, what resolving reads: the
 * objective nodes; their arrays and the key-result, counter and link
 * nodes; the metric paths and link targets; the names they spell. The
 * loads of one level are independent of each other, so their cache
 * misses overlap. Loads, not prefetches: at okr_pass_prefetch's stages
 * the nodes were still missing when read (most of this walk's samples on
 * the 100k corpus). Returns a value of what was loaded, for the caller
 * to keep in a volatile (else the loads would be dropped as unused). */
enum { REFS_BATCH = 16 };

static uintptr_t load_batch(const okr_program *prog, size_t from, size_t to)
{
    uintptr_t seen = 0;
    for (size_t i = from; i < to; i++) {
        const okr_objective *o = prog->objectives.items[i];
        seen ^= (uintptr_t)o->krs.items ^ (uintptr_t)o->counters.items ^ (uintptr_t)o->aligns.items;
    }
    for (size_t i = from; i < to; i++) {
        const okr_objective *o = prog->objectives.items[i];
        for (size_t k = 0; k < o->krs.len; k++)
            seen ^= (uintptr_t)((const okr_kr *)o->krs.items[k])->metric;
        for (size_t k = 0; k < o->counters.len; k++)
            seen ^= (uintptr_t)((const okr_counter *)o->counters.items[k])->metric;
        for (size_t k = 0; k < o->aligns.len; k++)
            seen ^= (uintptr_t)((const okr_align *)o->aligns.items[k])->target;
    }
    for (size_t i = from; i < to; i++) {
        const okr_objective *o = prog->objectives.items[i];
        for (size_t k = 0; k < o->krs.len; k++) {
            const okr_path *m = ((const okr_kr *)o->krs.items[k])->metric;
            if (m && m->parts && m->parts[0].text)
                seen ^= (uintptr_t)m->parts[0].text[0];
        }
        for (size_t k = 0; k < o->counters.len; k++) {
            const okr_path *m = ((const okr_counter *)o->counters.items[k])->metric;
            if (m && m->parts && m->parts[0].text)
                seen ^= (uintptr_t)m->parts[0].text[0];
        }
        for (size_t k = 0; k < o->aligns.len; k++)
            seen ^= (uintptr_t)((const okr_align *)o->aligns.items[k])->target->parts;
    }
    return seen;
}

/* Objectives first + [from, to) on a chunk (okr_pass_chunked): each is
 * resolved unless that reports or loads a module; those are marked. A
 * chunk writes only its own objectives' nodes and marks, and allocates
 * from its view's arena (the label of a key result with no name). */
static void refs_chunk(okr_program *view, size_t from, size_t to, void *ctx)
{
    refs_walk *w = ctx;
    name_scope ns = {.quiet = 1};
    uintptr_t seen = 0;
    for (size_t k = from; k < to; k++) {
        size_t i = w->first + k;
        if ((k - from) % REFS_BATCH == 0)
            seen ^= load_batch(view, i, i + (to - k < REFS_BATCH ? to - k : REFS_BATCH));
        ns.deferred = 0;
        resolve_objective(view, &ns, w->unit_of[k], view->objectives.items[i]);
        w->deferred[k] = (unsigned char)ns.deferred;
    }
    volatile uintptr_t keep = seen;
    (void)keep;
}

void okr_resolve_names(okr_program *prog, const okr_decl_table *decls, size_t first_objective)
{
    name_scope ns = {.budget = OKR_NAME_HINT_BUDGET};
    for (size_t i = 0; i < prog->units.len; i++)
        resolve_uses(prog, &ns, prog->units.items[i], decls->at[i], decls->count[i]);
    size_t n = prog->objectives.len - first_objective;
    refs_walk w = {.first = first_objective};
    /* n + 1: never NULL, even with no objectives. */
    w.unit_of = malloc((n + 1) * sizeof *w.unit_of);
    if (!w.unit_of)
        abort();
    size_t k = 0;
    for (size_t i = 0; i < prog->units.len; i++)
        for (size_t j = 0; j < decls->count[i]; j++)
            if (decls->at[i][j].kind == OKR_DECL_OBJECTIVE)
                w.unit_of[k++] = prog->units.items[i];
    int chunked = okr_pass_jobs(prog, n) > 1;
    if (chunked) {
        w.deferred = calloc(n + 1, 1);
        if (!w.deferred)
            abort();
        okr_pass_chunked(prog, n, refs_chunk, &w);
    }
    /* In program order: everything on one thread, else what the chunks
     * left, reporting as that one walk would. */
    uintptr_t seen = 0;
    for (k = 0; k < n; k++) {
        if (chunked && !w.deferred[k])
            continue;
        size_t i = first_objective + k;
        if (!chunked && k % REFS_BATCH == 0)
            seen ^= load_batch(prog, i, i + (n - k < REFS_BATCH ? n - k : REFS_BATCH));
        resolve_objective(prog, &ns, w.unit_of[k], prog->objectives.items[i]);
    }
    volatile uintptr_t keep = seen;
    (void)keep;
    free(w.unit_of);
    free(w.deferred);
}
