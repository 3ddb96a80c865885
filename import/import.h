/* import.h: `okrc import FILE [-o OUT] [--from FORMAT] [--cycle YYYY-QN]`,
 * which turns OKRs kept in Markdown, YAML or CSV into .okr source (spec.md,
 * "okrc import"). */
#ifndef OKR_IMPORT_H
#define OKR_IMPORT_H

extern const char okr_import_usage[];

/* argv holds the arguments after "import". Returns the exit status: 0
 * written, 1 the input could not be read as OKRs, 2 usage or I/O failure. */
int okr_import_main(int argc, char **argv);

#endif
