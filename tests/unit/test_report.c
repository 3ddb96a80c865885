/* test_report.c: unit tests of the grading reports (the model in
 * runtime/report_model.c and the writers runtime/report_*.c).
 *
 * The program comes from .okr text through the real checker, so the
 * report sees resolved metrics, cycles and labels as `okrc grade` would;
 * the store gets a few observations by hand; but the grading result is
 * filled in BY HAND, so these tests pin down what the reports show for a
 * given result and do not move when grading's rules do (grade.c has its
 * own tests). Each format is rendered into memory with open_memstream:
 * text and Markdown are searched for the strings a reader relies on, JSON
 * is parsed back with jansson, HTML is checked for its charts, its
 * escaping and for having no outside references. */
#include "report_fixture.h"

#include <math.h>

#include <jansson.h>

#include "calendar.h"
#include "program.h"
#include "report.h"
#include "report_internal.h"
#include "store.h"

static const char program_text[] =
    "team growth \"Growth\" owner \"Dana Lee\"\n"
    "cycle 2026-Q3\n"
    "\n"
    "metric activation \"Share of new accounts that reach the activation milestone\" : percent increasing\n"
    "metric time_to_value \"Median time from sign-up to first value\" : duration decreasing\n"
    "metric arr \"Annual recurring revenue\" : money(USD) increasing\n"
    "metric tickets \"Support tickets opened per week\" : count decreasing\n"
    "metric availability \"Share of minutes the API answered\" : percent increasing\n"
    "metric conversion \"Share of trials that convert to paid\" : percent increasing\n"
    "\n"
    "committed objective reliable \"Customers can rely on the product every day\" {\n"
    "  kr uptime \"Keep availability at least 99.9%\" : availability at least 99.9%\n"
    "  kr revenue \"Grow ARR from $100k to $120k\" : arr from 100000 to 120000\n"
    "}\n"
    "\n"
    "aspirational objective onboarding \"New customers see their own data come alive quickly\" {\n"
    "  kr activation \"Raise activation <script>alert(1)</script> | fast\" : activation from 22% to 35%\n"
    "  kr ttv \"Cut median time to first value from 3 days to 1 day\" : time_to_value from 3d to 1d\n"
    "  counter tickets at most 120\n"
    "}\n"
    "\n"
    "learning objective pricing \"Understand what self-serve buyers value enough to pay for\" {\n"
    "  hypothesis annual \"An annual plan lifts trial-to-paid conversion\" : conversion from 10% to 13%\n"
    "  hypothesis monthly \"Monthly discounts lift conversion too\" : conversion from 10% to 12%\n"
    "}\n";

typedef struct fixture {
    okr_program prog;
    okr_arena arena; /* the store's and the hand-made result's */
    okr_store store;
    long start, end; /* the cycle, 2026-07-01 .. 2026-09-30 */
    okr_objective_grade objectives[3];
    okr_kr_grade krs_reliable[2], krs_onboarding[2], krs_pricing[2];
    okr_counter_grade counters_onboarding[1];
    okr_grade_result result;
    okr_feed_stats feed;
    const char *feed_names[1];
    okr_report_input input;
} fixture;

static okr_objective *objective_named(okr_program *prog, const char *name)
{
    for (size_t i = 0; i < prog->objectives.len; i++) {
        okr_objective *o = prog->objectives.items[i];
        if (strcmp(o->name.text, name) == 0)
            return o;
    }
    fail_msg("no objective %s", name);
    return NULL;
}

static okr_series *bind(fixture *f, const okr_metric_decl *m)
{
    return bind_metric(&f->store, &f->arena, "growth", m);
}

static void observe(fixture *f, okr_series *s, long day, double value)
{
    observe_at(&f->store, s, day, value);
}

/* The program, a store with weekly observations, and a result as grading
 * might leave it on 2026-08-15 (day 46 of 92): `reliable` failing (its
 * level broke on one of six observed days and recovered a week later:
 * score 5/6), `onboarding` unhealthy (its counter-metric was
 * breached) with one key result bound to no feed, `pricing` half confirmed. */
static fixture *fx_new(void)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    okr_program_init(&f->prog);
    okr_program_add_text(&f->prog, "growth.okr", program_text, strlen(program_text));
    okr_program_check(&f->prog);
    assert_int_equal(f->prog.diags.errors, 0);
    okr_arena_init(&f->arena);
    f->start = day_of(2026, 7, 1);
    f->end = day_of(2026, 9, 30);
    okr_store_init(&f->store, &f->arena, f->start - 7, f->end);

    okr_objective *reliable = objective_named(&f->prog, "reliable");
    okr_objective *onboarding = objective_named(&f->prog, "onboarding");
    okr_objective *pricing = objective_named(&f->prog, "pricing");
    long g = day_of(2026, 8, 15);

    /* Observations: weekly from July 6. */
    okr_kr *uptime = reliable->krs.items[0], *revenue = reliable->krs.items[1];
    okr_kr *activation = onboarding->krs.items[0], *ttv = onboarding->krs.items[1];
    okr_kr *annual = pricing->krs.items[0], *monthly = pricing->krs.items[1];
    okr_counter *tickets = onboarding->counters.items[0];
    okr_series *s_up = bind(f, uptime->metric_decl), *s_arr = bind(f, revenue->metric_decl);
    okr_series *s_act = bind(f, activation->metric_decl), *s_tk = bind(f, tickets->metric_decl);
    okr_series *s_conv = bind(f, annual->metric_decl);
    const double up[] = {99.95, 99.97, 99.5, 99.96, 99.98, 99.95};
    const double arr[] = {100000, 102000, 104000, 106000, 108000, 110000};
    const double act[] = {22.3, 23.0, 24.1, 25.2, 26.9, 28.5};
    const double tk[] = {100, 110, 140, 130, 118, 130};
    const double conv[] = {10.2, 11.0, 12.1, 12.8, 13.1, 13.5};
    for (int i = 0; i < 6; i++) {
        long d = day_of(2026, 7, 6) + 7 * i;
        observe(f, s_up, d, up[i]);
        observe(f, s_arr, d, arr[i]);
        observe(f, s_act, d, act[i]);
        observe(f, s_tk, d, tk[i]);
        observe(f, s_conv, d, conv[i]);
    }

    /* reliable: committed, failed. */
    okr_kr_grade *k = f->krs_reliable;
    k[0] = (okr_kr_grade){.kr = uptime, .series = s_up, .observations = 6, .has_current = 1, .has_target = 1,
                          .current = 99.95, .target = 99.9, .is_bound = 1, .met = 0, .held = 0, .holds_now = 1,
                          .observed_days = 6, .breach_days = 1, .has_worst = 1, .worst = 99.5, .has_score = 1,
                          .score = 5.0 / 6, .progress = 5.0 / 6, .expected = 0.5, .status = OKR_STATUS_OFF_TRACK,
                          .effective_day = g, .has_breach_day = 1, .breach_day = day_of(2026, 7, 20),
                          .has_recovered_day = 1, .recovered_day = day_of(2026, 7, 27)};
    k[1] = (okr_kr_grade){.kr = revenue, .series = s_arr, .observations = 6, .has_baseline = 1, .has_current = 1,
                          .has_target = 1, .baseline = 100000, .current = 110000, .target = 120000, .has_score = 1,
                          .score = 0.5, .progress = 0.5, .expected = 0.5, .has_projection = 1, .projected = 131000,
                          .projected_score = 1, .status = OKR_STATUS_ON_TRACK, .effective_day = g};
    f->objectives[0] = (okr_objective_grade){.objective = reliable, .archetype = OKR_ARCH_COMMITTED, .krs = k,
                                             .kr_count = 2, .graded = 2, .has_score = 1, .score = 2.0 / 3,
                                             .verdict = OKR_VERDICT_FAILED, .healthy = 1, .in_progress = 1,
                                             .as_of_day = g, .elapsed = 46.0 / 92};

    /* onboarding: aspirational, partial, unhealthy; ttv bound to no feed. */
    k = f->krs_onboarding;
    k[0] = (okr_kr_grade){.kr = activation, .series = s_act, .observations = 6, .has_baseline = 1,
                          .has_current = 1, .has_target = 1, .baseline = 22, .current = 28.5, .target = 35,
                          .has_score = 1, .score = 0.5, .progress = 0.5, .expected = 0.5, .has_projection = 1,
                          .projected = 33.05, .projected_score = 0.85, .status = OKR_STATUS_AT_RISK,
                          .effective_day = g};
    k[1] = (okr_kr_grade){.kr = ttv, .series = NULL, .has_baseline = 1, .has_target = 1, .baseline = 3 * 86400.0,
                          .target = 86400, .verdict = OKR_VERDICT_NO_DATA, .effective_day = g};
    f->counters_onboarding[0] = (okr_counter_grade){.counter = tickets, .series = s_tk, .observations = 6,
                                                    .has_bound = 1, .bound = 120, .has_current = 1, .current = 130,
                                                    .breached = 1, .breach_day = day_of(2026, 7, 20), .worst = 140,
                                                    .observed_days = 6, .breach_days = 3};
    f->objectives[1] = (okr_objective_grade){.objective = onboarding, .archetype = OKR_ARCH_ASPIRATIONAL, .krs = k,
                                             .kr_count = 2, .counters = f->counters_onboarding,
                                             .counter_count = 1, .graded = 1, .has_score = 1, .score = 0.5,
                                             .verdict = OKR_VERDICT_PARTIAL, .healthy = 0, .in_progress = 1,
                                             .as_of_day = g, .elapsed = 46.0 / 92};

    /* pricing: learning, one hypothesis confirmed, one open. */
    k = f->krs_pricing;
    k[0] = (okr_kr_grade){.kr = annual, .series = s_conv, .observations = 6, .has_baseline = 1, .has_current = 1,
                          .has_target = 1, .baseline = 10, .current = 13.5, .target = 13,
                          .verdict = OKR_VERDICT_CONFIRMED, .effective_day = g};
    k[1] = (okr_kr_grade){.kr = monthly, .series = s_conv, .observations = 6, .has_baseline = 1, .has_current = 1,
                          .has_target = 1, .baseline = 10, .current = 13.5, .target = 12,
                          .verdict = OKR_VERDICT_OPEN, .effective_day = g};
    f->objectives[2] = (okr_objective_grade){.objective = pricing, .archetype = OKR_ARCH_LEARNING, .krs = k,
                                             .kr_count = 2, .graded = 1, .verdict = OKR_VERDICT_OPEN,
                                             .healthy = 1, .in_progress = 1, .as_of_day = g,
                                             .elapsed = 46.0 / 92};

    f->result = (okr_grade_result){.grading_day = g, .at_given = 1, .objectives = f->objectives,
                                   .objective_count = 3, .committed_failed = 1, .breaches = 1};
    f->feed = (okr_feed_stats){.bytes = 4096, .rows = 1234, .stored = 30, .malformed = 3, .unknown_metric = 1200,
                               .out_of_range = 1, .duplicates = 0, .unsorted = 0};
    f->feed_names[0] = "metrics/analytics.csv";
    f->input = (okr_report_input){.prog = &f->prog, .store = &f->store, .result = &f->result, .feeds = &f->feed,
                                  .feed_names = f->feed_names, .feed_count = 1, .color = 0,
                                  .tool_version = "0.1.0"};
    return f;
}

static void fx_free(fixture *f)
{
    okr_arena_free(&f->arena);
    okr_program_free(&f->prog);
    free(f);
}

/* The text report wraps at 100 columns: `needle` may span lines there, so
 * it is looked for with every run of spaces and line breaks made one space. */
static char *flat(const char *s)
{
    char *out = malloc(strlen(s) + 1), *o = out;
    assert_non_null(out);
    for (; *s; s++) {
        int space = *s == ' ' || *s == '\n';
        if (!space || o == out || o[-1] != ' ')
            *o++ = space ? ' ' : *s;
    }
    *o = '\0';
    return out;
}

#define assert_contains_flat(hay, needle)                                                             \
    do {                                                                                              \
        char *flat_ = flat(hay);                                                                      \
        if (!strstr(flat_, (needle)))                                                                 \
            fail_msg("expected to find \"%s\" in:\n%s", (needle), (hay));                            \
        free(flat_);                                                                                  \
    } while (0)

#define assert_before(hay, first, second)                                                             \
    do {                                                                                              \
        const char *a_ = strstr((hay), (first)), *b_ = strstr((hay), (second));                     \
        assert_non_null(a_);                                                                          \
        assert_non_null(b_);                                                                          \
        if (a_ > b_)                                                                                  \
            fail_msg("expected \"%s\" before \"%s\"", (first), (second));                           \
    } while (0)

/* ---- values ---- */

/* money(USD), as the parser gives it. */
static const okr_metric_more usd_more = {.currency = {"USD", {0, 0, 0}}};

static void check_value(const okr_metric_decl *m, double v, const char *want)
{
    char buf[RPT_TEXT_LEN];
    rpt_format_value(m, v, buf, sizeof buf);
    assert_string_equal(buf, want);
}

static void test_value_formats(void **state)
{
    (void)state;
    okr_metric_decl pct = {.type = OKR_TYPE_PERCENT}, dur = {.type = OKR_TYPE_DURATION};
    /* As the checker resolves it: the base unit of money(USD) is USD. */
    okr_metric_decl usd = {.type = OKR_TYPE_MONEY, .more = &usd_more, .base_unit = "USD"};
    okr_metric_decl cnt = {.type = OKR_TYPE_COUNT}, num = {.type = OKR_TYPE_NUMBER};
    okr_metric_decl score = {.type = OKR_TYPE_SCORE};
    check_value(&pct, 22.5, "22.5%");
    check_value(&pct, 22, "22%");
    check_value(&pct, 99.95, "99.95%");
    check_value(&pct, 0.01, "0.01%");
    check_value(&pct, 12.124599999, "12.12%");
    check_value(&dur, 720, "12min");
    check_value(&dur, 5400, "1h 30min");
    check_value(&dur, 0.3, "300ms");
    check_value(&dur, 9.5, "9.5s");
    check_value(&dur, 750, "12min 30s");
    check_value(&dur, 3 * 86400, "3d");
    check_value(&dur, 2 * 86400 + 8 * 3600, "2d 8h");
    check_value(&dur, 56 * 7 * 86400, "56w");
    check_value(&dur, 0, "0s");
    check_value(&dur, -600, "-10min");
    check_value(&usd, 120000, "USD 120,000");
    check_value(&usd, 1114.08, "USD 1,114.08");
    check_value(&usd, 12.5, "USD 12.50");
    check_value(&usd, 0.05, "USD 0.05");
    check_value(&usd, 8261242.19, "USD 8,261,242");
    check_value(&cnt, 1234, "1,234");
    check_value(&cnt, 1234567, "1,234,567");
    check_value(&cnt, 503.7, "503.7");
    check_value(&num, 4.25, "4.25");
    check_value(&num, -0.0001, "-0.0001");
    check_value(&num, -0.0, "0");
    check_value(&score, -12, "-12");
    check_value(&num, 0.1234, "0.123");

    char buf[RPT_TEXT_LEN];
    rpt_format_value_compact(&usd, 8400000, buf, sizeof buf);
    assert_string_equal(buf, "USD 8.4M");
    rpt_format_value_compact(&cnt, 12000, buf, sizeof buf);
    assert_string_equal(buf, "12k");
    rpt_format_bar(0.62, buf, sizeof buf);
    assert_string_equal(buf, "[######----]");
    rpt_format_bar(0, buf, sizeof buf);
    assert_string_equal(buf, "[----------]");
    rpt_format_bar(1.7, buf, sizeof buf);
    assert_string_equal(buf, "[##########]");
    rpt_format_date(day_of(2026, 8, 15), buf, sizeof buf);
    assert_string_equal(buf, "2026-08-15");
    rpt_format_date_short(day_of(2026, 8, 15), buf, sizeof buf);
    assert_string_equal(buf, "Aug 15");
}

static void test_format_parse(void **state)
{
    (void)state;
    okr_report_format f;
    assert_true(okr_report_format_parse("text", &f));
    assert_int_equal(f, OKR_REPORT_TEXT);
    assert_true(okr_report_format_parse("json", &f));
    assert_int_equal(f, OKR_REPORT_JSON);
    assert_true(okr_report_format_parse("markdown", &f));
    assert_int_equal(f, OKR_REPORT_MARKDOWN);
    assert_true(okr_report_format_parse("html", &f));
    assert_int_equal(f, OKR_REPORT_HTML);
    assert_false(okr_report_format_parse("sarif", &f));
    assert_false(okr_report_format_parse("", &f));
}

/* ---- text ---- */

static void test_text(void **state)
{
    (void)state;
    fixture *f = fx_new();
    char *text = render(&f->input, OKR_REPORT_TEXT);
    /* The header: day, cycle state, feed stats, summary. */
    assert_contains(text, "OKR grades as of 2026-08-15");
    assert_contains(text, "2026-08-15 (given with --at)");
    assert_contains(text, "2026-Q3, 2026-07-01 to 2026-09-30\n");
    assert_contains(text, "cycle still running: check-in as of 2026-08-15 (day 46 of 92)");
    assert_contains(text, "metrics/analytics.csv");
    assert_contains(text, "metrics/analytics.csv: 1,234 rows, 30 stored\n");
    assert_contains(text, "skipped: 3 malformed, 1,200 unknown metric, 1 out of range; 0 duplicates, 0 unsorted");
    assert_contains(text, "3 objectives, 1 unhealthy, 1 committed failed");
    /* Unhealthy first within the team, though it comes second in the program. */
    assert_before(text, "!! UNHEALTHY: 1 of 1 counter-metric breached", "  onboarding  [aspirational, 2026-Q3]");
    assert_before(text, "  onboarding  [aspirational", "  reliable  [committed");
    assert_before(text, "  reliable  [committed", "  pricing  [learning");
    /* Objective lines. */
    assert_contains(text, "score 0.50 [#####-----]  partial, provisional  graded 1 of 2 key results; day 46 of 92");
    assert_contains(text, "score 0.67 [#######---]  failed, provisional");
    assert_contains(text, "verdict open, provisional  graded 1 of 2 hypotheses");
    /* Key results in their units, with status and the numbers behind it. */
    assert_contains(text, "22% -> 28.5% -> 35%");
    assert_contains(text, "0.50 [#####-----]");
    assert_contains(text, "at risk");
    assert_contains(text, "expected 0.50 by now; projected 33.05% at cycle end (score 0.85); 6 observations");
    assert_contains(text, "USD 100,000 -> USD 110,000 -> USD 120,000");
    assert_contains(text, "at least 99.9%, now 99.95%");
    assert_contains(text, "0.83 [########--]  off track");
    assert_contains_flat(text, "breached on 2026-07-20, for 1 of 6 observed days, worst 99.5%; recovered on 2026-07-27");
    assert_null(strstr(text, "met,"));
    /* No data is said, never shown as 0. */
    assert_contains(text, "3d -> ? -> 1d");
    assert_contains(text, "no data (not bound to any feed)");
    /* Hypotheses get a verdict, never a percentage or score. */
    assert_contains(text, "hypothesis annual");
    assert_contains(text, "10% -> 13.5% -> 13%");
    assert_contains(text, "confirmed");
    /* The counter-metric. */
    assert_contains(text, "at most 120");
    assert_contains(text, "now 130");
    assert_contains_flat(text, "BREACHED on 2026-07-20, for 3 of 6 observed days, worst 140; not recovered");
    /* User text reaches the terminal without control bytes; no colour when off. */
    assert_null(strchr(text, '\033'));
    /* Readable in 100 columns: no line of ours is longer (user text is wrapped). */
    for (const char *line = text; *line;) {
        size_t len = strcspn(line, "\n");
        if (len > 100)
            fail_msg("line longer than 100 columns: %.*s", (int)len, line);
        line += len + (line[len] == '\n');
    }
    free(text);

    f->input.color = 1;
    text = render(&f->input, OKR_REPORT_TEXT);
    assert_contains(text, "\033[1;31m!! UNHEALTHY");
    assert_contains(text, "\033[33mat risk\033[0m");
    assert_contains(text, "\033[32mconfirmed\033[0m");
    assert_contains(text, "\033[2mno data\033[0m");
    free(text);
    fx_free(f);
}

/* The end of the cycle: no provisional, no status, and a perfect stretch
 * score says the target may have been too low. */
static void test_text_cycle_over(void **state)
{
    (void)state;
    fixture *f = fx_new();
    f->result.grading_day = f->end + 10;
    f->result.at_given = 0;
    for (int i = 0; i < 3; i++) {
        f->objectives[i].in_progress = 0;
        f->objectives[i].as_of_day = f->end;
        f->objectives[i].elapsed = 1;
        for (size_t k = 0; k < f->objectives[i].kr_count; k++) {
            f->objectives[i].krs[k].status = OKR_STATUS_NONE;
            f->objectives[i].krs[k].effective_day = f->end;
        }
    }
    f->objectives[1].score = 1;
    f->objectives[1].verdict = OKR_VERDICT_SUCCESS;
    f->objectives[1].target_too_low = 1;
    char *text = render(&f->input, OKR_REPORT_TEXT);
    assert_contains(text, "(today)");
    assert_contains(text, "as of the cycle's end (2026-09-30)");
    assert_contains(text, "success: target may have been too low");
    assert_null(strstr(text, "provisional"));
    assert_null(strstr(text, "at risk"));
    assert_null(strstr(text, "expected 0.50"));
    free(text);

    /* Before the cycle: nothing graded, and no "no data" alarm about it. */
    f->result.grading_day = f->start - 5;
    for (int i = 0; i < 3; i++) {
        f->objectives[i].verdict = OKR_VERDICT_NOT_STARTED;
        f->objectives[i].has_score = 0;
        f->objectives[i].graded = 0;
        for (size_t k = 0; k < f->objectives[i].kr_count; k++) {
            f->objectives[i].krs[k].has_current = 0;
            f->objectives[i].krs[k].has_score = 0;
        }
    }
    text = render(&f->input, OKR_REPORT_TEXT);
    assert_contains(text, "not started (starts 2026-07-01), nothing graded");
    assert_contains(text, "verdict not started");
    free(text);
    fx_free(f);
}

static void test_text_no_feeds(void **state)
{
    (void)state;
    fixture *f = fx_new();
    f->input.feed_count = 0;
    f->input.feeds = NULL;
    f->input.feed_names = NULL;
    char *text = render(&f->input, OKR_REPORT_TEXT);
    assert_contains(text, "none read: every key result has no data");
    free(text);
    fx_free(f);
}

/* ---- JSON ---- */

static json_t *kr_of(json_t *objective, size_t i)
{
    return json_array_get(json_object_get(objective, "key_results"), i);
}

/* The report's header: version, day, cycles, feeds and totals. */
static void check_json_header(json_t *root)
{
    assert_int_equal(json_integer_value(json_object_get(root, "version")), 1);
    assert_string_equal(json_string_value(json_object_get(root, "generator")), "okrc 0.1.0");
    assert_string_equal(json_string_value(json_object_get(root, "grading_day")), "2026-08-15");
    assert_true(json_is_true(json_object_get(root, "at_given")));
    assert_int_equal(json_integer_value(json_object_get(root, "exit_status")), 1);

    json_t *cycle = json_array_get(json_object_get(root, "cycles"), 0);
    assert_string_equal(json_string_value(json_object_get(cycle, "label")), "2026-Q3");
    assert_string_equal(json_string_value(json_object_get(cycle, "state")), "running");
    assert_string_equal(json_string_value(json_object_get(cycle, "end")), "2026-09-30");

    json_t *feed = json_array_get(json_object_get(root, "feeds"), 0);
    assert_string_equal(json_string_value(json_object_get(feed, "name")), "metrics/analytics.csv");
    assert_int_equal(json_integer_value(json_object_get(feed, "rows")), 1234);
    assert_int_equal(json_integer_value(json_object_get(feed, "malformed")), 3);
    assert_int_equal(json_integer_value(json_object_get(feed, "unknown_metric")), 1200);

    json_t *totals = json_object_get(root, "totals");
    assert_int_equal(json_integer_value(json_object_get(totals, "objectives")), 3);
    assert_int_equal(json_integer_value(json_object_get(totals, "unhealthy")), 1);
    assert_int_equal(json_integer_value(json_object_get(totals, "committed_failed")), 1);
    assert_int_equal(json_integer_value(json_object_get(totals, "key_results")), 4);
    assert_int_equal(json_integer_value(json_object_get(totals, "hypotheses")), 2);
    assert_int_equal(json_integer_value(json_object_get(totals, "scored")), 3);
    assert_int_equal(json_integer_value(json_object_get(totals, "no_data")), 1);
    assert_int_equal(json_integer_value(json_object_get(totals, "breaches")), 1);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(totals, "feeds"), "stored")), 30);

}

/* The unhealthy objective: a scored key result, one without data, a
 * breached counter-metric. Returns its first key result. */
static json_t *check_json_onboarding(json_t *onb)
{
    assert_string_equal(json_string_value(json_object_get(onb, "name")), "onboarding");
    assert_string_equal(json_string_value(json_object_get(onb, "qualified")), "growth.onboarding");
    assert_string_equal(json_string_value(json_object_get(onb, "archetype")), "aspirational");
    assert_string_equal(json_string_value(json_object_get(onb, "cycle")), "2026-Q3");
    assert_true(json_is_true(json_object_get(onb, "in_progress")));
    assert_false(json_is_true(json_object_get(onb, "healthy")));
    assert_float_equal(json_real_value(json_object_get(onb, "score")), 0.5, 1e-12);
    assert_float_equal(json_real_value(json_object_get(onb, "elapsed")), 0.5, 1e-12);
    assert_string_equal(json_string_value(json_object_get(onb, "verdict")), "partial");
    assert_int_equal(json_integer_value(json_object_get(onb, "graded")), 1);

    json_t *act = kr_of(onb, 0);
    assert_string_equal(json_string_value(json_object_get(act, "label")), "activation");
    assert_string_equal(json_string_value(json_object_get(act, "kind")), "kr");
    assert_string_equal(json_string_value(json_object_get(act, "metric")), "growth.activation");
    assert_string_equal(json_string_value(json_object_get(act, "unit")), "percent");
    assert_string_equal(json_string_value(json_object_get(act, "form")), "from_to");
    assert_float_equal(json_real_value(json_object_get(act, "baseline")), 22, 1e-12);
    assert_float_equal(json_real_value(json_object_get(act, "current")), 28.5, 1e-12);
    assert_float_equal(json_real_value(json_object_get(act, "target")), 35, 1e-12);
    assert_float_equal(json_real_value(json_object_get(act, "score")), 0.5, 1e-12);
    assert_float_equal(json_real_value(json_object_get(act, "expected")), 0.5, 1e-12);
    assert_float_equal(json_real_value(json_object_get(act, "projected")), 33.05, 1e-12);
    assert_float_equal(json_real_value(json_object_get(act, "projected_score")), 0.85, 1e-12);
    assert_string_equal(json_string_value(json_object_get(act, "status")), "at_risk");
    assert_int_equal(json_integer_value(json_object_get(act, "observations")), 6);
    assert_true(json_is_null(json_object_get(act, "met")));
    assert_string_equal(json_string_value(json_object_get(act, "effective_day")), "2026-08-15");
    assert_string_equal(json_string_value(json_object_get(act, "title")),
                        "Raise activation <script>alert(1)</script> | fast");

    /* No data: null, never 0. */
    json_t *ttv = kr_of(onb, 1);
    assert_true(json_is_null(json_object_get(ttv, "current")));
    assert_true(json_is_null(json_object_get(ttv, "score")));
    assert_true(json_is_null(json_object_get(ttv, "status")));
    assert_false(json_is_true(json_object_get(ttv, "bound_to_feed")));
    assert_string_equal(json_string_value(json_object_get(ttv, "verdict")), "no_data");
    assert_string_equal(json_string_value(json_object_get(ttv, "no_data_reason")), "not bound to any feed");
    assert_float_equal(json_real_value(json_object_get(ttv, "baseline")), 3 * 86400.0, 1e-9);

    json_t *ctr = json_array_get(json_object_get(onb, "counter_metrics"), 0);
    assert_string_equal(json_string_value(json_object_get(ctr, "metric")), "growth.tickets");
    assert_string_equal(json_string_value(json_object_get(ctr, "form")), "at_most");
    assert_string_equal(json_string_value(json_object_get(ctr, "state")), "breached");
    assert_true(json_is_true(json_object_get(ctr, "breached")));
    assert_string_equal(json_string_value(json_object_get(ctr, "breach_day")), "2026-07-20");
    assert_float_equal(json_real_value(json_object_get(ctr, "bound")), 120, 1e-12);
    assert_float_equal(json_real_value(json_object_get(ctr, "worst")), 140, 1e-12);
    assert_float_equal(json_real_value(json_object_get(ctr, "current")), 130, 1e-12);
    assert_int_equal(json_integer_value(json_object_get(ctr, "breach_days")), 3);
    assert_true(json_is_null(json_object_get(ctr, "recovered_day")));

    return act;
}

/* A committed level that dipped and recovered: not met, not held, holds
 * now, the days it broke as grading found them. */
static void check_json_reliable(json_t *rel, json_t *act)
{
    assert_string_equal(json_string_value(json_object_get(rel, "verdict")), "failed");
    json_t *up = kr_of(rel, 0);
    assert_string_equal(json_string_value(json_object_get(up, "form")), "at_least");
    assert_true(json_is_false(json_object_get(up, "met")));
    assert_true(json_is_false(json_object_get(up, "held")));
    assert_true(json_is_true(json_object_get(up, "holds_now")));
    assert_string_equal(json_string_value(json_object_get(up, "breach_day")), "2026-07-20");
    assert_int_equal(json_integer_value(json_object_get(up, "observed_days")), 6);
    assert_int_equal(json_integer_value(json_object_get(up, "breach_days")), 1);
    assert_float_equal(json_real_value(json_object_get(up, "worst")), 99.5, 1e-12);
    assert_string_equal(json_string_value(json_object_get(up, "recovered_day")), "2026-07-27");
    assert_float_equal(json_real_value(json_object_get(up, "score")), 5.0 / 6, 1e-12);
    assert_true(json_is_null(json_object_get(act, "holds_now")));
    assert_true(json_is_null(json_object_get(act, "recovered_day")));
    assert_true(json_is_null(json_object_get(act, "worst")));
    assert_float_equal(json_real_value(json_object_get(up, "target")), 99.9, 1e-12);
    assert_true(json_is_null(json_object_get(up, "baseline")));
    assert_string_equal(json_string_value(json_object_get(kr_of(rel, 1), "unit")), "USD");

}

/* Learning: no score anywhere, verdicts per hypothesis. */
static void check_json_learning(json_t *pri)
{
    assert_true(json_is_null(json_object_get(pri, "score")));
    assert_string_equal(json_string_value(json_object_get(pri, "verdict")), "open");
    json_t *annual = kr_of(pri, 0);
    assert_string_equal(json_string_value(json_object_get(annual, "kind")), "hypothesis");
    assert_string_equal(json_string_value(json_object_get(annual, "verdict")), "confirmed");
    assert_true(json_is_null(json_object_get(annual, "score")));
}

static void test_json(void **state)
{
    (void)state;
    fixture *f = fx_new();
    char *text = render(&f->input, OKR_REPORT_JSON);
    json_error_t err;
    json_t *root = json_loads(text, 0, &err);
    if (!root)
        fail_msg("JSON does not parse: %s at line %d\n%s", err.text, err.line, text);
    check_json_header(root);
    json_t *team = json_array_get(json_object_get(root, "teams"), 0);
    assert_string_equal(json_string_value(json_object_get(team, "name")), "growth");
    assert_string_equal(json_string_value(json_object_get(team, "title")), "Growth");
    json_t *objs = json_object_get(team, "objectives");
    assert_int_equal(json_array_size(objs), 3);

    /* Unhealthy first. */
    json_t *act = check_json_onboarding(json_array_get(objs, 0));
    check_json_reliable(json_array_get(objs, 1), act);
    check_json_learning(json_array_get(objs, 2));
    json_decref(root);
    free(text);
    fx_free(f);
}

/* ---- Markdown ---- */

static void test_markdown(void **state)
{
    (void)state;
    fixture *f = fx_new();
    char *md = render(&f->input, OKR_REPORT_MARKDOWN);
    assert_true(strncmp(md, "## OKR grades as of 2026-08-15\n", 31) == 0);
    /* Breaches and failed committed objectives are called out before the tables. */
    assert_contains(md, "**Breach in growth.onboarding**: counter-metric `tickets` (at most 120) breached on "
                        "2026-07-20, for 3 of 6 observed days, worst 140; not recovered.");
    assert_contains(md, "**Committed objective growth.reliable is failing** (score 0.67)");
    assert_contains(md, "| 0.83 | \xE2\x9D\x8C off track: breached on 2026-07-20, for 1 of 6 observed days, worst 99.5%; "
                        "recovered on 2026-07-27 |");
    assert_before(md, "Breach in growth.onboarding", "### Team growth: Growth");
    assert_contains(md, "| Objective | Archetype | Score | Roll-up | Verdict |");
    assert_contains(md, "| Key result | Baseline \xE2\x86\x92 Current \xE2\x86\x92 Target | Score | Status |");
    assert_contains(md, "| \xE2\x9D\x8C **onboarding** (unhealthy) | aspirational | 0.50 |");
    assert_before(md, "**onboarding** (unhealthy)", "**reliable**");
    assert_contains(md, "22% \xE2\x86\x92 28.5% \xE2\x86\x92 35% | 0.50 | \xE2\x9A\xA0\xEF\xB8\x8F at risk");
    assert_contains(md, "no data (not bound to any feed)");
    assert_contains(md, "| `tickets` | at most 120 | 130 | \xE2\x9D\x8C **breached** on 2026-07-20, for 3 of 6 "
                        "observed days, worst 140; not recovered |");
    /* User text cannot break the table or inject HTML. */
    assert_contains(md, "Raise activation &lt;script&gt;alert(1)&lt;/script&gt; \\| fast");
    assert_null(strstr(md, "<script>"));
    /* Hypotheses: a verdict, no score. */
    assert_contains(md, "| \xE2\x80\x94 | \xE2\x9C\x85 confirmed |");
    assert_contains(md, "| `metrics/analytics.csv` | 1234 | 30 | 3 | 1200 | 1 | 0 | 0 |");
    free(md);
    fx_free(f);
}

/* ---- HTML ---- */

static void test_html(void **state)
{
    (void)state;
    fixture *f = fx_new();
    char *html = render(&f->input, OKR_REPORT_HTML);
    assert_true(strncmp(html, "<!DOCTYPE html>\n", 16) == 0);
    assert_contains(html, "<meta charset=\"utf-8\"/>");
    /* One chart per key result and per counter-metric, each with a title. */
    size_t charts = 0;
    for (size_t i = 0; i < f->result.objective_count; i++)
        charts += f->objectives[i].kr_count + f->objectives[i].counter_count;
    assert_int_equal(charts, 7);
    assert_int_equal(count(html, "<svg "), charts);
    assert_int_equal(count(html, "</svg>"), charts);
    assert_int_equal(count(html, "<title id=\"chart"), charts);
    /* User text is escaped, everywhere. */
    assert_null(strstr(html, "<script"));
    assert_contains(html, "Raise activation &lt;script&gt;alert(1)&lt;/script&gt; | fast");
    /* Self-contained: the only URL is the SVG namespace. */
    assert_int_equal(count(html, "http"), count(html, "xmlns=\"http://www.w3.org/2000/svg\""));
    assert_null(strstr(html, "src="));
    /* Links stay inside the page (the alignment map to the cards). */
    assert_int_equal(count(html, "href="), count(html, "href=\"#objective-"));
    assert_null(strstr(html, "@import"));
    /* The same content as the text report. */
    assert_contains(html, "Unhealthy: 1 of 1 counter-metric breached");
    assert_before(html, "Unhealthy: 1 of 1", "<h3>reliable</h3>");
    assert_contains(html, "partial, provisional");
    assert_contains(html, "22% \xE2\x86\x92 28.5% \xE2\x86\x92 35%");
    assert_contains(html, "not bound to any feed");
    assert_contains(html, "breached on 2026-07-20, for 1 of 6 observed days, worst 99.5%; recovered on 2026-07-27");
    assert_contains(html, "breached</span> on 2026-07-20, for 3 of 6 observed days, worst 140");
    assert_null(strstr(html, "met,"));
    assert_contains(html, "expected 0.50 by now; projected 33.05% at cycle end (score 0.85)");
    assert_contains(html, "cycle still running: check-in as of 2026-08-15 (day 46 of 92)");
    assert_contains(html, "<td class=\"num\">1200</td>");
    /* Charts: observed values, reference lines and the grading day. */
    assert_contains(html, "<polyline");
    assert_contains(html, ">expected</text>");
    assert_contains(html, ">bound</text>");
    assert_contains(html, "as of Aug 15");
    assert_contains(html, "no data: not bound to any feed");
    /* Tags are closed: as many <td and <tr as their ends. */
    assert_int_equal(count(html, "<tr>"), count(html, "</tr>"));
    assert_int_equal(count(html, "<td"), count(html, "</td>"));
    assert_int_equal(count(html, "<div"), count(html, "</div>"));
    assert_int_equal(count(html, "<span"), count(html, "</span>"));
    free(html);
    fx_free(f);
}

/* ---- check-ins with missing data, values that are not finite ---- */

/* Mid-cycle, `onboarding` has a key result without data: its check-in
 * status is "incomplete", in every format. A key result whose value
 * overflowed says why it has no data, and a huge raw progress is written
 * with a few digits. */
static void test_incomplete_and_non_finite(void **state)
{
    (void)state;
    fixture *f = fx_new();
    f->objectives[1].verdict = OKR_VERDICT_NONE;
    f->objectives[1].status = OKR_STATUS_INCOMPLETE;
    okr_kr_grade *ttv = &f->krs_onboarding[1];
    ttv->series = f->krs_onboarding[0].series;
    ttv->non_finite = OKR_NON_FINITE_VALUE;
    ttv->non_finite_day = day_of(2026, 8, 1);
    okr_kr_grade *rev = &f->krs_reliable[1];
    rev->progress = 1.7e307;
    rev->score = 1;
    const char *reason = "its value on 2026-08-01 is not a finite number: the sum overflows";

    char *text = render(&f->input, OKR_REPORT_TEXT);
    assert_contains(text, "score 0.50 [#####-----]  incomplete (check-in)");
    assert_contains_flat(text, reason);
    assert_contains_flat(text, "raw progress 1.7e+307");
    free(text);
    char *md = render(&f->input, OKR_REPORT_MARKDOWN);
    assert_contains(md, "incomplete (check-in)");
    assert_contains(md, reason);
    assert_contains(md, "raw progress 1.7e+307");
    free(md);
    char *html = render(&f->input, OKR_REPORT_HTML);
    assert_contains(html, "incomplete (check-in)");
    assert_contains(html, reason);
    assert_contains(html, "raw progress 1.7e+307");
    free(html);
    char *js = render(&f->input, OKR_REPORT_JSON);
    json_t *root = json_loads(js, 0, NULL);
    assert_non_null(root);
    json_t *onb = json_array_get(json_object_get(json_array_get(json_object_get(root, "teams"), 0), "objectives"), 0);
    assert_string_equal(json_string_value(json_object_get(onb, "status")), "incomplete");
    assert_string_equal(json_string_value(json_object_get(kr_of(onb, 1), "no_data_reason")), reason);
    json_decref(root);
    free(js);
    fx_free(f);
}

/* Values at the ends of the double range, and values that are not
 * numbers, are written without undefined behaviour and never as digits
 * by the hundred. */
static void test_extreme_values(void **state)
{
    (void)state;
    okr_metric_decl num = {.type = OKR_TYPE_NUMBER}, pct = {.type = OKR_TYPE_PERCENT};
    okr_metric_decl dur = {.type = OKR_TYPE_DURATION};
    okr_metric_decl usd = {.type = OKR_TYPE_MONEY, .more = &usd_more, .base_unit = "USD"};
    check_value(&num, 1.7e308, "1.7e+308");
    check_value(&num, -1.7e308, "-1.7e+308");
    check_value(&num, 4.9e-324, "0");
    check_value(&num, -1e-300, "0");
    check_value(&num, NAN, "?");
    check_value(&num, INFINITY, "inf");
    check_value(&pct, 1e-7, "0%");
    check_value(&dur, 1.7e308, "1.968e+303d");
    check_value(&usd, -1.7e308, "USD -1.7e+308");
    char buf[RPT_TEXT_LEN];
    rpt_format_value_compact(&num, -1.7e308, buf, sizeof buf);
    assert_string_equal(buf, "-1.7e+296T");
    rpt_format_value_compact(&num, NAN, buf, sizeof buf);
    assert_string_equal(buf, "?");
    rpt_format_progress(1.7e307, buf, sizeof buf);
    assert_string_equal(buf, "1.7e+307");
    rpt_format_progress(-1.7e307, buf, sizeof buf);
    assert_string_equal(buf, "-1.7e+307");
    rpt_format_progress(1.5, buf, sizeof buf);
    assert_string_equal(buf, "1.50");
    rpt_format_progress(-0.25, buf, sizeof buf);
    assert_string_equal(buf, "-0.25");
    rpt_format_progress(123456.789, buf, sizeof buf);
    assert_string_equal(buf, "123456.79");
    rpt_format_progress(NAN, buf, sizeof buf);
    assert_string_equal(buf, "?");
}

/* ---- hostile text ---- */

/* A feed name comes from the command line: any bytes. Every format must
 * still be valid (HTML escaped, JSON Unicode, text without control bytes). */
static void test_hostile_feed_name(void **state)
{
    (void)state;
    fixture *f = fx_new();
    f->feed_names[0] = "a<b>&\"'\033[31m\xff.csv";
    char *html = render(&f->input, OKR_REPORT_HTML);
    assert_contains(html, "a&lt;b&gt;&amp;&quot;&#39; [31m\xEF\xBF\xBD.csv");
    free(html);

    char *text = render(&f->input, OKR_REPORT_JSON);
    json_error_t err;
    json_t *root = json_loads(text, 0, &err);
    if (!root)
        fail_msg("JSON does not parse: %s\n%s", err.text, text);
    json_t *feed = json_array_get(json_object_get(root, "feeds"), 0);
    assert_string_equal(json_string_value(json_object_get(feed, "name")), "a<b>&\"'\033[31m\xEF\xBF\xBD.csv");
    json_decref(root);
    free(text);

    text = render(&f->input, OKR_REPORT_TEXT);
    assert_null(strchr(text, '\033'));
    free(text);
    text = render(&f->input, OKR_REPORT_MARKDOWN);
    assert_null(strchr(text, '\033'));
    free(text);
    fx_free(f);
}

/* ---- errors ---- */

static void test_write_error(void **state)
{
    (void)state;
    FILE *full = fopen("/dev/full", "w");
    if (!full)
        skip();
    fixture *f = fx_new();
    assert_int_equal(okr_report_write(full, OKR_REPORT_TEXT, &f->input), -1);
    fclose(full);
    fx_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_value_formats),
        cmocka_unit_test(test_format_parse),
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_text_cycle_over),
        cmocka_unit_test(test_text_no_feeds),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_markdown),
        cmocka_unit_test(test_html),
        cmocka_unit_test(test_incomplete_and_non_finite),
        cmocka_unit_test(test_extreme_values),
        cmocka_unit_test(test_hostile_feed_name),
        cmocka_unit_test(test_write_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
