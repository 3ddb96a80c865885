/* resolve.c: names (spec.md, "Names and scopes").
 *
 * Builds the program's tables from the syntax trees: teams (the union of
 * every file that says `team NAME`), their metrics and objectives, the
 * cycles, what each file's `use` brings into scope; then has
 * resolve_refs.c resolve every metric reference of a key result or
 * counter-metric and every `aligns` link, and resolve_cycles.c look for
 * alignment cycles. Codes OKR1xx, plus OKR010 for dates and OKR704 for a
 * policy block in a program file.
 *
 * The tables are built in three steps: threads gather the files'
 * declarations into one table in file order, with what each file says of
 * its team (gather_work); one walk in file order registers the teams in
 * the order first seen, reading whole only the files with something to
 * report (header_walk); then threads fill the teams' tables, each team's
 * files on one thread in file order, each file's findings kept apart and
 * added to the program's in file order (body_work). So the tables, the
 * findings and their order are those of one walk over the files, whatever
 * the number of threads. */
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

/* Resolves a cycle that is a valid quarter (label, days) and returns 1;
 * else returns 0, having changed nothing. Reports nothing: the threads
 * that gather the declarations call it (see gather_work). */
static int resolve_quarter(okr_arena *arena, okr_cycle_decl *c)
{
    if (!c->is_quarter || c->quarter < 1 || c->quarter > 4 || c->year < 1900)
        return 0;
    static const int first_month[] = {1, 4, 7, 10};
    static const int last_day[] = {31, 30, 30, 31};
    c->label = quarter_label(arena, c->year, c->quarter);
    okr_calendar_days_from_date(c->year, first_month[c->quarter - 1], 1, &c->start_day);
    okr_calendar_days_from_date(c->year, first_month[c->quarter - 1] + 2, last_day[c->quarter - 1], &c->end_day);
    c->ok = 1;
    return 1;
}

static void resolve_cycle(okr_program *prog, okr_cycle_decl *c)
{
    okr_diags *diags = &prog->diags;
    okr_diag *d;
    if (resolve_quarter(&prog->arena, c))
        return;
    if (c->is_quarter) {
        c->label = quarter_label(&prog->arena, c->year, c->quarter);
        d = okr_diag_report(diags, OKR010, c->span,
                            c->quarter < 0 ? "cycle '%s' names no quarter" : "invalid quarter in cycle '%s'",
                            c->label);
        okr_diag_help(diags, d, "quarters are Q1 to Q4: `cycle 2026-Q3`");
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
static void register_metric(okr_arena *arena, okr_diags *diags, okr_strmap *map, okr_vec *list,
                            okr_metric_decl *m, const char *owner, const char *name)
{
    m->owner_name = owner;
    okr_metric_decl *prev = okr_strmap_get(map, name);
    if (prev) {
        okr_diag *d = okr_diag_report(diags, OKR102, m->name.span, "metric '%s' is declared twice in '%s'",
                                      m->name.text, owner);
        okr_diag_note(diags, d, prev->name.span, "first declared here");
        okr_diag_help(diags, d, "remove one declaration, or rename one of the metrics");
        return;
    }
    okr_strmap_put(map, name, m);
    okr_vec_push(arena, list, m);
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
            register_metric(&prog->arena, &prog->diags, &m->metrics, &m->metric_list, decl->node, m->name,
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

/* The name a team declares, else NULL. Metrics' and objectives' names
 * are read by the body walk, which writes their nodes anyway: reading
 * them here was a cache miss per declaration on the gathering threads. */
static const char *decl_name(const okr_decl *decl)
{
    return decl->kind == OKR_DECL_TEAM ? ((const okr_team_decl *)decl->node)->name.text : NULL;
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

/* Sizes the tables the body walk fills of a team, from its declarations
 * counted by the header walk: filled by doubling in the arena, each left
 * its outgrown arrays behind (6.9 MB of the 100k corpus's 22.7 MB of
 * checker tables). */
static void presize_team(okr_arena *arena, okr_team *team)
{
    okr_strmap_reserve(&team->metrics, team->declared_metrics);
    vec_reserve(arena, &team->metric_list, team->declared_metrics);
    okr_strmap_reserve(&team->objectives_by_name, team->declared_objectives);
    vec_reserve(arena, &team->objectives, team->declared_objectives);
}

/* Where the body walk of a file writes: the program's tables, or a
 * thread's arena and findings (see body_work). */
typedef struct body_ctx {
    okr_program *prog;
    okr_arena *arena;
    okr_diags *diags;
} body_ctx;

/* Registers OBJ, the last of TEAM's objectives, by name: the first of a
 * name is the map's value and the others follow it by next_same_name (a
 * list per name cost each objective a vector and its array). */
static void add_same_name(okr_diags *diags, okr_team *team, okr_objective *obj, const char *name)
{
    okr_objective *prev = okr_strmap_get(&team->objectives_by_name, name);
    if (!prev) {
        okr_strmap_put(&team->objectives_by_name, name, obj);
        return;
    }
    int reported = 0;
    for (;; prev = okr_team_next_same_name(team, prev)) {
        if (!reported && okr_resolve_cycles_overlap(prev->cycle, obj->cycle)) {
            okr_diag *d = okr_diag_report(diags, OKR103, obj->name.span,
                                          "objective '%s.%s' is declared twice", team->name, obj->name.text);
            okr_diag_note(diags, d, prev->name.span, "first declared here");
            okr_diag_help(diags, d, "rename one of them; aligns links must name one objective");
            reported = 1;
        }
        if (!prev->next_same_name)
            break;
    }
    prev->next_same_name = (uint32_t)team->objectives.len; /* OBJ's position + 1 */
}

/* Pass 2 over a file, whose team the header walk found: register its
 * metrics and objectives with the team, the objectives in the program's
 * list from position INDEX on. */
static void collect_file_body(const body_ctx *c, okr_file_unit *unit, okr_team *team, const okr_decl_at *decls,
                              size_t count, size_t index)
{
    okr_diags *diags = c->diags;
    int reported_team = 0, reported_cycle = 0;
    unit->team = team;
    for (size_t i = 0; i < count; i++) {
        const okr_decl_at *decl = &decls[i];
        if (decl->kind != OKR_DECL_METRIC && decl->kind != OKR_DECL_OBJECTIVE)
            continue;
        /* A file with syntax errors may have lost its `team` or `cycle` line;
         * saying it is missing would only repeat the syntax error. (The
         * tree is read last: a miss per declaration otherwise.) */
        if (!team && !reported_team && !unit->ast->syntax_errors) {
            okr_diag *d = okr_diag_report(diags, OKR108, decl->decl->span,
                                          "%s declared in a file with no `team`",
                                          decl->kind == OKR_DECL_METRIC ? "metric" : "objective");
            okr_diag_help(diags, d, "start the file with `team NAME \"Title\" owner \"Name\"`");
            reported_team = 1;
        }
        if (decl->kind == OKR_DECL_METRIC) {
            if (team)
                register_metric(c->arena, diags, &team->metrics, &team->metric_list, decl->node, team->name,
                                ((okr_metric_decl *)decl->node)->name.text);
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
        obj->index = index;
        c->prog->objectives.items[index++] = obj;
        if (!team)
            continue;
        obj->team = team->decl;
        okr_vec_push(c->arena, &team->objectives, obj);
        add_same_name(diags, team, obj, obj->name.text);
    }
}

/* The field of a declaration's node the gathering reads: a team's name,
 * a cycle's kind (NULL for other kinds). */
static const void *gathered_field(const okr_decl *decl)
{
    switch (decl->kind) {
    case OKR_DECL_TEAM:
        return &((const okr_team_decl *)decl->node)->name.text;
    case OKR_DECL_CYCLE:
        return decl->node;
    default:
        return NULL;
    }
}

/* The units' nodes a few files ahead of the gathering, in stages along
 * the pointers (prefetch.h says why): the unit, its tree, its array of
 * declarations, the declarations, what the gathering reads of their
 * nodes. */
static void prefetch_unit(const okr_program *prog, size_t i)
{
    const okr_vec *units = &prog->units;
    size_t at = i + 5 * OKR_PREFETCH_STAGE;
    if (at < units->len)
        okr_prefetch_bytes(units->items[at], sizeof(okr_file_unit));
    at = i + 4 * OKR_PREFETCH_STAGE;
    if (at < units->len)
        okr_prefetch_bytes(((const okr_file_unit *)units->items[at])->ast, sizeof(okr_file_ast));
    at = i + 3 * OKR_PREFETCH_STAGE;
    if (at < units->len)
        __builtin_prefetch(((const okr_file_unit *)units->items[at])->ast->decls.items);
    at = i + 2 * OKR_PREFETCH_STAGE;
    if (at < units->len)
        okr_prefetch_vec_items(&((const okr_file_unit *)units->items[at])->ast->decls, sizeof(okr_decl));
    at = i + OKR_PREFETCH_STAGE;
    if (at < units->len) {
        const okr_vec *decls = &((const okr_file_unit *)units->items[at])->ast->decls;
        for (size_t k = 0; k < decls->len; k++) {
            const void *field = gathered_field(decls->items[k]);
            if (field)
                __builtin_prefetch(field);
        }
    }
}

/* What the gathering learns of a file for the header walk. A plain file
 * is one the header walk has nothing to report or resolve in but its
 * team: at most one `team` and one `cycle`, which is a valid quarter
 * (resolved by the gathering, which sets the unit's cycle), no `native`
 * or `policy`. The others the header walk reads whole. */
typedef struct file_head {
    okr_team_decl *team; /* the first `team`, else NULL */
    const char *team_name;
    uint32_t objectives, metrics;
    int plain;
} file_head;

static void head_of_file(okr_arena *arena, okr_file_unit *unit, file_head *h, const okr_decl_at *decls,
                         size_t count)
{
    int teams = 0, cycles = 0, other = 0;
    okr_cycle_decl *cycle = NULL;
    *h = (file_head){0};
    for (size_t j = 0; j < count; j++) {
        switch (decls[j].kind) {
        case OKR_DECL_TEAM:
            if (!teams++) {
                h->team = decls[j].node;
                h->team_name = decls[j].name;
            }
            break;
        case OKR_DECL_CYCLE:
            if (!cycles++)
                cycle = decls[j].node;
            break;
        case OKR_DECL_OBJECTIVE:
            h->objectives++;
            break;
        case OKR_DECL_METRIC:
            h->metrics++;
            break;
        case OKR_DECL_NATIVE:
        case OKR_DECL_POLICY:
            other = 1;
            break;
        default:
            break;
        }
    }
    h->plain = teams <= 1 && cycles <= 1 && !other && (!cycle || resolve_quarter(arena, cycle));
    if (h->plain)
        unit->cycle = cycle;
}

/* The table is built on the pool's threads when there are many files:
 * reading the declarations, whose records lie far apart, is most of its
 * cost. Each thread reads a run of files into an array of its own, which
 * the table keeps (at[i], count[i] of its files), and each file's head
 * (heads[i]); it writes nothing else but the units and cycles of its
 * plain files. From 2,000 files: a thread reads one in about half a
 * microsecond. */
enum { GATHER_FILES_PER_JOB = 1000 };

typedef struct gather_chunk {
    const okr_program *prog;
    okr_decl_table *table;
    size_t from, to;   /* the run of units */
    okr_decl_at *buf;  /* their declarations */
    size_t len, cap;
    file_head *heads;
    okr_arena arena;   /* the quarters' labels */
} gather_chunk;

/* Appends the file's declarations to the chunk's array. */
static void gather_file(gather_chunk *c, const okr_file_unit *unit)
{
    size_t n = unit->ast->decls.len;
    if (c->len + n > c->cap) {
        size_t cap = c->cap;
        while (cap < c->len + n)
            cap *= 2;
        okr_decl_at *items = realloc(c->buf, cap * sizeof *items);
        if (!items)
            abort();
        c->buf = items;
        c->cap = cap;
    }
    for (size_t i = 0; i < n; i++) {
        const okr_decl *decl = unit->ast->decls.items[i];
        c->buf[c->len++] = (okr_decl_at){decl->kind, decl->node, decl, decl_name(decl)};
    }
}

static void *gather_work(void *arg)
{
    gather_chunk *c = arg;
    okr_decl_table *t = c->table;
    /* Never NULL, and room at once for eight declarations a file (the
     * 100k corpus has 5.4): grown by doubling from 256, the outgrown
     * arrays stayed in the thread's heap, 2.8 MB of peak RSS. */
    c->cap = 8 * (c->to - c->from) + 256;
    c->buf = malloc(c->cap * sizeof *c->buf);
    if (!c->buf)
        abort();
    for (size_t i = c->from; i < c->to; i++) {
        prefetch_unit(c->prog, i);
        okr_file_unit *unit = c->prog->units.items[i];
        size_t start = c->len;
        gather_file(c, unit);
        t->count[i] = c->len - start;
        head_of_file(&c->arena, unit, &c->heads[i], c->buf + start, c->len - start);
    }
    /* The array moves no more: each file's declarations by address. */
    for (size_t i = c->from, at = 0; i < c->to; at += t->count[i], i++)
        t->at[i] = c->buf + at;
    return NULL;
}

/* The pool's threads for the gathering and the body walk: one per
 * GATHER_FILES_PER_JOB files at most, OKRC_JOBS or not (for fewer the
 * steps are well under a millisecond). */
static size_t table_jobs(const okr_program *prog)
{
    return okr_pool_jobs(prog->jobs, prog->units.len / GATHER_FILES_PER_JOB, 1);
}

/* Fills T and HEADS. */
static void decl_table_build(okr_program *prog, okr_decl_table *t, file_head *heads)
{
    size_t n = prog->units.len;
    size_t jobs = table_jobs(prog);
    gather_chunk *chunks = calloc(jobs, sizeof *chunks);
    t->at = malloc((n + 1) * sizeof *t->at);
    t->count = malloc((n + 1) * sizeof *t->count);
    t->buffers = malloc(jobs * sizeof *t->buffers);
    t->buffer_count = jobs;
    if (!chunks || !t->at || !t->count || !t->buffers)
        abort();
    for (size_t k = 0; k < jobs; k++) {
        chunks[k] = (gather_chunk){.prog = prog, .table = t, .from = n * k / jobs, .to = n * (k + 1) / jobs,
                                   .heads = heads};
        okr_arena_init(&chunks[k].arena);
    }
    okr_pool_run(jobs, gather_work, chunks, sizeof *chunks);
    for (size_t k = 0; k < jobs; k++) {
        okr_arena_adopt(&prog->arena, &chunks[k].arena);
        t->buffers[k] = chunks[k].buf;
    }
    free(chunks);
}

static void decl_table_free(okr_decl_table *t)
{
    for (size_t k = 0; k < t->buffer_count; k++)
        free(t->buffers[k]);
    free(t->buffers);
    free(t->at);
    free(t->count);
}

/* Pass 1 over the files, in file order: each file's team (teams_by_name
 * in the order first seen), and the whole header of the files that are
 * not plain. Sets team_of[i], the team of file i, obj_first[i], the
 * position of its first objective in the program's list, and the teams'
 * counts of declarations; returns the program's objectives. Consecutive
 * files are mostly of one team, looked up once. */
static size_t header_walk(okr_program *prog, const okr_decl_table *decls, const file_head *heads,
                          okr_team **team_of, size_t *obj_first)
{
    size_t objectives = prog->objectives.len;
    okr_team *last = NULL;
    for (size_t i = 0; i < prog->units.len; i++) {
        const file_head *h = &heads[i];
        okr_team *team = NULL;
        if (!h->plain) {
            okr_file_unit *unit = prog->units.items[i];
            collect_file_header(prog, unit, decls->at[i], decls->count[i]);
            team = unit->team;
        } else if (h->team && last && (last->name == h->team_name || strcmp(last->name, h->team_name) == 0)) {
            team = last;
        } else if (h->team) {
            team = team_get(prog, h->team, h->team_name);
        }
        team_of[i] = team;
        obj_first[i] = objectives;
        objectives += h->objectives;
        if (team) {
            team->declared_metrics += h->metrics;
            team->declared_objectives += h->objectives;
            last = team;
        }
    }
    return objectives;
}

/* Pass 2, the body walk, on the pool's threads: each team's files are
 * walked by one thread, in file order (owner_of), which sizes the team's
 * tables and fills them from its arena; files without a team go to the
 * first. The objectives go to the program's list at the positions the
 * header walk counted. A thread records each file's findings apart
 * (okr_diags_take: all are about that file), and they are added to the
 * program's in file order afterwards, which is the order and per-file
 * capping of the one walk over the files (okr_diags_merge). With one
 * thread, that one walk. */
typedef struct file_findings {
    size_t file; /* the unit's index */
    okr_diags_part part;
} file_findings;

typedef struct body_worker {
    const struct body_walk *walk;
    size_t k;
    okr_arena arena;
    okr_diags diags;
    file_findings *found;
    size_t found_len, found_cap;
} body_worker;

typedef struct body_walk {
    okr_program *prog;
    const okr_decl_table *decls;
    okr_team *const *team_of;
    const size_t *obj_first;
    size_t jobs;
} body_walk;

/* The thread that walks a team's files: a hash of the team's address, so
 * that the teams spread over the threads whatever their order. */
static size_t owner_of(const okr_team *team, size_t jobs)
{
    if (!team || jobs == 1)
        return 0;
    return (size_t)((((uint64_t)(uintptr_t)team >> 4) * UINT64_C(0x9E3779B97F4A7C15)) >> 40) % jobs;
}

/* Loads, for a batch of files (FILES_BATCH) from FROM, what the walk
 * writes of the worker's files: their units and the objective and metric
 * nodes. Loads, not prefetches, for the reason resolve_refs.c gives at
 * load_batch: the misses of one batch overlap. Returns a value of what
 * was loaded, for the caller to keep in a volatile. */
enum { FILES_BATCH = 8 };

static uintptr_t load_files(const body_walk *b, size_t k, size_t from)
{
    const okr_program *prog = b->prog;
    const okr_decl_table *t = b->decls;
    size_t to = from + FILES_BATCH < prog->units.len ? from + FILES_BATCH : prog->units.len;
    uintptr_t seen = 0;
    for (size_t i = from; i < to; i++)
        if (owner_of(b->team_of[i], b->jobs) == k)
            seen ^= (uintptr_t)((const okr_file_unit *)prog->units.items[i])->cycle;
    for (size_t i = from; i < to; i++) {
        if (owner_of(b->team_of[i], b->jobs) != k)
            continue;
        for (size_t j = 0; j < t->count[i]; j++) {
            const void *node = t->at[i][j].node;
            if (t->at[i][j].kind == OKR_DECL_OBJECTIVE)
                seen ^= (uintptr_t)((const okr_objective *)node)->cycle ^
                        (uintptr_t)((const okr_objective *)node)->name.text;
            else if (t->at[i][j].kind == OKR_DECL_METRIC)
                seen ^= (uintptr_t)((const okr_metric_decl *)node)->owner_name ^
                        (uintptr_t)((const okr_metric_decl *)node)->name.text;
        }
    }
    return seen;
}

static void keep_findings(body_worker *w, size_t file, uint32_t id)
{
    if (w->found_len == w->found_cap) {
        w->found_cap = w->found_cap ? 2 * w->found_cap : 64;
        w->found = realloc(w->found, w->found_cap * sizeof *w->found);
        if (!w->found)
            abort();
    }
    file_findings *f = &w->found[w->found_len++];
    f->file = file;
    okr_diags_take(&w->diags, id, &f->part);
}

static void *body_work(void *arg)
{
    body_worker *w = arg;
    const body_walk *b = w->walk;
    okr_program *prog = b->prog;
    int alone = b->jobs == 1;
    body_ctx c = {prog, alone ? &prog->arena : &w->arena, alone ? &prog->diags : &w->diags};
    for (size_t t = 0; t < prog->teams.len; t++) {
        okr_team *team = prog->teams.items[t];
        if (owner_of(team, b->jobs) != w->k)
            continue;
        team->metrics.arena = team->objectives_by_name.arena = c.arena;
        presize_team(c.arena, team);
    }
    uintptr_t seen = 0;
    const okr_decl_table *d = b->decls;
    for (size_t i = 0; i < prog->units.len; i++) {
        if (i % FILES_BATCH == 0)
            seen ^= load_files(b, w->k, i);
        okr_team *team = b->team_of[i];
        if (owner_of(team, b->jobs) != w->k)
            continue;
        okr_file_unit *unit = prog->units.items[i];
        collect_file_body(&c, unit, team, d->at[i], d->count[i], b->obj_first[i]);
        if (!alone && (w->diags.list.len || w->diags.dropped_now))
            keep_findings(w, i, unit->ast->file);
    }
    volatile uintptr_t keep = seen;
    (void)keep;
    for (size_t t = 0; t < prog->teams.len; t++) {
        okr_team *team = prog->teams.items[t];
        if (owner_of(team, b->jobs) == w->k)
            team->metrics.arena = team->objectives_by_name.arena = &prog->arena;
    }
    return NULL;
}

static void body_walk_run(body_walk *b)
{
    okr_program *prog = b->prog;
    body_worker *workers = calloc(b->jobs, sizeof *workers);
    if (!workers)
        abort();
    for (size_t k = 0; k < b->jobs; k++) {
        body_worker *w = &workers[k];
        w->walk = b;
        w->k = k;
        okr_arena_init(&w->arena);
        okr_diags_init_like(&w->diags, &w->arena, &prog->diags);
        okr_diags_one_file_at_a_time(&w->diags);
    }
    okr_pool_run(b->jobs, body_work, workers, sizeof *workers);
    /* The files' findings in file order: each worker's are. */
    size_t *at = calloc(b->jobs, sizeof *at);
    if (!at)
        abort();
    for (;;) {
        body_worker *next = NULL;
        for (size_t k = 0; k < b->jobs; k++) {
            body_worker *w = &workers[k];
            if (at[k] < w->found_len && (!next || w->found[at[k]].file < next->found[at[next->k]].file))
                next = w;
        }
        if (!next)
            break;
        okr_diags_merge(&prog->diags, &next->found[at[next->k]++].part);
    }
    for (size_t k = 0; k < b->jobs; k++) {
        okr_arena_adopt(&prog->arena, &workers[k].arena);
        free(workers[k].found);
    }
    free(at);
    free(workers);
}

void okr_pass_resolve(okr_program *prog)
{
    size_t first_objective = prog->objectives.len, n = prog->units.len;
    okr_decl_table decls;
    file_head *heads = malloc((n + 1) * sizeof *heads);
    okr_team **team_of = malloc((n + 1) * sizeof *team_of);
    size_t *obj_first = malloc((n + 1) * sizeof *obj_first);
    if (!heads || !team_of || !obj_first)
        abort();
    decl_table_build(prog, &decls, heads);
    size_t objectives = header_walk(prog, &decls, heads, team_of, obj_first);
    vec_reserve(&prog->arena, &prog->objectives, objectives);
    prog->objectives.len = objectives;
    body_walk b = {prog, &decls, team_of, obj_first, table_jobs(prog)};
    body_walk_run(&b);
    free(heads);
    free(team_of);
    free(obj_first);
    okr_resolve_names(prog, &decls, first_objective);
    decl_table_free(&decls);
    okr_resolve_alignment_cycles(prog);
}
