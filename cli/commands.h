/* commands.h: the okrc command line (check, compile, explain, help). */
#ifndef OKR_COMMANDS_H
#define OKR_COMMANDS_H

int okr_cli_main(int argc, char **argv);

/* Prints "okrc: error: MESSAGE" and where to find the COMMAND's usage (or
 * okrc's, when COMMAND is NULL) to standard error; returns 2, the exit
 * status of a usage error. */
int okr_cli_usage_error(const char *command, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
