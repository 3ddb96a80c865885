# mk/install.mk: installing and distributing okrc (included by the Makefile).
#
#   make install     PREFIX (default /usr/local) and DESTDIR: the binary, the
#                    man pages okrc(1) and okr(5), the bash, zsh and fish
#                    completions, and the editor files under share/okrc/
#   make uninstall   removes exactly the files install wrote, and the
#                    share/okrc/ directories once empty
#   make dist        build/okrc-VERSION.tar.gz: the tracked files, VERSION, and
#                    the bison and flex output in pregen/, so the tarball
#                    builds without bison and flex
#   make vsix        build/okr-VERSION.vsix, the VS Code extension, packaged
#                    with @vscode/vsce from editors/vscode and its lockfile

PREFIX      ?= /usr/local
DESTDIR     ?=
BINDIR      ?= $(PREFIX)/bin
MANDIR      ?= $(PREFIX)/share/man
DATADIR     ?= $(PREFIX)/share/okrc
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  ?= $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d
INSTALL     ?= install

# Each installed file as SOURCE:DESTINATION (DESTINATION without DESTDIR).
EDITOR_FILES = $(sort $(wildcard editors/vim/*/okr.vim)) editors/emacs/okr-mode.el \
               $(addprefix editors/vscode/,package.json package-lock.json extension.js \
                 language-configuration.json README.md CHANGELOG.md LICENSE syntaxes/okr.tmLanguage.json)
INSTALL_DATA = man/okrc.1:$(MANDIR)/man1/okrc.1 \
               man/okr.5:$(MANDIR)/man5/okr.5 \
               completions/okrc.bash:$(BASHCOMPDIR)/okrc \
               completions/_okrc:$(ZSHCOMPDIR)/_okrc \
               completions/okrc.fish:$(FISHCOMPDIR)/okrc.fish \
               $(foreach f,$(EDITOR_FILES),$(f):$(DATADIR)/$(patsubst editors/%,%,$(f)))
# The directories install creates for okrc alone, deepest first, which
# uninstall removes once they are empty.
OKRC_DIRS    = $(sort $(foreach f,$(EDITOR_FILES),$(DATADIR)/$(patsubst editors/%/,%,$(dir $(f)))))

install: $(BUILD)/okrc
	$(INSTALL) -d '$(DESTDIR)$(BINDIR)'
	$(INSTALL) -m 755 $(BUILD)/okrc '$(DESTDIR)$(BINDIR)/okrc'
	@set -e; for pair in $(INSTALL_DATA); do \
	    src=$${pair%%:*}; dst='$(DESTDIR)'$${pair#*:}; \
	    $(INSTALL) -d "$${dst%/*}"; \
	    echo "$(INSTALL) -m 644 $$src $$dst"; $(INSTALL) -m 644 "$$src" "$$dst"; \
	done

uninstall:
	rm -f '$(DESTDIR)$(BINDIR)/okrc'
	@for pair in $(INSTALL_DATA); do dst='$(DESTDIR)'$${pair#*:}; echo "rm -f $$dst"; rm -f "$$dst"; done
	@for d in $(sort $(OKRC_DIRS)) $(DATADIR)/vim $(DATADIR); do echo "$$d"; done | sort -r | uniq | \
	    while read -r d; do [ ! -d "$(DESTDIR)$$d" ] || rmdir "$(DESTDIR)$$d" 2>/dev/null || true; done

DIST_NAME = okrc-$(VERSION)
DIST_DIR  = $(BUILD)/dist/$(DIST_NAME)

dist: $(GEN)/okr.tab.c $(GEN)/okr.lex.c
	@git rev-parse --is-inside-work-tree >/dev/null 2>&1 || { echo 'make dist: needs a git checkout'; exit 2; }
	rm -rf $(BUILD)/dist
	@mkdir -p $(DIST_DIR)/$(PREGEN)
	git ls-files -z | xargs -0 cp -p --parents -t $(DIST_DIR)
	cp $(GEN)/okr.tab.c $(GEN)/okr.tab.h $(GEN)/okr.lex.c $(GEN)/okr.lex.h $(DIST_DIR)/$(PREGEN)/
	@touch $(DIST_DIR)/$(PREGEN)/*
	tar -C $(BUILD)/dist -czf $(BUILD)/$(DIST_NAME).tar.gz $(DIST_NAME)
	@rm -rf $(BUILD)/dist
	@echo "wrote $(BUILD)/$(DIST_NAME).tar.gz"

# @vscode/vsce is installed on first use into build/node/ (as the VS Code
# test does; 2.x runs on Debian 12's Node.js 18); the extension's
# dependencies come from its lockfile (npm ci).
VSCE_VERSION = 2.32.0
NODE_DIR    ?= $(BUILD)/node
vsix:
	rm -rf $(BUILD)/vscode-package
	@mkdir -p $(BUILD)/vscode-package $(NODE_DIR)
	cp -R editors/vscode/. $(BUILD)/vscode-package/
	[ -f $(NODE_DIR)/node_modules/@vscode/vsce/vsce ] || \
	    npm install --prefix $(NODE_DIR) --no-audit --no-fund @vscode/vsce@$(VSCE_VERSION)
	cd $(BUILD)/vscode-package && npm ci --omit=dev --no-audit --no-fund
	cd $(BUILD)/vscode-package && node $(abspath $(NODE_DIR))/node_modules/@vscode/vsce/vsce package \
	    --out $(abspath $(BUILD))/okr-$(VERSION).vsix
	@echo "wrote $(BUILD)/okr-$(VERSION).vsix"
