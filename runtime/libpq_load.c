/* libpq_load.c: opens libpq with dlopen and resolves the functions okrc
 * calls into an okr_libpq (libpq_load.h says why okrc is not linked with
 * it, and who owns the table). */
#include "libpq_load.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int load_failed(okr_libpq *pq, const char *library, const char *why)
{
    if (pq->handle)
        dlclose(pq->handle);
    pq->handle = NULL;
    pq->failed = 1;
    snprintf(pq->error, sizeof pq->error, "%s", why ? why : library);
    return -1;
}

int okr_libpq_load(okr_libpq *pq)
{
    if (pq->handle)
        return 0;
    if (pq->failed)
        return -1;
    const char *library = getenv(OKR_LIBPQ_ENV);
    if (!library || !*library)
        library = OKR_LIBPQ_SONAME;
    dlerror();
    /* RTLD_NOW: a dependency of libpq that is missing fails here, with the
     * dynamic linker's message, rather than in the middle of a read. */
    pq->handle = dlopen(library, RTLD_NOW | RTLD_LOCAL);
    if (!pq->handle)
        return load_failed(pq, library, dlerror());
    void *sym;
    /* ISO C has no conversion from an object pointer to a function
     * pointer; POSIX guarantees dlsym's result has the representation of
     * one, so it is copied bytewise. */
#define OKR_LIBPQ_RESOLVE(name)                                                                                     \
    if (!(sym = dlsym(pq->handle, #name))) {                                                                        \
        char why[sizeof pq->error];                                                                                 \
        snprintf(why, sizeof why, "%s has no function %s (a libpq older than version 10?)", library, #name);       \
        return load_failed(pq, library, why);                                                                       \
    }                                                                                                               \
    memcpy(&pq->name, &sym, sizeof pq->name);
    OKR_LIBPQ_FUNCTIONS(OKR_LIBPQ_RESOLVE)
#undef OKR_LIBPQ_RESOLVE
    return 0;
}

void okr_libpq_close(okr_libpq *pq)
{
    if (pq->handle)
        dlclose(pq->handle);
    memset(pq, 0, sizeof *pq);
}
