/* libpq_load.h: libpq, the PostgreSQL client library, loaded with dlopen
 * when the first PostgreSQL feed is read (spec.md, "PostgreSQL feeds").
 *
 * okrc is not linked with libpq: libpq pulls in about twenty shared
 * libraries (OpenSSL, Kerberos, LDAP, GnuTLS) whose loading and relocation
 * was three quarters of the start-up of every `okrc check`, though only
 * `postgres:` feeds use them. The feed reader calls libpq through the
 * function pointers of an okr_libpq instead, resolved with dlsym.
 *
 * Ownership, with no mutable global: an okr_libpq is an ordinary object
 * its caller owns and zero-initialises. `okrc grade` keeps one for the
 * whole command and hands it to the readers in okr_feed_ctx.libpq, so
 * libpq is loaded once however many PostgreSQL feeds there are, and
 * closed when the command ends; a reader given none loads its own for the
 * one read.
 *
 * libpq's header stays a build dependency (libpq-dev): it declares the
 * opaque types, the enums and the PQconninfoOption struct the reader
 * reads fields of, and each pointer's type is taken from the declaration
 * of the function itself (__typeof__), so the compiler checks every call
 * against libpq's real signatures instead of a copy that could drift.
 * Declaring nothing of libpq's ourselves keeps one source of truth; the
 * header costs nothing at run time. */
#ifndef OKR_LIBPQ_LOAD_H
#define OKR_LIBPQ_LOAD_H

#include <libpq-fe.h>

#include "dynlib.h"

/* The library opened: its soname, from the libpq5 package (Debian and
 * Ubuntu; libpq on Fedora). The environment variable OKRC_LIBPQ names
 * another file or name to open instead, a test hook (spec.md). */
#define OKR_LIBPQ_SONAME "libpq.so.5"
#define OKR_LIBPQ_ENV "OKRC_LIBPQ"

/* Every libpq function okrc calls (feed_postgres.c and its test). */
#define OKR_LIBPQ_FUNCTIONS(X)                                                                                     \
    X(PQclear)                                                                                                     \
    X(PQconnectdb)                                                                                                 \
    X(PQconninfoFree)                                                                                              \
    X(PQconninfoParse)                                                                                             \
    X(PQdb)                                                                                                        \
    X(PQerrorMessage)                                                                                              \
    X(PQescapeIdentifier)                                                                                          \
    X(PQexec)                                                                                                      \
    X(PQexecParams)                                                                                                \
    X(PQfinish)                                                                                                    \
    X(PQfreemem)                                                                                                   \
    X(PQgetisnull)                                                                                                 \
    X(PQgetvalue)                                                                                                  \
    X(PQhost)                                                                                                      \
    X(PQntuples)                                                                                                   \
    X(PQport)                                                                                                      \
    X(PQresultErrorField)                                                                                          \
    X(PQresultStatus)                                                                                              \
    X(PQsetNoticeProcessor)                                                                                        \
    X(PQstatus)

typedef struct okr_libpq {
    okr_dynlib lib;   /* lib.error says why, when it cannot be loaded */
    /* One pointer per function, named as the function: pq->PQexec(...). */
#define OKR_LIBPQ_POINTER(name) __typeof__(&name) name;
    OKR_LIBPQ_FUNCTIONS(OKR_LIBPQ_POINTER)
#undef OKR_LIBPQ_POINTER
} okr_libpq;

/* Loads libpq into a zeroed (or already loaded) *pq and resolves every
 * function. Returns 0 when pq is ready; -1 when the library or one of its
 * functions cannot be loaded, with pq->lib.error saying why (the library's
 * name included). A failure is remembered: later calls return -1 at once. */
int okr_libpq_load(okr_libpq *pq);

/* Unloads libpq and zeroes *pq; harmless when it was never loaded. */
void okr_libpq_close(okr_libpq *pq);

#endif
