/* threads.h: running a few pieces of work at once, on threads started for
 * one step and joined at its end.
 *
 * The walk (workspace.c) and the checker's pool (checker/pool.c) both run
 * one piece per thread, the calling thread doing the first. A piece whose
 * thread could not be started runs on the calling thread afterwards, so
 * every piece runs exactly once whatever the system allows. */
#ifndef OKR_THREADS_H
#define OKR_THREADS_H

#include <stddef.h>

/* Calls work(args + k * stride) for k = 0 .. jobs-1 (stride 0: the same
 * args for all), each on its own thread but the first, which runs on the
 * calling thread; returns when all are done. */
void okr_threads_run(size_t jobs, void *(*work)(void *), void *args, size_t stride);

#endif
