/* resolve_internal.h: what the parts of the resolve pass share.
 *
 * resolve.c builds the program's tables from the syntax trees (teams,
 * metrics, objectives, cycles); resolve_refs.c then resolves what the
 * declarations refer to: `use` lines, metric references, `aligns` links;
 * resolve_cycles.c last looks for alignment cycles. Internal to the
 * resolve pass; passes.h declares the pass itself. */
#ifndef OKR_RESOLVE_INTERNAL_H
#define OKR_RESOLVE_INTERNAL_H

#include "program.h"

/* The declarations of every file, each as its kind and node, in file
 * order: file i's are at[i][0 .. count[i]). The resolve pass reads the
 * declarations four times, and the okr_decl records of a large program
 * lie far apart in the arena (reading their kinds was most of the pass's
 * time on the 100k corpus). The arrays are those the gathering threads
 * filled, one per thread (buffers), not joined into one: copying them
 * was 5-7 ms on the calling thread. */
typedef struct okr_decl_at {
    okr_decl_kind kind;
    void *node;
    const okr_decl *decl;
    const char *name; /* a team's: read with the record, by the threads
                         that build the table; else NULL */
} okr_decl_at;

typedef struct okr_decl_table {
    const okr_decl_at **at;
    size_t *count;
    okr_decl_at **buffers;
    size_t buffer_count;
} okr_decl_table;

/* Parses a standard module on its first use and registers its metrics
 * (resolve.c). Adds a source: only ever called in program order. */
void okr_resolve_module_load(okr_program *prog, okr_module *m);
/* Whether two cycles share a day; an unknown or invalid cycle overlaps
 * every other (resolve.c). */
int okr_resolve_cycles_overlap(const okr_cycle_decl *a, const okr_cycle_decl *b);

/* Resolves every file's `use` lines, then the references of the program's
 * objectives from index first_objective on, which are the objective
 * declarations of the table in its order (resolve_refs.c). */
void okr_resolve_names(okr_program *prog, const okr_decl_table *decls, size_t first_objective);

/* Reports every alignment cycle (OKR106) once the links are resolved
 * (resolve_cycles.c). Reads obj->index of every objective. */
void okr_resolve_alignment_cycles(okr_program *prog);

#endif
