/* lsp_actions.c: textDocument/codeAction, the fixes diagnostics carry as
 * quick fixes (spec.md, "Code actions").
 *
 * The checker stage that understood a mistake built its fixes (common/
 * diag.h: a label, edits as byte spans, whether it is machine-applicable);
 * this file only converts them: each fix of a diagnostic overlapping the
 * requested range becomes a "quickfix" action whose WorkspaceEdit holds the
 * fix's edits as LSP ranges (UTF-16 columns, from the source table's line
 * index), linked to the diagnostic it fixes, preferred when it is
 * machine-applicable. "source.fixAll.okrc" is one action applying every
 * machine-applicable fix of the document that does not overlap one taken
 * before it, in source order: what `okrc check --fix` would apply to that
 * file. The diagnostics are those of the current build, which is rebuilt at
 * every change, so the spans match the text the client has. */
#include <string.h>

#include "lsp_internal.h"

#define FIX_ALL_KIND "source.fixAll.okrc"

/* Whether the client's `only` filter admits kind: an entry equal to it or
 * a prefix of it at a dot ("source" admits "source.fixAll.okrc"). */
static int kind_wanted(json_t *only, const char *kind)
{
    if (!json_is_array(only))
        return 1;
    size_t i;
    json_t *v;
    json_array_foreach(only, i, v) {
        if (!json_is_string(v))
            continue;
        const char *want = json_string_value(v);
        size_t n = strlen(want);
        if (strncmp(kind, want, n) == 0 && (kind[n] == '\0' || kind[n] == '.'))
            return 1;
    }
    return 0;
}

static int read_position(json_t *pos, long *line, long *character)
{
    json_t *params = json_pack("{s:O}", "position", pos ? pos : json_null());
    int rc = lsp_params_position(params, line, character);
    json_decref(params);
    return rc;
}

static json_t *text_edit(const lsp_file *f, const okr_edit *e)
{
    json_t *o = json_object();
    json_object_set_new(o, "range", lsp_range_json(f, e->span.start, e->span.end));
    json_object_set_new(o, "newText", lsp_jstr(e->replacement));
    return o;
}

/* The file every edit of the fix is in (diag.h keeps a fix to one file),
 * or NULL when it has no edits or they are not in a client file. */
static lsp_file *fix_file(const lsp_build *b, const okr_fix *fix)
{
    if (fix->edit_count == 0)
        return NULL;
    lsp_file *f = lsp_file_by_id(b, fix->edits[0].span.file);
    for (int i = 0; i < fix->edit_count; i++)
        if (!lsp_span_valid(f, fix->edits[i].span))
            return NULL;
    return f;
}

static json_t *workspace_edit(const lsp_file *f, json_t *edits)
{
    json_t *changes = json_object();
    json_object_set_new(changes, f->uri, edits);
    return json_pack("{s:o}", "changes", changes);
}

static json_t *quick_fix(const lsp_build *b, const lsp_file *df, const okr_diag *d, const okr_fix *fix)
{
    lsp_file *f = fix_file(b, fix);
    if (!f)
        return NULL;
    json_t *edits = json_array();
    for (int i = 0; i < fix->edit_count; i++)
        json_array_append_new(edits, text_edit(f, &fix->edits[i]));
    json_t *action = json_object();
    json_object_set_new(action, "title", lsp_jstr(fix->label));
    json_object_set_new(action, "kind", json_string("quickfix"));
    json_object_set_new(action, "diagnostics", json_pack("[o]", lsp_diagnostic_json(b, df, d)));
    if (fix->machine_applicable)
        json_object_set_new(action, "isPreferred", json_true());
    json_object_set_new(action, "edit", workspace_edit(f, edits));
    return action;
}

static int edits_overlap(const okr_edit *a, const okr_edit *b)
{
    /* Two insertions at one place, or an insertion inside a replacement,
     * would depend on the order they are applied in: count as overlapping. */
    return (a->span.start < b->span.end && b->span.start < a->span.end) || a->span.start == b->span.start;
}

static int same_edit(const okr_edit *a, const okr_edit *b)
{
    return a->span.start == b->span.start && a->span.end == b->span.end &&
           strcmp(a->replacement, b->replacement) == 0;
}

/* Adds the fix's edits to `taken` unless one overlaps an edit taken before
 * (an edit equal to one taken is the same fix offered by another
 * diagnostic: it is taken once). */
static void take_fix(okr_arena *arena, okr_vec *taken, const okr_fix *fix)
{
    int fresh[OKR_FIX_MAX_EDITS] = {0};
    for (int i = 0; i < fix->edit_count; i++) {
        fresh[i] = 1;
        for (size_t j = 0; j < taken->len; j++) {
            const okr_edit *t = taken->items[j];
            if (same_edit(t, &fix->edits[i]))
                fresh[i] = 0;
            else if (edits_overlap(t, &fix->edits[i]))
                return;
        }
    }
    for (int i = 0; i < fix->edit_count; i++)
        if (fresh[i])
            okr_vec_push(arena, taken, (void *)&fix->edits[i]);
}

static json_t *fix_all(lsp_build *b, const lsp_file *f)
{
    okr_vec taken = {0};
    for (size_t i = 0; i < b->prog.diags.list.len; i++) {
        const okr_diag *d = b->prog.diags.list.items[i];
        for (int k = 0; k < d->fix_count; k++)
            if (d->fixes[k].machine_applicable && fix_file(b, &d->fixes[k]) == f)
                take_fix(&b->prog.arena, &taken, &d->fixes[k]);
    }
    if (taken.len == 0)
        return NULL;
    json_t *edits = json_array();
    for (size_t j = 0; j < taken.len; j++)
        json_array_append_new(edits, text_edit(f, taken.items[j]));
    json_t *action = json_object();
    json_object_set_new(action, "title", json_string("Apply every machine-applicable okrc fix"));
    json_object_set_new(action, "kind", json_string(FIX_ALL_KIND));
    json_object_set_new(action, "edit", workspace_edit(f, edits));
    return action;
}

int lsp_code_action(lsp_server *s, json_t *params, json_t **result)
{
    const char *uri;
    json_t *range = json_object_get(params, "range");
    long sl, sc, el, ec;
    if (lsp_params_document(params, &uri) != 0 || read_position(json_object_get(range, "start"), &sl, &sc) != 0 ||
        read_position(json_object_get(range, "end"), &el, &ec) != 0)
        return LSP_INVALID_PARAMS;
    *result = json_array();
    lsp_file *f = lsp_file_for_uri(s, uri);
    if (!f)
        return 0;
    lsp_build *b = s->view;
    json_t *only = json_object_get(json_object_get(params, "context"), "only");
    uint32_t start = lsp_offset_of(f, sl, sc), end = lsp_offset_of(f, el, ec);
    if (end < start) {
        uint32_t t = start;
        start = end;
        end = t;
    }
    if (kind_wanted(only, "quickfix")) {
        for (size_t i = 0; i < b->prog.diags.list.len; i++) {
            const okr_diag *d = b->prog.diags.list.items[i];
            /* Touching counts: a cursor at either end of a span is on it. */
            if (d->span.file != f->id || d->span.start > end || d->span.end < start)
                continue;
            for (int k = 0; k < d->fix_count; k++) {
                json_t *action = quick_fix(b, f, d, &d->fixes[k]);
                if (action)
                    json_array_append_new(*result, action);
            }
        }
    }
    json_t *all = kind_wanted(only, FIX_ALL_KIND) ? fix_all(b, f) : NULL;
    if (all)
        json_array_append_new(*result, all);
    return 0;
}
