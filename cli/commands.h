/* commands.h: the okrc command line (check, compile, explain, help). */
#ifndef OKR_COMMANDS_H
#define OKR_COMMANDS_H

int okr_cli_main(int argc, char **argv);

#endif
