/* fuzz_grade.c: arbitrary bytes -> a program and a CSV feed, graded as
 * `okrc grade --at DAY` grades them, with the report written in every
 * format (text with colour, JSON, Markdown, HTML with its SVG charts).
 *
 * The input is the program (files separated by a line "//@file", as in
 * fuzz_check.c), then a line "//@feed" and the CSV feed. Without the feed
 * marker there is no feed (the store stays empty). As in the CLI, a program
 * with errors or without a valid cycle is not graded; nor is one that grades
 * a metric bound to a native function (that needs --allow-native and a real
 * library). Each program is graded on two days: in the middle of the
 * grading range (a check-in) and after its end (final grades). */
#include "fuzz_common.h"
#include "fuzz_program.h"

#include "../../checker/program.h"
#include "../../runtime/bind.h"
#include "../../runtime/feed.h"
#include "../../runtime/grade.h"
#include "../../runtime/report.h"

enum { MAX_PARTS = 8 };

#define FILE_MARKER "\n//@file\n"
#define FEED_MARKER "\n//@feed\n"

static int grades_native_metric(const okr_program *prog)
{
    for (size_t i = 0; i < prog->objectives.len; i++) {
        const okr_objective *obj = prog->objectives.items[i];
        for (size_t j = 0; j < obj->krs.len; j++) {
            const okr_kr *kr = obj->krs.items[j];
            if (kr->metric_decl && kr->metric_decl->more->via.text)
                return 1;
        }
        for (size_t j = 0; j < obj->counters.len; j++) {
            const okr_counter *c = obj->counters.items[j];
            if (c->metric_decl && c->metric_decl->more->via.text)
                return 1;
        }
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static fuzz_file feed_file;
    const char *text = (const char *)data, *end = text + size;
    const char *feed = fuzz_find(text, end, FEED_MARKER);
    const char *program_end = feed ? feed : end;

    okr_program prog;
    fuzz_program_init(&prog);
    const char *p = text;
    for (size_t n = 0; n < MAX_PARTS; n++) {
        const char *cut = n + 1 < MAX_PARTS ? fuzz_find(p, program_end, FILE_MARKER) : NULL;
        char path[32];
        snprintf(path, sizeof path, "fuzz/%zu.okr", n);
        okr_program_add_text(&prog, path, p, (size_t)((cut ? cut : program_end) - p));
        if (!cut)
            break;
        p = cut + strlen(FILE_MARKER);
    }
    okr_program_check(&prog);
    long first_day = 0, last_day = 0;
    if (prog.diags.errors || !okr_bind_range(&prog, &first_day, &last_day) ||
        last_day - first_day >= OKR_MAX_GRADING_DAYS || grades_native_metric(&prog)) {
        okr_program_free(&prog);
        return 0;
    }

    okr_store store;
    okr_store_init(&store, &prog.arena, first_day, last_day);
    okr_bind_metrics(&prog, &store);
    okr_diags feed_diags;
    okr_diags_init(&feed_diags, &prog.arena);
    okr_feed_ctx ctx = {.store = &store, .diags = &feed_diags, .sources = &prog.sources, .arena = &prog.arena};
    const char *feed_names[1] = {"fuzz.csv"};
    size_t feed_count = 0;
    if (feed) {
        const char *feed_text = feed + strlen(FEED_MARKER);
        okr_feed_spec spec = {
            .kind = OKR_FEED_CSV,
            .text = "fuzz.csv",
            .location = fuzz_file_write(&feed_file, "okrc-grade.csv", feed_text, (size_t)(end - feed_text)),
            .col_metric = "metric",
            .col_time = "timestamp",
            .col_value = "value",
        };
        feed_count = 1;
        if (okr_feed_read(&ctx, &spec) != 0) { /* the CLI stops here */
            okr_program_free(&prog);
            return 0;
        }
    }

    FILE *null = fuzz_devnull();
    const long days[2] = {first_day + (last_day - first_day) / 2, last_day + 10};
    for (size_t d = 0; d < 2; d++) {
        okr_grade_result result;
        okr_grade(&prog, &store, days[d], 1, &prog.arena, &result);
        static const okr_report_format formats[] = {OKR_REPORT_TEXT, OKR_REPORT_JSON, OKR_REPORT_MARKDOWN,
                                                    OKR_REPORT_HTML};
        for (size_t f = 0; f < sizeof formats / sizeof formats[0]; f++) {
            okr_report_input in = {
                .prog = &prog,
                .store = &store,
                .result = &result,
                .feeds = &ctx.stats,
                .feed_names = feed_names,
                .feed_count = feed_count,
                .color = formats[f] == OKR_REPORT_TEXT,
                .tool_version = "fuzz",
            };
            okr_report_write(null, formats[f], &in);
        }
    }
    okr_program_free(&prog);
    return 0;
}
