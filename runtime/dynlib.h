/* dynlib.h: a shared library opened with dlopen when first needed, and
 * the functions of it a module calls, resolved with dlsym.
 *
 * okrc links only what every run uses. A library that one kind of feed
 * needs (libpq for postgres:, SQLite for sqlite: and `feed import`,
 * libffi for native feeds) is opened by that feed's reader instead: each
 * library linked costs every start of okrc the loading and relocation of
 * it and of all it depends on (spec.md, "Feeds"). A module declares a
 * table type holding an okr_dynlib and one function pointer per function,
 * each of the type of the function's own declaration (__typeof__), so
 * that the compiler checks every call against the library's header;
 * libpq_load.h is the pattern (an object, such as one of libffi's type
 * descriptors, is resolved the same way into a pointer to it). Tables are
 * ordinary objects their callers own; there is no global one. */
#ifndef OKR_DYNLIB_H
#define OKR_DYNLIB_H

#include <stddef.h>

typedef struct okr_dynlib {
    void *handle;     /* the dlopen handle; NULL until opened */
    int failed;       /* 1: opening was tried and failed (error says why) */
    char error[512];  /* the dynamic linker's reason, when failed */
} okr_dynlib;

/* A function to resolve: its name and the function pointer to set. */
typedef struct okr_dynlib_symbol {
    const char *name;
    void *slot;
} okr_dynlib_symbol;

/* Opens `library` (a soname or a path; the environment variable `env`
 * names another to open instead when set, a test hook) and sets every
 * slot. Returns 0 when all are set; -1 when the library or a function is
 * missing, with lib->error saying why, the library's name included. A
 * failure is remembered: later calls return -1 at once. */
int okr_dynlib_open(okr_dynlib *lib, const char *library, const char *env, const okr_dynlib_symbol *symbols,
                    size_t count);

/* Closes the library and zeroes *lib; harmless when it was never opened. */
void okr_dynlib_close(okr_dynlib *lib);

#endif
