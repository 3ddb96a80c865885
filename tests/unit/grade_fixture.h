/* grade_fixture.h: what the grading tests (test_grade_*.c) share: a small
 * program (one team, a ten-day cycle, a metric of each kind the rules
 * distinguish), a store fed by hand, grading as of one day, and lookups
 * into the result. Helpers are static inline so that each test binary
 * uses what it needs without unused-function warnings (as corpus_row.h).
 * The Makefile lists only unit.h and corpus_row.h as test prerequisites:
 * after editing this file, touch the test_grade_*.c that include it. */
#ifndef OKR_GRADE_FIXTURE_H
#define OKR_GRADE_FIXTURE_H

#include <math.h>

#include "unit.h"

#include "../../checker/program.h"
#include "../../common/calendar.h"
#include "../../runtime/grade.h"
#include "../../runtime/store.h"

/* Cycle days S = 2026-07-01 (offset 0) .. E = 2026-07-10 (offset 9): at
 * offset k the elapsed share is (k + 1) / 10. */
#define PRELUDE                                                                              \
    "team t \"Team\" owner \"Owner\"\n"                                                      \
    "cycle \"Sprint\" from 2026-07-01 to 2026-07-10\n"                                       \
    "metric up \"Weekly active teams\" : count increasing\n"                                 \
    "metric down \"Support tickets per week\" : count decreasing\n"                          \
    "metric act \"Day-7 activation rate\" : percent increasing\n"                            \
    "metric churn \"Monthly churn\" : percent decreasing\n"                                  \
    "metric lat \"p99 checkout latency\" : duration decreasing\n"                            \
    "metric avail \"Checkout availability\" : percent increasing operational\n"              \
    "metric csat \"Customer satisfaction\" : percent increasing\n"                           \
    "metric refunds \"Refund requests per week\" : count decreasing\n"                       \
    "metric nps \"Net promoter score\" : score(-100..100) increasing\n"                      \
    "metric signups \"New sign-ups in the last week\" : count increasing aggregate sum over 7d\n" \
    "metric resp \"Mean first response time\" : duration decreasing aggregate mean over 7d\n" \
    "metric revenue \"Revenue this cycle\" : money(USD) increasing aggregate sum over cycle\n" \
    "metric rating \"Average review rating\" : number increasing aggregate mean\n"           \
    "metric bookings \"Bookings in two days\" : count increasing aggregate sum over 36h\n"   \
    "metric returns \"Product returns per week\" : count decreasing aggregate sum over 7d\n" \
    "metric paid \"Paid conversion\" : percent increasing lag 2d\n"                          \
    "metric paid36 \"Paid conversion, settled\" : percent increasing lag 36h\n"

#define NOON 43200

typedef struct fixture {
    okr_program prog;
    okr_store store;
    okr_grade_result res;
    long s, e;
} fixture;

static inline long day_of_date(int year, int month, int day)
{
    long d = 0;
    assert_true(okr_calendar_days_from_date(year, month, day, &d));
    return d;
}

static inline void dump_diags(const okr_program *prog)
{
    for (size_t i = 0; i < prog->diags.list.len; i++) {
        const okr_diag *d = prog->diags.list.items[i];
        okr_position pos = okr_source_position(&prog->sources, d->span.file, d->span.start);
        fprintf(stderr, "    %s:%u: %s %s\n", okr_source_get(&prog->sources, d->span.file)->path, pos.line,
                okr_code_info_get(d->code)->code, d->message);
    }
}

/* Checks the files as one program (no errors allowed) and opens a store
 * over the first cycle, with ten days of margin either side. */
static inline fixture *load_files(const char *const *texts, size_t count)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    okr_program_init(&f->prog);
    for (size_t i = 0; i < count; i++) {
        char path[32];
        snprintf(path, sizeof path, "t%zu.okr", i);
        okr_program_add_text(&f->prog, path, texts[i], strlen(texts[i]));
    }
    okr_program_check(&f->prog);
    if (f->prog.diags.errors)
        dump_diags(&f->prog);
    assert_int_equal(f->prog.diags.errors, 0);
    f->s = day_of_date(2026, 7, 1);
    f->e = day_of_date(2026, 7, 10);
    okr_store_init(&f->store, &f->prog.arena, f->s - 10, f->e + 20);
    return f;
}

static inline fixture *load(const char *text)
{
    return load_files(&text, 1);
}

static inline void unload(fixture *f)
{
    okr_program_free(&f->prog);
    free(f);
}

static inline const okr_metric_decl *metric_named(const fixture *f, const char *name)
{
    for (size_t i = 0; i < f->prog.teams.len; i++) {
        const okr_team *team = f->prog.teams.items[i];
        for (size_t j = 0; j < team->metric_list.len; j++) {
            const okr_metric_decl *m = team->metric_list.items[j];
            if (strcmp(m->name.text, name) == 0)
                return m;
        }
    }
    fail_msg("no metric '%s'", name);
    return NULL;
}

/* Binds a metric to the store (a feed provides it) without observations. */
static inline okr_series *bind(fixture *f, const char *name)
{
    char qualified[64];
    snprintf(qualified, sizeof qualified, "t.%s", name);
    return okr_store_bind(&f->store, metric_named(f, name), okr_arena_strdup(&f->prog.arena, qualified), name);
}

/* One observation on cycle day `offset` at `seconds` past midnight. */
static inline void obs_at(fixture *f, const char *name, long offset, int seconds, double value)
{
    okr_series *s = bind(f, name);
    okr_store_add(&f->store, s, (int64_t)(f->s + offset) * OKR_SECONDS_PER_DAY + seconds, value);
}

static inline void obs(fixture *f, const char *name, long offset, double value)
{
    obs_at(f, name, offset, NOON, value);
}

static inline void grade(fixture *f, long offset)
{
    okr_grade(&f->prog, &f->store, f->s + offset, 1, &f->prog.arena, &f->res);
}

static inline okr_objective_grade *objective(fixture *f, const char *name)
{
    for (size_t i = 0; i < f->res.objective_count; i++) {
        if (strcmp(f->res.objectives[i].objective->name.text, name) == 0)
            return &f->res.objectives[i];
    }
    fail_msg("no objective '%s'", name);
    return NULL;
}

static inline okr_kr_grade *kr_grade(okr_objective_grade *og, const char *name)
{
    for (size_t i = 0; i < og->kr_count; i++) {
        if (og->krs[i].kr->name.text && strcmp(og->krs[i].kr->name.text, name) == 0)
            return &og->krs[i];
    }
    fail_msg("no key result '%s'", name);
    return NULL;
}

static inline okr_kr_grade *only_kr(fixture *f, const char *obj, const char *kr)
{
    return kr_grade(objective(f, obj), kr);
}

static inline void near_at(double actual, double expected, const char *file, int line)
{
    if (!(fabs(actual - expected) <= 1e-9))
        fail_msg("%s:%d: %.17g, expected %.17g", file, line, actual, expected);
}
#define assert_near(actual, expected) near_at((actual), (expected), __FILE__, __LINE__)

static inline double value_at(fixture *f, const char *name, long cycle_start_offset, long offset, int *exists)
{
    const okr_metric_decl *m = metric_named(f, name);
    double v = -1;
    *exists = okr_series_value_at(&f->store, okr_store_series_of(&f->store, m), m, f->s + cycle_start_offset,
                                  f->s + offset, &v);
    return v;
}

#define ASP_OPEN "aspirational objective o \"Make onboarding effortless\" {\n"
#define COM_OPEN "committed objective c \"Keep checkout dependable\" {\n"
#define LRN_OPEN "learning objective l \"Find out whether usage pricing converts better\" {\n"

/* An objective guarded by a counter-metric of each kind. */
#define GUARDED                                                                  \
    PRELUDE ASP_OPEN "  kr a : act from 20% to 30%\n"                            \
                     "  counter csat at least 80%\n"                             \
                     "  counter refunds at most 10\n"                            \
                     "  counter nps no worse than baseline\n"                    \
                     "  counter down no worse than baseline\n}\n"

#endif
