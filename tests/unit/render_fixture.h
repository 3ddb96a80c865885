/* render_fixture.h: what the renderer tests share (test_render.c,
 * test_render_gitlab.c): a source table and a diagnostics list built by
 * hand, no parser involved, and spans found by the text they cover.
 *
 * Header-only, as report_fixture.h: each test binary is one translation
 * unit, so these are static and each binary uses them all. */
#ifndef OKR_RENDER_FIXTURE_H
#define OKR_RENDER_FIXTURE_H

#include "unit.h"

#include "diag.h"
#include "source.h"

typedef struct fixture {
    okr_arena arena;
    okr_source_table sources;
    okr_diags diags;
} fixture;

static fixture *fx_new(void)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    okr_arena_init(&f->arena);
    okr_source_init(&f->sources, &f->arena);
    okr_diags_init(&f->diags, &f->arena);
    return f;
}

static void fx_free(fixture *f)
{
    okr_source_free(&f->sources);
    okr_arena_free(&f->arena);
    free(f);
}

static uint32_t fx_add(fixture *f, const char *path, const char *text)
{
    return okr_source_add(&f->sources, path, text, strlen(text), 0);
}

/* The span of the n-th (0-based) occurrence of `needle` in file `file`. */
static okr_span fx_span_nth(fixture *f, uint32_t file, const char *needle, int n)
{
    const char *text = okr_source_get(&f->sources, file)->text;
    const char *at = strstr(text, needle);
    for (; at && n > 0; n--)
        at = strstr(at + 1, needle);
    assert_non_null(at);
    uint32_t start = (uint32_t)(at - text);
    return okr_span_make(file, start, start + (uint32_t)strlen(needle));
}

#endif
