/* lsp_fast.c: answering a keystroke without checking the whole workspace
 * (spec.md, "Checking as you type").
 *
 * A full check of a 5,000-file workspace takes a quarter of a second; a
 * keystroke in one document must not. When the edit cannot have changed
 * what other files read of the document, their diagnostics are the ones
 * already published, and the document's own come from a focused build:
 * the document and every file of the teams its check reads (its own team
 * and those it names in `use`, in TEAM.METRIC and in `aligns`), plus the
 * policy, in workspace order, checked as a program. That holds for typing
 * an identifier too: a metric name, an `aligns` path, mid-word.
 *
 * Invariant: a focused answer is what a full check would publish, for the
 * document and for every other file. The argument, by what a check of
 * another file can read of the document (checker/resolve.c, types.c, the
 * rules), each compared before the edit (its file in the last full build)
 * and after it (the focused build):
 *
 * - every declaration outside objective blocks (team, cycle, use, metric,
 *   native, policy), which other files resolve names against and read the
 *   types of: lsp_interface_hash, every token outside objective blocks but
 *   comments, and each such declaration's whole text in the tree
 *   (decl_sig, so a syntax error whose recovery drops or cuts one counts);
 * - objectives: their headers (archetype, name: the hash) and the names of
 *   their named key results (decl_sig), which `aligns TEAM.OBJECTIVE.KR`
 *   resolves to, duplicate-objective findings compare and the team's
 *   objective count (OKR503) counts;
 * - the alignment graph: the links the document's objectives add, resolved
 *   (align_sig). An alignment cycle is reported at the link that closes it
 *   in a search over every objective, which may run through teams the
 *   focused build lacks: with the same links the graph is the same and so
 *   are the cycles in other files; an OKR106 in the document, before or
 *   after, takes the full check;
 * - the budget of name suggestions the whole program shares (hints_hold):
 *   the document's unresolved references spend it, and a later file's
 *   suggestions would change if it ran out. Taken only when the budget
 *   cannot run out before or after the edit, bounding each unresolved
 *   reference's spending.
 *
 * Everything else inside objective blocks (titles, levels, owners, key
 * results' and counters' metrics, `expect`, weights, unresolved `aligns`
 * paths) is read only by the rules of that objective. So other files'
 * findings are unchanged, and the document's own come from a focused
 * build: the document, every file of the teams its old or new text reads
 * (own team: OKR102, OKR103, OKR503 and the team's metrics; the teams its
 * `use`, TEAM.METRIC and `aligns` name), the policy, in workspace order.
 * Its checks read only those, save the suggestions for an unknown name,
 * which look at every team's name and the metrics of the first teams
 * (checker/resolve.c: hint_teams, hint_qualified): when the document has
 * an unresolved reference, every other team is in the build as a stub of
 * its names at its first file's place (team_stubs), so those lists are the
 * full program's. The focused check is refused, and the caller checks
 * everything, also when:
 *
 * - the document is not in the last full build, open there, or a
 *   published diagnostic of another file points into it (a note's range
 *   there would move with the edit);
 * - with an unresolved reference, a file of the build other than the
 *   document has an input error (its findings would then get a note that
 *   the name may be declared there), or a finding of the document points
 *   into a team stub.
 *
 * tests/lsp/incremental.js compares the answers with a fresh full check
 * after every edit of sequences that type metric names, counter metrics
 * and aligns paths one character at a time, rename a key result another
 * team aligns to, close and open an alignment cycle through a team the
 * document does not name, and break and mend cross-file references.
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
        int brace = kind == '{' || kind == '}';
        /* Inside an objective's block only the braces count: what other
         * files read there is compared on the tree (decl_sig, align_sig). */
        if (in_objective && depth > 0 && !brace)
            continue;
        if (kind == OKR_TOKEN_KW_OBJECTIVE && depth == 0)
            in_objective = 1;
        else if (kind == '{')
            depth++;
        else if (kind == '}' && depth > 0 && --depth == 0)
            in_objective = 0;
        h = fnv(h, &kind, sizeof kind);
        int local = kind == OKR_TOKEN_STRING || kind == OKR_TOKEN_NUMBER || kind == OKR_TOKEN_DATE;
        if (in_objective && local)
            continue; /* the objective's title, before its block */
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

static uint64_t fnv_str(uint64_t h, const char *text)
{
    uint32_t n = text ? (uint32_t)strlen(text) + 1 : 0; /* NULL differs from "" */
    h = fnv(h, &n, sizeof n);
    return text ? fnv(h, text, n) : h;
}

/* What other files read of f's tree: each declaration's kind; the text of
 * every declaration outside objectives (team, cycle, use, metric, native,
 * policy: the parser kept it whole); each objective's name and the names
 * of its named key results (what `aligns TEAM.OBJECTIVE.KR` resolves to).
 * A syntax error whose recovery drops or damages any of them changes it. */
static uint64_t decl_sig(const lsp_file *f)
{
    uint64_t h = 0xcbf29ce484222325ull;
    const okr_file_ast *ast = f->unit->ast;
    for (size_t i = 0; i < ast->decls.len; i++) {
        const okr_decl *decl = ast->decls.items[i];
        int kind = decl->kind;
        h = fnv(h, &kind, sizeof kind);
        if (decl->kind != OKR_DECL_OBJECTIVE) {
            uint32_t a = decl->span.start, e = decl->span.end;
            h = e >= a && e <= f->len ? fnv(h, f->text + a, e - a) : fnv_str(h, "?");
            continue;
        }
        const okr_objective *obj = decl->node;
        h = fnv_str(h, obj->name.text);
        for (size_t k = 0; k < obj->krs.len; k++) {
            const okr_kr *kr = obj->krs.items[k];
            if (kr->name.text)
                h = fnv_str(h, kr->name.text);
        }
        h = fnv_str(h, "}");
    }
    return h;
}

/* The links f's objectives add to the alignment graph, in order: the
 * resolved `aligns` (an unresolved one is no edge), each by the objective
 * it reaches (its team, name and place: a file of the program, or f) and
 * the key result it names. The search for alignment cycles reads nothing
 * else of f that decl_sig does not hold. */
static uint64_t align_sig(const lsp_build *b, const lsp_file *f)
{
    uint64_t h = 0xcbf29ce484222325ull;
    const okr_file_ast *ast = f->unit->ast;
    for (size_t i = 0; i < ast->decls.len; i++) {
        const okr_decl *decl = ast->decls.items[i];
        if (decl->kind != OKR_DECL_OBJECTIVE)
            continue;
        const okr_objective *obj = decl->node;
        for (size_t k = 0; k < obj->aligns.len; k++) {
            const okr_align *a = obj->aligns.items[k];
            const okr_objective *to = a->objective;
            if (!to)
                continue;
            h = fnv_str(h, to->team ? to->team->name.text : NULL);
            h = fnv_str(h, to->name.text);
            const lsp_file *in = lsp_file_by_id(b, to->file);
            if (to->file == f->id || !in) {
                h = fnv_str(h, to->file == f->id ? "(this file)" : "(elsewhere)");
            } else {
                h = fnv_str(h, in->path);
                h = fnv(h, &to->name.span.start, sizeof to->name.span.start);
            }
            h = fnv_str(h, a->kr ? a->kr->name.text : NULL);
        }
        h = fnv_str(h, "}");
    }
    return h;
}

/* References of u that no declaration answers: key-result and counter
 * metrics, `aligns` and `use` lines. Each is at most one OKR101, OKR105 or
 * OKR107 finding, whose suggestions spend the program's hint budget. */
static long count_unresolved(const okr_file_unit *u)
{
    long n = 0, uses = 0;
    const okr_file_ast *ast = u->ast;
    for (size_t i = 0; i < ast->decls.len; i++) {
        const okr_decl *decl = ast->decls.items[i];
        uses += decl->kind == OKR_DECL_USE;
        if (decl->kind != OKR_DECL_OBJECTIVE)
            continue;
        const okr_objective *obj = decl->node;
        for (size_t k = 0; k < obj->krs.len; k++) {
            const okr_kr *kr = obj->krs.items[k];
            n += kr->metric && !kr->metric_decl;
        }
        for (size_t k = 0; k < obj->counters.len; k++)
            n += !((const okr_counter *)obj->counters.items[k])->metric_decl;
        for (size_t k = 0; k < obj->aligns.len; k++)
            n += !((const okr_align *)obj->aligns.items[k])->objective;
    }
    return n + uses - (long)u->uses.len;
}

static long build_unresolved(lsp_build *b)
{
    if (b->unresolved < 0) {
        b->unresolved = 0;
        for (size_t i = 0; i < b->prog.units.len; i++)
            b->unresolved += count_unresolved(b->prog.units.items[i]);
    }
    return b->unresolved;
}

static lsp_file *file_by_uri(const lsp_build *b, const char *uri)
{
    return okr_strmap_get(&b->by_uri, uri);
}

/* Keeps the files of the team a path's first part names, if it is one;
 * returns how many it newly kept. */
static size_t add_team(const lsp_build *base, unsigned char *keep, const char *team)
{
    const okr_vec *files = team ? okr_strmap_get(&base->by_team, team) : NULL;
    size_t added = 0;
    for (size_t i = 0; files && i < files->len; i++) {
        size_t at = ((const lsp_file *)files->items[i])->index;
        added += !keep[at];
        keep[at] = 1;
    }
    return added;
}

static size_t add_path(const lsp_build *base, unsigned char *keep, const okr_path *p, int min_parts)
{
    return p && p->count >= min_parts ? add_team(base, keep, p->parts[0].text) : 0;
}

/* Keeps the files of the teams a file's check reads: its own, and those
 * its `use`, qualified metrics and `aligns` name (a name that is not a team
 * selects nothing). Returns how many files it newly kept. */
static size_t keep_teams_read(const lsp_build *base, const char *team, const okr_file_ast *ast,
                              unsigned char *keep)
{
    size_t added = add_team(base, keep, team);
    for (size_t i = 0; i < ast->decls.len; i++) {
        const okr_decl *decl = ast->decls.items[i];
        if (decl->kind == OKR_DECL_USE) {
            added += add_path(base, keep, ((const okr_use_decl *)decl->node)->module, 1);
            continue;
        }
        if (decl->kind != OKR_DECL_OBJECTIVE)
            continue;
        const okr_objective *obj = decl->node;
        for (size_t k = 0; k < obj->krs.len; k++)
            added += add_path(base, keep, ((const okr_kr *)obj->krs.items[k])->metric, 2);
        for (size_t k = 0; k < obj->counters.len; k++)
            added += add_path(base, keep, ((const okr_counter *)obj->counters.items[k])->metric, 2);
        for (size_t k = 0; k < obj->aligns.len; k++)
            added += add_path(base, keep, ((const okr_align *)obj->aligns.items[k])->target, 2);
    }
    return added;
}

/* The checker's bounds on name suggestions (checker/program.h): a
 * suggestion looks at most OKR_HINT_MAX_CANDIDATES names, and the program's
 * suggestions share OKR_NAME_HINT_BUDGET comparisons. One unresolved reference
 * spends at most 2 * OKR_HINT_MAX_CANDIDATES + (teams in the program): its own
 * scope's names, a unit per team visited for a qualified name, and the
 * candidates found there. */

/* The team stubs of a focused build (lsp_build_focused's stub_at, by index
 * in base->files; NULL where none): for every team none of whose files is
 * kept, `team NAME` and its metrics (in the full build's order, each as
 * `metric NAME : count increasing`, which parses and checks without a
 * finding), placed where the team's first file
 * stands. The program then lists the teams in the full program's order,
 * and every metric name a suggestion for an unknown name could look at:
 * the candidates of another team's metrics are the first OKR_HINT_MAX_CANDIDATES
 * of the teams in order, skipping the file's own team and those it uses
 * (all kept), so a team's metrics are written while the teams before it
 * declare fewer than OKR_HINT_MAX_CANDIDATES plus the kept teams' metrics. */
static char **team_stubs(const lsp_build *base, const unsigned char *keep)
{
    char **stub_at = calloc(base->files.len + 1, sizeof *stub_at);
    if (!stub_at)
        abort();
    const okr_program *prog = &base->prog;
    size_t kept_metrics = 0, before = 0;
    for (size_t i = 0; i < prog->teams.len; i++) {
        const okr_team *t = prog->teams.items[i];
        const okr_vec *files = okr_strmap_get(&base->by_team, t->name);
        if (files && files->len && keep[((const lsp_file *)files->items[0])->index])
            kept_metrics += t->metric_list.len;
    }
    for (size_t i = 0; i < prog->teams.len; i++) {
        const okr_team *t = prog->teams.items[i];
        const okr_vec *files = okr_strmap_get(&base->by_team, t->name);
        size_t metrics = before < OKR_HINT_MAX_CANDIDATES + kept_metrics ? t->metric_list.len : 0;
        before += t->metric_list.len;
        if (!files || !files->len || keep[((const lsp_file *)files->items[0])->index])
            continue;
        size_t len = strlen(t->name) + 6;
        for (size_t k = 0; k < metrics; k++)
            len += strlen(((const okr_metric_decl *)t->metric_list.items[k])->name.text) + 28;
        char *text = malloc(len + 1), *at = text;
        if (!text)
            abort();
        at += sprintf(at, "team %s\n", t->name);
        for (size_t k = 0; k < metrics; k++)
            at += sprintf(at, "metric %s : count increasing\n",
                          ((const okr_metric_decl *)t->metric_list.items[k])->name.text);
        stub_at[((const lsp_file *)files->items[0])->index] = text;
    }
    return stub_at;
}

static void stubs_free(char **stub_at, size_t n)
{
    for (size_t i = 0; stub_at && i < n; i++)
        free(stub_at[i]);
    free(stub_at);
}

/* Whether the edit of doc keeps the tokens other files read of old (its
 * file in the last full build). */
static int edit_is_local(lsp_file *old, const lsp_doc *doc)
{
    if (!old || !old->open || !old->unit || old->noted)
        return 0;
    if (!old->iface_known) {
        old->iface = lsp_interface_hash(old->text, old->len);
        old->iface_known = 1;
    }
    return lsp_interface_hash(doc->text, doc->len) == old->iface;
}

/* Whether a finding of f in b points into a team stub (a note, a fix's
 * edit): its answer would then show what no file holds. */
static int points_into_stub(const lsp_build *b, const lsp_file *f)
{
    for (size_t i = 0; i < b->prog.diags.list.len; i++) {
        const okr_diag *d = b->prog.diags.list.items[i];
        if (d->span.file != f->id)
            continue;
        for (int k = 0; k < d->note_count; k++) {
            const okr_source_file *src = okr_source_get(&b->prog.sources, d->notes[k].span.file);
            if (src && src->path && strcmp(src->path, "<team stub>") == 0)
                return 1;
        }
        for (int k = 0; k < d->fix_count; k++)
            for (int e = 0; e < d->fixes[k].edit_count; e++)
                if (d->fixes[k].edits[e].span.file != f->id)
                    return 1;
    }
    return 0;
}

/* Whether the name suggestions of the focused build b are a full check's,
 * and the edit leaves every other file's the same (the invariant above). */
static int hints_hold(lsp_build *base, lsp_file *old, const lsp_build *b, const lsp_file *f)
{
    long now = count_unresolved(f->unit), before = count_unresolved(old->unit);
    if (now + before == 0)
        return 1; /* the document spends no budget, before or after */
    long per = 2 * OKR_HINT_MAX_CANDIDATES + (long)base->prog.teams.len;
    if ((build_unresolved(base) + now) * per >= OKR_NAME_HINT_BUDGET)
        return 0;
    if (now == 0)
        return 1;
    long context = 0;
    for (size_t i = 0; i < b->prog.units.len; i++)
        if (b->prog.units.items[i] != f->unit)
            context += count_unresolved(b->prog.units.items[i]);
    if ((context + now) * per >= OKR_NAME_HINT_BUDGET)
        return 0;
    for (size_t i = 0; i < b->files.len; i++) {
        const lsp_file *g = b->files.items[i];
        if (g != f && g->unparsed)
            return 0; /* its findings would note that a name may be declared there */
    }
    return !points_into_stub(b, f);
}

/* Whether the focused build b answers the edit as a full check would. */
static int focused_holds(lsp_build *base, lsp_file *old, const lsp_build *b, const lsp_file *f)
{
    if (!f->unit || old->cycle || f->cycle)
        return 0;
    if (!old->sigs_known) {
        old->decl_sig = decl_sig(old);
        old->align_sig = align_sig(base, old);
        old->sigs_known = 1;
    }
    return decl_sig(f) == old->decl_sig && align_sig(b, f) == old->align_sig && hints_hold(base, old, b, f);
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

/* The focused build for old's document: its files are those of the teams
 * the old and the new text read, and team stubs when the new text has a
 * name no declaration answers. Built again when the new text names a team
 * the build lacked or needs stubs it was made without. */
static lsp_build *build_for(lsp_server *s, lsp_build *base, lsp_file *old, const char *uri)
{
    /* While a name is being typed every keystroke needs the stubs: start
     * with them when the last text had a name nothing declares. */
    int stubs = count_unresolved(old->unit) > 0 ||
                (s->focus && s->focus->stubs && s->focus_uri && strcmp(s->focus_uri, uri) == 0);
    unsigned char *keep = calloc(base->files.len + 1, 1);
    if (!keep)
        abort();
    keep[old->index] = 1;
    if (base->files.len && ((const lsp_file *)base->files.items[0])->is_policy)
        keep[0] = 1; /* the policy comes first */
    keep_teams_read(base, old->team, old->unit->ast, keep);
    lsp_build *b = NULL;
    for (int round = 0; round < 4; round++) {
        char **stub_at = stubs ? team_stubs(base, keep) : NULL;
        b = lsp_build_focused(s, base, keep, (const char *const *)stub_at, old);
        stubs_free(stub_at, base->files.len);
        lsp_file *f = file_by_uri(b, uri);
        int again = 0;
        if (f && f->unit && keep_teams_read(base, old->team, f->unit->ast, keep) > 0)
            again = 1;
        if (f && f->unit && !stubs && count_unresolved(f->unit) > 0)
            again = stubs = 1;
        if (!again)
            break;
        lsp_build_free(b);
        b = NULL;
    }
    free(keep);
    return b;
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
    lsp_build *b = build_for(s, base, old, doc->uri);
    lsp_file *f = b ? file_by_uri(b, doc->uri) : NULL;
    if (!f || !focused_holds(base, old, b, f)) {
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
 * declarations of the same teams, in workspace order, and for a name none
 * answers the same suggestions),
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
