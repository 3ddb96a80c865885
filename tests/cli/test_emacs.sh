#!/usr/bin/env bash
# test_emacs.sh: editors/emacs/okr-mode.el with the real Emacs, in batch
# (emacs --batch -Q). Checks, one "ok NAME" / "not ok NAME" line each
# (tests/run.sh counts them):
#   - it byte-compiles without a warning (byte-compile-error-on-warn);
#   - auto-mode-alist (*.okr, okr.policy), comment syntax;
#   - its keyword lists per class equal lexer/keywords.def (parsed here);
#   - the face at chosen positions of tests/editors/sample.okr (every token
#     class of spec.md, "Token classes", with the faces editors.md names), and
#     at the first occurrence in the sample's code of every keyword;
#   - indent-region re-indents a flattened copy of the sample to the sample;
#   - the Flymake parser turns a captured `okrc check --color=never' output
#     into one diagnostic per error/warning/note, with type, line, column and
#     the underlined span; the Flymake backend runs okrc on a saved and on a
#     modified buffer, and resolves `aligns' across the project's files;
#   - the compilation-error-regexp-alist entry matches the diagnostic lines
#     and no snippet line.
# Run from the repository root; $OKRC is the okrc binary (default build/okrc).
set -u
OKRC=${OKRC:-build/okrc}
SAMPLE=tests/editors/sample.okr
CASE=tests/cases/task_style/task_krs.okr
MODE=editors/emacs/okr-mode.el

if ! command -v emacs >/dev/null 2>&1; then
    echo "not ok emacs available (apt-get install emacs-nox)"
    exit 0
fi
if [ ! -f "$SAMPLE" ] || [ ! -f lexer/keywords.def ] || [ ! -f "$MODE" ]; then
    echo "not ok emacs: run from the repository root ($SAMPLE, lexer/keywords.def, $MODE)"
    exit 0
fi

T=$(mktemp -d /tmp/okrc-emacs.XXXXXX)
trap 'rm -rf "$T"' EXIT

# --- byte-compilation, in a copy so that no .elc lands in editors/emacs
mkdir -p "$T/elc"
cp "$MODE" "$T/elc/okr-mode.el"
if out=$(cd "$T/elc" && timeout 120 emacs --batch -Q --eval '(setq byte-compile-error-on-warn t)' \
        -f batch-byte-compile okr-mode.el 2>&1) && [ -f "$T/elc/okr-mode.elc" ] \
        && ! grep -qi 'warning' <<<"$out"; then
    echo "ok emacs: okr-mode.el byte-compiles without warnings"
else
    echo "not ok emacs: okr-mode.el byte-compiles without warnings"
    printf '%s\n' "$out" | head -20 | sed 's/^/    /'
fi

# --- keywords.def: "spelling class" per keyword
sed -n 's/^OKR_KEYWORD([A-Z_0-9]*, *"\([^"]*\)", *\([a-z_]*\)).*/\1 \2/p' lexer/keywords.def > "$T/keywords"
if [ "$(wc -l < "$T/keywords")" -lt 40 ]; then
    echo "not ok emacs: parse lexer/keywords.def ($(wc -l < "$T/keywords") keywords)"
    exit 0
fi

# --- where each keyword first occurs in the sample's code (strings and
# comments blanked out): "spelling class line bytecol", 0 0 when missing.
LC_ALL=C awk '
    function code(s,    out, i, n, c, instr) {
        out = ""; n = length(s); instr = 0
        for (i = 1; i <= n; i++) {
            c = substr(s, i, 1)
            if (instr) {
                if (c == "\\" && i < n) { out = out "  "; i++; continue }
                if (c == "\"") instr = 0
                out = out " "; continue
            }
            if (c == "\"") { instr = 1; out = out " "; continue }
            if (c == "/" && substr(s, i + 1, 1) == "/") {
                for (; i <= n; i++) out = out " "
                break
            }
            out = out c
        }
        return out
    }
    function isword(c) { return c ~ /[A-Za-z0-9_]/ }
    NR == FNR { kw[++nkw] = $1; cls[nkw] = $2; next }
    {
        line = code($0)
        for (k = 1; k <= nkw; k++) {
            if (k in found) continue
            w = kw[k]; rest = line; off = 0
            while ((p = index(rest, w)) > 0) {
                col = off + p
                before = col > 1 ? substr(line, col - 1, 1) : " "
                after = substr(line, col + length(w), 1)
                if (!isword(before) && !isword(after)) { found[k] = FNR " " col; break }
                rest = substr(rest, p + 1); off += p
            }
        }
    }
    END { for (k = 1; k <= nkw; k++) print kw[k], cls[k], (k in found ? found[k] : "0 0") }
' "$T/keywords" "$SAMPLE" > "$T/keyword-positions"

# --- the indentation input: the sample flattened, every third line indented wrongly
sed -E 's/^[[:space:]]+//' "$SAMPLE" | awk 'NF && NR % 3 == 0 { $0 = "      " $0 } { print }' > "$T/flat.okr"

# --- a captured okrc check output, and a small project for the backend
have_okrc=1
if [ -x "$OKRC" ]; then
    "$OKRC" check --color=never "$CASE" > "$T/capture.txt" 2>&1
else
    have_okrc=0
    : > "$T/capture.txt"
fi
count() { grep -cE "^[^< ][^ ]*:[0-9]+:[0-9]+: ($1): " "$T/capture.txt"; }
n_diag=$(count 'error|warning|note')
n_err=$(count error)
n_warn=$(count warning)
n_note=$(count note)
first=$(grep -m1 -E '^[^< ][^ ]*:[0-9]+:[0-9]+: (error|warning|note): ' "$T/capture.txt" |
    sed -E 's/^[^ ]*:([0-9]+):([0-9]+): ([a-z]+):.*/\1 \2 \3/')

mkdir -p "$T/single" "$T/project/growth"
cp "$CASE" "$T/single/task.okr"
printf 'policy {\n  limit krs_per_objective 2..5\n}\n' > "$T/project/okr.policy"
cat > "$T/project/company.okr" <<'EOF'
team company "Company"
cycle 2026-Q3
use std.product
use std.growth

aspirational objective self_serve "Make self-serve effortless" {
  kr activation : d7_activation from 22% to 35%
  kr trials : trial_to_paid from 11% to 15%
  counter churn_rate at most 3%
}
EOF
cat > "$T/project/growth/g.okr" <<'EOF'
team growth "Growth"
cycle 2026-Q3
use std.product

aspirational objective onboarding "Make onboarding effortless" {
  aligns company.self_serve
  kr activation : d7_activation from 22% to 35%
  kr speed : time_to_first_value from 45min to 12min
  counter churn_rate at most 3%
}
EOF

cat > "$T/test.el" <<'EOF'
;;; test.el --- okr-mode checks, run by tests/cli/test_emacs.sh  -*- lexical-binding: t; -*-
(require 'cl-lib)
(defun okr-test (name ok &optional detail)
  (princ (format "%s emacs: %s%s\n" (if ok "ok" "not ok") name
                 (if (or ok (null detail)) "" (format " (%s)" detail)))))
(defun okr-test-file (name) (expand-file-name name (getenv "T")))
(defun okr-test-read-lines (file)
  (with-temp-buffer
    (insert-file-contents file)
    (split-string (buffer-string) "\n" t)))
(defun okr-test-face-ok (pos want)
  "Non-nil when the face at POS is WANT (nil: no face); a face list may hold it."
  (let ((face (get-text-property pos 'face)))
    (if (null want) (null face)
      (or (eq face want) (and (consp face) (memq want face))))))
(defun okr-test-visit (file)
  (let ((coding-system-for-read 'utf-8))
    (find-file-noselect file)))

(condition-case err
    (progn
      (add-to-list 'load-path (expand-file-name "editors/emacs"))
      (require 'okr-mode)
      (setq okr-program (expand-file-name (getenv "OKRC")))

      ;; --- auto-mode-alist and the mode's settings
      (okr-test "auto-mode-alist: *.okr"
                (eq (assoc-default "/x/growth/2026-q3.okr" auto-mode-alist #'string-match) 'okr-mode))
      (okr-test "auto-mode-alist: okr.policy"
                (eq (assoc-default "/x/okrs/okr.policy" auto-mode-alist #'string-match) 'okr-mode))
      (okr-test "auto-mode-alist: not other .policy files"
                (not (eq (assoc-default "/x/foo.policy" auto-mode-alist #'string-match) 'okr-mode)))
      (let ((sample (okr-test-visit (getenv "SAMPLE"))))
        (with-current-buffer sample
          (okr-test "visiting sample.okr enables okr-mode" (eq major-mode 'okr-mode) major-mode)
          (okr-test "derived from prog-mode" (derived-mode-p 'prog-mode))
          (okr-test "comment-start" (and (equal comment-start "// ") (equal comment-end ""))
                    (format "%S %S" comment-start comment-end))
          (okr-test "flymake backend installed"
                    (memq 'okr-flymake flymake-diagnostic-functions))
          (okr-test "okr-program defaults to okrc"
                    (equal (eval (car (get 'okr-program 'standard-value))) "okrc"))))
      (with-temp-buffer
        (okr-mode)
        (insert "kr x : m at most 3\n")
        (comment-region (point-min) (point-max))
        (okr-test "comment-region" (equal (buffer-string) "// kr x : m at most 3\n")
                  (buffer-string)))

      ;; --- keyword lists against keywords.def
      (let ((def (make-hash-table :test 'equal)))
        (dolist (line (okr-test-read-lines (okr-test-file "keywords")))
          (let ((f (split-string line)))
            (push (car f) (gethash (intern (cadr f)) def))))
        (maphash
         (lambda (class kws)
           (let* ((entry (assq class okr-keyword-classes))
                  (mine (nth 1 entry))
                  (missing (cl-set-difference kws mine :test #'equal))
                  (extra (cl-set-difference mine kws :test #'equal)))
             (okr-test (format "%s keyword list equals keywords.def" class)
                       (and entry (null missing) (null extra))
                       (format "missing %S, not in keywords.def %S" missing extra))))
         def)
        (let ((unknown (cl-remove-if (lambda (e) (gethash (car e) def)) okr-keyword-classes)))
          (okr-test "no keyword class beyond keywords.def" (null unknown) (mapcar #'car unknown))))

      ;; --- faces at chosen positions of the sample
      (with-current-buffer (okr-test-visit (getenv "SAMPLE"))
        (font-lock-ensure)
        (let ((escape (if (facep 'font-lock-escape-face) 'font-lock-escape-face 'font-lock-string-face)))
          (dolist (spot
                   `(("2026-Q3" 0 okr-date-face "quarter 2026-Q3")
                     ("2026-Q3" 4 okr-date-face "quarter: the - is part of it")
                     ("2026-Q3" 6 okr-date-face "quarter: Q3 is not a unit")
                     ("2026-07-01" 0 okr-date-face "date 2026-07-01")
                     ("2026-07-01" 4 okr-date-face "date: no subtraction")
                     ("2026-07-01" 8 okr-date-face "date: 01 is not a number")
                     ("\"Growth – Wachstum" 0 font-lock-string-face "string")
                     ("Wachstum" 0 font-lock-string-face "string after a non-ASCII character")
                     ("☕" 0 font-lock-string-face "non-ASCII character in a string")
                     ("\\\"DL" 0 ,escape "escape \\\"")
                     ("\\\"DL" 1 ,escape "escape \\\" (the quote)")
                     ("DL\\\"" 0 font-lock-string-face "string between escapes")
                     ("\\\\ ops" 1 ,escape "escape \\\\")
                     ("\\n\\t" 0 ,escape "escape \\n")
                     ("\\n\\t" 3 ,escape "escape \\t")
                     ("\\n\\t\"" 4 font-lock-string-face "string ends after escapes")
                     ("// not a comment" 0 font-lock-string-face "// inside a string is string")
                     ("{ not a brace" 0 font-lock-string-face "{ inside a string is string")
                     ("\"finance.seats\"" 1 font-lock-string-face "string after a feed keyword")
                     ("22%" 0 okr-number-face "number 22")
                     ("22%" 2 okr-unit-face "unit %")
                     ("45min" 1 okr-number-face "number 45")
                     ("45min" 2 okr-unit-face "unit min")
                     ("45min" 4 okr-unit-face "unit min (end)")
                     ("99.95%" 2 okr-number-face "number 99.95: the fraction dot")
                     ("99.95%" 5 okr-unit-face "unit % after a fraction")
                     ("+5000USD" 0 nil "sign is punctuation")
                     ("+5000USD" 1 okr-number-face "number 5000")
                     ("+5000USD" 5 okr-unit-face "unit USD")
                     ("over 7d" 5 okr-number-face "number in a window")
                     ("over 7d" 6 okr-unit-face "unit d")
                     ("lag 2d" 5 okr-unit-face "unit d after lag")
                     ("-100..100" 0 nil "sign in a score range")
                     ("-100..100" 1 okr-number-face "number in a score range")
                     ("-100..100" 4 nil "range .. is punctuation")
                     ("-100..100" 6 okr-number-face "number after ..")
                     ("2..5" 0 okr-number-face "number before ..")
                     ("2..5" 1 nil ".. after a number")
                     ("0.7" 0 okr-number-face "number 0.7")
                     ("1.5" 2 okr-number-face "number 1.5 (fraction)")
                     ("1e5" 1 okr-unit-face "1e5 is the number 1 with the unit e5")
                     ("from ? to" 5 okr-unknown-face "unknown baseline ?")
                     ("// Objectives" 0 font-lock-comment-delimiter-face "comment delimiter")
                     ("// Objectives" 5 font-lock-comment-face "comment text")
                     ("okrc:allow OKR301" 0 okr-suppression-face "suppression marker")
                     ("okrc:allow OKR301" 0 font-lock-comment-face "suppression is inside the comment")
                     ("okrc:allow OKR301" 11 okr-suppression-face "suppression code")
                     ("OKR302 --" 0 okr-suppression-face "suppression second code after a comma")
                     ("OKR302 --" 7 font-lock-comment-face "suppression reason is comment")
                     ("-- a milestone" 5 font-lock-comment-face "suppression reason text")
                     ("okrc:allow task-key-result" 16 okr-suppression-face "suppression slug")
                     ("a { brace" 2 font-lock-comment-face "{ inside a comment is comment")
                     ("d7_activation" 0 nil "identifier")
                     ("d7_activation" 1 nil "7 inside an identifier is not a number")
                     ("std.product" 3 nil "dotted name")
                     ("krs_per_objective" 0 nil "krs_per_objective is an identifier")
                     ("baseline_quality" 0 nil "baseline_quality is an identifier")
                     ("kr_x" 0 nil "kr_x is an identifier")
                     ("counters \"" 0 nil "counters is an identifier")
                     ("OKR305 off" 0 nil "severity code is an identifier")
                     ("OKR305 off" 7 nil "severity level is an identifier")))
            (cl-destructuring-bind (needle offset want what) spot
              (goto-char (point-min))
              (if (not (search-forward needle nil t))
                  (okr-test what nil (format "needle %S not in the sample" needle))
                (let ((pos (+ (match-beginning 0) offset)))
                  (okr-test what (okr-test-face-ok pos want)
                            (format "line %d col %d: face %S, want %S"
                                    (line-number-at-pos pos)
                                    (save-excursion (goto-char pos) (1+ (current-column)))
                                    (get-text-property pos 'face) want)))))))

        ;; --- every keyword of keywords.def, in its class's face
        (let ((bad (make-hash-table)) (counts (make-hash-table)) missing)
          (dolist (line (okr-test-read-lines (okr-test-file "keyword-positions")))
            (cl-destructuring-bind (kw class l c) (split-string line)
              (let ((class (intern class)) (l (string-to-number l)) (c (string-to-number c)))
                (puthash class (1+ (gethash class counts 0)) counts)
                (if (= l 0) (push kw missing)
                  (goto-char (point-min))
                  (forward-line (1- l))
                  (let* ((pos (byte-to-position (+ (position-bytes (point)) (1- c))))
                         (want (intern (format "okr-%s-face" class)))
                         (got (get-text-property pos 'face)))
                    (unless (and (equal (buffer-substring pos (+ pos (length kw))) kw)
                                 (okr-test-face-ok pos want)
                                 (okr-test-face-ok (+ pos (length kw) -1) want))
                      (push (format "%s at %d:%d is %S" kw l c got) (gethash class bad))))))))
          (okr-test "every keyword of keywords.def occurs in the sample's code" (null missing) missing)
          (maphash (lambda (class n)
                     (okr-test (format "%s keywords (%d) in okr-%s-face" class n class)
                               (null (gethash class bad)) (gethash class bad)))
                   counts))

        ;; --- escapes get font-lock-escape-face where Emacs has it (29+);
        ;; before, exercise the same code with the face defined here.
        (unless (facep 'font-lock-escape-face)
          (defface font-lock-escape-face '((t :inherit font-lock-regexp-grouping-backslash))
            "Stand-in for Emacs 29's face, for this test.")
          (font-lock-flush)
          (font-lock-ensure)
          (goto-char (point-min))
          (search-forward "\\\"DL")
          (let ((pos (match-beginning 0)))
            (okr-test "escape in font-lock-escape-face when the face exists"
                      (and (okr-test-face-ok pos 'font-lock-escape-face)
                           (okr-test-face-ok pos 'font-lock-string-face)
                           (okr-test-face-ok (+ pos 2) 'font-lock-string-face)
                           (not (okr-test-face-ok (+ pos 2) 'font-lock-escape-face)))
                      (get-text-property pos 'face)))))

      ;; --- an unterminated string ends at the end of its line
      (with-temp-buffer
        (okr-mode)
        (insert "team t \"Team\nmetric m : count increasing\n")
        (font-lock-ensure)
        (goto-char (point-min))
        (search-forward "metric")
        (okr-test "unterminated string ends at the end of the line"
                  (okr-test-face-ok (match-beginning 0) 'okr-declaration-face)
                  (get-text-property (match-beginning 0) 'face)))

      ;; --- indentation
      (let ((want (with-temp-buffer
                    (let ((coding-system-for-read 'utf-8))
                      (insert-file-contents (getenv "SAMPLE")))
                    (buffer-string))))
        (with-temp-buffer
          (let ((coding-system-for-read 'utf-8))
            (insert-file-contents (okr-test-file "flat.okr")))
          (okr-mode)
          (indent-region (point-min) (point-max))
          (let ((got (buffer-string)))
            (okr-test "indent-region re-indents the sample canonically" (equal got want)
                      (let ((a (split-string got "\n")) (b (split-string want "\n")) (n 1) diff)
                        (while (and a b (not diff))
                          (unless (equal (car a) (car b))
                            (setq diff (format "line %d: %S, want %S" n (car a) (car b))))
                          (setq a (cdr a) b (cdr b) n (1+ n)))
                        diff)))))
      (with-temp-buffer
        (okr-mode)
        (insert "objective a \"{\" {\n// }\nkr x \"}\" // {\n}\nx\n")
        (indent-region (point-min) (point-max))
        (okr-test "braces in strings and comments do not indent"
                  (equal (buffer-string) "objective a \"{\" {\n  // }\n  kr x \"}\" // {\n}\nx\n")
                  (buffer-string)))

      ;; --- the Flymake parser on the captured output
      (if (not (equal (getenv "HAVE_OKRC") "1"))
          (okr-test (format "flymake (okrc binary %s not built)" (getenv "OKRC")) nil "run make")
        (let* ((text (with-temp-buffer
                       (insert-file-contents (okr-test-file "capture.txt"))
                       (buffer-string)))
               (buf (okr-test-visit (getenv "CASE")))
               (diags (okr-flymake-parse-output text buf (getenv "CASE")))
               (types (mapcar #'flymake-diagnostic-type diags))
               (first (split-string (getenv "FIRST"))))
          (okr-test "flymake parser: one diagnostic per error/warning/note"
                    (= (length diags) (string-to-number (getenv "N_DIAG")))
                    (format "%d diagnostics, want %s" (length diags) (getenv "N_DIAG")))
          (okr-test "flymake parser: types"
                    (equal (list (cl-count :error types) (cl-count :warning types) (cl-count :note types))
                           (mapcar #'string-to-number
                                   (list (getenv "N_ERR") (getenv "N_WARN") (getenv "N_NOTE"))))
                    (format "%S" types))
          (let ((d (car diags)))
            (with-current-buffer buf
              (let ((beg (and d (flymake-diagnostic-beg d))))
                (okr-test "flymake parser: first diagnostic's type, line, column, text"
                          (and d
                               (eq (flymake-diagnostic-type d)
                                   (intern (concat ":" (nth 2 first))))
                               (= (line-number-at-pos beg) (string-to-number (nth 0 first)))
                               (= (save-excursion (goto-char beg) (1+ (current-column)))
                                  (string-to-number (nth 1 first)))
                               (string-match-p "\\[OKR[0-9]+\\]\\'" (flymake-diagnostic-text d)))
                          (and d (format "%S line %d text %S" (flymake-diagnostic-type d)
                                         (line-number-at-pos beg) (flymake-diagnostic-text d))))
                ;; the span is what the carets underline
                (let ((carets (with-temp-buffer
                                (insert text)
                                (goto-char (point-min))
                                (re-search-forward "^ *| *\\(\\^+\\)")
                                (length (match-string 1)))))
                  (okr-test "flymake parser: the span the carets underline"
                            (and d (= (- (flymake-diagnostic-end d) beg) carets))
                            (and d (format "%d chars, want %d" (- (flymake-diagnostic-end d) beg) carets)))))))
          (okr-test "flymake parser: no snippet line makes a diagnostic"
                    (cl-notany (lambda (d) (string-match-p "\\`[ 0-9]*|\\|= help" (flymake-diagnostic-text d)))
                               diags))
          (okr-test "flymake parser: diagnostics of other files are left out"
                    (null (okr-flymake-parse-output text buf "elsewhere.okr"))))

        ;; --- the Flymake backend, run for real
        (let ((run-backend
               (lambda (buf)
                 (with-current-buffer buf
                   (let ((got 'none) (deadline (+ (float-time) 20)))
                     (okr-flymake (lambda (&rest args) (setq got args)))
                     (while (and (eq got 'none) (< (float-time) deadline))
                       (accept-process-output nil 0.1))
                     got))))
              (n-diag (string-to-number (getenv "N_DIAG"))))
          (let* ((buf (okr-test-visit (okr-test-file "single/task.okr")))
                 (got (funcall run-backend buf)))
            (okr-test "flymake backend: saved buffer"
                      (and (listp got) (listp (car got)) (= (length (car got)) n-diag))
                      (format "%S" (if (listp got) (length (car-safe got)) got)))
            (with-current-buffer buf
              (goto-char (point-min))
              (insert "// edited, not saved\n"))
            (setq got (funcall run-backend buf))
            (okr-test "flymake backend: modified buffer is checked from a copy"
                      (and (listp got) (listp (car got)) (= (length (car got)) n-diag)
                           (with-current-buffer buf
                             (= (line-number-at-pos (flymake-diagnostic-beg (caar got)))
                                (1+ (string-to-number (car (split-string (getenv "FIRST"))))))))
                      (format "%S" got))
            (okr-test "flymake backend: the copy is deleted"
                      (null (directory-files (okr-test-file "single") nil "\\`\\.okr-flymake"))
                      (directory-files (okr-test-file "single")))
            (with-current-buffer buf (set-buffer-modified-p nil)))
          (let* ((buf (okr-test-visit (okr-test-file "project/growth/g.okr")))
                 (got (progn
                        (with-current-buffer buf
                          (goto-char (point-max))
                          (insert "// edited\n"))
                        (funcall run-backend buf))))
            (okr-test "flymake backend: aligns resolves across the project's files"
                      (and (listp got) (listp (car got)) (null (car got)))
                      (format "%S" (if (listp got) (mapcar #'flymake-diagnostic-text (car-safe got)) got)))
            (with-current-buffer buf
              (goto-char (point-max))
              (insert "counter nope at most 3\n"))
            (setq got (funcall run-backend buf))
            (okr-test "flymake backend: finds an error in the modified buffer"
                      (and (listp got) (listp (car got))
                           (cl-some (lambda (d) (eq (flymake-diagnostic-type d) :error)) (car got)))
                      (format "%S" got))
            (with-current-buffer buf (set-buffer-modified-p nil))))

        ;; --- compile: the regexp entry matches diagnostic lines only
        (require 'compile)
        (let* ((entry (assq 'okrc compilation-error-regexp-alist-alist))
               (lines (okr-test-read-lines (okr-test-file "capture.txt")))
               (matching (and entry (cl-remove-if-not (lambda (l) (string-match (nth 1 entry) l)) lines))))
          (okr-test "compile: okrc is in compilation-error-regexp-alist"
                    (and entry (memq 'okrc compilation-error-regexp-alist)))
          (okr-test "compile: the regexp matches each diagnostic line and nothing else"
                    (= (length matching) (string-to-number (getenv "N_DIAG")))
                    (format "%d lines match" (length matching)))
          (with-temp-buffer
            (insert "okrc check --color=never\n" (mapconcat #'identity lines "\n") "\n")
            (let ((compilation-error-regexp-alist '(okrc))
                  (compilation-skip-threshold 0))
              (compilation-mode)
              (goto-char (point-min))
              (let ((n 0) (levels nil))
                (condition-case nil
                    (while t
                      (compilation-next-error 1)
                      (setq n (1+ n))
                      (push (compilation--message->type
                             (get-text-property (point) 'compilation-message))
                            levels))
                  (error nil))
                (okr-test "compile: compilation-mode finds every diagnostic"
                          (= n (string-to-number (getenv "N_DIAG")))
                          (format "%d found" n))
                ;; 2 error, 1 warning, 0 info
                (okr-test "compile: errors, warnings and notes (info)"
                          (equal (list (cl-count 2 levels) (cl-count 1 levels) (cl-count 0 levels))
                                 (mapcar #'string-to-number
                                         (list (getenv "N_ERR") (getenv "N_WARN") (getenv "N_NOTE"))))
                          (format "%S" levels))))))))
  (error (okr-test "test script" nil (error-message-string err))))
EOF

T="$T" SAMPLE="$SAMPLE" CASE="$CASE" OKRC="$OKRC" HAVE_OKRC=$have_okrc N_DIAG="$n_diag" \
    N_ERR="$n_err" N_WARN="$n_warn" N_NOTE="$n_note" FIRST="$first" \
    timeout 180 emacs --batch -Q -l "$T/test.el" > "$T/results" 2> "$T/emacs.log"
status=$?
if grep -q '^ok \|^not ok ' "$T/results"; then
    cat "$T/results"
    [ "$status" = 0 ] || echo "not ok emacs: the test script exited $status"
else
    echo "not ok emacs: the test script ran (exit $status)"
    head -20 "$T/emacs.log" | sed 's/^/    /'
fi
