/* explain.c: `okrc explain [CODE]` (spec.md, "okrc explain"): a
 * diagnostic code's long explanation, its default severity, the example
 * and fix spec.md gives for it (code_examples.h, generated from spec.md),
 * and whether a comment or a policy can silence it; without CODE, the list
 * of every code. Reads only the code table (common/codes.def); writes only
 * to standard output, and usage errors to standard error. */
#include "explain.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/diag.h"
#include "../common/suggest.h"
#include "code_examples.h"
#include "commands.h"

const char okr_explain_usage[] =
    "usage: okrc explain [CODE]\n"
    "\n"
    "Prints the long explanation of a diagnostic code (OKR301, okr301, 301, or its\n"
    "name such as task-key-result), with the example and fix spec.md gives for it.\n"
    "Without CODE, lists every code with its summary.\n";

/* A code as users type it: OKR301, okr301, 301 or the slug. */
static int explain_lookup(const char *text, okr_code *code)
{
    if (okr_code_lookup(text, code))
        return 1;
    size_t digits = strspn(text, "0123456789");
    if (digits < 1 || digits > 3 || text[digits] != '\0')
        return 0;
    char full[8];
    snprintf(full, sizeof full, "OKR%03d", atoi(text)); /* 9 is OKR009 */
    return okr_code_lookup(full, code);
}

/* An unknown code: the closest code or slug, if one is close. */
static int explain_unknown(const char *text)
{
    okr_suggester s;
    okr_suggest_init(&s, text);
    char full[16] = "";
    if (strspn(text, "0123456789") == strlen(text) && strlen(text) >= 1 && strlen(text) <= 3)
        snprintf(full, sizeof full, "OKR%03d", atoi(text));
    okr_suggester n;
    okr_suggest_init(&n, full);
    for (int i = 0; i < OKR_CODE_COUNT; i++) {
        const okr_code_info *info = okr_code_info_get((okr_code)i);
        okr_suggest_consider(&s, info->code);
        okr_suggest_consider(&s, info->slug);
        if (full[0])
            okr_suggest_consider(&n, info->code);
    }
    const char *best = okr_suggest_best(full[0] ? &n : &s);
    if (best)
        return okr_cli_usage_error("explain", "unknown diagnostic code '%s'; did you mean '%s'? (run 'okrc explain' for "
                           "the list)", text, best);
    return okr_cli_usage_error("explain", "unknown diagnostic code '%s' (run 'okrc explain' for the list)", text);
}

int okr_explain_main(int argc, char **argv)
{
    if (argc > 0 && (strcmp(argv[0], "-h") == 0 || strcmp(argv[0], "--help") == 0)) {
        fputs(okr_explain_usage, stdout);
        return 0;
    }
    if (argc > 1)
        return okr_cli_usage_error("explain", "explain takes one code");
    if (argc == 0) {
        for (int i = 0; i < OKR_CODE_COUNT; i++) {
            const okr_code_info *info = okr_code_info_get((okr_code)i);
            printf("%s  %-8s %-34s %s\n", info->code, okr_severity_name(info->default_severity), info->slug,
                   info->summary);
        }
        return 0;
    }
    okr_code code;
    if (!explain_lookup(argv[0], &code))
        return explain_unknown(argv[0]);
    const okr_code_info *info = okr_code_info_get(code);
    printf("%s (%s): %s\ndefault severity: %s\n\n%s", info->code, info->slug, info->summary,
           okr_severity_name(info->default_severity), info->explanation);
    const char *example, *fix;
    if (okr_code_example(info->code, &example, &fix) && example[0]) {
        printf("\nExample (spec.md, \"%s %s\"):\n\n", info->code, info->slug);
        for (const char *line = example; *line;) {
            const char *end = strchr(line, '\n');
            int len = end ? (int)(end - line) : (int)strlen(line);
            printf(len ? "    %.*s\n" : "%.*s\n", len, line);
            line += len + (end != NULL);
        }
        if (fix[0])
            printf("\n%s\n", fix);
    }
    if (okr_code_suppressible(code))
        printf("\nSuppress one finding with `// okrc:allow %s -- reason`.\n", info->code);
    else
        printf("\nThis diagnostic cannot be suppressed.\n");
    if (okr_code_severity_changeable(code))
        printf("Change its severity for a repository with `severity %s warning` (or error, note,\n"
               "off) in okr.policy.\n", info->code);
    else
        printf("Its severity cannot be changed by a policy.\n");
    return 0;
}
