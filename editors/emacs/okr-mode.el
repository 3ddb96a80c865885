;;; okr-mode.el --- Major mode for OKRs checked by okrc (.okr files)  -*- lexical-binding: t; -*-

;; Author: the okrc project
;; Version: 0.1.0
;; Package-Requires: ((emacs "26.1"))
;; Keywords: languages, tools

;; This file is not part of GNU Emacs.

;;; Commentary:

;; A major mode for the OKR files that okrc checks: `*.okr' files and the
;; policy file `okr.policy'.  It provides
;;
;; - highlighting of the token classes of okrc's spec.md ("Token
;;   classes"): the seven keyword classes of lexer/keywords.def, strings and
;;   their escapes, `//' comments and the `okrc:allow CODES' part of a
;;   suppression comment, numbers and their attached unit suffixes (the
;;   `min' of `45min'), dates, quarters and the `?' of `from ? to 35%';
;; - indentation: two spaces (`okr-indent-offset') inside the { } of an
;;   objective or a policy block, none at top level;
;; - a Flymake backend, `okr-flymake', that runs `okrc check --color=never'
;;   and turns its diagnostics into Flymake errors, warnings and notes;
;; - `M-x compile' support: with `okrc check --color=never FILES' the
;;   diagnostics are jumpable (`compilation-error-regexp-alist' entry `okrc').
;;
;; Setup:
;;
;;   (add-to-list 'load-path "/path/to/okrc/editors/emacs")
;;   (require 'okr-mode)
;;   (add-hook 'okr-mode-hook #'flymake-mode)   ; check as you type
;;
;; What the Flymake backend checks.  okrc checks files together: `use TEAM',
;; qualified metric names and `aligns' resolve across all the files of a
;; program, and the policy is found by walking up from the files.  A buffer
;; checked alone would report every cross-file reference as unresolved, so
;; (unless `okr-flymake-check-program' is nil) the backend checks the buffer
;; together with every `.okr' file under the project root: the nearest
;; directory above the file that holds an `okr.policy', else the file's own
;; directory.  When the buffer is saved and unmodified, its file is checked
;; as it is; otherwise the buffer's text is written to a hidden temporary
;; copy (`.okr-flymake-NAME-XXXXXX.okr') in the file's own directory, so that
;; the policy lookup and the relative paths of `native' declarations behave
;; as for the file itself, and the copy is checked in the file's place.
;; Hidden files are skipped when okrc walks a directory, so a concurrent
;; `okrc check DIR' never sees the copy.  Only the diagnostics located in the
;; checked file are shown.  When the buffer is `okr.policy' itself, its text
;; is passed with `--policy' and the project's `.okr' files are checked.
;; A buffer without a file is checked alone, from a temporary file.

;;; Code:

(require 'flymake)
(require 'subr-x)

(defvar compilation-error-regexp-alist)
(defvar compilation-error-regexp-alist-alist)
(defvar compile-command)

(defgroup okr nil
  "Major mode for OKR files checked by okrc."
  :group 'languages
  :prefix "okr-")

(defcustom okr-program "okrc"
  "The okrc program: a command name (see the variable `exec-path') or a file."
  :type 'string
  :group 'okr)

(defcustom okr-indent-offset 2
  "Indentation of the items inside an objective's or a policy's { } block."
  :type 'integer
  :safe #'integerp
  :group 'okr)

(defcustom okr-flymake-check-program t
  "When non-nil, Flymake checks the buffer with its project's other files.
The project is every `.okr' file under the nearest directory above the
buffer's file that holds an `okr.policy', else under the file's directory;
so `use', qualified names and `aligns' resolve as with `okrc check DIR'.
When nil, the buffer is checked alone."
  :type 'boolean
  :group 'okr)

;;;; Faces

(defface okr-declaration-face '((t :inherit font-lock-keyword-face))
  "Face for declaration keywords: team, metric, objective, kr, ..."
  :group 'okr)

(defface okr-archetype-face '((t :inherit font-lock-builtin-face))
  "Face for the archetypes: committed, aspirational, learning."
  :group 'okr)

(defface okr-type-face '((t :inherit font-lock-type-face))
  "Face for metric types: percent, count, number, duration, money, score."
  :group 'okr)

(defface okr-direction-face '((t :inherit font-lock-constant-face))
  "Face for directions: increasing, decreasing, operational."
  :group 'okr)

(defface okr-target-face '((t :inherit font-lock-keyword-face))
  "Face for the words of targets and bounds: from, to, by, at least, ..."
  :group 'okr)

(defface okr-policy-face '((t :inherit font-lock-preprocessor-face))
  "Face for policy items: limit, severity, vocabulary."
  :group 'okr)

(defface okr-feed-face '((t :inherit font-lock-preprocessor-face))
  "Face for feed bindings: aggregate, over, lag, source, via, unit, native."
  :group 'okr)

(defface okr-number-face '((t :inherit font-lock-constant-face))
  "Face for the digits of a number."
  :group 'okr)

(defface okr-unit-face '((t :inherit font-lock-builtin-face))
  "Face for a unit suffix attached to a number: the % of 22%, min, pp, USD."
  :group 'okr)

(defface okr-date-face '((t :inherit font-lock-constant-face))
  "Face for dates (2026-07-01) and quarters (2026-Q3)."
  :group 'okr)

(defface okr-suppression-face '((t :inherit font-lock-warning-face))
  "Face for the `okrc:allow CODES' part of a suppression comment."
  :group 'okr)

(defface okr-unknown-face '((t :inherit font-lock-warning-face))
  "Face for the unknown baseline `?' of `from ? to T'."
  :group 'okr)

;;;; Keywords (lexer/keywords.def, by class)

(defconst okr-declaration-keywords
  '("team" "cycle" "use" "metric" "objective" "policy" "kr" "hypothesis"
    "counter" "aligns" "owner" "expect" "weight")
  "Keywords of the declaration class.")

(defconst okr-archetype-keywords
  '("committed" "aspirational" "learning")
  "Keywords of the archetype class.")

(defconst okr-type-keywords
  '("percent" "count" "number" "duration" "money" "score")
  "Keywords of the type class.")

(defconst okr-direction-keywords
  '("increasing" "decreasing" "operational")
  "Keywords of the direction class.")

(defconst okr-target-keywords
  '("from" "to" "by" "at" "least" "most" "no" "worse" "than" "baseline")
  "Keywords of the target class.")

(defconst okr-policy-keywords
  '("limit" "severity" "vocabulary")
  "Keywords of the policy class.")

(defconst okr-feed-keywords
  '("aggregate" "over" "lag" "source" "via" "unit" "native")
  "Keywords of the feed class.")

(defconst okr-keyword-classes
  `((declaration ,okr-declaration-keywords okr-declaration-face)
    (archetype ,okr-archetype-keywords okr-archetype-face)
    (type ,okr-type-keywords okr-type-face)
    (direction ,okr-direction-keywords okr-direction-face)
    (target ,okr-target-keywords okr-target-face)
    (policy ,okr-policy-keywords okr-policy-face)
    (feed ,okr-feed-keywords okr-feed-face))
  "Each keyword class of lexer/keywords.def: (CLASS KEYWORDS FACE).")

;;;; Syntax

(defvar okr-mode-syntax-table
  (let ((st (make-syntax-table)))
    ;; `//' starts a comment that runs to the end of the line.
    (modify-syntax-entry ?/ ". 12" st)
    (modify-syntax-entry ?\n ">" st)
    (modify-syntax-entry ?\" "\"" st)
    (modify-syntax-entry ?\\ "\\" st)
    (modify-syntax-entry ?_ "_" st)
    (modify-syntax-entry ?{ "(}" st)
    (modify-syntax-entry ?} "){" st)
    (modify-syntax-entry ?\( "()" st)
    (modify-syntax-entry ?\) ")(" st)
    (dolist (c '(?' ?% ?? ?. ?, ?: ?+ ?- ?* ?= ?< ?> ?& ?| ?# ?\; ?$ ?@ ?! ?~ ?^ ?`))
      (modify-syntax-entry c "." st))
    st)
  "Syntax table of `okr-mode'.")

(defun okr-syntax-propertize (start end)
  "Make a string that is not closed on its line end at the line end.
okrc reads such a string up to the end of its line (OKR002); mark its
opening quote and the newline as string fences between START and END."
  (goto-char start)
  (while (re-search-forward "\"" end t)
    (let ((quote-pos (match-beginning 0)))
      (unless (save-excursion (save-match-data (nth 8 (syntax-ppss quote-pos))))
        (if (looking-at "\\(?:[^\"\\\n]\\|\\\\.\\)*\"")
            (goto-char (match-end 0))
          (looking-at "\\(?:[^\"\\\n]\\|\\\\.\\)*\\(\\\\?\\)")
          (put-text-property quote-pos (1+ quote-pos)
                             'syntax-table (string-to-syntax "|"))
          (when (< (match-beginning 1) (match-end 1))
            ;; A backslash at the end must not escape the line end.
            (put-text-property (match-beginning 1) (match-end 1)
                               'syntax-table (string-to-syntax ".")))
          (goto-char (match-end 0))
          (when (eq (char-after) ?\n)
            (put-text-property (point) (1+ (point))
                               'syntax-table (string-to-syntax "|"))
            (forward-char 1)))))))

;;;; Font lock

(defconst okr--date-regexp "\\_<[0-9]\\{4\\}-[0-9]\\{2\\}-[0-9]\\{2\\}"
  "A date, 2026-07-01: one token, never a subtraction.")

(defconst okr--quarter-regexp "\\_<[0-9]\\{4\\}-[Qq][0-9]+"
  "A quarter, 2026-Q3.")

(defconst okr--number-regexp
  "\\_<\\([0-9]+\\(?:\\.[0-9]+\\)?\\)\\(%\\|[A-Za-z_][A-Za-z0-9_]*\\)?"
  "A number (group 1) and its attached unit suffix (group 2).")

(defconst okr--suppression-regexp
  "okrc:allow\\(?:[ \t,]+[A-Za-z][A-Za-z0-9_]*\\(?:-[A-Za-z][A-Za-z0-9_]*\\)*\\)*"
  "The `okrc:allow CODES' part of a suppression comment (up to `--').")

(defun okr--match-in (regexp limit pred)
  "Search REGEXP up to LIMIT for a match whose start satisfies PRED.
PRED is called with the `syntax-ppss' state at the match's start."
  (let (found)
    (while (and (not found) (re-search-forward regexp limit t))
      (when (save-excursion
              (save-match-data (funcall pred (syntax-ppss (match-beginning 0)))))
        (setq found t)))
    found))

(defun okr--match-suppression (limit)
  "Font-lock matcher: the next suppression inside a comment, before LIMIT."
  (okr--match-in okr--suppression-regexp limit (lambda (s) (nth 4 s))))

(defun okr--match-escape (limit)
  "Font-lock matcher: the next escape inside a string, before LIMIT.
Escapes get `font-lock-escape-face' where it exists (Emacs 29 and later);
before, they stay in `font-lock-string-face' and this matches nothing."
  (and (facep 'font-lock-escape-face)
       (okr--match-in "\\\\." limit (lambda (s) (nth 3 s)))))

(defvar okr-font-lock-keywords
  (append
   (mapcar (lambda (entry)
             (cons (regexp-opt (nth 1 entry) 'symbols)
                   (list 0 (list 'quote (nth 2 entry)))))
           okr-keyword-classes)
   `((,okr--date-regexp 0 'okr-date-face)
     (,okr--quarter-regexp 0 'okr-date-face)
     (,okr--number-regexp (1 'okr-number-face) (2 'okr-unit-face nil t))
     ("[?]" 0 'okr-unknown-face)
     (okr--match-suppression 0 'okr-suppression-face prepend)
     (okr--match-escape 0 'font-lock-escape-face prepend)))
  "Font-lock keywords of `okr-mode'.
Strings and comments are fontified through the syntax table; keywords,
dates, numbers and the rest only outside them.  Dates and quarters come
before numbers, so that 2026-07-01 is one date.")

;;;; Indentation

(defun okr--brace-depth ()
  "The number of { } blocks open at point, outside strings and comments."
  (let ((depth 0))
    (dolist (pos (nth 9 (syntax-ppss)))
      (when (eq (char-after pos) ?{)
        (setq depth (1+ depth))))
    depth))

(defun okr-calculate-indentation ()
  "The indentation of the current line: `okr-indent-offset' per open brace."
  (save-excursion
    (back-to-indentation)
    (let ((depth (okr--brace-depth)))
      (when (and (eq (char-after) ?})
                 (not (nth 8 (syntax-ppss))))
        (setq depth (1- depth)))
      (* okr-indent-offset (max depth 0)))))

(defun okr-indent-line ()
  "Indent the current line as okrc's canonical format does."
  (interactive)
  (let ((indent (okr-calculate-indentation)))
    (if (> (current-column) (current-indentation))
        (save-excursion (indent-line-to indent))
      (indent-line-to indent))))

;;;; Diagnostics: `okrc check --color=never' output

(defconst okr--diagnostic-regexp
  "^\\([^ \t\n<][^\n]*?\\):\\([0-9]+\\):\\([0-9]+\\): \\(error\\|warning\\|note\\): \\(.*\\)$"
  "A diagnostic line: FILE:LINE:COL: SEVERITY: MESSAGE [CODE].")

(defun okr--span-end (beg width)
  "The position WIDTH display columns after BEG, at most at the line end."
  (save-excursion
    (goto-char beg)
    (let ((w 0) (eol (line-end-position)))
      (while (and (< w width) (< (point) eol))
        (setq w (+ w (max 1 (char-width (char-after)))))
        (forward-char 1))
      (point))))

(defun okr-flymake-parse-output (text buffer &optional file)
  "Flymake diagnostics for BUFFER from TEXT, the output of `okrc check'.
TEXT is what `okrc check --color=never' prints: a line
`FILE:LINE:COL: error|warning|note: MESSAGE [CODE]' per diagnostic, each
followed by snippet lines (`   |', ` 12 | ...', `   |   ^^^', `   = help:
...'), blank lines and a summary line; only the diagnostic lines make
diagnostics.  LINE and COL are 1-based, COL counting characters.  When FILE
is non-nil, only the diagnostics located in FILE are kept (names are
compared after `expand-file-name').  The region is the span that the
snippet's carets underline, else the symbol or sexp at the position."
  (let ((lines (split-string text "\n"))
        (want (and file (expand-file-name file)))
        diags)
    (while lines
      (let ((line (pop lines)))
        (when (string-match okr--diagnostic-regexp line)
          (let* ((path (match-string 1 line))
                 (lnum (string-to-number (match-string 2 line)))
                 (col (string-to-number (match-string 3 line)))
                 (type (cdr (assoc (match-string 4 line)
                                   '(("error" . :error) ("warning" . :warning)
                                     ("note" . :note)))))
                 (message (match-string 5 line))
                 (carets nil))
            ;; The snippet under it: the first caret line gives the width.
            (while (and lines (string-match "\\`[ \t]*[0-9]*[ \t]*|\\|\\`[ \t]+= " (car lines)))
              (let ((snippet (pop lines)))
                (when (and (not carets)
                           (string-match "\\`[ \t]*|[ \t]*\\(\\^+\\)[ \t]*\\'" snippet))
                  (setq carets (length (match-string 1 snippet))))))
            (when (or (not want) (string= (expand-file-name path) want))
              (with-current-buffer buffer
                (save-restriction
                  (widen)
                  (let ((region
                         (save-excursion
                           (goto-char (point-min))
                           (when (and (> lnum 0) (zerop (forward-line (1- lnum))))
                             (let ((beg (min (+ (point) (max 0 (1- col))) (line-end-position))))
                               (if (and carets (< beg (line-end-position)))
                                   (cons beg (okr--span-end beg carets))
                                 (flymake-diag-region buffer lnum col)))))))
                    (when region
                      (push (flymake-make-diagnostic buffer (car region) (cdr region)
                                                     type message)
                            diags))))))))))
    (nreverse diags)))

;;;; Flymake backend

(defvar-local okr--flymake-process nil
  "The okrc process of the buffer's last Flymake check.")

(defun okr--project-root (file)
  "The directory whose .okr files are checked with FILE."
  (let ((dir (file-name-directory file)))
    (file-name-as-directory
     (expand-file-name (or (locate-dominating-file dir "okr.policy") dir)))))

(defun okr--project-files (root)
  "The .okr files under ROOT, as okrc walks a directory: hidden ones skipped."
  (let (files)
    (dolist (f (directory-files-recursively root "\\.okr\\'"))
      (unless (string-match-p "/\\." (substring f (1- (length root))))
        (push f files)))
    (sort files #'string<)))

(defun okr--write-copy (dir name)
  "Write the buffer's text to a new hidden .okr file in DIR, named after NAME.
Return its file name, or nil when DIR is not writable."
  (condition-case nil
      (let ((copy (make-temp-file
                   (expand-file-name (concat ".okr-flymake-" (file-name-base name) "-")
                                     dir)
                   nil ".okr"))
            (coding-system-for-write 'utf-8-unix))
        (save-restriction
          (widen)
          (write-region nil nil copy nil 'silent))
        copy)
    (file-error nil)))

(defun okr--flymake-plan ()
  "How to check the current buffer: (ARGS CHECKED TEMP DIRECTORY).
ARGS are okrc's arguments, CHECKED the file whose diagnostics are the
buffer's, TEMP a temporary copy to delete afterwards (or nil) and
DIRECTORY the directory to run okrc in."
  (let* ((file (and buffer-file-name (expand-file-name buffer-file-name)))
         (saved (and file (not (buffer-modified-p)) (file-readable-p file)))
         (policy-p (and file (string= (file-name-nondirectory file) "okr.policy")))
         (root (and file okr-flymake-check-program (okr--project-root file)))
         (temp (unless saved
                 (or (and file (okr--write-copy (file-name-directory file)
                                                (file-name-nondirectory file)))
                     (okr--write-copy temporary-file-directory
                                      (if file (file-name-nondirectory file) "buffer")))))
         (checked (if saved file temp))
         ;; The backend names the files of the program itself (the copy in
         ;; its file's place), so okrc must not add the project's others.
         (base '("check" "--color=never" "--no-project")))
    (cond
     (policy-p
      ;; okrc reads a policy only with the files it applies to: without
      ;; any, there is nothing to run (ARGS nil).
      (let ((files (and root (okr--project-files root))))
        (list (and files (append base (list "--policy" checked) files))
              checked temp (file-name-directory file))))
     (root
      (let* ((files (let (others)
                      (dolist (f (okr--project-files root) (nreverse others))
                        (unless (file-equal-p f file)
                          (push f others)))))
             (policy (expand-file-name "okr.policy" root))
             ;; A copy outside the project would not find the policy.
             (policy-args (and (not (file-in-directory-p checked root))
                               (file-exists-p policy)
                               (list "--policy" policy))))
        (list (append base policy-args (cons checked files)) checked temp root)))
     (t
      (list (append base (list checked)) checked temp
            (if file (file-name-directory file) temporary-file-directory))))))

(defun okr-flymake (report-fn &rest _args)
  "Flymake backend: check the buffer with `okr-program' and REPORT-FN."
  (unless (executable-find okr-program)
    (error "Cannot find okrc (customize `okr-program')"))
  (when (process-live-p okr--flymake-process)
    (kill-process okr--flymake-process))
  (let* ((source (current-buffer))
         (plan (okr--flymake-plan))
         (args (nth 0 plan))
         (checked (nth 1 plan))
         (temp (nth 2 plan))
         (default-directory (nth 3 plan))
         (output nil))
    (if (or (null args) (null checked))
        (progn
          (when (and temp (file-exists-p temp))
            (delete-file temp))
          (funcall report-fn nil))
      (setq output (generate-new-buffer " *okr-flymake*"))
      (setq okr--flymake-process
            (make-process
             :name "okr-flymake"
             :noquery t
             :connection-type 'pipe
             :buffer output
             :command (cons okr-program args)
             :sentinel
             (lambda (proc _event)
               (when (memq (process-status proc) '(exit signal))
                 (unwind-protect
                     (if (not (and (buffer-live-p source)
                                   (eq proc (buffer-local-value 'okr--flymake-process source))))
                         (flymake-log :warning "Canceling obsolete check %s" proc)
                       (let ((text (with-current-buffer (process-buffer proc) (buffer-string))))
                         (if (and (eq (process-status proc) 'exit)
                                  (memq (process-exit-status proc) '(0 1)))
                             (funcall report-fn (okr-flymake-parse-output text source checked))
                           (funcall report-fn :panic
                                    :explanation (format "okrc exited with %s: %s"
                                                         (process-exit-status proc)
                                                         (string-trim text))))))
                   (when (buffer-live-p (process-buffer proc))
                     (kill-buffer (process-buffer proc)))
                   (when (and temp (file-exists-p temp))
                     (delete-file temp))))))))))

;;;; compile

(defconst okr-compilation-regexp
  '(okrc
    "^\\([^ \t\n<][^:\n]*\\):\\([0-9]+\\):\\([0-9]+\\): \\(?:error\\|\\(warning\\)\\|\\(note\\)\\): "
    1 2 3 (4 . 5))
  "The `compilation-error-regexp-alist-alist' entry for okrc diagnostics.
Errors, warnings (group 4) and notes (group 5, info) of `okrc check
--color=never'; the snippet lines under them do not match.")

(defun okr--setup-compilation ()
  "Make `okrc check' diagnostics jumpable in compilation buffers."
  (unless (assq 'okrc compilation-error-regexp-alist-alist)
    (push okr-compilation-regexp compilation-error-regexp-alist-alist))
  (unless (memq 'okrc compilation-error-regexp-alist)
    (push 'okrc compilation-error-regexp-alist)))

(with-eval-after-load 'compile
  (okr--setup-compilation))

;;;; The mode

(defvar okr-imenu-generic-expression
  '(("Objectives"
     "^\\s-*\\(?:\\(?:committed\\|aspirational\\|learning\\)\\s-+\\)?objective\\s-+\\([A-Za-z_][A-Za-z0-9_]*\\)" 1)
    ("Metrics" "^\\s-*metric\\s-+\\([A-Za-z_][A-Za-z0-9_]*\\)" 1)
    ("Teams" "^\\s-*team\\s-+\\([A-Za-z_][A-Za-z0-9_]*\\)" 1))
  "Imenu entries of `okr-mode'.")

;;;###autoload
(define-derived-mode okr-mode prog-mode "OKR"
  "Major mode for OKR files checked by okrc (`*.okr', `okr.policy').

Indentation is `okr-indent-offset' spaces per { } block.  Enable
`flymake-mode' to see okrc's diagnostics as you type (see `okr-flymake'
and `okr-flymake-check-program'); `\\[compile]' proposes `okrc check'.

\\{okr-mode-map}"
  :syntax-table okr-mode-syntax-table
  :group 'okr
  (setq-local comment-start "// ")
  (setq-local comment-end "")
  (setq-local comment-start-skip "//+[ \t]*")
  (setq-local comment-use-syntax t)
  (setq-local font-lock-defaults '(okr-font-lock-keywords nil nil))
  (setq-local syntax-propertize-function #'okr-syntax-propertize)
  (setq-local indent-line-function #'okr-indent-line)
  (setq-local indent-tabs-mode nil)
  (setq-local electric-indent-chars (append "{}" electric-indent-chars))
  (setq-local imenu-generic-expression okr-imenu-generic-expression)
  (when buffer-file-name
    (setq-local compile-command
                (concat okr-program " check --color=never "
                        (shell-quote-argument (file-name-nondirectory buffer-file-name)))))
  (add-hook 'flymake-diagnostic-functions #'okr-flymake nil t))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.okr\\'" . okr-mode))
;;;###autoload
(add-to-list 'auto-mode-alist '("/okr\\.policy\\'" . okr-mode))

(provide 'okr-mode)

;;; okr-mode.el ends here
