/* fuzz_program.h: programs for the fuzz targets that check one.
 *
 * The standard library's vocabulary is parsed once per process
 * (okr_stdlib_prepare) and shared by every program the target builds:
 * parsing it for each input was most of an input's cost. The prepared
 * library lives until the process ends and is never changed. */
#ifndef OKR_FUZZ_PROGRAM_H
#define OKR_FUZZ_PROGRAM_H

#include "../../checker/program.h"

static inline void fuzz_program_init(okr_program *prog)
{
    static okr_prepared_stdlib *std;
    if (!std)
        std = okr_stdlib_prepare();
    okr_program_init_prepared(prog, std);
}

#endif
