/* gen_corpus.c: write a deterministic OKR corpus for the benchmark.
 *
 * Usage: gen_corpus DIR OBJECTIVES [SEED]
 *
 * Writes DIR/okr/ (a company directory and one directory per team, grouped in
 * divisions of 50 teams: metrics.okr with the team's metrics, and one file per
 * quarter with two or three objectives), and the same content as
 * DIR/corpus.json and DIR/corpus.yaml, with DIR/schema.json, a JSON Schema of
 * that structure. The corpus is clean: `okrc check DIR/okr` reports no
 * problem. Objectives are realistic: aspirational ones move outcome metrics
 * and name counter-metrics, committed ones hold operational levels, learning
 * ones test hypotheses; team objectives align to the company's objectives of
 * the year. The same SEED and OBJECTIVES give the same bytes; 1000, 10000
 * and 100000 objectives give about 0.3, 3 and 30 MB of .okr. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- deterministic randomness: splitmix64 ---- */

static uint64_t rng_state;

static uint64_t rng_next(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static int rnd(int n) /* 0 .. n-1 */
{
    return (int)(rng_next() % (uint64_t)n);
}

static int between(int lo, int hi) /* lo .. hi inclusive */
{
    return lo + rnd(hi - lo + 1);
}

/* ---- content: metric templates and words ---- */

typedef enum { T_PERCENT, T_COUNT, T_NUMBER, T_DURATION, T_MONEY, T_SCORE } mtype;

typedef struct tmpl {
    const char *name;  /* metric name */
    const char *kr;    /* key-result name */
    const char *label; /* how titles name it */
    const char *desc;
    mtype type;
    int increasing;
    int operational;
    const char *unit;  /* level suffix: "%", "ms", "min", "h", "d", "" */
    int lo, hi;        /* baseline range, in the unit */
    int step_lo, step_hi; /* how far a target moves, in the unit */
    const char *clauses; /* extra metric clauses, or "" */
} tmpl;

/* Outcome metrics: key results of aspirational and learning objectives. */
static const tmpl outcomes[] = {
    {"activation_rate", "activation", "Day-7 activation", "Share of new accounts that reach the activation milestone within 7 days of sign-up", T_PERCENT, 1, 0, "%", 18, 40, 4, 12, ""},
    {"trial_conversion", "conversion", "trial-to-paid conversion", "Share of trials that become paying accounts within 30 days", T_PERCENT, 1, 0, "%", 6, 16, 1, 4, ""},
    {"weekly_active_accounts", "weekly_accounts", "weekly active accounts", "Accounts with at least one active user in the week", T_COUNT, 1, 0, "", 300, 9000, 60, 1500, ""},
    {"retention_d30", "retention", "30-day retention", "Share of a sign-up cohort still active 30 days after sign-up", T_PERCENT, 1, 0, "%", 30, 60, 3, 9, ""},
    {"churn_rate", "churn", "monthly churn", "Share of customers at the start of the month who cancel during it", T_PERCENT, 0, 0, "%", 3, 9, 1, 2, ""},
    {"time_to_value", "ttv", "median time to first value", "Median time from sign-up to the first report a new account views", T_DURATION, 0, 0, "h", 20, 96, 6, 16, ""},
    {"search_success", "search", "search success", "Share of searches followed by a click on a result within ten seconds", T_PERCENT, 1, 0, "%", 40, 70, 3, 10, ""},
    {"query_time_p50", "query_time", "median query time", "Median time to answer an interactive query in a dashboard", T_DURATION, 0, 0, "ms", 400, 2400, 100, 300, ""},
    {"support_tickets", "tickets", "weekly support tickets", "Support tickets opened by customers per week", T_COUNT, 0, 0, "", 200, 1500, 40, 200, " aggregate sum over 7d"},
    {"expansion_revenue", "expansion", "expansion revenue", "Monthly recurring revenue from upgrades of existing accounts", T_MONEY, 1, 0, "", 40000, 900000, 5000, 90000, " lag 2d"},
    {"nps", "nps", "net promoter score", "Net promoter score from the quarterly customer questionnaire", T_SCORE, 1, 0, "", -10, 45, 3, 12, ""},
    {"checkout_completion", "checkout", "checkout completion", "Share of started checkouts that end in a successful payment", T_PERCENT, 1, 0, "%", 55, 80, 2, 8, ""},
    {"refund_rate", "refunds", "refund rate", "Share of orders refunded within 30 days of purchase", T_PERCENT, 0, 0, "%", 2, 8, 1, 2, ""},
    {"setup_time", "setup", "median setup time", "Median time a new workspace takes to finish setup", T_DURATION, 0, 0, "min", 25, 90, 5, 20, ""},
    {"crash_free_sessions", "crash_free", "crash-free sessions", "Share of app sessions that end without a crash", T_PERCENT, 1, 0, "%", 95, 98, 1, 1, ""},
    {"self_serve_revenue", "self_serve", "self-serve revenue", "Monthly revenue from plans bought in the product without sales", T_MONEY, 1, 0, "", 20000, 600000, 4000, 60000, ""},
    {"page_load_p75", "page_load", "page load time", "Page load time at the 75th percentile of visits", T_DURATION, 0, 0, "ms", 1200, 4000, 200, 800, ""},
    {"invite_acceptance", "invites", "invitation acceptance", "Share of teammate invitations accepted within a week", T_PERCENT, 1, 0, "%", 25, 55, 4, 10, ""},
    {"answer_accuracy", "accuracy", "answer accuracy", "Share of graded assistant answers judged correct by reviewers", T_PERCENT, 1, 0, "%", 60, 80, 3, 9, ""},
    {"first_contact_resolution", "first_contact", "first-contact resolution", "Share of support conversations resolved in the first reply", T_PERCENT, 1, 0, "%", 35, 65, 4, 10, ""},
    {"data_freshness", "freshness", "data freshness", "Median delay between an event and its appearance in reports", T_DURATION, 0, 0, "min", 20, 120, 5, 30, ""},
    {"seats_per_account", "seats", "paid seats per account", "Average paid seats per active account", T_NUMBER, 1, 0, "", 3, 12, 1, 3, ""},
    {"csat", "csat", "support satisfaction", "Mean satisfaction rating of resolved conversations, 1 to 5", T_SCORE, 1, 0, "", 3, 4, 1, 1, ""},
    {"cost_per_order", "unit_cost", "infrastructure cost per thousand orders", "Infrastructure cost per thousand orders served", T_MONEY, 0, 0, "", 40, 300, 5, 40, ""},
};
#define N_OUTCOMES (sizeof outcomes / sizeof outcomes[0])

/* Operational metrics: held by committed objectives, guarded as counters. */
static const tmpl operationals[] = {
    {"availability", "uptime", "availability", "Share of minutes the service answers within its latency objective", T_PERCENT, 1, 1, "%", 99, 99, 0, 0, ""},
    {"incidents_sev1", "sev1", "severity-1 incidents", "Severity-1 incidents declared in the period", T_COUNT, 0, 1, "", 1, 4, 0, 0, " aggregate sum over cycle"},
    {"latency_p99", "latency", "p99 request latency", "Request latency at the 99th percentile", T_DURATION, 0, 1, "ms", 300, 1500, 0, 0, ""},
    {"controls_passing", "controls", "passing audit controls", "Share of audited security controls passing", T_PERCENT, 1, 1, "%", 100, 100, 0, 0, ""},
    {"error_rate", "errors", "failed requests", "Share of requests that fail with a server error", T_PERCENT, 0, 1, "%", 0, 1, 0, 0, ""},
    {"open_security_findings", "findings", "overdue security findings", "High-severity security findings open longer than 30 days", T_COUNT, 0, 1, "", 0, 5, 0, 0, ""},
};
#define N_OPERATIONALS (sizeof operationals / sizeof operationals[0])

static const char *domains[] = {
    "search", "checkout", "billing", "onboarding", "mobile", "payments", "identity",
    "reporting", "dashboards", "notifications", "pricing", "growth", "retention",
    "support", "ranking", "storage", "ingest", "observability", "security",
    "compliance", "ads", "marketplace", "catalog", "messaging", "maps", "video",
    "editor", "sync", "api", "partners", "assistant", "insights", "exports",
    "workflows", "alerts", "connectors", "sharing", "admin", "accounts", "fraud",
};
#define N_DOMAINS (sizeof domains / sizeof domains[0])

static const char *first_names[] = {
    "Dana", "Sam", "Lena", "Ravi", "Keiko", "Marcus", "Priya", "Tomas", "Aisha",
    "Jonas", "Mei", "Carlos", "Nora", "Omar", "Ines", "Felix", "Yuki", "Grace",
    "Kwame", "Sofia", "Erik", "Hana", "Diego", "Anya",
};
static const char *last_names[] = {
    "Lee", "Okafor", "Fischer", "Menon", "Tanaka", "Webb", "Raman", "Novak", "Khan",
    "Berg", "Chen", "Ortiz", "Haas", "Farouk", "Costa", "Wolf", "Sato", "Murphy",
    "Mensah", "Rossi", "Lund", "Kim", "Vargas", "Petrova",
};
#define N_FIRST (sizeof first_names / sizeof first_names[0])
#define N_LAST (sizeof last_names / sizeof last_names[0])

/* Objective statements: qualitative, no digits, not a task. %s is the domain. */
static const char *aspirational_statements[] = {
    "Customers find what they need in %s on the first try",
    "New accounts see the value of %s in their first week",
    "Teams come back to %s because it saves them time",
    "Every customer who starts with %s finishes what they came to do",
    "People recommend %s to their colleagues without being asked",
    "Customers get answers from %s while the question still matters",
    "Working with %s feels effortless for new and seasoned users alike",
    "Customers grow their use of %s as their business grows",
};
static const char *committed_statements[] = {
    "Customers can rely on %s with their most important work",
    "Every request to %s is answered safely and on time",
    "Nobody has to worry about %s being down or leaking data",
    "Customers rely on %s to keep their data safe",
};
static const char *learning_statements[] = {
    "Learn what makes customers stay with %s",
    "Understand which parts of %s customers value enough to pay for",
    "Learn where people get stuck in %s and why",
    "Find out how much faster %s can answer before anyone notices",
};
static const char *aspirational_names[] = {"adoption", "retention", "speed", "quality", "revenue", "reach", "satisfaction", "efficiency"};
static const char *committed_names[] = {"reliability", "trust", "safety"};
static const char *learning_names[] = {"discovery", "insight", "signals"};
static const char *means[] = {
    "a guided setup", "in-product tips", "a simpler pricing page", "smarter defaults",
    "sample data for new workspaces", "faster first load", "a shorter sign-up form",
    "templates for common reports", "email digests", "a clearer upgrade path",
};
#define COUNT(a) (sizeof a / sizeof a[0])

/* ---- the model: what is written three times ---- */

typedef enum { F_FROM_TO, F_UNKNOWN_TO, F_BY, F_AT_LEAST, F_AT_MOST, F_NO_WORSE } form;

typedef struct target {
    form form;
    double from, to; /* to is the target, bound or change */
    int relative;    /* by N%: a relative change */
} target;

typedef struct kresult {
    int hypothesis;
    const tmpl *metric;
    char title[200];
    target t;
} kresult;

typedef struct counter {
    const tmpl *metric;
    target t;
} counter;

typedef enum { A_ASPIRATIONAL, A_COMMITTED, A_LEARNING } archetype;
static const char *archetype_names[] = {"aspirational", "committed", "learning"};

typedef struct objective {
    archetype arch;
    char name[32];
    char statement[160];
    char owner[40];       /* "" when none */
    const char *aligns;   /* company objective, or NULL */
    double expect;        /* < 0 when none */
    kresult krs[5];
    int nkr;
    counter counters[2];
    int ncounter;
} objective;

typedef struct team {
    char name[48];
    char title[64];
    char owner[40];
    char dir[96];         /* relative to okr/ */
    const tmpl *metrics[12];
    int nmetric;
} team;

/* ---- output helpers ---- */

static FILE *xopen(const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "gen_corpus: cannot write %s: %s\n", path, strerror(errno));
        exit(2);
    }
    return f;
}

/* Formats a path into buf (PATH_BYTES long); a path too long is fatal. */
#define PATH_BYTES 1024
static void pathf(char *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void pathf(char *buf, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, PATH_BYTES, fmt, ap);
    va_end(ap);
    if (n < 0 || n >= PATH_BYTES) {
        fprintf(stderr, "gen_corpus: path too long\n");
        exit(2);
    }
}

static void xmkdir(const char *path)
{
    if (mkdir(path, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "gen_corpus: cannot create %s: %s\n", path, strerror(errno));
        exit(2);
    }
}

/* A number as written in .okr: no exponent, no trailing zeros. */
static const char *num(double v, char *buf)
{
    snprintf(buf, 32, "%.2f", v);
    char *dot = strchr(buf, '.');
    if (dot) {
        char *end = buf + strlen(buf) - 1;
        while (end > dot && *end == '0')
            *end-- = '\0';
        if (end == dot)
            *end = '\0';
    }
    if (strcmp(buf, "-0") == 0)
        strcpy(buf, "0");
    return buf;
}

/* A level with the metric's unit suffix: 22%, 45min, 1200. */
static const char *level(const tmpl *m, double v, char *buf)
{
    char n[32];
    snprintf(buf, 48, "%s%s", num(v, n), m->unit);
    return buf;
}

static const char *type_text(const tmpl *m)
{
    switch (m->type) {
    case T_PERCENT: return "percent";
    case T_COUNT: return "count";
    case T_NUMBER: return "number";
    case T_DURATION: return "duration";
    case T_MONEY: return "money(USD)";
    case T_SCORE: return strcmp(m->name, "csat") == 0 ? "score(1..5)" : "score(-100..100)";
    }
    return "number";
}

/* ---- generation ---- */

static void person(char *buf, size_t size)
{
    snprintf(buf, size, "%s %s", first_names[rnd(N_FIRST)], last_names[rnd(N_LAST)]);
}

/* A baseline and a target that improve the metric. */
static void improve(const tmpl *m, double *from, double *to)
{
    double b = between(m->lo, m->hi), step = between(m->step_lo, m->step_hi);
    if (m->type == T_SCORE && strcmp(m->name, "csat") == 0) {
        b = 3.4 + rnd(8) / 10.0; /* 3.4 .. 4.1 */
        step = 0.2 + rnd(4) / 10.0;
    } else if (m->type == T_PERCENT && rnd(3) == 0) {
        b += rnd(10) / 10.0;
    }
    if (!m->increasing && b - step <= 0)
        b = step + between(1, m->step_hi + 1);
    *from = b;
    *to = m->increasing ? b + step : b - step;
}

/* A level to hold: a floor for an increasing metric, a ceiling otherwise. */
static double hold(const tmpl *m)
{
    if (m->operational) {
        if (strcmp(m->name, "availability") == 0) {
            static const double floors[] = {99.5, 99.9, 99.95, 99.99};
            return floors[rnd(4)];
        }
        if (strcmp(m->name, "error_rate") == 0)
            return (1 + rnd(5)) / 10.0;
        return between(m->lo, m->hi);
    }
    double from, to;
    improve(m, &from, &to);
    return from;
}

static void title_target(kresult *k, const char *verb)
{
    char a[48], b[48];
    const tmpl *m = k->metric;
    switch (k->t.form) {
    case F_FROM_TO:
        snprintf(k->title, sizeof k->title, "%s %s from %s to %s", verb, m->label, level(m, k->t.from, a),
                 level(m, k->t.to, b));
        break;
    case F_BY:
        snprintf(k->title, sizeof k->title, "%s %s by %s%%", verb, m->label, num(k->t.to < 0 ? -k->t.to : k->t.to, a));
        break;
    case F_AT_LEAST:
        snprintf(k->title, sizeof k->title, "Keep %s at or above %s", m->label, level(m, k->t.to, a));
        break;
    case F_AT_MOST:
        snprintf(k->title, sizeof k->title, "Keep %s at or below %s", m->label, level(m, k->t.to, a));
        break;
    default:
        break;
    }
}

static int team_has(const team *t, const tmpl *m)
{
    for (int i = 0; i < t->nmetric; i++)
        if (t->metrics[i] == m)
            return 1;
    return 0;
}

/* Picks n distinct metrics of team t matching operational, none in used[]. */
static int pick_metrics(const team *t, int operational, int n, const tmpl **out, const tmpl **used, int nused)
{
    const tmpl *pool[12];
    int np = 0;
    for (int i = 0; i < t->nmetric; i++) {
        if (t->metrics[i]->operational != operational)
            continue;
        int taken = 0;
        for (int j = 0; j < nused; j++)
            taken |= used[j] == t->metrics[i];
        if (!taken)
            pool[np++] = t->metrics[i];
    }
    int got = 0;
    while (got < n && np > 0) {
        int i = rnd(np);
        out[got++] = pool[i];
        pool[i] = pool[--np];
    }
    return got;
}

static void make_objective(const team *t, const char *domain, archetype arch, objective *o, const char **company_objectives)
{
    memset(o, 0, sizeof *o);
    o->arch = arch;
    o->expect = -1;
    if (rnd(5) < 2)
        person(o->owner, sizeof o->owner);
    const tmpl *used[8];
    int nused = 0;
    if (arch == A_ASPIRATIONAL) {
        snprintf(o->statement, sizeof o->statement, aspirational_statements[rnd(COUNT(aspirational_statements))], domain);
        o->aligns = company_objectives[rnd(2)];
        o->expect = rnd(3) == 0 ? -1 : rnd(4) == 0 ? 0.6 : 0.7;
        o->nkr = pick_metrics(t, 0, between(2, 3), used, NULL, 0);
        nused = o->nkr;
        for (int i = 0; i < o->nkr; i++) {
            kresult *k = &o->krs[i];
            k->metric = used[i];
            if (rnd(6) == 0 && used[i]->type != T_SCORE) {
                k->t.form = F_BY;
                k->t.relative = 1;
                k->t.to = (used[i]->increasing ? 1 : -1) * between(10, 40);
            } else {
                k->t.form = F_FROM_TO;
                improve(used[i], &k->t.from, &k->t.to);
            }
            static const char *up[] = {"Raise", "Grow", "Lift", "Increase"}, *down[] = {"Cut", "Reduce", "Lower"};
            const char *verb = used[i]->increasing ? up[rnd(4)] : down[rnd(3)];
            int style = rnd(4); /* no title, a short one, or one with the numbers */
            if (style == 2)
                snprintf(k->title, sizeof k->title, "%s %s", verb, used[i]->label);
            else if (style == 3)
                title_target(k, verb);
        }
        /* One or two counter-metrics: an operational floor, or an outcome
         * that must not degrade. */
        const tmpl *c[2];
        int nc = pick_metrics(t, 1, 1, c, NULL, 0);
        if (rnd(2) == 0)
            nc += pick_metrics(t, 0, 1, c + nc, used, nused);
        for (int i = 0; i < nc; i++) {
            counter *ct = &o->counters[o->ncounter++];
            ct->metric = c[i];
            if (!c[i]->operational && rnd(2) == 0)
                ct->t.form = F_NO_WORSE;
            else {
                ct->t.form = c[i]->increasing ? F_AT_LEAST : F_AT_MOST;
                ct->t.to = hold(c[i]);
            }
        }
    } else if (arch == A_COMMITTED) {
        snprintf(o->statement, sizeof o->statement, committed_statements[rnd(COUNT(committed_statements))], domain);
        o->aligns = company_objectives[2];
        o->expect = 1.0;
        o->nkr = pick_metrics(t, 1, between(2, 3), used, NULL, 0);
        for (int i = 0; i < o->nkr; i++) {
            kresult *k = &o->krs[i];
            k->metric = used[i];
            k->t.form = used[i]->increasing ? F_AT_LEAST : F_AT_MOST;
            k->t.to = hold(used[i]);
            if (rnd(2) == 0)
                title_target(k, "");
        }
    } else {
        snprintf(o->statement, sizeof o->statement, learning_statements[rnd(COUNT(learning_statements))], domain);
        if (rnd(2) == 0)
            o->aligns = company_objectives[rnd(2)];
        o->nkr = pick_metrics(t, 0, between(2, 3), used, NULL, 0);
        for (int i = 0; i < o->nkr; i++) {
            kresult *k = &o->krs[i];
            k->hypothesis = 1;
            k->metric = used[i];
            improve(used[i], &k->t.from, &k->t.to);
            k->t.form = rnd(2) == 0 ? F_UNKNOWN_TO : F_FROM_TO;
            char a[48];
            snprintf(k->title, sizeof k->title, "Confirm that %s can reach %s with %s", used[i]->label,
                     level(used[i], k->t.to, a), means[rnd(COUNT(means))]);
        }
    }
}

/* ---- writers: .okr ---- */

static void okr_target(FILE *f, const tmpl *m, const target *t)
{
    char a[48], b[48];
    switch (t->form) {
    case F_FROM_TO: fprintf(f, " from %s to %s", level(m, t->from, a), level(m, t->to, b)); break;
    case F_UNKNOWN_TO: fprintf(f, " from ? to %s", level(m, t->to, a)); break;
    case F_BY: fprintf(f, " by %s%s%%", t->to > 0 ? "+" : "", num(t->to, a)); break;
    case F_AT_LEAST: fprintf(f, " at least %s", level(m, t->to, a)); break;
    case F_AT_MOST: fprintf(f, " at most %s", level(m, t->to, a)); break;
    case F_NO_WORSE: fprintf(f, " no worse than baseline"); break;
    }
}

static void okr_objective(FILE *f, const objective *o)
{
    char n[32];
    fprintf(f, "\n%s objective %s \"%s\" {\n", archetype_names[o->arch], o->name, o->statement);
    if (o->owner[0])
        fprintf(f, "  owner \"%s\"\n", o->owner);
    if (o->aligns)
        fprintf(f, "  aligns company.%s\n", o->aligns);
    if (o->expect >= 0)
        fprintf(f, "  expect %s\n", o->expect == 1.0 ? "1.0" : num(o->expect, n));
    for (int i = 0; i < o->nkr; i++) {
        const kresult *k = &o->krs[i];
        fprintf(f, "  %s %s", k->hypothesis ? "hypothesis" : "kr", k->metric->kr);
        if (k->title[0])
            fprintf(f, " \"%s\"", k->title);
        fprintf(f, " : %s", k->metric->name);
        okr_target(f, k->metric, &k->t);
        fputc('\n', f);
    }
    for (int i = 0; i < o->ncounter; i++) {
        fprintf(f, "  counter %s", o->counters[i].metric->name);
        okr_target(f, o->counters[i].metric, &o->counters[i].t);
        fputc('\n', f);
    }
    fputs("}\n", f);
}

static void okr_metric(FILE *f, const tmpl *m)
{
    fprintf(f, "metric %s \"%s\" : %s %s%s%s\n", m->name, m->desc, type_text(m),
            m->increasing ? "increasing" : "decreasing", m->operational ? " operational" : "", m->clauses);
}

/* ---- writers: JSON and YAML share one walk ---- */

typedef struct out {
    FILE *json, *yaml;
    size_t teams_written;
} out;

static const char *form_names[] = {"from_to", "unknown_to", "by", "at_least", "at_most", "no_worse_than_baseline"};

static void json_target(FILE *f, const target *t, const tmpl *m)
{
    char a[48], b[48];
    fprintf(f, "{\"form\":\"%s\"", form_names[t->form]);
    switch (t->form) {
    case F_FROM_TO: fprintf(f, ",\"from\":%s,\"to\":%s", num(t->from, a), num(t->to, b)); break;
    case F_UNKNOWN_TO: fprintf(f, ",\"from\":null,\"to\":%s", num(t->to, a)); break;
    case F_BY: fprintf(f, ",\"by\":%s,\"relative\":true", num(t->to, a)); break;
    case F_AT_LEAST: case F_AT_MOST: fprintf(f, ",\"bound\":%s", num(t->to, a)); break;
    case F_NO_WORSE: break;
    }
    if (t->form != F_NO_WORSE && t->form != F_BY)
        fprintf(f, ",\"unit\":\"%s\"", m->unit);
    fputc('}', f);
}

static void yaml_target(FILE *f, const target *t, const tmpl *m)
{
    char a[48], b[48];
    fprintf(f, "{form: %s", form_names[t->form]);
    switch (t->form) {
    case F_FROM_TO: fprintf(f, ", from: %s, to: %s", num(t->from, a), num(t->to, b)); break;
    case F_UNKNOWN_TO: fprintf(f, ", from: null, to: %s", num(t->to, a)); break;
    case F_BY: fprintf(f, ", by: %s, relative: true", num(t->to, a)); break;
    case F_AT_LEAST: case F_AT_MOST: fprintf(f, ", bound: %s", num(t->to, a)); break;
    case F_NO_WORSE: break;
    }
    if (t->form != F_NO_WORSE && t->form != F_BY)
        fprintf(f, ", unit: \"%s\"", m->unit);
    fputc('}', f);
}

static void data_team_begin(out *o, const team *t)
{
    fprintf(o->json, "%s\n{\"name\":\"%s\",\"title\":\"%s\",\"owner\":\"%s\",\"metrics\":[", o->teams_written ? "," : "",
            t->name, t->title, t->owner);
    fprintf(o->yaml, "- name: %s\n  title: \"%s\"\n  owner: \"%s\"\n  metrics:\n", t->name, t->title, t->owner);
    for (int i = 0; i < t->nmetric; i++) {
        const tmpl *m = t->metrics[i];
        fprintf(o->json, "%s{\"name\":\"%s\",\"description\":\"%s\",\"type\":\"%s\",\"direction\":\"%s\",\"operational\":%s}",
                i ? "," : "", m->name, m->desc, type_text(m), m->increasing ? "increasing" : "decreasing",
                m->operational ? "true" : "false");
        fprintf(o->yaml, "  - {name: %s, description: \"%s\", type: \"%s\", direction: %s, operational: %s}\n", m->name,
                m->desc, type_text(m), m->increasing ? "increasing" : "decreasing", m->operational ? "true" : "false");
    }
    fputs("],\"cycles\":[", o->json);
    fputs("  cycles:\n", o->yaml);
    o->teams_written++;
}

static void data_cycle(out *o, int first, const char *label, const char *start, const char *end, const objective *objs,
                       int n)
{
    char e[32];
    fprintf(o->json, "%s{\"label\":\"%s\",\"start\":\"%s\",\"end\":\"%s\",\"objectives\":[", first ? "" : ",", label,
            start, end);
    fprintf(o->yaml, "  - label: \"%s\"\n    start: \"%s\"\n    end: \"%s\"\n    objectives:\n", label, start, end);
    for (int i = 0; i < n; i++) {
        const objective *ob = &objs[i];
        fprintf(o->json, "%s{\"name\":\"%s\",\"archetype\":\"%s\",\"statement\":\"%s\"", i ? "," : "", ob->name,
                archetype_names[ob->arch], ob->statement);
        fprintf(o->yaml, "    - name: %s\n      archetype: %s\n      statement: \"%s\"\n", ob->name,
                archetype_names[ob->arch], ob->statement);
        if (ob->owner[0]) {
            fprintf(o->json, ",\"owner\":\"%s\"", ob->owner);
            fprintf(o->yaml, "      owner: \"%s\"\n", ob->owner);
        }
        if (ob->aligns) {
            fprintf(o->json, ",\"aligns\":\"company.%s\"", ob->aligns);
            fprintf(o->yaml, "      aligns: company.%s\n", ob->aligns);
        }
        if (ob->expect >= 0) {
            fprintf(o->json, ",\"expect\":%s", num(ob->expect, e));
            fprintf(o->yaml, "      expect: %s\n", num(ob->expect, e));
        }
        fputs(",\"key_results\":[", o->json);
        fputs("      key_results:\n", o->yaml);
        for (int k = 0; k < ob->nkr; k++) {
            const kresult *kr = &ob->krs[k];
            fprintf(o->json, "%s{\"kind\":\"%s\",\"name\":\"%s\",", k ? "," : "", kr->hypothesis ? "hypothesis" : "kr",
                    kr->metric->kr);
            fprintf(o->yaml, "      - {kind: %s, name: %s, ", kr->hypothesis ? "hypothesis" : "kr", kr->metric->kr);
            if (kr->title[0]) {
                fprintf(o->json, "\"title\":\"%s\",", kr->title);
                fprintf(o->yaml, "title: \"%s\", ", kr->title);
            }
            fprintf(o->json, "\"metric\":\"%s\",\"target\":", kr->metric->name);
            json_target(o->json, &kr->t, kr->metric);
            fputc('}', o->json);
            fprintf(o->yaml, "metric: %s, target: ", kr->metric->name);
            yaml_target(o->yaml, &kr->t, kr->metric);
            fputs("}\n", o->yaml);
        }
        fputs("],\"counters\":[", o->json);
        fputs(ob->ncounter ? "      counters:\n" : "      counters: []\n", o->yaml);
        for (int c = 0; c < ob->ncounter; c++) {
            const counter *ct = &ob->counters[c];
            fprintf(o->json, "%s{\"metric\":\"%s\",\"bound\":", c ? "," : "", ct->metric->name);
            json_target(o->json, &ct->t, ct->metric);
            fputc('}', o->json);
            fprintf(o->yaml, "      - {metric: %s, bound: ", ct->metric->name);
            yaml_target(o->yaml, &ct->t, ct->metric);
            fputs("}\n", o->yaml);
        }
        fputs("]}", o->json);
    }
    fputs("]}", o->json);
}

static void data_team_end(out *o)
{
    fputs("]}", o->json);
}

/* ---- the company ---- */

static const tmpl company_metrics[] = {
    {"arr", "arr", "annual recurring revenue", "Annual recurring revenue, all plans, at the end of the month", T_MONEY, 1, 0, "", 40000000, 60000000, 4000000, 9000000, ""},
    {"net_revenue_retention", "nrr", "net revenue retention", "Revenue this month from customers of a year ago, as a share of their revenue then", T_PERCENT, 1, 0, "%", 104, 110, 3, 7, ""},
    {"self_serve_share", "self_serve_share", "self-serve share of new revenue", "Share of new annual recurring revenue bought in the product without sales", T_PERCENT, 1, 0, "%", 25, 40, 4, 10, ""},
    {"gross_margin", "margin", "gross margin", "Gross margin over the trailing quarter", T_PERCENT, 1, 0, "%", 68, 76, 2, 5, ""},
    {"availability", "uptime", "availability", "Share of minutes the product answers within its latency objective", T_PERCENT, 1, 1, "%", 99, 99, 0, 0, ""},
    {"incidents_sev1", "sev1", "severity-1 incidents", "Severity-1 incidents declared in the period", T_COUNT, 0, 1, "", 2, 6, 0, 0, " aggregate sum over cycle"},
    {"controls_passing", "controls", "passing audit controls", "Share of audited security controls passing", T_PERCENT, 1, 1, "%", 100, 100, 0, 0, ""},
};
static const char *company_objectives[] = {"self_serve", "expansion", "trust"};

static void company(const char *root, out *o, int *objectives_written)
{
    char path[PATH_BYTES];
    pathf(path, "%s/company", root);
    xmkdir(path);
    team t = {.name = "company", .title = "Acme Analytics", .owner = "Priya Raman", .dir = "company"};
    for (size_t i = 0; i < COUNT(company_metrics); i++)
        t.metrics[t.nmetric++] = &company_metrics[i];
    pathf(path, "%s/company/metrics.okr", root);
    FILE *f = xopen(path);
    fputs("// The company's own metrics; the teams declare theirs in their directories.\n", f);
    fprintf(f, "team company \"%s\" owner \"%s\"\n\n", t.title, t.owner);
    for (int i = 0; i < t.nmetric; i++)
        okr_metric(f, t.metrics[i]);
    fclose(f);
    data_team_begin(o, &t);
    for (int year = 2025; year <= 2026; year++) {
        objective objs[3];
        char n[32], a[48], b[48];
        for (int i = 0; i < 3; i++) {
            objective *ob = &objs[i];
            memset(ob, 0, sizeof *ob);
            strcpy(ob->name, company_objectives[i]);
            strcpy(ob->owner, i == 0 ? "Priya Raman" : i == 1 ? "Marcus Webb" : "Keiko Tanaka");
            ob->arch = i == 2 ? A_COMMITTED : A_ASPIRATIONAL;
            ob->expect = i == 2 ? 1.0 : 0.7;
            static const char *stmts[] = {"Make self-serve the easiest way to buy and succeed with Acme",
                                          "Grow with our customers as their appetite for data grows",
                                          "Customers can rely on Acme with their most important data"};
            strcpy(ob->statement, stmts[i]);
            int ks[3][3] = {{2, 0, -1}, {1, 0, -1}, {4, 5, 6}};
            for (int k = 0; k < 3 && ks[i][k] >= 0; k++) {
                kresult *kr = &ob->krs[ob->nkr++];
                kr->metric = &company_metrics[ks[i][k]];
                if (kr->metric->operational) {
                    kr->t.form = kr->metric->increasing ? F_AT_LEAST : F_AT_MOST;
                    kr->t.to = strcmp(kr->metric->name, "availability") == 0 ? 99.95 : kr->metric->lo;
                    title_target(kr, "");
                } else {
                    kr->t.form = F_FROM_TO;
                    improve(kr->metric, &kr->t.from, &kr->t.to);
                    title_target(kr, "Grow");
                }
            }
            if (i < 2) {
                ob->counters[ob->ncounter].metric = &company_metrics[3];
                ob->counters[ob->ncounter++].t = (target){.form = F_AT_LEAST, .to = 70};
                ob->counters[ob->ncounter].metric = &company_metrics[5];
                ob->counters[ob->ncounter++].t = (target){.form = F_AT_MOST, .to = 4};
            }
        }
        (void)n, (void)a, (void)b;
        pathf(path, "%s/company/fy%d.okr", root, year);
        f = xopen(path);
        fprintf(f, "// Company objectives for fiscal %d; the teams' quarterly objectives align to them.\n", year);
        fprintf(f, "team company\ncycle \"FY%d\" from %d-01-01 to %d-12-31\n", year, year, year);
        for (int i = 0; i < 3; i++)
            okr_objective(f, &objs[i]);
        fclose(f);
        char label[16], start[16], end[16];
        snprintf(label, sizeof label, "FY%d", year);
        snprintf(start, sizeof start, "%d-01-01", year);
        snprintf(end, sizeof end, "%d-12-31", year);
        data_cycle(o, year == 2025, label, start, end, objs, 3);
        *objectives_written += 3;
    }
    data_team_end(o);
}

/* ---- main ---- */

static const char *schema =
    "{\n"
    "  \"$schema\": \"http://json-schema.org/draft-07/schema#\",\n"
    "  \"$id\": \"https://okrc.invalid/bench/corpus.schema.json\",\n"
    "  \"title\": \"okrc benchmark corpus: teams, metrics, cycles, objectives, key results\",\n"
    "  \"type\": \"array\",\n"
    "  \"items\": {\"$ref\": \"#/definitions/team\"},\n"
    "  \"definitions\": {\n"
    "    \"name\": {\"type\": \"string\", \"pattern\": \"^[A-Za-z_][A-Za-z0-9_]*$\", \"maxLength\": 128},\n"
    "    \"path\": {\"type\": \"string\", \"pattern\": \"^[A-Za-z_][A-Za-z0-9_]*(\\\\.[A-Za-z_][A-Za-z0-9_]*){0,2}$\"},\n"
    "    \"text\": {\"type\": \"string\", \"minLength\": 1, \"maxLength\": 1024},\n"
    "    \"date\": {\"type\": \"string\", \"pattern\": \"^[0-9]{4}-[0-9]{2}-[0-9]{2}$\"},\n"
    "    \"team\": {\n"
    "      \"type\": \"object\",\n"
    "      \"required\": [\"name\", \"metrics\", \"cycles\"],\n"
    "      \"additionalProperties\": false,\n"
    "      \"properties\": {\n"
    "        \"name\": {\"$ref\": \"#/definitions/name\"},\n"
    "        \"title\": {\"$ref\": \"#/definitions/text\"},\n"
    "        \"owner\": {\"$ref\": \"#/definitions/text\"},\n"
    "        \"metrics\": {\"type\": \"array\", \"items\": {\"$ref\": \"#/definitions/metric\"}},\n"
    "        \"cycles\": {\"type\": \"array\", \"items\": {\"$ref\": \"#/definitions/cycle\"}}\n"
    "      }\n"
    "    },\n"
    "    \"metric\": {\n"
    "      \"type\": \"object\",\n"
    "      \"required\": [\"name\", \"type\", \"direction\"],\n"
    "      \"additionalProperties\": false,\n"
    "      \"properties\": {\n"
    "        \"name\": {\"$ref\": \"#/definitions/name\"},\n"
    "        \"description\": {\"$ref\": \"#/definitions/text\"},\n"
    "        \"type\": {\"type\": \"string\", \"pattern\": \"^(percent|count|number|duration|money\\\\([A-Z]{3}\\\\)|score\\\\(-?[0-9]+\\\\.\\\\.-?[0-9]+\\\\))$\"},\n"
    "        \"direction\": {\"enum\": [\"increasing\", \"decreasing\"]},\n"
    "        \"operational\": {\"type\": \"boolean\"}\n"
    "      }\n"
    "    },\n"
    "    \"cycle\": {\n"
    "      \"type\": \"object\",\n"
    "      \"required\": [\"label\", \"start\", \"end\", \"objectives\"],\n"
    "      \"additionalProperties\": false,\n"
    "      \"properties\": {\n"
    "        \"label\": {\"$ref\": \"#/definitions/text\"},\n"
    "        \"start\": {\"$ref\": \"#/definitions/date\"},\n"
    "        \"end\": {\"$ref\": \"#/definitions/date\"},\n"
    "        \"objectives\": {\"type\": \"array\", \"maxItems\": 3, \"items\": {\"$ref\": \"#/definitions/objective\"}}\n"
    "      }\n"
    "    },\n"
    "    \"objective\": {\n"
    "      \"type\": \"object\",\n"
    "      \"required\": [\"name\", \"archetype\", \"statement\", \"key_results\", \"counters\"],\n"
    "      \"additionalProperties\": false,\n"
    "      \"properties\": {\n"
    "        \"name\": {\"$ref\": \"#/definitions/name\"},\n"
    "        \"archetype\": {\"enum\": [\"committed\", \"aspirational\", \"learning\"]},\n"
    "        \"statement\": {\"type\": \"string\", \"minLength\": 1, \"maxLength\": 1024, \"pattern\": \"^[^0-9%]*$\"},\n"
    "        \"owner\": {\"$ref\": \"#/definitions/text\"},\n"
    "        \"aligns\": {\"$ref\": \"#/definitions/path\"},\n"
    "        \"expect\": {\"type\": \"number\", \"minimum\": 0, \"maximum\": 1},\n"
    "        \"key_results\": {\"type\": \"array\", \"minItems\": 2, \"maxItems\": 5, \"items\": {\"$ref\": \"#/definitions/key_result\"}},\n"
    "        \"counters\": {\"type\": \"array\", \"items\": {\"$ref\": \"#/definitions/counter\"}}\n"
    "      }\n"
    "    },\n"
    "    \"key_result\": {\n"
    "      \"type\": \"object\",\n"
    "      \"required\": [\"kind\", \"metric\", \"target\"],\n"
    "      \"additionalProperties\": false,\n"
    "      \"properties\": {\n"
    "        \"kind\": {\"enum\": [\"kr\", \"hypothesis\"]},\n"
    "        \"name\": {\"$ref\": \"#/definitions/name\"},\n"
    "        \"title\": {\"$ref\": \"#/definitions/text\"},\n"
    "        \"metric\": {\"$ref\": \"#/definitions/path\"},\n"
    "        \"weight\": {\"type\": \"number\", \"exclusiveMinimum\": 0},\n"
    "        \"target\": {\"$ref\": \"#/definitions/target\"}\n"
    "      }\n"
    "    },\n"
    "    \"counter\": {\n"
    "      \"type\": \"object\",\n"
    "      \"required\": [\"metric\", \"bound\"],\n"
    "      \"additionalProperties\": false,\n"
    "      \"properties\": {\n"
    "        \"metric\": {\"$ref\": \"#/definitions/path\"},\n"
    "        \"bound\": {\"allOf\": [{\"$ref\": \"#/definitions/target\"},\n"
    "                  {\"type\": \"object\", \"properties\": {\"form\": {\"enum\": [\"at_least\", \"at_most\", \"no_worse_than_baseline\"]}}}]}\n"
    "      }\n"
    "    },\n"
    "    \"target\": {\n"
    "      \"type\": \"object\",\n"
    "      \"required\": [\"form\"],\n"
    "      \"additionalProperties\": false,\n"
    "      \"properties\": {\n"
    "        \"form\": {\"enum\": [\"from_to\", \"unknown_to\", \"by\", \"at_least\", \"at_most\", \"no_worse_than_baseline\"]},\n"
    "        \"from\": {\"type\": [\"number\", \"null\"]},\n"
    "        \"to\": {\"type\": \"number\"},\n"
    "        \"by\": {\"type\": \"number\", \"not\": {\"const\": 0}},\n"
    "        \"relative\": {\"type\": \"boolean\"},\n"
    "        \"bound\": {\"type\": \"number\"},\n"
    "        \"unit\": {\"enum\": [\"\", \"%\", \"ms\", \"s\", \"min\", \"h\", \"d\", \"w\"]}\n"
    "      },\n"
    "      \"allOf\": [\n"
    "        {\"if\": {\"properties\": {\"form\": {\"const\": \"from_to\"}}}, \"then\": {\"required\": [\"from\", \"to\"], \"properties\": {\"from\": {\"type\": \"number\"}}}},\n"
    "        {\"if\": {\"properties\": {\"form\": {\"const\": \"unknown_to\"}}}, \"then\": {\"required\": [\"to\"], \"properties\": {\"from\": {\"type\": \"null\"}}}},\n"
    "        {\"if\": {\"properties\": {\"form\": {\"const\": \"by\"}}}, \"then\": {\"required\": [\"by\"]}},\n"
    "        {\"if\": {\"properties\": {\"form\": {\"enum\": [\"at_least\", \"at_most\"]}}}, \"then\": {\"required\": [\"bound\"]}}\n"
    "      ]\n"
    "    }\n"
    "  }\n"
    "}\n";

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: gen_corpus DIR OBJECTIVES [SEED]\n");
        return 2;
    }
    const char *dir = argv[1];
    long total = strtol(argv[2], NULL, 10);
    if (total < 6) {
        fprintf(stderr, "gen_corpus: OBJECTIVES must be at least 6\n");
        return 2;
    }
    rng_state = argc > 3 ? strtoull(argv[3], NULL, 10) : 20260701;
    char root[PATH_BYTES], path[PATH_BYTES];
    xmkdir(dir);
    pathf(root, "%s/okr", dir);
    xmkdir(root);

    out o = {0};
    pathf(path, "%s/corpus.json", dir);
    o.json = xopen(path);
    pathf(path, "%s/corpus.yaml", dir);
    o.yaml = xopen(path);
    fputs("[", o.json);
    fputs("# okrc benchmark corpus: the same content as okr/ and corpus.json.\n", o.yaml);

    int written = 0;
    company(root, &o, &written);

    static const char *quarters[] = {"2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4",
                                     "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"};
    static const char *quarter_start[] = {"01-01", "04-01", "07-01", "10-01"};
    static const char *quarter_end[] = {"03-31", "06-30", "09-30", "12-31"};
    int files = 3, teams = 0;
    while (written < total) {
        team t = {0};
        const char *domain = domains[teams % N_DOMAINS];
        snprintf(t.name, sizeof t.name, "%s_%d", domain, teams / (int)N_DOMAINS + 1);
        snprintf(t.title, sizeof t.title, "%c%s %d", domain[0] - 'a' + 'A', domain + 1, teams / (int)N_DOMAINS + 1);
        person(t.owner, sizeof t.owner);
        snprintf(t.dir, sizeof t.dir, "div%03d", teams / 50 + 1);
        pathf(path, "%s/%s", root, t.dir);
        if (teams % 50 == 0)
            xmkdir(path);
        pathf(path, "%s/%s/%s", root, t.dir, t.name);
        xmkdir(path);
        /* Eight outcome metrics and three operational ones, distinct. */
        while (t.nmetric < 8) {
            const tmpl *m = &outcomes[rnd(N_OUTCOMES)];
            if (!team_has(&t, m))
                t.metrics[t.nmetric++] = m;
        }
        while (t.nmetric < 11) {
            const tmpl *m = &operationals[rnd(N_OPERATIONALS)];
            if (!team_has(&t, m))
                t.metrics[t.nmetric++] = m;
        }
        pathf(path, "%s/%s/%s/metrics.okr", root, t.dir, t.name);
        FILE *f = xopen(path);
        fprintf(f, "// %s: the metrics the team reports on, shared by its quarterly files.\n", t.title);
        fprintf(f, "team %s \"%s\" owner \"%s\"\n\n", t.name, t.title, t.owner);
        for (int i = 0; i < t.nmetric; i++)
            okr_metric(f, t.metrics[i]);
        fclose(f);
        files++;
        data_team_begin(&o, &t);
        for (int q = 0; q < 8 && written < total; q++) {
            int n = between(2, 3);
            if (n > total - written)
                n = (int)(total - written);
            objective objs[3];
            int used_asp = 0;
            for (int i = 0; i < n; i++) {
                archetype a = i == 0 ? A_ASPIRATIONAL : (archetype)rnd(3);
                if (a == A_ASPIRATIONAL && i > 0 && rnd(2) == 0)
                    a = A_COMMITTED;
                make_objective(&t, domain, a, &objs[i], company_objectives);
                /* Names unique within the team's cycle. */
                const char *name;
                if (a == A_ASPIRATIONAL)
                    name = aspirational_names[(used_asp++ + q) % COUNT(aspirational_names)];
                else if (a == A_COMMITTED)
                    name = committed_names[(i + q) % COUNT(committed_names)];
                else
                    name = learning_names[(i + q) % COUNT(learning_names)];
                snprintf(objs[i].name, sizeof objs[i].name, "%s", name);
                for (int j = 0; j < i; j++)
                    if (strcmp(objs[j].name, objs[i].name) == 0)
                        snprintf(objs[i].name, sizeof objs[i].name, "%s_%d", name, i + 1);
            }
            char lower[16];
            snprintf(lower, sizeof lower, "%s", quarters[q]);
            lower[5] = 'q';
            pathf(path, "%s/%s/%s/%s.okr", root, t.dir, t.name, lower);
            f = xopen(path);
            fprintf(f, "// %s, %s.\nteam %s\ncycle %s\n", t.title, quarters[q], t.name, quarters[q]);
            for (int i = 0; i < n; i++)
                okr_objective(f, &objs[i]);
            fclose(f);
            files++;
            char start[16], end[16];
            snprintf(start, sizeof start, "%.4s-%s", quarters[q], quarter_start[q % 4]);
            snprintf(end, sizeof end, "%.4s-%s", quarters[q], quarter_end[q % 4]);
            data_cycle(&o, q == 0, quarters[q], start, end, objs, n);
            written += n;
        }
        data_team_end(&o);
        teams++;
    }
    fputs("\n]\n", o.json);
    fclose(o.json);
    fclose(o.yaml);
    pathf(path, "%s/schema.json", dir);
    FILE *f = xopen(path);
    fputs(schema, f);
    fclose(f);
    printf("%d objectives, %d teams, %d files\n", written, teams + 1, files);
    return 0;
}
