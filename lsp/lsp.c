/* lsp.c: placeholder until the language server lands. */
#include "lsp.h"

int okr_lsp_main(FILE *in, FILE *out, int argc, char **argv)
{
    (void)in, (void)out, (void)argc, (void)argv;
    fputs("okrc: error: lsp is not built yet\n", stderr);
    return 2;
}
