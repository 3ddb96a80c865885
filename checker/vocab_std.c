/* vocab_std.c: the standard vocabulary, from the table built at build time.
 *
 * tools/gen_vocab.c reads std/vocabulary.okr at build time, adds its words
 * to a vocabulary made by okr_vocab_new (the closed lists of vocab.c), and
 * writes the resulting hash set as build/gen/vocab_table.c. A run of okrc
 * then only points at that table: parsing the 24 KB file and hashing its
 * 3,000 words was two thirds of the instructions of checking a small file.
 * The table is shared copy-on-write, like okr_vocab_share's base: a
 * repository's policy words go to a copy of the slots, made when the first
 * one is added. tests/unit/test_vocab_table.c checks that the table holds
 * exactly what parsing std/vocabulary.okr gives. Kept apart from vocab.c so
 * that the generator, which compiles vocab.c, needs no table of its own. */
#include "vocab_internal.h"

okr_vocab *okr_vocab_std(okr_arena *arena)
{
    const vocab_table *t = &okr_vocab_std_table;
    okr_vocab *v = okr_arena_alloc(arena, sizeof *v);
    v->arena = arena;
    /* Never written through: set_add unshares first (v->shared). */
    v->slots = (vocab_entry *)t->slots;
    v->cap = t->cap;
    v->used = t->used;
    memcpy(v->count, t->count, sizeof v->count);
    memcpy(v->max_words, t->max_words, sizeof v->max_words);
    v->memo = okr_arena_alloc(arena, sizeof *v->memo);
    v->shared = 1;
    v->base_text = t->text;
    v->base_len = t->text_len;
    return v;
}
