/* code_examples.h: the example file and the "Fix:" paragraph spec.md gives
 * for each diagnostic code, for `okrc explain`. The table is generated at
 * build time from spec.md (tools/code_examples.awk into build/gen/), so the
 * examples are written once, in the contract. */
#ifndef OKR_CODE_EXAMPLES_H
#define OKR_CODE_EXAMPLES_H

/* Sets *example (the lines of the example, "" when the section has none)
 * and *fix ("Fix: ..." or "") for CODE ("OKR301"); 0 when spec.md has no
 * section for it. */
int okr_code_example(const char *code, const char **example, const char **fix);

#endif
