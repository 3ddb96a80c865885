#!/usr/bin/env bash
# test_vscode.sh: the VS Code extension in editors/vscode.
#
#   1. package.json, language-configuration.json and the grammar parse, and
#      the manifest has what `vsce package` requires;
#   2. extension.js, run against stand-ins for the vscode and
#      vscode-languageclient modules: it starts `okrc lsp` over stdio for
#      language okr when it finds okrc, and only tells once when it does not;
#   3. the grammar uses exactly the scopes of the token classes, and every
#      keyword of lexer/keywords.def is in the \b(...)\b alternation of its
#      class's scope and in no other;
#   4. the grammar tests tests/editors/vscode/*.okr, run with
#      vscode-tmgrammar-test (one line per file), and a check that the tool
#      fails when a scope is wrong;
#   5. with vscode-textmate (which vscode-tmgrammar-test brings): every
#      keyword tokenizes with its class's scope, every non-blank token of
#      examples/ and stdlib/ gets a scope, and the test files assert every
#      scope of the grammar.
#
# vscode-tmgrammar-test is an npm package, installed on first use into
# build/node/ (or $OKR_NODE_DIR), as tests/sarif/validate.sh does for its
# validator. OKR_TEST_VSCE=1 also builds the .vsix with @vscode/vsce in a
# copy of the extension under build/vscode-package/.
# Needs no okrc build; prints "ok NAME" or "not ok NAME" per check.
set -u
cd "$(dirname "$0")/../.." || exit 1
root=$PWD
ext=editors/vscode
grammar=$ext/syntaxes/okr.tmLanguage.json
node_dir=${OKR_NODE_DIR:-$root/build/node}
tmgt_version=0.1.3

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "not ok vscode extension (node and npm not found: scripts/install-deps.sh installs them)"
    exit 0
fi

work=$(mktemp -d /tmp/okrc-vscode.XXXXXX)
trap 'rm -rf "$work"' EXIT

# The token classes of spec.md, "Token classes", and the scope of each (the
# same for every TextMate-based editor). Keyword classes first, as in keywords.def.
cat > "$work/scopes.json" <<'EOF'
{
  "keywords": {
    "declaration": "keyword.control.declaration.okr",
    "archetype": "storage.modifier.archetype.okr",
    "type": "support.type.okr",
    "direction": "constant.language.direction.okr",
    "target": "keyword.operator.target.okr",
    "policy": "keyword.other.policy.okr",
    "feed": "keyword.other.feed.okr"
  },
  "required": [
    "string.quoted.double.okr",
    "constant.character.escape.okr",
    "constant.numeric.okr",
    "keyword.other.unit.okr",
    "constant.other.date.okr",
    "constant.other.quarter.okr",
    "comment.line.double-slash.okr",
    "keyword.other.suppression.okr",
    "keyword.operator.unknown-baseline.okr",
    "punctuation.section.block.begin.okr",
    "punctuation.section.block.end.okr",
    "punctuation.separator.okr"
  ],
  "optional": ["variable.other.okr"]
}
EOF

# ---- 1. the manifest and the configuration files
node - "$ext" > "$work/manifest.out" 2>&1 <<'EOF'
const fs = require("fs"), path = require("path");
const ext = process.argv[2];
const problems = [];
const parse = (f) => {
    try { return JSON.parse(fs.readFileSync(path.join(ext, f), "utf8")); }
    catch (e) { problems.push(`${f}: ${e.message}`); return null; }
};
const pkg = parse("package.json"), lc = parse("language-configuration.json");
const grammarFile = "syntaxes/okr.tmLanguage.json", grammar = parse(grammarFile);
if (problems.length) {
    console.log("not ok vscode package.json, language-configuration.json and grammar parse");
    for (const p of problems) console.log("    " + p);
    process.exit(0);
}
console.log("ok vscode package.json, language-configuration.json and grammar parse");

// What vsce package checks (and refuses or asks about), plus what this
// extension needs to work.
const miss = (what) => problems.push(what);
const exists = (f) => typeof f === "string" && fs.existsSync(path.join(ext, f));
if (!/^[a-z0-9][a-z0-9-]*$/.test(pkg.name || "")) miss(`name "${pkg.name}": lower case, no spaces`);
if (pkg.name !== "okr") miss(`name is "${pkg.name}", wanted "okr"`);
if (!pkg.publisher) miss("publisher");
if (!/^\d+\.\d+\.\d+$/.test(pkg.version || "")) miss(`version "${pkg.version}" is not x.y.z`);
if (!pkg.displayName) miss("displayName");
if (!pkg.description) miss("description");
if (!pkg.license) miss("license");
if (!pkg.repository) miss("repository");
if (!/^\^?\d+\.\d+\.\d+$/.test((pkg.engines || {}).vscode || "")) miss("engines.vscode");
if (!exists(pkg.main)) miss(`main: ${pkg.main} does not exist`);
for (const f of ["README.md", "LICENSE", "CHANGELOG.md", ".vscodeignore"])
    if (!exists(f)) miss(`${f} does not exist`);
if (exists("README.md") && fs.readFileSync(path.join(ext, "README.md"), "utf8").trim().length < 100)
    miss("README.md is too short (vsce rejects the template README)");
const cats = ["Programming Languages", "Linters", "Formatters"];
for (const c of cats) if (!(pkg.categories || []).includes(c)) miss(`categories: ${c}`);
if (!(pkg.activationEvents || []).includes("onLanguage:okr")) miss("activationEvents: onLanguage:okr");
const contributes = pkg.contributes || {};
const lang = (contributes.languages || []).find((l) => l.id === "okr");
if (!lang) miss("contributes.languages: id okr");
else {
    if (!(lang.extensions || []).includes(".okr")) miss("languages: extensions .okr");
    if (!(lang.filenames || []).includes("okr.policy")) miss("languages: filenames okr.policy");
    if (!(lang.aliases || []).length) miss("languages: aliases");
    if (!exists(lang.configuration)) miss(`languages: configuration ${lang.configuration} does not exist`);
}
const gram = (contributes.grammars || []).find((g) => g.language === "okr");
if (!gram) miss("contributes.grammars: language okr");
else {
    if (gram.scopeName !== "source.okr" || grammar.scopeName !== "source.okr")
        miss(`grammar scopeName: ${gram.scopeName} in package.json, ${grammar.scopeName} in the grammar`);
    if (path.normalize(gram.path || "") !== path.normalize(grammarFile)) miss(`grammars: path ${gram.path}`);
}
const props = ((contributes.configuration || {}).properties) || {};
if ((props["okr.server.path"] || {}).default !== "okrc") miss('configuration: okr.server.path, default "okrc"');
if ((props["okr.server.enabled"] || {}).default !== true) miss("configuration: okr.server.enabled, default true");
for (const c of (contributes.commands || []))
    if (!fs.readFileSync(path.join(ext, "extension.js"), "utf8").includes(`'${c.command}'`))
        miss(`command ${c.command} is contributed but extension.js does not register it`);
const lcVersion = (pkg.dependencies || {})["vscode-languageclient"] || "";
if (!/^\^9\./.test(lcVersion)) miss(`dependencies: vscode-languageclient ^9 (have "${lcVersion}")`);
// vscode-languageclient 9 declares engines.vscode ^1.82.0.
const [maj, min] = ((pkg.engines || {}).vscode || "").replace(/^\^/, "").split(".").map(Number);
if (maj === 1 && min < 82) miss(`engines.vscode ${pkg.engines.vscode}: vscode-languageclient 9 needs ^1.82.0`);
if ((pkg.devDependencies || {})["@types/vscode"]) miss("@types/vscode must not be newer than engines.vscode");
// The language configuration.
if (((lc.comments || {}).lineComment) !== "//") miss("language-configuration: lineComment //");
for (const [o, c] of [["{", "}"], ["(", ")"]])
    if (!(lc.brackets || []).some((b) => b[0] === o && b[1] === c)) miss(`language-configuration: brackets ${o}${c}`);
const quote = (lc.autoClosingPairs || []).find((p) => p.open === '"');
if (!quote || !(quote.notIn || []).includes("string")) miss('language-configuration: autoClosingPairs " not in strings');
try {
    const inc = new RegExp(lc.indentationRules.increaseIndentPattern);
    const dec = new RegExp(lc.indentationRules.decreaseIndentPattern);
    const want = [[inc, 'committed objective o "O" {', true], [inc, "policy {   // note", true],
                  [inc, '  kr "a {" : m', false], [inc, "// {", false],
                  [dec, "  }", true], [dec, "  kr x", false]];
    for (const [re, line, yes] of want)
        if (re.test(line) !== yes) miss(`indentationRules: ${re === inc ? "increase" : "decrease"} on ${JSON.stringify(line)} should be ${yes}`);
    const word = new RegExp(lc.wordPattern);
    if ((word.exec("  d7_activation ") || [])[0] !== "d7_activation") miss("wordPattern: identifiers");
} catch (e) { miss(`language-configuration: ${e.message}`); }

if (problems.length) {
    console.log("not ok vscode manifest has what vsce requires");
    for (const p of problems) console.log("    missing or wrong: " + p);
} else console.log("ok vscode manifest has what vsce requires");
EOF
cat "$work/manifest.out"

# ---- 2. extension.js against stand-ins for vscode and the language client
mkdir -p "$work/bin"
printf '#!/bin/sh\nexit 0\n' > "$work/bin/okrc"
chmod +x "$work/bin/okrc"
if ! node --check "$ext/extension.js" 2> "$work/check.out"; then
    echo "not ok vscode extension.js is valid JavaScript"
    sed 's/^/    /' "$work/check.out"
else
    echo "ok vscode extension.js is valid JavaScript"
    node - "$root/$ext/extension.js" "$work/bin" <<'EOF' 2>&1
const Module = require("module"), path = require("path"), assert = require("assert");
const [extFile, binDir] = process.argv.slice(2);
let settings, log;
const disposable = { dispose() {} };
const vscode = {
    workspace: {
        workspaceFolders: undefined,
        getConfiguration: (section) => ({ get: (k, d) => (section + "." + k) in settings ? settings[section + "." + k] : d }),
        onDidChangeConfiguration: () => disposable,
        createFileSystemWatcher: (glob) => ({ glob, dispose() {} }),
    },
    window: {
        showInformationMessage: (m) => { log.info.push(m); },
        showErrorMessage: (m) => { log.error.push(m); },
        showWarningMessage: (m) => { log.error.push(m); },
        createOutputChannel: () => ({ appendLine() {}, dispose() {} }),
    },
    commands: { registerCommand: (id) => { log.commands.push(id); return disposable; } },
};
class LanguageClient {
    constructor(id, name, serverOptions, clientOptions) {
        Object.assign(this, { id, name, serverOptions, clientOptions, started: false, stopped: false });
        log.clients.push(this);
    }
    async start() { this.started = true; }
    async stop() { this.stopped = true; }
}
const stubs = { vscode, "vscode-languageclient/node": { LanguageClient, TransportKind: { stdio: 0, ipc: 1, pipe: 2, socket: 3 } } };
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
    return request in stubs ? request : resolve.call(this, request, ...rest);
};
for (const [name, exports] of Object.entries(stubs))
    require.cache[name] = { id: name, filename: name, loaded: true, exports };

const fresh = () => { delete require.cache[require.resolve(extFile)]; return require(extFile); };
const context = () => ({ subscriptions: [] });
const checks = [];
const check = async (name, body) => {
    settings = {}; log = { info: [], error: [], clients: [], commands: [] };
    try { await body(); checks.push(`ok vscode extension.js ${name}`); }
    catch (e) { checks.push(`not ok vscode extension.js ${name}\n    ${String(e.message).split("\n").join("\n    ")}`); }
};
const savedPath = process.env.PATH;
(async () => {
    await check("starts okrc lsp over stdio for language okr", async () => {
        process.env.PATH = binDir + path.delimiter + "/nonexistent";
        const ext = fresh();
        await ext.activate(context());
        assert.strictEqual(log.clients.length, 1, "one LanguageClient");
        const c = log.clients[0];
        assert.strictEqual(c.serverOptions.command, path.join(binDir, "okrc"));
        assert.deepStrictEqual(c.serverOptions.args, ["lsp"]);
        assert.ok(c.serverOptions.transport === undefined || c.serverOptions.transport === 0, "stdio transport");
        assert.deepStrictEqual(c.clientOptions.documentSelector, [{ scheme: "file", language: "okr" }]);
        assert.ok(c.started, "client started");
        assert.deepStrictEqual(log.info, []);
        await ext.deactivate();
        assert.ok(c.stopped, "deactivate stops the client");
    });
    await check("uses okr.server.path", async () => {
        process.env.PATH = "/nonexistent";
        settings["okr.server.path"] = path.join(binDir, "okrc");
        const ext = fresh();
        await ext.activate(context());
        assert.strictEqual(log.clients.length, 1, "one LanguageClient");
        assert.strictEqual(log.clients[0].serverOptions.command, path.join(binDir, "okrc"));
        await ext.deactivate();
    });
    await check("without okrc informs once and only highlights", async () => {
        process.env.PATH = "/nonexistent";
        const ext = fresh();
        await ext.activate(context());
        await ext.activate(context());
        assert.strictEqual(log.clients.length, 0, "no LanguageClient");
        assert.strictEqual(log.info.length, 1, `one information message, got ${JSON.stringify(log.info)}`);
        assert.deepStrictEqual(log.error, []);
        await ext.deactivate();
    });
    await check("does not start with okr.server.enabled false", async () => {
        process.env.PATH = binDir;
        settings["okr.server.enabled"] = false;
        const ext = fresh();
        await ext.activate(context());
        assert.strictEqual(log.clients.length, 0, "no LanguageClient");
        assert.deepStrictEqual(log.info, []);
        await ext.deactivate();
    });
    process.env.PATH = savedPath;
    console.log(checks.join("\n"));
})();
EOF
fi

# ---- 3. scopes and keywords of the grammar, from the JSON alone
node - "$grammar" lexer/keywords.def "$work/scopes.json" <<'EOF' 2>&1
const fs = require("fs");
const [grammarFile, defFile, scopesFile] = process.argv.slice(2);
const grammar = JSON.parse(fs.readFileSync(grammarFile, "utf8"));
const scopes = JSON.parse(fs.readFileSync(scopesFile, "utf8"));
const classScope = scopes.keywords;
const keywordScopes = new Set(Object.values(classScope));

// Every rule of the grammar, with the names it gives (name, captures).
const rules = [];
const walk = (r) => {
    if (!r || typeof r !== "object") return;
    if (Array.isArray(r)) return r.forEach(walk);
    if (r.name || r.match || r.begin) rules.push(r);
    for (const k of ["patterns"]) walk(r[k]);
    for (const k of ["captures", "beginCaptures", "endCaptures"])
        for (const c of Object.values(r[k] || {})) { rules.push({ name: c.name }); walk(c.patterns); }
    if (r.repository) Object.values(r.repository).forEach(walk);
};
// The root's "name" is the language's display name, not a scope.
walk(grammar.patterns);
walk(Object.values(grammar.repository || {}));
const names = new Set(rules.flatMap((r) => [r.name, r.contentName]).filter(Boolean)
    .flatMap((n) => n.split(/\s+/)));
const allowed = new Set([...keywordScopes, ...scopes.required, ...scopes.optional]);
const extra = [...names].filter((n) => !allowed.has(n)).sort();
const absent = [...keywordScopes, ...scopes.required].filter((n) => !names.has(n));
if (extra.length || absent.length) {
    console.log("not ok vscode grammar scopes are those of the token classes");
    if (extra.length) console.log("    not a token class scope: " + extra.join(" "));
    if (absent.length) console.log("    missing: " + absent.join(" "));
} else console.log("ok vscode grammar scopes are those of the token classes");

const keywords = [...fs.readFileSync(defFile, "utf8")
    .matchAll(/^\s*OKR_KEYWORD\(\s*(\w+)\s*,\s*"([^"]+)"\s*,\s*(\w+)\s*\)/gm)]
    .map((m) => ({ token: m[1], word: m[2], cls: m[3] }));
const problems = [];
if (keywords.length < 40) problems.push(`only ${keywords.length} keywords read from ${defFile}`);
const keywordRules = rules.filter((r) => r.match && keywordScopes.has(r.name));
for (const r of keywordRules)
    if (!/^\\b\((?:[a-z_]+\|)*[a-z_]+\)\\b$/.test(r.match))
        problems.push(`${r.name}: ${r.match} is not a \\b(...)\\b alternation of words`);
const fullMatch = (re, w) => { const m = new RegExp(re).exec(w); return !!m && m.index === 0 && m[0] === w; };
for (const k of keywords) {
    const want = classScope[k.cls];
    if (!want) { problems.push(`${k.word}: unknown class ${k.cls}`); continue; }
    const hits = [...new Set(keywordRules.filter((r) => fullMatch(r.match, k.word)).map((r) => r.name))];
    if (!hits.includes(want)) problems.push(`${k.word} (${k.cls}) is not under ${want}`);
    for (const h of hits) if (h !== want) problems.push(`${k.word} (${k.cls}) is also under ${h}`);
}
// And nothing that is not a keyword of that class.
const byWord = new Map(keywords.map((k) => [k.word, k]));
for (const r of keywordRules) {
    const m = /^\\b\((.*)\)\\b$/.exec(r.match);
    for (const w of m ? m[1].split("|") : []) {
        const k = byWord.get(w);
        if (!k) problems.push(`${w} under ${r.name} is not a keyword of ${defFile}`);
    }
}
if (problems.length) {
    console.log("not ok vscode grammar has every keyword of keywords.def in its class");
    for (const p of problems) console.log("    " + p);
} else console.log(`ok vscode grammar has every keyword of keywords.def in its class (${keywords.length} keywords)`);
EOF

# ---- 4. the grammar tests, with vscode-tmgrammar-test
tmgt=$node_dir/node_modules/vscode-tmgrammar-test/dist/unit.js
if [ ! -f "$tmgt" ]; then
    mkdir -p "$node_dir"
    if ! npm install --prefix "$node_dir" --no-audit --no-fund "vscode-tmgrammar-test@$tmgt_version" \
        > "$work/npm.log" 2>&1 || [ ! -f "$tmgt" ]; then
        echo "not ok vscode-tmgrammar-test installed (npm install into $node_dir failed)"
        tail -15 "$work/npm.log" | sed 's/^/    /'
        exit 0
    fi
fi

# run_tmgt GRAMMAR FILE...: the tool's output in $work/tmgt.out, its status.
# --config points at no file, so that only -g's grammar is loaded.
run_tmgt() {
    local g=$1
    shift
    NO_COLOR=1 FORCE_COLOR=0 node "$tmgt" --compact --config "$work/none.json" -g "$g" "$@" \
        > "$work/tmgt.out" 2>&1
}

tests=(tests/editors/vscode/*.okr)
if [ ! -f "${tests[0]}" ]; then
    echo "not ok vscode grammar tests exist (no tests/editors/vscode/*.okr)"
else
    for t in "${tests[@]}"; do
        name="vscode grammar test $(basename "$t")"
        asserts=$(grep -cE '^//[[:space:]]*(\^|<~*-)' "$t")
        if ! head -1 "$t" | grep -q '^// SYNTAX TEST "source.okr"'; then
            echo "not ok $name (the first line is not // SYNTAX TEST \"source.okr\" ...)"
        elif [ "$asserts" -eq 0 ]; then
            echo "not ok $name (no assertion lines)"
        elif run_tmgt "$grammar" "$t" && ! grep -q 'ERROR\|✖\|failed' "$work/tmgt.out"; then
            echo "ok $name ($asserts assertion lines)"
        else
            echo "not ok $name"
            head -40 "$work/tmgt.out" | sed 's/^/    /'
        fi
    done
    # The tool must notice a wrong scope: the same tests against a grammar
    # whose declaration keywords have another scope.
    sed 's/"keyword\.control\.declaration\.okr"/"keyword.control.okr"/' "$grammar" > "$work/broken.json"
    if run_tmgt "$work/broken.json" tests/editors/vscode/keywords.okr; then
        echo "not ok vscode grammar test catches a wrong scope (passed against a broken grammar)"
    elif grep -q 'keyword.control.declaration.okr' "$work/tmgt.out"; then
        echo "ok vscode grammar test catches a wrong scope"
    else
        echo "not ok vscode grammar test catches a wrong scope (failed for another reason)"
        head -20 "$work/tmgt.out" | sed 's/^/    /'
    fi
fi
echo "    vscode-tmgrammar-test $(node -p "require('$node_dir/node_modules/vscode-tmgrammar-test/package.json').version")"

# ---- 5. tokenizing with vscode-textmate, the engine of VS Code
node - "$node_dir" "$grammar" lexer/keywords.def "$work/scopes.json" <<'EOF' 2>&1
const fs = require("fs"), path = require("path");
const [nodeDir, grammarFile, defFile, scopesFile] = process.argv.slice(2);
const req = (m) => require(require.resolve(m, { paths: [path.join(nodeDir, "node_modules", "vscode-tmgrammar-test"), nodeDir] }));
let tm, onig;
try { tm = req("vscode-textmate"); onig = req("vscode-oniguruma"); }
catch (e) { console.log(`not ok vscode-textmate available (${e.message.split("\n")[0]})`); process.exit(0); }
const scopes = JSON.parse(fs.readFileSync(scopesFile, "utf8"));
const wasm = fs.readFileSync(path.join(path.dirname(require.resolve("vscode-oniguruma", { paths: [path.join(nodeDir, "node_modules", "vscode-tmgrammar-test"), nodeDir] })), "onig.wasm"));
const onigLib = onig.loadWASM(wasm.buffer).then(() => ({
    createOnigScanner: (p) => new onig.OnigScanner(p),
    createOnigString: (s) => new onig.OnigString(s),
}));
const registry = new tm.Registry({
    onigLib,
    loadGrammar: async (scope) => scope === "source.okr"
        ? tm.parseRawGrammar(fs.readFileSync(grammarFile, "utf8"), grammarFile) : null,
});
const tokenize = (grammar, text) => {
    let stack = tm.INITIAL;
    return text.split(/\r?\n/).map((line) => {
        const r = grammar.tokenizeLine(line, stack);
        stack = r.ruleStack;
        return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
    });
};
const report = (name, problems, max = 20) => {
    if (!problems.length) return console.log(`ok ${name}`);
    console.log(`not ok ${name}`);
    for (const p of problems.slice(0, max)) console.log("    " + p);
    if (problems.length > max) console.log(`    ... and ${problems.length - max} more`);
};
registry.loadGrammar("source.okr").then((grammar) => {
    // Every keyword, alone and between other tokens, has exactly its class's scope.
    const keywords = [...fs.readFileSync(defFile, "utf8")
        .matchAll(/^\s*OKR_KEYWORD\(\s*(\w+)\s*,\s*"([^"]+)"\s*,\s*(\w+)\s*\)/gm)].map((m) => [m[2], m[3]]);
    const problems = [];
    for (const [word, cls] of keywords) {
        const want = scopes.keywords[cls];
        for (const line of [word, `  x ${word} 22% {`, `${word}(`]) {
            const tok = tokenize(grammar, line)[0].find((t) => t.text === word);
            const got = tok ? tok.scopes.slice(1).join(" ") : "(no token)";
            if (got !== want) problems.push(`${word} in ${JSON.stringify(line)}: ${got}, wanted ${want}`);
        }
        for (const line of [`${word}s`, `${word}_x`, `x_${word}`, `${word}2`, word[0].toUpperCase() + word.slice(1)]) {
            const bad = tokenize(grammar, line)[0].filter((t) => Object.values(scopes.keywords).some((s) => t.scopes.includes(s)));
            if (bad.length) problems.push(`${JSON.stringify(line)} is an identifier, got ${bad[0].scopes.slice(1).join(" ")}`);
        }
    }
    report(`vscode grammar tokenizes every keyword in its class`, problems);

    // Real files: every non-blank token gets a scope.
    const files = [];
    const find = (dir) => { for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) find(p); else if (/\.okr$|^okr\.policy$/.test(e.name)) files.push(p);
    } };
    for (const d of ["examples", "stdlib"]) if (fs.existsSync(d)) find(d);
    const gaps = [];
    for (const f of files.sort())
        tokenize(grammar, fs.readFileSync(f, "utf8")).forEach((toks, i) => {
            for (const t of toks) if (t.text.trim() && t.scopes.length < 2) gaps.push(`${f}:${i + 1}: ${JSON.stringify(t.text)} has no scope`);
        });
    report(`vscode grammar scopes every token of examples/ and stdlib/ (${files.length} files)`, gaps);

    // The grammar tests assert every scope at least once.
    const asserted = new Set();
    for (const f of fs.readdirSync("tests/editors/vscode").filter((f) => f.endsWith(".okr")))
        for (const line of fs.readFileSync(path.join("tests/editors/vscode", f), "utf8").split("\n"))
            if (/^\/\/\s*(\^|<~*-)/.test(line))
                for (const s of line.replace(/\s-\s.*$/, "").split(/\s+/)) asserted.add(s);
    const unasserted = [...Object.values(scopes.keywords), ...scopes.required].filter((s) => !asserted.has(s));
    report("vscode grammar tests assert every token class", unasserted.map((s) => `no assertion of ${s}`));
});
EOF

# ---- 6. optional: the .vsix, built by @vscode/vsce in a copy of the extension
if [ "${OKR_TEST_VSCE:-}" = 1 ]; then
    pkgdir=$root/build/vscode-package
    rm -rf "$pkgdir"
    mkdir -p "$pkgdir"
    cp -R "$ext/." "$pkgdir/"
    vsce=$node_dir/node_modules/@vscode/vsce/vsce
    if [ ! -f "$vsce" ]; then
        npm install --prefix "$node_dir" --no-audit --no-fund @vscode/vsce > "$work/npm-vsce.log" 2>&1
    fi
    if ! (cd "$pkgdir" && npm install --omit=dev --no-audit --no-fund --no-package-lock) > "$work/npm-lc.log" 2>&1; then
        echo "not ok vscode vsce package (npm install of the dependencies failed)"
        tail -15 "$work/npm-lc.log" | sed 's/^/    /'
    elif (cd "$pkgdir" && node "$vsce" package --out "$pkgdir/okr.vsix") > "$work/vsce.out" 2>&1 &&
        [ -s "$pkgdir/okr.vsix" ]; then
        echo "ok vscode vsce package ($(du -k "$pkgdir/okr.vsix" | cut -f1) KiB in build/vscode-package/okr.vsix)"
    else
        echo "not ok vscode vsce package"
        tail -30 "$work/vsce.out" | sed 's/^/    /'
    fi
fi
