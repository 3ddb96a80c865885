# Makefile: one non-recursive build of okrc, its tests and tools.
#
#   make            build/okrc
#   make demo       install build dependencies if missing, build, check the examples
#   make test       install dependencies if missing, build, run every test, also under ASan+UBSan
#   make unit       build, run the cmocka unit tests (plain build only, seconds)
#   make golden     build, run the golden cases of tests/cases and tests/grade (plain build, seconds)
#   make check-tests  build, run every test against $(BUILD) only
#   make asan       build build/asan/okrc with AddressSanitizer and UndefinedBehaviorSanitizer
#   make install    PREFIX=/usr/local DESTDIR=: binary, man pages, completions, editor files
#   make uninstall  removes what install wrote
#   make dist       build/okrc-VERSION.tar.gz, buildable without bison and flex
#   make vsix       build/okr-VERSION.vsix, the VS Code extension
#   make clean
#
# T=PATTERN selects tests by name path for test, unit, golden and check-tests
# (tests/run.sh lists the forms): make test T=golden/task_style,
# make unit T=unit/test_fmt, make golden T=grade/forms UPDATE=1 (re-blesses
# that case only).
#
# Everything generated (bison and flex output, the embedded stdlib, objects)
# goes under $(BUILD); nothing generated is committed. (mk/install.mk has
# install, uninstall, dist and vsix.)

BUILD    ?= build
CC       ?= cc
OPT      ?= -O2
SAN_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

WARN     = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CFLAGS  ?= $(OPT) -g
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) $(CFLAGS) $(EXTRA_CFLAGS) \
             -Icommon -Ilexer -Iparser -Ichecker -Iruntime -Iformat -Ilsp -Istdlib -Icli -I$(BUILD)/gen \
             -I/usr/include/postgresql -MMD -MP
# No -lpq, -lsqlite3 or -lffi: libpq (with the twenty libraries it pulls
# in: OpenSSL, Kerberos, LDAP), SQLite and libffi are opened with dlopen by
# the feeds that use them (runtime/dynlib.h), so that every other run of
# okrc does not pay for loading them; only their headers are needed. The
# same holds for libyaml, which only `okrc import` of a YAML file opens.
LIBS     = -ljansson -lutf8proc -ldl -lm
VERSION  = $(shell cat VERSION)
# okr_program_add_files reads and parses a program's files on a pool of
# threads (checker/program.c): every build, the sanitizer ones and the unit
# tests too, compiles and links with -pthread.
ALL_CFLAGS += -pthread
LIBS     += -pthread

GEN      = $(BUILD)/gen
# Generated C is compiled without -Werror-level pickiness it cannot meet
# (flex's skeleton has unused functions and sign comparisons).
GEN_CFLAGS = $(filter-out -Werror -Wmissing-prototypes,$(ALL_CFLAGS)) -Wno-unused-function -Wno-sign-compare

LIB_SRC  = $(wildcard common/*.c lexer/*.c parser/*.c checker/*.c runtime/*.c format/*.c lsp/*.c import/*.c) cli/commands.c cli/explain.c cli/fix.c cli/init.c
# okrc diff: the comparison (diff/) and the command with its git reader.
LIB_SRC += $(wildcard diff/*.c) cli/diff.c cli/diff_git.c cli/diff_source.c
GEN_SRC  = $(GEN)/okr.tab.c $(GEN)/okr.lex.c $(GEN)/stdlib_embed.c $(GEN)/task_model_table.c
LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/obj/%.o) $(GEN_SRC:$(GEN)/%.c=$(BUILD)/obj/gen/%.o)
STDLIB   = $(sort $(wildcard stdlib/std/*.okr))

UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all demo test check-tests unit unit-bin golden asan bench fuzz clean deps deps-build task-model \
        install uninstall dist vsix spec-toc

all: $(BUILD)/okrc

# A release tarball (make dist) carries the bison and flex output in
# pregen/; it is used when it is newer than its source or when the tool is
# missing, so the tarball builds with a C compiler and the -dev libraries.
BISON   ?= bison
FLEX    ?= flex
PREGEN   = pregen
# use_pregen FILE SOURCE TOOL: a shell condition, true when pregen/FILE should be copied.
use_pregen = [ -f $(PREGEN)/$(1) ] && { [ $(PREGEN)/$(1) -nt $(2) ] || ! command -v $(3) >/dev/null 2>&1; }

# Grouped targets (&:): one run makes both files, so `make -j` never runs
# the recipe twice at once (two copies racing on the same file).
$(GEN)/okr.tab.c $(GEN)/okr.tab.h &: parser/okr.y
	@mkdir -p $(GEN)
	@if $(call use_pregen,okr.tab.c,parser/okr.y,$(BISON)); then \
	    echo "using $(PREGEN)/okr.tab.c"; cp $(PREGEN)/okr.tab.c $(PREGEN)/okr.tab.h $(GEN)/; \
	else $(BISON) -Wall -Werror --defines=$(GEN)/okr.tab.h -o $(GEN)/okr.tab.c parser/okr.y; fi

$(GEN)/okr.lex.c $(GEN)/okr.lex.h &: lexer/okr.l $(GEN)/okr.tab.h
	@mkdir -p $(GEN)
	@if $(call use_pregen,okr.lex.c,lexer/okr.l,$(FLEX)); then \
	    echo "using $(PREGEN)/okr.lex.c"; cp $(PREGEN)/okr.lex.c $(PREGEN)/okr.lex.h $(GEN)/; \
	else $(FLEX) --header-file=$(GEN)/okr.lex.h -o $(GEN)/okr.lex.c lexer/okr.l; fi

$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 $(WARN) -O1 -o $@ $<

$(GEN)/stdlib_embed.c: $(BUILD)/tools/embed $(STDLIB)
	@mkdir -p $(GEN)
	$(BUILD)/tools/embed $@ $(foreach f,$(STDLIB),$(patsubst stdlib/%,%,$(f))=$(f))

$(BUILD)/tools/gen_task_model: tools/gen_task_model.c checker/task_model_format.h
	@mkdir -p $(dir $@)
	$(CC) -std=c11 $(WARN) -O1 -Ichecker -o $@ $<

$(GEN)/task_model_table.c: $(BUILD)/tools/gen_task_model stdlib/model/task_style.tsv
	@mkdir -p $(GEN)
	$(BUILD)/tools/gen_task_model stdlib/model/task_style.tsv $@

# The standard vocabulary as a prebuilt hash set (checker/vocab_std.c), so
# that okrc does not parse std/vocabulary.okr on every run. The tool
# compiles the run time's own vocab.c and arena.c into itself.
GEN_SRC += $(GEN)/vocab_table.c
$(BUILD)/tools/gen_vocab: tools/gen_vocab.c checker/vocab.c checker/vocab.h checker/vocab_internal.h common/arena.c common/arena.h
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) -O1 -Ichecker -Icommon -o $@ tools/gen_vocab.c checker/vocab.c common/arena.c

$(GEN)/vocab_table.c: $(BUILD)/tools/gen_vocab stdlib/std/vocabulary.okr
	@mkdir -p $(GEN)
	$(BUILD)/tools/gen_vocab stdlib/std/vocabulary.okr $@.tmp && mv $@.tmp $@

# spec.md's example and fix for each code, for `okrc explain`.
GEN_SRC += $(GEN)/code_examples.c
$(GEN)/code_examples.c: tools/code_examples.awk spec.md
	@mkdir -p $(GEN)
	awk -f tools/code_examples.awk spec.md > $@.tmp && mv $@.tmp $@

# The keyword lookup: a switch on length and first byte generated from the
# single keyword list (lexer/lexer.c, keyword_index).
$(GEN)/keyword_switch.h: tools/gen_keywords.awk lexer/keywords.def
	@mkdir -p $(GEN)
	awk -f tools/gen_keywords.awk lexer/keywords.def > $@.tmp && mv $@.tmp $@
$(BUILD)/obj/lexer/lexer.o: $(GEN)/keyword_switch.h

# Every object depends on the generated headers being there first.
$(BUILD)/obj/%.o: %.c | $(GEN)/okr.tab.h $(GEN)/okr.lex.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -DOKRC_VERSION='"$(VERSION)"' -c -o $@ $<

$(BUILD)/obj/gen/%.o: $(GEN)/%.c | $(GEN)/okr.tab.h $(GEN)/okr.lex.h
	@mkdir -p $(dir $@)
	$(CC) $(GEN_CFLAGS) -c -o $@ $<

$(BUILD)/libokr.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/okrc: $(BUILD)/obj/cli/main.o $(BUILD)/libokr.a
	$(CC) $(CFLAGS) $(EXTRA_CFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(BUILD)/libokr.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(BUILD)/libokr.a $(LIBS) $(TEST_LIBS) -lcmocka

# These tests build their SQLite fixtures with SQLite's API themselves.
$(BUILD)/tests/test_feed_sqlite $(BUILD)/tests/test_feed_rows: TEST_LIBS = -lsqlite3

# A shared library with native metric functions, for the native-feed tests.
$(BUILD)/tests/libtestfeed.so: tests/native/testfeed.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 $(WARN) $(CFLAGS) $(EXTRA_CFLAGS) -shared -fPIC -o $@ $<

# The unit-test binaries and the native-feed library, built but not run.
unit-bin: $(UNIT_BIN) $(BUILD)/tests/libtestfeed.so

# The fast core of the suite, against the plain build only. T= narrows it,
# UPDATE=1 re-blesses the golden cases it selects.
RUN_TESTS = T='$(T)' UPDATE='$(UPDATE)' tests/run.sh

unit: $(BUILD)/okrc unit-bin
	@ONLY=unit $(RUN_TESTS) $(BUILD)

golden: $(BUILD)/okrc
	@ONLY=golden $(RUN_TESTS) $(BUILD)

# The task-style model's training data and weights (checker/task_model.h).
# Offline: run after changing the rules, the features or the tuning corpus,
# and commit stdlib/model/task_style.tsv with the figures it prints.
$(BUILD)/tests/dump_features: tests/corpus/dump_features.c tests/unit/corpus_row.h $(BUILD)/libokr.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libokr.a $(LIBS)

task-model: $(BUILD)/tests/dump_features
	$(BUILD)/tests/dump_features tuning > $(BUILD)/task_features.tsv
	python3 scripts/train-task-model.py $(BUILD)/task_features.tsv stdlib/model/task_style.tsv

deps:
	@scripts/install-deps.sh test

# The build dependencies only (compiler, flex, bison, -dev libraries).
deps-build:
	@scripts/install-deps.sh build

EXAMPLE_TEAMS = examples/okrs/company.okr examples/okrs/growth examples/okrs/ai

demo: deps-build
	@$(MAKE) --no-print-directory all
	@echo '== okrc check examples/okrs'
	@$(BUILD)/okrc check examples/okrs ; echo "(exit status $$?: the 'platform' team's file has real mistakes in it)"
	@echo; echo '== okrc grade (mid-cycle check-in from the CSV feed)'
	@$(BUILD)/okrc grade $(EXAMPLE_TEAMS) --feed examples/metrics/analytics.csv --at 2026-08-15 ; \
	    echo "(exit status $$?: 1 when a committed objective failed or a guardrail was breached)"
	@echo; echo '== okrc feed import, then grade the cycle from the SQLite store'
	@rm -f $(BUILD)/examples.db
	@$(BUILD)/okrc feed import examples/metrics/analytics.csv $(BUILD)/examples.db
	@$(BUILD)/okrc grade $(EXAMPLE_TEAMS) --feed sqlite:$(BUILD)/examples.db --at 2026-09-30 --format html \
	    -o $(BUILD)/report.html ; echo "(exit status $$?) wrote $(BUILD)/report.html"

# The test command of the README and of CI: plain build, then the same suite
# under AddressSanitizer + UndefinedBehaviorSanitizer.
test: deps
	@$(MAKE) --no-print-directory all unit-bin
	@$(MAKE) --no-print-directory BUILD=build/asan EXTRA_CFLAGS='$(SAN_FLAGS)' OPT=-O1 all unit-bin
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 $(RUN_TESTS) build build/asan

# The suite against one build directory only (faster while developing).
check-tests: $(BUILD)/okrc unit-bin
	@$(RUN_TESTS) $(BUILD)

$(BUILD)/tools/measure: tools/measure.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 $(WARN) -O2 -o $@ $<

# spec.md's table of contents, regenerated from its headings
# (tests/cli/test_spec_toc.sh fails when it is stale).
spec-toc:
	@awk -f tools/spec_toc.awk spec.md spec.md > spec.md.tmp && mv spec.md.tmp spec.md

# okrc check and grade beside their peers, with a goals table (scripts/bench.sh).
bench: $(BUILD)/okrc $(BUILD)/tools/measure
	@scripts/bench.sh $(BUILD)

# libFuzzer targets (clang), each run for FUZZ_SECONDS (scripts/fuzz.sh).
FUZZ_SECONDS ?= 60
fuzz: deps
	@scripts/fuzz.sh $(FUZZ_SECONDS)

asan:
	@$(MAKE) --no-print-directory BUILD=build/asan EXTRA_CFLAGS='$(SAN_FLAGS)' OPT=-O1 all

clean:
	rm -rf build

include mk/install.mk

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
