/* test_report_reader.c: report details a reader trips on, in every format
 * where each shows (spec.md, "Reports").
 *
 * As in test_report.c, the program comes from .okr text through the real
 * checker and the grading result is filled in by hand, so these tests pin
 * down what the writers show for a given result: who owns the team and
 * the objective; "no observations in the cycle" without "yet" once the
 * cycle is over; a task-style key result without a metric said as such,
 * with no chart; a no-data counter-metric chart whose bound line does not
 * cross its message; and value axes of a duration in days that count days,
 * not weeks. */
#include "report_fixture.h"

#include <jansson.h>

#include "calendar.h"
#include "program.h"
#include "report.h"
#include "report_internal.h"
#include "store.h"

static const char program_text[] =
    "team lab \"Lab\" owner \"Lab lead\"\n"
    "cycle 2026-Q3\n"
    "\n"
    "metric signups \"Sign-ups per week\" : count increasing\n"
    "metric refunds \"Refunds per week\" : count decreasing\n"
    "metric resolve \"Median time to resolve a support ticket\" : duration decreasing\n"
    "metric tickets \"Support tickets per week\" : count decreasing\n"
    "\n"
    "aspirational objective grow \"Grow the lab's reach\" {\n"
    "  owner \"Ana Ruiz\"\n"
    "  kr signups \"Grow weekly sign-ups\" : signups from 100 to 200\n"
    "  kr refunds \"Cut weekly refunds\" : refunds from 20 to 10\n"
    "  kr resolve \"Resolve tickets faster\" : resolve from 30d to 10d\n"
    "  kr \"Launch the onboarding checklist\" // okrc:allow OKR301 OKR302 -- a milestone kept on purpose\n"
    "  counter tickets at most 40\n"
    "}\n";

typedef struct fixture {
    okr_program prog;
    okr_arena arena;
    okr_store store;
    long start, end;
    okr_objective_grade objective;
    okr_kr_grade krs[4];
    okr_counter_grade counters[1];
    okr_grade_result result;
    okr_feed_stats feed;
    const char *feed_names[1];
    okr_report_input input;
} fixture;

static okr_series *bind(fixture *f, const okr_metric_decl *m)
{
    return bind_metric(&f->store, &f->arena, "lab", m);
}

static void observe(fixture *f, okr_series *s, long day, double value)
{
    observe_at(&f->store, s, day, value);
}

/* Graded on 2026-08-15 (day 46 of 92): sign-ups scored, refunds with a
 * row before the cycle only, resolve in days, the task-style key result,
 * and the tickets counter-metric bound to a feed with no rows. */
static fixture *fx_new(void)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    okr_program_init(&f->prog);
    okr_program_add_text(&f->prog, "lab.okr", program_text, strlen(program_text));
    okr_program_check(&f->prog);
    assert_int_equal(f->prog.diags.errors, 0);
    okr_arena_init(&f->arena);
    f->start = day_of(2026, 7, 1);
    f->end = day_of(2026, 9, 30);
    okr_store_init(&f->store, &f->arena, f->start - 7, f->end);
    okr_objective *grow = f->prog.objectives.items[0];
    assert_int_equal(grow->krs.len, 4);
    okr_kr *signups = grow->krs.items[0], *refunds = grow->krs.items[1], *resolve = grow->krs.items[2];
    okr_kr *task = grow->krs.items[3];
    assert_null(task->metric_decl);
    okr_counter *tickets = grow->counters.items[0];
    okr_series *s_sign = bind(f, signups->metric_decl), *s_ref = bind(f, refunds->metric_decl);
    okr_series *s_res = bind(f, resolve->metric_decl), *s_tk = bind(f, tickets->metric_decl);
    long g = day_of(2026, 8, 15);
    observe(f, s_sign, day_of(2026, 7, 6), 120);
    observe(f, s_sign, day_of(2026, 8, 10), 150);
    observe(f, s_ref, f->start - 3, 25);
    observe(f, s_res, day_of(2026, 7, 6), 28 * 86400.0);
    observe(f, s_res, day_of(2026, 8, 10), 21 * 86400.0);

    okr_kr_grade *k = f->krs;
    k[0] = (okr_kr_grade){.kr = signups, .series = s_sign, .observations = 2, .has_baseline = 1, .has_current = 1,
                          .has_target = 1, .baseline = 100, .current = 150, .target = 200, .has_score = 1,
                          .score = 0.5, .progress = 0.5, .expected = 0.5, .status = OKR_STATUS_ON_TRACK,
                          .effective_day = g};
    k[1] = (okr_kr_grade){.kr = refunds, .series = s_ref, .has_baseline = 1, .has_target = 1, .baseline = 20,
                          .target = 10, .verdict = OKR_VERDICT_NO_DATA, .effective_day = g};
    k[2] = (okr_kr_grade){.kr = resolve, .series = s_res, .observations = 2, .has_baseline = 1, .has_current = 1,
                          .has_target = 1, .baseline = 30 * 86400.0, .current = 21 * 86400.0,
                          .target = 10 * 86400.0, .has_score = 1, .score = 0.45, .progress = 0.45,
                          .expected = 0.5, .status = OKR_STATUS_AT_RISK, .effective_day = g};
    k[3] = (okr_kr_grade){.kr = task, .verdict = OKR_VERDICT_NO_DATA, .effective_day = g};
    f->counters[0] = (okr_counter_grade){.counter = tickets, .series = s_tk, .has_bound = 1, .bound = 40};
    f->objective = (okr_objective_grade){.objective = grow, .archetype = OKR_ARCH_ASPIRATIONAL, .krs = k,
                                         .kr_count = 4, .counters = f->counters, .counter_count = 1, .graded = 2,
                                         .has_score = 1, .score = 0.475, .verdict = OKR_VERDICT_NONE,
                                         .status = OKR_STATUS_AT_RISK, .healthy = 1, .in_progress = 1,
                                         .as_of_day = g, .elapsed = 46.0 / 92};
    f->result = (okr_grade_result){.grading_day = g, .at_given = 1, .objectives = &f->objective,
                                   .objective_count = 1};
    f->feed = (okr_feed_stats){.rows = 5, .stored = 5};
    f->feed_names[0] = "metrics.csv";
    f->input = (okr_report_input){.prog = &f->prog, .store = &f->store, .result = &f->result, .feeds = &f->feed,
                                  .feed_names = f->feed_names, .feed_count = 1, .tool_version = "0.1.0"};
    return f;
}

/* The cycle over: graded on 2026-10-05, as of its end. */
static void fx_cycle_over(fixture *f)
{
    f->result.grading_day = day_of(2026, 10, 5);
    f->objective.in_progress = 0;
    f->objective.as_of_day = f->end;
    f->objective.elapsed = 1;
    f->objective.status = OKR_STATUS_NONE;
    f->objective.verdict = OKR_VERDICT_PARTIAL;
    for (size_t i = 0; i < f->objective.kr_count; i++) {
        f->krs[i].status = OKR_STATUS_NONE;
        f->krs[i].effective_day = f->end;
    }
}

static void fx_free(fixture *f)
{
    okr_arena_free(&f->arena);
    okr_program_free(&f->prog);
    free(f);
}

static json_t *parse(const char *text)
{
    json_error_t err;
    json_t *root = json_loads(text, 0, &err);
    if (!root)
        fail_msg("JSON does not parse: %s at line %d", err.text, err.line);
    return root;
}

static json_t *json_team(json_t *root)
{
    return json_array_get(json_object_get(root, "teams"), 0);
}

static json_t *json_kr(json_t *root, size_t i)
{
    json_t *obj = json_array_get(json_object_get(json_team(root), "objectives"), 0);
    return json_array_get(json_object_get(obj, "key_results"), i);
}

/* The SVG of the chart whose <figcaption> starts with `caption`, as a
 * string the caller frees. */
static char *chart_of(const char *html, const char *caption)
{
    const char *fig = strstr(html, caption);
    if (!fig)
        fail_msg("no chart captioned \"%s\"", caption);
    const char *svg = strstr(fig, "<svg "), *end = strstr(fig, "</svg>");
    assert_non_null(svg);
    assert_non_null(end);
    return strndup(svg, (size_t)(end - svg));
}

/* ---- owners ---- */

static void test_owners(void **state)
{
    (void)state;
    fixture *f = fx_new();
    char *text = render(&f->input, OKR_REPORT_TEXT);
    assert_contains(text, "== team lab: Lab (owner Lab lead) ==");
    assert_contains(text, "  grow  [aspirational, 2026-Q3]  owner Ana Ruiz\n");
    free(text);

    text = render(&f->input, OKR_REPORT_JSON);
    json_t *root = parse(text);
    assert_string_equal(json_string_value(json_object_get(json_team(root), "owner")), "Lab lead");
    json_t *obj = json_array_get(json_object_get(json_team(root), "objectives"), 0);
    assert_string_equal(json_string_value(json_object_get(obj, "owner")), "Ana Ruiz");
    json_decref(root);
    free(text);

    text = render(&f->input, OKR_REPORT_MARKDOWN);
    assert_contains(text, "### Team lab: Lab (owner Lab lead)\n");
    assert_contains(text, "aspirational, 2026-Q3 \xC2\xB7 owner Ana Ruiz \xC2\xB7 graded 2 of 4 key results");
    free(text);

    text = render(&f->input, OKR_REPORT_HTML);
    assert_contains(text, "<h2>Lab <span class=\"muted\">team lab \xC2\xB7 owner Lab lead</span></h2>");
    assert_contains(text, "<span class=\"badge\">owner Ana Ruiz</span>");
    free(text);
    fx_free(f);
}

/* ---- no observations in the cycle ---- */

static void test_no_observations_wording(void **state)
{
    (void)state;
    fixture *f = fx_new();
    /* While the cycle runs, observations may still come. */
    char *text = render(&f->input, OKR_REPORT_TEXT);
    assert_contains(text, "(no observations in the cycle yet)");
    free(text);

    /* Once it is over, none will: no "yet", in any format. */
    fx_cycle_over(f);
    static const okr_report_format formats[] = {OKR_REPORT_TEXT, OKR_REPORT_JSON, OKR_REPORT_MARKDOWN,
                                                OKR_REPORT_HTML};
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        text = render(&f->input, formats[i]);
        assert_contains(text, "no observations in the cycle");
        assert_lacks(text, "in the cycle yet");
        free(text);
    }
    text = render(&f->input, OKR_REPORT_JSON);
    json_t *root = parse(text);
    assert_string_equal(json_string_value(json_object_get(json_kr(root, 1), "no_data_reason")),
                        "no observations in the cycle");
    json_decref(root);
    free(text);
    fx_free(f);
}

/* ---- a task-style key result ---- */

static void test_no_metric(void **state)
{
    (void)state;
    fixture *f = fx_new();
    char *text = render(&f->input, OKR_REPORT_TEXT);
    assert_contains(text, "no metric (task-style KR)");
    assert_contains(text, "no data (no metric to read)");
    assert_lacks(text, "? -> ? -> ?");
    assert_lacks(text, "not bound to any feed");
    free(text);

    text = render(&f->input, OKR_REPORT_JSON);
    json_t *root = parse(text);
    json_t *task = json_kr(root, 3);
    assert_true(json_is_null(json_object_get(task, "metric")));
    assert_string_equal(json_string_value(json_object_get(task, "no_data_reason")), "no metric to read");
    json_decref(root);
    free(text);

    text = render(&f->input, OKR_REPORT_MARKDOWN);
    assert_contains(text, "| no metric (task-style KR) | \xE2\x80\x94 | no data (no metric to read) |");
    assert_lacks(text, "? \xE2\x86\x92 ? \xE2\x86\x92 ?");
    free(text);

    /* HTML: said in the table; no chart, which would have nothing to plot. */
    text = render(&f->input, OKR_REPORT_HTML);
    assert_contains(text, "<td class=\"num\">no metric (task-style KR)</td>");
    assert_lacks(text, "? \xE2\x86\x92 ? \xE2\x86\x92 ?");
    assert_int_equal(count(text, "<svg "), 4); /* three key results with a metric, one counter-metric */
    assert_lacks(text, "<b>#4</b>");
    free(text);
    fx_free(f);
}

/* ---- charts ---- */

/* The chart of a counter-metric without data draws its bound; the
 * message says why there is no data, and the bound line must not run
 * through it: a white box sits behind the message, drawn over the line. */
static void test_no_data_counter_chart(void **state)
{
    (void)state;
    fixture *f = fx_new();
    char *html = render(&f->input, OKR_REPORT_HTML);
    char *svg = chart_of(html, "<b>counter-metric</b> <code>tickets</code>");
    double lx1, ly, lx2, ly2;
    const char *line = strstr(svg, "stroke=\"#dc2626\" stroke-width=\"1.6\"");
    assert_non_null(line);
    const char *start = line;
    while (start > svg && strncmp(start, "<line ", 6) != 0)
        start--;
    assert_int_equal(sscanf(start, "<line x1=\"%lf\" y1=\"%lf\" x2=\"%lf\" y2=\"%lf\"", &lx1, &ly, &lx2, &ly2), 4);
    const char *msg = strstr(svg, ">no data: no feed row names this metric</text>");
    assert_non_null(msg);
    while (msg > svg && strncmp(msg, "<text ", 6) != 0)
        msg--;
    double tx, ty;
    assert_int_equal(sscanf(msg, "<text x=\"%lf\" y=\"%lf\"", &tx, &ty), 2);
    /* The line crosses the message's height (13px text: ty - 13 .. ty + 4)... */
    assert_true(ly > ty - 13 && ly < ty + 4);
    /* ... so a white box over the line covers the message. */
    const char *box = strstr(line, "<rect ");
    assert_non_null(box);
    assert_true(box < msg);
    double bx, by, bw, bh;
    assert_int_equal(sscanf(box, "<rect x=\"%lf\" y=\"%lf\" width=\"%lf\" height=\"%lf\" fill=\"#ffffff\"", &bx, &by,
                            &bw, &bh),
                     4);
    assert_true(by <= ty - 13 && by + bh >= ty + 4);
    assert_true(bx < tx - 100 && bx + bw > tx + 100);
    free(svg);
    free(html);
    fx_free(f);
}

/* A duration written in days is charted in days: value ticks like 14d,
 * never 2w, and never a zero in seconds among them. */
static void test_days_axis(void **state)
{
    (void)state;
    fixture *f = fx_new();
    char *html = render(&f->input, OKR_REPORT_HTML);
    char *svg = chart_of(html, "<b>resolve</b>");
    assert_contains(svg, "d</text>");
    for (const char *p = strstr(svg, "text-anchor=\"end\">"); p; p = strstr(p + 1, "text-anchor=\"end\">")) {
        const char *label = p + strlen("text-anchor=\"end\">");
        size_t n = strcspn(label, "<");
        if (n && (label[n - 1] == 'w' || (n == 2 && strncmp(label, "0s", 2) == 0)))
            fail_msg("a tick counts in weeks or seconds: %.*s\n%s", (int)n, label, svg);
    }
    free(svg);
    free(html);

    /* The compact value itself, for a chart's ticks. */
    okr_metric_decl dur = {.type = OKR_TYPE_DURATION};
    char buf[RPT_TEXT_LEN];
    rpt_format_value_compact(&dur, 14 * 86400.0, buf, sizeof buf);
    assert_string_equal(buf, "14d");
    rpt_format_value_compact(&dur, 28 * 86400.0, buf, sizeof buf);
    assert_string_equal(buf, "28d");
    rpt_format_value_compact(&dur, 0, buf, sizeof buf);
    assert_string_equal(buf, "0");
    rpt_format_value_compact(&dur, 5400, buf, sizeof buf);
    assert_string_equal(buf, "1h 30min");
    fx_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_owners),
        cmocka_unit_test(test_no_observations_wording),
        cmocka_unit_test(test_no_metric),
        cmocka_unit_test(test_no_data_counter_chart),
        cmocka_unit_test(test_days_axis),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
