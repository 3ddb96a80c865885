/* checkin.c: reading and validating human check-ins, and attaching them to
 * the grading result (checkin.h; spec.md, "Human check-ins").
 *
 * A check-in file is small and written by hand, so it is read whole (at
 * most OKR_CHECKIN_MAX_BYTES) and split with the feed readers' own
 * tokenisers: the CSV scanner of feed_csv.c (okr_csv_scan_text) and
 * jansson per JSON line, as feed_jsonl.c does. Every row problem goes
 * through the feed readers' reporting (okr_feed_malformed: FILE:LINE, the
 * per-file cap, --strict-feeds), so check-ins and feeds fail alike.
 *
 * Invariants: a check-in in the set names a key result of the program, is
 * dated inside its objective's cycle, has a confidence 0..10 and a note of
 * at most OKR_CHECKIN_NOTE_MAX code points, and no other check-in of the
 * set has the same key result and day. okr_checkins_apply relies on them. */
#include "checkin.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "../common/calendar.h"
#include "../common/strmap.h"
#include "../common/suggest.h"
#include "../common/workspace.h"
#include "feed_import.h"

/* What one read needs: the program's key results by qualified name, and
 * the check-ins already accepted by key result and day (for OKR933). */
typedef struct checkin_reader {
    okr_feed_reader r;
    okr_checkins *set;
    const okr_program *prog;
    okr_arena *arena;
    okr_strmap krs;       /* qualified name -> okr_vec* of okr_kr*: one per cycle, since a
                             team may reuse an objective's name in a later cycle */
    const char **names;   /* every qualified name, in program order: the "did you mean"
                             candidates, formatted once per read */
    size_t name_count;
    int have_header;
    size_t ncols;
    size_t col_kr, col_date, col_confidence, col_note;
    int has_note;
} checkin_reader;

const char *okr_checkin_kr_name(okr_arena *arena, const okr_kr *kr)
{
    const okr_objective *obj = kr->objective;
    const char *label = kr->label ? kr->label : "?";
    if (!obj->team || !obj->team->name.text)
        return okr_arena_printf(arena, "%s.%s", obj->name.text, label);
    return okr_arena_printf(arena, "%s.%s.%s", obj->team->name.text, obj->name.text, label);
}

const char *okr_disagreement_name(okr_disagreement d)
{
    switch (d) {
    case OKR_DISAGREE_CONFIDENT: return "owner confident";
    case OKR_DISAGREE_DOUBTFUL: return "owner doubtful";
    case OKR_DISAGREE_NONE: break;
    }
    return "";
}

static void index_krs(checkin_reader *cr)
{
    okr_strmap_init(&cr->krs, cr->arena);
    size_t total = 0;
    for (size_t i = 0; i < cr->prog->objectives.len; i++)
        total += ((const okr_objective *)cr->prog->objectives.items[i])->krs.len;
    cr->names = okr_arena_alloc(cr->arena, (total + 1) * sizeof *cr->names);
    if (!cr->set->seen_ready) {
        okr_strmap_init(&cr->set->seen, cr->arena);
        cr->set->seen_ready = 1;
    }
    for (size_t i = 0; i < cr->prog->objectives.len; i++) {
        const okr_objective *obj = cr->prog->objectives.items[i];
        for (size_t j = 0; j < obj->krs.len; j++) {
            okr_kr *kr = obj->krs.items[j];
            const char *name = okr_checkin_kr_name(cr->arena, kr);
            cr->names[cr->name_count++] = name;
            okr_vec *list = okr_strmap_get(&cr->krs, name);
            if (!list) {
                list = okr_arena_alloc(cr->arena, sizeof *list);
                okr_strmap_put(&cr->krs, name, list);
            }
            okr_vec_push(cr->arena, list, kr);
        }
    }
}

static int unknown_kr(checkin_reader *cr, const char *name, uint32_t line)
{
    /* Past the per-file cap a row is only counted: no suggestion to seek. */
    const char *best = NULL;
    if (cr->r.reported < OKR_DIAG_MAX_PER_FILE - 1 || cr->r.ctx->strict) {
        okr_suggester s;
        okr_suggest_init(&s, name);
        for (size_t i = 0; i < cr->name_count; i++)
            okr_suggest_consider(&s, cr->names[i]);
        best = okr_suggest_best(&s);
    }
    const char *excerpt = okr_feed_excerpt(&cr->r, name, strlen(name));
    if (best)
        return okr_feed_malformed(&cr->r, OKR930, line, okr_arena_printf(cr->arena, "did you mean '%s'?", best),
                                  "no key result '%s'", excerpt);
    return okr_feed_malformed(&cr->r, OKR930, line,
                              "name the key result as reports show it: TEAM.OBJECTIVE.KR, e.g. "
                              "growth.onboarding.activation (#N for the N-th unnamed one)",
                              "no key result '%s'", excerpt);
}

/* Code points of a UTF-8 text (continuation bytes are not counted). */
static size_t code_points(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* A confidence as written in CSV: digits only, 0..10. */
static int parse_confidence(const char *s, size_t len, int *out)
{
    if (len == 0 || len > 2)
        return 0;
    int v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v = v * 10 + (s[i] - '0');
    }
    if (v > OKR_CHECKIN_CONFIDENCE_MAX)
        return 0;
    *out = v;
    return 1;
}

static int bad_confidence(checkin_reader *cr, uint32_t line, const char *text, size_t len)
{
    if (len == 0)
        return okr_feed_malformed(&cr->r, OKR931, line,
                                  "write the owner's confidence as a whole number from 0 (no chance) to 10 "
                                  "(certain)",
                                  "empty confidence");
    return okr_feed_malformed(&cr->r, OKR931, line,
                              "write the owner's confidence as a whole number from 0 (no chance) to 10 (certain)",
                              "confidence '%s' is not a whole number from 0 to 10",
                              okr_feed_excerpt(&cr->r, text, len));
}

/* The key result of that name whose objective's cycle holds `day` (cycles
 * of one team's objectives of one name never overlap: OKR103), or NULL. */
static const okr_kr *in_cycle(const okr_vec *list, long day)
{
    for (size_t i = 0; i < list->len; i++) {
        const okr_kr *kr = list->items[i];
        const okr_cycle_decl *c = kr->objective->cycle;
        if (c && c->ok && day >= c->start_day && day <= c->end_day)
            return kr;
    }
    return NULL;
}

/* OKR932 for a name that several cycles use, none of which holds the day. */
static int outside_cycles(checkin_reader *cr, const okr_vec *list, const char *name, long day, uint32_t line)
{
    char d[16];
    okr_calendar_format_date(day, d, sizeof d);
    const char *labels = "";
    for (size_t i = 0; i < list->len; i++) {
        const okr_cycle_decl *c = ((const okr_kr *)list->items[i])->objective->cycle;
        labels = okr_arena_printf(cr->arena, "%s%s%s", labels, i ? ", " : "", c && c->label ? c->label : "?");
    }
    return okr_feed_malformed(&cr->r, OKR932, line, "date the check-in within the cycle of the key result it is about",
                              "check-in on %s is outside every cycle of '%s' (%s)", d, name, labels);
}

/* Validates one row's fields (the confidence already read) and keeps it. */
static int accept_row(checkin_reader *cr, const char *kr_text, size_t kr_len, const char *date, size_t date_len,
                      int confidence, const char *note, size_t note_len, uint32_t line)
{
    okr_arena *a = cr->arena;
    if (kr_len == 0)
        return okr_feed_malformed(&cr->r, OKR903, line,
                                  "name the key result of every check-in: TEAM.OBJECTIVE.KR", "empty key result");
    const char *name = okr_arena_strndup(a, kr_text, kr_len);
    const okr_vec *list = strlen(name) == kr_len ? okr_strmap_get(&cr->krs, name) : NULL;
    if (!list)
        return unknown_kr(cr, name, line);
    int64_t ts;
    const char *why;
    if (!okr_parse_timestamp(date, date_len, &ts, &why))
        return okr_feed_bad_timestamp(&cr->r, line, date, date_len, why);
    long day = okr_calendar_day_of(ts);
    const okr_kr *kr = in_cycle(list, day);
    if (!kr && list->len > 1)
        return outside_cycles(cr, list, name, day, line);
    if (!kr)
        kr = list->items[0];
    const okr_cycle_decl *cycle = kr->objective->cycle;
    if (cycle && cycle->ok && (day < cycle->start_day || day > cycle->end_day)) {
        char d[16], s[16], e[16];
        okr_calendar_format_date(day, d, sizeof d);
        okr_calendar_format_date(cycle->start_day, s, sizeof s);
        okr_calendar_format_date(cycle->end_day, e, sizeof e);
        return okr_feed_malformed(&cr->r, OKR932, line,
                                  okr_arena_printf(a, "date the check-in within its objective's cycle, from %s to %s",
                                                   s, e),
                                  "check-in on %s is outside the cycle of '%s' (%s, %s to %s)", d, name,
                                  cycle->label ? cycle->label : "?", s, e);
    }
    if (code_points(note, note_len) > OKR_CHECKIN_NOTE_MAX)
        return okr_feed_malformed(&cr->r, OKR934, line,
                                  "keep the note to one sentence; link to a document for more",
                                  "note is %zu characters long; the most is %d", code_points(note, note_len),
                                  OKR_CHECKIN_NOTE_MAX);
    const char *key = okr_arena_printf(a, "%s@%ld", name, day);
    const struct okr_checkin *first = okr_strmap_get(&cr->set->seen, key);
    if (first) {
        char d[16];
        okr_calendar_format_date(day, d, sizeof d);
        return okr_feed_malformed(&cr->r, OKR933, line,
                                  "one check-in per key result and day: merge the notes, or date this one on its "
                                  "own day",
                                  "second check-in for '%s' on %s (the first, at %s:%u, stands)", name, d,
                                  okr_source_get(cr->r.ctx->sources, first->file)->path, (unsigned)first->line);
    }
    struct okr_checkin *c = okr_arena_alloc(a, sizeof *c);
    c->kr = kr;
    c->qualified = name;
    c->day = day;
    c->confidence = confidence;
    c->note = okr_arena_strndup(a, note, note_len);
    c->file = cr->r.file;
    c->line = line;
    okr_strmap_put(&cr->set->seen, key, c);
    okr_vec_push(a, &cr->set->items, c);
    return 0;
}

/* ---- CSV ---- */

static int find_col(const okr_csv_cell *cells, size_t n, const char *name, size_t *col)
{
    size_t len = strlen(name);
    for (size_t i = 0; i < n; i++) {
        if (cells[i].len == len && memcmp(cells[i].text, name, len) == 0) {
            *col = i;
            return 1;
        }
    }
    return 0;
}

static int csv_header(checkin_reader *cr, const okr_csv_cell *cells, size_t n, uint32_t line)
{
    const char *missing = !find_col(cells, n, "kr", &cr->col_kr)                 ? "kr"
                          : !find_col(cells, n, "date", &cr->col_date)             ? "date"
                          : !find_col(cells, n, "confidence", &cr->col_confidence) ? "confidence"
                                                                                   : NULL;
    if (missing) {
        okr_diags *diags = cr->r.ctx->diags;
        okr_diag *d = okr_diag_report(diags, OKR902, okr_span_make(cr->r.file, line, line),
                                      "check-in file '%s' has no column '%s'", cr->r.spec->text, missing);
        okr_diag_help(diags, d, "the first row names the columns: kr,date,confidence,note (note may be left out)");
        return -1;
    }
    cr->has_note = find_col(cells, n, "note", &cr->col_note);
    cr->ncols = n;
    cr->have_header = 1;
    return 0;
}

static int csv_row(void *user, const okr_csv_cell *cells, size_t n, uint32_t line)
{
    checkin_reader *cr = user;
    if (!cr->have_header)
        return csv_header(cr, cells, n, line);
    if (n != cr->ncols)
        return okr_feed_malformed(&cr->r, OKR903, line,
                                  "every row has one field per column of the header; quote a note that contains "
                                  "a comma",
                                  "row has %zu field%s; the header has %zu", n, n == 1 ? "" : "s", cr->ncols);
    const okr_csv_cell *conf = &cells[cr->col_confidence];
    int confidence;
    if (!parse_confidence(conf->text, conf->len, &confidence))
        return bad_confidence(cr, line, conf->text, conf->len);
    const okr_csv_cell *note = cr->has_note ? &cells[cr->col_note] : NULL;
    return accept_row(cr, cells[cr->col_kr].text, cells[cr->col_kr].len, cells[cr->col_date].text,
                      cells[cr->col_date].len, confidence, note ? note->text : "", note ? note->len : 0, line);
}

/* ---- JSON Lines ---- */

static const char *jsonl_help(void)
{
    return "each line is one object: {\"kr\": \"team.objective.kr\", \"date\": \"2026-08-10\", "
           "\"confidence\": 7, \"note\": \"...\"}";
}

static int jsonl_line(checkin_reader *cr, const char *text, size_t len, uint32_t line)
{
    json_error_t err;
    json_t *obj = json_loadb(text, len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &err);
    if (!obj)
        return okr_feed_malformed(&cr->r, OKR903, line, "each line of a JSON Lines file is one complete JSON object",
                                  "invalid JSON: %s (column %d)", err.text, err.column);
    json_t *kr = json_object_get(obj, "kr"), *date = json_object_get(obj, "date");
    json_t *conf = json_object_get(obj, "confidence"), *note = json_object_get(obj, "note");
    int rc;
    if (!json_is_object(obj) || !kr || !date || !conf) {
        rc = okr_feed_malformed(&cr->r, OKR903, line, jsonl_help(), "%s",
                                !json_is_object(obj) ? "line is not an object"
                                : !kr                ? "object has no \"kr\" field"
                                : !date              ? "object has no \"date\" field"
                                                     : "object has no \"confidence\" field");
    } else if (!json_is_string(kr) || !json_is_string(date) || (note && !json_is_string(note) && !json_is_null(note))) {
        rc = okr_feed_malformed(&cr->r, OKR903, line, jsonl_help(), "\"%s\" must be a string",
                                !json_is_string(kr) ? "kr" : !json_is_string(date) ? "date" : "note");
    } else if (!json_is_integer(conf) || json_integer_value(conf) < 0 ||
               json_integer_value(conf) > OKR_CHECKIN_CONFIDENCE_MAX) {
        char *shown = json_dumps(conf, JSON_ENCODE_ANY | JSON_COMPACT);
        rc = bad_confidence(cr, line, shown ? shown : "?", shown ? strlen(shown) : 1);
        free(shown);
    } else {
        int has_note = note && json_is_string(note);
        rc = accept_row(cr, json_string_value(kr), json_string_length(kr), json_string_value(date),
                        json_string_length(date), (int)json_integer_value(conf),
                        has_note ? json_string_value(note) : "", has_note ? json_string_length(note) : 0, line);
    }
    json_decref(obj);
    return rc;
}

static int jsonl_scan(checkin_reader *cr, char *text, size_t len)
{
    uint32_t line = 0;
    size_t pos = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        line++;
        size_t n = end - pos;
        int blank = 1;
        for (size_t i = pos; i < end && blank; i++)
            blank = text[i] == ' ' || text[i] == '\t' || text[i] == '\r';
        if (!blank && jsonl_line(cr, text + pos, n, line) < 0)
            return -1;
        pos = end + 1;
    }
    return 0;
}

/* ---- reading ---- */

static int is_jsonl(const char *path)
{
    size_t n = strlen(path);
    return (n >= 6 && strcmp(path + n - 6, ".jsonl") == 0) || (n >= 7 && strcmp(path + n - 7, ".ndjson") == 0);
}

int okr_checkins_read(okr_checkins *set, const okr_program *prog, okr_feed_ctx *ctx, const char *path)
{
    okr_feed_spec spec = {.kind = is_jsonl(path) ? OKR_FEED_JSONL : OKR_FEED_CSV, .text = path, .location = path};
    checkin_reader cr = {.set = set, .prog = prog, .arena = ctx->arena};
    okr_feed_reader_init(&cr.r, ctx, &spec);
    set->files++;
    size_t before = ctx->stats.malformed, kept = set->items.len;
    size_t len = 0;
    int too_big = 0;
    int err = okr_workspace_probe(path, 1);
    char *text = err ? NULL : okr_workspace_read(path, OKR_CHECKIN_MAX_BYTES, &len, &too_big);
    if (!text || too_big) {
        free(text);
        return okr_feed_fail(&cr.r, OKR901, "check the path of the check-in file; it is read relative to the "
                                            "current directory",
                             "cannot read check-in file '%s': %s", path,
                             too_big ? "larger than 16 MiB" : okr_workspace_strerror(err ? err : errno));
    }
    index_krs(&cr);
    int rc;
    if (spec.kind == OKR_FEED_JSONL) {
        rc = jsonl_scan(&cr, text, len);
    } else {
        rc = okr_csv_scan_text(&cr.r, text, len, csv_row, &cr);
        if (rc == 0 && !cr.have_header) {
            okr_diag *d = okr_diag_report(ctx->diags, OKR902, okr_span_make(cr.r.file, 1, 1),
                                          "check-in file '%s' is empty: it has no header row", path);
            okr_diag_help(ctx->diags, d, "a check-in file starts with a header row: kr,date,confidence,note");
            rc = -1;
        }
    }
    okr_feed_reader_finish(&cr.r);
    /* Every data row is kept or reported (a row the tokeniser could not
     * split never reaches the callbacks, so rows are counted here). */
    set->rejected += ctx->stats.malformed - before;
    set->rows += set->items.len - kept + ctx->stats.malformed - before;
    free(text);
    return rc;
}

/* ---- into the grading result ---- */

static okr_disagreement disagreement_of(const okr_kr_grade *kg)
{
    if (!kg->checkin)
        return OKR_DISAGREE_NONE;
    int c = kg->checkin->confidence;
    if (c >= OKR_CHECKIN_CONFIDENT && (kg->status == OKR_STATUS_AT_RISK || kg->status == OKR_STATUS_OFF_TRACK))
        return OKR_DISAGREE_CONFIDENT;
    if (c <= OKR_CHECKIN_DOUBTFUL && kg->status == OKR_STATUS_ON_TRACK)
        return OKR_DISAGREE_DOUBTFUL;
    return OKR_DISAGREE_NONE;
}

/* Where a key result's check-ins go: its grade and its objective's. */
typedef struct checkin_slot {
    okr_objective_grade *og;
    okr_kr_grade *kg;
} checkin_slot;

void okr_checkins_apply(const okr_checkins *set, okr_grade_result *result, okr_arena *arena)
{
    result->has_checkins = 1;
    result->checkin_files = set->files;
    result->checkin_rows = set->rows;
    result->checkin_rejected = set->rejected;
    okr_strmap slots;
    okr_strmap_init(&slots, arena);
    for (size_t i = 0; i < result->objective_count; i++) {
        okr_objective_grade *og = &result->objectives[i];
        for (size_t k = 0; k < og->kr_count; k++) {
            checkin_slot *slot = okr_arena_alloc(arena, sizeof *slot);
            slot->og = og;
            slot->kg = &og->krs[k];
            okr_strmap_put(&slots, okr_arena_printf(arena, "%p", (const void *)og->krs[k].kr), slot);
        }
    }
    /* One pass: every check-in in the set is in its objective's cycle, and
     * no two share a key result and day, so "newer" is strict. */
    for (size_t c = 0; c < set->items.len; c++) {
        const struct okr_checkin *ci = set->items.items[c];
        checkin_slot *slot = okr_strmap_get(&slots, okr_arena_printf(arena, "%p", (const void *)ci->kr));
        if (!slot || ci->day > slot->og->as_of_day)
            continue;
        okr_kr_grade *kg = slot->kg;
        kg->checkin_count++;
        if (!kg->checkin || ci->day > kg->checkin->day) {
            kg->previous = kg->checkin;
            kg->checkin = ci;
        } else if (!kg->previous || ci->day > kg->previous->day) {
            kg->previous = ci;
        }
    }
    for (size_t i = 0; i < result->objective_count; i++) {
        okr_objective_grade *og = &result->objectives[i];
        for (size_t k = 0; k < og->kr_count; k++) {
            okr_kr_grade *kg = &og->krs[k];
            kg->disagreement = disagreement_of(kg);
            result->checked_in += kg->checkin != NULL;
            og->disagreements += kg->disagreement != OKR_DISAGREE_NONE;
        }
        result->disagreements += og->disagreements;
    }
}
