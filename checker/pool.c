/* pool.c: threads started for one step and joined at its end (pool.h), by
 * common/threads.c, which the directory walk uses too.
 *
 * A step of the checker is tens of milliseconds at least when it runs on
 * threads at all (okr_pool_jobs keeps small inputs on one), so starting
 * the threads per step costs nothing measurable and needs no queue. */
#include "pool.h"

#include <unistd.h>

#include "../common/threads.h"
#include "program.h"

size_t okr_pool_jobs(int jobs, size_t n, size_t per_job)
{
    size_t want = 1;
    if (jobs > 0) {
        want = jobs > OKR_LOAD_MAX_EXPLICIT_JOBS ? OKR_LOAD_MAX_EXPLICIT_JOBS : (size_t)jobs;
    } else if (n >= 2 * per_job) { /* else no need to ask */
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        want = cpus > 1 ? (size_t)cpus : 1;
        want = want > OKR_LOAD_MAX_JOBS ? OKR_LOAD_MAX_JOBS : want;
        want = want > n / per_job ? n / per_job : want;
    }
    want = want > n ? n : want;
    return want ? want : 1;
}

void okr_pool_run(size_t jobs, void *(*work)(void *), void *args, size_t stride)
{
    okr_threads_run(jobs, work, args, stride);
}
