/* libyaml_load.c: opens libyaml and resolves the functions `okrc import`
 * calls (libyaml_load.h says why okrc is not linked with it). */
#include "libyaml_load.h"

#include <string.h>

int okr_libyaml_load(okr_libyaml *y)
{
#define OKR_LIBYAML_SYMBOL(name) {#name, &y->name},
    const okr_dynlib_symbol symbols[] = {OKR_LIBYAML_FUNCTIONS(OKR_LIBYAML_SYMBOL)};
#undef OKR_LIBYAML_SYMBOL
    return okr_dynlib_open(&y->lib, OKR_LIBYAML_SONAME, OKR_LIBYAML_ENV, symbols, sizeof symbols / sizeof symbols[0]);
}

void okr_libyaml_close(okr_libyaml *y)
{
    okr_dynlib_close(&y->lib);
    memset(y, 0, sizeof *y);
}
