/* feed_postgres.c: PostgreSQL feeds. Placeholder until the reader lands. */
#include "feed.h"

int okr_feed_read_postgres(okr_feed_ctx *ctx, const okr_feed_spec *spec)
{
    (void)ctx;
    (void)spec;
    return -1;
}
