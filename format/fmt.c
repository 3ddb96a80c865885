/* fmt.c: placeholder until the formatter lands. */
#include <stdio.h>

#include "fmt.h"

int okr_fmt_text(okr_arena *arena, okr_source_table *sources, okr_diags *diags, const char *path,
                 const char *text, size_t len, char **out, size_t *out_len)
{
    (void)arena, (void)sources, (void)diags, (void)path, (void)text, (void)len, (void)out, (void)out_len;
    return -1;
}

int okr_fmt_main(int argc, char **argv)
{
    (void)argc, (void)argv;
    fputs("okrc: error: fmt is not built yet\n", stderr);
    return 2;
}
