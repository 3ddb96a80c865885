/* pass_chunks.c: a pass's walk over the objectives, split over threads
 * (passes.h, okr_pass_chunked).
 *
 * The n items are cut into contiguous chunks in program order, one per
 * thread of the pool (pool.h). Each chunk's walk gets a view of the
 * program: a shallow copy whose arena, diagnostics and vocabulary (whose
 * memo of words is written as it reads) are its own, all else shared with
 * the program and only read meanwhile (the tree, the tables, the policy,
 * the vocabulary's words). Afterwards, on the calling thread, the
 * chunks' findings are added to the program's in chunk order
 * (okr_diags_merge_all), which numbers them as a single walk reporting
 * into the program would and keeps the same ones under the per-file cap,
 * and their arenas are adopted. So the result does not depend on the
 * number of threads, as long as the walk writes nothing shared: what it
 * decides about a node of the tree it may store only in nodes no other
 * chunk reads or writes. */
#include <stdlib.h>

#include "passes.h"
#include "pool.h"
#include "vocab.h"

typedef struct chunk {
    okr_program view;
    size_t from, to;
    okr_pass_walk walk;
    void *ctx;
} chunk;

size_t okr_pass_jobs(const okr_program *prog, size_t n)
{
    return okr_pool_jobs(prog->jobs, n, OKR_PASS_OBJECTIVES_PER_JOB);
}

static void *chunk_work(void *arg)
{
    chunk *c = arg;
    c->walk(&c->view, c->from, c->to, c->ctx);
    return NULL;
}

void okr_pass_chunked(okr_program *prog, size_t n, okr_pass_walk walk, void *ctx)
{
    size_t jobs = okr_pass_jobs(prog, n);
    if (jobs < 2) {
        walk(prog, 0, n, ctx);
        return;
    }
    chunk *chunks = calloc(jobs, sizeof *chunks);
    if (!chunks)
        abort();
    for (size_t k = 0; k < jobs; k++) {
        chunk *c = &chunks[k];
        c->view = *prog;
        okr_arena_init(&c->view.arena);
        okr_diags_init_like(&c->view.diags, &c->view.arena, &prog->diags);
        /* No okr_diags_reserve_files: most chunks report about few files
         * or none, and the counts grow on the first finding. */
        /* The vocabulary memoises what it reads of words (vocab_internal.h):
         * a copy of it per chunk, with a memo of its own, the words shared. */
        c->view.policy.vocab = okr_vocab_share(prog->policy.vocab, &c->view.arena);
        c->from = n * k / jobs;
        c->to = n * (k + 1) / jobs;
        c->walk = walk;
        c->ctx = ctx;
    }
    okr_pool_run(jobs, chunk_work, chunks, sizeof *chunks);
    for (size_t k = 0; k < jobs; k++) {
        okr_diags_merge_all(&prog->diags, &chunks[k].view.diags);
        okr_arena_adopt(&prog->arena, &chunks[k].view.arena);
    }
    free(chunks);
}
