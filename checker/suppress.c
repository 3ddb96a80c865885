/* suppress.c: `// okrc:allow CODE... -- reason` comments (spec.md, "Suppressions").
 *
 * A suppression silences the named codes on the line it stands on, or, when
 * the comment is alone on its line, on the next line that is not blank or a
 * comment (so several suppressions can stack above one line). It must name
 * at least one known code (OKR702 otherwise); one that silences nothing is
 * itself reported (OKR701), so that stale suppressions cannot hide future
 * findings. Input and syntax codes (OKR0xx) and the suppression codes
 * themselves (OKR7xx) cannot be suppressed.
 *
 * `okrc diff` reports its findings (OKR96x) on a checked program after
 * this pass ran: okr_program_suppress applies the same comments to them,
 * and the check never calls a suppression of such a code unused, as only
 * the diff can tell. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "passes.h"

enum { MAX_CODES = 8 };

typedef struct suppression {
    const okr_comment *comment;
    uint32_t file, line;      /* the line it applies to */
    okr_code codes[MAX_CODES];
    okr_span code_spans[MAX_CODES]; /* each code's word in the comment */
    int used[MAX_CODES];
    int count;
} suppression;

/* The line a comment applies to: its own, or for a comment alone on its
 * line the next line holding code (not blank, not only a comment). Lines
 * are the source table's, so LF, CRLF and a lone CR end them alike. */
static uint32_t target_line(const okr_program *prog, const okr_comment *c)
{
    okr_position pos = okr_source_position(&prog->sources, c->span.file, c->span.start);
    if (!c->own_line)
        return pos.line;
    okr_source_file *f = okr_source_get(&prog->sources, c->span.file);
    const char *text = okr_source_file_text(f);
    if (!text)
        return pos.line; /* the file changed since its parse: its findings are set aside (OKR011) */
    size_t count = okr_source_line_count(f);
    for (size_t index = pos.line; index < count; index++) { /* pos.line - 1 is the comment's */
        uint32_t j = okr_source_line_start(f, index), end = okr_source_line_end(f, index);
        while (j < end && (text[j] == ' ' || text[j] == '\t'))
            j++;
        if (j == end || (j + 1 < end && text[j] == '/' && text[j + 1] == '/'))
            continue;
        return (uint32_t)index + 1;
    }
    return (uint32_t)count + 1;
}

/* Reads one comment; malformed ones are reported into `diags`. */
static int parse_suppression(okr_program *prog, okr_diags *diags, const okr_comment *c, suppression *s)
{
    const char *at = strstr(c->text, "okrc:allow");
    if (!at)
        return 0;
    memset(s, 0, sizeof *s);
    s->comment = c;
    s->file = c->span.file;
    s->line = target_line(prog, c);
    const char *p = at + strlen("okrc:allow");
    int bad = 0;
    while (*p) {
        /* Any white space separates (the CR of a CRLF line too): the word
         * below stops at it, so skipping less would loop forever. */
        while (isspace((unsigned char)*p) || *p == ',')
            p++;
        if (!*p || (p[0] == '-' && p[1] == '-'))
            break;
        const char *start = p;
        while (*p && !isspace((unsigned char)*p) && *p != ',')
            p++;
        char word[64];
        size_t n = (size_t)(p - start) < sizeof word - 1 ? (size_t)(p - start) : sizeof word - 1;
        memcpy(word, start, n);
        word[n] = '\0';
        okr_code code;
        /* The comment's text starts after its "//". */
        uint32_t at_byte = c->span.start + 2 + (uint32_t)(start - c->text);
        okr_span word_span = okr_span_make(c->span.file, at_byte, at_byte + (uint32_t)(p - start));
        if (!okr_code_lookup(word, &code)) {
            okr_diag *d = okr_diag_report(diags, OKR702, c->span, "suppression names unknown code '%s'", word);
            if ((size_t)(p - start) == n)
                okr_hint_code(diags, d, word, word_span);
            okr_diag_help(diags, d, "write `// okrc:allow OKR301 -- reason`; `okrc explain` lists the codes");
            bad = 1;
            continue;
        }
        if (!okr_code_suppressible(code)) {
            okr_diag *d = okr_diag_report(diags, OKR702, c->span, "%s cannot be suppressed", word);
            okr_diag_help(diags, d, "input, syntax and suppression diagnostics are always reported");
            bad = 1;
            continue;
        }
        if (s->count == MAX_CODES) {
            okr_diag *d = okr_diag_report(diags, OKR702, c->span, "suppression names more than %d codes",
                                          MAX_CODES);
            okr_diag_help(diags, d, "split it into several comments, or fix the findings");
            break;
        }
        s->code_spans[s->count] = word_span;
        s->codes[s->count++] = code;
    }
    if (s->count == 0 && !bad) {
        okr_diag *d = okr_diag_report(diags, OKR702, c->span, "suppression names no code");
        okr_diag_help(diags, d, "name what it silences: `// okrc:allow OKR301 -- reason`");
    }
    return s->count > 0;
}

/* The fix of an unused code (spec.md, "Fixes"): when nothing in the
 * comment is used, remove the comment (its whole line when it stands
 * alone, else the comment and the blanks before it); otherwise remove the
 * code's word with the separator before it (after it, for the first). */
static void fix_unused(okr_program *prog, okr_diag *d, const suppression *s, int k)
{
    int any_used = 0;
    for (int i = 0; i < s->count; i++)
        any_used |= s->used[i];
    okr_source_file *f = okr_source_get(&prog->sources, s->file);
    const char *text = okr_source_file_text(f);
    okr_span cut;
    if (!text)
        return; /* the file changed since its parse (OKR011) */
    if (!any_used) {
        cut = s->comment->span;
        if (s->comment->own_line) {
            size_t line = okr_source_line_index(f, cut.start);
            cut.start = okr_source_line_start(f, line);
            cut.end = line + 1 < okr_source_line_count(f) ? okr_source_line_start(f, line + 1) : (uint32_t)f->len;
        } else {
            while (cut.start > 0 && (text[cut.start - 1] == ' ' || text[cut.start - 1] == '\t'))
                cut.start--;
        }
        okr_fix *fix = okr_diag_fix(&prog->diags, d, 1, "remove the unused suppression");
        okr_fix_edit(&prog->diags, fix, cut, "");
        return;
    }
    cut = s->code_spans[k];
    if (k > 0) {
        while (cut.start > 0 && (text[cut.start - 1] == ' ' || text[cut.start - 1] == '\t' ||
                                 text[cut.start - 1] == ','))
            cut.start--;
    } else {
        while (cut.end < f->len && (text[cut.end] == ' ' || text[cut.end] == '\t' || text[cut.end] == ','))
            cut.end++;
    }
    okr_fix *fix = okr_diag_fix(&prog->diags, d, 1, "remove %s from the comment",
                                okr_code_info_get(s->codes[k])->code);
    okr_fix_edit(&prog->diags, fix, cut, "");
}

/* The suppressions of every file of the program; malformed comments are
 * reported into `report`. */
static void collect(okr_program *prog, okr_diags *report, okr_vec *found)
{
    for (size_t i = 0; i < prog->units.len; i++) {
        okr_file_unit *unit = prog->units.items[i];
        for (size_t j = 0; j < unit->ast->comments.len; j++) {
            /* Most comments are no suppression: only those are kept. */
            suppression one;
            if (parse_suppression(prog, report, unit->ast->comments.items[j], &one)) {
                suppression *s = okr_arena_alloc(&prog->arena, sizeof *s);
                *s = one;
                okr_vec_push(&prog->arena, found, s);
            }
        }
    }
}

/* Marks the findings of `diags` that a suppression names on their line. */
static void apply(okr_program *prog, okr_vec *found, okr_diags *target)
{
    /* Index suppressions by "file:line" for the pass over diagnostics. */
    okr_strmap by_line;
    okr_strmap_init(&by_line, &prog->arena);
    for (size_t i = 0; i < found->len; i++) {
        suppression *s = found->items[i];
        char *key = okr_arena_printf(&prog->arena, "%u:%u", s->file, s->line);
        okr_vec *list = okr_strmap_get(&by_line, key);
        if (!list) {
            list = okr_arena_alloc(&prog->arena, sizeof *list);
            okr_strmap_put(&by_line, key, list);
        }
        okr_vec_push(&prog->arena, list, s);
    }
    okr_vec *diags = &target->list;
    for (size_t i = 0; i < diags->len; i++) {
        okr_diag *d = diags->items[i];
        if (d->span.file == OKR_NO_FILE || !okr_code_suppressible(d->code))
            continue;
        okr_position pos = okr_source_position(&prog->sources, d->span.file, d->span.start);
        char key[32];
        snprintf(key, sizeof key, "%u:%u", d->span.file, pos.line);
        okr_vec *list = okr_strmap_get(&by_line, key);
        for (size_t j = 0; list && j < list->len && !d->suppressed; j++) {
            suppression *s = list->items[j];
            for (int k = 0; k < s->count; k++) {
                if (s->codes[k] == d->code) {
                    d->suppressed = 1;
                    s->used[k] = 1;
                    break;
                }
            }
        }
    }
}

void okr_pass_suppressions(okr_program *prog)
{
    okr_vec found = {0};
    collect(prog, &prog->diags, &found);
    if (!found.len)
        return;
    apply(prog, &found, &prog->diags);
    for (size_t i = 0; i < found.len; i++) {
        suppression *s = found.items[i];
        for (int k = 0; k < s->count; k++) {
            if (s->used[k] || okr_code_reported_by_diff(s->codes[k]))
                continue;
            const char *code = okr_code_info_get(s->codes[k])->code;
            okr_diag *d = okr_diag_report(&prog->diags, OKR701, s->comment->span,
                                          "suppression of %s is unused: no %s is reported on line %u", code,
                                          code, s->line);
            okr_diag_help(&prog->diags, d, "remove %s from the comment", code);
            fix_unused(prog, d, s, k);
        }
    }
}

void okr_program_suppress(okr_program *prog, okr_diags *findings)
{
    /* The check reported malformed comments already: here they go to a
     * scratch list nobody reads. */
    okr_diags scratch;
    okr_diags_init(&scratch, &prog->arena);
    okr_vec found = {0};
    collect(prog, &scratch, &found);
    if (found.len)
        apply(prog, &found, findings);
}
