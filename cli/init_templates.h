/* init_templates.h: the starter project `okrc init` writes (cli/init.c).
 *
 * Each text is written as it stands, except that every "@CYCLE@" becomes
 * the cycle chosen (the current quarter, or --cycle). The examples are
 * meant to be copied: each passes every rule of spec.md with the default
 * policy (tests/cli/test_init.sh checks that `okrc check` reports no
 * problem and that `okrc grade` with the example feed exits 0), and each
 * archetype (committed, aspirational, learning) is written the way
 * okr-domain practice asks: committed objectives hold levels at 1.0,
 * aspirational ones move a baseline to a target with a counter-metric,
 * learning ones state hypotheses. The feed itself is generated (init.c),
 * one row a week over the cycle for each metric below. */
#ifndef OKR_INIT_TEMPLATES_H
#define OKR_INIT_TEMPLATES_H

static const char init_policy[] =
    "// okr.policy: this project's OKR policy. okrc finds it by walking up from\n"
    "// the files it checks, so it applies to every .okr file below this folder,\n"
    "// and `okrc check FILE` anywhere below reads the other files as context.\n"
    "//\n"
    "// Every setting below is the default, spelled out so you can see what is\n"
    "// checked; change a line to change the rule (spec.md, \"Policy\").\n"
    "\n"
    "policy {\n"
    "  // How many key results an objective may have (OKR502). Fewer than 2 is\n"
    "  // usually a metric restated as an objective; more than 5 is a dashboard.\n"
    "  limit krs_per_objective 2..5\n"
    "\n"
    "  // How many objectives one team may have in one cycle (OKR503): focus.\n"
    "  limit objectives_per_team 3\n"
    "\n"
    "  // The confidence an aspirational objective should state with `expect`\n"
    "  // (OKR406): stretch goals are meant to land around 0.6 to 0.7.\n"
    "  limit aspirational_expect 0.6..0.7\n"
    "\n"
    "  // Every code keeps its default severity (see `okrc explain`). To change\n"
    "  // one, add a line such as:\n"
    "  //   severity OKR305 error      (or warning, note, off)\n"
    "  //\n"
    "  // Words your company uses for its own work, so that key results that\n"
    "  // lead with them are reported as tasks (OKR301), go in a line such as:\n"
    "  //   vocabulary activity_verb \"dogfood\"\n"
    "}\n"
    "\n"
    "// In CI: check on every pull request with the okrc GitHub Action (see\n"
    "// okrc's README, \"GitHub Action\", for SARIF upload and fail-on):\n"
    "//\n"
    "//   - uses: actions/checkout@v4\n"
    "//   - uses: OWNER/okrc@main      # the repository that holds okrc\n"
    "//     with:\n"
    "//       paths: .\n"
    "//       fail-on: errors\n"
    "//\n"
    "// or run the commands yourself:\n"
    "//\n"
    "//   okrc check --format github .\n"
    "//   okrc grade . --feed feeds/example.csv --format markdown -o grades.md\n"
    "//\n"
    "// GitLab: `okrc check --format gitlab -o gl-code-quality.json .` in a job\n"
    "// with `artifacts: reports: codequality: gl-code-quality.json`.\n";

static const char init_company[] =
    "// company.okr: the company's objectives for the cycle. Team objectives\n"
    "// align to them (`aligns company.customers` in teams/product.okr).\n"
    "\n"
    "team company \"Example Inc\" owner \"Alex Kim\"\n"
    "cycle @CYCLE@\n"
    "\n"
    "// Metrics name what is measured, once; key results set levels on them.\n"
    "// Each name is also the `metric` column of the feed that grades it.\n"
    "metric weekly_active_accounts \"Accounts where at least one user signs in during the week\" : count increasing\n"
    "metric availability \"Share of minutes the product answers requests\"                       : percent increasing\n"
    "metric support_tickets \"Support tickets opened in the week\"                               : count decreasing\n"
    "\n"
    "// Aspirational: a stretch the company expects to land at about 0.7. Each\n"
    "// key result moves a metric from its baseline to a target, and the\n"
    "// counter-metric guards what the push could break.\n"
    "aspirational objective customers \"Customers come back to our product every week\" {\n"
    "  owner \"Alex Kim\"\n"
    "  expect 0.7\n"
    "  kr active \"Grow weekly active accounts from 1200 to 1800\" : weekly_active_accounts from 1200 to 1800\n"
    "  kr uptime \"Raise availability from 99.5% to 99.9%\" : availability from 99.5% to 99.9%\n"
    "  counter support_tickets at most 300\n"
    "}\n";

static const char init_team[] =
    "// teams/product.okr: one team's objectives for the cycle, one of each\n"
    "// archetype (spec.md, \"Archetypes\").\n"
    "\n"
    "team product \"Product\" owner \"Sam Lee\"\n"
    "cycle @CYCLE@\n"
    "\n"
    "metric activation_rate \"Share of new accounts that create a first report within 7 days of sign-up\" : percent increasing\n"
    "metric invite_rate \"Share of new accounts that invite a teammate in week one\"                      : percent increasing\n"
    "metric onboarding_tickets \"Support tickets opened by accounts in their first week\"                 : count decreasing\n"
    "metric p95_latency \"95th percentile time to load a report\"                                         : duration decreasing\n"
    "metric error_rate \"Share of report loads that fail\"                                                : percent decreasing\n"
    "\n"
    "// Committed: a promise, graded pass or fail. Its key results hold a level\n"
    "// (`at most`, `at least`) on every day of the cycle, and it expects 1.0.\n"
    "committed objective dependable \"Reports load quickly and correctly for every customer\" {\n"
    "  owner \"Sam Lee\"\n"
    "  aligns company.customers\n"
    "  expect 1.0\n"
    "  kr latency \"Keep p95 report load time at most 800ms\" : p95_latency at most 800ms\n"
    "  kr errors \"Keep failed report loads at most 0.5%\" : error_rate at most 0.5%\n"
    "}\n"
    "\n"
    "// Aspirational: outcomes, not tasks. Each key result names the metric it\n"
    "// moves, from a baseline to a target; 0.7 is a success.\n"
    "aspirational objective onboarding \"New customers see value from their own data in their first week\" {\n"
    "  owner \"Sam Lee\"\n"
    "  aligns company.customers\n"
    "  expect 0.7\n"
    "  kr activation \"Raise 7-day activation from 30% to 45%\" : activation_rate from 30% to 45%\n"
    "  kr invites \"Grow the share of new accounts that invite a teammate from 12% to 20%\" : invite_rate from 12% to 20%\n"
    "  counter onboarding_tickets at most 40\n"
    "}\n"
    "\n"
    "// Learning: a question, not a target yet. Each hypothesis is graded\n"
    "// confirmed, refuted or inconclusive from the feed.\n"
    "learning objective sharing \"Learn what makes a new team share its first report\" {\n"
    "  owner \"Sam Lee\"\n"
    "  aligns company.customers\n"
    "  hypothesis templates \"Starter templates lift 7-day activation\" : activation_rate from 30% to 34%\n"
    "  hypothesis prompt \"An invite prompt after the first report lifts teammate invites\" : invite_rate from 12% to 15%\n"
    "}\n";

/* The example feed: each metric moves in a straight line from `first` on
 * the cycle's first day to `last` on its last, one row a week (and one on
 * the last day). The lines are chosen so that the committed levels hold,
 * the counter-metrics hold and the aspirational key results land near 0.8:
 * `okrc grade` exits 0 on any day of the cycle. Values are in the metric's
 * base unit (durations in seconds). */
typedef struct init_series {
    const char *metric;
    double first, last;
    int decimals;
} init_series;

static const init_series init_feed[] = {
    {"weekly_active_accounts", 1200, 1700, 0},
    {"availability", 99.5, 99.8, 2},
    {"support_tickets", 250, 220, 0},
    {"activation_rate", 30, 42, 1},
    {"invite_rate", 12, 18, 1},
    {"onboarding_tickets", 35, 30, 0},
    {"p95_latency", 0.62, 0.55, 2},
    {"error_rate", 0.3, 0.2, 2},
};

#endif
