/* diff.h: `okrc diff [options] OLD NEW [PATH...]`, what changed between two
 * versions of the OKRs (spec.md, "okrc diff"). */
#ifndef OKR_CLI_DIFF_H
#define OKR_CLI_DIFF_H

extern const char okr_diff_usage[];

/* argv holds the arguments after "diff". Returns the exit status: 0 no
 * flags, 1 flags, 2 usage or I/O failure. */
int okr_diff_main(int argc, char **argv);

#endif
