/* main.c: the okrc executable's entry point; all commands live in commands.c. */
#include "commands.h"

int main(int argc, char **argv)
{
    return okr_cli_main(argc, argv);
}
