/* fuzz_csv.c: arbitrary bytes as a CSV feed (runtime/feed_csv.c), read into
 * a store without and with --strict-feeds (fuzz_feed.h), then imported as
 * `okrc feed import` does into an in-memory SQLite database, which runs the
 * same scanner with the INSERT callback. */
#include "fuzz_feed.h"

#include "../../runtime/feed_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_feed(OKR_FEED_CSV, data, size);

    static fuzz_file import_file;
    const char *path = fuzz_file_write(&import_file, "okrc-import.csv", data, size);
    okr_arena arena;
    okr_source_table sources;
    okr_diags diags;
    okr_arena_init(&arena);
    okr_source_init(&sources, &arena);
    okr_diags_init(&diags, &arena);
    size_t imported = 0;
    int rc = okr_feed_import_csv(path, ":memory:", NULL, &diags, &sources, &imported);
    if (rc != 0 && imported != 0)
        fuzz_die("a failed import reports rows imported");
    okr_source_free(&sources);
    okr_arena_free(&arena);
    return 0;
}
