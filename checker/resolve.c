/* resolve.c: names (spec.md, "Names and scopes").
 *
 * Builds the program's tables from the syntax trees: teams (the union of
 * every file that says `team NAME`), their metrics and objectives, the
 * cycles, what each file's `use` brings into scope; then has
 * resolve_refs.c resolve every metric reference of a key result or
 * counter-metric and every `aligns` link, and looks for alignment cycles.
 * Codes OKR1xx, plus OKR010 for dates and OKR704 for a policy block in a
 * program file. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../common/calendar.h"
#include "../parser/parser.h"
#include "passes.h"
#include "pool.h"
#include "prefetch.h"
#include "resolve_internal.h"

/* NAME is decl->name.text, from the declaration table. */
static okr_team *team_get(okr_program *prog, okr_team_decl *decl, const char *name)
{
    okr_team *t = okr_strmap_get(&prog->teams_by_name, name);
    if (t)
        return t;
    t = okr_arena_alloc(&prog->arena, sizeof *t);
    t->name = name;
    t->decl = decl;
    okr_strmap_init(&t->metrics, &prog->arena);
    okr_strmap_init(&t->objectives_by_name, &prog->arena);
    okr_strmap_put(&prog->teams_by_name, t->name, t);
    okr_vec_push(&prog->arena, &prog->teams, t);
    return t;
}

/* What "%04d-Q%d" prints ("%04d-Q" with no quarter, quarter < 0), by
 * hand for four-digit years and one-digit quarters: the two vsnprintf
 * calls of okr_arena_printf per file were 5-9% of this pass's profile on
 * the 100k corpus. */
static const char *quarter_label(okr_arena *arena, int year, int quarter)
{
    if (year < 0 || year > 9999 || quarter > 9)
        return quarter < 0 ? okr_arena_printf(arena, "%04d-Q", year) : okr_arena_printf(arena, "%04d-Q%d", year, quarter);
    char *p = okr_arena_alloc_bytes(arena, 8);
    for (int i = 3; i >= 0; i--, year /= 10)
        p[i] = (char)('0' + year % 10);
    p[4] = '-';
    p[5] = 'Q';
    p[6] = quarter < 0 ? '\0' : (char)('0' + quarter);
    p[7] = '\0';
    return p;
}

static void resolve_cycle(okr_program *prog, okr_cycle_decl *c)
{
    okr_diags *diags = &prog->diags;
    okr_diag *d;
    if (c->is_quarter) {
        c->label = quarter_label(&prog->arena, c->year, c->quarter);
        if (c->quarter < 1 || c->quarter > 4 || c->year < 1900) {
            d = okr_diag_report(diags, OKR010, c->span,
                                c->quarter < 0 ? "cycle '%s' names no quarter" : "invalid quarter in cycle '%s'",
                                c->label);
            okr_diag_help(diags, d, "quarters are Q1 to Q4: `cycle 2026-Q3`");
            return;
        }
        static const int first_month[] = {1, 4, 7, 10};
        static const int last_day[] = {31, 30, 30, 31};
        okr_calendar_days_from_date(c->year, first_month[c->quarter - 1], 1, &c->start_day);
        okr_calendar_days_from_date(c->year, first_month[c->quarter - 1] + 2, last_day[c->quarter - 1], &c->end_day);
        c->ok = 1;
        return;
    }
    c->label = c->name.text;
    int ok = 1;
    const okr_date *dates[2] = {&c->start, &c->end};
    long *days[2] = {&c->start_day, &c->end_day};
    for (int i = 0; i < 2; i++) {
        if (!okr_calendar_days_from_date(dates[i]->year, dates[i]->month, dates[i]->day, days[i])) {
            d = okr_diag_report(diags, OKR010, dates[i]->span, "date %04d-%02d-%02d does not exist",
                                dates[i]->year, dates[i]->month, dates[i]->day);
            okr_diag_help(diags, d, "dates are YYYY-MM-DD and must exist in the calendar");
            ok = 0;
        }
    }
    if (!ok)
        return;
    if (c->end_day < c->start_day) {
        d = okr_diag_report(diags, OKR111, c->span, "cycle '%s' ends before it starts", c->label);
        okr_diag_help(diags, d, "write the start date first: `from 2026-07-01 to 2026-09-30`");
        return;
    }
    if (c->end_day - c->start_day + 1 > 366) {
        d = okr_diag_report(diags, OKR111, c->span, "cycle '%s' lasts %ld days; the longest cycle is a year",
                            c->label, c->end_day - c->start_day + 1);
        okr_diag_help(diags, d, "split it into quarters, or into annual themes of at most 366 days");
        return;
    }
    c->ok = 1;
}

int okr_resolve_cycles_overlap(const okr_cycle_decl *a, const okr_cycle_decl *b)
{
    if (!a || !b || !a->ok || !b->ok)
        return 1;
    return a->start_day <= b->end_day && b->start_day <= a->end_day;
}

/* NAME is m->name.text (the body walk has it from the declaration
 * table). */
static void register_metric(okr_program *prog, okr_strmap *map, okr_vec *list, okr_metric_decl *m,
                            const char *owner, const char *name)
{
    m->owner_name = owner;
    okr_metric_decl *prev = okr_strmap_get(map, name);
    if (prev) {
        okr_diag *d = okr_diag_report(&prog->diags, OKR102, m->name.span,
                                      "metric '%s' is declared twice in '%s'", m->name.text, owner);
        okr_diag_note(&prog->diags, d, prev->name.span, "first declared here");
        okr_diag_help(&prog->diags, d, "remove one declaration, or rename one of the metrics");
        return;
    }
    okr_strmap_put(map, name, m);
    okr_vec_push(&prog->arena, list, m);
}

void okr_resolve_module_load(okr_program *prog, okr_module *m)
{
    if (m->parsed)
        return;
    m->parsed = 1;
    char *path = okr_arena_printf(&prog->arena, "<stdlib>/%s.okr", m->name);
    for (char *c = path + 9; *c; c++)
        if (*c == '.' && strcmp(c, ".okr") != 0)
            *c = '/';
    uint32_t id = okr_source_add(&prog->sources, path, m->text, m->len, 1);
    okr_file_ast *ast = okr_parse_file(&prog->arena, &prog->diags, &prog->sources, id);
    for (size_t i = 0; i < ast->decls.len; i++) {
        okr_decl *decl = ast->decls.items[i];
        if (decl->kind == OKR_DECL_METRIC)
            register_metric(prog, &m->metrics, &m->metric_list, decl->node, m->name,
                            ((okr_metric_decl *)decl->node)->name.text);
    }
}

/* Pass 1 over a file: its team, cycle and policy blocks, and its natives
 * for the feeds pass. */
static void collect_file_header(okr_program *prog, okr_file_unit *unit, const okr_decl_at *decls, size_t count)
{
    okr_team_decl *first_team = NULL;
    okr_cycle_decl *first_cycle = NULL;
    okr_diags *diags = &prog->diags;
    /* The nodes from the table: the okr_decl record (decl) is read only
     * to report, its cache miss spared. */
    for (size_t i = 0; i < count; i++) {
        const okr_decl *decl = decls[i].decl;
        void *node = decls[i].node;
        okr_diag *d;
        switch (decls[i].kind) {
        case OKR_DECL_TEAM:
            if (first_team) {
                d = okr_diag_report(diags, OKR108, decl->span, "file declares a second team '%s'",
                                    ((okr_team_decl *)node)->name.text);
                okr_diag_note(diags, d, first_team->span, "the file's team is declared here");
                okr_diag_help(diags, d, "put each team's OKRs in a file of its own");
            } else {
                first_team = node;
                unit->team = team_get(prog, first_team, decls[i].name);
            }
            break;
        case OKR_DECL_CYCLE:
            resolve_cycle(prog, node);
            if (first_cycle) {
                d = okr_diag_report(diags, OKR109, decl->span, "file declares a second cycle");
                okr_diag_note(diags, d, first_cycle->span, "the file's cycle is declared here");
                okr_diag_help(diags, d, "put each cycle's OKRs in a file of its own");
            } else {
                first_cycle = node;
                unit->cycle = first_cycle;
            }
            break;
        case OKR_DECL_NATIVE:
            okr_vec_push(&prog->arena, &prog->native_decls, node);
            break;
        case OKR_DECL_POLICY:
            d = okr_diag_report(diags, OKR704, decl->span, "`policy` block in an OKR file");
            okr_diag_help(diags, d, "move it to okr.policy (next to or above the OKR files) or pass --policy FILE");
            break;
        default:
            break;
        }
    }
}

/* The name a team, metric or objective declares, else NULL. */
static const char *decl_name(const okr_decl *decl)
{
    switch (decl->kind) {
    case OKR_DECL_TEAM:
        return ((const okr_team_decl *)decl->node)->name.text;
    case OKR_DECL_METRIC:
        return ((const okr_metric_decl *)decl->node)->name.text;
    case OKR_DECL_OBJECTIVE:
        return ((const okr_objective *)decl->node)->name.text;
    default:
        return NULL;
    }
}

/* Appends the file's declarations to T and sets first[unit_index]. */
static void decl_table_add_file(okr_decl_table *t, size_t unit_index, const okr_file_unit *unit)
{
    t->first[unit_index] = t->len;
    size_t n = unit->ast->decls.len;
    if (t->len + n > t->cap) {
        size_t cap = t->cap;
        while (cap < t->len + n)
            cap *= 2;
        okr_decl_at *items = realloc(t->items, cap * sizeof *items);
        if (!items)
            abort();
        t->items = items;
        t->cap = cap;
    }
    for (size_t i = 0; i < n; i++) {
        const okr_decl *decl = unit->ast->decls.items[i];
        t->items[t->len++] = (okr_decl_at){decl->kind, decl->node, decl, decl_name(decl)};
    }
}

/* Room for N items at once (see presize_tables). */
static void vec_reserve(okr_arena *arena, okr_vec *vec, size_t n)
{
    if (n <= vec->cap)
        return;
    void **items = okr_arena_alloc(arena, n * sizeof *items);
    if (vec->len)
        memcpy(items, vec->items, vec->len * sizeof *items);
    vec->items = items;
    vec->cap = n;
}

/* Counts a file's objectives into *objectives and, when it has a team,
 * the team's declared metrics and objectives (see presize_tables). The
 * header walk calls it with the file's unit at hand: a later walk over
 * the units missed the cache on each. */
static void count_file_decls(const okr_file_unit *unit, const okr_decl_at *decls, size_t count, size_t *objectives)
{
    okr_team *team = unit->team;
    for (size_t j = 0; j < count; j++) {
        if (decls[j].kind == OKR_DECL_OBJECTIVE) {
            ++*objectives;
            if (team)
                team->declared_objectives++;
        } else if (decls[j].kind == OKR_DECL_METRIC && team) {
            team->declared_metrics++;
        }
    }
}

/* Sizes the tables the body walk fills, from the declarations counted
 * per team and the program's objectives: filled by doubling in the arena,
 * each left its outgrown arrays behind (6.9 MB of the 100k corpus's 22.7
 * MB of checker tables). */
static void presize_tables(okr_program *prog, size_t objectives)
{
    vec_reserve(&prog->arena, &prog->objectives, objectives);
    for (size_t i = 0; i < prog->teams.len; i++) {
        okr_team *team = prog->teams.items[i];
        okr_strmap_reserve(&team->metrics, team->declared_metrics);
        vec_reserve(&prog->arena, &team->metric_list, team->declared_metrics);
        okr_strmap_reserve(&team->objectives_by_name, team->declared_objectives);
        vec_reserve(&prog->arena, &team->objectives, team->declared_objectives);
    }
}

/* Registers OBJ, the last of TEAM's objectives, by name: the first of a
 * name is the map's value and the others follow it by next_same_name (a
 * list per name cost each objective a vector and its array). */
static void add_same_name(okr_program *prog, okr_team *team, okr_objective *obj, const char *name)
{
    okr_objective *prev = okr_strmap_get(&team->objectives_by_name, name);
    if (!prev) {
        okr_strmap_put(&team->objectives_by_name, name, obj);
        return;
    }
    int reported = 0;
    for (;; prev = okr_team_next_same_name(team, prev)) {
        if (!reported && okr_resolve_cycles_overlap(prev->cycle, obj->cycle)) {
            okr_diag *d = okr_diag_report(&prog->diags, OKR103, obj->name.span,
                                          "objective '%s.%s' is declared twice", team->name, obj->name.text);
            okr_diag_note(&prog->diags, d, prev->name.span, "first declared here");
            okr_diag_help(&prog->diags, d, "rename one of them; aligns links must name one objective");
            reported = 1;
        }
        if (!prev->next_same_name)
            break;
    }
    prev->next_same_name = (uint32_t)team->objectives.len; /* OBJ's position + 1 */
}

/* Pass 2 over a file: register its metrics and objectives with its team. */
static void collect_file_body(okr_program *prog, okr_file_unit *unit, const okr_decl_table *table, size_t first,
                              size_t count)
{
    okr_diags *diags = &prog->diags;
    int reported_team = 0, reported_cycle = 0;
    const okr_decl_at *decls = table->items + first;
    for (size_t i = 0; i < count; i++) {
        const okr_decl_at *decl = &decls[i];
        if (decl->kind != OKR_DECL_METRIC && decl->kind != OKR_DECL_OBJECTIVE)
            continue;
        /* A file with syntax errors may have lost its `team` or `cycle` line;
         * saying it is missing would only repeat the syntax error. (The
         * tree is read last: a miss per declaration otherwise.) */
        if (!unit->team && !reported_team && !unit->ast->syntax_errors) {
            okr_diag *d = okr_diag_report(diags, OKR108, decl->decl->span,
                                          "%s declared in a file with no `team`",
                                          decl->kind == OKR_DECL_METRIC ? "metric" : "objective");
            okr_diag_help(diags, d, "start the file with `team NAME \"Title\" owner \"Name\"`");
            reported_team = 1;
        }
        if (decl->kind == OKR_DECL_METRIC) {
            if (unit->team)
                register_metric(prog, &unit->team->metrics, &unit->team->metric_list, decl->node,
                                unit->team->name, decl->name);
            continue;
        }
        okr_objective *obj = decl->node;
        obj->cycle = unit->cycle;
        if (!unit->cycle && !reported_cycle && !unit->ast->syntax_errors) {
            okr_diag *d = okr_diag_report(diags, OKR109, obj->name.span,
                                          "objective '%s' is in a file with no `cycle`", obj->name.text);
            okr_diag_help(diags, d, "declare the cycle before the objectives: `cycle 2026-Q3`");
            reported_cycle = 1;
        }
        obj->index = prog->objectives.len;
        okr_vec_push(&prog->arena, &prog->objectives, obj);
        if (!unit->team)
            continue;
        obj->team = unit->team->decl;
        okr_team *team = unit->team;
        okr_vec_push(&prog->arena, &team->objectives, obj);
        add_same_name(prog, team, obj, decl->name);
    }
}


static const char *objective_qualified(okr_program *prog, const okr_objective *obj)
{
    return obj->team ? okr_arena_printf(&prog->arena, "%s.%s", obj->team->name.text, obj->name.text)
                     : obj->name.text;
}

/* The alignment graph as arrays, built on the pool's threads: objective i's
 * resolved links are edges[first[i] .. first[i] + count[i]), each the
 * target's index and the link's position in its aligns, in link order.
 * Reading the objective nodes, their links and targets, which lie far
 * apart, was most of the serial search's time (7-9 ms of the 100k
 * corpus); the search then reads only these arrays. */
typedef struct align_edge {
    uint32_t to, link;
} align_edge;

typedef struct align_graph {
    const okr_program *prog;
    align_edge **edges_of; /* objective i's edges: edges_of[i][0 .. count[i]) */
    uint32_t *count;
} align_graph;

typedef struct graph_chunk {
    align_graph *g;
    size_t from, to;
    align_edge *buf; /* the chunk's edges, freed after the search */
    size_t len, cap;
} graph_chunk;

/* What the graph reads of the objectives ahead, in stages (prefetch.h):
 * the objective node, its aligns array, the links. */
static void prefetch_root(const okr_program *prog, size_t i)
{
    const okr_objective *o = okr_prefetch_at(prog, i, 3);
    okr_prefetch_bytes(o, sizeof *o);
    if ((o = okr_prefetch_at(prog, i, 2)))
        __builtin_prefetch(o->aligns.items);
    if ((o = okr_prefetch_at(prog, i, 1)))
        okr_prefetch_vec_items(&o->aligns, sizeof(okr_align));
}

static void *graph_work(void *arg)
{
    graph_chunk *c = arg;
    const okr_program *prog = c->g->prog;
    size_t *start = malloc((c->to - c->from + 1) * sizeof *start);
    if (!start)
        abort();
    for (size_t i = c->from; i < c->to; i++) {
        prefetch_root(prog, i);
        const okr_objective *o = prog->objectives.items[i];
        start[i - c->from] = c->len;
        for (size_t k = 0; k < o->aligns.len; k++) {
            const okr_objective *to = ((const okr_align *)o->aligns.items[k])->objective;
            if (!to)
                continue;
            if (c->len == c->cap) {
                c->cap = c->cap ? 2 * c->cap : 1024;
                c->buf = realloc(c->buf, c->cap * sizeof *c->buf);
                if (!c->buf)
                    abort();
            }
            c->buf[c->len++] = (align_edge){(uint32_t)to->index, (uint32_t)k};
        }
        c->g->count[i] = (uint32_t)(c->len - start[i - c->from]);
    }
    for (size_t i = c->from; i < c->to; i++)
        c->g->edges_of[i] = c->buf + start[i - c->from];
    free(start);
    return NULL;
}

typedef struct cycle_frame {
    uint32_t obj;  /* index */
    uint32_t next; /* the next edge to follow */
} cycle_frame;

/* How much of a long cycle the message shows: the first objectives, a
 * count of the rest, the last ones and the first again. */
enum { CYCLE_SHOWN_HEAD = 4, CYCLE_SHOWN_TAIL = 2 };

/* n with a comma every three digits ("99,996"), into buf. */
static const char *grouped(size_t n, char *buf, size_t size)
{
    char digits[32];
    int len = snprintf(digits, sizeof digits, "%zu", n);
    size_t o = 0;
    for (int i = 0; i < len && o + 2 < size; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
    return buf;
}

static const char *frame_qualified(okr_program *prog, const cycle_frame *f)
{
    return objective_qualified(prog, prog->objectives.items[f->obj]);
}

/* "a -> b -> ... (N more) -> y -> z -> a" for the cycle stack[from..top]
 * closed by a link back to stack[from]. Built once, at the length it will
 * have: re-printing the growing path at each step cost memory quadratic in
 * the cycle's length (23.9 GB for a 100,000-objective cycle). */
static const char *cycle_path(okr_program *prog, const cycle_frame *stack, size_t from, size_t top)
{
    size_t n = top - from; /* objectives in the cycle */
    const char *part[CYCLE_SHOWN_HEAD + CYCLE_SHOWN_TAIL + 3] = {0};
    size_t parts = 0;
    char more[64], count[32];
    if (n <= CYCLE_SHOWN_HEAD + CYCLE_SHOWN_TAIL + 1) {
        for (size_t k = from; k < top; k++)
            part[parts++] = frame_qualified(prog, &stack[k]);
    } else {
        for (size_t k = 0; k < CYCLE_SHOWN_HEAD; k++)
            part[parts++] = frame_qualified(prog, &stack[from + k]);
        snprintf(more, sizeof more, "... (%s more)",
                 grouped(n - CYCLE_SHOWN_HEAD - CYCLE_SHOWN_TAIL, count, sizeof count));
        part[parts++] = more;
        for (size_t k = top - CYCLE_SHOWN_TAIL; k < top; k++)
            part[parts++] = frame_qualified(prog, &stack[k]);
    }
    part[parts++] = part[0];
    size_t len = 0;
    for (size_t k = 0; k < parts; k++)
        len += strlen(part[k]) + (k ? 4 : 0);
    char *path = okr_arena_alloc(&prog->arena, len + 1), *at = path;
    for (size_t k = 0; k < parts; k++) {
        if (k) {
            memcpy(at, " -> ", 4);
            at += 4;
        }
        size_t l = strlen(part[k]);
        memcpy(at, part[k], l);
        at += l;
    }
    *at = '\0';
    return path;
}

/* Iterative depth-first search over the graph (a recursive one could
 * overflow the stack on a hostile 100k-long chain). Each cycle is reported
 * once, at the objective whose link closes it. VISITED and ON_STACK hold
 * a byte per objective. */
static void search_cycles(okr_program *prog, const align_graph *g, unsigned char *visited, unsigned char *on_stack)
{
    size_t n = prog->objectives.len;
    cycle_frame *stack = malloc((n + 1) * sizeof *stack);
    if (!stack)
        abort();
    for (size_t i = 0; i < n; i++) {
        if (visited[i])
            continue;
        size_t depth = 0;
        stack[depth++] = (cycle_frame){(uint32_t)i, 0};
        visited[i] = on_stack[i] = 1;
        while (depth) {
            cycle_frame *f = &stack[depth - 1];
            if (f->next == g->count[f->obj]) {
                on_stack[f->obj] = 0;
                depth--;
                continue;
            }
            align_edge e = g->edges_of[f->obj][f->next++];
            if (on_stack[e.to]) {
                /* The cycle is the stack from `to` up to the top. */
                size_t from = depth - 1;
                while (stack[from].obj != e.to)
                    from--;
                const okr_objective *o = prog->objectives.items[f->obj];
                const okr_align *a = o->aligns.items[e.link];
                okr_diag *d = okr_diag_report(&prog->diags, OKR106, a->span, "alignment cycle: %s",
                                              cycle_path(prog, stack, from, depth));
                okr_diag_help(&prog->diags, d, "alignment runs from team objectives up to company "
                                               "objectives; remove one of these links");
            } else if (!visited[e.to]) {
                visited[e.to] = on_stack[e.to] = 1;
                stack[depth++] = (cycle_frame){e.to, 0};
            }
        }
    }
    free(stack);
}

/* From OKR_PASS_OBJECTIVES_PER_JOB objectives a thread builds a part of
 * the graph (okr_pass_jobs); the search is on the calling thread. */
static void find_alignment_cycles(okr_program *prog)
{
    size_t n = prog->objectives.len;
    size_t jobs = okr_pass_jobs(prog, n);
    align_graph g = {prog, malloc((n + 1) * sizeof *g.edges_of), malloc((n + 1) * sizeof *g.count)};
    graph_chunk *chunks = calloc(jobs, sizeof *chunks);
    unsigned char *marks = calloc(2 * n + 2, 1);
    if (!g.edges_of || !g.count || !chunks || !marks)
        abort();
    for (size_t k = 0; k < jobs; k++)
        chunks[k] = (graph_chunk){.g = &g, .from = n * k / jobs, .to = n * (k + 1) / jobs};
    okr_pool_run(jobs, graph_work, chunks, sizeof *chunks);
    search_cycles(prog, &g, marks, marks + n + 1);
    for (size_t k = 0; k < jobs; k++)
        free(chunks[k].buf);
    free(chunks);
    free(marks);
    free(g.edges_of);
    free(g.count);
}

/* The units' nodes a few files ahead of the header walk, in stages along
 * the pointers (prefetch.h says why): the unit, its tree, its array of
 * declarations, the declarations. */
static void prefetch_unit(const okr_program *prog, size_t i)
{
    const okr_vec *units = &prog->units;
    size_t at = i + 4 * OKR_PREFETCH_STAGE;
    if (at < units->len)
        okr_prefetch_bytes(units->items[at], sizeof(okr_file_unit));
    at = i + 3 * OKR_PREFETCH_STAGE;
    if (at < units->len)
        okr_prefetch_bytes(((const okr_file_unit *)units->items[at])->ast, sizeof(okr_file_ast));
    at = i + 2 * OKR_PREFETCH_STAGE;
    if (at < units->len)
        __builtin_prefetch(((const okr_file_unit *)units->items[at])->ast->decls.items);
    at = i + OKR_PREFETCH_STAGE;
    if (at < units->len)
        okr_prefetch_vec_items(&((const okr_file_unit *)units->items[at])->ast->decls, sizeof(okr_decl));
}

/* The table is built on the pool's threads when there are many files:
 * reading the declarations, whose records lie far apart, is most of its
 * cost. Each thread reads a run of files into an array of its own (the
 * runs in file order, first[i] relative to the run's start), joined after
 * in file order; nothing else is written. From 2,000 files: a thread
 * reads one in about half a microsecond. */
enum { GATHER_FILES_PER_JOB = 1000 };

typedef struct gather_chunk {
    const okr_program *prog;
    size_t from, to;     /* the run of units */
    okr_decl_table part; /* their declarations; part.first is the table's */
} gather_chunk;

static void *gather_work(void *arg)
{
    gather_chunk *c = arg;
    for (size_t i = c->from; i < c->to; i++) {
        prefetch_unit(c->prog, i);
        decl_table_add_file(&c->part, i, c->prog->units.items[i]);
    }
    return NULL;
}

/* Fills T (items never NULL, even for a program without declarations:
 * each file's range is items + first[i]). */
static void decl_table_build(const okr_program *prog, okr_decl_table *t)
{
    size_t n = prog->units.len;
    /* A thread per GATHER_FILES_PER_JOB files at most, OKRC_JOBS or not:
     * for fewer the step is well under a millisecond. */
    size_t jobs = okr_pool_jobs(prog->jobs, n / GATHER_FILES_PER_JOB, 1);
    gather_chunk *chunks = calloc(jobs, sizeof *chunks);
    t->first = malloc((n + 1) * sizeof *t->first);
    if (!chunks || !t->first)
        abort();
    for (size_t k = 0; k < jobs; k++) {
        okr_decl_table *part = &chunks[k].part;
        chunks[k] = (gather_chunk){prog, n * k / jobs, n * (k + 1) / jobs, {.cap = 64, .first = t->first}};
        part->items = malloc(part->cap * sizeof *part->items);
        if (!part->items)
            abort();
    }
    okr_pool_run(jobs, gather_work, chunks, sizeof *chunks);
    if (jobs == 1) {
        *t = chunks[0].part;
    } else {
        size_t total = 0;
        for (size_t k = 0; k < jobs; k++)
            total += chunks[k].part.len;
        *t = (okr_decl_table){.items = malloc((total + 1) * sizeof *t->items), .cap = total + 1, .first = t->first};
        if (!t->items)
            abort();
        for (size_t k = 0; k < jobs; k++) {
            const gather_chunk *c = &chunks[k];
            memcpy(t->items + t->len, c->part.items, c->part.len * sizeof *t->items);
            for (size_t i = c->from; i < c->to; i++)
                t->first[i] += t->len;
            t->len += c->part.len;
            free(c->part.items);
        }
    }
    t->first[n] = t->len;
    free(chunks);
}

/* The header and body walks go in batches of FILES_BATCH files, loading
 * first for the whole batch what the walk reads of them: the units, and
 * the cycle nodes (header) or the objective and metric nodes it writes
 * (body). Loads, not prefetches, for the reason resolve_refs.c gives at
 * load_batch: the misses of one batch overlap. Returns a value of what
 * was loaded, for the caller to keep in a volatile. */
enum { FILES_BATCH = 8 };

static uintptr_t load_files(const okr_program *prog, const okr_decl_table *t, size_t from, int body)
{
    size_t to = from + FILES_BATCH < prog->units.len ? from + FILES_BATCH : prog->units.len;
    uintptr_t seen = 0;
    for (size_t i = from; i < to; i++)
        seen ^= (uintptr_t)((const okr_file_unit *)prog->units.items[i])->team;
    for (size_t j = t->first[from]; j < t->first[to]; j++) {
        const void *node = t->items[j].node;
        if (!body && t->items[j].kind == OKR_DECL_CYCLE)
            seen ^= ((const okr_cycle_decl *)node)->is_quarter;
        else if (body && t->items[j].kind == OKR_DECL_OBJECTIVE)
            seen ^= (uintptr_t)((const okr_objective *)node)->cycle;
        else if (body && t->items[j].kind == OKR_DECL_METRIC)
            seen ^= (uintptr_t)((const okr_metric_decl *)node)->owner_name;
    }
    return seen;
}

void okr_pass_resolve(okr_program *prog)
{
    size_t first_objective = prog->objectives.len;
    okr_decl_table decls;
    decl_table_build(prog, &decls);
    size_t objectives = first_objective;
    uintptr_t seen = 0;
    for (size_t i = 0; i < prog->units.len; i++) {
        if (i % FILES_BATCH == 0)
            seen ^= load_files(prog, &decls, i, 0);
        collect_file_header(prog, prog->units.items[i], decls.items + decls.first[i],
                            decls.first[i + 1] - decls.first[i]);
        count_file_decls(prog->units.items[i], decls.items + decls.first[i], decls.first[i + 1] - decls.first[i],
                         &objectives);
    }
    presize_tables(prog, objectives);
    for (size_t i = 0; i < prog->units.len; i++) {
        if (i % FILES_BATCH == 0)
            seen ^= load_files(prog, &decls, i, 1);
        collect_file_body(prog, prog->units.items[i], &decls, decls.first[i], decls.first[i + 1] - decls.first[i]);
    }
    volatile uintptr_t keep = seen;
    (void)keep;
    okr_resolve_names(prog, &decls, first_objective);
    free(decls.items);
    free(decls.first);
    find_alignment_cycles(prog);
}
