/* feed_fixture.h: the fixture the feed tests share (test_feed_*.c).
 *
 * A store for 2026-06-01 .. 2026-09-30 with metrics m (also bound as
 * team.m) and n, a feed context on it, and a mkdtemp() directory under
 * /tmp for the test's data files, removed by teardown. The helpers write
 * files there, read a feed argument ("%s/NAME" names a file in it), and
 * find a day's bucket or the i-th diagnostic. They are static inline, so a
 * test binary that uses only some of them compiles without warnings. */
#ifndef OKR_FEED_FIXTURE_H
#define OKR_FEED_FIXTURE_H

#include "unit.h"

#include <dirent.h>
#include <unistd.h>

#include "../../common/calendar.h"
#include "../../runtime/feed.h"

/* ---- fixture: a store for 2026-06-01 .. 2026-09-30 with metrics m and n ---- */

typedef struct fx {
    okr_arena arena;
    okr_diags diags;
    okr_source_table sources;
    okr_store store;
    okr_feed_ctx ctx;
    okr_metric_decl m, n;
    long first_day;
    char dir[64];
} fx;

static inline long day_of(int y, int mo, int d)
{
    long days = 0;
    assert_true(okr_calendar_days_from_date(y, mo, d, &days));
    return days;
}

static inline int64_t at(int y, int mo, int d, int h, int mi, int s)
{
    return (int64_t)day_of(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

static inline void fx_store(fx *f)
{
    okr_store_init(&f->store, &f->arena, f->first_day, day_of(2026, 9, 30));
    okr_store_bind(&f->store, &f->m, "team.m", "m");
    okr_store_bind(&f->store, &f->m, "team.m", "team.m");
    okr_store_bind(&f->store, &f->n, "team.n", "n");
    memset(&f->ctx, 0, sizeof f->ctx);
    f->ctx.store = &f->store;
    f->ctx.diags = &f->diags;
    f->ctx.sources = &f->sources;
    f->ctx.arena = &f->arena;
}

static inline int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    okr_arena_init(&f->arena);
    okr_diags_init(&f->diags, &f->arena);
    okr_source_init(&f->sources, &f->arena);
    f->m.type = OKR_TYPE_NUMBER;
    f->m.direction = OKR_DIR_INCREASING;
    f->m.name.text = "m";
    f->m.name.span.file = OKR_NO_FILE;
    f->n = f->m;
    f->n.name.text = "n";
    f->first_day = day_of(2026, 6, 1);
    fx_store(f);
    strcpy(f->dir, "/tmp/okr-feeds-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    *state = f;
    return 0;
}

static inline int teardown(void **state)
{
    fx *f = *state;
    DIR *d = opendir(f->dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char path[512];
            snprintf(path, sizeof path, "%s/%s", f->dir, e->d_name);
            unlink(path);
        }
        closedir(d);
    }
    rmdir(f->dir);
    okr_source_free(&f->sources);
    okr_arena_free(&f->arena);
    free(f);
    return 0;
}

static inline const char *path_of(fx *f, const char *name)
{
    return okr_arena_printf(&f->arena, "%s/%s", f->dir, name);
}

static inline const char *write_bytes(fx *f, const char *name, const char *bytes, size_t len)
{
    const char *path = path_of(f, name);
    FILE *out = fopen(path, "wb");
    assert_non_null(out);
    assert_int_equal(fwrite(bytes, 1, len, out), len);
    fclose(out);
    return path;
}

static inline const char *write_file(fx *f, const char *name, const char *text)
{
    return write_bytes(f, name, text, strlen(text));
}

/* Reads the feed named by `spec_text` (a path under the test's directory
 * is given as "%s/NAME"), returning okr_feed_read's result. */
static inline int read_spec(fx *f, const char *fmt)
{
    const char *text = okr_arena_printf(&f->arena, fmt, f->dir);
    okr_feed_spec spec;
    char err[256] = "";
    if (!okr_feed_spec_parse(&f->arena, text, &spec, err, sizeof err))
        fail_msg("spec '%s': %s", text, err);
    return okr_feed_read(&f->ctx, &spec);
}

static inline okr_obs_day *bucket(fx *f, const char *key, int y, int mo, int d)
{
    okr_series *s = okr_store_series_named(&f->store, key);
    assert_non_null(s);
    return &s->days[day_of(y, mo, d) - f->first_day];
}

/* The i-th diagnostic (report order), which must have this code and line. */
static inline const okr_diag *diag_at(fx *f, size_t i, okr_code code, uint32_t line)
{
    if (i >= f->diags.list.len)
        fail_msg("expected a diagnostic #%zu, have %zu", i, f->diags.list.len);
    const okr_diag *d = f->diags.list.items[i];
    if (d->code != code || d->span.start != line)
        fail_msg("diagnostic #%zu: %s at line %u (\"%s\"), expected %s at line %u", i,
                 okr_code_info_get(d->code)->code, d->span.start, d->message, okr_code_info_get(code)->code,
                 line);
    assert_true(d->help_count >= 1);
    return d;
}

static inline void assert_contains(const char *haystack, const char *needle)
{
    if (!strstr(haystack, needle))
        fail_msg("'%s' does not contain '%s'", haystack, needle);
}

#endif
