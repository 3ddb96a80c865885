/* corpus_row.h: one row of the task-style corpus (tests/corpus/README.md)
 * as a program, shared by test_corpus.c and the model trainer's feature
 * dump (tests/corpus/dump_features.c), so both check the same text.
 *
 * A row is 8 tab-separated columns: style, title, metric_name,
 * metric_description, type, direction, target, expected. The program is a
 * team, a cycle, the metric (when named) and one objective with the key
 * result; a bound target makes the objective committed, anything else
 * aspirational, so that no archetype rule fires. */
#ifndef OKR_CORPUS_ROW_H
#define OKR_CORPUS_ROW_H

#include <stdio.h>
#include <string.h>

enum { COLS = 8 };
enum { C_STYLE, C_TITLE, C_METRIC, C_DESC, C_TYPE, C_DIR, C_TARGET, C_LABEL };

/* Splits a TSV line in place; returns the number of columns. */
static inline int corpus_row_split(char *line, char **cols)
{
    int n = 0;
    cols[n++] = line;
    for (char *p = line; *p && n < COLS + 1; p++) {
        if (*p == '\t') {
            *p = '\0';
            cols[n++] = p + 1;
        }
    }
    char *nl = strpbrk(cols[n - 1], "\r\n");
    if (nl)
        *nl = '\0';
    return n;
}

static inline void corpus_row_escape(char *out, size_t cap, const char *in)
{
    size_t n = 0;
    for (; *in && n + 2 < cap; in++) {
        if (*in == '"' || *in == '\\')
            out[n++] = '\\';
        out[n++] = *in;
    }
    out[n] = '\0';
}

static inline void corpus_row_program(char **c, char *text, size_t cap)
{
    char title[1024], desc[1024];
    corpus_row_escape(title, sizeof title, c[C_TITLE]);
    corpus_row_escape(desc, sizeof desc, c[C_DESC]);
    const char *metric = c[C_METRIC], *type = c[C_TYPE], *dir = c[C_DIR], *target = c[C_TARGET];
    const char *archetype = strncmp(target, "at ", 3) == 0 ? "committed" : "aspirational";
    int n = snprintf(text, cap, "team t\ncycle 2026-Q3\n");
    if (*metric)
        n += snprintf(text + n, cap - (size_t)n, "metric %s \"%s\" : %s %s\n", metric, desc, type, dir);
    n += snprintf(text + n, cap - (size_t)n, "%s objective o \"Make customers succeed\" {\n", archetype);
    if (*metric)
        n += snprintf(text + n, cap - (size_t)n, "  kr \"%s\" : %s %s\n", title, metric, target);
    else
        n += snprintf(text + n, cap - (size_t)n, "  kr \"%s\"\n", title);
    snprintf(text + n, cap - (size_t)n, "}\n");
}

#endif
