#!/usr/bin/env bash
# test_editor_keywords.sh: every editor highlights every keyword of
# lexer/keywords.def in its class, and spec.md's keyword table lists it.
#
# One line per editor, naming what is missing or misplaced:
#   vim     editors/vim/syntax/okr.vim: `syn keyword GROUP word...` (or a
#           `syn match GROUP` pattern) in the group of the class
#           (okrDeclaration, okrArchetype, okrType, okrDirection, okrTarget,
#           okrPolicy, okrFeed);
#   emacs   editors/emacs/okr-mode.el: the list of the class, found as a
#           defconst/defvar named after it (okr-declaration-keywords, ...),
#           an alist entry (declaration "team" ...), or the font-lock entry
#           that gives okr-CLASS-face;
#   vscode  editors/vscode/syntaxes/okr.tmLanguage.json: the match regex of
#           the rule with the class's scope (keyword.control.declaration.okr,
#           ...) matches the keyword, and no other class's does;
#   spec    spec.md, "Keywords": a row | `word` | class | for each keyword.
# A word that an editor puts in a class's list but keywords.def does not is
# reported too. Needs node; no okrc build.
set -u
cd "$(dirname "$0")/../.." || exit 1

if ! command -v node >/dev/null 2>&1; then
    echo "not ok editor keywords (node not found: scripts/install-deps.sh installs it)"
    exit 0
fi

node - <<'EOF'
const fs = require("fs");
const read = (f) => (fs.existsSync(f) ? fs.readFileSync(f, "utf8") : null);
const keywords = [...(read("lexer/keywords.def") || "")
    .matchAll(/^\s*OKR_KEYWORD\(\s*(\w+)\s*,\s*"([^"]+)"\s*,\s*(\w+)\s*\)/gm)]
    .map((m) => ({ word: m[2], cls: m[3] }));
if (keywords.length < 40) {
    console.log(`not ok editor keywords (only ${keywords.length} keywords read from lexer/keywords.def)`);
    process.exit(0);
}
const classes = ["declaration", "archetype", "type", "direction", "target", "policy", "feed"];
const cap = (s) => s[0].toUpperCase() + s.slice(1);
const inDef = new Map(keywords.map((k) => [k.word, k.cls]));
for (const k of keywords)
    if (!classes.includes(k.cls)) console.log(`not ok editor keywords (${k.word}: unknown class ${k.cls})`);

// compare(NAME, FILE, LISTS): LISTS maps each class to the Set of words the
// editor has for it (or undefined when no list was found).
function compare(name, file, lists) {
    const problems = [];
    for (const cls of classes)
        if (!lists[cls]) problems.push(`no list for class ${cls}`);
    for (const k of keywords) {
        const have = lists[k.cls];
        if (have && !have.has(k.word)) problems.push(`${k.word} missing from ${k.cls}`);
        for (const cls of classes)
            if (cls !== k.cls && lists[cls] && lists[cls].has(k.word)) problems.push(`${k.word} (${k.cls}) also in ${cls}`);
    }
    for (const cls of classes)
        for (const w of lists[cls] || [])
            if (!inDef.has(w)) problems.push(`${w} in ${cls} is not a keyword of keywords.def`);
    if (problems.length) console.log(`not ok ${name} keywords match keywords.def (${file}): ${problems.join("; ")}`);
    else console.log(`ok ${name} keywords match keywords.def (${file})`);
}

// ---- vim: syn keyword / syn match lines, continuation lines joined.
(() => {
    const file = "editors/vim/syntax/okr.vim";
    const text = read(file);
    if (text === null) return console.log(`not ok vim grammar exists (${file})`);
    const lines = text.replace(/\n\s*\\/g, " ").split("\n");
    const lists = {};
    for (const line of lines) {
        const m = /^\s*sy(?:n(?:tax)?)?\s+(keyword|match)\s+(\w+)\s+(.*)$/.exec(line);
        if (!m) continue;
        const cls = classes.find((c) => m[2] === "okr" + cap(c));
        if (!cls) continue;
        lists[cls] = lists[cls] || new Set();
        if (m[1] === "keyword") {
            for (const w of m[3].split(/\s+/))
                if (w && !/[=]/.test(w) && !/^(contained|display|transparent|skipwhite|skipnl|skipempty|fold|conceal)$/.test(w))
                    lists[cls].add(w.replace(/\[(\w*)\]/, "$1"));
        } else {
            // A pattern such as "\<\(team\|cycle\)\>": its words.
            const pat = /^(\S)(.*?)\1/.exec(m[3]);
            for (const w of (pat ? pat[2] : m[3]).match(/[a-z_]{2,}/g) || []) lists[cls].add(w);
        }
    }
    compare("vim", file, lists);
})();

// ---- emacs: a small reader of the s-expressions of okr-mode.el.
(() => {
    const file = "editors/emacs/okr-mode.el";
    const text = read(file);
    if (text === null) return console.log(`not ok emacs grammar exists (${file})`);
    // Tokens: ( ) strings symbols; comments and character literals skipped.
    const toks = [];
    for (let i = 0; i < text.length;) {
        const c = text[i];
        if (c === ";") { while (i < text.length && text[i] !== "\n") i++; continue; }
        if (c === '"') {
            let j = i + 1, s = "";
            while (j < text.length && text[j] !== '"') { if (text[j] === "\\") j++; s += text[j]; j++; }
            toks.push({ t: "str", v: s, at: i }); i = j + 1; continue;
        }
        if (c === "?" && (i === 0 || /[\s(']/.test(text[i - 1]))) { i += text[i + 1] === "\\" ? 3 : 2; continue; }
        if (c === "(" || c === "[") { toks.push({ t: "(", at: i }); i++; continue; }
        if (c === ")" || c === "]") { toks.push({ t: ")", at: i }); i++; continue; }
        if (/\s|'|`|,|@/.test(c)) { i++; continue; }
        let j = i; while (j < text.length && !/[\s()\[\]";']/.test(text[j])) j++;
        toks.push({ t: "sym", v: text.slice(i, j), at: i }); i = j;
    }
    // Build the tree.
    const root = { kids: [] }, stack = [root];
    for (const tk of toks) {
        if (tk.t === "(") { const n = { kids: [], parent: stack[stack.length - 1] }; stack[stack.length - 1].kids.push(n); stack.push(n); }
        else if (tk.t === ")") { if (stack.length > 1) stack.pop(); }
        else stack[stack.length - 1].kids.push(tk);
    }
    const strings = (n, out = []) => { for (const k of n.kids) if (k.kids) strings(k, out); else if (k.t === "str") out.push(k.v); return out; };
    const nodes = [];
    const all = (n) => { for (const k of n.kids) if (k.kids) { nodes.push(k); all(k); } };
    all(root);
    const head = (n) => n.kids[0] && !n.kids[0].kids ? n.kids[0].v : undefined;
    const lists = {};
    const words = (n) => new Set(strings(n).filter((s) => /^[a-z_]+$/.test(s)));
    for (const cls of classes) {
        // 1. (defconst okr-CLASS-keywords '("team" ...)) and similar names.
        const nameRe = new RegExp(`^okr-+(?:mode-+)?(?:${cls}-+keywords?|keywords?-+${cls}|${cls}s?)$`);
        let n = nodes.find((x) => /^(defconst|defvar|defcustom|setq)$/.test(head(x) || "") &&
            x.kids[1] && !x.kids[1].kids && nameRe.test(x.kids[1].v));
        // 2. An alist entry: (CLASS "team" ...), ("CLASS" ...) or (CLASS . ("team" ...)).
        if (!n) n = nodes.find((x) => x.kids[0] && !x.kids[0].kids &&
            (x.kids[0].v === cls || x.kids[0].v === ":" + cls) && words(x).size > 0);
        // 3. The smallest form holding both okr-CLASS-face and keyword strings.
        if (!n) {
            const face = nodes.filter((x) => x.kids.some((k) => !k.kids && k.t === "sym" && k.v === `okr-${cls}-face`));
            for (let x of face) {
                while (x && x.kids && words(x).size === 0) x = x.parent;
                if (x && x !== root) { n = x; break; }
            }
        }
        if (n) lists[cls] = words(n);
    }
    compare("emacs", file, lists);
})();

// ---- vscode: the match of the rule named with the class's scope.
(() => {
    const file = "editors/vscode/syntaxes/okr.tmLanguage.json";
    const text = read(file);
    if (text === null) return console.log(`not ok vscode grammar exists (${file})`);
    const scope = {
        declaration: "keyword.control.declaration.okr", archetype: "storage.modifier.archetype.okr",
        type: "support.type.okr", direction: "constant.language.direction.okr",
        target: "keyword.operator.target.okr", policy: "keyword.other.policy.okr", feed: "keyword.other.feed.okr",
    };
    let grammar;
    try { grammar = JSON.parse(text); } catch (e) { return console.log(`not ok vscode keywords match keywords.def (${file}): ${e.message}`); }
    const rules = [];
    const walk = (r) => {
        if (!r || typeof r !== "object") return;
        if (Array.isArray(r)) return r.forEach(walk);
        if (r.match && r.name) rules.push(r);
        walk(r.patterns);
    };
    walk(grammar.patterns);
    walk(Object.values(grammar.repository || {}));
    const lists = {};
    for (const cls of classes) {
        const mine = rules.filter((r) => r.name === scope[cls]);
        if (!mine.length) continue;
        lists[cls] = new Set();
        for (const r of mine) {
            // The words the regex names, then every keyword it matches whole.
            const alt = /^\\b\((.*)\)\\b$/.exec(r.match);
            for (const w of alt ? alt[1].split("|") : []) lists[cls].add(w);
            for (const k of keywords) {
                const m = new RegExp(r.match).exec(k.word);
                if (m && m.index === 0 && m[0] === k.word) lists[cls].add(k.word);
            }
        }
    }
    compare("vscode", file, lists);
})();

// ---- spec.md: the table of "### Keywords".
(() => {
    const text = read("spec.md");
    if (text === null) return console.log("not ok spec keyword table exists (spec.md)");
    const start = text.indexOf("\n### Keywords");
    const end = start < 0 ? -1 : text.indexOf("\n## ", start + 1);
    if (start < 0) return console.log('not ok spec keyword table exists (no "### Keywords" in spec.md)');
    const section = text.slice(start, end < 0 ? undefined : end);
    const lists = {};
    for (const m of section.matchAll(/^\|\s*`([^`]+)`\s*\|\s*(\w+)\s*\|/gm))
        if (classes.includes(m[2])) (lists[m[2]] = lists[m[2]] || new Set()).add(m[1]);
    compare("spec", "spec.md", lists);
})();
EOF
