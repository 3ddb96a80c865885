/* pool.h: the one pool of threads of the checker.
 *
 * okr_program_add_files reads and parses files on it, okr_program_check
 * runs the per-objective passes on it (pass_chunks.c). okr_pool_run runs
 * one piece of work per worker, the calling thread doing the first, and
 * returns when all are done; a worker whose thread could not be started
 * has its work run on the calling thread afterwards, so every piece runs
 * exactly once whatever the system allows. Internal to checker/. */
#ifndef OKR_POOL_H
#define OKR_POOL_H

#include <stddef.h>

/* How many threads to use for n pieces of work when asked for `jobs`
 * (0: decide): never more than n nor OKR_LOAD_MAX_EXPLICIT_JOBS
 * (program.h); 0 gives the online CPUs, at most OKR_LOAD_MAX_JOBS and one
 * per `per_job` pieces, so that a small input starts no thread. */
size_t okr_pool_jobs(int jobs, size_t n, size_t per_job);

/* Calls work(args + k * stride) for k = 0 .. jobs-1, each on its own
 * thread but the first, which runs on the calling thread. */
void okr_pool_run(size_t jobs, void *(*work)(void *), void *args, size_t stride);

#endif
