/* lsp_build.c: what the language server checks and what it tells the
 * client: the workspace as read from disk, builds of it, and publishing
 * (spec.md, "Language server", "Checking as you type").
 *
 * The disk is read when the session starts and again only when the client
 * says files changed (didSave, workspace/didChangeWatchedFiles): the walk,
 * as `okrc check` run at the root makes it (sorted paths, so "first
 * declaration seen" means the same in both; okr.policy in the root or a
 * directory above it), and every file's text, through the same reader and
 * size limit as `okrc check`. A keystroke reads nothing from disk.
 *
 * A full build is a fresh okr_program of every file, with the open
 * documents' text in place of their files: programs are arena-allocated,
 * and a fresh one cannot carry stale resolution from an earlier text. A
 * focused build (lsp_fast.c) is the same for a subset of the files, in the
 * same order.
 *
 * Publishing keeps the diagnostics last sent for each URI and sends a
 * file's again only when they changed, so that a keystroke in one file
 * does not re-send the diagnostics of thousands of others. */
#include <stdlib.h>
#include <string.h>

#include "../common/workspace.h"
#include "../parser/parser.h"
#include "lsp_internal.h"

/* A workspace rooted at $HOME or /usr must not make a check walk the disk
 * for minutes: the walk stops at these bounds (spec.md, "Limits"),
 * whichever comes first; entries count every directory entry visited, .okr
 * or not. */
enum { WALK_MAX_FILES = 5000, WALK_MAX_ENTRIES = 50000, WALK_MAX_DEPTH = 24 };

static char *xstrdup(const char *s)
{
    char *d = strdup(s);
    if (!d)
        abort();
    return d;
}

/* How a file is named in diagnostics and hovers: relative to the root, as
 * `okrc check` run there would name it. */
static const char *display_path(const lsp_server *s, const char *path)
{
    return okr_workspace_shown(path, s->root);
}

lsp_doc *lsp_find_doc(lsp_server *s, const char *uri)
{
    for (size_t i = 0; i < s->doc_count; i++)
        if (strcmp(s->docs[i].uri, uri) == 0)
            return &s->docs[i];
    return NULL;
}

static lsp_doc *find_doc_by_path(lsp_server *s, const char *path)
{
    for (size_t i = 0; i < s->doc_count; i++)
        if (s->docs[i].in_program && strcmp(s->docs[i].path, path) == 0)
            return &s->docs[i];
    return NULL;
}

/* --- the disk ------------------------------------------------------------ */

static void disk_file_read(lsp_disk_file *f, size_t limit)
{
    free(f->text);
    f->text = NULL;
    f->len = 0;
    int too_big = 0;
    size_t len = 0;
    char *text = okr_workspace_read(f->path, limit, &len, &too_big);
    if (!text) {
        f->state = LSP_DISK_UNREADABLE;
    } else if (too_big) {
        f->state = LSP_DISK_TOO_BIG; /* read again by path at each build, for its OKR007 */
        free(text);
    } else {
        f->state = LSP_DISK_OK;
        f->text = text;
        f->len = len;
    }
}

static void disk_file_free(lsp_disk_file *f)
{
    free(f->path);
    free(f->text);
    memset(f, 0, sizeof *f);
}

void lsp_disk_free(lsp_disk *d)
{
    disk_file_free(&d->policy);
    for (size_t i = 0; i < d->len; i++)
        disk_file_free(&d->files[i]);
    free(d->files);
    memset(d, 0, sizeof *d);
}

/* Says in the client's log (window/logMessage, a warning) which bound cut
 * the workspace walk short, so that a user missing files learns why; said
 * again only when the bounds hit change. */
static void log_walk_caps(lsp_server *s, unsigned capped)
{
    if (capped == s->walk_capped_logged)
        return;
    s->walk_capped_logged = capped;
    if (!capped)
        return;
    char why[256] = "";
    if (capped & OKR_WALK_CAPPED_FILES)
        snprintf(why + strlen(why), sizeof why - strlen(why), "; %d .okr files gathered", WALK_MAX_FILES);
    if (capped & OKR_WALK_CAPPED_ENTRIES)
        snprintf(why + strlen(why), sizeof why - strlen(why), "; %d directory entries visited", WALK_MAX_ENTRIES);
    if (capped & OKR_WALK_CAPPED_DEPTH)
        snprintf(why + strlen(why), sizeof why - strlen(why), "; directories more than %d levels deep not read",
                 WALK_MAX_DEPTH);
    char text[4608]; /* a root longer than 4 KiB is cut short in the log */
    snprintf(text, sizeof text,
             "okrc: the workspace walk under %s stopped at a bound (%s): files past it are not in the program; "
             "open a smaller folder as the workspace",
             s->root, why + 2);
    json_t *params = json_object();
    json_object_set_new(params, "type", json_integer(2)); /* MessageType.Warning */
    json_object_set_new(params, "message", json_string(text));
    lsp_notify(s, "window/logMessage", params);
}

void lsp_disk_read(lsp_server *s, int walk)
{
    lsp_disk *d = &s->disk;
    if (!s->root) {
        lsp_disk_free(d);
        d->walked = 1;
        return;
    }
    if (walk || !d->walked) {
        lsp_disk_free(d);
        d->walked = 1;
        char *const roots[] = {s->root};
        okr_workspace_options o = {
            .paths = roots, .path_count = 1, .shown_from = s->root,
            .walk = {.errors = NULL, .max_files = WALK_MAX_FILES, .max_entries = WALK_MAX_ENTRIES,
                     .max_depth = WALK_MAX_DEPTH},
        };
        okr_workspace ws;
        okr_workspace_open(&ws, &o);
        log_walk_caps(s, ws.files.capped);
        if (ws.policy)
            d->policy.path = xstrdup(ws.policy);
        d->files = calloc(ws.files.len + 1, sizeof *d->files);
        if (!d->files)
            abort();
        for (size_t i = 0; i < ws.files.len; i++)
            d->files[d->len++].path = xstrdup(ws.files.paths[i]);
        okr_workspace_close(&ws);
    }
    if (d->policy.path)
        disk_file_read(&d->policy, OKR_MAX_POLICY_BYTES);
    for (size_t i = 0; i < d->len; i++)
        disk_file_read(&d->files[i], OKR_MAX_FILE_BYTES);
}

int lsp_disk_reread(lsp_server *s, const char *path)
{
    lsp_disk *d = &s->disk;
    if (d->policy.path && strcmp(d->policy.path, path) == 0) {
        disk_file_read(&d->policy, OKR_MAX_POLICY_BYTES);
        return 0;
    }
    for (size_t i = 0; i < d->len; i++)
        if (strcmp(d->files[i].path, path) == 0) {
            disk_file_read(&d->files[i], OKR_MAX_FILE_BYTES);
            return 0;
        }
    return -1;
}

/* --- builds -------------------------------------------------------------- */

void lsp_build_free(lsp_build *b)
{
    if (!b)
        return;
    okr_program_free(&b->prog);
    free(b);
}

static lsp_build *build_new(lsp_server *s)
{
    lsp_build *b = calloc(1, sizeof *b);
    if (!b)
        abort();
    b->unresolved = -1;
    okr_program_init_prepared(&b->prog, s->std);
    return b;
}

/* One file to add to a build: where its text comes from. */
typedef struct build_input {
    const char *path;
    const char *uri;       /* NULL: made from path */
    const char *text;      /* NULL with too_big: read by path */
    size_t len;
    const lsp_doc *doc;    /* the open document it comes from */
    int is_policy, too_big;
} build_input;

static void build_add(lsp_server *s, lsp_build *b, const build_input *in)
{
    okr_program *prog = &b->prog;
    uint32_t id = (uint32_t)prog->sources.len;
    size_t units = prog->units.len;
    if (in->is_policy && in->too_big)
        okr_program_load_policy(prog, in->path);
    else if (in->is_policy)
        okr_program_load_policy_text(prog, in->path, in->text, in->len);
    else if (in->too_big)
        okr_program_add_file(prog, in->path);
    else
        okr_program_add_text(prog, display_path(s, in->path), in->text, in->len);
    if (prog->sources.len <= id || (!in->is_policy && prog->units.len <= units))
        return; /* unreadable: the editor shows what can be checked */
    okr_source_file *src = okr_source_get(&prog->sources, id);
    src->path = okr_arena_strdup(&prog->arena, display_path(s, in->path));
    okr_arena *arena = &prog->arena;
    lsp_file *f = okr_arena_alloc(arena, sizeof *f);
    memset(f, 0, sizeof *f);
    f->id = id;
    char *uri = in->uri ? NULL : lsp_path_to_uri(in->path);
    f->uri = okr_arena_strdup(arena, in->uri ? in->uri : uri ? uri : in->path);
    free(uri);
    f->path = okr_arena_strdup(arena, in->path);
    f->is_policy = in->is_policy;
    f->too_big = in->too_big;
    f->text = src->text;
    f->len = src->len;
    f->unit = in->is_policy ? NULL : prog->units.items[prog->units.len - 1];
    f->open = in->doc != NULL;
    f->version = in->doc ? in->doc->version : 0;
    f->index = b->files.len;
    lsp_file_index(f, src);
    okr_vec_push(arena, &b->files, f);
}

/* An alignment cycle (OKR106), found over every objective of the program. */
static int is_cycle(const okr_diag *d)
{
    return d->code == OKR106;
}

/* An input error that stopped part of the file from being read (OKR001 to
 * OKR007): a name may be declared in what was lost (lsp_fast.c). */
static int is_unparsed(const okr_diag *d)
{
    const char *code = okr_code_info_get(d->code)->code; /* "OKR004" */
    return d->severity == OKR_SEV_ERROR && code[3] == '0' && code[4] == '0' && code[5] >= '1' && code[5] <= '7';
}

/* Checks the program and indexes its files: by source id, URI and team. */
static void build_finish(lsp_build *b)
{
    okr_program *prog = &b->prog;
    okr_arena *arena = &prog->arena;
    okr_program_check(prog);
    /* Checking parses the used stdlib modules, so the id table is sized now. */
    b->by_id_len = prog->sources.len;
    b->by_id = okr_arena_alloc(arena, (b->by_id_len + 1) * sizeof *b->by_id);
    okr_strmap_init(&b->by_uri, arena);
    okr_strmap_init(&b->by_team, arena);
    for (size_t i = 0; i < b->files.len; i++) {
        lsp_file *f = b->files.items[i];
        if (f->id < b->by_id_len)
            b->by_id[f->id] = f;
        f->team = f->unit && f->unit->team ? f->unit->team->name : NULL;
        if (!okr_strmap_get(&b->by_uri, f->uri))
            okr_strmap_put(&b->by_uri, f->uri, f);
        if (!f->team)
            continue;
        okr_vec *same = okr_strmap_get(&b->by_team, f->team);
        if (!same) {
            same = okr_arena_alloc(arena, sizeof *same);
            okr_strmap_put(&b->by_team, f->team, same);
        }
        okr_vec_push(arena, same, f);
    }
    for (size_t i = 0; i < prog->diags.list.len; i++) {
        const okr_diag *d = prog->diags.list.items[i];
        lsp_file *f = lsp_file_by_id(b, d->span.file);
        if (f && is_cycle(d))
            f->cycle = 1;
        if (f && is_unparsed(d))
            f->unparsed = 1;
    }
}

/* Open documents outside the workspace (or new, unsaved ones), by path. */
static void add_other_docs(lsp_server *s, lsp_build *b, const char *used)
{
    size_t *order = malloc((s->doc_count + 1) * sizeof *order), n = 0;
    if (!order)
        abort();
    for (size_t i = 0; i < s->doc_count; i++)
        if (s->docs[i].in_program && !used[i])
            order[n++] = i;
    for (size_t i = 1; i < n; i++) /* insertion sort: a handful of documents */
        for (size_t j = i; j > 0 && strcmp(s->docs[order[j - 1]].path, s->docs[order[j]].path) > 0; j--) {
            size_t t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    for (size_t k = 0; k < n; k++) {
        const lsp_doc *doc = &s->docs[order[k]];
        int duplicate = 0; /* two URIs spelling one path: check it once */
        for (size_t j = 0; j < k; j++)
            duplicate |= strcmp(s->docs[order[j]].path, doc->path) == 0;
        if (!duplicate) {
            build_input in = {.path = doc->path, .uri = doc->uri, .text = doc->text, .len = doc->len, .doc = doc};
            build_add(s, b, &in);
        }
    }
    free(order);
}

/* Marks the files that a diagnostic of another file points into (a note,
 * a fix's edit), which a change of their text alone can therefore alter. */
static void mark_noted(lsp_build *b)
{
    for (size_t i = 0; i < b->prog.diags.list.len; i++) {
        const okr_diag *d = b->prog.diags.list.items[i];
        for (int k = 0; k < d->note_count; k++) {
            lsp_file *g = lsp_file_by_id(b, d->notes[k].span.file);
            if (g && d->notes[k].span.file != d->span.file)
                g->noted = 1;
        }
        /* A fix's edit there too: code actions offer it (lsp_actions.c). */
        for (int k = 0; k < d->fix_count; k++)
            for (int e = 0; e < d->fixes[k].edit_count; e++) {
                lsp_file *g = lsp_file_by_id(b, d->fixes[k].edits[e].span.file);
                if (g && d->fixes[k].edits[e].span.file != d->span.file)
                    g->noted = 1;
            }
    }
}

static lsp_build *build_full(lsp_server *s)
{
    lsp_build *b = build_new(s);
    char *used = calloc(s->doc_count + 1, 1); /* open documents already added */
    if (!used)
        abort();
    const lsp_disk *d = &s->disk;
    if (d->policy.path && d->policy.state != LSP_DISK_UNREADABLE) {
        build_input in = {.path = d->policy.path, .text = d->policy.text, .len = d->policy.len, .is_policy = 1,
                          .too_big = d->policy.state == LSP_DISK_TOO_BIG};
        build_add(s, b, &in);
    }
    for (size_t i = 0; i < d->len; i++) {
        const lsp_disk_file *df = &d->files[i];
        lsp_doc *doc = find_doc_by_path(s, df->path);
        build_input in = {.path = df->path, .text = df->text, .len = df->len,
                          .too_big = df->state == LSP_DISK_TOO_BIG};
        if (doc) {
            used[doc - s->docs] = 1;
            in = (build_input){.path = df->path, .uri = doc->uri, .text = doc->text, .len = doc->len, .doc = doc};
        } else if (df->state == LSP_DISK_UNREADABLE) {
            continue;
        }
        build_add(s, b, &in);
    }
    add_other_docs(s, b, used);
    free(used);
    build_finish(b);
    mark_noted(b);
    return b;
}

lsp_build *lsp_build_focused(lsp_server *s, const lsp_build *base, const unsigned char *keep,
                             const char *const *stub_at, const lsp_file *focus)
{
    lsp_build *b = build_new(s);
    for (size_t i = 0; i < base->files.len; i++) {
        const lsp_file *f = base->files.items[i];
        if (stub_at && stub_at[i]) {
            /* A team's names in place of its files, where its first file
             * stands (lsp_fast.c, team_stubs): context only, no lsp_file. */
            okr_program_add_text(&b->prog, "<team stub>", stub_at[i], strlen(stub_at[i]));
            okr_program_mark_context(&b->prog, b->prog.units.items[b->prog.units.len - 1]);
            b->stubs++;
        }
        if (!keep[i])
            continue;
        const lsp_doc *doc = f->open ? lsp_find_doc(s, f->uri) : NULL;
        build_input in = {.path = f->path, .uri = f->uri, .text = f->text, .len = f->len, .doc = doc,
                          .is_policy = f->is_policy, .too_big = f->too_big};
        if (doc) {
            in.text = doc->text;
            in.len = doc->len;
            in.too_big = 0;
        }
        size_t units = b->prog.units.len;
        build_add(s, b, &in);
        /* The other files are there for their names: their own findings
         * are not published, so the rules that only read an objective's
         * own file skip them (program.h, context files). */
        if (f != focus && b->prog.units.len > units)
            okr_program_mark_context(&b->prog, b->prog.units.items[b->prog.units.len - 1]);
    }
    build_finish(b);
    return b;
}

/* --- publishing ---------------------------------------------------------- */

/* The published diagnostics of every file of b, by index in b->files. */
static json_t **all_diagnostics(const lsp_build *b)
{
    size_t n = b->files.len;
    json_t **lists = calloc(n + 1, sizeof *lists);
    if (!lists)
        abort();
    for (size_t i = 0; i < n; i++)
        lists[i] = json_array();
    for (size_t i = 0; i < b->prog.diags.list.len; i++) {
        const okr_diag *d = b->prog.diags.list.items[i];
        lsp_file *f = lsp_file_by_id(b, d->span.file);
        if (f)
            json_array_append_new(lists[f->index], lsp_diagnostic_json(b, f, d));
    }
    return lists;
}

json_t *lsp_file_diagnostics(const lsp_build *b, const lsp_file *f)
{
    json_t *list = json_array();
    for (size_t i = 0; i < b->prog.diags.list.len; i++) {
        const okr_diag *d = b->prog.diags.list.items[i];
        if (d->span.file == f->id)
            json_array_append_new(list, lsp_diagnostic_json(b, f, d));
    }
    return list;
}

void lsp_publish(lsp_server *s, const char *uri, json_t *list, const lsp_file *f, int force)
{
    if (!s->published)
        s->published = json_object();
    json_t *last = json_object_get(s->published, uri);
    int same = last ? json_equal(last, list) : json_array_size(list) == 0;
    if (same && !force) {
        json_decref(list);
        return;
    }
    if (json_array_size(list))
        json_object_set_nocheck(s->published, uri, list);
    else
        json_object_del(s->published, uri);
    json_t *params = json_object();
    json_object_set_new(params, "uri", lsp_jstr(uri));
    if (f && f->open)
        json_object_set_new(params, "version", json_integer(f->version));
    json_object_set_new(params, "diagnostics", list);
    lsp_notify(s, "textDocument/publishDiagnostics", params);
}

static int must_answer(const lsp_server *s, const char *uri)
{
    for (size_t i = 0; i < s->pending.answer_len; i++)
        if (strcmp(s->pending.answer[i], uri) == 0)
            return 1;
    return 0;
}

/* Publishes the diagnostics of every file whose diagnostics changed, clears
 * those of files gone from the program, and answers the pending URIs. */
static void publish_all(lsp_server *s)
{
    lsp_build *b = s->build;
    json_t **lists = all_diagnostics(b);
    json_t *present = json_object();
    for (size_t i = 0; i < b->files.len; i++) {
        lsp_file *f = b->files.items[i];
        json_object_set_new_nocheck(present, f->uri, json_true());
        lsp_publish(s, f->uri, lists[i], f, must_answer(s, f->uri));
    }
    free(lists);
    /* Files gone from the program (closed and not on disk, or deleted). */
    const char *uri;
    json_t *v, *gone = json_array();
    json_object_foreach(s->published, uri, v)
        if (!json_object_get(present, uri))
            json_array_append_new(gone, json_string_nocheck(uri));
    for (size_t i = 0; i < json_array_size(gone); i++)
        lsp_publish(s, json_string_value(json_array_get(gone, i)), json_array(), NULL, 0);
    json_decref(gone);
    json_decref(present);
}

void lsp_check_full(lsp_server *s)
{
    if (!s->disk.walked)
        lsp_disk_read(s, 1);
    lsp_build *b = build_full(s);
    lsp_build_free(s->build);
    s->build = b;
    s->stale = 0;
    lsp_focus_drop(s);
    publish_all(s);
    if (s->trace)
        fprintf(stderr, "okrc lsp: full check (%zu files)\n", b->files.len);
}
