/* diag.c: recording, ordering and counting diagnostics; see diag.h. */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const okr_code_info code_table[OKR_CODE_COUNT] = {
#define OKR_CODE(id, code, slug, sev, summary, explanation) \
    [id] = {code, slug, OKR_SEV_##sev, summary, explanation},
#include "codes.def"
#undef OKR_CODE
};

const okr_code_info *okr_code_info_get(okr_code code)
{
    return (unsigned)code < OKR_CODE_COUNT ? &code_table[code] : NULL;
}

int okr_code_lookup(const char *text, okr_code *out)
{
    for (int i = 0; i < OKR_CODE_COUNT; i++) {
        if (strcasecmp(text, code_table[i].code) == 0 || strcmp(text, code_table[i].slug) == 0) {
            *out = (okr_code)i;
            return 1;
        }
    }
    return 0;
}

int okr_code_severity_changeable(okr_code code)
{
    const char *c = code_table[code].code;
    return c[3] != '0' && c[3] != '1' && code != OKR703 && code != OKR704;
}

int okr_code_suppressible(okr_code code)
{
    const char *c = code_table[code].code;
    return c[3] != '0' && c[3] != '7';
}

int okr_code_reported_by_diff(okr_code code)
{
    const char *c = code_table[code].code;
    return c[3] == '9' && c[4] == '6';
}

const char *okr_severity_name(okr_severity sev)
{
    switch (sev) {
    case OKR_SEV_ERROR: return "error";
    case OKR_SEV_WARNING: return "warning";
    case OKR_SEV_NOTE: return "note";
    case OKR_SEV_OFF: break;
    }
    return "off";
}

int okr_severity_parse(const char *text, okr_severity *out)
{
    static const struct { const char *name; okr_severity sev; } names[] = {
        {"error", OKR_SEV_ERROR}, {"warning", OKR_SEV_WARNING},
        {"note", OKR_SEV_NOTE}, {"off", OKR_SEV_OFF},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(text, names[i].name) == 0) {
            *out = names[i].sev;
            return 1;
        }
    }
    return 0;
}

void okr_diags_init(okr_diags *diags, okr_arena *arena)
{
    memset(diags, 0, sizeof *diags);
    diags->arena = arena;
    for (int i = 0; i < OKR_CODE_COUNT; i++)
        diags->severity_of[i] = code_table[i].default_severity;
}

void okr_diags_set_severity(okr_diags *diags, okr_code code, okr_severity sev)
{
    if ((unsigned)code < OKR_CODE_COUNT)
        diags->severity_of[code] = sev;
}

/* Makes room in the per-file counts for `file`. Doubling: a program of N
 * files reporting in order regrows the counts log N times, not once every
 * few files (tests/unit/test_diag_files.c). */
static void track_file(okr_diags *diags, uint32_t file)
{
    if (file >= diags->files_tracked)
        okr_diags_reserve_files(diags, (size_t)file + 16 > 2 * diags->files_tracked ? (size_t)file + 16
                                                                                   : 2 * diags->files_tracked);
}

/* Counts a finding against its file; returns 0 when the file already has
 * OKR_DIAG_MAX_STORED_PER_FILE stored, in which case it is only counted. */
static int keep_for_file(okr_diags *diags, uint32_t file, okr_severity sev)
{
    if (file == OKR_NO_FILE)
        return 1;
    uint32_t *stored = &diags->stored_now;
    size_t *dropped = &diags->dropped_now;
    if (!diags->one_file) {
        track_file(diags, file);
        stored = &diags->stored_in_file[file];
        dropped = &diags->dropped_in_file[file];
    }
    if (*stored < OKR_DIAG_MAX_STORED_PER_FILE) {
        (*stored)++;
        return 1;
    }
    (*dropped)++;
    if (sev == OKR_SEV_ERROR)
        diags->dropped_errors++;
    else if (sev == OKR_SEV_WARNING)
        diags->dropped_warnings++;
    else
        diags->dropped_notes++;
    return 0;
}

okr_diag *okr_diag_report(okr_diags *diags, okr_code code, okr_span span, const char *fmt, ...)
{
    okr_severity sev = diags->severity_of[code];
    if (sev == OKR_SEV_OFF)
        return NULL;
    if (!keep_for_file(diags, span.file, sev))
        return NULL;
    okr_diag *d = okr_arena_alloc(diags->arena, sizeof *d);
    d->code = code;
    d->severity = sev;
    d->span = span;
    va_list ap;
    va_start(ap, fmt);
    d->message = okr_arena_vprintf(diags->arena, fmt, ap);
    va_end(ap);
    d->sequence = diags->list.len;
    okr_vec_push(diags->arena, &diags->list, d);
    return d;
}

void okr_diag_help(okr_diags *diags, okr_diag *diag, const char *fmt, ...)
{
    if (!diag || diag->help_count == OKR_DIAG_MAX_HELP)
        return;
    va_list ap;
    va_start(ap, fmt);
    diag->help[diag->help_count++] = okr_arena_vprintf(diags->arena, fmt, ap);
    va_end(ap);
}

void okr_diag_note(okr_diags *diags, okr_diag *diag, okr_span span, const char *fmt, ...)
{
    if (!diag || diag->note_count == OKR_DIAG_MAX_NOTES)
        return;
    va_list ap;
    va_start(ap, fmt);
    diag->notes[diag->note_count].span = span;
    diag->notes[diag->note_count].message = okr_arena_vprintf(diags->arena, fmt, ap);
    diag->note_count++;
    va_end(ap);
}

okr_fix *okr_diag_fix(okr_diags *diags, okr_diag *diag, int machine_applicable,
                      const char *label_fmt, ...)
{
    if (!diag || diag->fix_count == OKR_DIAG_MAX_FIXES)
        return NULL;
    if (!diag->fixes)
        diag->fixes = okr_arena_alloc(diags->arena, OKR_DIAG_MAX_FIXES * sizeof *diag->fixes);
    okr_fix *fix = &diag->fixes[diag->fix_count++];
    fix->help_index = -1;
    fix->machine_applicable = machine_applicable != 0;
    va_list ap;
    va_start(ap, label_fmt);
    fix->label = okr_arena_vprintf(diags->arena, label_fmt, ap);
    va_end(ap);
    return fix;
}

void okr_fix_edit(okr_diags *diags, okr_fix *fix, okr_span span, const char *replacement)
{
    if (!fix)
        return;
    int bad = fix->edit_count == OKR_FIX_MAX_EDITS || span.end < span.start ||
              (fix->edit_count > 0 && fix->edits[0].span.file != span.file);
    /* Keep the edits sorted by start; reject an overlap (two inserts at
     * one point overlap too: their order would be a guess). */
    int at = fix->edit_count;
    for (int i = 0; !bad && i < fix->edit_count; i++) {
        okr_span o = fix->edits[i].span;
        if (span.start < o.end && o.start < span.end)
            bad = 1;
        else if (span.start == o.start && (span.start == span.end || o.start == o.end))
            bad = 1;
        else if (span.start < o.start && at == fix->edit_count)
            at = i;
    }
    if (bad) {
        fix->machine_applicable = 0;
        return;
    }
    memmove(&fix->edits[at + 1], &fix->edits[at], (size_t)(fix->edit_count - at) * sizeof *fix->edits);
    fix->edits[at].span = span;
    fix->edits[at].replacement = okr_arena_strdup(diags->arena, replacement ? replacement : "");
    fix->edit_count++;
}

void okr_fix_link_help(okr_fix *fix, const okr_diag *diag)
{
    if (!fix || !diag || diag->help_count == 0)
        return;
    for (int i = 0; i < diag->fix_count; i++)
        if (diag->fixes[i].help_index == diag->help_count - 1)
            return; /* the line is another fix's already */
    fix->help_index = diag->help_count - 1;
}

static int compare_diags(const void *a, const void *b)
{
    const okr_diag *x = *(okr_diag *const *)a, *y = *(okr_diag *const *)b;
    if (x->span.file != y->span.file)
        return x->span.file < y->span.file ? -1 : 1;
    if (x->span.start != y->span.start)
        return x->span.start < y->span.start ? -1 : 1;
    return x->sequence < y->sequence ? -1 : x->sequence > y->sequence;
}

void okr_diags_finish(okr_diags *diags)
{
    okr_vec kept = {0};
    for (size_t i = 0; i < diags->list.len; i++) {
        okr_diag *d = diags->list.items[i];
        if (!d->suppressed)
            okr_vec_push(diags->arena, &kept, d);
    }
    if (kept.len > 1)
        qsort(kept.items, kept.len, sizeof *kept.items, compare_diags);

    /* Apply the per-file cap: the first OKR_DIAG_MAX_PER_FILE of a file are
     * kept, then one OKR009 note says how many more there were. */
    okr_vec shown = {0};
    size_t i = 0;
    while (i < kept.len) {
        okr_diag *first = kept.items[i];
        size_t j = i, in_file = 0;
        while (j < kept.len && ((okr_diag *)kept.items[j])->span.file == first->span.file) {
            if (in_file < OKR_DIAG_MAX_PER_FILE)
                okr_vec_push(diags->arena, &shown, kept.items[j]);
            in_file++;
            j++;
        }
        size_t dropped = first->span.file != OKR_NO_FILE && first->span.file < diags->files_tracked
                             ? diags->dropped_in_file[first->span.file]
                             : 0;
        if (in_file + dropped > OKR_DIAG_MAX_PER_FILE && diags->severity_of[OKR009] != OKR_SEV_OFF) {
            okr_diag *last = shown.items[shown.len - 1];
            okr_diag *note = okr_arena_alloc(diags->arena, sizeof *note);
            note->code = OKR009;
            note->severity = diags->severity_of[OKR009];
            note->span = okr_span_make(last->span.file, last->span.end, last->span.end);
            note->message = okr_arena_printf(diags->arena,
                "too many diagnostics: %zu more in this file not shown",
                in_file + dropped - OKR_DIAG_MAX_PER_FILE);
            note->help[note->help_count++] = "fix the diagnostics above and check again";
            okr_vec_push(diags->arena, &shown, note);
            /* Hidden findings still count toward the exit status. */
            for (size_t k = i + OKR_DIAG_MAX_PER_FILE; k < j; k++) {
                okr_diag *h = kept.items[k];
                if (h->severity == OKR_SEV_ERROR)
                    diags->errors++;
                else if (h->severity == OKR_SEV_WARNING)
                    diags->warnings++;
                else if (h->severity == OKR_SEV_NOTE)
                    diags->notes++;
                diags->hidden++;
            }
        }
        i = j;
    }
    diags->list = shown;
    diags->errors += diags->dropped_errors;
    diags->warnings += diags->dropped_warnings;
    diags->notes += diags->dropped_notes;
    diags->hidden += diags->dropped_errors + diags->dropped_warnings + diags->dropped_notes;
    for (size_t k = 0; k < shown.len; k++) {
        okr_diag *d = shown.items[k];
        if (d->severity == OKR_SEV_ERROR)
            diags->errors++;
        else if (d->severity == OKR_SEV_WARNING)
            diags->warnings++;
        else if (d->severity == OKR_SEV_NOTE)
            diags->notes++;
    }
}

void okr_diags_append(okr_diags *into, const okr_diags *from)
{
    for (size_t i = 0; i < from->list.len; i++)
        okr_vec_push(into->arena, &into->list, from->list.items[i]);
    if (into->list.len > 1)
        qsort(into->list.items, into->list.len, sizeof *into->list.items, compare_diags);
    into->errors += from->errors;
    into->warnings += from->warnings;
    into->notes += from->notes;
    into->hidden += from->hidden;
}

void okr_diags_init_like(okr_diags *diags, okr_arena *arena, const okr_diags *like)
{
    okr_diags_init(diags, arena);
    memcpy(diags->severity_of, like->severity_of, sizeof diags->severity_of);
}

void okr_diags_reserve_files(okr_diags *diags, size_t count)
{
    if (count <= diags->files_tracked)
        return;
    uint32_t *stored = okr_arena_alloc(diags->arena, count * sizeof *stored);
    size_t *dropped = okr_arena_alloc(diags->arena, count * sizeof *dropped);
    if (diags->files_tracked) {
        memcpy(stored, diags->stored_in_file, diags->files_tracked * sizeof *stored);
        memcpy(dropped, diags->dropped_in_file, diags->files_tracked * sizeof *dropped);
    }
    diags->stored_in_file = stored;
    diags->dropped_in_file = dropped;
    diags->files_tracked = count;
}

void okr_diags_one_file_at_a_time(okr_diags *diags)
{
    diags->one_file = 1;
}

void okr_diags_take(okr_diags *diags, uint32_t file, okr_diags_part *part)
{
    part->list = diags->list;
    part->file = file;
    part->dropped_in_file = diags->one_file ? diags->dropped_now
                            : file < diags->files_tracked ? diags->dropped_in_file[file] : 0;
    diags->stored_now = 0;
    diags->dropped_now = 0;
    part->dropped_errors = diags->dropped_errors;
    part->dropped_warnings = diags->dropped_warnings;
    part->dropped_notes = diags->dropped_notes;
    memset(&diags->list, 0, sizeof diags->list);
    diags->dropped_errors = diags->dropped_warnings = diags->dropped_notes = 0;
}

void okr_diags_merge(okr_diags *into, const okr_diags_part *part)
{
    for (size_t i = 0; i < part->list.len; i++) {
        okr_diag *d = part->list.items[i];
        if (!keep_for_file(into, d->span.file, d->severity))
            continue;
        d->sequence = into->list.len;
        okr_vec_push(into->arena, &into->list, d);
    }
    if (part->dropped_in_file && part->file != OKR_NO_FILE) {
        track_file(into, part->file);
        into->dropped_in_file[part->file] += part->dropped_in_file;
    }
    into->dropped_errors += part->dropped_errors;
    into->dropped_warnings += part->dropped_warnings;
    into->dropped_notes += part->dropped_notes;
}

size_t okr_diags_count_code(const okr_diags *diags, okr_code code)
{
    size_t n = 0;
    for (size_t i = 0; i < diags->list.len; i++) {
        const okr_diag *d = diags->list.items[i];
        if (d->code == code && !d->suppressed)
            n++;
    }
    return n;
}

void okr_diags_merge_all(okr_diags *into, const okr_diags *from)
{
    okr_diags_part part = {
        .list = from->list,
        .file = OKR_NO_FILE,
        .dropped_errors = from->dropped_errors,
        .dropped_warnings = from->dropped_warnings,
        .dropped_notes = from->dropped_notes,
    };
    okr_diags_merge(into, &part);
    for (size_t f = 0; f < from->files_tracked; f++) {
        if (!from->dropped_in_file[f])
            continue;
        track_file(into, (uint32_t)f);
        into->dropped_in_file[f] += from->dropped_in_file[f];
    }
}
