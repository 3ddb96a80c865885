/* resolve_cycles.c: alignment cycles (OKR106, spec.md "Alignment"), the
 * last step of the resolve pass, once resolve_refs.c has resolved every
 * `aligns` link.
 *
 * The alignment graph is first copied into arrays on the pool's threads
 * (each objective's resolved links as target indices, in link order);
 * one depth-first search then runs on the calling thread over those
 * arrays, as the search over the nodes did: roots in program order, links
 * in declaration order, each cycle reported once, at the link that closes
 * it. So the findings and their order do not depend on the threads. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "passes.h"
#include "pool.h"
#include "prefetch.h"
#include "resolve_internal.h"

static const char *objective_qualified(okr_program *prog, const okr_objective *obj)
{
    return obj->team ? okr_arena_printf(&prog->arena, "%s.%s", obj->team->name.text, obj->name.text)
                     : obj->name.text;
}

/* The alignment graph as arrays, built on the pool's threads: objective i's
 * resolved links are edges[first[i] .. first[i] + count[i]), each the
 * target's index and the link's position in its aligns, in link order.
 * Reading the objective nodes, their links and targets, which lie far
 * apart, was most of the serial search's time (7-9 ms of the 100k
 * corpus); the search then reads only these arrays. */
typedef struct align_edge {
    uint32_t to, link;
} align_edge;

typedef struct align_graph {
    const okr_program *prog;
    align_edge **edges_of; /* objective i's edges: edges_of[i][0 .. count[i]) */
    uint32_t *count;
} align_graph;

typedef struct graph_chunk {
    align_graph *g;
    size_t from, to;
    align_edge *buf; /* the chunk's edges, freed after the search */
    size_t len, cap;
} graph_chunk;

/* What the graph reads of the objectives ahead, in stages (prefetch.h):
 * the objective node, its aligns array, the links. */
static void prefetch_root(const okr_program *prog, size_t i)
{
    const okr_objective *o = okr_prefetch_at(prog, i, 3);
    okr_prefetch_bytes(o, sizeof *o);
    if ((o = okr_prefetch_at(prog, i, 2)))
        __builtin_prefetch(o->aligns.items);
    if ((o = okr_prefetch_at(prog, i, 1)))
        okr_prefetch_list_items(&o->aligns, sizeof(okr_align));
}

static void *graph_work(void *arg)
{
    graph_chunk *c = arg;
    const okr_program *prog = c->g->prog;
    size_t *start = malloc((c->to - c->from + 1) * sizeof *start);
    if (!start)
        abort();
    for (size_t i = c->from; i < c->to; i++) {
        prefetch_root(prog, i);
        const okr_objective *o = prog->objectives.items[i];
        start[i - c->from] = c->len;
        for (size_t k = 0; k < o->aligns.len; k++) {
            const okr_objective *to = ((const okr_align *)o->aligns.items[k])->objective;
            if (!to)
                continue;
            if (c->len == c->cap) {
                c->cap = c->cap ? 2 * c->cap : 1024;
                c->buf = realloc(c->buf, c->cap * sizeof *c->buf);
                if (!c->buf)
                    abort();
            }
            c->buf[c->len++] = (align_edge){(uint32_t)to->index, (uint32_t)k};
        }
        c->g->count[i] = (uint32_t)(c->len - start[i - c->from]);
    }
    for (size_t i = c->from; i < c->to; i++) /* no buffer: no links in the chunk */
        c->g->edges_of[i] = c->buf ? c->buf + start[i - c->from] : NULL;
    free(start);
    return NULL;
}

typedef struct cycle_frame {
    uint32_t obj;  /* index */
    uint32_t next; /* the next edge to follow */
} cycle_frame;

/* How much of a long cycle the message shows: the first objectives, a
 * count of the rest, the last ones and the first again. */
enum { CYCLE_SHOWN_HEAD = 4, CYCLE_SHOWN_TAIL = 2 };

/* n with a comma every three digits ("99,996"), into buf. */
static const char *grouped(size_t n, char *buf, size_t size)
{
    char digits[32];
    int len = snprintf(digits, sizeof digits, "%zu", n);
    size_t o = 0;
    for (int i = 0; i < len && o + 2 < size; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
    return buf;
}

static const char *frame_qualified(okr_program *prog, const cycle_frame *f)
{
    return objective_qualified(prog, prog->objectives.items[f->obj]);
}

/* "a -> b -> ... (N more) -> y -> z -> a" for the cycle stack[from..top]
 * closed by a link back to stack[from]. Built once, at the length it will
 * have: re-printing the growing path at each step cost memory quadratic in
 * the cycle's length (23.9 GB for a 100,000-objective cycle). */
static const char *cycle_path(okr_program *prog, const cycle_frame *stack, size_t from, size_t top)
{
    size_t n = top - from; /* objectives in the cycle */
    const char *part[CYCLE_SHOWN_HEAD + CYCLE_SHOWN_TAIL + 3] = {0};
    size_t parts = 0;
    char more[64], count[32];
    if (n <= CYCLE_SHOWN_HEAD + CYCLE_SHOWN_TAIL + 1) {
        for (size_t k = from; k < top; k++)
            part[parts++] = frame_qualified(prog, &stack[k]);
    } else {
        for (size_t k = 0; k < CYCLE_SHOWN_HEAD; k++)
            part[parts++] = frame_qualified(prog, &stack[from + k]);
        snprintf(more, sizeof more, "... (%s more)",
                 grouped(n - CYCLE_SHOWN_HEAD - CYCLE_SHOWN_TAIL, count, sizeof count));
        part[parts++] = more;
        for (size_t k = top - CYCLE_SHOWN_TAIL; k < top; k++)
            part[parts++] = frame_qualified(prog, &stack[k]);
    }
    part[parts++] = part[0];
    size_t len = 0;
    for (size_t k = 0; k < parts; k++)
        len += strlen(part[k]) + (k ? 4 : 0);
    char *path = okr_arena_alloc(&prog->arena, len + 1), *at = path;
    for (size_t k = 0; k < parts; k++) {
        if (k) {
            memcpy(at, " -> ", 4);
            at += 4;
        }
        size_t l = strlen(part[k]);
        memcpy(at, part[k], l);
        at += l;
    }
    *at = '\0';
    return path;
}

/* Iterative depth-first search over the graph (a recursive one could
 * overflow the stack on a hostile 100k-long chain). Each cycle is reported
 * once, at the objective whose link closes it. VISITED and ON_STACK hold
 * a byte per objective. */
static void search_cycles(okr_program *prog, const align_graph *g, unsigned char *visited, unsigned char *on_stack)
{
    size_t n = prog->objectives.len;
    cycle_frame *stack = malloc((n + 1) * sizeof *stack);
    if (!stack)
        abort();
    for (size_t i = 0; i < n; i++) {
        if (visited[i])
            continue;
        size_t depth = 0;
        stack[depth++] = (cycle_frame){(uint32_t)i, 0};
        visited[i] = on_stack[i] = 1;
        while (depth) {
            cycle_frame *f = &stack[depth - 1];
            if (f->next == g->count[f->obj]) {
                on_stack[f->obj] = 0;
                depth--;
                continue;
            }
            align_edge e = g->edges_of[f->obj][f->next++];
            if (on_stack[e.to]) {
                /* The cycle is the stack from `to` up to the top. */
                size_t from = depth - 1;
                while (stack[from].obj != e.to)
                    from--;
                const okr_objective *o = prog->objectives.items[f->obj];
                const okr_align *a = o->aligns.items[e.link];
                okr_diag *d = okr_diag_report(&prog->diags, OKR106, a->span, "alignment cycle: %s",
                                              cycle_path(prog, stack, from, depth));
                okr_diag_help(&prog->diags, d, "alignment runs from team objectives up to company "
                                               "objectives; remove one of these links");
            } else if (!visited[e.to]) {
                visited[e.to] = on_stack[e.to] = 1;
                stack[depth++] = (cycle_frame){e.to, 0};
            }
        }
    }
    free(stack);
}

/* From OKR_PASS_OBJECTIVES_PER_JOB objectives a thread builds a part of
 * the graph (okr_pass_jobs); the search is on the calling thread. */
void okr_resolve_alignment_cycles(okr_program *prog)
{
    size_t n = prog->objectives.len;
    size_t jobs = okr_pass_jobs(prog, n);
    align_graph g = {prog, malloc((n + 1) * sizeof *g.edges_of), malloc((n + 1) * sizeof *g.count)};
    graph_chunk *chunks = calloc(jobs, sizeof *chunks);
    unsigned char *marks = calloc(2 * n + 2, 1);
    if (!g.edges_of || !g.count || !chunks || !marks)
        abort();
    for (size_t k = 0; k < jobs; k++)
        chunks[k] = (graph_chunk){.g = &g, .from = n * k / jobs, .to = n * (k + 1) / jobs};
    okr_pool_run(jobs, graph_work, chunks, sizeof *chunks);
    search_cycles(prog, &g, marks, marks + n + 1);
    for (size_t k = 0; k < jobs; k++)
        free(chunks[k].buf);
    free(chunks);
    free(marks);
    free(g.edges_of);
    free(g.count);
}
