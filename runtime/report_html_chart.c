/* report_html_chart.c: the inline SVG chart of a key result or
 * counter-metric in the HTML report: the daily values over the cycle (read
 * from the store through rpt_daily_values), the baseline, the target, the
 * expected-progress line, the bound, the projection and the grading day,
 * with a legend and a text description for screen readers. Every level it
 * draws comes from the chart_spec the page writer (report_html.c) filled
 * from the report model; this file decides only scale and geometry. Output
 * is well-formed XML, as the whole page is. */
#include "report_html_chart.h"

#include <math.h>
#include <string.h>

/* Chart geometry, in SVG user units: a plot area with room for value
 * labels on the left, the legend above and date labels below. */
enum {
    CHART_W = 560,
    CHART_H = 250,
    CHART_ML = 74,
    CHART_MR = 18,
    CHART_MT = 40,
    CHART_MB = 30,
    CHART_PW = CHART_W - CHART_ML - CHART_MR,
    CHART_PH = CHART_H - CHART_MT - CHART_MB,
};
typedef struct chart_scale {
    long x0, x1;
    double y0, y1;
} chart_scale;

static double sx(const chart_scale *s, double day)
{
    if (s->x1 <= s->x0)
        return CHART_ML + CHART_PW / 2.0;
    return CHART_ML + (day - (double)s->x0) / (double)(s->x1 - s->x0) * CHART_PW;
}

static double sy(const chart_scale *s, double v)
{
    return CHART_MT + CHART_PH - (v - s->y0) / (s->y1 - s->y0) * CHART_PH;
}

/* A step that gives about four intervals over `span`: 1, 2 or 5 times a
 * power of ten, or for durations a step a reader counts in (15min, 6h,
 * 1d); from a day on, whole days (7d, 14d, 20d, then 1, 2 or 5 times a
 * power of ten days), which the tick labels write in days, as the key
 * result's levels usually are. */
static double nice_step(const okr_metric_decl *m, double span)
{
    double raw = span / 4;
    if (!(raw > 0))
        return 1;
    if (m && m->type == OKR_TYPE_DURATION && raw >= 1) {
        static const double steps[] = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800,
                                       21600, 43200, 86400, 172800, 432000, 604800, 864000, 1209600, 1728000};
        for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
            if (steps[i] >= raw)
                return steps[i];
        return 86400 * nice_step(NULL, span / 86400);
    }
    double mag = pow(10, floor(log10(raw)));
    double norm = raw / mag;
    return (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
}

static void include(double v, int *any, double *lo, double *hi)
{
    if (!isfinite(v))
        return;
    if (!*any || v < *lo)
        *lo = v;
    if (!*any || v > *hi)
        *hi = v;
    *any = 1;
}

/* Where the next legend entry goes; entries wrap to a second row. */
typedef struct legend_pos {
    double x, y;
} legend_pos;

/* One legend entry: a short line (or a dot) in the entry's style, then its label. */
static void legend_item(FILE *out, legend_pos *at, const char *label, const char *stroke, const char *dash, int dot)
{
    /* About 6 units a character at 11px. */
    double width = 22 + 6.0 * (double)strlen(label) + 14;
    if (at->x + width > CHART_W && at->x > 10) {
        at->x = 8;
        at->y += 15;
    }
    double x = at->x, y = at->y;
    at->x += width;
    if (dot) {
        fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"/>", x, y,
                x + 18, y, stroke);
        fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.8\" fill=\"%s\"/>", x + 9, y, stroke);
    } else {
        fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1.6\"%s%s%s/>",
                x, y, x + 18, y, stroke, dash ? " stroke-dasharray=\"" : "", dash ? dash : "", dash ? "\"" : "");
    }
    fprintf(out, "<text x=\"%.1f\" y=\"%.1f\">%s</text>", x + 22, y + 4, label);
}

/* A chart once its points are read: what it draws and where. */
typedef struct chart {
    const chart_spec *spec;
    unsigned id;       /* for its <title> and <desc> */
    size_t n;          /* points */
    long *days;
    double *values;
    chart_scale s;
    double step;       /* between value ticks */
    int too_wide;      /* the value axis would reach beyond what a double holds (1.7e308):
                          no value axis, nothing plotted but the grading day */
} chart;

/* The value range: everything drawn, padded, on tick boundaries. */
static void chart_fit(chart *ch)
{
    const chart_spec *c = ch->spec;
    int any = 0;
    double lo = 0, hi = 1;
    for (size_t i = 0; i < ch->n; i++)
        include(ch->values[i], &any, &lo, &hi);
    if (c->has_baseline)
        include(c->baseline, &any, &lo, &hi);
    if (c->has_target)
        include(c->target, &any, &lo, &hi);
    if (c->has_bound)
        include(c->bound, &any, &lo, &hi);
    if (c->has_projection && ch->n)
        include(c->projected, &any, &lo, &hi);
    if (!any) {
        lo = 0;
        hi = 1;
    }
    if (hi - lo < 1e-12) {
        double pad = fabs(lo) > 0 ? fabs(lo) * 0.1 : 1;
        lo -= pad;
        hi += pad;
    }
    double pad = (hi - lo) * 0.08;
    double plo = lo - pad, phi = hi + pad;
    /* Levels that cannot go below zero (or above 100%) do not get an axis that does. */
    if (lo >= 0 && plo < 0)
        plo = 0;
    if (c->metric && c->metric->type == OKR_TYPE_PERCENT && hi <= 100 && phi > 100)
        phi = 100;
    double step = nice_step(c->metric, phi - plo);
    ch->s = (chart_scale){c->start, c->end, floor(plo / step) * step, ceil(phi / step) * step};
    if (ch->s.y1 - ch->s.y0 < step)
        ch->s.y1 = ch->s.y0 + step;
    ch->step = step;
    /* Every coordinate must be a number: a range wider than a double holds
     * (or rounded out to a step beyond it) gets no value axis at all. */
    if (!isfinite(ch->s.y0) || !isfinite(ch->s.y1) || !isfinite(ch->s.y1 - ch->s.y0) || !isfinite(step)) {
        ch->too_wide = 1;
        ch->s.y0 = 0;
        ch->s.y1 = 1;
        ch->step = 1;
    }
}

/* The <svg> element with its <title> and <desc> for screen readers. */
static void chart_open(FILE *out, const chart *ch)
{
    const chart_spec *c = ch->spec;
    unsigned id = ch->id;
    fprintf(out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\" "
            "height=\"%d\" role=\"img\" aria-labelledby=\"chart%u-title chart%u-desc\">\n",
            CHART_W, CHART_H, CHART_W, CHART_H, id, id);
    fprintf(out, "<title id=\"chart%u-title\">", id);
    rpt_html_text(out, c->caption);
    fprintf(out, "</title>\n<desc id=\"chart%u-desc\">", id);
    char b1[RPT_TEXT_LEN], b2[RPT_TEXT_LEN];
    rpt_format_date(c->start, b1, sizeof b1);
    rpt_format_date(c->end, b2, sizeof b2);
    fprintf(out, "Daily values from %s to %s: %zu %s with data", b1, b2, ch->n, rpt_plural(ch->n, "day", "days"));
    if (ch->n) {
        rpt_format_value(c->metric, ch->values[ch->n - 1], b1, sizeof b1);
        rpt_html_text(out, ", latest ");
        rpt_html_text(out, b1);
    }
    fputs(".</desc>\n", out);
}

/* Plot area, the part of the cycle still to come, and the value grid. */
static void chart_grid(FILE *out, const chart *ch)
{
    const chart_spec *c = ch->spec;
    const chart_scale *s = &ch->s;
    double px0 = CHART_ML, px1 = CHART_ML + CHART_PW, py0 = CHART_MT;
    char b1[RPT_TEXT_LEN];
    fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n", px0, py0, CHART_PW,
            CHART_PH);
    if (!c->not_started && c->as_of < c->end) {
        double fx = sx(s, (double)c->as_of);
        fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"#f3f4f6\"/>\n", fx, py0,
                px1 - fx, CHART_PH);
    }
    for (int i = 0; !ch->too_wide; i++) {
        double v = s->y0 + ch->step * i;
        if (v > s->y1 + ch->step * 1e-6 || i > 40)
            break;
        double y = sy(s, v);
        fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e5e7eb\"/>", px0, y, px1, y);
        rpt_format_value_compact(c->metric, fabs(v) < ch->step * 1e-9 ? 0 : v, b1, sizeof b1);
        fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", px0 - 6, y + 4);
        rpt_html_text(out, b1);
        fputs("</text>\n", out);
    }
}

/* Date ticks: the cycle's ends and the first of the months between,
 * thinned so that labels never collide; then the axes. */
static void chart_dates(FILE *out, const chart *ch)
{
    const chart_spec *c = ch->spec;
    const chart_scale *s = &ch->s;
    double px0 = CHART_ML, px1 = CHART_ML + CHART_PW, py0 = CHART_MT, py1 = CHART_MT + CHART_PH;
    char b1[RPT_TEXT_LEN];
    long span_days = c->end - c->start;
    int month_step = span_days > 400 ? 3 : span_days > 200 ? 2 : 1;
    double last_x = -1000;
    for (long d = c->start; d <= c->end; d++) {
        int y, m, dd;
        rpt_date_split(d, &y, &m, &dd);
        int is_end = d == c->start || d == c->end;
        if (!is_end && !(dd == 1 && (m - 1) % month_step == 0))
            continue;
        double x = sx(s, (double)d);
        if (!is_end && (x - last_x < 48 || sx(s, (double)c->end) - x < 48))
            continue;
        if (d == c->end && x - last_x < 48 && last_x > px0 + 1)
            continue;
        fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#f0f0f0\"/>", x, py0, x, py1);
        fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#9ca3af\"/>", x, py1, x, py1 + 4);
        rpt_format_date_short(d, b1, sizeof b1);
        fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>\n", x, py1 + 17,
                d == c->start ? "start" : d == c->end ? "end" : "middle", b1);
        last_x = x;
    }
    fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#9ca3af\"/>", px0, py0, px0, py1);
    fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#9ca3af\"/>\n", px0, py1, px1, py1);
}

/* A horizontal or sloped reference line across the plot. */
static void chart_line(FILE *out, const chart *ch, double from, double to, const char *stroke, const char *width,
                       const char *dash)
{
    fprintf(out,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%s\" "
            "stroke-dasharray=\"%s\"/>\n",
            (double)CHART_ML, sy(&ch->s, from), (double)(CHART_ML + CHART_PW), sy(&ch->s, to), stroke, width, dash);
}

/* Baseline, target, expected progress, bound, and the grading day. */
static void chart_references(FILE *out, const chart *ch)
{
    const chart_spec *c = ch->spec;
    double px1 = CHART_ML + CHART_PW, py0 = CHART_MT, py1 = CHART_MT + CHART_PH;
    char b1[RPT_TEXT_LEN];
    if (c->has_baseline && !ch->too_wide)
        chart_line(out, ch, c->baseline, c->baseline, "#6b7280", "1.4", "6 4");
    if (c->has_target && !ch->too_wide)
        chart_line(out, ch, c->target, c->target, "#15803d", "1.6", "6 4");
    if (c->expected && !ch->too_wide)
        chart_line(out, ch, c->baseline, c->target, "#7c3aed", "1.4", "2 3");
    if (c->has_bound && !ch->too_wide)
        chart_line(out, ch, c->bound, c->bound, "#dc2626", "1.6", "6 4");
    if (!c->not_started) {
        double gx = sx(&ch->s, (double)c->as_of);
        fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#374151\" stroke-width=\"1.2\"/>",
                gx, py0, gx, py1);
        rpt_format_date_short(c->as_of, b1, sizeof b1);
        int right = gx > px1 - 60;
        fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s %s</text>\n", right ? gx - 4 : gx + 4,
                py0 + 12, right ? "end" : "start", c->as_of < c->end ? "as of" : "graded", b1);
    }
}

/* The observations, then the projection from the last one; or why there
 * are none. Days that broke the bound are drawn in red. */
static void chart_points(FILE *out, const chart *ch)
{
    const chart_spec *c = ch->spec;
    const chart_scale *s = &ch->s;
    size_t n = ch->n;
    if (!n || ch->too_wide) {
        /* The message (the model's words, ASCII) sits mid-plot, where a
         * lone bound or the expected line runs too: a white box (about 7
         * units a character at 13px) keeps the lines drawn before it out
         * of the words. */
        const char *msg = c->not_started ? "not started"
                          : ch->too_wide ? "values too large to draw"
                          : c->no_data   ? c->no_data
                                         : "no data";
        double cx = CHART_ML + CHART_PW / 2.0, cy = CHART_MT + CHART_PH / 2.0;
        double w = fmin(7.0 * (double)strlen(msg) + 16, CHART_PW);
        fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"22\" fill=\"#ffffff\"/>", cx - w / 2,
                cy - 16, w);
        fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" style=\"font-size:13px\">", cx, cy);
        rpt_html_text(out, msg);
        fputs("</text>\n", out);
        return;
    }
    if (c->has_projection) {
        fprintf(out,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#93c5fd\" stroke-width=\"1.6\" "
                "stroke-dasharray=\"4 3\"/>",
                sx(s, (double)ch->days[n - 1]), sy(s, ch->values[n - 1]), sx(s, (double)c->end), sy(s, c->projected));
        fprintf(out,
                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"#ffffff\" stroke=\"#2563eb\" stroke-width=\"1.5\"/>\n",
                sx(s, (double)c->end), sy(s, c->projected));
    }
    fputs("<polyline fill=\"none\" stroke=\"#2563eb\" stroke-width=\"2\" stroke-linejoin=\"round\" points=\"", out);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%s%.1f,%.1f", i ? " " : "", sx(s, (double)ch->days[i]), sy(s, ch->values[i]));
    fputs("\"/>\n", out);
    double r = n > 60 ? 1.8 : 2.6;
    for (size_t i = 0; i < n; i++) {
        int bad = c->has_bound && rpt_breaks_bound(c->at_least, c->bound, ch->values[i]);
        fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"/>", sx(s, (double)ch->days[i]),
                sy(s, ch->values[i]), bad ? r + 1 : r, bad ? "#dc2626" : "#2563eb");
    }
    fputc('\n', out);
}

/* The legend names only what was drawn. */
static void chart_legend(FILE *out, const chart *ch)
{
    const chart_spec *c = ch->spec;
    legend_pos at = {8, 12};
    int drawn = !ch->too_wide;
    if (drawn)
        legend_item(out, &at, "observed", "#2563eb", NULL, 1);
    if (c->has_baseline && drawn)
        legend_item(out, &at, "baseline", "#6b7280", "6 4", 0);
    if (c->has_target && drawn)
        legend_item(out, &at, "target", "#15803d", "6 4", 0);
    if (c->expected && drawn)
        legend_item(out, &at, "expected", "#7c3aed", "2 3", 0);
    if (c->has_bound && drawn)
        legend_item(out, &at, "bound", "#dc2626", "6 4", 0);
    if (c->has_projection && ch->n && drawn)
        legend_item(out, &at, "projection", "#93c5fd", "4 3", 0);
    if (!c->not_started)
        legend_item(out, &at, "grading day", "#374151", NULL, 0);
    fputs("\n</svg>\n", out);
}

void rpt_html_chart(FILE *out, const okr_report_input *in, okr_arena *arena, unsigned id, const chart_spec *c)
{
    chart ch = {c, id, 0, NULL, NULL, {0, 0, 0, 0}, 1, 0};
    if (!c->not_started && c->series)
        ch.n = rpt_daily_values(in, c->series, c->start, c->start, c->data_to < c->end ? c->data_to : c->end,
                                arena, &ch.days, &ch.values);
    chart_fit(&ch);
    chart_open(out, &ch);
    chart_grid(out, &ch);
    chart_dates(out, &ch);
    chart_references(out, &ch);
    chart_points(out, &ch);
    chart_legend(out, &ch);
}
