/* lsp.c: `okrc lsp`, the session: lifecycle, dispatch, documents and
 * when to check (spec.md, "Language server").
 *
 * The program an editor shows must be the one `okrc check` would check.
 * Notifications that change documents or files only queue a check
 * (lsp_pending); it runs once no more input is waiting, or before any
 * reply, so a burst of keystrokes is checked once and a reply never
 * overtakes what an earlier message caused. A single changed document is
 * answered by lsp_fast.c when it can be, anything else by a full check
 * (lsp_build.c); a request reads the build lsp_request_view chooses. Every error the
 * protocol can carry is answered and the session goes on; only `exit` or
 * the end of the input ends it. */
#include "lsp.h"

#include <stdarg.h>
#include <stdlib.h>
#include <poll.h>
#include <string.h>
#include <sys/stat.h>

#include "../common/workspace.h"
#include "lsp_internal.h"

#ifndef OKRC_VERSION
#define OKRC_VERSION "0.0.0"
#endif

/* --- small helpers ------------------------------------------------------- */

static char *xstrdup(const char *s)
{
    char *d = strdup(s);
    if (!d)
        abort();
    return d;
}

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n > m && strcmp(s + n - m, suffix) == 0;
}

/* --- builds -------------------------------------------------------------- */

lsp_file *lsp_file_by_id(const lsp_build *b, uint32_t id)
{
    return b && id < b->by_id_len ? b->by_id[id] : NULL;
}

lsp_file *lsp_file_for_uri(lsp_server *s, const char *uri)
{
    const lsp_build *b = s->view;
    if (!b)
        return NULL;
    for (size_t i = 0; i < b->files.len; i++) {
        lsp_file *f = b->files.items[i];
        if (strcmp(f->uri, uri) == 0)
            return f;
    }
    /* The client may spell the URI of a file we read from disk differently
     * (percent-encoding); compare paths. */
    char *path = lsp_uri_to_path(uri);
    if (!path)
        return NULL;
    lsp_file *found = NULL;
    for (size_t i = 0; i < b->files.len && !found; i++) {
        lsp_file *f = b->files.items[i];
        char *p = lsp_uri_to_path(f->uri);
        if (p && strcmp(p, path) == 0)
            found = f;
        free(p);
    }
    free(path);
    return found;
}

int lsp_span_valid(const lsp_file *f, okr_span span)
{
    return f && span.file == f->id && span.start <= span.end && span.end <= f->len;
}

json_t *lsp_location_json(const lsp_build *b, okr_span span)
{
    lsp_file *f = lsp_file_by_id(b, span.file);
    if (!lsp_span_valid(f, span))
        return json_null();
    json_t *loc = json_object();
    json_object_set_new(loc, "uri", lsp_jstr(f->uri));
    json_object_set_new(loc, "range", lsp_range_json(f, span.start, span.end));
    return loc;
}

const char *lsp_span_text(lsp_build *b, okr_span span)
{
    okr_source_file *src = span.file < b->prog.sources.len ? okr_source_get(&b->prog.sources, span.file) : NULL;
    if (!src || src->is_external || span.end < span.start || span.end > src->len)
        return "";
    return okr_arena_strndup(&b->prog.arena, src->text + span.start, span.end - span.start);
}

/* --- diagnostics --------------------------------------------------------- */

json_t *lsp_diagnostic_json(const lsp_build *b, const lsp_file *f, const okr_diag *d)
{
    okr_arena *arena = (okr_arena *)&b->prog.arena;
    json_t *o = json_object();
    json_object_set_new(o, "range", lsp_range_json(f, d->span.start, d->span.end));
    int severity = d->severity == OKR_SEV_ERROR ? 1 : d->severity == OKR_SEV_WARNING ? 2 : 3;
    json_object_set_new(o, "severity", json_integer(severity));
    const okr_code_info *info = okr_code_info_get(d->code);
    json_object_set_new(o, "code", json_string(info->code));
    json_object_set_new(o, "source", json_string("okrc"));
    /* Help lines and location-less notes belong to the message: clients
     * show no other field for them. Notes with a place become related
     * information, which clients link to. */
    char *message = okr_arena_strdup(arena, d->message ? d->message : info->summary);
    for (int i = 0; i < d->help_count; i++)
        message = okr_arena_printf(arena, "%s\nhelp: %s", message, d->help[i]);
    json_t *related = json_array();
    for (int i = 0; i < d->note_count; i++) {
        const okr_diag_noteinfo *note = &d->notes[i];
        json_t *loc = note->span.file == OKR_NO_FILE ? json_null() : lsp_location_json(b, note->span);
        if (json_is_null(loc)) {
            json_decref(loc);
            message = okr_arena_printf(arena, "%s\nnote: %s", message, note->message);
            continue;
        }
        json_t *r = json_object();
        json_object_set_new(r, "location", loc);
        json_object_set_new(r, "message", lsp_jstr(note->message));
        json_array_append_new(related, r);
    }
    json_object_set_new(o, "message", lsp_jstr(message));
    if (json_array_size(related))
        json_object_set_new(o, "relatedInformation", related);
    else
        json_decref(related);
    /* The labels of its fixes, so a client can tell which diagnostics have
     * quick fixes before asking (textDocument/codeAction serves them). */
    if (d->fix_count > 0) {
        json_t *fixes = json_array();
        for (int i = 0; i < d->fix_count; i++)
            json_array_append_new(fixes, lsp_jstr(d->fixes[i].label));
        json_object_set_new(o, "data", json_pack("{s:o}", "fixes", fixes));
    }
    return o;
}

/* --- pending checks ------------------------------------------------------ */

static void pending_answer(lsp_server *s, const char *uri)
{
    lsp_pending *p = &s->pending;
    for (size_t i = 0; i < p->answer_len; i++)
        if (strcmp(p->answer[i], uri) == 0)
            return;
    if (p->answer_len == p->answer_cap) {
        p->answer_cap = p->answer_cap ? 2 * p->answer_cap : 4;
        p->answer = realloc(p->answer, p->answer_cap * sizeof *p->answer);
        if (!p->answer)
            abort();
    }
    p->answer[p->answer_len++] = xstrdup(uri);
}

static void pending_clear(lsp_pending *p)
{
    for (size_t i = 0; i < p->answer_len; i++)
        free(p->answer[i]);
    free(p->answer);
    free(p->changed);
    memset(p, 0, sizeof *p);
}

/* A document's text changed: answered by itself when it is the only one. */
static void queue_change(lsp_server *s, const char *uri)
{
    lsp_pending *p = &s->pending;
    if (!p->changed)
        p->changed = xstrdup(uri);
    else if (strcmp(p->changed, uri) != 0)
        p->changed_many = 1;
    pending_answer(s, uri);
}

/* Runs the one check the queued notifications ask for: a keystroke is
 * answered from a focused build when lsp_fast.c can (spec.md, "Checking as
 * you type"), anything else by checking everything. */
static void run_pending(lsp_server *s)
{
    lsp_pending *p = &s->pending;
    if (!p->walk && !p->full && !p->changed)
        return;
    if (p->walk)
        lsp_disk_read(s, 1);
    if (p->walk || p->full || p->changed_many || !p->changed || lsp_check_focused(s, p->changed) != 0) {
        lsp_check_full(s);
    } else if (s->trace) {
        fprintf(stderr, "okrc lsp: focused check of %s\n", p->changed);
    }
    pending_clear(p);
}

/* Whether more of the client's input is already here: then the pending
 * check waits, so a burst of changes is checked once. What stdio has
 * buffered counts too; glibc lets us see it (gnulib's freadahead reads the
 * same fields), elsewhere only the descriptor is asked. */
static int input_waiting(FILE *in)
{
#ifdef __GLIBC__
    if (in->_IO_read_ptr < in->_IO_read_end)
        return 1;
#endif
    int fd = fileno(in);
    if (fd < 0)
        return 0;
    struct pollfd pfd = {.fd = fd, .events = POLLIN};
    return poll(&pfd, 1, 0) > 0 && (pfd.revents & POLLIN);
}

/* --- documents ----------------------------------------------------------- */

static int in_disk_list(const lsp_server *s, const char *path)
{
    for (size_t i = 0; i < s->disk.len; i++)
        if (strcmp(s->disk.files[i].path, path) == 0)
            return 1;
    return 0;
}

static void doc_set_text(lsp_doc *doc, const char *text, size_t len)
{
    free(doc->text);
    doc->text = malloc(len + 1);
    if (!doc->text)
        abort();
    memcpy(doc->text, text, len);
    doc->text[len] = '\0';
    doc->len = len;
}

static void did_open(lsp_server *s, json_t *params)
{
    json_t *td = json_object_get(params, "textDocument");
    json_t *uri = json_object_get(td, "uri"), *text = json_object_get(td, "text");
    json_t *lang = json_object_get(td, "languageId"), *version = json_object_get(td, "version");
    if (!json_is_string(uri) || !json_is_string(text))
        return;
    lsp_doc *doc = lsp_find_doc(s, json_string_value(uri));
    if (!doc) {
        if (s->doc_count == s->doc_cap) {
            s->doc_cap = s->doc_cap ? 2 * s->doc_cap : 8;
            s->docs = realloc(s->docs, s->doc_cap * sizeof *s->docs);
            if (!s->docs)
                abort();
        }
        doc = &s->docs[s->doc_count++];
        memset(doc, 0, sizeof *doc);
        doc->uri = xstrdup(json_string_value(uri));
        doc->path = lsp_uri_to_path(doc->uri);
        int is_file = doc->path != NULL;
        if (!doc->path)
            doc->path = xstrdup(doc->uri);
        /* okr.policy is not a program file: it is read from disk as the
         * policy; nor is a standard-library copy that go-to-definition
         * opened. An untitled buffer is checked when the client says it is
         * .okr text. */
        doc->in_program = (has_suffix(doc->path, ".okr") && !(is_file && lsp_stdlib_path(doc->path))) ||
                          (!is_file && json_is_string(lang) && strcmp(json_string_value(lang), "okr") == 0);
    }
    doc_set_text(doc, json_string_value(text), json_string_length(text));
    doc->version = json_is_integer(version) ? (long)json_integer_value(version) : 0;
    /* A file created since the workspace was read is placed where a walk
     * puts it, so that declaration order is the one `okrc check` sees. */
    if (doc->in_program && s->root && !in_disk_list(s, doc->path) &&
        strncmp(doc->path, s->root, strlen(s->root)) == 0 && doc->path[strlen(s->root)] == '/')
        s->pending.walk = 1;
    s->pending.full = 1;
    pending_answer(s, doc->uri);
}

static void did_change(lsp_server *s, json_t *params)
{
    json_t *td = json_object_get(params, "textDocument");
    json_t *uri = json_object_get(td, "uri"), *changes = json_object_get(params, "contentChanges");
    lsp_doc *doc = json_is_string(uri) ? lsp_find_doc(s, json_string_value(uri)) : NULL;
    if (!doc || !json_is_array(changes) || json_array_size(changes) == 0)
        return;
    /* Full sync: each change is the whole text, so the last one wins. */
    json_t *text = json_object_get(json_array_get(changes, json_array_size(changes) - 1), "text");
    if (!json_is_string(text))
        return;
    doc_set_text(doc, json_string_value(text), json_string_length(text));
    json_t *version = json_object_get(td, "version");
    if (json_is_integer(version))
        doc->version = (long)json_integer_value(version);
    queue_change(s, doc->uri);
}

static void did_close(lsp_server *s, json_t *params)
{
    const char *uri;
    if (lsp_params_document(params, &uri) != 0)
        return;
    lsp_doc *doc = lsp_find_doc(s, uri);
    if (!doc)
        return;
    free(doc->uri);
    free(doc->path);
    free(doc->text);
    size_t i = (size_t)(doc - s->docs);
    memmove(&s->docs[i], &s->docs[i + 1], (s->doc_count - i - 1) * sizeof *s->docs);
    s->doc_count--;
    s->pending.full = 1;
}

/* A file saved is read again; one the walk did not find makes it walk. */
static void reread(lsp_server *s, const char *uri)
{
    char *path = lsp_uri_to_path(uri);
    if (!path || lsp_disk_reread(s, path) != 0)
        s->pending.walk = 1;
    free(path);
    s->pending.full = 1;
}

static void did_save(lsp_server *s, json_t *params)
{
    const char *uri;
    if (lsp_params_document(params, &uri) == 0)
        reread(s, uri);
    else
        s->pending.walk = s->pending.full = 1;
}

/* FileChangeType: 1 created, 2 changed, 3 deleted. A change is read again;
 * a file created or deleted makes the server walk the workspace. */
static void did_change_watched_files(lsp_server *s, json_t *params)
{
    json_t *changes = json_object_get(params, "changes");
    if (!json_is_array(changes) || json_array_size(changes) == 0)
        s->pending.walk = 1;
    for (size_t i = 0; i < json_array_size(changes); i++) {
        json_t *c = json_array_get(changes, i), *uri = json_object_get(c, "uri");
        json_t *type = json_object_get(c, "type");
        if (json_is_string(uri) && json_is_integer(type) && json_integer_value(type) == 2)
            reread(s, json_string_value(uri));
        else
            s->pending.walk = 1;
    }
    s->pending.full = 1;
}

/* Asks a client that can register capabilities to report changes of the
 * files the program is made of (workspace/didChangeWatchedFiles); others
 * report saves (didSave) only. The reply is ignored like any response. */
static void register_watchers(lsp_server *s)
{
    json_t *watchers = json_pack("[{s:s}, {s:s}]", "globPattern", "**/*.okr", "globPattern", "**/okr.policy");
    json_t *reg = json_pack("{s:s, s:s, s:{s:o}}", "id", "okrc-watch", "method", "workspace/didChangeWatchedFiles",
                            "registerOptions", "watchers", watchers);
    lsp_send(s, json_pack("{s:s, s:s, s:s, s:{s:[o]}}", "jsonrpc", "2.0", "id", "okrc-register-watchers",
                          "method", "client/registerCapability", "params", "registrations", reg));
}

static void on_initialized(lsp_server *s, json_t *params)
{
    (void)params;
    if (s->watch_dynamic)
        register_watchers(s);
    s->pending.walk = s->pending.full = 1;
}

/* --- lifecycle ----------------------------------------------------------- */

/* The root the server walks: the project root of the client's folder, the
 * nearest directory at or above it holding a regular file okr.policy (the
 * rule of `okrc check`, spec.md "Projects"), else the folder itself. The
 * walk up is done on the client's spelling of the path (no symbolic link
 * resolved), so that disk paths keep matching the open documents' URIs. */
static char *project_root(char *folder)
{
    char *dir = xstrdup(folder);
    for (;;) {
        size_t n = strlen(dir);
        char *candidate = malloc(n + sizeof "/okr.policy");
        if (!candidate)
            abort();
        snprintf(candidate, n + sizeof "/okr.policy", "%s/okr.policy", n == 1 ? "" : dir);
        struct stat st;
        int found = stat(candidate, &st) == 0 && S_ISREG(st.st_mode);
        free(candidate);
        char *slash = strrchr(dir, '/');
        if (found || !slash || n == 1) {
            if (!found) {
                free(dir);
                return folder;
            }
            free(folder);
            return dir;
        }
        slash[slash == dir ? 1 : 0] = '\0';
    }
}

static char *root_from_params(json_t *params)
{
    json_t *v = json_object_get(params, "rootUri");
    char *path = json_is_string(v) ? lsp_uri_to_path(json_string_value(v)) : NULL;
    if (!path) {
        v = json_object_get(params, "rootPath");
        if (json_is_string(v) && json_string_length(v) > 0)
            path = xstrdup(json_string_value(v));
    }
    if (!path) {
        v = json_object_get(json_array_get(json_object_get(params, "workspaceFolders"), 0), "uri");
        if (json_is_string(v))
            path = lsp_uri_to_path(json_string_value(v));
    }
    if (path) {
        size_t n = strlen(path);
        while (n > 1 && path[n - 1] == '/')
            path[--n] = '\0';
        struct stat st;
        if (path[0] != '/' || stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
            free(path);
            path = NULL;
        }
    }
    return path ? project_root(path) : NULL;
}

static int initialize(lsp_server *s, json_t *params, json_t **result)
{
    if (!json_is_object(params))
        return LSP_INVALID_PARAMS;
    free(s->root);
    s->root = root_from_params(params);
    s->initialized = 1;
    json_t *dyn = json_object_get(json_object_get(json_object_get(json_object_get(params, "capabilities"), "workspace"),
                                                  "didChangeWatchedFiles"), "dynamicRegistration");
    s->watch_dynamic = json_is_true(dyn);

    json_t *caps = json_object();
    json_object_set_new(caps, "positionEncoding", json_string("utf-16"));
    json_t *sync = json_object();
    json_object_set_new(sync, "openClose", json_true());
    json_object_set_new(sync, "change", json_integer(1));
    json_object_set_new(sync, "save", json_true());
    json_object_set_new(caps, "textDocumentSync", sync);
    json_object_set_new(caps, "hoverProvider", json_true());
    json_object_set_new(caps, "definitionProvider", json_true());
    json_object_set_new(caps, "documentSymbolProvider", json_true());
    json_t *completion = json_object();
    json_object_set_new(completion, "triggerCharacters", json_pack("[s]", "."));
    json_object_set_new(completion, "resolveProvider", json_false());
    json_object_set_new(caps, "completionProvider", completion);
    json_object_set_new(caps, "documentFormattingProvider", json_true());
    json_object_set_new(caps, "codeActionProvider",
                        json_pack("{s:[s,s]}", "codeActionKinds", "quickfix", "source.fixAll.okrc"));
    json_object_set_new(caps, "referencesProvider", json_true());
    json_object_set_new(caps, "renameProvider", json_pack("{s:b}", "prepareProvider", 1));

    *result = json_pack("{s:o, s:{s:s, s:s}}", "capabilities", caps, "serverInfo", "name", "okrc", "version",
                        OKRC_VERSION);
    return 0;
}

static int shutdown_request(lsp_server *s, json_t *params, json_t **result)
{
    (void)params;
    s->shutdown = 1;
    *result = json_null();
    return 0;
}

/* --- dispatch ------------------------------------------------------------ */

typedef int (*request_fn)(lsp_server *s, json_t *params, json_t **result);
typedef void (*notification_fn)(lsp_server *s, json_t *params);

/* What a request reads (lsp_request_view): NONE no build; LOCAL its
 * document's text and the declarations its names resolve to, so after a
 * keystroke it may read the focused build; WHOLE every file, so it reads a
 * full build, checked again first when a keystroke made it stale
 * (references and rename search every file for occurrences; prepareRename
 * answers whether that rename would be refused, from the same search). */
enum { READS_NONE, READS_LOCAL, READS_WHOLE };

static const struct {
    const char *method;
    request_fn fn;
    int reads;
} requests[] = {
    {"initialize", initialize, READS_NONE},
    {"shutdown", shutdown_request, READS_NONE},
    {"textDocument/hover", lsp_hover, READS_LOCAL},
    {"textDocument/definition", lsp_definition, READS_LOCAL},
    {"textDocument/documentSymbol", lsp_document_symbol, READS_LOCAL},
    {"textDocument/completion", lsp_completion, READS_LOCAL},
    {"textDocument/formatting", lsp_formatting, READS_LOCAL},
    {"textDocument/codeAction", lsp_code_action, READS_LOCAL},
    {"textDocument/references", lsp_references, READS_WHOLE},
    {"textDocument/prepareRename", lsp_prepare_rename, READS_WHOLE},
    {"textDocument/rename", lsp_rename, READS_WHOLE},
};

static const struct {
    const char *method;
    notification_fn fn;
} notifications[] = {
    {"initialized", on_initialized},
    {"textDocument/didOpen", did_open},
    {"textDocument/didChange", did_change},
    {"textDocument/didClose", did_close},
    {"textDocument/didSave", did_save},
    {"workspace/didChangeWatchedFiles", did_change_watched_files},
};

static const char *error_text(int code)
{
    switch (code) {
    case LSP_PARSE_ERROR: return "Parse error";
    case LSP_INVALID_REQUEST: return "Invalid Request";
    case LSP_METHOD_NOT_FOUND: return "Method not found";
    case LSP_INVALID_PARAMS: return "Invalid params";
    case LSP_SERVER_NOT_INITIALIZED: return "Server not initialized";
    case LSP_REQUEST_FAILED: return "Request failed";
    default: return "Internal error";
    }
}

int lsp_fail(lsp_server *s, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->error_text, sizeof s->error_text, fmt, ap);
    va_end(ap);
    s->error_message = s->error_text;
    return code;
}

static void reply_error(lsp_server *s, json_t *id, int code)
{
    run_pending(s); /* what earlier messages caused is sent before any reply */
    const char *detail = s->error_message;
    s->error_message = NULL;
    if (!detail) {
        lsp_reply_error(s, id, code, error_text(code));
        return;
    }
    char buf[600];
    snprintf(buf, sizeof buf, "%s: %s", error_text(code), detail);
    lsp_reply_error(s, id, code, buf);
}

static void handle_request(lsp_server *s, json_t *id, const char *method, json_t *params)
{
    if (strcmp(method, "initialize") == 0 && s->initialized) {
        s->error_message = "initialize was already received";
        reply_error(s, id, LSP_INVALID_REQUEST);
        return;
    }
    if (!s->initialized && strcmp(method, "initialize") != 0) {
        reply_error(s, id, LSP_SERVER_NOT_INITIALIZED);
        return;
    }
    if (s->shutdown) {
        s->error_message = "the server is shutting down";
        reply_error(s, id, LSP_INVALID_REQUEST);
        return;
    }
    for (size_t i = 0; i < sizeof requests / sizeof requests[0]; i++) {
        if (strcmp(method, requests[i].method) != 0)
            continue;
        if (params && !json_is_object(params) && !json_is_array(params) && !json_is_null(params)) {
            reply_error(s, id, LSP_INVALID_PARAMS);
            return;
        }
        run_pending(s);
        /* After focused checks, a request reads the focused build when it
         * can, else a full build made again (the published diagnostics do
         * not change): lsp_request_view. */
        if (requests[i].reads != READS_NONE)
            lsp_request_view(s, requests[i].reads == READS_LOCAL, params);
        json_t *result = NULL;
        int code = requests[i].fn(s, params, &result);
        s->view = NULL;
        if (code != 0) {
            json_decref(result);
            reply_error(s, id, code);
        } else {
            lsp_reply(s, id, result);
        }
        return;
    }
    reply_error(s, id, LSP_METHOD_NOT_FOUND);
}

static void handle_notification(lsp_server *s, const char *method, json_t *params)
{
    /* Before initialize and after shutdown only exit counts; unknown
     * notifications (including every $/ one) are dropped, as the protocol
     * asks. */
    if (!s->initialized || s->shutdown)
        return;
    for (size_t i = 0; i < sizeof notifications / sizeof notifications[0]; i++)
        if (strcmp(method, notifications[i].method) == 0) {
            if (json_is_object(params))
                notifications[i].fn(s, params);
            return;
        }
}

static void handle_message(lsp_server *s, const char *body, size_t len)
{
    json_error_t err;
    json_t *msg = json_loadb(body, len, 0, &err);
    if (!msg) {
        s->error_message = err.text;
        reply_error(s, NULL, LSP_PARSE_ERROR);
        return;
    }
    json_t *id = json_object_get(msg, "id");
    json_t *method = json_object_get(msg, "method");
    json_t *version = json_object_get(msg, "jsonrpc");
    int has_id = id != NULL;
    if (id && !json_is_string(id) && !json_is_integer(id) && !json_is_null(id))
        id = NULL; /* an id we could not echo back: answer with null */
    if (!json_is_object(msg) || (version && !(json_is_string(version) && strcmp(json_string_value(version), "2.0") == 0))) {
        reply_error(s, NULL, LSP_INVALID_REQUEST);
    } else if (!method) {
        /* A response to a request of ours (client/registerCapability) is ignored;
         * anything else without a method is an invalid request. */
        if (!(has_id && (json_object_get(msg, "result") || json_object_get(msg, "error")))) {
            s->error_message = "missing method";
            reply_error(s, id, LSP_INVALID_REQUEST);
        }
    } else if (!json_is_string(method) || (has_id && !id)) {
        reply_error(s, id, LSP_INVALID_REQUEST);
    } else if (strcmp(json_string_value(method), "exit") == 0) {
        s->exiting = 1;
    } else if (has_id) {
        handle_request(s, id, json_string_value(method), json_object_get(msg, "params"));
    } else {
        handle_notification(s, json_string_value(method), json_object_get(msg, "params"));
    }
    json_decref(msg);
}

static void server_free(lsp_server *s)
{
    for (size_t i = 0; i < s->doc_count; i++) {
        free(s->docs[i].uri);
        free(s->docs[i].path);
        free(s->docs[i].text);
    }
    free(s->docs);
    json_decref(s->published);
    lsp_build_free(s->build);
    lsp_focus_drop(s);
    lsp_disk_free(&s->disk);
    pending_clear(&s->pending);
    free(s->root);
}

int okr_lsp_main(FILE *in, FILE *out, int argc, char **argv)
{
    /* Clients add transport options when they start a server; stdio is the
     * only transport, and the client's process id is not needed. */
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--stdio") != 0 && strncmp(argv[i], "--clientProcessId", 17) != 0) {
            fprintf(stderr, "okrc: error: lsp: unknown option '%s' (the server speaks on stdin/stdout)\n",
                    argv[i]);
            return 2;
        }
    }
    okr_prepared_stdlib *std = okr_stdlib_prepare();
    int status = okr_lsp_serve(in, out, std);
    okr_stdlib_release(std);
    return status;
}

int okr_lsp_serve(FILE *in, FILE *out, const okr_prepared_stdlib *std)
{
    lsp_server s;
    memset(&s, 0, sizeof s);
    s.in = in;
    s.out = out;
    s.std = std;
    s.trace = getenv("OKRC_LSP_TRACE") != NULL;
    while (!s.exiting) {
        char *body;
        size_t len;
        lsp_read_status st = lsp_read_message(&s, &body, &len);
        if (st == LSP_READ_EOF)
            break;
        if (st == LSP_READ_BAD_HEADER) {
            reply_error(&s, NULL, LSP_PARSE_ERROR);
        } else if (st == LSP_READ_TOO_BIG) {
            reply_error(&s, NULL, LSP_INVALID_REQUEST);
        } else {
            handle_message(&s, body, len);
            free(body);
        }
        if (!input_waiting(s.in))
            run_pending(&s);
    }
    run_pending(&s);
    int status = s.exiting && s.shutdown ? 0 : 1;
    server_free(&s);
    return status;
}
