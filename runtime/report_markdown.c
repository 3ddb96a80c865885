/* report_markdown.c: the grading report as Markdown for a pull-request
 * comment.
 *
 * Renders the report model (report_model.c): its key-result and
 * counter-metric rows are the ones the HTML page shows too. What needs
 * attention comes first (breaches, failed committed objectives), then a
 * table per team and per objective. User text is escaped so no title can
 * break a table or inject HTML. */
#include "report_internal.h"

#include <string.h>

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
        /* A zero-width joiner after '@': "@dana" in a report posted as a
         * pull-request comment would otherwise notify someone on every
         * run (diff/write_markdown.c does the same). */
        case '@': fputs("@\xe2\x80\x8d", out); break;
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

/* The Status cell: the headline, then the numbers behind it in short. */
static void md_kr_status(FILE *out, const rpt_kr_row *row)
{
    const okr_kr_grade *kg = row->grade;
    char buf[RPT_TEXT_LEN];
    if (!kg->has_current) {
        if (row->not_started)
            fputs("not started", out);
        else
            fprintf(out, "no data (%s)", row->no_data_reason);
        return;
    }
    if (kg->kr->is_hypothesis) {
        fprintf(out, "%s%s", md_symbol(row->state_tone), row->state);
        return;
    }
    const char *sep = "";
    if (kg->status != OKR_STATUS_NONE) {
        fprintf(out, "%s%s", md_symbol(rpt_status_tone(kg->status)), rpt_status_text(kg->status));
        sep = ": ";
        if (!row->bound) {
            fprintf(out, "%sexpected %.2f", sep, kg->expected);
            sep = ", ";
        }
    }
    if (row->level) {
        if (kg->status == OKR_STATUS_NONE)
            fputs(md_symbol(row->bound_tone), out);
        fprintf(out, "%s%s", sep, row->level);
        sep = "; ";
    }
    if (row->projected) {
        fprintf(out, "%sprojected %s", sep, row->projected);
        if (!row->bound)
            fprintf(out, " (%.2f)", kg->projected_score);
        sep = ", ";
    }
    if (row->show_progress) {
        rpt_format_progress(kg->progress, buf, sizeof buf);
        fprintf(out, "%sraw progress %s", sep, buf);
    }
}

static void md_kr_row(FILE *out, const rpt_kr_row *row)
{
    fputs("| **", out);
    md_text(out, row->heading);
    fputs("**", out);
    if (row->title) {
        fputs(": ", out);
        md_text(out, row->title);
    }
    if (row->owner && !row->owner_inherited) {
        /* Its own owner; an inherited one is shown with the objective. */
        fputs(" \xC2\xB7 owner ", out);
        md_text(out, row->owner);
    }
    fputs("<br/>", out);
    md_code(out, row->metric);
    fprintf(out, ", %s | ", row->observations);
    md_text(out, row->values_arrow);
    fputs(" | ", out);
    /* An em dash: no number to show. */
    fputs(row->score ? row->score : "\xE2\x80\x94", out);
    fputs(" | ", out);
    md_kr_status(out, row);
    fputs(" |\n", out);
}

static void md_counter_row(FILE *out, const rpt_counter_row *row)
{
    const okr_counter_grade *cg = row->grade;
    fputs("| ", out);
    md_code(out, row->metric);
    fputs(" | ", out);
    md_text(out, row->bound_text);
    fputs(" | ", out);
    md_text(out, row->current);
    fputs(" | ", out);
    if (cg->breached) {
        fprintf(out, "%s**breached** ", md_symbol(RPT_TONE_BAD));
        md_text(out, row->breach);
    } else if (cg->has_current) {
        fprintf(out, "%sholding", md_symbol(RPT_TONE_GOOD));
    } else if (row->not_started) {
        fputs("not started", out);
    } else {
        fprintf(out, "no data (%s)", row->no_data_reason);
    }
    fputs(" |\n", out);
}

/* The objectives aligned to this one (spec.md, "Roll-up"): the roll-up,
 * the key results' roll-ups, and a table of the contributors. */
static void md_rollup(FILE *out, const rpt_objective *o)
{
    if (!o->contributor_count)
        return;
    fprintf(out, "\n**Aligned to it:** %s%s", md_symbol(o->rollup_tone), o->rollup_line);
    if (o->rollup_status)
        fprintf(out, " \xC2\xB7 roll-up status %s", o->rollup_status);
    fputs("\n", out);
    for (size_t i = 0; i < o->grade->kr_count; i++) {
        if (!o->krs[i].rollup)
            continue;
        fputs("- key result ", out);
        md_code(out, o->krs[i].label);
        fprintf(out, ": roll-up %s\n", o->krs[i].rollup);
    }
    fputs("\n| Aligned objective | Through | Weight | Roll-up | Verdict | Owner |\n|---|---|---:|---:|---|---|\n", out);
    for (size_t k = 0; k < o->contributor_count; k++) {
        const rpt_contributor *c = &o->contributors[k];
        fputs("| ", out);
        md_text(out, c->objective->qualified);
        fputs(" | ", out);
        if (c->through)
            md_code(out, c->through);
        else
            fputs("\xE2\x80\x94", out);
        fprintf(out, " | %s | %s | %s%s", c->weight, c->rollup ? c->rollup : "\xE2\x80\x94",
                md_symbol(c->objective->tone), c->objective->verdict);
        if (c->rollup_status)
            fprintf(out, " \xC2\xB7 roll-up status %s", c->rollup_status);
        if (c->note)
            fprintf(out, " (%s)", c->note);
        fputs(" | ", out);
        if (c->objective->owner)
            md_text(out, c->objective->owner);
        else
            fputs("\xE2\x80\x94", out);
        fputs(" |\n", out);
    }
}

/* The owners' check-ins of an objective, below its key results, when any
 * has one (spec.md, "Human check-ins"). */
static void md_checkins(FILE *out, const rpt_objective *o)
{
    const okr_objective_grade *og = o->grade;
    if (!o->checkins_shown)
        return;
    fputs("\n| Key result | Owner's check-in | Note |\n|---|---|---|\n", out);
    for (size_t i = 0; i < og->kr_count; i++) {
        const rpt_kr_row *row = &o->krs[i];
        if (!row->checkin)
            continue;
        fputs("| **", out);
        md_text(out, row->heading);
        fputs("** | ", out);
        md_text(out, row->checkin);
        if (row->disagreement) {
            fprintf(out, "<br/>%s**disagrees:** ", md_symbol(RPT_TONE_MIXED));
            md_text(out, row->disagreement);
        }
        fputs(" | ", out);
        md_text(out, row->checkin_note ? row->checkin_note : "");
        fputs(" |\n", out);
    }
}

static void md_objective(FILE *out, const rpt_objective *o)
{
    const okr_objective_grade *og = o->grade;
    const okr_objective *obj = og->objective;
    char bar[RPT_TEXT_LEN];
    fputs("\n#### ", out);
    md_text(out, o->qualified);
    if (obj->statement.text) {
        fputs(": ", out);
        md_text(out, obj->statement.text);
    }
    fputs("\n\n", out);
    if (!og->healthy)
        fputs("**\xE2\x9D\x8C Unhealthy: a counter-metric was breached.** ", out);
    if (o->scored) {
        rpt_format_bar(og->score, bar, sizeof bar);
        fprintf(out, "Score **%.2f** `%s` ", og->score, bar);
    }
    fprintf(out, "%s%s \xC2\xB7 %s", md_symbol(o->tone), o->verdict, okr_archetype_name(og->archetype));
    if (obj->cycle && obj->cycle->label) {
        fputs(", ", out);
        md_text(out, obj->cycle->label);
    }
    if (obj->owner->text) {
        fputs(" \xC2\xB7 owner ", out);
        md_text(out, obj->owner->text);
    }
    fprintf(out, " \xC2\xB7 %s\n\n", o->graded);

    if (og->kr_count) {
        fputs("| Key result | Baseline \xE2\x86\x92 Current \xE2\x86\x92 Target | Score | Status |\n", out);
        fputs("|---|---|---:|---|\n", out);
        for (size_t i = 0; i < og->kr_count; i++)
            md_kr_row(out, &o->krs[i]);
        md_checkins(out, o);
    }
    if (og->counter_count) {
        fputs("\n| Counter-metric | Bound | Current | State |\n|---|---|---|---|\n", out);
        for (size_t i = 0; i < og->counter_count; i++)
            md_counter_row(out, &o->counters[i]);
    }
    md_rollup(out, o);
}

/* What needs attention comes first: breaches, then failed committed objectives. */
static void md_attention(FILE *out, const rpt_model *model)
{
    int any = 0;
    for (size_t t = 0; t < model->team_count; t++) {
        for (size_t k = 0; k < model->teams[t].count; k++) {
            const rpt_objective *o = model->teams[t].objectives[k];
            const okr_objective_grade *og = o->grade;
            for (size_t c = 0; c < og->counter_count; c++) {
                const rpt_counter_row *row = &o->counters[c];
                if (!row->grade->breached)
                    continue;
                fprintf(out, "> %s**Breach in ", md_symbol(RPT_TONE_BAD));
                md_text(out, o->qualified);
                fputs("**: counter-metric ", out);
                md_code(out, row->metric);
                fputs(" (", out);
                md_text(out, row->bound_text);
                fputs(") breached ", out);
                md_text(out, row->breach);
                fputs(". The objective is unhealthy whatever its score.\n>\n", out);
                any = 1;
            }
            if (og->archetype == OKR_ARCH_COMMITTED && og->verdict == OKR_VERDICT_FAILED) {
                fprintf(out, "> %s**Committed objective ", md_symbol(RPT_TONE_BAD));
                md_text(out, o->qualified);
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
}

static void md_feeds(FILE *out, const okr_report_input *in)
{
    if (!in->feed_count) {
        fputs("No feed was read: every key result has no data.\n", out);
        return;
    }
    fputs("| Feed | Rows | Stored | Malformed skipped | Unknown metric | Out of range | Duplicates | Unsorted |\n", out);
    fputs("|---|---:|---:|---:|---:|---:|---:|---:|\n", out);
    for (size_t f = 0; f < in->feed_count; f++) {
        okr_feed_stats none = {0};
        const okr_feed_stats *s = in->feeds ? &in->feeds[f] : &none;
        fputs("| ", out);
        md_code(out, in->feed_names && in->feed_names[f] ? in->feed_names[f] : "(feed)");
        fprintf(out, " | %zu | %zu | %zu | %zu | %zu | %zu | %zu |\n", s->rows, s->stored, s->malformed,
                s->unknown_metric, s->out_of_range, s->duplicates, s->unsorted);
    }
}

/* The names of rows no metric received, after the feed table. */
static void md_unknown(FILE *out, const rpt_unknown_names *u)
{
    if (!u->count && !u->more)
        return;
    fputs("\nFeed rows naming no metric of the program:\n\n", out);
    for (size_t i = 0; i < u->count; i++) {
        const rpt_unknown_name *n = &u->shown[i];
        size_t alts = n->shared_count ? n->shared_count : n->did_you_mean ? 1 : 0;
        fputs("- ", out);
        md_code(out, n->name);
        fprintf(out, ": %zu %s%s", n->rows, rpt_plural(n->rows, "row", "rows"),
                n->shared_count ? "; ambiguous: write " : alts ? "; did you mean " : "");
        for (size_t k = 0; k < alts; k++) {
            fputs(k == 0 ? "" : k + 1 == alts ? " or " : ", ", out);
            md_code(out, n->shared_count ? n->shared[k] : n->did_you_mean);
        }
        fputs(!n->shared_count && alts ? "?\n" : "\n", out);
    }
    if (u->more)
        fprintf(out, "- %s\n", u->more);
}

/* A team: its table of objectives, then each objective in full. */
static void md_team(FILE *out, const rpt_team *team)
{
    fputs("\n### ", out);
    if (team->name) {
        fputs("Team ", out);
        md_text(out, team->name);
        if (team->title) {
            fputs(": ", out);
            md_text(out, team->title);
        }
        if (team->owner) {
            fputs(" (owner ", out);
            md_text(out, team->owner);
            fputc(')', out);
        }
    } else {
        fputs("Objectives without a team", out);
    }
    fputs("\n\n| Objective | Archetype | Score | Roll-up | Verdict |\n|---|---|---:|---:|---|\n", out);
    for (size_t k = 0; k < team->count; k++) {
        const rpt_objective *o = team->objectives[k];
        const okr_objective_grade *og = o->grade;
        fputs("| ", out);
        if (!og->healthy)
            fputs(md_symbol(RPT_TONE_BAD), out);
        fputs("**", out);
        md_text(out, og->objective->name.text);
        fputs("**", out);
        if (!og->healthy)
            fputs(" (unhealthy)", out);
        fprintf(out, " | %s | ", okr_archetype_name(og->archetype));
        if (o->scored)
            fprintf(out, "%.2f", og->score);
        else
            fputs("\xE2\x80\x94", out);
        /* The roll-up along alignment (report_rollup.c); a dash without one. */
        fprintf(out, " | %s | %s%s |\n", o->rollup ? o->rollup : "\xE2\x80\x94", md_symbol(o->tone), o->verdict);
    }
    for (size_t k = 0; k < team->count; k++)
        md_objective(out, team->objectives[k]);
}

int rpt_write_markdown(FILE *out, const rpt_model *model)
{
    const okr_report_input *in = model->in;
    char day[RPT_TEXT_LEN];
    rpt_format_date(in->result->grading_day, day, sizeof day);
    fprintf(out, "## OKR grades as of %s\n\n", day);
    for (size_t i = 0; i < model->cycle_count; i++) {
        fputs("- ", out);
        md_text(out, model->cycles[i].state);
        fputc('\n', out);
    }
    if (model->cycle_count)
        fputc('\n', out);
    md_attention(out, model);
    fprintf(out, "**Summary:** %s.\n\n", model->totals.summary);
    if (model->totals.checkins)
        fprintf(out, "**Check-ins:** %s.\n\n", model->totals.checkins);
    md_feeds(out, in);
    md_unknown(out, &model->unknown);
    for (size_t t = 0; t < model->team_count; t++)
        md_team(out, &model->teams[t]);
    rpt_md_history(out, model, md_text);
    fprintf(out, "\n<sub>okrc %s \xC2\xB7 scores grade goals, not people.</sub>\n", rpt_tool_version(in));
    return 0;
}
