/* fuzz_feed.h: the body shared by fuzz_csv.c and fuzz_jsonl.c.
 *
 * The input is written to a memfd and read as a feed file, twice: without
 * and with --strict-feeds, each time into a fresh store for 2026-01-01 ..
 * 2026-12-31 bound to a few hand-made metrics under the names a program
 * would give them (bare, TEAM.NAME, a `source` name), including names of
 * the seed feeds so that seeds reach the store. The feed's diagnostics are
 * then finished and rendered (text and JSON) to /dev/null, as the CLI does
 * after a read. fuzz_sqlite.c reads its databases the same way. */
#ifndef OKR_FUZZ_FEED_H
#define OKR_FUZZ_FEED_H

#include "fuzz_common.h"

#include "../../common/calendar.h"
#include "../../common/render.h"
#include "../../runtime/feed.h"

static const char *const fuzz_feed_keys[][3] = {
    /* metric, qualified name, extra key */
    {"m", "team.m", "team.m"},
    {"n", "team.n", "n source"},
    {"d7_activation", "growth.d7_activation", "growth.d7_activation"},
    {"nps", "company.nps", "nps"},
    {"up", "lab.up", "lab.up"},
    {"down", "lab.down", "signups"},
    {"availability", "platform.availability", "company.arr"},
};
enum { FUZZ_FEED_METRICS = sizeof fuzz_feed_keys / sizeof fuzz_feed_keys[0] };

/* Reads the feed `spec` names into a fresh store, checks the store and
 * the statistics, and renders the diagnostics. */
static inline void fuzz_feed_read_spec(const okr_feed_spec *spec, int strict)
{
    okr_arena arena;
    okr_source_table sources;
    okr_diags diags;
    okr_store store;
    okr_arena_init(&arena);
    okr_source_init(&sources, &arena);
    okr_diags_init(&diags, &arena);
    long first = 0, last = 0;
    if (!okr_calendar_days_from_date(2026, 1, 1, &first) || !okr_calendar_days_from_date(2026, 12, 31, &last))
        fuzz_die("okr_date_to_days");
    okr_store_init(&store, &arena, first, last);
    okr_metric_decl *metrics = okr_arena_alloc(&arena, FUZZ_FEED_METRICS * sizeof *metrics);
    for (size_t i = 0; i < FUZZ_FEED_METRICS; i++) {
        okr_metric_decl *m = &metrics[i];
        m->name.text = fuzz_feed_keys[i][0];
        m->name.span.file = OKR_NO_FILE;
        m->type = i % 2 ? OKR_TYPE_PERCENT : OKR_TYPE_NUMBER;
        m->direction = i % 3 ? OKR_DIR_INCREASING : OKR_DIR_DECREASING;
        m->owner_name = "team";
        okr_store_bind(&store, m, fuzz_feed_keys[i][1], fuzz_feed_keys[i][0]);
        okr_store_bind(&store, m, fuzz_feed_keys[i][1], fuzz_feed_keys[i][1]);
        okr_store_bind(&store, m, fuzz_feed_keys[i][1], fuzz_feed_keys[i][2]);
    }
    okr_feed_ctx ctx = {.store = &store, .diags = &diags, .sources = &sources, .arena = &arena, .strict = strict};
    int rc = okr_feed_read(&ctx, spec);
    if (rc != 0 && rc != -1)
        fuzz_die("okr_feed_read returned neither 0 nor -1");
    if (ctx.stats.stored + ctx.stats.duplicates + ctx.stats.out_of_range + ctx.stats.unknown_metric +
            ctx.stats.malformed > ctx.stats.rows + 1)
        fuzz_die("feed statistics count more outcomes than rows");
    /* Every stored observation is in some bucket of its series. */
    for (size_t i = 0; i < store.series.len; i++) {
        const okr_series *s = store.series.items[i];
        size_t in_buckets = 0;
        for (long d = 0; d < store.ndays; d++)
            in_buckets += s->days[d].count;
        if (in_buckets != s->rows)
            fuzz_die("a series' buckets do not hold its rows");
    }
    okr_diags_finish(&diags);
    FILE *null = fuzz_devnull();
    okr_render_options ro = {.format = OKR_FORMAT_TEXT, .color = 1, .files_checked = 1, .tool_version = "fuzz"};
    okr_render(null, &diags, &sources, &ro);
    ro.format = OKR_FORMAT_JSON;
    ro.color = 0;
    okr_render(null, &diags, &sources, &ro);
    okr_source_free(&sources);
    okr_arena_free(&arena);
}

static inline void fuzz_feed_read_once(okr_feed_kind kind, const char *path, int strict)
{
    okr_feed_spec spec = {
        .kind = kind,
        .text = kind == OKR_FEED_CSV ? "fuzz.csv" : "fuzz.jsonl",
        .location = path,
        .col_metric = "metric",
        .col_time = "timestamp",
        .col_value = "value",
    };
    fuzz_feed_read_spec(&spec, strict);
}

static inline void fuzz_feed(okr_feed_kind kind, const uint8_t *data, size_t size)
{
    static fuzz_file feed_file;
    const char *path = fuzz_file_write(&feed_file, kind == OKR_FEED_CSV ? "okrc-feed.csv" : "okrc-feed.jsonl", data, size);
    fuzz_feed_read_once(kind, path, 0);
    fuzz_feed_read_once(kind, path, 1);
}

#endif
