/* lsp_symbols.c: textDocument/documentSymbol, the outline of one file.
 *
 * A hierarchical DocumentSymbol[] in source order: the file's declarations
 * at the top level (team, cycle, uses, metrics, natives, policy blocks) and
 * each objective with its key results and counter-metrics as children.
 * Built from the syntax tree alone, so a file with syntax errors still shows
 * every declaration that parsed. Clients reject a symbol whose name is empty
 * or whose selectionRange is not inside its range, so both are enforced
 * here whatever a partial tree holds. */
#include <string.h>

#include "lsp_internal.h"

static json_t *symbol(const lsp_file *f, const char *name, const char *detail, int kind, okr_span range,
                      okr_span selection)
{
    if (!lsp_span_valid(f, range))
        range = okr_span_make(f->id, 0, 0);
    if (!lsp_span_valid(f, selection) || selection.start < range.start || selection.end > range.end)
        selection = okr_span_make(f->id, range.start, range.start);
    json_t *o = json_object();
    json_object_set_new(o, "name", lsp_jstr(name && *name ? name : "(unnamed)"));
    if (detail && *detail)
        json_object_set_new(o, "detail", lsp_jstr(detail));
    json_object_set_new(o, "kind", json_integer(kind));
    json_object_set_new(o, "range", lsp_range_json(f, range.start, range.end));
    json_object_set_new(o, "selectionRange", lsp_range_json(f, selection.start, selection.end));
    return o;
}

/* A declaration's span may stop short of a name the parser recovered
 * after; widening keeps the selection inside the range. */
static okr_span cover(okr_span outer, okr_span inner)
{
    if (inner.file == outer.file && inner.start <= inner.end) {
        if (inner.start < outer.start)
            outer.start = inner.start;
        if (inner.end > outer.end)
            outer.end = inner.end;
    }
    return outer;
}

static json_t *objective_symbol(lsp_build *b, const lsp_file *f, const okr_objective *o)
{
    okr_arena *a = &b->prog.arena;
    const char *detail = o->statement.text;
    if (o->archetype != OKR_ARCH_NONE)
        detail = okr_arena_printf(a, "%s%s%s", okr_archetype_name(o->archetype), detail ? ": " : "",
                                  detail ? detail : "");
    okr_span range = cover(o->span, o->name.span);
    json_t *sym = symbol(f, o->name.text, detail, LSP_SK_CLASS, range, o->name.span);
    json_t *children = json_array();
    /* items holds key results and counters in source order. */
    for (size_t i = 0; i < o->items.len; i++) {
        const okr_obj_item *item = &o->items.items[i];
        if (item->kind == OKR_OBJ_KR) {
            const okr_kr *kr = item->node;
            const char *name = kr->name.text ? kr->name.text : kr->title.text;
            if (!name)
                name = kr->label; /* "#N", by position */
            const char *kr_detail = kr->metric && kr->metric->text ? kr->metric->text : NULL;
            if (kr->is_hypothesis)
                kr_detail = okr_arena_printf(a, "hypothesis%s%s", kr_detail ? ": " : "", kr_detail ? kr_detail : "");
            okr_span sel = kr->name.text ? kr->name.span : okr_kr_keyword_span(kr);
            json_array_append_new(children, symbol(f, name, kr_detail, LSP_SK_FIELD, cover(kr->span, sel), sel));
        } else if (item->kind == OKR_OBJ_COUNTER) {
            const okr_counter *c = item->node;
            const char *name = c->metric && c->metric->text ? c->metric->text : "counter";
            okr_span sel = c->metric ? c->metric->span : c->span;
            json_array_append_new(children, symbol(f, name, "counter-metric", LSP_SK_PROPERTY,
                                                   cover(c->span, sel), sel));
        }
    }
    json_object_set_new(sym, "children", children);
    return sym;
}

int lsp_document_symbol(lsp_server *s, json_t *params, json_t **result)
{
    const char *uri;
    if (lsp_params_document(params, &uri) != 0)
        return LSP_INVALID_PARAMS;
    lsp_file *f = lsp_file_for_uri(s, uri);
    *result = json_array();
    if (!f || !f->unit || !f->unit->ast)
        return 0;
    lsp_build *b = s->view;
    okr_arena *a = &b->prog.arena;
    okr_vec *decls = &f->unit->ast->decls;
    for (size_t i = 0; i < decls->len; i++) {
        const okr_decl *decl = decls->items[i];
        json_t *sym = NULL;
        switch (decl->kind) {
        case OKR_DECL_TEAM: {
            const okr_team_decl *t = decl->node;
            sym = symbol(f, t->name.text, t->title.text, LSP_SK_NAMESPACE, cover(decl->span, t->name.span),
                         t->name.span);
            break;
        }
        case OKR_DECL_CYCLE: {
            const okr_cycle_decl *c = decl->node;
            const char *name = c->label ? c->label : c->name.text ? c->name.text : lsp_span_text(b, c->span);
            sym = symbol(f, okr_arena_printf(a, "cycle %s", name), NULL, LSP_SK_EVENT, decl->span, c->span);
            break;
        }
        case OKR_DECL_USE: {
            const okr_use_decl *u = decl->node;
            const char *name = u->module && u->module->text ? u->module->text : NULL;
            sym = symbol(f, okr_arena_printf(a, "use %s", name ? name : "?"), NULL, LSP_SK_MODULE, decl->span,
                         u->module ? u->module->span : decl->span);
            break;
        }
        case OKR_DECL_METRIC: {
            const okr_metric_decl *m = decl->node;
            const char *detail = okr_arena_printf(a, "%s%s%s", okr_type_name(m->type),
                                                  m->direction ? " " : "", m->direction ? okr_direction_name(m->direction) : "");
            sym = symbol(f, m->name.text, detail, LSP_SK_VARIABLE, cover(decl->span, m->name.span), m->name.span);
            break;
        }
        case OKR_DECL_OBJECTIVE:
            sym = objective_symbol(b, f, decl->node);
            break;
        case OKR_DECL_POLICY:
            sym = symbol(f, "policy", NULL, LSP_SK_MODULE, decl->span, decl->span);
            break;
        case OKR_DECL_NATIVE: {
            const okr_native_decl *n = decl->node;
            sym = symbol(f, n->name.text, n->symbol.text, LSP_SK_FUNCTION, cover(decl->span, n->name.span),
                         n->name.span);
            break;
        }
        }
        if (sym)
            json_array_append_new(*result, sym);
    }
    return 0;
}
