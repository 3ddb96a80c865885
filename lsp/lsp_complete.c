/* lsp_complete.c: textDocument/completion.
 *
 * What fits at the cursor depends on the tokens just before it on the same
 * line (the token API of lexer/lexer.h), not on the syntax tree: while a
 * line is being typed it is usually a syntax error, and the tree has lost
 * it. The program around it still
 * resolved, so the names offered are those `okrc check` would accept there:
 *
 *   after `kr ... :` or `counter`   metrics in scope: the team's own, those
 *                                   of every `use`d module and team; after
 *                                   `TEAM.` or `std.MODULE.` that scope's
 *   after `metric NAME "..." :`     types and directions
 *   after `aligns`                  teams and the team's objectives; after
 *                                   `TEAM.` its objectives, after
 *                                   `TEAM.OBJECTIVE.` its named key results
 *   after `use`                     teams and standard modules
 *   after `via` / `aggregate`       native functions / aggregation words
 *   anywhere else                   keywords, with their class as detail */
#include <string.h>

#include "../common/workspace.h"
#include "../lexer/lexer.h"
#include "../parser/parser.h"
#include "lsp_internal.h"

typedef enum ctx_kind {
    CTX_NONE, CTX_DEFAULT, CTX_METRIC, CTX_TYPE, CTX_ALIGNS, CTX_USE, CTX_VIA, CTX_AGGREGATE,
} ctx_kind;

typedef struct completion {
    lsp_build *build;      /* the request's build: focused after a keystroke (lsp_request_view) */
    lsp_build *whole;      /* the last full build: the lists of every team, module and native */
    const lsp_file *file;
    json_t *items;
    okr_arena scratch; /* for the duplicate check; freed after the request */
    okr_strmap seen;
} completion;

static void add_item(completion *c, const char *label, int kind, const char *detail, const char *doc,
                     const char *sort_prefix)
{
    if (!label || !*label)
        return;
    const char *key = okr_arena_printf(&c->scratch, "%d:%s", kind, label);
    if (okr_strmap_get(&c->seen, key))
        return;
    okr_strmap_put(&c->seen, key, (void *)key);
    json_t *item = json_object();
    json_object_set_new(item, "label", lsp_jstr(label));
    json_object_set_new(item, "kind", json_integer(kind));
    if (detail && *detail)
        json_object_set_new(item, "detail", lsp_jstr(detail));
    if (doc && *doc)
        json_object_set_new(item, "documentation", lsp_jstr(doc));
    if (sort_prefix)
        json_object_set_new(item, "sortText", lsp_jstr(okr_arena_printf(&c->scratch, "%s%s", sort_prefix, label)));
    json_array_append_new(c->items, item);
}

static void add_metric(completion *c, const okr_metric_decl *m, const char *owner)
{
    const char *detail = okr_arena_printf(&c->scratch, "%s%s%s%s%s", okr_type_name(m->type),
                                          m->direction ? " " : "", m->direction ? okr_direction_name(m->direction) : "",
                                          owner ? " · " : "", owner ? owner : "");
    add_item(c, m->name.text, LSP_CIK_VARIABLE, detail, m->description.text, "0");
}

static void add_metric_list(completion *c, const okr_vec *list, const char *owner)
{
    for (size_t i = 0; i < list->len; i++)
        add_metric(c, list->items[i], owner);
}

/* A module no file `use`s was never parsed by the checker; its metric names
 * come from a throwaway parse, so the program's tables stay as checked. */
static void add_module_metrics(completion *c, const okr_module *m)
{
    if (m->parsed) {
        add_metric_list(c, &m->metric_list, m->name);
        return;
    }
    okr_workspace_session s;
    okr_workspace_session_init(&s);
    uint32_t id = okr_source_add(&s.sources, m->name, m->text, m->len, 1);
    okr_file_ast *ast = okr_parse_file(&s.arena, &s.diags, &s.sources, id);
    for (size_t i = 0; i < ast->decls.len; i++) {
        const okr_decl *decl = ast->decls.items[i];
        if (decl->kind == OKR_DECL_METRIC)
            add_metric(c, decl->node, m->name);
    }
    okr_workspace_session_free(&s);
}

/* Every team, from the last full build: a focused build holds only some,
 * and an edit answered by one cannot change a team's name or title. */
static void add_teams(completion *c, const okr_team *except, const char *sort_prefix)
{
    const okr_vec *teams = &c->whole->prog.teams;
    for (size_t i = 0; i < teams->len; i++) {
        const okr_team *t = teams->items[i];
        if (!except || strcmp(t->name, except->name) != 0)
            add_item(c, t->name, LSP_CIK_MODULE, t->decl && t->decl->title.text ? t->decl->title.text : "team",
                     NULL, sort_prefix);
    }
}

static void add_modules(completion *c, int short_names)
{
    const okr_vec *modules = &c->whole->prog.modules;
    for (size_t i = 0; i < modules->len; i++) {
        const okr_module *m = modules->items[i];
        const char *label = short_names && strncmp(m->name, "std.", 4) == 0 ? m->name + 4 : m->name;
        add_item(c, label, LSP_CIK_MODULE, "standard-library module", NULL, "1");
    }
}

static void add_objectives(completion *c, const okr_team *t)
{
    for (size_t i = 0; i < t->objectives.len; i++) {
        const okr_objective *o = t->objectives.items[i];
        const char *detail = o->cycle && o->cycle->label
                                 ? okr_arena_printf(&c->scratch, "%s objective, %s",
                                                    okr_archetype_name(okr_objective_archetype(o)), o->cycle->label)
                                 : okr_archetype_name(okr_objective_archetype(o));
        add_item(c, o->name.text, LSP_CIK_CLASS, detail, o->statement.text, "0");
    }
}

static void add_keywords(completion *c, int only_types)
{
    size_t count;
    const okr_keyword *kws = okr_keywords(&count);
    for (size_t i = 0; i < count; i++) {
        if (only_types && kws[i].klass != OKR_KWCLASS_type && kws[i].klass != OKR_KWCLASS_direction)
            continue;
        add_item(c, kws[i].spelling, LSP_CIK_KEYWORD, okr_keyword_class_name(kws[i].klass), NULL, "2");
    }
}

static okr_module *module_named(const completion *c, const char *name)
{
    return okr_strmap_get(&c->whole->prog.modules_by_name, name);
}

/* A team by name: the request's build holds every file of the teams the
 * document's check reads, with the live text; any other team is as the
 * last full build read it (the edit is not in its files). A focused build
 * may hold such a team as a stub of its names (lsp_fast.c), which is no
 * file of the build: the full build's is taken then. */
static okr_team *team_named(const completion *c, const char *name)
{
    okr_team *t = okr_strmap_get(&c->build->prog.teams_by_name, name);
    if (t && t->decl && !lsp_file_by_id(c->build, t->decl->span.file))
        t = NULL;
    return t ? t : okr_strmap_get(&c->whole->prog.teams_by_name, name);
}

static void complete_metrics(completion *c, const char *qualifier)
{
    const okr_file_unit *unit = c->file->unit;
    if (!qualifier) {
        if (unit && unit->team)
            add_metric_list(c, &unit->team->metric_list, unit->team->name);
        for (size_t i = 0; unit && i < unit->uses.len; i++) {
            const okr_scope_entry *e = unit->uses.items[i];
            if (e->module)
                add_module_metrics(c, e->module);
            else if (e->team)
                add_metric_list(c, &e->team->metric_list, e->team->name);
        }
        /* Qualifiers, for metrics not in scope: TEAM. and std. */
        add_teams(c, NULL, "1");
        add_item(c, "std", LSP_CIK_MODULE, "standard library", NULL, "1");
        return;
    }
    if (strcmp(qualifier, "std") == 0) {
        add_modules(c, 1);
        return;
    }
    okr_team *t = team_named(c, qualifier);
    if (t)
        add_metric_list(c, &t->metric_list, t->name);
    okr_module *m = module_named(c, qualifier);
    if (m)
        add_module_metrics(c, m);
}

static void complete_aligns(completion *c, const char *qualifier)
{
    const okr_file_unit *unit = c->file->unit;
    if (!qualifier) {
        if (unit && unit->team)
            add_objectives(c, unit->team);
        add_teams(c, NULL, "1");
        return;
    }
    const char *dot = strchr(qualifier, '.');
    if (!dot) {
        okr_team *t = team_named(c, qualifier);
        if (t)
            add_objectives(c, t);
        return;
    }
    /* TEAM.OBJECTIVE. : the objective's named key results. */
    char *team_name = okr_arena_strndup(&c->scratch, qualifier, (size_t)(dot - qualifier));
    okr_team *t = team_named(c, team_name);
    const okr_objective *o = t ? okr_strmap_get(&t->objectives_by_name, dot + 1) : NULL;
    for (; o; o = okr_team_next_same_name(t, o)) {
        for (size_t k = 0; k < o->krs.len; k++) {
            const okr_kr *kr = o->krs.items[k];
            add_item(c, kr->name.text, LSP_CIK_FIELD, kr->is_hypothesis ? "hypothesis" : "key result",
                     kr->title.text, "0");
        }
    }
}

static void complete_natives(completion *c)
{
    const okr_strmap *natives = &c->whole->prog.natives;
    for (size_t i = 0; i < natives->cap; i++)
        if (natives->slots && natives->slots[i].key)
            add_item(c, natives->slots[i].key, LSP_CIK_FUNCTION, "native function", NULL, NULL);
}

/* Names, keywords and numbers: what a word being typed can be. */
static int is_word(int kind)
{
    return kind == OKR_TOKEN_IDENT || kind == OKR_TOKEN_NUMBER || okr_token_is_keyword(kind);
}

/* The context of the tokens before the word being typed, tokens [0, i). */
static ctx_kind context_before(const okr_token_list *line, size_t i, const char *qualifier)
{
    if (i == 0)
        return qualifier ? CTX_METRIC : CTX_DEFAULT;
    switch (line->items[i - 1].kind) {
    case ':':
        /* `metric NAME "..." :` wants a type; a key result's `:` a metric. */
        return line->items[0].kind == OKR_TOKEN_KW_METRIC ? CTX_TYPE : CTX_METRIC;
    case OKR_TOKEN_KW_ALIGNS: return CTX_ALIGNS;
    case OKR_TOKEN_KW_USE: return CTX_USE;
    case OKR_TOKEN_KW_COUNTER: return CTX_METRIC;
    case OKR_TOKEN_KW_VIA: return CTX_VIA;
    case OKR_TOKEN_KW_AGGREGATE: return CTX_AGGREGATE;
    default: return qualifier ? CTX_METRIC : CTX_DEFAULT;
    }
}

/* Reads the context before `offset` from the tokens of its line up to it
 * (the token API, lexer.h); *qualifier gets the dotted prefix before the
 * word being typed ("company" in `aligns company.se`). */
static ctx_kind context_at(completion *c, uint32_t offset, const char **qualifier)
{
    okr_source_file *src = c->file->source;
    uint32_t start = okr_source_line_start(src, okr_source_line_index(src, offset));
    const char *t = c->file->text + start;
    uint32_t end = offset - start; /* the cursor, relative to t */
    okr_diags diags;
    okr_diags_init(&diags, &c->scratch);
    okr_vec comments = {0};
    okr_token_list line = okr_lexer_scan(&c->scratch, &diags, c->file->id, t, end, &comments);
    /* No names inside a comment or a string. Both run to the end of the
     * line unless a string is closed, so a comment in the text before the
     * cursor, or a string the scanner finds unterminated there, holds it. */
    *qualifier = NULL;
    if (comments.len > 0 || okr_diags_count_code(&diags, OKR002) > 0)
        return CTX_NONE;
    const okr_token *tok = line.items;
    size_t i = line.len;
    if (i > 0 && is_word(tok[i - 1].kind) && tok[i - 1].span.end == end)
        i--; /* the word being typed */
    uint32_t word = i < line.len ? tok[i].span.start : end;
    if (i > 0 && tok[i - 1].kind == '.' && tok[i - 1].span.end == word) {
        /* A dotted prefix written without spaces: TEAM. or std.MODULE. */
        size_t j = i - 1;
        while (j > 0 && (is_word(tok[j - 1].kind) || tok[j - 1].kind == '.') &&
               tok[j - 1].span.end == tok[j].span.start)
            j--;
        if (j < i - 1)
            *qualifier = okr_arena_strndup(&c->scratch, t + tok[j].span.start,
                                           tok[i - 1].span.start - tok[j].span.start);
        i = j;
    }
    return context_before(&line, i, *qualifier);
}

int lsp_completion(lsp_server *s, json_t *params, json_t **result)
{
    const char *uri;
    long line, character;
    if (lsp_params_document(params, &uri) != 0 || lsp_params_position(params, &line, &character) != 0)
        return LSP_INVALID_PARAMS;
    completion c;
    memset(&c, 0, sizeof c);
    c.build = s->view;
    c.whole = s->build;
    c.file = lsp_file_for_uri(s, uri);
    c.items = json_array();
    okr_arena_init(&c.scratch);
    okr_strmap_init(&c.seen, &c.scratch);
    if (c.file) {
        const char *qualifier = NULL;
        switch (context_at(&c, lsp_offset_of(c.file, line, character), &qualifier)) {
        case CTX_NONE: break;
        case CTX_DEFAULT: add_keywords(&c, 0); break;
        case CTX_METRIC: complete_metrics(&c, qualifier); break;
        case CTX_TYPE: add_keywords(&c, 1); break;
        case CTX_ALIGNS: complete_aligns(&c, qualifier); break;
        case CTX_USE:
            if (qualifier && strcmp(qualifier, "std") == 0) {
                add_modules(&c, 1);
            } else if (!qualifier) {
                add_modules(&c, 0);
                add_teams(&c, c.file->unit ? c.file->unit->team : NULL, "0");
            }
            break;
        case CTX_VIA: complete_natives(&c); break;
        case CTX_AGGREGATE: {
            static const char *const words[] = {"latest", "sum", "mean"};
            for (size_t i = 0; i < 3; i++)
                add_item(&c, words[i], LSP_CIK_VALUE, "aggregation", NULL, NULL);
            break;
        }
        }
    } else {
        add_keywords(&c, 0); /* not a program file (okr.policy): the words still help */
    }
    okr_arena_free(&c.scratch);
    *result = json_object();
    json_object_set_new(*result, "isIncomplete", json_false());
    json_object_set_new(*result, "items", c.items);
    return 0;
}
