/* checkin.h: human check-ins (spec.md, "Human check-ins").
 *
 * Owners record, per key result, a dated confidence (0-10, Radical Focus
 * style) and a short note in a check-in file named with
 * `okrc grade --checkins FILE`: CSV with the columns kr, date, confidence
 * and note (note optional), or JSON Lines with the same fields. Reading
 * validates every row against the checked program (the key result exists,
 * the date lies in its objective's cycle, the confidence is a whole number
 * 0-10, the note is short, one check-in per key result and day); a row
 * that fails is a diagnostic at FILE:LINE (OKR903/OKR904, OKR930-OKR934)
 * and is skipped, as malformed feed rows are (with --strict-feeds the read
 * stops at it).
 *
 * okr_checkins_apply() is the one place that decides what a report shows
 * of them: per key result, the latest check-in dated on or before its
 * objective's as-of day, the one before it, and whether the owner's
 * confidence disagrees with the status grading computed. It writes only
 * those fields of the grading result (grade.h); the writers read them. */
#ifndef OKR_CHECKIN_H
#define OKR_CHECKIN_H

#include <stddef.h>
#include <stdint.h>

#include "../common/strmap.h"
#include "feed.h"
#include "grade.h"

/* A note longer than this many characters (code points) is refused: a
 * check-in note is a sentence, not a status report. */
enum { OKR_CHECKIN_NOTE_MAX = 280 };
/* Confidence at or above this while the data says at risk or off track,
 * or at or below OKR_CHECKIN_DOUBTFUL while it says on track, disagrees. */
enum { OKR_CHECKIN_CONFIDENT = 7, OKR_CHECKIN_DOUBTFUL = 3, OKR_CHECKIN_CONFIDENCE_MAX = 10 };
/* A check-in file larger than this is not read (OKR901). */
enum { OKR_CHECKIN_MAX_BYTES = 16 << 20 };

struct okr_checkin {
    const okr_kr *kr;
    const char *qualified;  /* growth.onboarding.activation, as written */
    long day;
    int confidence;         /* 0..10 */
    const char *note;       /* "" when none */
    uint32_t file, line;    /* where it was written */
};

typedef struct okr_checkins {
    okr_vec items;          /* okr_checkin*, valid rows in file order */
    size_t files;           /* --checkins files read */
    size_t rows;            /* data rows seen */
    size_t rejected;        /* rows skipped with a diagnostic */
    okr_strmap seen;        /* "kr@day" -> okr_checkin*, over every file (OKR933) */
    int seen_ready;
} okr_checkins;

/* Reads one check-in file into `set`, validating every row against the
 * program (whose objectives must have resolved cycles). Diagnostics go to
 * ctx->diags; ctx->strict stops at the first bad row. Returns 0, or -1
 * when the file cannot be read at all or a strict read stopped. */
int okr_checkins_read(okr_checkins *set, const okr_program *prog, okr_feed_ctx *ctx, const char *path);

/* Attaches each key result's latest check-in (on or before its objective's
 * as-of day) to the grading result and computes the disagreements. */
void okr_checkins_apply(const okr_checkins *set, okr_grade_result *result, okr_arena *arena);

/* "growth.onboarding.activation": team, objective and the key result's
 * label ("#2" when it has no name). */
const char *okr_checkin_kr_name(okr_arena *arena, const okr_kr *kr);

/* "owner confident", "owner doubtful"; "" for none. */
const char *okr_disagreement_name(okr_disagreement d);

#endif
