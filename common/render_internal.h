/* render_internal.h: what the diagnostic renderers share.
 *
 * Private to common/render*.c; render.h is the public face. render.c
 * chooses the renderer for a format (one file each: render_text.c,
 * render_json.c, render_sarif.c, render_github.c, render_gitlab.c) and holds what more than
 * one of them writes: the summary line (text and GitHub) and JSON strings
 * (JSON and SARIF). The small helpers are inline so that each renderer
 * reads on its own. */
#ifndef OKR_RENDER_INTERNAL_H
#define OKR_RENDER_INTERNAL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "render.h"

#ifndef OKRC_VERSION
#define OKRC_VERSION "0.0.0"
#endif

#include "strbuf.h"

/* ---- what every renderer reads ---- */

typedef struct render_ctx {
    FILE *out;
    const okr_diags *diags;
    const okr_source_table *sources;
    const okr_render_options *opts;
} render_ctx;

static inline const okr_source_file *span_file(const render_ctx *c, okr_span span)
{
    if (span.file == OKR_NO_FILE)
        return NULL;
    return okr_source_get(c->sources, span.file);
}

/* A span's end can be before its start only through a bug elsewhere; the
 * renderers treat such a span as empty rather than print nonsense. */
static inline uint32_t span_end(okr_span span)
{
    return span.end < span.start ? span.start : span.end;
}

static inline const char *level_name(okr_severity sev)
{
    switch (sev) {
    case OKR_SEV_ERROR: return "error";
    case OKR_SEV_WARNING: return "warning";
    case OKR_SEV_NOTE: return "note";
    case OKR_SEV_OFF: break;
    }
    return "none";
}

static inline const char *tool_version(const render_ctx *c)
{
    return c->opts->tool_version ? c->opts->tool_version : OKRC_VERSION;
}

static inline const char *plural(size_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}


/* ---- shared writers (render.c) ---- */

/* "okrc: 2 errors, 1 warning in 3 files": the last line of the text and
 * GitHub formats. */
void render_summary(const render_ctx *c);

/* A JSON string of `s`, with each byte that does not start a valid UTF-8
 * sequence replaced by U+FFFD (jansson refuses invalid UTF-8). */
json_t *render_jstr(const char *s);

static inline json_t *jint(uint64_t n)
{
    return json_integer((json_int_t)n);
}

/* Writes `root` indented, in insertion order, and a newline; frees it.
 * Returns 0, or -1 on a write error. */
int render_dump_json(const render_ctx *c, json_t *root);

/* ---- the renderers, one per format ---- */

void render_text(const render_ctx *c);
int render_json(const render_ctx *c);
int render_sarif(const render_ctx *c);
void render_github(const render_ctx *c);
int render_gitlab(const render_ctx *c);

#endif
