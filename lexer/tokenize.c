/* tokenize.c: run the scanner alone, without the parser.
 *
 * Used by the lexer's unit tests (to see the token stream) and by the
 * benchmark as the front end's speed floor. */
#include <string.h>

#include "parser_state.h"
#include "okr.tab.h"
#include "okr.lex.h"
#include "lexer.h"

size_t okr_lexer_count_tokens(okr_parser *p, int *tokens, size_t max)
{
    yyscan_t scanner;
    if (okr_yylex_init_extra(p, &scanner) != 0)
        okr_lexer_fatal("cannot create scanner");
    p->scanner = scanner;
    YY_BUFFER_STATE buf = okr_yy_scan_bytes(p->text, (int)p->len, scanner);
    size_t n = 0;
    YYSTYPE value;
    YYLTYPE loc;
    int tok;
    while ((tok = okr_yylex(&value, &loc, scanner)) != 0) {
        if (tokens && n < max)
            tokens[n] = tok;
        n++;
    }
    okr_yy_delete_buffer(buf, scanner);
    okr_yylex_destroy(scanner);
    p->scanner = NULL;
    return n;
}
