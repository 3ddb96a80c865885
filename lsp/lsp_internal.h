/* lsp_internal.h: what the language server's files share (not installed;
 * lsp.h is the interface).
 *
 * The server is split by concern: jsonrpc.c frames and writes messages,
 * lsp_text.c converts URIs and positions, lsp.c runs the session (lifecycle,
 * documents, when to check, diagnostics), lsp_build.c and lsp_fast.c
 * check, lsp_nav.c
 * answers hover and definition, lsp_symbols.c document symbols,
 * lsp_complete.c completion, lsp_format.c formatting, lsp_actions.c code
 * actions (the fixes diagnostics carry), lsp_rename.c references and
 * rename, and lsp_stdlib.c the read-only copies of the standard library
 * that go-to-definition opens. All state lives in
 * one lsp_server passed to every function: there are no globals, so a test
 * could run two sessions in one process.
 *
 * Every feature reads one lsp_build (s->view): a checked okr_program of
 * the whole workspace plus the open documents, built from scratch (programs
 * are arena-allocated, and a fresh one cannot carry stale resolution from
 * an earlier text). A keystroke may be answered from a smaller, focused
 * build instead (lsp_fast.c); the full build is then stale, and a request
 * reads either the focused build (a request about that document that reads
 * only its own text and the teams it names; lsp_fast.c says which) or a
 * full build made again first. lsp_build.c holds the disk, the builds and
 * publishing. */
#ifndef OKR_LSP_INTERNAL_H
#define OKR_LSP_INTERNAL_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../checker/program.h"
#include "../lexer/lexer.h"

/* JSON-RPC and LSP error codes. */
enum {
    LSP_PARSE_ERROR = -32700,
    LSP_INVALID_REQUEST = -32600,
    LSP_METHOD_NOT_FOUND = -32601,
    LSP_INVALID_PARAMS = -32602,
    LSP_INTERNAL_ERROR = -32603,
    LSP_SERVER_NOT_INITIALIZED = -32002,
    LSP_REQUEST_FAILED = -32803, /* a valid request the server refuses: a rename it cannot do */
};

/* A message body larger than this is refused (and skipped) rather than
 * buffered: the largest .okr file okrc accepts is 64 MiB, and JSON escaping
 * can only add a little to that in practice. */
#define LSP_MAX_MESSAGE_BYTES ((size_t)64 * 1024 * 1024 + 64 * 1024)

/* CompletionItemKind and SymbolKind values used (LSP 3.17). */
enum {
    LSP_CIK_FIELD = 5, LSP_CIK_VARIABLE = 6, LSP_CIK_CLASS = 7, LSP_CIK_MODULE = 9,
    LSP_CIK_PROPERTY = 10, LSP_CIK_VALUE = 12, LSP_CIK_KEYWORD = 14, LSP_CIK_FUNCTION = 3,
};
enum {
    LSP_SK_MODULE = 2, LSP_SK_NAMESPACE = 3, LSP_SK_CLASS = 5, LSP_SK_PROPERTY = 7,
    LSP_SK_FIELD = 8, LSP_SK_FUNCTION = 12, LSP_SK_VARIABLE = 13, LSP_SK_EVENT = 24,
};

/* A document the client has opened: its text overrides the disk. */
typedef struct lsp_doc {
    char *uri;       /* as the client spelled it, so replies match */
    char *path;      /* decoded file path; the URI itself for non-file URIs */
    char *text;
    size_t len;
    long version;
    int in_program;  /* a .okr document (or an untitled one of language okr) */
} lsp_doc;

/* One source file of a build, as the client addresses it. */
typedef struct lsp_file {
    uint32_t id;           /* in build->prog.sources */
    const char *uri;
    const char *path;      /* the file path (the URI for a non-file document) */
    int is_policy;         /* the policy file (unit is NULL) */
    int too_big;           /* over the size limit: read from disk by path each build */
    const char *team;      /* the file's team after checking; NULL without one */
    int noted;             /* a published diagnostic of another file points into it */
    int cycle;             /* it has an alignment cycle finding (OKR106) */
    int unparsed;          /* it has an input error that stops reading (OKR001-OKR007) */
    int iface_known;       /* iface holds lsp_interface_hash of text */
    uint64_t iface;
    int sigs_known;        /* decl_sig and align_sig hold lsp_fast.c's signatures of unit */
    uint64_t decl_sig, align_sig;
    const char *text;      /* the source table's copy */
    size_t len;
    okr_source_file *source; /* its entry in the source table: the line index */
    uint32_t *lines;       /* source->line_starts: where each line starts */
    size_t line_count;
    okr_file_unit *unit;   /* NULL for the policy file */
    int open;              /* from an open document (else read from disk) */
    long version;          /* the open document's version */
    size_t index;          /* in build->files */
} lsp_file;

typedef struct lsp_build {
    okr_program prog;
    okr_vec files;         /* lsp_file*: every file of the program, in load order */
    lsp_file **by_id;      /* indexed by source id; NULL for stdlib sources */
    size_t by_id_len;
    okr_strmap by_uri;     /* URI -> lsp_file* (the first file of that spelling) */
    okr_strmap by_team;    /* team name -> okr_vec* of its lsp_file*, in build order */
    size_t stubs;          /* team stubs in a focused build (lsp_fast.c) */
    long unresolved;       /* references no declaration answers, over every file; -1 until counted */
} lsp_build;

/* A file of the workspace as last read from disk (lsp_build.c): read on
 * `initialized`, and again only when the client says files changed
 * (didSave, workspace/didChangeWatchedFiles), so a keystroke reads no disk. */
typedef enum lsp_disk_state { LSP_DISK_OK, LSP_DISK_TOO_BIG, LSP_DISK_UNREADABLE } lsp_disk_state;
typedef struct lsp_disk_file {
    char *path;
    char *text;            /* malloc'ed; NULL unless LSP_DISK_OK */
    size_t len;
    lsp_disk_state state;
} lsp_disk_file;

typedef struct lsp_disk {
    int walked;            /* the workspace was walked at least once */
    lsp_disk_file policy;  /* path NULL: no policy found */
    lsp_disk_file *files;  /* in walk order */
    size_t len, cap;
} lsp_disk;

/* What the notifications since the last check ask of the next one: changes
 * are queued while more input is already waiting (a burst of keystrokes is
 * checked once), and checked before any request is answered. */
typedef struct lsp_pending {
    int walk;              /* walk the workspace and read every file again */
    int full;              /* check everything (a document opened, closed or saved) */
    char *changed;         /* the one document changed by didChange (malloc'ed URI) */
    int changed_many;      /* more than one document changed */
    char **answer;         /* URIs whose diagnostics must be published even if unchanged */
    size_t answer_len, answer_cap;
} lsp_pending;

typedef struct lsp_server {
    FILE *in, *out;
    int initialized;
    int shutdown;          /* shutdown was received: exit ends with 0 */
    int exiting;
    int resync;            /* after a broken header: skip to the next Content-Length */
    char *root;            /* workspace directory, without trailing '/'; NULL if none */
    lsp_doc *docs;
    size_t doc_count, doc_cap;
    lsp_build *build;      /* the last full build; NULL until the first */
    int stale;             /* a document changed since build was made (a focused check answered) */
    lsp_build *focus;      /* while stale: the last focused check's build, with the live text of */
    char *focus_uri;       /* this document (malloc'ed); both NULL when not stale */
    lsp_build *view;       /* what the request being answered reads: build or focus */
    json_t *published;     /* URI -> the diagnostics last published for it, when not empty */
    lsp_disk disk;         /* the workspace as last read from disk */
    lsp_pending pending;   /* what the next check must do */
    int watch_dynamic;     /* the client can register file watchers (dynamicRegistration) */
    int trace;             /* OKRC_LSP_TRACE is set: say on stderr how each change was checked */
    const char *error_message; /* detail for the next error reply: static text or error_text */
    char error_text[512];      /* lsp_fail's message */
    unsigned walk_capped_logged; /* OKR_WALK_CAPPED_* bits last said in the log */
    const okr_prepared_stdlib *std; /* parsed once per session, shared by every build */
} lsp_server;

/* --- jsonrpc.c ----------------------------------------------------------- */

typedef enum lsp_read_status {
    LSP_READ_OK,
    LSP_READ_EOF,
    LSP_READ_BAD_HEADER, /* answered by the caller; the reader resynchronises */
    LSP_READ_TOO_BIG,    /* the body was skipped */
} lsp_read_status;

/* Reads one framed message; on LSP_READ_OK *body is malloc'ed (NUL-terminated). */
lsp_read_status lsp_read_message(lsp_server *s, char **body, size_t *len);
/* Each takes ownership of the json_t it is given. */
void lsp_send(lsp_server *s, json_t *msg);
void lsp_reply(lsp_server *s, json_t *id, json_t *result);
void lsp_reply_error(lsp_server *s, json_t *id, int code, const char *message);
void lsp_notify(lsp_server *s, const char *method, json_t *params);

/* --- lsp_text.c ---------------------------------------------------------- */

/* malloc'ed; NULL when the URI is not a file: URI or cannot be decoded. */
char *lsp_uri_to_path(const char *uri);
char *lsp_path_to_uri(const char *path);
/* Points f at its source file and that file's line index (common/source.c:
 * LF, CRLF and a lone CR end a line), which every position comes from. */
void lsp_file_index(lsp_file *f, okr_source_file *source);
json_t *lsp_position_json(const lsp_file *f, uint32_t offset);
json_t *lsp_range_json(const lsp_file *f, uint32_t start, uint32_t end);
/* The byte offset of an LSP position (UTF-16 columns), clamped to the text. */
uint32_t lsp_offset_of(const lsp_file *f, long line, long character);
/* A JSON string from text that may not be valid UTF-8 (a file read from
 * disk): invalid bytes become U+FFFD instead of losing the whole value. */
json_t *lsp_jstr(const char *text);
json_t *lsp_jstrn(const char *text, size_t len);
/* A growing malloc'ed string for building hover text. */
typedef struct lsp_buf {
    char *text;
    size_t len, cap;
} lsp_buf;
void lsp_buf_printf(lsp_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Returns the text as a JSON string and frees the buffer. */
json_t *lsp_buf_take(lsp_buf *b);
/* Reads the textDocument.uri and position of request params; 0 or -1. */
int lsp_params_document(json_t *params, const char **uri);
int lsp_params_position(json_t *params, long *line, long *character);

/* --- lsp.c --------------------------------------------------------------- */

/* The file of the request's build (s->view) for a URI, or NULL when it is
 * not in the program. */
lsp_file *lsp_file_for_uri(lsp_server *s, const char *uri);
lsp_file *lsp_file_by_id(const lsp_build *b, uint32_t id);
/* A Location for a span, or json_null() when its file is not a client file
 * (the standard library is embedded in okrc, not a file on disk). */
json_t *lsp_location_json(const lsp_build *b, okr_span span);
/* The bytes of a span as an arena string. */
const char *lsp_span_text(lsp_build *b, okr_span span);
int lsp_span_valid(const lsp_file *f, okr_span span);

/* The LSP form of a diagnostic (spec.md, "Diagnostics" of the language
 * server), as published and as code actions link it. */
json_t *lsp_diagnostic_json(const lsp_build *b, const lsp_file *f, const okr_diag *d);
/* Sets the detail of the next error reply (at most 511 bytes); returns code. */
int lsp_fail(lsp_server *s, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* --- lsp_build.c: the disk, builds and publishing ------------------------ */

/* A URI of an open document, by its spelling. */
lsp_doc *lsp_find_doc(lsp_server *s, const char *uri);
/* Reads the workspace again: the walk (when `walk`, else only the files it
 * found before) and every file's text. */
void lsp_disk_read(lsp_server *s, int walk);
/* Reads one file of the workspace again; 0, or -1 when the walk did not find it. */
int lsp_disk_reread(lsp_server *s, const char *path);
void lsp_disk_free(lsp_disk *d);
/* Checks the whole workspace with the open documents' text in place of their
 * files; the result becomes s->build. Publishes what changed, and answers
 * the pending URIs whatever they hold. */
void lsp_check_full(lsp_server *s);
/* A build of the files of base whose `keep` entry is set (by index in
 * base->files), in base's order, with the open documents' current text;
 * every file but `focus` is read for context only (its findings dropped).
 * stub_at, when not NULL, holds by index the text of a team stub to add
 * before that file (lsp_fast.c), also for context only. */
lsp_build *lsp_build_focused(lsp_server *s, const lsp_build *base, const unsigned char *keep,
                             const char *const *stub_at, const lsp_file *focus);
void lsp_build_free(lsp_build *b);
/* Publishes `list` (taken) for uri when it differs from what was last
 * published, or always when `force`. */
void lsp_publish(lsp_server *s, const char *uri, json_t *list, const lsp_file *f, int force);
/* The published diagnostics of file f of build b. */
json_t *lsp_file_diagnostics(const lsp_build *b, const lsp_file *f);

/* --- lsp_fast.c: checking one changed document --------------------------- */

/* A hash of the tokens other files can read of a file's text: all of them
 * but comments, the strings, numbers and dates of objective headers
 * (titles) and what objective blocks hold but their braces, whose names
 * lsp_fast.c compares on the tree instead. */
uint64_t lsp_interface_hash(const char *text, size_t len);
/* Answers a didChange of `uri` from a build of only the files its check
 * reads, when that is known to give what a full check gives (spec.md,
 * "Checking as you type"); 0 then, else -1 (nothing was published: check
 * everything). */
int lsp_check_focused(lsp_server *s, const char *uri);
/* The build a request reads, made current first when it must be: the
 * focused build when `local` (the request reads only its document's text
 * and the names of the teams that document's check reads) and the request
 * is about the document of the last focused check; else the full build,
 * checked again when stale. */
lsp_build *lsp_request_view(lsp_server *s, int local, json_t *params);
/* Drops the focused build (a full check replaced it). */
void lsp_focus_drop(lsp_server *s);

/* --- lsp_nav.c: what is under the cursor --------------------------------- */

typedef enum lsp_hit_kind {
    LSP_HIT_NONE, LSP_HIT_KEYWORD, LSP_HIT_METRIC, LSP_HIT_OBJECTIVE, LSP_HIT_KR, LSP_HIT_TEAM,
    LSP_HIT_MODULE, LSP_HIT_NATIVE,
} lsp_hit_kind;

typedef struct lsp_hit {
    lsp_hit_kind kind;
    okr_span span; /* what the cursor is on */
    okr_metric_decl *metric;
    okr_objective *objective;
    okr_kr *kr;
    okr_team *team;
    okr_module *module;
    okr_native_decl *native;
    const okr_keyword *keyword;
} lsp_hit;

/* Fills *h with what is at `offset` of f, as the checker resolved it: the
 * keyword, else the declaration or reference whose name holds the offset
 * (on `growth` of `growth.connect_rate`, the team). 0 when nothing is. */
int lsp_find_hit(lsp_build *b, const lsp_file *f, uint32_t offset, lsp_hit *h);

/* --- lsp_stdlib.c -------------------------------------------------------- */

/* The read-only copy of a standard-library source named
 * "<stdlib>/std/x.okr" (spec.md, "Go to definition"):
 * $XDG_CACHE_HOME/okrc/stdlib/VERSION/std/x.okr, written when missing or
 * different. Returns its malloc'ed file: URI, or NULL when
 * there is no cache directory or it cannot be written. */
char *lsp_stdlib_uri(const char *path, const char *text, size_t len);
/* lsp_location_json, and for a span of a standard-library source a
 * Location in its cache copy; json_null() when there is none. */
json_t *lsp_location_any_json(const lsp_build *b, okr_span span);
/* 1 when path is inside the standard-library cache: such a document is
 * shown, not checked (it is the library, not a file of the program). */
int lsp_stdlib_path(const char *path);

/* --- features ------------------------------------------------------------ */

/* Each returns 0 with *result set, or an error code (s->error_message may
 * say more). */
int lsp_hover(lsp_server *s, json_t *params, json_t **result);
int lsp_definition(lsp_server *s, json_t *params, json_t **result);
int lsp_document_symbol(lsp_server *s, json_t *params, json_t **result);
int lsp_completion(lsp_server *s, json_t *params, json_t **result);
int lsp_formatting(lsp_server *s, json_t *params, json_t **result);
int lsp_code_action(lsp_server *s, json_t *params, json_t **result);
int lsp_references(lsp_server *s, json_t *params, json_t **result);
int lsp_prepare_rename(lsp_server *s, json_t *params, json_t **result);
int lsp_rename(lsp_server *s, json_t *params, json_t **result);

#endif
