/* init.h: `okrc init [--force] [--cycle QUARTER] [DIR]`, which writes a
 * starter project (spec.md, "okrc init"). */
#ifndef OKR_CLI_INIT_H
#define OKR_CLI_INIT_H

extern const char okr_init_usage[];

/* argv holds the arguments after "init". Returns the exit status: 0 written,
 * 2 usage error, a file that exists (without --force) or a write failure. */
int okr_init_main(int argc, char **argv);

#endif
