/* report_history.c: the history section of every report format (spec.md,
 * "History across cycles"), with `okrc grade --history`.
 *
 * history.c decided the rows, their entries and the flags from the
 * grading result; this file only words and draws them, the same words in
 * every format: per objective one cell per cycle (its score, or its
 * verdict when it has none, `*` while the cycle runs, `-` when the
 * objective is not in that cycle), and a sentence per flag. Each writer
 * calls its one function here at the end of its report, so the history
 * can change without touching the writers' own layouts. */
#include "report_internal.h"

#include <jansson.h>
#include <string.h>

#include "history.h"

/* ================================================================ words */

/* The cell of one entry: "0.50", "0.26*" (running), "0.67 failed" (a
 * committed objective: pass or fail is what counts), "confirmed", "not
 * started". */
static const char *cell_text(okr_arena *a, const okr_objective_grade *og)
{
    if (og->verdict == OKR_VERDICT_NOT_STARTED)
        return "not started";
    const char *mark = og->in_progress ? "*" : "";
    if (og->has_score && og->archetype != OKR_ARCH_LEARNING)
        return okr_arena_printf(a, "%.2f%s%s", og->score, mark, og->verdict == OKR_VERDICT_FAILED ? " failed" : "");
    okr_verdict v = og->verdict != OKR_VERDICT_NONE ? og->verdict : OKR_VERDICT_NO_DATA;
    return okr_arena_printf(a, "%s%s", rpt_verdict_text(v), mark);
}

static rpt_tone cell_tone(const okr_objective_grade *og)
{
    if (og->in_progress)
        return rpt_status_tone(og->status);
    if (og->verdict == OKR_VERDICT_NONE && og->has_score)
        return RPT_TONE_NONE;
    return rpt_verdict_tone(og->verdict);
}

static const char *row_name(okr_arena *a, const okr_history_row *row)
{
    return row->team ? okr_arena_printf(a, "%s.%s", row->team, row->name) : row->name;
}

static const char *label_of(const okr_objective_grade *og)
{
    const okr_cycle_decl *c = og->objective->cycle;
    return c && c->label ? c->label : "?";
}

/* "1.0 in 2 consecutive cycles (2026-Q2 to 2026-Q3): ..." */
static const char *flag_text(okr_arena *a, const okr_history_row *row, const okr_history_flag *f)
{
    size_t n = f->last - f->first + 1;
    const char *from = label_of(row->entries[f->first]), *to = label_of(row->entries[f->last]);
    switch (f->kind) {
    case OKR_HISTORY_TARGETS_TOO_LOW:
        return okr_arena_printf(a,
                                "aspirational at 1.0 in %zu consecutive cycles (%s to %s): its targets are too low; "
                                "stretch them",
                                n, from, to);
    case OKR_HISTORY_CARRIED_FORWARD:
        return okr_arena_printf(a,
                                "carried forward unchanged for %zu cycles (%s to %s): rethink the key results or "
                                "retire the objective",
                                n, from, to);
    case OKR_HISTORY_FAILED_AGAIN:
        return okr_arena_printf(a,
                                "committed and failed in %zu consecutive cycles (%s to %s): diagnose why before "
                                "committing to it again",
                                n, from, to);
    }
    return "?";
}

/* The entry of `row` in cycle column `col`, or NULL. */
static const okr_objective_grade *entry_at(const okr_history *h, const okr_history_row *row, size_t col)
{
    for (size_t i = 0; i < row->count; i++)
        if (okr_history_cycle_index(h, row->entries[i]->objective->cycle) == col)
            return row->entries[i];
    return NULL;
}

/* ================================================================ text */

static void text_plain(FILE *out, const char *s, size_t width)
{
    size_t n = 0;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        fputc(c < 0x20 || c == 0x7f ? ' ' : c, out);
        n += (c & 0xC0) != 0x80;
    }
    for (; n < width; n++)
        fputc(' ', out);
}

/* Words of `s` from column `col`, wrapped before column 100 to column
 * `hang` (flag sentences are longer than a line). */
static void text_wrapped(FILE *out, const char *s, size_t col, size_t hang)
{
    while (*s) {
        size_t n = strcspn(s, " ");
        if (col > hang && col + n + 1 > 100) {
            fputc('\n', out);
            for (col = 0; col < hang; col++)
                fputc(' ', out);
        } else if (col > hang) {
            fputc(' ', out);
            col++;
        }
        for (size_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char)s[i];
            fputc(c < 0x20 || c == 0x7f ? ' ' : c, out);
            col += (c & 0xC0) != 0x80;
        }
        s += n;
        while (*s == ' ')
            s++;
    }
}

void rpt_text_history(FILE *out, const rpt_model *model, int color)
{
    const okr_history *h = model->in->result->history;
    if (!h)
        return;
    okr_arena arena, *a = &arena;
    okr_arena_init(a);
    /* Columns as wide as their widest cell, and two spaces. */
    size_t name_w = 28, col_w = 8;
    for (size_t c = 0; c < h->cycle_count; c++) {
        size_t n = strlen(h->cycles[c]->label ? h->cycles[c]->label : "?") + 2;
        col_w = n > col_w ? n : col_w;
    }
    for (size_t i = 0; i < h->count; i++) {
        size_t n = strlen(row_name(a, &h->rows[i])) + 2;
        name_w = n > name_w ? n : name_w;
        for (size_t k = 0; k < h->rows[i].count; k++) {
            n = strlen(cell_text(a, h->rows[i].entries[k])) + 2;
            col_w = n > col_w ? n : col_w;
        }
    }
    fputs(color ? "\n\033[1m" : "\n", out);
    fputs("== history: scores cycle over cycle ", out);
    for (size_t i = 37; i < 100; i++)
        fputc('=', out);
    fputs(color ? "\033[0m\n" : "\n", out);
    fputs("  ", out);
    text_plain(out, "objective", name_w);
    for (size_t c = 0; c < h->cycle_count; c++)
        text_plain(out, h->cycles[c]->label ? h->cycles[c]->label : "?", c + 1 < h->cycle_count ? col_w : 0);
    fputc('\n', out);
    for (size_t i = 0; i < h->count; i++) {
        const okr_history_row *row = &h->rows[i];
        fputs("  ", out);
        text_plain(out, row_name(a, row), name_w);
        for (size_t c = 0; c < h->cycle_count; c++) {
            const okr_objective_grade *og = entry_at(h, row, c);
            text_plain(out, og ? cell_text(a, og) : "-", c + 1 < h->cycle_count ? col_w : 0);
        }
        fputc('\n', out);
        for (size_t f = 0; f < row->flag_count; f++) {
            fputs(color ? "    \033[33m! " : "    ! ", out);
            text_wrapped(out, flag_text(a, row, &row->flags[f]), 6, 6);
            fputs(color ? "\033[0m\n" : "\n", out);
        }
    }
    fprintf(out, "  (* cycle still running: the score is provisional; %zu %s)\n", h->flag_count,
            rpt_plural(h->flag_count, "flag", "flags"));
    okr_arena_free(a);
}

/* ================================================================ JSON */

static json_t *jstr_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *jday(long day)
{
    char buf[RPT_TEXT_LEN];
    rpt_format_date(day, buf, sizeof buf);
    return json_string(buf);
}

static json_t *json_entry(const okr_objective_grade *og)
{
    const okr_cycle_decl *c = og->objective->cycle;
    json_t *e = json_object();
    json_object_set_new(e, "cycle", jstr_or_null(c->label));
    json_object_set_new(e, "start", jday(c->start_day));
    json_object_set_new(e, "end", jday(c->end_day));
    json_object_set_new(e, "archetype", json_string(okr_archetype_name(og->archetype)));
    int scored = og->has_score && og->archetype != OKR_ARCH_LEARNING && og->verdict != OKR_VERDICT_NOT_STARTED;
    json_object_set_new(e, "score", scored ? json_real(og->score) : json_null());
    json_object_set_new(e, "verdict", jstr_or_null(rpt_verdict_slug(og->verdict)));
    json_object_set_new(e, "status", jstr_or_null(rpt_status_slug(og->status)));
    json_object_set_new(e, "in_progress", json_boolean(og->in_progress));
    return e;
}

/* The "history" array, one OBJECTIVE HISTORY per row. Strings the user
 * wrote are names and cycle labels, valid UTF-8 as the lexer read them. */
json_t *rpt_json_history(const rpt_model *model)
{
    const okr_history *h = model->in->result->history;
    okr_arena arena, *a = &arena;
    okr_arena_init(a);
    json_t *arr = json_array();
    for (size_t i = 0; h && i < h->count; i++) {
        const okr_history_row *row = &h->rows[i];
        json_t *o = json_object();
        json_object_set_new(o, "team", jstr_or_null(row->team));
        json_object_set_new(o, "name", json_string(row->name));
        json_object_set_new(o, "qualified", json_string(row_name(a, row)));
        json_t *entries = json_array();
        for (size_t k = 0; k < row->count; k++)
            json_array_append_new(entries, json_entry(row->entries[k]));
        json_object_set_new(o, "cycles", entries);
        json_t *flags = json_array();
        for (size_t f = 0; f < row->flag_count; f++) {
            const okr_history_flag *fl = &row->flags[f];
            json_t *fj = json_object();
            json_object_set_new(fj, "kind", json_string(okr_history_flag_slug(fl->kind)));
            json_object_set_new(fj, "from", jstr_or_null(label_of(row->entries[fl->first])));
            json_object_set_new(fj, "to", jstr_or_null(label_of(row->entries[fl->last])));
            json_object_set_new(fj, "cycles", json_integer((json_int_t)(fl->last - fl->first + 1)));
            json_object_set_new(fj, "message", json_string(flag_text(a, row, fl)));
            json_array_append_new(flags, fj);
        }
        json_object_set_new(o, "flags", flags);
        json_array_append_new(arr, o);
    }
    okr_arena_free(a);
    return arr;
}

/* ================================================================ Markdown */

void rpt_md_history(FILE *out, const rpt_model *model, void (*md_text)(FILE *, const char *))
{
    const okr_history *h = model->in->result->history;
    if (!h)
        return;
    okr_arena arena, *a = &arena;
    okr_arena_init(a);
    fputs("\n### History: scores cycle over cycle\n\n| Objective |", out);
    for (size_t c = 0; c < h->cycle_count; c++) {
        fputc(' ', out);
        md_text(out, h->cycles[c]->label ? h->cycles[c]->label : "?");
        fputs(" |", out);
    }
    fputs("\n|---|", out);
    for (size_t c = 0; c < h->cycle_count; c++)
        fputs("---:|", out);
    fputc('\n', out);
    for (size_t i = 0; i < h->count; i++) {
        const okr_history_row *row = &h->rows[i];
        fputs("| **", out);
        md_text(out, row_name(a, row));
        fputs("** |", out);
        for (size_t c = 0; c < h->cycle_count; c++) {
            const okr_objective_grade *og = entry_at(h, row, c);
            fputc(' ', out);
            md_text(out, og ? cell_text(a, og) : "\xE2\x80\x94");
            fputs(" |", out);
        }
        fputc('\n', out);
    }
    fputs("\n<sub>* cycle still running: the score is provisional.</sub>\n", out);
    if (h->flag_count)
        fputc('\n', out);
    for (size_t i = 0; i < h->count; i++) {
        const okr_history_row *row = &h->rows[i];
        for (size_t f = 0; f < row->flag_count; f++) {
            fputs("- \xE2\x9A\xA0\xEF\xB8\x8F **", out);
            md_text(out, row_name(a, row));
            fputs("**: ", out);
            md_text(out, flag_text(a, row, &row->flags[f]));
            fputc('\n', out);
        }
    }
    okr_arena_free(a);
}

/* ================================================================ HTML */

enum { SPARK_W = 180, SPARK_H = 44, SPARK_PAD = 6 };

/* A sparkline of the row's scores over every cycle column: 0 at the
 * bottom, 1 at the top, a dot per scored cycle, a line between cycles
 * that follow each other. */
static void html_spark(FILE *out, const okr_history *h, const okr_history_row *row, okr_arena *a, size_t id)
{
    size_t n = h->cycle_count;
    double step = n > 1 ? (double)(SPARK_W - 2 * SPARK_PAD) / (double)(n - 1) : 0;
    fprintf(out,
            "<svg class=\"spark\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" "
            "height=\"%d\" role=\"img\" aria-labelledby=\"hist-%zu\"><title id=\"hist-%zu\">Scores of ",
            SPARK_W, SPARK_H, SPARK_W, SPARK_H, id, id);
    rpt_html_text(out, row_name(a, row));
    fputs(" cycle over cycle</title>\n", out);
    fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#e5e7eb\"/>\n", SPARK_PAD, SPARK_PAD,
            SPARK_W - SPARK_PAD, SPARK_PAD);
    fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#e5e7eb\"/>\n", SPARK_PAD,
            SPARK_H - SPARK_PAD, SPARK_W - SPARK_PAD, SPARK_H - SPARK_PAD);
    int have_prev = 0;
    double px = 0, py = 0;
    for (size_t c = 0; c < n; c++) {
        const okr_objective_grade *og = entry_at(h, row, c);
        int scored = og && og->has_score && og->archetype != OKR_ARCH_LEARNING &&
                     og->verdict != OKR_VERDICT_NOT_STARTED;
        if (!scored) {
            have_prev = 0;
            continue;
        }
        double x = SPARK_PAD + step * (double)c;
        double y = SPARK_H - SPARK_PAD - og->score * (SPARK_H - 2 * SPARK_PAD);
        if (have_prev)
            fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#4f46e5\" stroke-width=\"2\"/>\n",
                    px, py, x, y);
        fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n", x, y,
                og->in_progress ? "#ffffff\" stroke=\"#4f46e5" : "#4f46e5");
        have_prev = 1;
        px = x;
        py = y;
    }
    fputs("</svg>", out);
}

void rpt_html_history(FILE *out, const rpt_model *model)
{
    const okr_history *h = model->in->result->history;
    if (!h)
        return;
    okr_arena arena, *a = &arena;
    okr_arena_init(a);
    fputs("<section class=\"team history\" id=\"history\">\n<h2>History <span class=\"muted\">scores cycle over "
          "cycle</span></h2>\n<table class=\"krs\">\n<thead><tr><th>Objective</th>",
          out);
    for (size_t c = 0; c < h->cycle_count; c++) {
        fputs("<th class=\"num\">", out);
        rpt_html_text(out, h->cycles[c]->label);
        fputs("</th>", out);
    }
    fputs("<th>Trend</th></tr></thead>\n<tbody>\n", out);
    for (size_t i = 0; i < h->count; i++) {
        const okr_history_row *row = &h->rows[i];
        fputs("<tr><td><span class=\"kr-title\">", out);
        rpt_html_text(out, row_name(a, row));
        fputs("</span>", out);
        for (size_t f = 0; f < row->flag_count; f++) {
            fputs("<div class=\"detail\">", out);
            rpt_html_pill(out, RPT_TONE_MIXED, okr_history_flag_slug(row->flags[f].kind));
            fputc(' ', out);
            rpt_html_text(out, flag_text(a, row, &row->flags[f]));
            fputs("</div>", out);
        }
        fputs("</td>", out);
        for (size_t c = 0; c < h->cycle_count; c++) {
            const okr_objective_grade *og = entry_at(h, row, c);
            fputs("<td class=\"num\">", out);
            if (og)
                rpt_html_pill(out, cell_tone(og), cell_text(a, og));
            else
                fputs("<span class=\"none\">\xE2\x80\x94</span>", out);
            fputs("</td>", out);
        }
        fputs("<td>", out);
        html_spark(out, h, row, a, i + 1);
        fputs("</td></tr>\n", out);
    }
    fputs("</tbody>\n</table>\n<p class=\"sub\">* cycle still running: the score is provisional.</p>\n</section>\n",
          out);
    okr_arena_free(a);
}
