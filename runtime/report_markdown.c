/* report_markdown.c: the grading report as Markdown for a pull-request
 * comment.
 *
 * What needs attention comes first (breaches, failed committed
 * objectives), then a table per team and per objective. User text is
 * escaped so no title can break a table or inject HTML. */
#include "report_internal.h"

#include <math.h>
#include <string.h>

typedef struct writer {
    FILE *out;
    const okr_report_input *in;
    const rpt_layout *layout;
    okr_arena *arena; /* scratch for names */
    int color;
} writer;

/* User text inside a Markdown table cell: the characters that would start
 * markup, end the cell or open HTML are escaped; line breaks become spaces. */
static void md_text(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        unsigned char ch = (unsigned char)*s;
        switch (ch) {
        case '\\': case '`': case '*': case '_': case '[': case ']': case '|': case '#': case '~':
        case '!': case '$':
            fputc('\\', out);
            fputc(ch, out);
            break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '&': fputs("&amp;", out); break;
        default:
            fputc(ch < 0x20 || ch == 0x7f ? ' ' : ch, out);
        }
    }
}

/* Names in code spans (metric names, feed paths): a backtick would end
 * the span, and GitHub splits table cells at a `|` even inside one. */
static void md_code(FILE *out, const char *s)
{
    fputc('`', out);
    for (; s && *s; s++) {
        if (*s == '|')
            fputs("\\|", out);
        else
            fputc(*s == '`' || (unsigned char)*s < 0x20 || *s == 0x7f ? '\'' : *s, out);
    }
    fputc('`', out);
}

static const char *md_symbol(rpt_tone tone)
{
    switch (tone) {
    case RPT_TONE_GOOD: return "\xE2\x9C\x85 ";          /* U+2705 */
    case RPT_TONE_MIXED: return "\xE2\x9A\xA0\xEF\xB8\x8F "; /* U+26A0 U+FE0F */
    case RPT_TONE_BAD: return "\xE2\x9D\x8C ";           /* U+274C */
    case RPT_TONE_NONE: break;
    }
    return "";
}

static void md_kr_status(const writer *w, const okr_objective_grade *og, const okr_kr_grade *kg)
{
    FILE *out = w->out;
    char buf[RPT_TEXT_LEN];
    if (!kg->has_current) {
        if (og->verdict == OKR_VERDICT_NOT_STARTED)
            fputs("not started", out);
        else
            fprintf(out, "no data (%s)", rpt_no_data_reason(kg->series, kg->observations));
        return;
    }
    if (kg->kr->is_hypothesis) {
        fprintf(out, "%s%s", md_symbol(rpt_verdict_tone(kg->verdict)), rpt_verdict_text(kg->verdict));
        return;
    }
    const char *sep = "";
    if (kg->status != OKR_STATUS_NONE) {
        fprintf(out, "%s%s", md_symbol(rpt_status_tone(kg->status)), rpt_status_text(kg->status));
        sep = ": ";
        if (!rpt_kr_is_bound(kg)) {
            fprintf(out, "%sexpected %.2f", sep, kg->expected);
            sep = ", ";
        }
    }
    if (rpt_kr_is_bound(kg)) {
        if (kg->status == OKR_STATUS_NONE)
            fputs(md_symbol(kg->met && kg->held ? RPT_TONE_GOOD : kg->met ? RPT_TONE_MIXED : RPT_TONE_BAD), out);
        fprintf(out, "%s%s", sep, kg->met ? "met" : "not met");
        long day;
        if (kg->held)
            fputs(", held throughout", out);
        else if (rpt_bound_breach_day(w->in, og, kg, &day)) {
            rpt_format_date(day, buf, sizeof buf);
            fprintf(out, ", breached on %s", buf);
        }
        sep = ", ";
    }
    if (kg->has_projection) {
        rpt_format_value(kg->kr->metric_decl, kg->projected, buf, sizeof buf);
        fprintf(out, "%sprojected %s", sep, buf);
        if (!rpt_kr_is_bound(kg))
            fprintf(out, " (%.2f)", kg->projected_score);
        sep = ", ";
    }
    if (kg->has_score && !rpt_kr_is_bound(kg) && fabs(kg->progress - kg->score) > 0.005)
        fprintf(out, "%sraw progress %.2f", sep, kg->progress);
}

static void md_objective(const writer *w, const okr_objective_grade *og)
{
    FILE *out = w->out;
    const okr_objective *obj = og->objective;
    char verdict[512], values[3 * RPT_TEXT_LEN + 32], bar[RPT_TEXT_LEN];
    fputs("\n#### ", out);
    md_text(out, rpt_objective_qualified(w->arena, obj));
    if (obj->statement.text) {
        fputs(": ", out);
        md_text(out, obj->statement.text);
    }
    fputs("\n\n", out);
    rpt_objective_verdict(og, verdict, sizeof verdict);
    if (!og->healthy)
        fputs("**\xE2\x9D\x8C Unhealthy: a counter-metric was breached.** ", out);
    if (og->has_score && og->archetype != OKR_ARCH_LEARNING) {
        rpt_format_bar(og->score, bar, sizeof bar);
        fprintf(out, "Score **%.2f** `%s` ", og->score, bar);
    }
    fprintf(out, "%s%s \xC2\xB7 %s", md_symbol(rpt_objective_tone(og)), verdict, okr_archetype_name(og->archetype));
    if (obj->cycle && obj->cycle->label) {
        fputs(", ", out);
        md_text(out, obj->cycle->label);
    }
    fprintf(out, " \xC2\xB7 graded %zu of %zu %s\n\n", og->graded, og->kr_count, rpt_kr_noun(og, og->kr_count));

    if (og->kr_count) {
        fputs("| Key result | Baseline \xE2\x86\x92 Current \xE2\x86\x92 Target | Score | Status |\n", out);
        fputs("|---|---|---:|---|\n", out);
        for (size_t i = 0; i < og->kr_count; i++) {
            const okr_kr_grade *kg = &og->krs[i];
            const okr_kr *kr = kg->kr;
            fputs("| **", out);
            if (kr->is_hypothesis)
                fputs("hypothesis ", out);
            md_text(out, kr->label);
            fputs("**", out);
            if (kr->title.text) {
                fputs(": ", out);
                md_text(out, kr->title.text);
            }
            fputs("<br/>", out);
            md_code(out, rpt_metric_written(kr->metric));
            fprintf(out, ", %zu %s | ", kg->observations, rpt_plural(kg->observations, "observation", "observations"));
            rpt_kr_values(kg, "\xE2\x86\x92", values, sizeof values);
            md_text(out, values);
            fputs(" | ", out);
            if (kr->is_hypothesis || !kg->has_score)
                fputs("\xE2\x80\x94", out); /* an em dash: no number to show */
            else
                fprintf(out, "%.2f", kg->score);
            fputs(" | ", out);
            md_kr_status(w, og, kg);
            fputs(" |\n", out);
        }
    }
    if (og->counter_count) {
        fputs("\n| Counter-metric | Bound | Current | State |\n|---|---|---|---|\n", out);
        for (size_t i = 0; i < og->counter_count; i++) {
            const okr_counter_grade *cg = &og->counters[i];
            char bound[RPT_TEXT_LEN + 32], cur[RPT_TEXT_LEN] = "?";
            rpt_counter_bound(cg, bound, sizeof bound);
            if (cg->has_current)
                rpt_format_value(cg->counter->metric_decl, cg->current, cur, sizeof cur);
            fputs("| ", out);
            md_code(out, rpt_metric_written(cg->counter->metric));
            fputs(" | ", out);
            md_text(out, bound);
            fputs(" | ", out);
            md_text(out, cur);
            fputs(" | ", out);
            if (cg->breached) {
                char day[RPT_TEXT_LEN], worst[RPT_TEXT_LEN];
                rpt_format_date(cg->breach_day, day, sizeof day);
                rpt_format_value(cg->counter->metric_decl, cg->worst, worst, sizeof worst);
                fprintf(out, "%s**breached** on %s (worst ", md_symbol(RPT_TONE_BAD), day);
                md_text(out, worst);
                fputs(")", out);
            } else if (cg->has_current) {
                fprintf(out, "%sholding", md_symbol(RPT_TONE_GOOD));
            } else if (og->verdict == OKR_VERDICT_NOT_STARTED) {
                fputs("not started", out);
            } else {
                fprintf(out, "no data (%s)", rpt_no_data_reason(cg->series, cg->observations));
            }
            fputs(" |\n", out);
        }
    }
}

static int write_markdown(const writer *w)
{
    FILE *out = w->out;
    const okr_grade_result *r = w->in->result;
    const rpt_layout *lay = w->layout;
    char buf[512], day[RPT_TEXT_LEN];
    rpt_format_date(r->grading_day, day, sizeof day);
    fprintf(out, "## OKR grades as of %s\n\n", day);
    for (size_t i = 0; i < lay->cycle_count; i++) {
        rpt_cycle_state(lay->cycles[i].cycle, r->grading_day, buf, sizeof buf);
        fputs("- ", out);
        md_text(out, buf);
        fputc('\n', out);
    }
    if (lay->cycle_count)
        fputc('\n', out);

    /* What needs attention comes first: breaches, then failed committed objectives. */
    int any = 0;
    for (size_t t = 0; t < lay->team_count; t++) {
        for (size_t k = 0; k < lay->teams[t].count; k++) {
            const okr_objective_grade *og = lay->teams[t].objectives[k];
            for (size_t c = 0; c < og->counter_count; c++) {
                const okr_counter_grade *cg = &og->counters[c];
                if (!cg->breached)
                    continue;
                char bound[RPT_TEXT_LEN + 32], d[RPT_TEXT_LEN], worst[RPT_TEXT_LEN];
                rpt_counter_bound(cg, bound, sizeof bound);
                rpt_format_date(cg->breach_day, d, sizeof d);
                rpt_format_value(cg->counter->metric_decl, cg->worst, worst, sizeof worst);
                fprintf(out, "> %s**Breach in ", md_symbol(RPT_TONE_BAD));
                md_text(out, rpt_objective_qualified(w->arena, og->objective));
                fputs("**: counter-metric ", out);
                md_code(out, rpt_metric_written(cg->counter->metric));
                fputs(" (", out);
                md_text(out, bound);
                fprintf(out, ") breached on %s, worst ", d);
                md_text(out, worst);
                fputs(". The objective is unhealthy whatever its score.\n>\n", out);
                any = 1;
            }
            if (og->archetype == OKR_ARCH_COMMITTED && og->verdict == OKR_VERDICT_FAILED) {
                fprintf(out, "> %s**Committed objective ", md_symbol(RPT_TONE_BAD));
                md_text(out, rpt_objective_qualified(w->arena, og->objective));
                fputs(og->in_progress ? " is failing**" : " failed**", out);
                if (og->has_score)
                    fprintf(out, " (score %.2f)", og->score);
                fputs(".\n>\n", out);
                any = 1;
            }
        }
    }
    if (any)
        fputc('\n', out);

    rpt_summary_line(&lay->totals, buf, sizeof buf);
    fprintf(out, "**Summary:** %s.\n\n", buf);
    if (w->in->feed_count) {
        fputs("| Feed | Rows | Stored | Malformed skipped | Unknown metric | Out of range | Duplicates | Unsorted |\n", out);
        fputs("|---|---:|---:|---:|---:|---:|---:|---:|\n", out);
        for (size_t f = 0; f < w->in->feed_count; f++) {
            okr_feed_stats none = {0};
            const okr_feed_stats *s = w->in->feeds ? &w->in->feeds[f] : &none;
            fputs("| ", out);
            md_code(out, w->in->feed_names && w->in->feed_names[f] ? w->in->feed_names[f] : "(feed)");
            fprintf(out, " | %zu | %zu | %zu | %zu | %zu | %zu | %zu |\n", s->rows, s->stored, s->malformed,
                    s->unknown_metric, s->out_of_range, s->duplicates, s->unsorted);
        }
    } else {
        fputs("No feed was read: every key result has no data.\n", out);
    }

    for (size_t t = 0; t < lay->team_count; t++) {
        const rpt_team *team = &lay->teams[t];
        fputs("\n### ", out);
        if (team->name) {
            fputs("Team ", out);
            md_text(out, team->name);
            if (team->title) {
                fputs(": ", out);
                md_text(out, team->title);
            }
        } else {
            fputs("Objectives without a team", out);
        }
        fputs("\n\n| Objective | Archetype | Score | Verdict |\n|---|---|---:|---|\n", out);
        for (size_t k = 0; k < team->count; k++) {
            const okr_objective_grade *og = team->objectives[k];
            char verdict[512];
            rpt_objective_verdict(og, verdict, sizeof verdict);
            fputs("| ", out);
            if (!og->healthy)
                fputs(md_symbol(RPT_TONE_BAD), out);
            fputs("**", out);
            md_text(out, og->objective->name.text);
            fputs("**", out);
            if (!og->healthy)
                fputs(" (unhealthy)", out);
            fprintf(out, " | %s | ", okr_archetype_name(og->archetype));
            if (og->has_score && og->archetype != OKR_ARCH_LEARNING)
                fprintf(out, "%.2f", og->score);
            else
                fputs("\xE2\x80\x94", out);
            fprintf(out, " | %s%s |\n", md_symbol(rpt_objective_tone(og)), verdict);
        }
        for (size_t k = 0; k < team->count; k++)
            md_objective(w, team->objectives[k]);
    }
    fprintf(out, "\n<sub>okrc %s \xC2\xB7 scores grade goals, not people.</sub>\n", rpt_tool_version(w->in));
    return 0;
}

int rpt_write_markdown(FILE *out, const okr_report_input *in, const rpt_layout *layout)
{
    okr_arena scratch;
    okr_arena_init(&scratch);
    writer w = {out, in, layout, &scratch, in->color};
    int rc = write_markdown(&w);
    okr_arena_free(&scratch);
    return rc;
}
