/* dump_features.c: the training data of the task-style model.
 *
 * Usage: dump_features PART...   (run from the repository root)
 * For every metric-bearing row with a target in the .tsv files of
 * tests/corpus/PART,
 * checks the row's program with the model off (the rules alone), then
 * prints one line: PART, file (the domain), label, and the row's features
 * as checker/task_model.c extracts them, space-separated. The trainer
 * (scripts/train-task-model.py) reads these lines, so the features it
 * weighs are exactly the ones okrc computes. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../checker/program.h"
#include "../unit/corpus_row.h"

static void print_feature(const char *feature, void *ctx)
{
    (void)ctx;
    printf(" %s", feature);
}

static void dump_row(const char *part, const char *domain, char **c)
{
    char text[8192];
    corpus_row_program(c, text, sizeof text);
    okr_program prog;
    okr_program_init(&prog);
    prog.policy.model_off = 1;
    okr_program_add_text(&prog, "row.okr", text, strlen(text));
    okr_program_check(&prog);
    okr_task_input in;
    memset(&in, 0, sizeof in);
    for (size_t i = 0; i < prog.diags.list.len; i++) {
        const okr_diag *d = prog.diags.list.items[i];
        in.rule_output |= d->code == OKR304 && d->severity == OKR_SEV_ERROR;
        in.rule_means |= d->code == OKR305;
    }
    /* The metric as the checker resolved it: its type, direction, target. */
    const okr_objective *obj = prog.objectives.len ? prog.objectives.items[0] : NULL;
    const okr_kr *kr = obj && obj->krs.len ? obj->krs.items[0] : NULL;
    if (kr && kr->metric_decl) {
        in.title = c[C_TITLE];
        in.description = c[C_DESC];
        in.type = kr->metric_decl->type;
        in.direction = kr->metric_decl->direction;
        in.target = kr->target.kind;
        in.from_zero = in.target == OKR_TARGET_FROM_TO && !kr->target.baseline_unknown && kr->target.baseline.value == 0;
        printf("%s\t%s\t%s\t", part, domain, c[C_LABEL]);
        okr_task_model_features(&in, print_feature, NULL);
        printf("\n");
    }
    okr_program_free(&prog);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int main(int argc, char **argv)
{
    for (int a = 1; a < argc; a++) {
        char dir[256];
        snprintf(dir, sizeof dir, "tests/corpus/%s", argv[a]);
        DIR *d = opendir(dir);
        if (!d) {
            perror(dir);
            return 2;
        }
        char *names[256];
        size_t n = 0;
        struct dirent *e;
        while ((e = readdir(d)) && n < 256) {
            size_t len = strlen(e->d_name);
            if (len > 4 && strcmp(e->d_name + len - 4, ".tsv") == 0)
                names[n++] = strdup(e->d_name);
        }
        closedir(d);
        qsort(names, n, sizeof names[0], cmp_str);
        for (size_t i = 0; i < n; i++) {
            char path[512], line[4096];
            snprintf(path, sizeof path, "%s/%s", dir, names[i]);
            FILE *f = fopen(path, "r");
            if (!f) {
                perror(path);
                return 2;
            }
            names[i][strlen(names[i]) - 4] = '\0';
            int header = 1;
            while (fgets(line, sizeof line, f)) {
                char *c[COLS + 1];
                if (header || line[0] == '\n') {
                    header = 0;
                    continue;
                }
                if (corpus_row_split(line, c) == COLS && *c[C_METRIC] && *c[C_TARGET])
                    dump_row(argv[a], names[i], c);
            }
            fclose(f);
            free(names[i]);
        }
    }
    return 0;
}
