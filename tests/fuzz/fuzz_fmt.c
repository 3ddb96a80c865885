/* fuzz_fmt.c: arbitrary bytes -> okr_fmt_text, and the two properties the
 * formatter promises (format/fmt.h) checked on every input it accepts:
 *
 *   1. idempotence: formatting the output again gives the same bytes;
 *   2. meaning: the formatted text compiles to the same program as the
 *      original: the same diagnostics (counted per code, as layout moves
 *      their positions) and, when there are no errors, the same
 *      `compile --emit json` document once the locations ("defined_at")
 *      are removed.
 *
 * A broken property abort()s, so libFuzzer keeps the input as a crash; the
 * harness first prints both texts (and the differing counts or JSON) to
 * stderr.
 *
 * Suppressions are compared as written: fmt never splits a line a
 * suppression applies to (spec.md, "Formatting";
 * tests/fuzz/seeds/fmt/split_line_suppression.okr was the case that did),
 * so a file keeps its verdict. FUZZ_FMT_SUPPRESSIONS=0 in the environment
 * makes every `okrc:allow` inert (same length, so positions do not move)
 * before comparing, to look past a suppression finding at the rest. */
#include "fuzz_common.h"
#include "fuzz_program.h"

#include <jansson.h>

#include "../../checker/program.h"
#include "../../format/fmt.h"

/* Formats text; returns 0 with a malloc'd copy of the output, or -1. */
static int format(const char *text, size_t len, char **out, size_t *out_len)
{
    okr_arena arena;
    okr_source_table sources;
    okr_diags diags;
    okr_arena_init(&arena);
    okr_source_init(&sources, &arena);
    okr_diags_init(&diags, &arena);
    char *formatted = NULL;
    size_t n = 0;
    int rc = okr_fmt_text(&arena, &sources, &diags, "fuzz.okr", text, len, &formatted, &n);
    if (rc == 0) {
        if (!formatted || formatted[n] != '\0' || strlen(formatted) != n)
            fuzz_die("okr_fmt_text: output length does not match its NUL terminator");
        *out = malloc(n + 1);
        if (!*out)
            fuzz_die("out of memory");
        memcpy(*out, formatted, n + 1);
        *out_len = n;
    }
    okr_source_free(&sources);
    okr_arena_free(&arena);
    return rc;
}

/* Removes every "defined_at" member, recursively. */
static void strip_locations(json_t *v)
{
    if (json_is_object(v)) {
        json_object_del(v, "defined_at");
        const char *key;
        json_t *member;
        json_object_foreach(v, key, member)
            strip_locations(member);
    } else if (json_is_array(v)) {
        size_t i;
        json_t *item;
        json_array_foreach(v, i, item)
            strip_locations(item);
    }
}

typedef struct compiled {
    size_t errors, warnings, notes;
    size_t per_code[OKR_CODE_COUNT];
    json_t *json; /* NULL when the program has errors */
} compiled;

/* A copy of text with every "okrc:allow" made an ordinary comment word. */
static char *without_suppressions(const char *text, size_t len)
{
    char *copy = malloc(len + 1);
    if (!copy)
        fuzz_die("out of memory");
    memcpy(copy, text, len);
    copy[len] = '\0';
    const char *end = copy + len;
    for (char *p = copy; (p = (char *)fuzz_find(p, end, "okrc:allow")) != NULL; p += 10)
        p[5] = 'x';
    return copy;
}

static void compile(const char *original, size_t len, compiled *c)
{
    static int keep_suppressions = -1;
    if (keep_suppressions < 0) {
        const char *env = getenv("FUZZ_FMT_SUPPRESSIONS");
        keep_suppressions = !env || !*env || strcmp(env, "0") != 0;
    }
    char *text = keep_suppressions ? NULL : without_suppressions(original, len);
    memset(c, 0, sizeof *c);
    okr_program prog;
    fuzz_program_init(&prog);
    okr_program_add_text(&prog, "fuzz.okr", text ? text : original, len);
    okr_program_check(&prog);
    c->errors = prog.diags.errors;
    c->warnings = prog.diags.warnings;
    c->notes = prog.diags.notes;
    for (size_t i = 0; i < prog.diags.list.len; i++) {
        const okr_diag *d = prog.diags.list.items[i];
        if (!d->suppressed)
            c->per_code[d->code]++;
    }
    if (!prog.diags.errors) {
        fuzz_buf b;
        okr_program_emit_json(&prog, fuzz_buf_open(&b));
        fuzz_buf_close(&b);
        json_error_t err;
        c->json = json_loadb(b.text, b.len, 0, &err);
        if (!c->json) {
            fprintf(stderr, "emit_json wrote invalid JSON: %s\n%.*s\n", err.text, (int)b.len, b.text);
            fuzz_die("okr_program_emit_json output does not parse");
        }
        free(b.text);
        strip_locations(c->json);
    }
    okr_program_free(&prog);
    free(text);
}

static void mismatch(const char *what, const char *in, size_t in_len, const char *out, size_t out_len)
{
    fprintf(stderr, "fuzz_fmt: %s\n--- original (%zu bytes)\n%.*s\n--- formatted (%zu bytes)\n%.*s\n---\n", what,
            in_len, (int)(in_len < 4000 ? in_len : 4000), in, out_len, (int)(out_len < 4000 ? out_len : 4000), out);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *in = (const char *)data;
    char *once = NULL, *twice = NULL;
    size_t once_len = 0, twice_len = 0;
    if (format(in, size, &once, &once_len) != 0)
        return 0;
    if (format(once, once_len, &twice, &twice_len) != 0)
        mismatch("the formatted text does not format (it has input or syntax errors)", in, size, once, once_len);
    if (twice_len != once_len || memcmp(once, twice, once_len) != 0)
        mismatch("formatting is not idempotent (the second pass is shown as 'formatted')", once, once_len, twice,
                 twice_len);
    free(twice);

    compiled a, b;
    compile(in, size, &a);
    compile(once, once_len, &b);
    int differ = a.errors != b.errors || a.warnings != b.warnings || a.notes != b.notes;
    for (int code = 0; code < OKR_CODE_COUNT; code++) {
        if (a.per_code[code] != b.per_code[code]) {
            fprintf(stderr, "%s: %zu -> %zu\n", okr_code_info_get((okr_code)code)->code, a.per_code[code],
                    b.per_code[code]);
            differ = 1;
        }
    }
    if (differ) {
        fprintf(stderr, "errors %zu -> %zu, warnings %zu -> %zu, notes %zu -> %zu\n", a.errors, b.errors,
                a.warnings, b.warnings, a.notes, b.notes);
        mismatch("the formatted text has other diagnostics", in, size, once, once_len);
    }
    if (!a.json != !b.json || (a.json && !json_equal(a.json, b.json))) {
        if (a.json && b.json) {
            char *ja = json_dumps(a.json, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
            char *jb = json_dumps(b.json, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
            fprintf(stderr, "--- JSON of the original\n%s\n--- JSON of the formatted text\n%s\n", ja, jb);
            free(ja);
            free(jb);
        }
        mismatch("the formatted text compiles to another program", in, size, once, once_len);
    }
    json_decref(a.json);
    json_decref(b.json);
    free(once);
    return 0;
}
