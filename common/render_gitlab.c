/* render_gitlab.c: diagnostics as a GitLab Code Quality report.
 *
 * GitLab reads a JSON array of issues from a job's `artifacts: reports:
 * codequality` file and shows them in merge requests:
 *
 *   [{"description": "OKR601 number-in-objective: message",
 *     "check_name": "OKR601",
 *     "fingerprint": "0f3a...",            32 hex digits
 *     "severity": "minor",                 note -> info, warning -> minor, error -> major
 *     "location": {"path": "okrs/growth.okr", "lines": {"begin": 12}}}]
 *
 * GitLab tells a new finding from an old one by its fingerprint alone, so
 * the fingerprint must survive edits elsewhere in the file: it hashes the
 * code, the path and the text of the finding's line (trimmed), never the
 * line number, plus a count of earlier findings with the same three, so
 * two identical lines still get distinct fingerprints. A finding without a
 * place (a command-line problem) is reported at the path "." line 1, since
 * GitLab requires a location; a feed row (whose text is not kept) hashes
 * its message instead of its line. */
#include "render_internal.h"

#include <inttypes.h>

/* Two FNV-1a 64-bit hashes with different offsets: 128 bits, so unrelated
 * findings do not collide, without a cryptographic library. */
typedef struct gl_hash {
    uint64_t a, b;
} gl_hash;

static void gl_hash_bytes(gl_hash *h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h->a = (h->a ^ (unsigned char)s[i]) * 0x100000001b3ULL;
        h->b = (h->b ^ (unsigned char)s[i]) * 0x100000001b3ULL;
    }
    /* A separator byte that cannot occur in text, so ("ab","c") != ("a","bc"). */
    h->a = (h->a ^ 0xffu) * 0x100000001b3ULL;
    h->b = (h->b ^ 0xffu) * 0x100000001b3ULL;
}

static const char *gl_severity(okr_severity sev)
{
    switch (sev) {
    case OKR_SEV_ERROR: return "major";
    case OKR_SEV_WARNING: return "minor";
    case OKR_SEV_NOTE:
    case OKR_SEV_OFF: break;
    }
    return "info";
}

/* The finding's line without leading and trailing blanks, so re-indenting
 * a block keeps its fingerprints. */
static const char *gl_line_text(const render_ctx *c, const okr_source_file *f, okr_span span,
                                uint32_t line, size_t *len)
{
    if (f->is_external)
        return NULL;
    const char *s = okr_source_line(c->sources, span.file, line, len);
    if (!s)
        return NULL;
    while (*len && (*s == ' ' || *s == '\t')) {
        s++;
        (*len)--;
    }
    while (*len && (s[*len - 1] == ' ' || s[*len - 1] == '\t' || s[*len - 1] == '\r'))
        (*len)--;
    return s;
}

/* The identity of one finding before its occurrence count is mixed in. */
static gl_hash gl_identity(const render_ctx *c, const okr_diag *d, const okr_source_file *f,
                           uint32_t line)
{
    gl_hash h = {0xcbf29ce484222325ULL, 0x84222325cbf29ce4ULL};
    const okr_code_info *info = okr_code_info_get(d->code);
    const char *code = info ? info->code : "OKR???";
    gl_hash_bytes(&h, code, strlen(code));
    const char *path = f ? f->path : ".";
    gl_hash_bytes(&h, path, strlen(path));
    size_t len = 0;
    const char *text = f ? gl_line_text(c, f, d->span, line, &len) : NULL;
    if (text)
        gl_hash_bytes(&h, text, len);
    else
        gl_hash_bytes(&h, d->message, strlen(d->message));
    return h;
}

static json_t *gl_issue(const render_ctx *c, const okr_diag *d, gl_hash *seen, size_t index)
{
    const okr_code_info *info = okr_code_info_get(d->code);
    const okr_source_file *f = span_file(c, d->span);
    uint32_t line = 1;
    if (f)
        line = okr_source_position(c->sources, d->span.file, d->span.start).line;
    gl_hash h = gl_identity(c, d, f, line);
    size_t occurrence = 0;
    for (size_t i = 0; i < index; i++)
        if (seen[i].a == h.a && seen[i].b == h.b)
            occurrence++;
    seen[index] = h;
    char count[32];
    snprintf(count, sizeof count, "%zu", occurrence);
    gl_hash_bytes(&h, count, strlen(count));
    char fingerprint[33];
    snprintf(fingerprint, sizeof fingerprint, "%016" PRIx64 "%016" PRIx64, h.a, h.b);

    strbuf desc = {0};
    if (info) {
        sb_puts(&desc, info->code);
        sb_putc(&desc, ' ');
        sb_puts(&desc, info->slug);
        sb_puts(&desc, ": ");
    }
    sb_puts(&desc, d->message);
    for (int i = 0; i < d->help_count; i++) {
        sb_puts(&desc, "\nhelp: ");
        sb_puts(&desc, d->help[i]);
    }
    json_t *o = json_object();
    json_object_set_new(o, "description", render_jstr(sb_str(&desc)));
    sb_free(&desc);
    json_object_set_new(o, "check_name", json_string(info ? info->code : "OKR???"));
    json_object_set_new(o, "fingerprint", json_string(fingerprint));
    json_object_set_new(o, "severity", json_string(gl_severity(d->severity)));
    json_t *lines = json_object();
    json_object_set_new(lines, "begin", jint(line));
    json_t *loc = json_object();
    json_object_set_new(loc, "path", render_jstr(f ? f->path : "."));
    json_object_set_new(loc, "lines", lines);
    json_object_set_new(o, "location", loc);
    return o;
}

int render_gitlab(const render_ctx *c)
{
    size_t n = c->diags->list.len;
    gl_hash *seen = calloc(n ? n : 1, sizeof *seen);
    if (!seen) {
        fputs("okrc: out of memory\n", stderr);
        abort();
    }
    json_t *root = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(root, gl_issue(c, c->diags->list.items[i], seen, i));
    free(seen);
    return render_dump_json(c, root);
}
