/* render.h: the one place that turns diagnostic records into output.
 *
 * diag.c records findings; this module writes them, already sorted and
 * capped by okr_diags_finish(), in one of five formats: gcc-style text with
 * a source snippet and carets for people, a JSON document for scripts,
 * SARIF 2.1.0 for code-scanning services, GitHub Actions workflow
 * commands for inline annotations, and a GitLab Code Quality report. Each shows a diagnostic's fixes (text:
 * the changed lines; JSON and SARIF: the edits; GitHub: a help line;
 * GitLab: the help lines in the description). All five take line and column from
 * okr_source_position(), so a position means the same in every format. */
#ifndef OKR_RENDER_H
#define OKR_RENDER_H

#include <stddef.h>
#include <stdio.h>

#include "diag.h"
#include "source.h"

typedef enum okr_format {
    OKR_FORMAT_TEXT,
    OKR_FORMAT_JSON,
    OKR_FORMAT_SARIF,
    OKR_FORMAT_GITHUB,
    OKR_FORMAT_GITLAB
} okr_format;

/* "text", "json", "sarif", "github" or "gitlab"; returns 1 and sets *out, or 0 if the
 * name is unknown. */
int okr_format_parse(const char *name, okr_format *out);

typedef struct okr_render_options {
    okr_format format;
    int color;                /* text only: ANSI colours */
    size_t files_checked;     /* for the summary */
    const char *tool_version; /* e.g. "0.1.0" */
} okr_render_options;

/* Writes all diagnostics of `diags` in the chosen format; returns 0, or -1
 * on a write error. */
int okr_render(FILE *out, const okr_diags *diags, const okr_source_table *sources,
               const okr_render_options *opts);

/* Colour decision used by the CLI: "always" -> 1, "never" -> 0, "auto" ->
 * isatty(fd) && TERM set and != "dumb" && NO_COLOR unset or empty. Returns
 * -1 for an unknown word. */
int okr_color_decide(const char *when, int fd);

#endif
