/* libpq_load.c: opens libpq and resolves the functions okrc calls into an
 * okr_libpq (libpq_load.h says why okrc is not linked with it, and who
 * owns the table). */
#include "libpq_load.h"

#include <string.h>

int okr_libpq_load(okr_libpq *pq)
{
#define OKR_LIBPQ_SYMBOL(name) {#name, &pq->name},
    const okr_dynlib_symbol symbols[] = {OKR_LIBPQ_FUNCTIONS(OKR_LIBPQ_SYMBOL)};
#undef OKR_LIBPQ_SYMBOL
    return okr_dynlib_open(&pq->lib, OKR_LIBPQ_SONAME, OKR_LIBPQ_ENV, symbols, sizeof symbols / sizeof symbols[0]);
}

void okr_libpq_close(okr_libpq *pq)
{
    okr_dynlib_close(&pq->lib);
    memset(pq, 0, sizeof *pq);
}
