/* render_sarif.c: diagnostics as SARIF 2.1.0 for code-scanning services.
 *
 * One run with the rules of codes.def (id, PascalCase name, summary and
 * explanation as help text and Markdown), a result per finding with a
 * location, a tool execution notification per finding without one, paths
 * as URIs relative to %SRCROOT% (the directory okrc ran in), columns in
 * Unicode code points, partial fingerprints that survive edits elsewhere
 * in a file, as GitHub code scanning wants, and a result's fixes as SARIF
 * fixes (a replacement per edit: the deleted region and the inserted
 * text). */
#include "render_internal.h"

#include <inttypes.h>

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define SARIF_SRCROOT "%SRCROOT%"
#define TOOL_URI "https://github.com/okrc/okrc"

/* "task-key-result" -> "TaskKeyResult": SARIF rule names are conventionally
 * PascalCase identifiers (the validator's SARIF2009 checks for it). */
static json_t *pascal_case(const char *slug)
{
    strbuf b = {0};
    int up = 1;
    for (const char *p = slug; *p; p++) {
        if (*p == '-' || *p == '_') {
            up = 1;
            continue;
        }
        char ch = *p;
        if (up && ch >= 'a' && ch <= 'z')
            ch = (char)(ch - 'a' + 'A');
        sb_putc(&b, ch);
        up = 0;
    }
    json_t *j = render_jstr(sb_str(&b));
    sb_free(&b);
    return j;
}

static void trim_into(strbuf *b, const char *s)
{
    const char *end = s + strlen(s);
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r'))
        end--;
    sb_putn(b, s, (size_t)(end - s));
}

/* Explanations are plain text that already uses `backticks` for code, which
 * Markdown shows as intended; other Markdown punctuation is escaped outside
 * code spans so that, say, '_' or '#' shows literally. */
static json_t *explanation_markdown(const char *code, const char *summary, const char *text)
{
    strbuf plain = {0}, md = {0};
    trim_into(&plain, text);
    sb_puts(&md, "**");
    sb_puts(&md, code);
    sb_puts(&md, "**: ");
    sb_puts(&md, summary);
    sb_puts(&md, "\n\n");
    int in_code = 0;
    for (const char *p = sb_str(&plain); *p; p++) {
        if (*p == '`')
            in_code = !in_code;
        else if (!in_code && strchr("\\*_[]<>#|~", *p))
            sb_putc(&md, '\\');
        sb_putc(&md, *p);
    }
    json_t *j = render_jstr(sb_str(&md));
    sb_free(&plain);
    sb_free(&md);
    return j;
}

static json_t *sarif_text(json_t *text)
{
    json_t *o = json_object();
    json_object_set_new(o, "text", text);
    return o;
}

static json_t *sarif_rules(void)
{
    json_t *rules = json_array();
    for (int i = 0; i < OKR_CODE_COUNT; i++) {
        const okr_code_info *info = okr_code_info_get((okr_code)i);
        strbuf explanation = {0};
        trim_into(&explanation, info->explanation);
        json_t *r = json_object();
        json_object_set_new(r, "id", json_string(info->code));
        json_object_set_new(r, "name", pascal_case(info->slug));
        json_object_set_new(r, "shortDescription", sarif_text(render_jstr(info->summary)));
        json_object_set_new(r, "fullDescription", sarif_text(render_jstr(sb_str(&explanation))));
        json_t *help = sarif_text(render_jstr(sb_str(&explanation)));
        json_object_set_new(help, "markdown",
                            explanation_markdown(info->code, info->summary, info->explanation));
        json_object_set_new(r, "help", help);
        json_t *config = json_object();
        json_object_set_new(config, "level", json_string(level_name(info->default_severity)));
        json_object_set_new(r, "defaultConfiguration", config);
        json_array_append_new(rules, r);
        sb_free(&explanation);
    }
    return rules;
}

/* The path as a URI reference: forward slashes, leading "./" dropped, and
 * every byte outside the unreserved set and '/' percent-encoded (spaces,
 * '%', '#', '?', non-ASCII). A relative path is resolved against
 * %SRCROOT%, the directory okrc ran in; an absolute one becomes a file URI
 * and *absolute is set, since a base id would be wrong for it. */
static json_t *artifact_uri(const char *path, int *absolute)
{
    strbuf b = {0};
    const char *p = path;
    *absolute = 0;
    while (p[0] == '.' && (p[1] == '/' || p[1] == '\\'))
        p += 2;
    int drive = ((p[0] >= 'A' && p[0] <= 'Z') || (p[0] >= 'a' && p[0] <= 'z')) && p[1] == ':' &&
                (p[2] == '/' || p[2] == '\\');
    if (p[0] == '/' || drive) {
        *absolute = 1;
        sb_puts(&b, drive ? "file:///" : "file://");
        if (drive) {
            sb_putn(&b, p, 2);
            p += 2;
        }
    }
    for (; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        if (ch == '\\' || ch == '/') {
            sb_putc(&b, '/');
        } else if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
                   (ch >= '0' && ch <= '9') || ch == '-' || ch == '.' || ch == '_' ||
                   ch == '~') {
            sb_putc(&b, (char)ch);
        } else {
            char hex[4];
            snprintf(hex, sizeof hex, "%%%02X", ch);
            sb_puts(&b, hex);
        }
    }
    json_t *j = json_string(sb_str(&b)); /* ASCII by construction */
    sb_free(&b);
    return j;
}

static json_t *sarif_artifact_location(const okr_source_file *f)
{
    int absolute = 0;
    json_t *artifact = json_object();
    json_object_set_new(artifact, "uri", artifact_uri(f->path, &absolute));
    if (!absolute)
        json_object_set_new(artifact, "uriBaseId", json_string(SARIF_SRCROOT));
    return artifact;
}

static json_t *sarif_region(const render_ctx *c, okr_span span)
{
    okr_position start = okr_source_position(c->sources, span.file, span.start);
    okr_position end = okr_source_position(c->sources, span.file, span_end(span));
    json_t *region = json_object();
    json_object_set_new(region, "startLine", jint(start.line));
    json_object_set_new(region, "startColumn", jint(start.column));
    json_object_set_new(region, "endLine", jint(end.line));
    json_object_set_new(region, "endColumn", jint(end.column));
    return region;
}

static json_t *sarif_physical_location(const render_ctx *c, okr_span span)
{
    json_t *physical = json_object();
    json_object_set_new(physical, "artifactLocation", sarif_artifact_location(span_file(c, span)));
    json_object_set_new(physical, "region", sarif_region(c, span));
    return physical;
}

/* SARIF 3.55 fixes: a description (the label), one artifact change (a
 * fix's edits are in one file) with a replacement per edit. An empty
 * deleted region inserts; no insertedContent deletes. Whether the fix is
 * machine-applicable, which SARIF has no member for, is in the fix's
 * property bag as "applicability", with the words of the JSON format. */
static json_t *sarif_fixes(const render_ctx *c, const okr_diag *d)
{
    json_t *fixes = json_array();
    for (int i = 0; i < d->fix_count; i++) {
        const okr_fix *fix = &d->fixes[i];
        if (fix->edit_count == 0 || !span_file(c, fix->edits[0].span))
            continue;
        json_t *replacements = json_array();
        for (int k = 0; k < fix->edit_count; k++) {
            json_t *r = json_object();
            json_object_set_new(r, "deletedRegion", sarif_region(c, fix->edits[k].span));
            if (*fix->edits[k].replacement)
                json_object_set_new(r, "insertedContent", sarif_text(render_jstr(fix->edits[k].replacement)));
            json_array_append_new(replacements, r);
        }
        json_t *change = json_object();
        json_object_set_new(change, "artifactLocation", sarif_artifact_location(span_file(c, fix->edits[0].span)));
        json_object_set_new(change, "replacements", replacements);
        json_t *changes = json_array();
        json_array_append_new(changes, change);
        json_t *props = json_object();
        json_object_set_new(props, "applicability",
                            json_string(fix->machine_applicable ? "machine-applicable" : "maybe-incorrect"));
        json_t *o = json_object();
        json_object_set_new(o, "description", sarif_text(render_jstr(fix->label)));
        json_object_set_new(o, "artifactChanges", changes);
        json_object_set_new(o, "properties", props);
        json_array_append_new(fixes, o);
    }
    if (json_array_size(fixes))
        return fixes;
    json_decref(fixes);
    return NULL;
}

/* 64-bit FNV-1a: small, stable across platforms and releases, which is all
 * a fingerprint needs. */
static uint64_t fnv1a(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}

/* Hash of code, file and the trimmed text of the primary line: it survives
 * edits elsewhere in the file and re-indentation of the line itself. */
static uint64_t line_hash(const render_ctx *c, const okr_diag *d)
{
    const okr_code_info *info = okr_code_info_get(d->code);
    const char *code = info ? info->code : "";
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    h = fnv1a(h, code, strlen(code) + 1);
    const okr_source_file *f = span_file(c, d->span);
    if (!f)
        return h;
    h = fnv1a(h, f->path, strlen(f->path) + 1);
    okr_position pos = okr_source_position(c->sources, d->span.file, d->span.start);
    size_t len = 0;
    const char *line = okr_source_line(c->sources, d->span.file, pos.line, &len);
    if (line) {
        while (len && (*line == ' ' || *line == '\t')) {
            line++;
            len--;
        }
        while (len && (line[len - 1] == ' ' || line[len - 1] == '\t' || line[len - 1] == '\r'))
            len--;
        h = fnv1a(h, line, len);
    }
    return h;
}

typedef struct hash_slot {
    uint64_t hash;
    size_t index;
} hash_slot;

static int compare_slots(const void *a, const void *b)
{
    const hash_slot *x = a, *y = b;
    if (x->hash != y->hash)
        return x->hash < y->hash ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* GitHub treats results with equal fingerprints as one alert, so the same
 * finding on two identical lines is told apart by an occurrence number, as
 * GitHub's own "hash:N" fingerprints do. occurrence[i] is 1-based. */
static void fingerprints(const render_ctx *c, uint64_t *hash, size_t *occurrence)
{
    size_t n = c->diags->list.len;
    hash_slot *slots = malloc((n ? n : 1) * sizeof *slots);
    if (!slots) {
        fputs("okrc: out of memory\n", stderr);
        abort();
    }
    for (size_t i = 0; i < n; i++) {
        hash[i] = line_hash(c, c->diags->list.items[i]);
        slots[i].hash = hash[i];
        slots[i].index = i;
    }
    qsort(slots, n, sizeof *slots, compare_slots);
    for (size_t i = 0; i < n; i++)
        occurrence[slots[i].index] =
            i > 0 && slots[i - 1].hash == slots[i].hash ? occurrence[slots[i - 1].index] + 1 : 1;
    free(slots);
}

/* Appends `text` as a sentence: message and help are written as phrases
 * for the text format, but here they run together in one paragraph. */
static void sb_sentence(strbuf *b, const char *prefix, const char *text)
{
    if (b->len)
        sb_putc(b, ' ');
    sb_puts(b, prefix);
    sb_puts(b, text);
    size_t n = strlen(text);
    if (n == 0 || !strchr(".!?:", text[n - 1]))
        sb_putc(b, '.');
}

/* The message, then each help and each location-less note, which SARIF has
 * no other place for (notes with a location become relatedLocations):
 * "key result 'x' is a task. Help: move it to the roadmap. Note: ...". */
static json_t *sarif_message(const okr_diag *d)
{
    strbuf b = {0};
    sb_sentence(&b, "", d->message);
    for (int i = 0; i < d->help_count; i++)
        sb_sentence(&b, "Help: ", d->help[i]);
    for (int i = 0; i < d->note_count; i++)
        if (d->notes[i].span.file == OKR_NO_FILE)
            sb_sentence(&b, "Note: ", d->notes[i].message);
    json_t *j = sarif_text(render_jstr(sb_str(&b)));
    sb_free(&b);
    return j;
}

static json_t *sarif_result(const render_ctx *c, const okr_diag *d, uint64_t hash,
                            size_t occurrence)
{
    const okr_code_info *info = okr_code_info_get(d->code);
    json_t *r = json_object();
    json_object_set_new(r, "ruleId", json_string(info ? info->code : "OKR???"));
    json_object_set_new(r, "ruleIndex", json_integer((json_int_t)d->code));
    json_object_set_new(r, "level", json_string(level_name(d->severity)));
    json_object_set_new(r, "message", sarif_message(d));
    json_t *loc = json_object();
    json_object_set_new(loc, "physicalLocation", sarif_physical_location(c, d->span));
    json_t *locs = json_array();
    json_array_append_new(locs, loc);
    json_object_set_new(r, "locations", locs);
    json_t *related = json_array();
    for (int i = 0; i < d->note_count; i++) {
        if (!span_file(c, d->notes[i].span))
            continue;
        json_t *rel = json_object();
        json_object_set_new(rel, "id", jint(json_array_size(related) + 1));
        json_object_set_new(rel, "physicalLocation", sarif_physical_location(c, d->notes[i].span));
        json_object_set_new(rel, "message", sarif_text(render_jstr(d->notes[i].message)));
        json_array_append_new(related, rel);
    }
    if (json_array_size(related))
        json_object_set_new(r, "relatedLocations", related);
    else
        json_decref(related);
    char fp[64];
    snprintf(fp, sizeof fp, "%016" PRIx64 ":%zu", hash, occurrence);
    json_t *prints = json_object();
    json_object_set_new(prints, "primaryLocationLineHash", json_string(fp));
    json_object_set_new(r, "partialFingerprints", prints);
    json_t *fixes = sarif_fixes(c, d);
    if (fixes)
        json_object_set_new(r, "fixes", fixes);
    return r;
}

/* A finding without a file (a command-line or configuration problem) is
 * about the run, not about code: SARIF's place for it is a tool execution
 * notification, and GitHub code scanning rejects results without a
 * location. */
static json_t *sarif_notification(const okr_diag *d)
{
    const okr_code_info *info = okr_code_info_get(d->code);
    json_t *n = json_object();
    json_object_set_new(n, "level", json_string(level_name(d->severity)));
    json_object_set_new(n, "message", sarif_message(d));
    json_t *rule = json_object();
    json_object_set_new(rule, "id", json_string(info ? info->code : "OKR???"));
    json_object_set_new(rule, "index", json_integer((json_int_t)d->code));
    json_object_set_new(n, "associatedRule", rule);
    return n;
}

int render_sarif(const render_ctx *c)
{
    const char *version = tool_version(c);
    json_t *driver = json_object();
    json_object_set_new(driver, "name", json_string("okrc"));
    json_object_set_new(driver, "version", render_jstr(version));
    json_object_set_new(driver, "semanticVersion", render_jstr(version));
    json_object_set_new(driver, "informationUri", json_string(TOOL_URI));
    json_object_set_new(driver, "rules", sarif_rules());
    json_t *tool = json_object();
    json_object_set_new(tool, "driver", driver);

    /* No "uri" for the base: it would be the absolute directory of this
     * run, which would make the output differ between machines; consumers
     * (GitHub code scanning among them) resolve it to the checkout. */
    json_t *base = json_object();
    json_object_set_new(base, "description",
                        sarif_text(json_string("The directory okrc was run in; result paths are "
                                               "relative to it.")));
    json_t *bases = json_object();
    json_object_set_new(bases, SARIF_SRCROOT, base);

    size_t n = c->diags->list.len;
    uint64_t *hash = malloc((n ? n : 1) * sizeof *hash);
    size_t *occurrence = malloc((n ? n : 1) * sizeof *occurrence);
    if (!hash || !occurrence) {
        fputs("okrc: out of memory\n", stderr);
        abort();
    }
    fingerprints(c, hash, occurrence);
    json_t *results = json_array();
    json_t *notifications = json_array();
    int run_failed = 0;
    for (size_t i = 0; i < n; i++) {
        const okr_diag *d = c->diags->list.items[i];
        if (span_file(c, d->span)) {
            json_array_append_new(results, sarif_result(c, d, hash[i], occurrence[i]));
        } else {
            json_array_append_new(notifications, sarif_notification(d));
            run_failed |= d->severity == OKR_SEV_ERROR;
        }
    }
    free(hash);
    free(occurrence);
    /* executionSuccessful is false only when the run itself had an error
     * (say, an unreadable input): findings in the files are a successful
     * analysis. */
    json_t *invocation = json_object();
    json_object_set_new(invocation, "executionSuccessful", json_boolean(!run_failed));
    if (json_array_size(notifications))
        json_object_set_new(invocation, "toolExecutionNotifications", notifications);
    else
        json_decref(notifications);
    json_t *invocations = json_array();
    json_array_append_new(invocations, invocation);

    json_t *run = json_object();
    json_object_set_new(run, "tool", tool);
    json_object_set_new(run, "invocations", invocations);
    json_object_set_new(run, "originalUriBaseIds", bases);
    json_object_set_new(run, "columnKind", json_string("unicodeCodePoints"));
    json_object_set_new(run, "results", results);
    json_t *runs = json_array();
    json_array_append_new(runs, run);
    json_t *root = json_object();
    json_object_set_new(root, "$schema", json_string(SARIF_SCHEMA));
    json_object_set_new(root, "version", json_string("2.1.0"));
    json_object_set_new(root, "runs", runs);
    return render_dump_json(c, root);
}
