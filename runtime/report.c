/* report.c: renders one grading result in the format asked for.
 *
 * The dispatcher of report.h: it derives the report's model once
 * (report_model.c) and hands it to the writer of the format
 * (report_text.c, report_json.c, report_markdown.c, report_html.c); the
 * writers never call each other. A write error anywhere is one -1. */
#include "report_internal.h"

#include <string.h>

int okr_report_format_parse(const char *name, okr_report_format *out)
{
    static const struct { const char *name; okr_report_format format; } names[] = {
        {"text", OKR_REPORT_TEXT}, {"json", OKR_REPORT_JSON},
        {"markdown", OKR_REPORT_MARKDOWN}, {"md", OKR_REPORT_MARKDOWN},
        {"html", OKR_REPORT_HTML},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(name, names[i].name) == 0) {
            *out = names[i].format;
            return 1;
        }
    }
    return 0;
}

int okr_report_write(FILE *out, okr_report_format format, const okr_report_input *in)
{
    if (!in || !in->result)
        return -1;
    rpt_model model;
    rpt_model_build(in, &model);
    int rc = 0;
    switch (format) {
    case OKR_REPORT_TEXT: rc = rpt_write_text(out, &model); break;
    case OKR_REPORT_JSON: rc = rpt_write_json(out, &model); break;
    case OKR_REPORT_MARKDOWN: rc = rpt_write_markdown(out, &model); break;
    case OKR_REPORT_HTML: rc = rpt_write_html(out, &model); break;
    }
    rpt_model_free(&model);
    if (fflush(out) != 0 || ferror(out))
        rc = -1;
    return rc;
}
