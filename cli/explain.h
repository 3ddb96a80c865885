/* explain.h: `okrc explain [CODE]`, which prints what a diagnostic code
 * means and how to fix or silence it (spec.md, "okrc explain"). */
#ifndef OKR_CLI_EXPLAIN_H
#define OKR_CLI_EXPLAIN_H

extern const char okr_explain_usage[];

/* argv holds the arguments after "explain". Returns the exit status: 0
 * printed, 2 usage error (an unknown code, more than one). */
int okr_explain_main(int argc, char **argv);

#endif
