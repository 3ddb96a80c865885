/* diag.h: the one diagnostics module.
 *
 * Every finding of every stage (lexer, parser, checker passes, policy, CLI
 * input checks) is recorded here as a record: code, severity, primary span,
 * message, help lines and notes with their own spans. Nothing else prints
 * diagnostics; render*.c turn the same records into text, JSON, SARIF or
 * GitHub annotations.
 *
 * Severity comes from the code's default in codes.def unless the policy
 * overrode it (okr_diags_set_severity); a code set to OFF is not recorded.
 * okr_diags_finish() sorts by file and offset, drops suppressed records,
 * applies the per-file cap and counts what remains.
 *
 * A diagnostic may carry fixes (spec.md, "Fixes"): each a label and edits,
 * byte spans of one source file to replace, with a flag saying whether the
 * fix is machine-applicable (unambiguous: `okrc check --fix` and an editor's
 * "fix all" may apply it without a human choosing). The stage that
 * understands the mistake builds the fix; renderers, `--fix` and the LSP
 * only read it. */
#ifndef OKR_DIAG_H
#define OKR_DIAG_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "source.h"

typedef enum okr_severity {
    OKR_SEV_OFF = 0,
    OKR_SEV_NOTE,
    OKR_SEV_WARNING,
    OKR_SEV_ERROR,
} okr_severity;

typedef enum okr_code {
#define OKR_CODE(id, code, slug, sev, summary, explanation) id,
#include "codes.def"
#undef OKR_CODE
    OKR_CODE_COUNT
} okr_code;

typedef struct okr_code_info {
    const char *code;        /* "OKR301" */
    const char *slug;        /* "task-key-result" */
    okr_severity default_severity;
    const char *summary;     /* one line */
    const char *explanation; /* paragraphs for `okrc explain` */
} okr_code_info;

const okr_code_info *okr_code_info_get(okr_code code);
/* Accepts "OKR301", "okr301" or the slug; returns 0 if unknown. */
int okr_code_lookup(const char *text, okr_code *out);
const char *okr_severity_name(okr_severity sev);
/* Input, syntax and name problems (OKR0xx, OKR1xx) mean the program was not
 * understood, and OKR703/OKR704 report the policy itself: a policy cannot
 * lower them. */
int okr_code_severity_changeable(okr_code code);
/* Findings of the checker proper can be suppressed; OKR0xx and the
 * suppression and policy codes (OKR7xx) cannot. */
int okr_code_suppressible(okr_code code);
int okr_severity_parse(const char *text, okr_severity *out);
/* The codes `okrc diff` reports (OKR96x, spec.md "okrc diff"), which no
 * check can see: a check never calls a suppression of one unused. */
int okr_code_reported_by_diff(okr_code code);

enum {
    OKR_DIAG_MAX_HELP = 3,
    OKR_DIAG_MAX_NOTES = 4,
    OKR_DIAG_MAX_FIXES = 2,      /* alternatives offered for one finding */
    OKR_FIX_MAX_EDITS = 4,       /* edits of one fix, all in one file */
    OKR_DIAG_MAX_PER_FILE = 100,      /* shown per file; then one OKR009 note */
    OKR_DIAG_MAX_STORED_PER_FILE = 10000, /* kept per file; the rest are only counted,
                                             so hostile input cannot exhaust memory */
};

typedef struct okr_diag_noteinfo {
    okr_span span; /* file == OKR_NO_FILE for a note without location */
    const char *message;
} okr_diag_noteinfo;

typedef struct okr_edit {
    okr_span span;           /* bytes to replace; start == end inserts */
    const char *replacement; /* UTF-8, never NULL */
} okr_edit;

typedef struct okr_fix {
    const char *label;       /* "replace 'win_rat' with 'win_rate'" */
    int machine_applicable;  /* 1: apply without asking (okrc check --fix) */
    int help_index;          /* the help line this fix carries out, or -1 */
    okr_edit edits[OKR_FIX_MAX_EDITS]; /* sorted by start, never overlapping */
    int edit_count;
} okr_fix;

typedef struct okr_diag {
    okr_code code;
    okr_severity severity;
    okr_span span;
    const char *message;
    const char *help[OKR_DIAG_MAX_HELP];
    int help_count;
    okr_diag_noteinfo notes[OKR_DIAG_MAX_NOTES];
    int note_count;
    okr_fix *fixes;   /* fix_count of them, allocated on the first fix */
    int fix_count;
    int suppressed;   /* set by the suppression pass */
    size_t sequence;  /* report order, to keep the sort stable */
} okr_diag;

typedef struct okr_diags {
    okr_arena *arena;
    okr_vec list; /* okr_diag*, in report order until finish, then sorted */
    okr_severity severity_of[OKR_CODE_COUNT];
    size_t errors, warnings, notes;
    size_t hidden; /* over the per-file cap */
    /* Per file: how many were stored, and how many of each severity were
     * only counted once OKR_DIAG_MAX_STORED_PER_FILE was reached. */
    uint32_t *stored_in_file;
    size_t *dropped_in_file;
    size_t files_tracked;
    size_t dropped_errors, dropped_warnings, dropped_notes;
    /* okr_diags_one_file_at_a_time: the counts of the one file, instead */
    int one_file;
    uint32_t stored_now;
    size_t dropped_now;
} okr_diags;

void okr_diags_init(okr_diags *diags, okr_arena *arena);
void okr_diags_set_severity(okr_diags *diags, okr_code code, okr_severity sev);

/* Records a finding; returns NULL when the policy turned the code off, and
 * okr_diag_help/okr_diag_note accept NULL, so call sites need no check. */
okr_diag *okr_diag_report(okr_diags *diags, okr_code code, okr_span span, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void okr_diag_help(okr_diags *diags, okr_diag *diag, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void okr_diag_note(okr_diags *diags, okr_diag *diag, okr_span span, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Adds a fix to a diagnostic and returns it, or NULL (diag NULL, or it has
 * OKR_DIAG_MAX_FIXES already); okr_fix_edit accepts NULL. */
okr_fix *okr_diag_fix(okr_diags *diags, okr_diag *diag, int machine_applicable,
                      const char *label_fmt, ...) __attribute__((format(printf, 4, 5)));
/* Says that the fix carries out the diagnostic's last help line, unless
 * another fix already does: text output then shows the fix under that line
 * ("did you mean 'win_rate'?" followed by the corrected line) instead of as
 * a help line of its own; the label still names the fix for editors'
 * quick-fix titles. Accepts NULL. */
void okr_fix_link_help(okr_fix *fix, const okr_diag *diag);
/* Adds an edit to a fix. An edit in another file than the fix's first
 * edit, overlapping another edit, or past OKR_FIX_MAX_EDITS makes the
 * whole fix not machine-applicable and is dropped: a fix is applied whole
 * or not at all, so a partial fix must never be marked safe. */
void okr_fix_edit(okr_diags *diags, okr_fix *fix, okr_span span, const char *replacement);

void okr_diags_finish(okr_diags *diags);
/* Adds the findings of `from` (finished, about other files than those of
 * `into`) to `into` (finished), keeping the order by file and offset and
 * the counts: `okrc check --checkins` joins the check-in files' findings to
 * the program's so that one report holds both. */
void okr_diags_append(okr_diags *into, const okr_diags *from);
/* Findings recorded apart and added to a program's later: a thread that
 * parses files (checker/program.c, okr_program_add_files) records each
 * file's findings with its own okr_diags and arena, takes them out after
 * the file (okr_diags_take), and the program adds them in file order
 * (okr_diags_merge), as if they had been reported there. */
typedef struct okr_diags_part {
    okr_vec list;     /* okr_diag*, in report order */
    size_t dropped_in_file; /* past OKR_DIAG_MAX_STORED_PER_FILE: only counted */
    uint32_t file;
    size_t dropped_errors, dropped_warnings, dropped_notes;
} okr_diags_part;

/* Initialises an empty okr_diags in `arena` with the severities of `like`
 * (the program's, its policy applied). */
void okr_diags_init_like(okr_diags *diags, okr_arena *arena, const okr_diags *like);
/* Makes room to count findings per file for files 0 .. count-1 at once,
 * so that recording findings file after file does not grow the per-file
 * counts again and again. */
void okr_diags_reserve_files(okr_diags *diags, size_t count);
/* Counts findings against the per-file cap in one count that
 * okr_diags_take hands over and resets, instead of per file: for a diags
 * whose findings are all about the one file between takes (a parsing
 * thread's), which then needs no counts over all the program's files (a
 * 45,000-file program: 540 KB per thread). */
void okr_diags_one_file_at_a_time(okr_diags *diags);
/* Moves what `diags` recorded since the last take into `part` (the records
 * stay in diags' arena) and leaves diags empty but for its per-file counts
 * (or with its one file's count reset: okr_diags_one_file_at_a_time):
 * each file's findings must be recorded between one pair of takes, and
 * `file` names it (its count of findings over the cap goes to the part). */
void okr_diags_take(okr_diags *diags, uint32_t file, okr_diags_part *part);
/* Adds the findings of `part` to `into` (not finished) after those it holds,
 * in their order, each counted against its file's cap there, and adds what
 * the part only counted. Into's arena must outlive the records
 * (okr_arena_adopt). Merging the parts of files into holds no findings
 * about yet gives what reporting them into `into` directly would. */
void okr_diags_merge(okr_diags *into, const okr_diags_part *part);
/* Adds everything `from` (not finished) recorded, about any files, to
 * `into` (not finished) after what it holds, as okr_diags_merge does for
 * one file's part: a thread that runs a checker pass over some of the
 * objectives (checker/pass_chunks.c) records with its own okr_diags, and
 * the program adds the threads' findings in the objectives' order. What
 * `from` only counted (past OKR_DIAG_MAX_STORED_PER_FILE of a file) stays
 * counted, so `into` keeps the first findings of each file up to the cap
 * in that order, as reporting them into `into` directly would. */
void okr_diags_merge_all(okr_diags *into, const okr_diags *from);
/* How many recorded (unsuppressed) findings the code has; for tests. */
size_t okr_diags_count_code(const okr_diags *diags, okr_code code);

#endif
