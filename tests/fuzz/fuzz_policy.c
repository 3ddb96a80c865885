/* fuzz_policy.c: arbitrary bytes as a repository policy file (okr.policy),
 * loaded as `okrc check` loads it (okr_program_load_policy: the size limit,
 * the parse, OKR703 for anything but `policy` blocks, then every `limit`,
 * `severity` and `vocabulary` line through checker/policy.c), then applied
 * to a fixed program that its settings change: key-result counts, task-
 * style titles that added words can turn into findings, a means clause
 * (OKR305) and a suppressed-or-not warning. Its metrics are its own (a
 * `use` of a std module would parse that module for every input). The diagnostics are rendered as
 * text and JSON to /dev/null.
 *
 * The program starts from the prepared standard library, whose vocabulary
 * it shares: the policy's words go to the program's own copy, which this
 * target is the first to exercise with arbitrary words. */
#include "fuzz_common.h"
#include "fuzz_program.h"

#include "../../common/render.h"

static const char PROGRAM[] =
    "cycle 2026-Q3\n"
    "team t \"Team\"\n"
    "\n"
    "metric d7_activation \"Share of new accounts activated within 7 days\" : percent increasing\n"
    "metric d30_retention \"Share of a sign-up cohort active 30 days after sign-up\" : percent increasing\n"
    "metric weekly_active_users \"Distinct users active in a week\" : count increasing\n"
    "metric daily_active_users \"Distinct users active on a day\" : count increasing\n"
    "\n"
    "aspirational objective a \"Make onboarding effortless\" {\n"
    "  kr act : d7_activation from 22% to 35%\n"
    "  kr \"Dogfood the new editor\"\n"
    "  kr \"Successfully roll out shared workspaces by September 15\"\n"
    "}\n"
    "\n"
    "committed objective b \"Make the product sticky\" {\n"
    "  kr \"Launch streaks to lift retention\" : d30_retention from 30% to 36%\n"
    "  kr wau : weekly_active_users from 4000 to 5000\n"
    "  kr dau : daily_active_users from 900 to 1200\n"
    "  kr \"Conduct 12 customer interviews\" : weekly_active_users at least 4500\n"
    "}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static fuzz_file policy_file;
    const char *path = fuzz_file_write(&policy_file, "okr.policy", data, size);
    okr_program prog;
    fuzz_program_init(&prog);
    if (okr_program_load_policy(&prog, path) != 0)
        fuzz_die("cannot read the policy memfd");
    okr_program_add_text(&prog, "fuzz/team.okr", PROGRAM, sizeof PROGRAM - 1);
    okr_program_check(&prog);
    FILE *null = fuzz_devnull();
    okr_render_options ro = {.format = OKR_FORMAT_TEXT, .color = 1, .files_checked = 1, .tool_version = "fuzz"};
    okr_render(null, &prog.diags, &prog.sources, &ro);
    ro.format = OKR_FORMAT_JSON;
    ro.color = 0;
    okr_render(null, &prog.diags, &prog.sources, &ro);
    okr_program_free(&prog);
    return 0;
}
