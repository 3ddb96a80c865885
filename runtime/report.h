/* report.h: grading reports people read (spec.md, "Reports").
 *
 * One result (grade.h), four renderings: a text table per team and
 * objective (colour on a terminal only), JSON with a documented stable
 * schema carrying every number the text shows, Markdown for a pull-request
 * comment, and one self-contained HTML file with an SVG chart per key
 * result. */
#ifndef OKR_REPORT_H
#define OKR_REPORT_H

#include <stdio.h>

#include "feed.h"
#include "grade.h"

typedef enum okr_report_format {
    OKR_REPORT_TEXT,
    OKR_REPORT_JSON,
    OKR_REPORT_MARKDOWN,
    OKR_REPORT_HTML,
} okr_report_format;

int okr_report_format_parse(const char *name, okr_report_format *out);

typedef struct okr_report_input {
    const okr_program *prog;
    const okr_store *store;
    const okr_grade_result *result;
    const okr_feed_stats *feeds;   /* one per feed name: what that --feed contributed */
    const char *const *feed_names; /* as given on the command line */
    size_t feed_count;
    int color;
    const char *tool_version;
} okr_report_input;

/* Returns 0, or -1 on a write error. */
int okr_report_write(FILE *out, okr_report_format format, const okr_report_input *in);

#endif
