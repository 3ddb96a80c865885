/* feeds.c: how metrics reach their data (spec.md, "Binding metrics to feeds").
 *
 * Checks the clauses a metric declaration may carry for grading (`aggregate`,
 * `lag`, `source`, `via`, `unit`) and the `native` declarations that `via` names:
 * known aggregation words, positive durations of at most
 * OKR_MAX_DURATION_DAYS, unique native names, the
 * parameter and result kinds libffi calls are built from. It resolves `via`
 * to its declaration, and resolves each metric's aggregation, window and
 * lag (resolve_metric), and the factor from its feed unit to its base unit
 * (units.c, okr_unit_resolve_feed), so that grading never reads the words
 * again. It
 * never opens a library: only `okrc grade --allow-native` does. Codes
 * OKR8xx. */
#include <string.h>

#include "../common/calendar.h"
#include "passes.h"

/* The seconds of a duration quantity; 0 when it is not a positive one. */
static double duration_seconds(const okr_quantity *q)
{
    double seconds = 0;
    if (!okr_calendar_duration_seconds(q->value, q->unit, &seconds) || seconds <= 0)
        return 0;
    return seconds;
}

/* Checks that a duration is positive and at most OKR_MAX_DURATION_DAYS
 * once rounded up to whole days: grading holds every day a window or lag
 * reaches back to, so a longer one would ask for memory by the gigabyte. */
static void check_duration(okr_program *prog, const okr_quantity *q, okr_code code, const char *what,
                           const char *longest)
{
    double seconds = duration_seconds(q);
    okr_diag *d;
    if (seconds <= 0) {
        d = okr_diag_report(&prog->diags, code, q->span, "%s takes a positive duration", what);
        okr_diag_help(&prog->diags, d, "write a number with ms, s, min, h, d or w, e.g. `7d`");
        return;
    }
    long days = okr_calendar_days_ceil(seconds);
    if (days > OKR_MAX_DURATION_DAYS) {
        d = okr_diag_report(&prog->diags, code, q->span, "%s of %ld days is longer than %d days", what, days,
                            OKR_MAX_DURATION_DAYS);
        okr_diag_help(&prog->diags, d, "%s", longest);
    }
}

static void check_native(okr_program *prog, okr_native_decl *n)
{
    okr_diags *diags = &prog->diags;
    okr_diag *d;
    okr_native_decl *prev = okr_strmap_get(&prog->natives, n->name.text);
    if (prev) {
        d = okr_diag_report(diags, OKR804, n->name.span, "native function '%s' is declared twice", n->name.text);
        okr_diag_note(diags, d, prev->name.span, "first declared here");
        okr_diag_help(diags, d, "rename one of them");
        return;
    }
    okr_strmap_put(&prog->natives, n->name.text, n);
    if (!n->library.text[0] || !n->symbol.text[0]) {
        d = okr_diag_report(diags, OKR804, n->span, "native function '%s' needs a library and a symbol",
                            n->name.text);
        okr_diag_help(diags, d, "write `native %s \"libmetrics.so\" \"metric_value\" (metric, date) : number`",
                      n->name.text);
    }
    for (size_t i = 0; i < n->params.len; i++) {
        const okr_name *p = n->params.items[i];
        if (strcmp(p->text, "metric") != 0 && strcmp(p->text, "date") != 0 && strcmp(p->text, "day") != 0) {
            d = okr_diag_report(diags, OKR804, p->span, "unknown parameter kind '%s'", p->text);
            okr_diag_help(diags, d, "parameters are `metric` (const char *), `date` (const char *, YYYY-MM-DD) "
                                    "or `day` (int32_t days since 1970-01-01)");
        }
    }
    if (strcmp(n->result.text, "number") != 0 && strcmp(n->result.text, "int") != 0) {
        d = okr_diag_report(diags, OKR804, n->result.span, "unknown result kind '%s'", n->result.text);
        okr_diag_help(diags, d, "native functions return `number` (double) or `int` (int64_t)");
    }
}

static void check_metric(okr_program *prog, okr_metric_decl *m)
{
    okr_diags *diags = &prog->diags;
    okr_diag *d;
    if (m->more->aggregate.text) {
        const char *a = m->more->aggregate.text;
        int latest = strcmp(a, "latest") == 0;
        if (!latest && strcmp(a, "sum") != 0 && strcmp(a, "mean") != 0) {
            d = okr_diag_report(diags, OKR801, m->more->aggregate.span, "unknown aggregation '%s'", a);
            okr_diag_help(diags, d, "write `aggregate latest`, `aggregate sum over 7d` or `aggregate mean over cycle`");
        } else if (latest && m->has_window) {
            d = okr_diag_report(diags, OKR801, m->more->window.span, "`aggregate latest` takes no window");
            okr_diag_help(diags, d, "remove `over ...`, or write `aggregate sum` or `aggregate mean`");
        } else if (m->has_window && !m->window_is_cycle) {
            check_duration(prog, &m->more->window, OKR801, "an aggregation window",
                           "write at most `over 3660d` (or `over 522w`), or `over cycle` for the whole cycle");
        }
    }
    if (m->has_lag)
        check_duration(prog, &m->more->lag, OKR802, "`lag`", "write at most `lag 3660d`");
    if (m->more->source.text && !m->more->source.text[0]) {
        d = okr_diag_report(diags, OKR804, m->more->source.span, "`source` of metric '%s' is empty", m->name.text);
        okr_diag_help(diags, d, "write the name the feed uses for this metric, or remove `source`");
    }
    if (m->more->via.text) {
        m->native = okr_strmap_get(&prog->natives, m->more->via.text);
        if (!m->native) {
            d = okr_diag_report(diags, OKR803, m->more->via.span, "unknown native function '%s'", m->more->via.text);
            okr_diag_help(diags, d, "declare it: `native %s \"libmetrics.so\" \"symbol\" (metric, date) : number`",
                          m->more->via.text);
        }
        if (m->more->source.text) {
            d = okr_diag_report(diags, OKR804, m->more->via.span, "metric '%s' takes both `via` and `source`",
                                m->name.text);
            okr_diag_help(diags, d, "a metric's data comes from a native function or from a feed: keep one");
        }
    }
    okr_unit_resolve_feed(diags, m);
}

const char *okr_aggregate_name(okr_aggregate_kind kind)
{
    switch (kind) {
    case OKR_AGGREGATE_LATEST: return "latest";
    case OKR_AGGREGATE_SUM: return "sum";
    case OKR_AGGREGATE_MEAN: return "mean";
    }
    return "latest";
}

static long resolved_days(const okr_quantity *q)
{
    return okr_calendar_days_capped(okr_calendar_days_ceil(duration_seconds(q)), OKR_MAX_DURATION_DAYS);
}

/* Decides, once, what grading and the reports read: the aggregation as an
 * enum (an unwritten or unknown word is `latest`, the default; an unknown
 * one is OKR801 above), whether sum/mean read the whole cycle, and the
 * window and lag in whole days, rounded up ("lag days = ceil(seconds /
 * 86400)") and capped at OKR_MAX_DURATION_DAYS. The cap holds even when a
 * policy or a suppression silenced OKR801/OKR802, so the store's range
 * (runtime/bind.c) never reaches back further than the cycle plus 3660
 * days. */
static void resolve_metric(okr_metric_decl *m)
{
    const char *a = m->more->aggregate.text;
    m->aggregate_kind = a && strcmp(a, "sum") == 0    ? OKR_AGGREGATE_SUM
                        : a && strcmp(a, "mean") == 0 ? OKR_AGGREGATE_MEAN
                                                      : OKR_AGGREGATE_LATEST;
    m->window_is_whole_cycle = !m->has_window || m->window_is_cycle;
    m->window_days = m->window_is_whole_cycle ? 0 : resolved_days(&m->more->window);
    m->lag_days = m->has_lag ? resolved_days(&m->more->lag) : 0;
}

/* Teams [from, to) (okr_pass_chunked_per), once the natives are
 * registered: each metric checked and resolved alone, into its own node;
 * the table of natives is only read. */
static void metrics_walk(okr_program *view, size_t from, size_t to, void *ctx)
{
    (void)ctx;
    for (size_t i = from; i < to; i++) {
        okr_team *t = view->teams.items[i];
        for (size_t j = 0; j < t->metric_list.len; j++) {
            check_metric(view, t->metric_list.items[j]);
            resolve_metric(t->metric_list.items[j]);
        }
    }
}

void okr_pass_feeds(okr_program *prog)
{
    /* Gathered by the resolve pass: walking every declaration of every
     * file again for the few natives was a cache miss per declaration. */
    for (size_t i = 0; i < prog->native_decls.len; i++)
        check_native(prog, prog->native_decls.items[i]);
    okr_pass_chunked_per(prog, prog->teams.len, OKR_PASS_TEAMS_PER_JOB, metrics_walk, NULL);
    for (size_t i = 0; i < prog->modules.len; i++) {
        okr_module *mod = prog->modules.items[i];
        for (size_t j = 0; j < mod->metric_list.len; j++) {
            resolve_metric(mod->metric_list.items[j]);
            okr_unit_resolve_feed(NULL, mod->metric_list.items[j]);
        }
    }
}
