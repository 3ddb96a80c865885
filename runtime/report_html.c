/* report_html.c: the grading report as one self-contained HTML page.
 *
 * The page is meant to be mailed, attached to a review or printed, so it
 * needs nothing but itself: the CSS is inline, there is no script, and
 * every chart is inline SVG (drawn by report_html_chart.c). It says what the text report says,
 * in the same words and with the same numbers, because both read the same
 * rows of the report model (report_model.c), plus a chart per key result
 * and per counter-metric: the daily values over the cycle (read from the
 * store through rpt_daily_values), the baseline, the target, the expected-
 * progress line, the bound, the grading day. Nothing here re-derives a
 * grading fact: levels, bounds, the lag and which side of a bound is bad
 * come from the model.
 *
 * The markup is also well-formed XML (every element closed, attributes
 * quoted, user text escaped), so `xmllint --noout` can check any report
 * and a reader's browser never has to guess. */
#include "report_internal.h"
#include "report_html_chart.h"

#include <string.h>

#include <utf8proc.h>

typedef struct html {
    FILE *out;
    const okr_report_input *in;
    const rpt_model *model;
    okr_arena *arena;
    unsigned next_id; /* unique ids for each chart's <title> and <desc> */
} html;

/* ================================================================ escaping */

/* User text as XML character data or attribute value: markup characters
 * become references, control characters XML forbids become spaces, and a
 * byte that is not UTF-8 (a path from the command line) becomes U+FFFD. */
static void h_text(FILE *out, const char *s)
{
    if (!s)
        return;
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0) {
            fputs("\xEF\xBF\xBD", out);
            i++;
            continue;
        }
        switch (cp) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        default:
            if ((cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0x7f || cp == 0xFFFE || cp == 0xFFFF)
                fputc(' ', out);
            else
                fwrite(s + i, 1, (size_t)n, out);
        }
        i += (size_t)n;
    }
}

void rpt_html_text(FILE *out, const char *s)
{
    h_text(out, s);
}

const char *rpt_html_tone_class(rpt_tone tone)
{
    switch (tone) {
    case RPT_TONE_GOOD: return "good";
    case RPT_TONE_MIXED: return "mixed";
    case RPT_TONE_BAD: return "bad";
    case RPT_TONE_NONE: break;
    }
    return "none";
}

/* ================================================================ style */

static void h_style(FILE *out)
{
    fputs("<style>\n"
          ":root{--good:#15803d;--good-bg:#dcfce7;--mixed:#b45309;--mixed-bg:#fef3c7;--bad:#b91c1c;"
          "--bad-bg:#fee2e2;--none:#6b7280;--none-bg:#f3f4f6;--ink:#111827;--muted:#6b7280;--line:#e5e7eb}\n"
          "*{box-sizing:border-box}\n"
          "body{margin:0;background:#f8fafc;color:var(--ink);"
          "font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;"
          "-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
          ".page{max-width:1160px;margin:0 auto;padding:28px 24px 40px}\n"
          "h1{font-size:26px;margin:0 0 4px;letter-spacing:-0.01em}\n"
          "h2{font-size:20px;margin:36px 0 12px;padding-bottom:6px;border-bottom:2px solid var(--ink)}\n"
          "h3{font-size:17px;margin:0;display:inline}\n"
          "h4{font-size:13px;margin:18px 0 6px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}\n"
          ".muted{color:var(--muted);font-weight:normal}\n"
          ".sub{color:var(--muted);margin:0 0 18px}\n"
          ".tiles{display:flex;flex-wrap:wrap;gap:10px;margin:0 0 18px}\n"
          ".tile{background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px 14px;min-width:130px}\n"
          ".tile b{display:block;font-size:22px;line-height:1.2}\n"
          ".tile span{color:var(--muted);font-size:12px}\n"
          ".tile.bad{border-color:var(--bad);background:var(--bad-bg)}\n"
          ".tile.bad b{color:var(--bad)}\n"
          ".alerts{background:var(--bad-bg);border:1px solid var(--bad);border-radius:8px;padding:10px 16px;margin:0 0 18px}\n"
          ".alerts h2{font-size:15px;margin:0 0 6px;border:0;padding:0;color:var(--bad)}\n"
          ".alerts ul{margin:0;padding-left:20px}\n"
          "table{border-collapse:collapse;width:100%;background:#fff}\n"
          "th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}\n"
          "th{font-size:12px;color:var(--muted);font-weight:600;background:#f9fafb}\n"
          "td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
          "table.meta{margin:0 0 14px;border:1px solid var(--line);border-radius:8px}\n"
          ".objective{background:#fff;border:1px solid var(--line);border-left:6px solid var(--none);"
          "border-radius:8px;padding:16px 18px;margin:0 0 18px;break-inside:avoid-page}\n"
          ".objective.tone-good{border-left-color:var(--good)}\n"
          ".objective.tone-mixed{border-left-color:var(--mixed)}\n"
          ".objective.tone-bad{border-left-color:var(--bad)}\n"
          ".objective.unhealthy{border:2px solid var(--bad);border-left:6px solid var(--bad)}\n"
          ".banner{background:var(--bad);color:#fff;font-weight:600;border-radius:4px;padding:4px 10px;margin:0 0 10px}\n"
          ".statement{margin:6px 0 10px;font-style:italic;color:#374151}\n"
          ".badge{display:inline-block;font-size:12px;padding:1px 8px;border-radius:10px;margin-left:6px;"
          "background:var(--none-bg);color:#374151;vertical-align:2px}\n"
          ".good{color:var(--good)}\n.mixed{color:var(--mixed)}\n.bad{color:var(--bad)}\n.none{color:var(--none)}\n"
          ".pill{display:inline-block;font-weight:600;font-size:12px;padding:1px 8px;border-radius:10px;white-space:nowrap}\n"
          ".pill.good{background:var(--good-bg)}\n.pill.mixed{background:var(--mixed-bg)}\n"
          ".pill.bad{background:var(--bad-bg)}\n.pill.none{background:var(--none-bg)}\n"
          ".scoreline{display:flex;flex-wrap:wrap;align-items:center;gap:10px;margin:4px 0 12px}\n"
          ".score{font-size:26px;font-weight:700;font-variant-numeric:tabular-nums}\n"
          ".bar{display:inline-block;width:140px;height:10px;background:var(--line);border-radius:5px;overflow:hidden;"
          "vertical-align:middle}\n"
          ".bar.small{width:70px;height:6px}\n"
          ".bar span{display:block;height:100%;background:var(--none)}\n"
          ".bar span.good{background:var(--good)}\n.bar span.mixed{background:var(--mixed)}\n"
          ".bar span.bad{background:var(--bad)}\n"
          ".kr-title{font-weight:600}\n"
          ".detail{color:var(--muted);font-size:12px}\n"
          "code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f3f4f6;padding:0 4px;border-radius:3px}\n"
          ".charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(440px,1fr));gap:12px;margin-top:12px}\n"
          "figure{margin:0;border:1px solid var(--line);border-radius:6px;padding:8px;background:#fff;break-inside:avoid}\n"
          "figcaption{font-size:12px;color:#374151;margin:0 0 2px}\n"
          "svg.chart{width:100%;height:auto;display:block}\n"
          "svg.chart text{font-size:11px;fill:#4b5563;font-family:inherit}\n"
          "footer{color:var(--muted);font-size:12px;margin-top:28px;border-top:1px solid var(--line);padding-top:10px}\n"
          "@media print{body{background:#fff}.page{padding:0;max-width:none}.objective{break-inside:avoid}"
          "h2{break-after:avoid}}\n",
          out);
    rpt_html_checkin_style(out);
    fputs("</style>\n", out);
}

/* ================================================================ charts */

/* The SVG charts are drawn by report_html_chart.c. */
static void h_chart(html *h, const chart_spec *c)
{
    rpt_html_chart(h->out, h->in, h->arena, h->next_id++, c);
}

/* ================================================================ page parts */

static void h_pill(FILE *out, rpt_tone tone, const char *text)
{
    fprintf(out, "<span class=\"pill %s\">", rpt_html_tone_class(tone));
    h_text(out, text);
    fputs("</span>", out);
}

void rpt_html_pill(FILE *out, rpt_tone tone, const char *text)
{
    h_pill(out, tone, text);
}

static void h_bar(FILE *out, double score, rpt_tone tone, int small)
{
    double pct = score <= 0 ? 0 : score >= 1 ? 100 : score * 100;
    fprintf(out, "<span class=\"bar%s\"><span class=\"%s\" style=\"width:%.0f%%\"></span></span>", small ? " small" : "",
            rpt_html_tone_class(tone), pct);
}

static void h_tile(FILE *out, const char *value, const char *label, int bad)
{
    fprintf(out, "<div class=\"tile%s\"><b>", bad ? " bad" : "");
    h_text(out, value);
    fputs("</b><span>", out);
    h_text(out, label);
    fputs("</span></div>\n", out);
}

static void h_tiles(FILE *out, const rpt_totals *t)
{
    char buf[64];
    fputs("<div class=\"tiles\">\n", out);
    snprintf(buf, sizeof buf, "%zu", t->objectives);
    h_tile(out, buf, rpt_plural(t->objectives, "objective", "objectives"), 0);
    snprintf(buf, sizeof buf, "%zu", t->unhealthy);
    h_tile(out, buf, "unhealthy", t->unhealthy > 0);
    snprintf(buf, sizeof buf, "%zu", t->committed_failed);
    h_tile(out, buf, "committed failed", t->committed_failed > 0);
    snprintf(buf, sizeof buf, "%zu of %zu", t->scored, t->key_results);
    h_tile(out, buf, "key results scored", 0);
    snprintf(buf, sizeof buf, "%zu", t->no_data);
    h_tile(out, buf, "without data", 0);
    snprintf(buf, sizeof buf, "%zu of %zu", t->breaches, t->counters);
    h_tile(out, buf, "counter-metrics breached", t->breaches > 0);
    fputs("</div>\n", out);
}

/* What needs attention first: breaches and failed committed objectives. */
static void h_alerts(FILE *out, const rpt_model *model)
{
    int any = 0;
    for (size_t ti = 0; ti < model->team_count; ti++) {
        for (size_t k = 0; k < model->teams[ti].count; k++) {
            const rpt_objective *o = model->teams[ti].objectives[k];
            const okr_objective_grade *og = o->grade;
            for (size_t c = 0; c < og->counter_count; c++) {
                const rpt_counter_row *row = &o->counters[c];
                if (!row->grade->breached)
                    continue;
                if (!any++)
                    fputs("<section class=\"alerts\">\n<h2>Needs attention</h2>\n<ul>\n", out);
                fputs("<li><b>", out);
                h_text(out, o->qualified);
                fputs("</b> is unhealthy: counter-metric <code>", out);
                h_text(out, row->metric);
                fputs("</code> (", out);
                h_text(out, row->bound_text);
                fputs(") breached ", out);
                h_text(out, row->breach);
                fputs(".</li>\n", out);
            }
            if (og->archetype == OKR_ARCH_COMMITTED && og->verdict == OKR_VERDICT_FAILED) {
                if (!any++)
                    fputs("<section class=\"alerts\">\n<h2>Needs attention</h2>\n<ul>\n", out);
                fputs("<li>Committed objective <b>", out);
                h_text(out, o->qualified);
                fputs(og->in_progress ? "</b> is failing" : "</b> failed", out);
                if (og->has_score)
                    fprintf(out, " (score %.2f)", og->score);
                fputs(".</li>\n", out);
            }
        }
    }
    if (any)
        fputs("</ul>\n</section>\n", out);
}

static void h_cycles(FILE *out, const rpt_model *model)
{
    fputs("<table class=\"meta\">\n<thead><tr><th>Cycle</th><th>Dates</th><th>State on the grading day</th></tr></thead>\n<tbody>\n",
          out);
    for (size_t i = 0; i < model->cycle_count; i++) {
        const rpt_cycle *rc = &model->cycles[i];
        char d1[RPT_TEXT_LEN], d2[RPT_TEXT_LEN], g[RPT_TEXT_LEN];
        rpt_format_date(rc->cycle->start_day, d1, sizeof d1);
        rpt_format_date(rc->cycle->end_day, d2, sizeof d2);
        rpt_format_date(rc->as_of_day, g, sizeof g);
        fputs("<tr><td>", out);
        h_text(out, rc->cycle->label);
        fprintf(out, "</td><td>%s to %s</td><td>", d1, d2);
        if (rc->not_started)
            fprintf(out, "not started (starts %s): nothing graded", d1);
        else if (rc->in_progress)
            fprintf(out, "cycle still running: check-in as of %s (day %ld of %ld); scores are provisional", g,
                    rc->as_of_day - rc->cycle->start_day + 1, rc->cycle->end_day - rc->cycle->start_day + 1);
        else
            fprintf(out, "as of the cycle's end (%s)", d2);
        fputs("</td></tr>\n", out);
    }
    fputs("</tbody>\n</table>\n", out);
}

static void h_feeds(FILE *out, const okr_report_input *in, const rpt_totals *t)
{
    fputs("<table class=\"meta\">\n<thead><tr><th>Feed</th><th class=\"num\">Rows</th><th class=\"num\">Stored</th>"
          "<th class=\"num\">Malformed skipped</th><th class=\"num\">Unknown metric</th><th class=\"num\">Out of range</th>"
          "<th class=\"num\">Duplicates</th><th class=\"num\">Unsorted</th></tr></thead>\n<tbody>\n",
          out);
    if (!in->feed_count)
        fputs("<tr><td colspan=\"8\">No feed was read: every key result has no data.</td></tr>\n", out);
    for (size_t f = 0; f < in->feed_count; f++) {
        okr_feed_stats none = {0};
        const okr_feed_stats *s = in->feeds ? &in->feeds[f] : &none;
        fputs("<tr><td><code>", out);
        h_text(out, in->feed_names && in->feed_names[f] ? in->feed_names[f] : "(feed)");
        fprintf(out,
                "</code></td><td class=\"num\">%zu</td><td class=\"num\">%zu</td><td class=\"num\">%zu</td>"
                "<td class=\"num\">%zu</td><td class=\"num\">%zu</td><td class=\"num\">%zu</td><td class=\"num\">%zu</td></tr>\n",
                s->rows, s->stored, s->malformed, s->unknown_metric, s->out_of_range, s->duplicates, s->unsorted);
    }
    if (in->feed_count > 1) {
        const okr_feed_stats *s = &t->feeds;
        fprintf(out,
                "<tr><td><b>total</b></td><td class=\"num\">%zu</td><td class=\"num\">%zu</td><td class=\"num\">%zu</td>"
                "<td class=\"num\">%zu</td><td class=\"num\">%zu</td><td class=\"num\">%zu</td><td class=\"num\">%zu</td></tr>\n",
                s->rows, s->stored, s->malformed, s->unknown_metric, s->out_of_range, s->duplicates, s->unsorted);
    }
    fputs("</tbody>\n</table>\n", out);
}

/* The names of rows no metric received, after the feed table. */
static void h_unknown(FILE *out, const rpt_unknown_names *u)
{
    if (!u->count && !u->more)
        return;
    fputs("<p class=\"sub\">Feed rows naming no metric of the program:</p>\n<ul class=\"sub\">\n", out);
    for (size_t i = 0; i < u->count; i++) {
        const rpt_unknown_name *n = &u->shown[i];
        size_t alts = n->shared_count ? n->shared_count : n->did_you_mean ? 1 : 0;
        fputs("<li><code>", out);
        h_text(out, n->name);
        fprintf(out, "</code>: %zu %s%s", n->rows, rpt_plural(n->rows, "row", "rows"),
                n->shared_count ? "; ambiguous: write " : alts ? "; did you mean " : "");
        for (size_t k = 0; k < alts; k++) {
            fputs(k == 0 ? "<code>" : k + 1 == alts ? " or <code>" : ", <code>", out);
            h_text(out, n->shared_count ? n->shared[k] : n->did_you_mean);
            fputs("</code>", out);
        }
        fputs(!n->shared_count && alts ? "?</li>\n" : "</li>\n", out);
    }
    if (u->more) {
        fputs("<li>", out);
        h_text(out, u->more);
        fputs("</li>\n", out);
    }
    fputs("</ul>\n", out);
}

static void h_header(html *h)
{
    FILE *out = h->out;
    const okr_grade_result *r = h->in->result;
    const rpt_totals *t = &h->model->totals;
    char day[RPT_TEXT_LEN];
    rpt_format_date(r->grading_day, day, sizeof day);
    fprintf(out, "<header>\n<h1>OKR grades <span class=\"muted\">as of %s</span></h1>\n", day);
    fprintf(out, "<p class=\"sub\">Grading day %s (%s) \xC2\xB7 generated by okrc ", day,
            r->at_given ? "given with --at" : "today");
    h_text(out, rpt_tool_version(h->in));
    fputs("</p>\n", out);
    h_tiles(out, t);
    h_alerts(out, h->model);
    rpt_html_map(out, h->model, h_text); /* the alignment map, before the details */
    h_cycles(out, h->model);
    h_feeds(out, h->in, t);
    h_unknown(out, &h->model->unknown);
    fputs("<p class=\"sub\">", out);
    h_text(out, t->summary);
    fprintf(out, "; exit status %d.</p>\n", t->exit_status);
    rpt_html_checkin_summary(out, t);
    fputs("</header>\n", out);
}

static void h_kr_row(FILE *out, const rpt_kr_row *row)
{
    const okr_kr_grade *kg = row->grade;
    const okr_kr *kr = kg->kr;
    fputs("<tr><td><span class=\"kr-title\">", out);
    h_text(out, row->heading);
    fputs("</span>", out);
    if (row->title) {
        fputs(": ", out);
        h_text(out, row->title);
    }
    if (row->owner && !row->owner_inherited) {
        /* Its own owner; an inherited one is shown with the objective. */
        fputs(" <span class=\"badge\">owner ", out);
        h_text(out, row->owner);
        fputs("</span>", out);
    }
    fputs("<div class=\"detail\"><code>", out);
    h_text(out, row->metric);
    fprintf(out, "</code> \xC2\xB7 %s", row->observations);
    if (kr->has_weight) {
        char wbuf[RPT_TEXT_LEN];
        rpt_format_number(kr->more->weight.value, 0, wbuf, sizeof wbuf);
        fprintf(out, " \xC2\xB7 weight %s", wbuf);
    }
    fputs("</div></td>\n<td class=\"num\">", out);
    h_text(out, row->values_arrow);
    fputs("</td>\n<td class=\"num\">", out);
    if (!row->score) {
        fputs("<span class=\"none\">\xE2\x80\x94</span>", out);
    } else {
        fprintf(out, "%s ", row->score);
        h_bar(out, kg->score, row->tone, 1);
    }
    fputs("</td>\n<td>", out);
    if (!kg->has_current) {
        if (row->not_started) {
            h_pill(out, RPT_TONE_NONE, "not started");
        } else {
            h_pill(out, RPT_TONE_NONE, "no data");
            fputs("<div class=\"detail\">", out);
            h_text(out, row->no_data_reason);
            fputs("</div>", out);
        }
    } else {
        if (row->state)
            h_pill(out, row->state_tone, row->state);
        if (*row->details_brief) {
            fputs("<div class=\"detail\">", out);
            h_text(out, row->details_brief);
            fputs("</div>", out);
        }
    }
    fputs("</td></tr>\n", out);
}

static void h_counter_row(FILE *out, const rpt_counter_row *row)
{
    const okr_counter_grade *cg = row->grade;
    fputs("<tr><td><code>", out);
    h_text(out, row->metric);
    fputs("</code></td><td>", out);
    h_text(out, row->bound_text);
    fputs("</td><td class=\"num\">", out);
    h_text(out, row->current);
    fputs("</td><td>", out);
    if (cg->breached) {
        h_pill(out, RPT_TONE_BAD, "breached");
        fputc(' ', out);
        h_text(out, row->breach);
    } else if (cg->has_current) {
        h_pill(out, RPT_TONE_GOOD, "holding");
    } else if (row->not_started) {
        h_pill(out, RPT_TONE_NONE, "not started");
    } else {
        h_pill(out, RPT_TONE_NONE, "no data");
        fputs(" <span class=\"detail\">", out);
        h_text(out, row->no_data_reason);
        fputs("</span>", out);
    }
    fprintf(out, "</td><td class=\"num\">%zu</td></tr>\n", cg->observations);
}

/* A key result without a metric has nothing to plot, ever: no chart. */
static void h_kr_chart(html *h, const rpt_objective *o, const rpt_kr_row *row)
{
    const okr_kr_grade *kg = row->grade;
    const okr_cycle_decl *cyc = o->grade->objective->cycle;
    chart_spec c = {0};
    if (row->no_metric)
        return;
    c.caption = okr_arena_printf(h->arena, "%s: %s, %s", row->heading, row->metric, row->values_arrow);
    c.metric = kg->kr->metric_decl;
    c.series = kg->series;
    c.start = cyc->start_day;
    c.end = cyc->end_day;
    c.as_of = o->grade->as_of_day;
    c.data_to = kg->effective_day;
    c.not_started = row->not_started;
    if (row->bound) {
        c.has_bound = row->has_bound;
        c.bound = row->bound_value;
        c.at_least = row->at_least;
    } else {
        c.has_baseline = row->has_baseline;
        c.baseline = row->baseline;
        c.has_target = row->has_target;
        c.target = row->target;
        c.expected = c.has_baseline && c.has_target && !kg->kr->is_hypothesis;
    }
    c.has_projection = kg->has_projection;
    c.projected = kg->projected;
    c.no_data = okr_arena_printf(h->arena, "no data: %s", row->empty_reason);

    fputs("<figure>\n<figcaption><b>", h->out);
    h_text(h->out, row->heading);
    fputs("</b> \xC2\xB7 <code>", h->out);
    h_text(h->out, row->metric);
    fputs("</code> \xC2\xB7 ", h->out);
    h_text(h->out, row->values_arrow);
    fputs("</figcaption>\n", h->out);
    h_chart(h, &c);
    fputs("</figure>\n", h->out);
}

static void h_counter_chart(html *h, const rpt_objective *o, const rpt_counter_row *row)
{
    const okr_counter_grade *cg = row->grade;
    const okr_cycle_decl *cyc = o->grade->objective->cycle;
    chart_spec c = {0};
    c.caption = okr_arena_printf(h->arena, "counter-metric %s: %s%s", row->metric, row->bound_text,
                                 cg->breached ? ", breached" : "");
    c.metric = cg->counter->metric_decl;
    c.series = cg->series;
    c.start = cyc->start_day;
    c.end = cyc->end_day;
    c.as_of = o->grade->as_of_day;
    c.data_to = row->data_to;
    c.not_started = row->not_started;
    c.has_bound = row->has_bound;
    c.bound = row->bound_value;
    c.at_least = row->at_least;
    c.no_data = okr_arena_printf(h->arena, "no data: %s", row->empty_reason);

    fputs("<figure>\n<figcaption><b>counter-metric</b> <code>", h->out);
    h_text(h->out, row->metric);
    fputs("</code> \xC2\xB7 ", h->out);
    h_text(h->out, row->bound_text);
    if (cg->breached)
        fputs(" \xC2\xB7 <span class=\"bad\">breached</span>", h->out);
    fputs("</figcaption>\n", h->out);
    h_chart(h, &c);
    fputs("</figure>\n", h->out);
}

/* The card's head: name, badges, statement, and the score line. */
static void h_objective_head(FILE *out, const rpt_objective *o)
{
    const okr_objective_grade *og = o->grade;
    const okr_objective *obj = og->objective;
    fputs("<div><h3>", out);
    h_text(out, obj->name.text);
    fputs("</h3>", out);
    fprintf(out, "<span class=\"badge\">%s</span>", okr_archetype_name(og->archetype));
    if (obj->cycle && obj->cycle->label) {
        fputs("<span class=\"badge\">", out);
        h_text(out, obj->cycle->label);
        fputs("</span>", out);
    }
    if (obj->owner->text) {
        fputs("<span class=\"badge\">owner ", out);
        h_text(out, obj->owner->text);
        fputs("</span>", out);
    }
    fputs("</div>\n", out);
    if (obj->statement.text) {
        fputs("<p class=\"statement\">", out);
        h_text(out, obj->statement.text);
        fputs("</p>\n", out);
    }

    fputs("<div class=\"scoreline\">", out);
    if (o->scored) {
        fprintf(out, "<span class=\"score %s\">%.2f</span>", rpt_html_tone_class(o->tone), og->score);
        h_bar(out, og->score, o->tone, 0);
    } else if (og->archetype != OKR_ARCH_LEARNING) {
        fputs("<span class=\"score none\">no score</span>", out);
    }
    h_pill(out, o->tone, o->verdict);
    fprintf(out, "<span class=\"muted\">%s", o->graded);
    if (o->show_day)
        fprintf(out, " \xC2\xB7 day %ld of %ld of the cycle (%.0f%% elapsed)", o->day, o->days, og->elapsed * 100);
    fputs("</span></div>\n", out);
}

static void h_objective(html *h, const rpt_objective *o)
{
    FILE *out = h->out;
    const okr_objective_grade *og = o->grade;
    const okr_objective *obj = og->objective;
    /* The id is the alignment map's link target: by program position. */
    fprintf(out, "<article class=\"objective tone-%s%s\" id=\"objective-%zu\">\n", rpt_html_tone_class(o->tone),
            og->healthy ? "" : " unhealthy", (size_t)(o - h->model->objectives) + 1);
    if (!og->healthy)
        fprintf(out, "<div class=\"banner\">Unhealthy: %zu of %zu counter-%s breached</div>\n", o->breached,
                og->counter_count, rpt_plural(og->counter_count, "metric", "metrics"));
    h_objective_head(out, o);
    if (og->kr_count) {
        fprintf(out,
                "<table class=\"krs\">\n<thead><tr><th>%s</th><th class=\"num\">Baseline \xE2\x86\x92 Current \xE2\x86\x92 "
                "Target</th><th class=\"num\">Score</th><th>Status</th></tr></thead>\n<tbody>\n",
                og->archetype == OKR_ARCH_LEARNING ? "Hypothesis" : "Key result");
        for (size_t i = 0; i < og->kr_count; i++)
            h_kr_row(out, &o->krs[i]);
        fputs("</tbody>\n</table>\n", out);
        rpt_html_checkins(out, o);
    }
    if (og->counter_count) {
        fputs("<h4>Counter-metrics</h4>\n<table class=\"counters\">\n<thead><tr><th>Metric</th><th>Bound</th>"
              "<th class=\"num\">Current</th><th>State</th><th class=\"num\">Observations</th></tr></thead>\n<tbody>\n",
              out);
        for (size_t i = 0; i < og->counter_count; i++)
            h_counter_row(out, &o->counters[i]);
        fputs("</tbody>\n</table>\n", out);
    }
    rpt_html_contributors(out, o, h_text);
    size_t charted = og->counter_count;
    for (size_t i = 0; i < og->kr_count; i++)
        charted += !o->krs[i].no_metric;
    if (charted && obj->cycle && obj->cycle->ok) {
        fputs("<div class=\"charts\">\n", out);
        for (size_t i = 0; i < og->kr_count; i++)
            h_kr_chart(h, o, &o->krs[i]);
        for (size_t i = 0; i < og->counter_count; i++)
            h_counter_chart(h, o, &o->counters[i]);
        fputs("</div>\n", out);
    }
    fputs("</article>\n", out);
}

int rpt_write_html(FILE *out, const rpt_model *model)
{
    const okr_report_input *in = model->in;
    okr_arena arena;
    okr_arena_init(&arena);
    html h = {out, in, model, &arena, 1};
    char day[RPT_TEXT_LEN];
    rpt_format_date(in->result->grading_day, day, sizeof day);
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n",
          out);
    fputs("<meta name=\"generator\" content=\"okrc ", out);
    h_text(out, rpt_tool_version(in));
    fprintf(out, "\"/>\n<title>OKR grades as of %s</title>\n", day);
    h_style(out);
    rpt_html_map_style(out);
    fputs("</head>\n<body>\n<div class=\"page\">\n", out);
    h_header(&h);
    fputs("<main>\n", out);
    for (size_t t = 0; t < model->team_count; t++) {
        const rpt_team *team = &model->teams[t];
        /* Anchors by position: unique whatever the names, and linkable. */
        fprintf(out, "<section class=\"team\" id=\"team-%zu\">\n<h2>", t + 1);
        if (team->title) {
            h_text(out, team->title);
            fputs(" <span class=\"muted\">team ", out);
            h_text(out, team->name);
            if (team->owner) {
                fputs(" \xC2\xB7 owner ", out);
                h_text(out, team->owner);
            }
            fputs("</span>", out);
        } else if (team->name) {
            fputs("Team ", out);
            h_text(out, team->name);
            if (team->owner) {
                fputs(" <span class=\"muted\">owner ", out);
                h_text(out, team->owner);
                fputs("</span>", out);
            }
        } else {
            fputs("Objectives without a team", out);
        }
        fputs("</h2>\n", out);
        for (size_t k = 0; k < team->count; k++)
            h_objective(&h, team->objectives[k]);
        fputs("</section>\n", out);
    }
    rpt_html_history(out, model);
    fputs("</main>\n<footer>Scores grade goals, not people. Generated by okrc ", out);
    h_text(out, rpt_tool_version(in));
    fputs(" from the OKR files and metric feeds above.</footer>\n</div>\n</body>\n</html>\n", out);
    okr_arena_free(&arena);
    return ferror(out) ? -1 : 0;
}
