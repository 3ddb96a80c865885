/* pool.c: threads started for one step and joined at its end (pool.h).
 *
 * A step of the checker is tens of milliseconds at least when it runs on
 * threads at all (okr_pool_jobs keeps small inputs on one), so starting
 * the threads per step costs nothing measurable and needs no queue. */
#include "pool.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

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

/* A worker's stack: reading, parsing and the passes need some tens of KiB
 * (the parser's stacks grow on the heap, the vocabulary's token buffers
 * are a few KiB); the default of 8 MiB a thread is address space a
 * process under `ulimit -v` may not have to spare. */
enum { POOL_STACK_BYTES = 1024 * 1024 };

void okr_pool_run(size_t jobs, void *(*work)(void *), void *args, size_t stride)
{
    char *base = args;
    if (jobs < 2) {
        if (jobs)
            work(base);
        return;
    }
    pthread_t *threads = calloc(jobs, sizeof *threads);
    unsigned char *started = calloc(jobs, 1);
    if (!threads || !started)
        abort();
    pthread_attr_t attr;
    int have_attr = pthread_attr_init(&attr) == 0;
    if (have_attr)
        (void)pthread_attr_setstacksize(&attr, POOL_STACK_BYTES); /* else the default */
    for (size_t k = 1; k < jobs; k++)
        started[k] = pthread_create(&threads[k], have_attr ? &attr : NULL, work, base + k * stride) == 0;
    if (have_attr)
        pthread_attr_destroy(&attr);
    work(base);
    for (size_t k = 1; k < jobs; k++) {
        if (started[k])
            pthread_join(threads[k], NULL);
        else
            work(base + k * stride);
    }
    free(threads);
    free(started);
}
