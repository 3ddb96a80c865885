/* pass_chunks.c: a pass's walk over the objectives, split over threads
 * (passes.h, okr_pass_chunked).
 *
 * The n items are cut into contiguous runs in program order, a few per
 * thread of the pool (pool.h), which the threads take in turn from a
 * counter. Each thread's walks get its view of the program: a shallow copy
 * whose arena, diagnostics (fresh for each run) and vocabulary (whose memo
 * of words is written as it reads) are its own, all else shared with the
 * program and only read meanwhile (the tree, the tables, the policy, the
 * vocabulary's words). Afterwards, on the calling thread, the runs'
 * findings are added to the program's in run order (okr_diags_merge_all),
 * which numbers them as a single walk reporting into the program would
 * and keeps the same ones under the per-file cap, and the threads' arenas
 * are adopted. So the result depends neither on the number of threads nor
 * on which thread took which run, as long as the walk writes nothing
 * shared: what it decides about a node of the tree it may store only in
 * nodes no other run reads or writes. */
#include <stdatomic.h>
#include <stdlib.h>

#include "passes.h"
#include "pool.h"
#include "vocab.h"

/* Runs per thread: the threads take runs from a counter, so that one whose
 * runs cost more (the task-style walk's first half of the 100k corpus took
 * 140 ms where the second took 85, perf) does not leave the other idle. */
enum { RUNS_PER_JOB = 4, MIN_RUN = 1000 };

/* A run of items [from, to) and what its walk reported. */
typedef struct run {
    size_t from, to;
    okr_diags diags;
} run;

typedef struct runs {
    run *items;
    size_t n;
    atomic_size_t next;
    okr_pass_walk walk;
    void *ctx;
    const okr_diags *like; /* the program's: the severities */
} runs;

/* A thread's view of the program (see above) and the runs it takes. */
typedef struct worker {
    okr_program view;
    runs *runs;
} worker;

size_t okr_pass_jobs(const okr_program *prog, size_t n)
{
    return okr_pool_jobs(prog->jobs, n, OKR_PASS_OBJECTIVES_PER_JOB);
}

void *okr_pass_walk_state(okr_program *view, okr_pass_make_state make, const void *ctx, size_t items)
{
    if (!view->walk_state)
        view->walk_state = make(&view->arena, ctx, items);
    return view->walk_state;
}

static void *worker_work(void *arg)
{
    worker *w = arg;
    runs *rs = w->runs;
    for (;;) {
        size_t i = atomic_fetch_add_explicit(&rs->next, 1, memory_order_relaxed);
        if (i >= rs->n)
            break;
        run *r = &rs->items[i];
        /* No okr_diags_reserve_files: most runs report about few files
         * or none, and the counts grow on the first finding. */
        okr_diags_init_like(&w->view.diags, &w->view.arena, rs->like);
        rs->walk(&w->view, r->from, r->to, rs->ctx);
        r->diags = w->view.diags;
    }
    return NULL;
}

/* The walk over n items on `jobs` threads, in runs of at least min_run
 * items unless that leaves fewer runs than threads. */
static void run_chunked(okr_program *prog, size_t n, size_t jobs, size_t min_run, okr_pass_walk walk, void *ctx)
{
    if (jobs < 2) {
        prog->walk_state = NULL;
        walk(prog, 0, n, ctx);
        prog->walk_state = NULL;
        return;
    }
    size_t count = jobs * RUNS_PER_JOB;
    if (count > n / min_run)
        count = n / min_run > jobs ? n / min_run : jobs;
    runs rs = {.n = count, .walk = walk, .ctx = ctx, .like = &prog->diags};
    atomic_init(&rs.next, 0);
    rs.items = calloc(count, sizeof *rs.items);
    worker *workers = calloc(jobs, sizeof *workers);
    if (!rs.items || !workers)
        abort();
    for (size_t k = 0; k < count; k++) {
        rs.items[k].from = n * k / count;
        rs.items[k].to = n * (k + 1) / count;
    }
    for (size_t k = 0; k < jobs; k++) {
        worker *w = &workers[k];
        w->view = *prog;
        w->runs = &rs;
        okr_arena_init(&w->view.arena);
        /* The vocabulary memoises what it reads of words (vocab_internal.h):
         * a copy of it per thread, with a memo of its own, the words shared. */
        w->view.policy.vocab = okr_vocab_share(prog->policy.vocab, &w->view.arena);
        w->view.walk_state = NULL;
    }
    okr_pool_run(jobs, worker_work, workers, sizeof *workers);
    for (size_t k = 0; k < count; k++)
        okr_diags_merge_all(&prog->diags, &rs.items[k].diags);
    for (size_t k = 0; k < jobs; k++)
        okr_arena_adopt(&prog->arena, &workers[k].view.arena);
    free(rs.items);
    free(workers);
}

void okr_pass_chunked(okr_program *prog, size_t n, okr_pass_walk walk, void *ctx)
{
    run_chunked(prog, n, okr_pass_jobs(prog, n), MIN_RUN, walk, ctx);
}

/* Counted in runs of a quarter of per_job items: unset, the same threads
 * as okr_pool_jobs(jobs, n, per_job); set, at most one a run, so that
 * OKRC_JOBS starts no thread for a handful of teams. */
void okr_pass_chunked_per(okr_program *prog, size_t n, size_t per_job, okr_pass_walk walk, void *ctx)
{
    size_t min_run = per_job / 4 ? per_job / 4 : 1;
    run_chunked(prog, n, okr_pool_jobs(prog->jobs, n / min_run, per_job / min_run), min_run, walk, ctx);
}
