/* threads.c: see threads.h. Starting the threads per step costs tens of
 * microseconds; a step that uses them is milliseconds at least, so there
 * is no queue and no thread kept between steps. */
#include "threads.h"

#include <pthread.h>
#include <stdlib.h>

/* A worker's stack: reading, walking, parsing and the passes need some
 * tens of KiB (the parser's stacks grow on the heap, the vocabulary's
 * token buffers are a few KiB); the default of 8 MiB a thread is address
 * space a process under `ulimit -v` may not have to spare. */
enum { THREAD_STACK_BYTES = 1024 * 1024 };

void okr_threads_run(size_t jobs, void *(*work)(void *), void *args, size_t stride)
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
        (void)pthread_attr_setstacksize(&attr, THREAD_STACK_BYTES); /* else the default */
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
