/* lsp_fast.c: answering a keystroke without checking the whole workspace
 * (spec.md, "Checking as you type").
 *
 * A full check of a 5,000-file workspace takes a quarter of a second; a
 * keystroke in one document must not. When the edit cannot have changed
 * what other files read of the document, their diagnostics are the ones
 * already published, and the document's own come from a focused build:
 * the document and every file of the teams its check reads (its own team
 * and those it names in `use`, in TEAM.METRIC and in `aligns`), plus the
 * policy, in workspace order, checked as a program.
 *
 * Invariant: a focused answer is what a full check would publish. It is
 * given only when all of these hold, else the caller checks everything:
 *
 * - the document is in the last full build, open there, with its
 *   "interface" unchanged since: the tokens other files' checks read, which
 *   are all of them except comments and the strings, numbers and dates
 *   inside objective blocks (titles, levels, `expect`), read only by that
 *   objective's own rules (lsp_interface_hash). The tables every other file
 *   resolves against are then the same, so their findings are too;
 * - no published diagnostic of another file points into the document (a
 *   note's range there would move with the edit);
 * - neither the last full build nor the focused one has an input, syntax
 *   or name finding (OKR0xx, OKR1xx) in the document: those read the whole
 *   program (name suggestions draw on every team under a budget the whole
 *   program shares; an alignment cycle is reported where the search over
 *   every objective closes it), which a focused build does not hold.
 *
 * What stays: rules on the document's objectives read only its own tree,
 * the metrics it resolves to and its team's objectives, all in the
 * focused build; tests/lsp/incremental.js compares the answers with a
 * fresh full check after every edit of a sequence that breaks and mends
 * cross-file references.
 *
 * The focused build is kept until the next check, and the requests about
 * the document that follow read it (lsp_request_view, below); a full build
 * is made only for a request that needs every file or another document.
 * tests/lsp/requests.js compares those answers with a fresh server's. */
#include <stdlib.h>
#include <string.h>

#include "../common/workspace.h"
#include "lsp_internal.h"

/* FNV-1a, 64 bits: a fingerprint to compare, not a security boundary. */
static uint64_t fnv(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

uint64_t lsp_interface_hash(const char *text, size_t len)
{
    okr_arena arena;
    okr_diags diags;
    okr_arena_init(&arena);
    okr_diags_init(&diags, &arena);
    okr_token_list toks = okr_lexer_scan(&arena, &diags, 0, text, len, NULL);
    uint64_t h = 0xcbf29ce484222325ull;
    int depth = 0, in_objective = 0;
    for (size_t i = 0; i < toks.len; i++) {
        const okr_token *t = &toks.items[i];
        int kind = t->kind;
        if (kind == OKR_TOKEN_KW_OBJECTIVE && depth == 0)
            in_objective = 1;
        else if (kind == '{')
            depth++;
        else if (kind == '}' && depth > 0 && --depth == 0)
            in_objective = 0;
        h = fnv(h, &kind, sizeof kind);
        int local = kind == OKR_TOKEN_STRING || kind == OKR_TOKEN_NUMBER || kind == OKR_TOKEN_DATE;
        if (in_objective && local)
            continue;
        uint32_t n = t->span.end - t->span.start;
        h = fnv(h, &n, sizeof n);
        h = fnv(h, text + t->span.start, n);
    }
    /* Lexer findings (an unterminated string, a bad character) change how
     * the parser reads the file: count them in. */
    size_t found = diags.list.len;
    h = fnv(h, &found, sizeof found);
    okr_arena_free(&arena);
    return h;
}

static lsp_file *file_by_uri(const lsp_build *b, const char *uri)
{
    return okr_strmap_get(&b->by_uri, uri);
}

/* Keeps the files of the team a path's first part names, if it is one. */
static void add_team(const lsp_build *base, unsigned char *keep, const char *team)
{
    const okr_vec *files = team ? okr_strmap_get(&base->by_team, team) : NULL;
    for (size_t i = 0; files && i < files->len; i++)
        keep[((const lsp_file *)files->items[i])->index] = 1;
}

static void add_path(const lsp_build *base, unsigned char *keep, const okr_path *p, int min_parts)
{
    if (p && p->count >= min_parts)
        add_team(base, keep, p->parts[0].text);
}

/* Keeps the files of the teams f's check reads: its own, and those its
 * `use`, qualified metrics and `aligns` name (a name that is not a team
 * selects nothing). */
static void keep_teams_read(const lsp_build *base, const lsp_file *f, unsigned char *keep)
{
    add_team(base, keep, f->team);
    const okr_file_ast *ast = f->unit->ast;
    for (size_t i = 0; i < ast->decls.len; i++) {
        const okr_decl *decl = ast->decls.items[i];
        if (decl->kind == OKR_DECL_USE) {
            add_path(base, keep, ((const okr_use_decl *)decl->node)->module, 1);
            continue;
        }
        if (decl->kind != OKR_DECL_OBJECTIVE)
            continue;
        const okr_objective *obj = decl->node;
        for (size_t k = 0; k < obj->krs.len; k++)
            add_path(base, keep, ((const okr_kr *)obj->krs.items[k])->metric, 2);
        for (size_t k = 0; k < obj->counters.len; k++)
            add_path(base, keep, ((const okr_counter *)obj->counters.items[k])->metric, 2);
        for (size_t k = 0; k < obj->aligns.len; k++)
            add_path(base, keep, ((const okr_align *)obj->aligns.items[k])->target, 2);
    }
}

/* Whether the edit of doc keeps what other files read of old (its file in
 * the last full build), and old's answer did not depend on the whole program. */
static int edit_is_local(lsp_file *old, const lsp_doc *doc)
{
    if (!old || !old->open || !old->unit || old->noted || old->wide)
        return 0;
    if (!old->iface_known) {
        old->iface = lsp_interface_hash(old->text, old->len);
        old->iface_known = 1;
    }
    return lsp_interface_hash(doc->text, doc->len) == old->iface;
}

static void mark_in_base(const lsp_build *b, const lsp_file *f, const lsp_build *base, uint32_t id)
{
    const lsp_file *g = lsp_file_by_id(b, id);
    lsp_file *in_base = g && g != f ? file_by_uri(base, g->uri) : NULL;
    if (in_base)
        in_base->noted = 1;
}

/* A diagnostic of f in b that points into another file (a note, or an edit
 * of a fix, which code actions offer) makes that file's text part of what
 * f's answers hold: an edit there then needs a full check. */
static void mark_noted(const lsp_build *b, const lsp_file *f, const lsp_build *base)
{
    for (size_t i = 0; i < b->prog.diags.list.len; i++) {
        const okr_diag *d = b->prog.diags.list.items[i];
        if (d->span.file != f->id)
            continue;
        for (int k = 0; k < d->note_count; k++)
            mark_in_base(b, f, base, d->notes[k].span.file);
        for (int k = 0; k < d->fix_count; k++)
            for (int e = 0; e < d->fixes[k].edit_count; e++)
                mark_in_base(b, f, base, d->fixes[k].edits[e].span.file);
    }
}

int lsp_check_focused(lsp_server *s, const char *uri)
{
    lsp_build *base = s->build;
    lsp_doc *doc = lsp_find_doc(s, uri);
    if (!base || !doc || !doc->in_program)
        return -1;
    lsp_file *old = file_by_uri(base, doc->uri);
    if (!edit_is_local(old, doc))
        return -1;
    unsigned char *keep = calloc(base->files.len + 1, 1);
    if (!keep)
        abort();
    keep[old->index] = 1;
    if (base->files.len && ((const lsp_file *)base->files.items[0])->is_policy)
        keep[0] = 1; /* the policy comes first */
    keep_teams_read(base, old, keep);
    lsp_build *b = lsp_build_focused(s, base, keep, old);
    free(keep);
    lsp_file *f = file_by_uri(b, doc->uri);
    if (!f || f->wide) {
        lsp_build_free(b);
        return -1;
    }
    mark_noted(b, f, base);
    lsp_publish(s, f->uri, lsp_file_diagnostics(b, f), f, 1);
    /* Kept for the requests about this document that follow (the
     * completion the keystroke triggered, a hover): lsp_request_view. */
    lsp_focus_drop(s);
    s->focus = b;
    s->focus_uri = strdup(doc->uri);
    if (!s->focus_uri)
        abort();
    s->stale = 1;
    return 0;
}

void lsp_focus_drop(lsp_server *s)
{
    lsp_build_free(s->focus);
    free(s->focus_uri);
    s->focus = NULL;
    s->focus_uri = NULL;
}

/* Why a local request may read the focused build (spec.md, "Requests
 * after typing"): the focused check was taken only because the edit kept
 * the document's interface, so every file but the document holds the text
 * of the last full build, every name the document's check reads resolves
 * in the focused build as in a full one (the invariant above: the same
 * declarations of the same teams, in workspace order, and no name finding),
 * and the document's own text there is the live one. A request that reads
 * only the document's tree, its diagnostics and the declarations its names
 * resolve to (hover, definition, document symbols, completion, formatting,
 * code actions) then answers as from a full check. Lists of every team,
 * module or native (completion) come from the last full build, whose names
 * and team titles the edit cannot have changed (they are outside objective
 * blocks). Requests over every file (references, rename) and requests
 * about another document (whose answers may show this one's new titles)
 * check everything first. */
lsp_build *lsp_request_view(lsp_server *s, int local, json_t *params)
{
    const char *uri;
    if (s->stale && local && s->focus && lsp_params_document(params, &uri) == 0 &&
        strcmp(uri, s->focus_uri) == 0) {
        if (s->trace)
            fprintf(stderr, "okrc lsp: request answered from the focused build of %s\n", uri);
        return s->view = s->focus;
    }
    if (s->stale)
        lsp_check_full(s);
    return s->view = s->build;
}
