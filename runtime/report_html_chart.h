/* report_html_chart.h: the HTML report's inline SVG charts (report_html_chart.c),
 * shared by the page writer (report_html.c). */
#ifndef OKR_REPORT_HTML_CHART_H
#define OKR_REPORT_HTML_CHART_H

#include "report_internal.h"

/* What one chart shows: a key result's or counter-metric's daily values
 * over the cycle with its reference lines. The page writer fills it from
 * the report model; the chart code decides only geometry. */
typedef struct chart_spec {
    const char *caption;        /* plain text: the chart's <title> */
    const okr_metric_decl *metric;
    const okr_series *series;
    long start, end;            /* the cycle */
    long as_of;                 /* the grading day, capped at the cycle's end */
    long data_to;               /* last day plotted: the effective day */
    int not_started;
    int has_baseline, has_target, expected, has_bound, at_least, has_projection;
    double baseline, target, bound, projected;
    const char *no_data;        /* why there is nothing to plot */
} chart_spec;

/* Writes the chart as an <svg> element; ID makes its <title> and <desc>
 * ids unique in the page. */
void rpt_html_chart(FILE *out, const okr_report_input *in, okr_arena *arena, unsigned id, const chart_spec *c);

#endif
