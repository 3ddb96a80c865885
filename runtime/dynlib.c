/* dynlib.c: opens a shared library on first use and resolves the
 * functions a module calls (dynlib.h). */
#include "dynlib.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int open_failed(okr_dynlib *lib, const char *why)
{
    if (lib->handle)
        dlclose(lib->handle);
    lib->handle = NULL;
    lib->failed = 1;
    snprintf(lib->error, sizeof lib->error, "%s", why);
    return -1;
}

int okr_dynlib_open(okr_dynlib *lib, const char *library, const char *env, const okr_dynlib_symbol *symbols,
                    size_t count)
{
    if (lib->handle)
        return 0;
    if (lib->failed)
        return -1;
    const char *other = env ? getenv(env) : NULL;
    if (other && *other)
        library = other;
    dlerror();
    /* RTLD_NOW: a dependency of the library that is missing fails here,
     * with the dynamic linker's message, rather than in the middle of a
     * read. RTLD_NODELETE: closing drops the handle but never unmaps the
     * library; libpq's dependencies (OpenSSL, Kerberos) keep process-wide
     * state that does not survive unloading, and once unmapped that state
     * is what LeakSanitizer reported as leaked after a PostgreSQL read. */
    lib->handle = dlopen(library, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    if (!lib->handle) {
        const char *why = dlerror();
        return open_failed(lib, why ? why : library);
    }
    for (size_t i = 0; i < count; i++) {
        void *sym = dlsym(lib->handle, symbols[i].name);
        if (!sym) {
            char why[sizeof lib->error];
            snprintf(why, sizeof why, "%s has no function %s (too old a version?)", library, symbols[i].name);
            return open_failed(lib, why);
        }
        /* ISO C has no conversion from an object pointer to a function
         * pointer; POSIX guarantees dlsym's result has the representation
         * of one, so it is copied bytewise into the function pointer. */
        memcpy(symbols[i].slot, &sym, sizeof sym);
    }
    return 0;
}

void okr_dynlib_close(okr_dynlib *lib)
{
    if (lib->handle)
        dlclose(lib->handle);
    memset(lib, 0, sizeof *lib);
}
