/* lsp_rename.c: textDocument/references, prepareRename and rename of
 * metrics, objectives and teams across the workspace (spec.md, "References
 * and rename").
 *
 * Every occurrence of a name is found in the checked program in memory
 * (the workspace files and open documents of the current build: no walk of
 * the disk), from what the checker resolved: a metric reference belongs to
 * the metric its key result or counter-metric resolved to
 * (kr->metric_decl, counter->metric_decl), an `aligns` target to the
 * objective it resolved to (align->objective). Team names are resolved by
 * name alone (spec.md, "Names and scopes": a team is the union of the
 * files that declare it, `use TEAM` and `TEAM.NAME` look the name up in
 * the program's team table), so a team's occurrences are the spellings of
 * that name in those places.
 *
 * A rename edits every occurrence, or refuses with a message that says why:
 * the new name is not an identifier or is a keyword, it collides with a
 * name already in scope, or the name belongs to the standard library,
 * which is embedded in okrc and read-only. */
#include <stdlib.h>
#include <string.h>

#include "lsp_internal.h"

/* The longest identifier (spec.md, "Identifiers"). */
enum { MAX_IDENT = 128 };

typedef struct symbol {
    lsp_hit_kind kind; /* LSP_HIT_METRIC, _OBJECTIVE or _TEAM */
    okr_metric_decl *metric;
    okr_objective *objective;
    okr_team *team;
} symbol;

typedef struct occurrence {
    okr_span span;
    int is_declaration;
} occurrence;

static int same_name(const char *text, const char *name)
{
    return text && name && strcmp(text, name) == 0;
}

static void add(okr_arena *arena, okr_vec *out, okr_span span, int is_declaration)
{
    occurrence *o = okr_arena_alloc(arena, sizeof *o);
    o->span = span;
    o->is_declaration = is_declaration;
    okr_vec_push(arena, out, o);
}

/* A metric reference: its last part names the metric it resolved to; the
 * first of a two-part one names a team. */
static void path_refs(okr_arena *arena, const symbol *sym, const okr_path *p, const okr_metric_decl *resolved,
                      okr_vec *out)
{
    if (!p || p->count < 1)
        return;
    if (sym->kind == LSP_HIT_METRIC && resolved == sym->metric)
        add(arena, out, p->parts[p->count - 1].span, 0);
    if (sym->kind == LSP_HIT_TEAM && p->count == 2 && same_name(p->parts[0].text, sym->team->name))
        add(arena, out, p->parts[0].span, 0);
}

/* `aligns OBJECTIVE`, `TEAM.OBJECTIVE` or `TEAM.OBJECTIVE.KR`. */
static void align_refs(okr_arena *arena, const symbol *sym, const okr_align *a, okr_vec *out)
{
    const okr_path *p = a->target;
    if (!p || p->count < 1 || p->count > 3)
        return;
    if (sym->kind == LSP_HIT_TEAM && p->count >= 2 && same_name(p->parts[0].text, sym->team->name))
        add(arena, out, p->parts[0].span, 0);
    if (sym->kind == LSP_HIT_OBJECTIVE && a->objective == sym->objective)
        add(arena, out, p->parts[p->count == 1 ? 0 : 1].span, 0);
}

static void objective_refs(okr_arena *arena, const symbol *sym, const okr_objective *o, okr_vec *out)
{
    for (size_t i = 0; i < o->krs.len; i++) {
        const okr_kr *kr = o->krs.items[i];
        path_refs(arena, sym, kr->metric, kr->metric_decl, out);
    }
    for (size_t i = 0; i < o->counters.len; i++) {
        const okr_counter *c = o->counters.items[i];
        path_refs(arena, sym, c->metric, c->metric_decl, out);
    }
    for (size_t i = 0; i < o->aligns.len; i++)
        align_refs(arena, sym, o->aligns.items[i], out);
}

/* Every occurrence of sym in the program, declarations first. */
static void collect(lsp_build *b, const symbol *sym, okr_vec *out)
{
    okr_program *prog = &b->prog;
    okr_arena *arena = &prog->arena;
    if (sym->kind == LSP_HIT_METRIC)
        add(arena, out, sym->metric->name.span, 1);
    if (sym->kind == LSP_HIT_OBJECTIVE)
        add(arena, out, sym->objective->name.span, 1);
    for (size_t u = 0; u < prog->units.len; u++) {
        const okr_file_unit *unit = prog->units.items[u];
        if (!unit->ast)
            continue;
        for (size_t i = 0; i < unit->ast->decls.len; i++) {
            const okr_decl *decl = unit->ast->decls.items[i];
            if (decl->kind == OKR_DECL_TEAM) {
                const okr_team_decl *t = decl->node;
                if (sym->kind == LSP_HIT_TEAM && same_name(t->name.text, sym->team->name))
                    add(arena, out, t->name.span, 1);
            } else if (decl->kind == OKR_DECL_USE) {
                const okr_use_decl *use = decl->node;
                if (sym->kind == LSP_HIT_TEAM && use->module && use->module->count == 1 &&
                    same_name(use->module->text, sym->team->name) &&
                    !okr_strmap_get(&prog->modules_by_name, use->module->text))
                    add(arena, out, use->module->parts[0].span, 0);
            } else if (decl->kind == OKR_DECL_OBJECTIVE) {
                objective_refs(arena, sym, decl->node, out);
            }
        }
    }
}

/* The symbol at the cursor; 0 (with the reason in *why) when it is not a
 * metric, objective or team. */
static int symbol_at(lsp_build *b, const lsp_file *f, uint32_t offset, symbol *sym, const char **why)
{
    lsp_hit h;
    memset(sym, 0, sizeof *sym);
    *why = "there is no metric, objective or team name here";
    if (!lsp_find_hit(b, f, offset, &h))
        return 0;
    sym->kind = h.kind;
    sym->metric = h.metric;
    sym->objective = h.objective;
    sym->team = h.team;
    switch (h.kind) {
    case LSP_HIT_METRIC: return h.metric != NULL;
    case LSP_HIT_OBJECTIVE: return h.objective != NULL;
    case LSP_HIT_TEAM: return h.team != NULL;
    case LSP_HIT_KEYWORD: *why = "a keyword cannot be renamed"; return 0;
    case LSP_HIT_KR: *why = "only metrics, objectives and teams can be renamed, not key results"; return 0;
    case LSP_HIT_MODULE: *why = "standard-library modules are part of okrc and cannot be renamed"; return 0;
    case LSP_HIT_NATIVE: *why = "only metrics, objectives and teams can be renamed, not native functions"; return 0;
    case LSP_HIT_NONE: break;
    }
    return 0;
}

static int is_stdlib_span(const lsp_build *b, okr_span span)
{
    return span.file < b->prog.sources.len && okr_source_get(&b->prog.sources, span.file)->is_stdlib;
}

/* The position request's file, offset and symbol; 0, or an error code. */
static int locate_symbol(lsp_server *s, json_t *params, lsp_file **f, uint32_t *offset, symbol *sym)
{
    const char *uri, *why;
    long line, character;
    if (lsp_params_document(params, &uri) != 0 || lsp_params_position(params, &line, &character) != 0)
        return LSP_INVALID_PARAMS;
    *f = lsp_file_for_uri(s, uri);
    if (!*f) {
        char *path = lsp_uri_to_path(uri);
        int stdlib = path && lsp_stdlib_path(path);
        free(path);
        return lsp_fail(s, LSP_REQUEST_FAILED, "%s",
                        stdlib ? "this is a copy of the standard library, which is read-only"
                               : "the document is not part of the program");
    }
    *offset = lsp_offset_of(*f, line, character);
    if (!symbol_at(s->view, *f, *offset, sym, &why))
        return lsp_fail(s, LSP_REQUEST_FAILED, "%s", why);
    return 0;
}

int lsp_references(lsp_server *s, json_t *params, json_t **result)
{
    const char *uri, *why;
    long line, character;
    *result = json_null();
    if (lsp_params_document(params, &uri) != 0 || lsp_params_position(params, &line, &character) != 0)
        return LSP_INVALID_PARAMS;
    lsp_file *f = lsp_file_for_uri(s, uri);
    symbol sym;
    if (!f || !symbol_at(s->view, f, lsp_offset_of(f, line, character), &sym, &why))
        return 0;
    int with_decl = json_is_true(json_object_get(json_object_get(params, "context"), "includeDeclaration"));
    okr_vec occ = {0};
    collect(s->view, &sym, &occ);
    json_decref(*result);
    *result = json_array();
    for (size_t i = 0; i < occ.len; i++) {
        const occurrence *o = occ.items[i];
        if (o->is_declaration && !with_decl)
            continue;
        json_t *loc = lsp_location_any_json(s->view, o->span);
        if (json_is_null(loc))
            json_decref(loc);
        else
            json_array_append_new(*result, loc);
    }
    return 0;
}

/* The occurrence of sym in f that holds offset: what the client's rename
 * box shows. */
static const occurrence *occurrence_at(const okr_vec *occ, const lsp_file *f, uint32_t offset)
{
    for (size_t i = 0; i < occ->len; i++) {
        const occurrence *o = occ->items[i];
        if (o->span.file == f->id && o->span.start <= offset && offset <= o->span.end)
            return o;
    }
    return NULL;
}

static const char *symbol_name(const symbol *sym)
{
    switch (sym->kind) {
    case LSP_HIT_METRIC: return sym->metric->name.text;
    case LSP_HIT_OBJECTIVE: return sym->objective->name.text;
    default: return sym->team->name;
    }
}

/* The checks both rename requests make before any new name is known. */
static int renameable(lsp_server *s, const symbol *sym)
{
    if (sym->kind == LSP_HIT_METRIC && is_stdlib_span(s->view, sym->metric->name.span))
        return lsp_fail(s, LSP_REQUEST_FAILED,
                        "'%s' is declared by the standard library (%s), which is read-only: declare a metric of "
                        "your own to use another name",
                        sym->metric->name.text, sym->metric->owner_name ? sym->metric->owner_name : "std");
    if (!symbol_name(sym))
        return lsp_fail(s, LSP_REQUEST_FAILED, "there is no name here to rename");
    return 0;
}

int lsp_prepare_rename(lsp_server *s, json_t *params, json_t **result)
{
    lsp_file *f;
    uint32_t offset;
    symbol sym;
    int rc = locate_symbol(s, params, &f, &offset, &sym);
    if (rc == 0)
        rc = renameable(s, &sym);
    if (rc != 0)
        return rc;
    okr_vec occ = {0};
    collect(s->view, &sym, &occ);
    const occurrence *o = occurrence_at(&occ, f, offset);
    if (!o)
        return lsp_fail(s, LSP_REQUEST_FAILED, "put the cursor on the name itself to rename '%s'", symbol_name(&sym));
    *result = json_object();
    json_object_set_new(*result, "range", lsp_range_json(f, o->span.start, o->span.end));
    json_object_set_new(*result, "placeholder", lsp_jstr(symbol_name(&sym)));
    return 0;
}

/* Whether text is an identifier that is no keyword; else why not. */
static const char *bad_identifier(const char *text)
{
    size_t n = strlen(text);
    if (n == 0)
        return "the new name is empty";
    if (n > MAX_IDENT)
        return "the new name is longer than 128 bytes";
    for (size_t i = 0; i < n; i++) {
        char c = text[i];
        int letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        if (!letter && (i == 0 || !(c >= '0' && c <= '9')))
            return "the new name is not an identifier: a letter or '_', then letters, digits or '_' (ASCII)";
    }
    if (okr_keyword_find(text, n))
        return "the new name is a keyword, which cannot be a name";
    return NULL;
}

/* As the checker decides it (resolve.c): a file without a valid cycle
 * overlaps every cycle. */
static int cycles_overlap(const okr_cycle_decl *a, const okr_cycle_decl *b)
{
    if (!a || !b || !a->ok || !b->ok)
        return 1;
    return a->start_day <= b->end_day && b->start_day <= a->end_day;
}

/* Who else gives a file the unqualified metric `name`: its own team, then
 * what it `use`s, leaving out `except` (the renamed metric's team). */
static const char *visible_metric_owner(const okr_file_unit *u, const char *name, const okr_team *except)
{
    if (u->team && u->team != except && okr_strmap_get(&u->team->metrics, name))
        return u->team->name;
    for (size_t i = 0; i < u->uses.len; i++) {
        const okr_scope_entry *e = u->uses.items[i];
        if (e->team == except)
            continue;
        if (okr_strmap_get(e->module ? &e->module->metrics : &e->team->metrics, name))
            return e->module ? e->module->name : e->team->name;
    }
    return NULL;
}

/* A metric's new name must be free in its team and must not meet another
 * metric of that name in any file that sees the metric unqualified (its
 * team's files, which would then shadow the other, and the files that
 * `use` the team, which would become ambiguous: OKR110). */
static int metric_collision(lsp_server *s, const okr_metric_decl *m, const char *name)
{
    okr_program *prog = &s->view->prog;
    okr_team *team = m->owner_name ? okr_strmap_get(&prog->teams_by_name, m->owner_name) : NULL;
    if (!team)
        return 0;
    const okr_metric_decl *other = okr_strmap_get(&team->metrics, name);
    if (other && other != m)
        return lsp_fail(s, LSP_REQUEST_FAILED, "team '%s' already has a metric '%s'", team->name, name);
    for (size_t i = 0; i < prog->units.len; i++) {
        const okr_file_unit *u = prog->units.items[i];
        int sees = u->team == team;
        for (size_t k = 0; k < u->uses.len && !sees; k++)
            sees = ((const okr_scope_entry *)u->uses.items[k])->team == team;
        const char *owner = sees ? visible_metric_owner(u, name, team) : NULL;
        if (owner)
            return lsp_fail(s, LSP_REQUEST_FAILED, "'%s' would clash with the metric '%s.%s', already in scope in %s",
                            name, owner, name, okr_source_get(&prog->sources, u->ast->file)->path);
    }
    return 0;
}

static int objective_collision(lsp_server *s, const okr_objective *o, const char *name)
{
    okr_program *prog = &s->view->prog;
    okr_team *team = o->team ? okr_strmap_get(&prog->teams_by_name, o->team->name.text) : NULL;
    const okr_objective *other = team ? okr_strmap_get(&team->objectives_by_name, name) : NULL;
    for (; other; other = okr_team_next_same_name(team, other)) {
        if (other != o && cycles_overlap(other->cycle, o->cycle))
            return lsp_fail(s, LSP_REQUEST_FAILED, "team '%s' already has an objective '%s' in an overlapping cycle",
                            team->name, name);
    }
    return 0;
}

static int collision(lsp_server *s, const symbol *sym, const char *name)
{
    switch (sym->kind) {
    case LSP_HIT_METRIC: return metric_collision(s, sym->metric, name);
    case LSP_HIT_OBJECTIVE: return objective_collision(s, sym->objective, name);
    default: break;
    }
    const okr_team *other = okr_strmap_get(&s->view->prog.teams_by_name, name);
    if (other && other != sym->team)
        return lsp_fail(s, LSP_REQUEST_FAILED, "a team '%s' already exists", name);
    return 0;
}

int lsp_rename(lsp_server *s, json_t *params, json_t **result)
{
    json_t *new_name = json_object_get(params, "newName");
    if (!json_is_string(new_name))
        return LSP_INVALID_PARAMS;
    lsp_file *f;
    uint32_t offset;
    symbol sym;
    int rc = locate_symbol(s, params, &f, &offset, &sym);
    if (rc == 0)
        rc = renameable(s, &sym);
    if (rc != 0)
        return rc;
    const char *name = json_string_value(new_name), *old = symbol_name(&sym);
    const char *why = bad_identifier(name);
    if (why)
        return lsp_fail(s, LSP_REQUEST_FAILED, "cannot rename '%s' to '%.200s': %s", old, name, why);
    if (strcmp(name, old) != 0 && (rc = collision(s, &sym, name)) != 0)
        return rc;
    okr_vec occ = {0};
    collect(s->view, &sym, &occ);
    json_t *changes = json_object();
    for (size_t i = 0; i < occ.len; i++) {
        const occurrence *o = occ.items[i];
        lsp_file *of = lsp_file_by_id(s->view, o->span.file);
        if (!lsp_span_valid(of, o->span))
            continue;
        json_t *edits = json_object_get(changes, of->uri);
        if (!edits) {
            edits = json_array();
            json_object_set_new(changes, of->uri, edits);
        }
        json_t *edit = json_object();
        json_object_set_new(edit, "range", lsp_range_json(of, o->span.start, o->span.end));
        json_object_set_new(edit, "newText", json_string(name));
        json_array_append_new(edits, edit);
    }
    *result = json_pack("{s:o}", "changes", changes);
    return 0;
}
