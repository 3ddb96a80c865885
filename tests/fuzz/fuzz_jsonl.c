/* fuzz_jsonl.c: arbitrary bytes as a JSON Lines feed (runtime/feed_jsonl.c),
 * read into a store without and with --strict-feeds (fuzz_feed.h). */
#include "fuzz_feed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_feed(OKR_FEED_JSONL, data, size);
    return 0;
}
