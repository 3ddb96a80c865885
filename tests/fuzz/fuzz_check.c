/* fuzz_check.c: arbitrary bytes -> one program, checked as `okrc check`
 * checks it, with its diagnostics rendered in one format (chosen by the
 * input's size) and, when it has
 * no errors, its `compile --emit json` document written.
 *
 * The input is one file, or several files of one program separated by a
 * line "//@file" (so the seeds of multi-file cases and cross-file
 * resolution are reachable); a part that starts with the line "//@policy"
 * is read as the policy file instead (at most one, loaded first, as the
 * CLI does). Both markers are ordinary comments to the language, so any
 * part is also a valid input on its own. */
#include "fuzz_common.h"
#include "fuzz_program.h"

#include "../../checker/program.h"
#include "../../common/render.h"

enum { MAX_PARTS = 8 };

#define FILE_MARKER "\n//@file\n"
#define POLICY_MARKER "//@policy\n"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static fuzz_file policy_file;
    const char *text = (const char *)data, *end = text + size;
    const char *part[MAX_PARTS];
    size_t part_len[MAX_PARTS];
    size_t nparts = 0;
    const char *p = text;
    while (nparts < MAX_PARTS) {
        const char *cut = nparts + 1 < MAX_PARTS ? fuzz_find(p, end, FILE_MARKER) : NULL;
        part[nparts] = p;
        part_len[nparts] = (size_t)((cut ? cut : end) - p);
        nparts++;
        if (!cut)
            break;
        p = cut + strlen(FILE_MARKER);
    }

    okr_program prog;
    fuzz_program_init(&prog);
    int have_policy = 0;
    for (size_t i = 0; i < nparts; i++) {
        size_t m = strlen(POLICY_MARKER);
        if (!have_policy && part_len[i] >= m && memcmp(part[i], POLICY_MARKER, m) == 0) {
            have_policy = 1;
            const char *path = fuzz_file_write(&policy_file, "okrc-policy", part[i], part_len[i]);
            if (okr_program_load_policy(&prog, path) != 0)
                fuzz_die("cannot read the policy memfd");
            part_len[i] = (size_t)-1; /* not a program file */
        }
    }
    for (size_t i = 0; i < nparts; i++) {
        if (part_len[i] == (size_t)-1)
            continue;
        char path[32];
        snprintf(path, sizeof path, "fuzz/%zu.okr", i);
        okr_program_add_text(&prog, path, part[i], part_len[i]);
    }
    okr_program_check(&prog);

    FILE *null = fuzz_devnull();
    /* One output format per input, chosen by its size so that an input is
     * always run the same way: every renderer is fuzzed on its share of the
     * inputs, at a fraction of the cost of rendering all five. SARIF output
     * is mostly the rules table of every code, the same for every input, so
     * it gets one input in sixteen. Colour is chosen by other bits of the
     * size than the format, so that text is fuzzed both with and without. */
    static const okr_format formats[] = {OKR_FORMAT_TEXT, OKR_FORMAT_JSON, OKR_FORMAT_GITHUB, OKR_FORMAT_GITLAB};
    okr_format format = size % 16 == 0 ? OKR_FORMAT_SARIF : formats[size % 4];
    okr_render_options ro = {
        .format = format,
        .color = (size / 4) % 2 == 0,
        .files_checked = prog.units.len,
        .tool_version = "fuzz",
    };
    okr_render(null, &prog.diags, &prog.sources, &ro);
    if (!prog.diags.errors)
        okr_program_emit_json(&prog, null);
    okr_program_free(&prog);
    return 0;
}
