/* test_rules.c: every checker rule, a case that must fire and a near miss
 * that must not.
 *
 * Each row is a code, a program that must report it at least once, and a
 * near miss (the closest correct program) that must not report it. Sources
 * get a shared prelude: one team, one cycle and a metric of every type, so
 * rows show only what they are about. Rows with their own `team` line
 * replace the prelude. */
#include "unit.h"

#include "../../checker/program.h"

#define PRELUDE                                                                  \
    "team t \"Team\" owner \"Owner\"\n"                                          \
    "cycle 2026-Q3\n"                                                            \
    "metric act \"Day-7 activation rate\" : percent increasing\n"                \
    "metric churn \"Monthly churn\" : percent decreasing\n"                      \
    "metric tickets \"Support tickets per week\" : count decreasing\n"           \
    "metric teams \"Weekly active teams\" : count increasing\n"                  \
    "metric lat \"p99 checkout latency\" : duration decreasing\n"                \
    "metric up \"Checkout availability\" : percent increasing operational\n"     \
    "metric nps \"Net promoter score\" : score(-100..100) increasing\n"          \
    "metric rev \"Expansion revenue\" : money(USD) increasing\n"                 \
    "metric launched \"Features launched\" : count increasing\n"

/* A good aspirational objective to pad programs that need one. */
#define GOOD_ASP                                                                 \
    "aspirational objective good \"Make onboarding effortless\" {\n"             \
    "  kr a \"Raise activation\" : act from 22% to 35%\n"                        \
    "  kr b \"Fewer tickets\" : tickets from 120 to 80\n"                        \
    "  counter nps at least 30\n"                                                \
    "}\n"

typedef struct rule_case {
    const char *name;
    okr_code code;
    const char *fires;
    const char *near_miss;
} rule_case;

static const rule_case cases[] = {
    /* 8xx */
    {"unknown aggregation", OKR801, "team t\nmetric m \"M\" : count increasing aggregate median\n",
     "team t\nmetric m \"M\" : count increasing aggregate sum over 7d\n"},
    {"latest with a window", OKR801, "team t\nmetric m \"M\" : count increasing aggregate latest over 7d\n",
     "team t\nmetric m \"M\" : count increasing aggregate mean over cycle\n"},
    {"window not a duration", OKR801, "team t\nmetric m \"M\" : count increasing aggregate sum over 7\n",
     "team t\nmetric m \"M\" : count increasing aggregate sum over 7d\n"},
    {"invalid lag", OKR802, "team t\nmetric m \"M\" : count increasing lag 2%\n", "team t\nmetric m \"M\" : count increasing lag 2d\n"},
    {"unknown native", OKR803, "team t\nmetric m \"M\" : count increasing via nothing\n",
     "team t\nnative f \"libx.so\" \"f\" (metric, date) : number\nmetric m \"M\" : count increasing via f\n"},
    {"invalid native", OKR804, "team t\nnative f \"libx.so\" \"f\" (metric, time) : float\n",
     "team t\nnative f \"libx.so\" \"f\" (metric, day) : int\n"},
    {"via and source", OKR804, "team t\nnative f \"libx.so\" \"f\" () : number\nmetric m \"M\" : count increasing via f source \"m\"\n",
     "team t\nnative f \"libx.so\" \"f\" () : number\nmetric m \"M\" : count increasing source \"m\"\n"},
    /* 0xx */
    {"invalid character", OKR001, "team t\n#x\n", "team t // #x\n"},
    {"unterminated string", OKR002, "team t \"Team\n", "team t \"Team\"\n"},
    {"invalid utf8", OKR003, "team t \"\xff\"\n", "team t \"\xc3\xa9quipe\"\n"},
    {"syntax error", OKR004, PRELUDE "objective o \"x\" { kr a : act 22% to 35% }\n",
     PRELUDE "objective o \"x\" { kr a : act from 22% to 35% }\n"},
    {"number out of range", OKR005, PRELUDE "committed objective o \"x\" { kr a : teams at least 12345678901234567 }\n",
     PRELUDE "committed objective o \"x\" { kr a : teams at least 123456789012345 }\n"},
    {"binary file", OKR006, "team t\0x", "team t x"},
    {"empty file", OKR008, "// nothing here\n", "team t\n"},
    {"invalid date", OKR010, "team t\ncycle \"H2\" from 2026-02-30 to 2026-12-31\n",
     "team t\ncycle \"H2\" from 2026-02-28 to 2026-12-31\n"},
    {"invalid quarter", OKR010, "team t\ncycle 2026-Q5\n", "team t\ncycle 2026-Q4\n"},
    /* 1xx */
    {"undefined metric", OKR101, PRELUDE GOOD_ASP "committed objective o \"x\" { kr a : signups at least 5 }\n",
     PRELUDE GOOD_ASP "committed objective o \"x\" { kr a : teams at least 5 }\n"},
    {"duplicate metric", OKR102, PRELUDE "metric act \"Again\" : percent increasing\n", PRELUDE "metric act2 \"Again\" : percent increasing\n"},
    {"duplicate objective", OKR103, PRELUDE GOOD_ASP GOOD_ASP, PRELUDE GOOD_ASP},
    {"duplicate key result", OKR104,
     PRELUDE "committed objective o \"x\" { kr a : up at least 99.9%\n kr a : lat at most 300ms }\n",
     PRELUDE "committed objective o \"x\" { kr a : up at least 99.9%\n kr b : lat at most 300ms }\n"},
    {"unresolved alignment", OKR105, PRELUDE "committed objective o \"x\" { aligns company.nothing\n kr a : up at least 99.9%\n kr b : lat at most 1s }\n",
     PRELUDE GOOD_ASP "committed objective o \"x\" { aligns good\n kr a : up at least 99.9%\n kr b : lat at most 1s }\n"},
    {"unresolved alignment kr", OKR105, PRELUDE GOOD_ASP "committed objective o \"x\" { aligns t.good.zzz\n kr a : up at least 99.9%\n kr b : lat at most 1s }\n",
     PRELUDE GOOD_ASP "committed objective o \"x\" { aligns t.good.a\n kr a : up at least 99.9%\n kr b : lat at most 1s }\n"},
    {"alignment cycle", OKR106,
     PRELUDE "committed objective o \"x\" { aligns p\n kr a : up at least 99.9%\n kr b : lat at most 1s }\n"
             "committed objective p \"y\" { aligns o\n kr a : up at least 99.9%\n kr b : lat at most 1s }\n",
     PRELUDE "committed objective o \"x\" { aligns p\n kr a : up at least 99.9%\n kr b : lat at most 1s }\n"
             "committed objective p \"y\" { kr a : up at least 99.9%\n kr b : lat at most 1s }\n"},
    {"unknown module", OKR107, PRELUDE "use std.nothing\n", PRELUDE "use std.product\n"},
    {"missing team", OKR108, "cycle 2026-Q3\nmetric m \"M\" : count increasing\n", "team t\ncycle 2026-Q3\nmetric m \"M\" : count increasing\n"},
    {"second team", OKR108, "team t\nteam u\n", "team t\n"},
    {"missing cycle", OKR109, "team t\nmetric m \"M\" : count increasing\ncommitted objective o \"x\" { kr a : m at least 3 }\n",
     "team t\ncycle 2026-Q3\nmetric m \"M\" : count increasing\ncommitted objective o \"x\" { kr a : m at least 3 }\n"},
    {"ambiguous metric", OKR110, "team t\ncycle 2026-Q3\nuse std.product\nuse u\ncommitted objective o \"x\" { kr a : nps at least 3 }\n"
                                 "//\n",
     "team t\ncycle 2026-Q3\nuse std.product\ncommitted objective o \"x\" { kr a : nps at least 3 }\n"},
    {"invalid cycle", OKR111, "team t\ncycle \"H2\" from 2026-12-31 to 2026-07-01\n", "team t\ncycle \"H2\" from 2026-07-01 to 2026-12-31\n"},
    /* 2xx */
    {"unit mismatch", OKR201, PRELUDE "aspirational objective o \"x\" { kr a : act from 45min to 12min\n kr b : tickets by -20%\n counter nps at least 1 }\n",
     PRELUDE "aspirational objective o \"x\" { kr a : act from 22% to 35%\n kr b : tickets by -20%\n counter nps at least 1 }\n"},
    {"pp level", OKR201, PRELUDE "aspirational objective o \"x\" { kr a : act from 22pp to 35pp\n kr b : tickets by -20%\n counter nps at least 1 }\n",
     PRELUDE "aspirational objective o \"x\" { kr a : act by +5pp\n kr b : tickets by -20%\n counter nps at least 1 }\n"},
    {"duration needs unit", OKR201, PRELUDE "committed objective o \"x\" { kr a : lat at most 300\n kr b : up at least 99.9% }\n",
     PRELUDE "committed objective o \"x\" { kr a : lat at most 300ms\n kr b : up at least 99.9% }\n"},
    {"score range", OKR202, PRELUDE "aspirational objective o \"x\" { kr a : nps from 20 to 120\n kr b : tickets by -20%\n counter churn at most 3% }\n",
     PRELUDE "aspirational objective o \"x\" { kr a : nps from 20 to 45\n kr b : tickets by -20%\n counter churn at most 3% }\n"},
    {"wrong direction", OKR203, PRELUDE "aspirational objective o \"x\" { kr a : act from 35% to 22%\n kr b : tickets by -20%\n counter nps at least 1 }\n",
     PRELUDE "aspirational objective o \"x\" { kr a : act from 22% to 35%\n kr b : tickets by -20%\n counter nps at least 1 }\n"},
    {"wrong direction by", OKR203, PRELUDE "aspirational objective o \"x\" { kr a : act by -10%\n kr b : tickets by +20%\n counter nps at least 1 }\n",
     PRELUDE "aspirational objective o \"x\" { kr a : act by +10%\n kr b : tickets by -20%\n counter nps at least 1 }\n"},
    {"wrong bound", OKR203, PRELUDE "committed objective o \"x\" { kr a : lat at least 300ms\n kr b : up at least 99.9% }\n",
     PRELUDE "committed objective o \"x\" { kr a : lat at most 300ms\n kr b : up at least 99.9% }\n"},
    {"no change", OKR204, PRELUDE "aspirational objective o \"x\" { kr a : act from 22% to 22%\n kr b : tickets by -20%\n counter nps at least 1 }\n",
     PRELUDE "aspirational objective o \"x\" { kr a : act from 22% to 22.5%\n kr b : tickets by -20%\n counter nps at least 1 }\n"},
    {"kr holds the baseline", OKR204, PRELUDE "aspirational objective o \"x\" { kr a : act no worse than baseline\n kr b : tickets by -20%\n counter nps at least 1 }\n",
     PRELUDE "aspirational objective o \"x\" { kr a : act by +3pp\n kr b : tickets by -20%\n counter nps no worse than baseline }\n"},
    {"unknown unit", OKR205, PRELUDE "committed objective o \"x\" { kr a : lat at most 3mins\n kr b : up at least 99.9% }\n",
     PRELUDE "committed objective o \"x\" { kr a : lat at most 3min\n kr b : up at least 99.9% }\n"},
    {"unknown currency", OKR206, "team t\nmetric m \"Revenue\" : money(XYZ) increasing\n", "team t\nmetric m \"Revenue\" : money(EUR) increasing\n"},
    {"missing direction", OKR207, "team t\nmetric m \"Revenue\" : money(USD)\n", "team t\nmetric m \"Revenue\" : money(USD) increasing\n"},
    {"two directions", OKR207, "team t\nmetric m \"Revenue\" : money(USD) increasing decreasing\n", "team t\nmetric m \"Revenue\" : money(USD) decreasing\n"},
    {"invalid type", OKR208, "team t\nmetric m \"CSAT\" : score(5..1) increasing\n", "team t\nmetric m \"CSAT\" : score(1..5) increasing\n"},
    {"invalid weight", OKR209, PRELUDE "committed objective o \"x\" { kr a : lat at most 300ms weight 0\n kr b : up at least 99.9% }\n",
     PRELUDE "committed objective o \"x\" { kr a : lat at most 300ms weight 2\n kr b : up at least 99.9% }\n"},
    {"unsigned change", OKR210, PRELUDE "aspirational objective o \"x\" { kr a : act by 10%\n kr b : tickets by -20%\n counter nps at least 1 }\n",
     PRELUDE "aspirational objective o \"x\" { kr a : act by +10%\n kr b : tickets by -20%\n counter nps at least 1 }\n"},
    /* 3xx */
    {"task key result", OKR301, PRELUDE "aspirational objective o \"x\" { kr \"Launch in-app messaging by September 15\"\n kr b : tickets by -20%\n counter nps at least 1 }\n",
     PRELUDE "aspirational objective o \"x\" { kr \"Increase weekly active teams\" : teams from 400 to 800\n kr b : tickets by -20%\n counter nps at least 1 }\n"},
    {"activity count title", OKR301, PRELUDE "aspirational objective o \"x\" { kr \"Conduct 10 user interviews\"\n kr b : tickets by -20%\n counter nps at least 1 }\n",
     PRELUDE "aspirational objective o \"x\" { kr \"Customers rate onboarding higher\" : nps from 20 to 35\n kr b : tickets by -20%\n counter churn at most 3% }\n"},
    {"missing metric", OKR302, PRELUDE "aspirational objective o \"x\" { kr \"Improve onboarding experience\"\n kr b : tickets by -20%\n counter nps at least 1 }\n",
     PRELUDE "aspirational objective o \"x\" { kr \"Improve onboarding experience\" : act from 22% to 30%\n kr b : tickets by -20%\n counter nps at least 1 }\n"},
    {"missing target", OKR303, PRELUDE "aspirational objective o \"x\" { kr \"Grow weekly active teams\" : teams\n kr b : tickets by -20%\n counter nps at least 1 }\n",
     PRELUDE "aspirational objective o \"x\" { kr \"Grow weekly active teams\" : teams by +30%\n kr b : tickets by -20%\n counter nps at least 1 }\n"},
    {"activity count metric", OKR304, PRELUDE "aspirational objective o \"x\" { kr \"More features\" : launched from 2 to 6\n kr b : tickets by -20%\n counter nps at least 1 }\n",
     PRELUDE "aspirational objective o \"x\" { kr \"More teams active\" : teams from 400 to 600\n kr b : tickets by -20%\n counter nps at least 1 }\n"},
    {"names its means", OKR305, PRELUDE "aspirational objective o \"x\" { kr \"Launch sharing to double weekly active teams\" : teams from 400 to 800\n kr b : tickets by -20%\n counter nps at least 1 }\n",
     PRELUDE "aspirational objective o \"x\" { kr \"Double weekly active teams by launching sharing\" : teams from 400 to 800\n kr b : tickets by -20%\n counter nps at least 1 }\n"},
    /* 4xx */
    {"hypothesis outside learning", OKR401, PRELUDE "committed objective o \"x\" { hypothesis h : up at least 99.9%\n kr b : lat at most 1s }\n",
     PRELUDE "committed objective o \"x\" { kr h : up at least 99.9%\n kr b : lat at most 1s }\n"},
    {"plain kr in learning", OKR402, PRELUDE "learning objective o \"Find out what drives activation\" { kr h : act from ? to 30%\n hypothesis g : teams from ? to 500 }\n",
     PRELUDE "learning objective o \"Find out what drives activation\" { hypothesis h : act from ? to 30%\n hypothesis g : teams from ? to 500 }\n"},
    {"operational in aspirational", OKR403, PRELUDE "aspirational objective o \"x\" { kr a : up from 99.5% to 99.9%\n kr b : tickets by -20%\n counter nps at least 1 }\n",
     PRELUDE "aspirational objective o \"x\" { kr a : act from 22% to 35%\n kr b : tickets by -20%\n counter up at least 99.9% }\n"},
    {"aspirational without stretch", OKR404, PRELUDE "aspirational objective o \"x\" { kr a : act at least 22%\n kr b : tickets at most 80\n counter nps at least 1 }\n",
     PRELUDE "aspirational objective o \"x\" { kr a : act from 22% to 35%\n kr b : tickets at most 80\n counter nps at least 1 }\n"},
    {"unknown baseline outside learning", OKR405, PRELUDE "aspirational objective o \"x\" { kr a : act from ? to 35%\n kr b : tickets by -20%\n counter nps at least 1 }\n",
     PRELUDE "learning objective o \"Learn what activation can be\" { hypothesis a : act from ? to 35%\n hypothesis b : tickets from ? to 80 }\n"},
    {"expect contradicts committed", OKR406, PRELUDE "committed objective o \"x\" { expect 0.7\n kr a : up at least 99.9%\n kr b : lat at most 1s }\n",
     PRELUDE "committed objective o \"x\" { expect 1.0\n kr a : up at least 99.9%\n kr b : lat at most 1s }\n"},
    {"expect contradicts aspirational", OKR406, PRELUDE "aspirational objective o \"x\" { expect 1\n kr a : act from 22% to 35%\n kr b : tickets by -20%\n counter nps at least 1 }\n",
     PRELUDE "aspirational objective o \"x\" { expect 0.7\n kr a : act from 22% to 35%\n kr b : tickets by -20%\n counter nps at least 1 }\n"},
    {"missing archetype", OKR407, PRELUDE "objective o \"x\" { kr a : act from 22% to 35%\n kr b : tickets by -20%\n counter nps at least 1 }\n",
     PRELUDE "aspirational objective o \"x\" { kr a : act from 22% to 35%\n kr b : tickets by -20%\n counter nps at least 1 }\n"},
    /* 5xx */
    {"objective without krs", OKR501, PRELUDE "committed objective o \"x\" { }\n",
     PRELUDE "committed objective o \"x\" { kr a : up at least 99.9%\n kr b : lat at most 1s }\n"},
    {"one kr", OKR502, PRELUDE "committed objective o \"x\" { kr a : up at least 99.9% }\n",
     PRELUDE "committed objective o \"x\" { kr a : up at least 99.9%\n kr b : lat at most 1s }\n"},
    {"six krs", OKR502, PRELUDE "committed objective o \"x\" { kr a : up at least 99.9%\n kr b : lat at most 1s\n kr c : churn at most 3%\n kr d : tickets at most 90\n kr e : nps at least 20\n kr f : act at least 20% }\n",
     PRELUDE "committed objective o \"x\" { kr a : up at least 99.9%\n kr b : lat at most 1s\n kr c : churn at most 3%\n kr d : tickets at most 90\n kr e : nps at least 20 }\n"},
    {"too many objectives", OKR503,
     PRELUDE "committed objective o1 \"x\" { kr a : up at least 99.9%\n kr b : lat at most 1s }\n"
             "committed objective o2 \"x\" { kr a : up at least 99.9%\n kr b : lat at most 1s }\n"
             "committed objective o3 \"x\" { kr a : up at least 99.9%\n kr b : lat at most 1s }\n"
             "committed objective o4 \"x\" { kr a : up at least 99.9%\n kr b : lat at most 1s }\n",
     PRELUDE "committed objective o1 \"x\" { kr a : up at least 99.9%\n kr b : lat at most 1s }\n"
             "committed objective o2 \"x\" { kr a : up at least 99.9%\n kr b : lat at most 1s }\n"
             "committed objective o3 \"x\" { kr a : up at least 99.9%\n kr b : lat at most 1s }\n"},
    {"missing counter metric", OKR504, PRELUDE "aspirational objective o \"x\" { kr a : act from 22% to 35%\n kr b : tickets by -20% }\n",
     PRELUDE "aspirational objective o \"x\" { kr a : act from 22% to 35%\n kr b : tickets by -20%\n counter churn no worse than baseline }\n"},
    {"counter on kr metric", OKR505, PRELUDE "aspirational objective o \"x\" { kr a : act from 22% to 35%\n kr b : tickets by -20%\n counter act at least 20% }\n",
     PRELUDE "aspirational objective o \"x\" { kr a : act from 22% to 35%\n kr b : tickets by -20%\n counter churn at most 3% }\n"},
    {"counter with target", OKR506, PRELUDE "aspirational objective o \"x\" { kr a : act from 22% to 35%\n kr b : tickets by -20%\n counter churn from 3% to 2% }\n",
     PRELUDE "aspirational objective o \"x\" { kr a : act from 22% to 35%\n kr b : tickets by -20%\n counter churn at most 3% }\n"},
    {"owner after key result", OKR507, PRELUDE "aspirational objective o \"x\" { kr a : act from 22% to 35% owner \"Sam\"\n kr b : tickets by -20%\n counter churn at most 3% }\n",
     PRELUDE "aspirational objective o \"x\" { owner \"Dana\"\n kr a owner \"Sam\" : act from 22% to 35%\n kr b : tickets by -20%\n counter churn at most 3% }\n"},
    /* 6xx */
    {"number in objective", OKR601, PRELUDE "committed objective o \"Reach 99.9% uptime\" { kr a : up at least 99.9%\n kr b : lat at most 1s }\n",
     PRELUDE "committed objective o \"Keep checkout dependable\" { kr a : up at least 99.9%\n kr b : lat at most 1s }\n"},
    {"task objective", OKR602, PRELUDE "committed objective o \"Ship the new dashboard\" { kr a : up at least 99.9%\n kr b : lat at most 1s }\n",
     PRELUDE "committed objective o \"Make account health visible to every customer\" { kr a : up at least 99.9%\n kr b : lat at most 1s }\n"},
    {"missing statement", OKR603, PRELUDE "committed objective o { kr a : up at least 99.9%\n kr b : lat at most 1s }\n",
     PRELUDE "committed objective o \"Keep checkout dependable\" { kr a : up at least 99.9%\n kr b : lat at most 1s }\n"},
    /* 7xx */
    {"unused suppression", OKR701, PRELUDE "committed objective o \"x\" { kr a : up at least 99.9% // okrc:allow OKR301 -- not a task\n kr b : lat at most 1s }\n",
     PRELUDE "committed objective o \"x\" { kr a : up at least 99.9% // okrc:allow OKR502 -- one kr is enough here\n}\n"},
    {"malformed suppression", OKR702, PRELUDE "// okrc:allow -- because\n", PRELUDE "// okrc allows nothing here\n"},
    {"too many codes in a suppression", OKR702,
     PRELUDE "// okrc:allow OKR201 OKR202 OKR203 OKR204 OKR205 OKR206 OKR207 OKR208 OKR209 -- all\n",
     PRELUDE "// okrc:allow OKR201 OKR202 OKR203 OKR204 OKR205 OKR206 OKR207 OKR208 -- eight\n"},
    {"misplaced policy", OKR704, PRELUDE "policy { limit objectives_per_team 4 }\n", PRELUDE},
};

static okr_program *check(const char *text, size_t len)
{
    okr_program *prog = malloc(sizeof *prog);
    okr_program_init(prog);
    /* "ambiguous metric" needs a second team `u` that declares nps too. */
    static const char team_u[] = "team u\nmetric nps \"NPS\" : score(-100..100) increasing\n";
    okr_program_add_text(prog, "case.okr", text, len);
    okr_program_add_text(prog, "u.okr", team_u, sizeof team_u - 1);
    okr_program_check(prog);
    return prog;
}

static size_t text_len(const char *s, const char *name)
{
    /* The binary-file rows embed a NUL byte on purpose. */
    if (strcmp(name, "binary file") == 0)
        return 8;
    return strlen(s);
}

static void dump(const okr_program *prog)
{
    for (size_t i = 0; i < prog->diags.list.len; i++) {
        const okr_diag *d = prog->diags.list.items[i];
        okr_position pos = okr_source_position(&prog->sources, d->span.file, d->span.start);
        fprintf(stderr, "    %s:%u: %s %s\n", okr_source_get(&prog->sources, d->span.file)->path, pos.line,
                okr_code_info_get(d->code)->code, d->message);
    }
}

static void test_rules_fire_and_near_misses_stay_silent(void **state)
{
    (void)state;
    int failures = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const rule_case *c = &cases[i];
        const char *code = okr_code_info_get(c->code)->code;
        okr_program *p = check(c->fires, text_len(c->fires, c->name));
        if (okr_diags_count_code(&p->diags, c->code) == 0) {
            fprintf(stderr, "  %s: %s did not fire; got:\n", c->name, code);
            dump(p);
            failures++;
        }
        /* Every diagnostic says what to write instead. */
        for (size_t k = 0; k < p->diags.list.len; k++) {
            const okr_diag *d = p->diags.list.items[k];
            if (d->help_count == 0 || !d->message[0]) {
                fprintf(stderr, "  %s: %s has no help line: %s\n", c->name, okr_code_info_get(d->code)->code,
                        d->message);
                failures++;
            }
        }
        okr_program_free(p);
        free(p);
        p = check(c->near_miss, strlen(c->near_miss));
        if (okr_diags_count_code(&p->diags, c->code) != 0) {
            fprintf(stderr, "  %s: %s fired on the near miss; got:\n", c->name, code);
            dump(p);
            failures++;
        }
        okr_program_free(p);
        free(p);
    }
    assert_int_equal(failures, 0);
}

/* Every code of codes.def has at least one row above, except those that
 * need inputs a string cannot hold (a file over the size limit), that the
 * cap produces (OKR009), that feeds produce (OKR9xx), or a file changed
 * during the check (OKR011: tests/cli/test_file_changed.sh and
 * tests/unit/test_source_reload.c); those are tested by the CLI, feed and
 * source tests. */
static void test_every_code_has_a_row(void **state)
{
    (void)state;
    int missing = 0;
    for (int code = 0; code < OKR_CODE_COUNT; code++) {
        if (code == OKR007 || code == OKR009 || code == OKR011 || code == OKR703)
            continue;
        /* Feed codes (OKR9xx) come from reading metric feeds, not .okr
         * source: tests/unit/test_feed_*.c cover them. */
        if (okr_code_info_get((okr_code)code)->code[3] == '9')
            continue;
        /* Import codes (OKR85x) come from the Markdown, YAML or CSV file
         * `okrc import` reads: tests/cli/test_import.sh covers them. */
        if (strncmp(okr_code_info_get((okr_code)code)->code, "OKR85", 5) == 0)
            continue;
        int found = 0;
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
            if (cases[i].code == (okr_code)code)
                found = 1;
        if (!found) {
            fprintf(stderr, "  no rule test for %s\n", okr_code_info_get((okr_code)code)->code);
            missing++;
        }
    }
    assert_int_equal(missing, 0);
}

static void test_good_program_is_silent(void **state)
{
    (void)state;
    static const char good[] = PRELUDE GOOD_ASP
        "committed objective reliable \"Keep checkout dependable while we move fast\" {\n"
        "  kr avail : up at least 99.95%\n"
        "  kr p99 : lat at most 300ms\n"
        "}\n"
        "learning objective pricing \"Find out whether usage-based pricing converts better\" {\n"
        "  hypothesis lift \"Usage pricing lifts conversion\" : act from ? to 30%\n"
        "  hypothesis churn_ok \"Usage pricing does not raise churn\" : churn from ? to 2%\n"
        "}\n";
    okr_program *p = check(good, sizeof good - 1);
    if (p->diags.list.len)
        dump(p);
    assert_int_equal(p->diags.list.len, 0);
    okr_program_free(p);
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules_fire_and_near_misses_stay_silent),
        cmocka_unit_test(test_every_code_has_a_row),
        cmocka_unit_test(test_good_program_is_silent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
