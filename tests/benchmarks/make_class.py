#!/usr/bin/env python3
"""Generates a synthetic class of submissions for `grader grade` (benchmarks, acceptance tests).

Usage: make_class.py OUT_DIR --students N --seed S [--hostile] [--edge] [--collisions]
                     [--only CATEGORY,...] [--slow light|heavy] [--manifest FILE]
                     [--examples DIR]

Python 3 standard library only. The class is a function of the arguments alone: the same
--students and --seed write the same files (names, bytes, layout).

Regular students take their answers from submissions/examples: `complete/answers.yaml`
(every answer right) and `typical-mistakes/answers.yaml` (every answer wrong). They are a
mix of
  correct  every problem right, some formulas rewritten harmlessly (`1*(F)`, `(F)*1`, ...)
  wrong    every problem wrong (the typical mistake)
  mixed    each problem right, wrong, missing, or (rarely) a syntax or shape error
  broken   every formula right or wrong, but about a third have a syntax or shape error
in both layouts: a folder holding answers.yaml (id: the folder's name) and a plain
<id>.yaml (or <id>.yml) file.

--hostile adds one student per kind of broken or hostile input (see hostile_entries()):
unreadable YAML, binary garbage, an empty file, a sparse 50 MB file (over the loader's
1 MiB cap), a formula of 1 MB, deeply nested formulas and YAML, a formula that is slow to
evaluate, a folder without answers.yaml, invalid UTF-8, symlinks out of the class, ids with
spaces, quotes, commas and Unicode, an answers.yaml that is a folder, a chmod 000 file, a
FIFO, ... Hostile students count towards N (N >= their number, else all of them are made).
Also adds entries that are not students (hidden files, a .txt file).

--edge adds inputs on which grader 0.1.0 breaks (exit 3 or 2 for the whole class): a file
name that is not UTF-8, invalid UTF-8 inside an error message (an unknown field, a
duplicated problem id, a YAML error quoting a byte), and a 245-byte id (the temporary
file's name exceeds NAME_MAX).
Each should be graded like any broken submission.

--collisions adds ids that clash in the output folder (`dup/` and `dup.yaml`, `x.json/`
next to `x.yaml`). What grader should do with them is a design decision; they are kept out
of the acceptance test.

--manifest FILE writes a JSON description of what was generated: for each entry, its id
(hex of the file-system bytes, and a display form), layout, category, and whether grader
should see it as a student.

Run as root, a chmod 000 file is still readable: its student is then graded normally.
"""

import argparse
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_EXAMPLES = os.path.normpath(os.path.join(HERE, "..", "..", "submissions", "examples"))

# The loader's cap on a submission's size (grader/src/check/answers.cpp: kMaxSubmissionBytes)
# and the limit on a formula's length (grader/include/grader/expr/limits.hpp).
MAX_SUBMISSION_BYTES = 10 << 20
MAX_FORMULA_BYTES = 10_000


# ---- reading the example answers --------------------------------------------------------------
#
# The example files are a small subset of YAML: comments, `student: NAME`, `answers:`, then
# two-space-indented `id: value` entries, where a value is a plain, single- or double-quoted
# scalar, or is empty and followed by four-space-indented `var: value` lines (a gradient in
# several variables). That subset is read here without PyYAML.


def parse_scalar(text, where):
    text = text.strip()
    if text.startswith('"'):
        out, i = [], 1
        while i < len(text):
            c = text[i]
            if c == "\\":
                nxt = text[i + 1]
                out.append({"\\": "\\", '"': '"', "n": "\n", "t": "\t", "/": "/"}.get(nxt))
                if out[-1] is None:
                    raise ValueError(f"{where}: unsupported escape \\{nxt}")
                i += 2
                continue
            if c == '"':
                rest = text[i + 1:].strip()
                if rest and not rest.startswith("#"):
                    raise ValueError(f"{where}: text after a quoted scalar")
                return "".join(out)
            out.append(c)
            i += 1
        raise ValueError(f"{where}: unterminated quoted scalar")
    if text.startswith("'"):
        end = text.find("'", 1)
        while end != -1 and text[end:end + 2] == "''":
            end = text.find("'", end + 2)
        if end == -1:
            raise ValueError(f"{where}: unterminated quoted scalar")
        return text[1:end].replace("''", "'")
    # A plain scalar: a comment starts at " #".
    cut = text.find(" #")
    return (text if cut == -1 else text[:cut]).strip()


def read_answers(path):
    """{problem id: answer}, in file order; an answer is a str (a formula or a choice such
    as `b` or `[a, c]`) or a dict {variable: formula}."""
    answers = {}
    current = None  # the id whose per-variable lines follow
    in_answers = False
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            where = f"{path}:{n}"
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            indent = len(line) - len(line.lstrip(" "))
            if indent == 0:
                key = stripped.split(":", 1)[0]
                in_answers = key == "answers"
                current = None
                continue
            if not in_answers:
                raise ValueError(f"{where}: unexpected indented line")
            key, sep, value = stripped.partition(": ")
            if not sep:
                if not stripped.endswith(":"):
                    raise ValueError(f"{where}: expected `key: value`")
                key, value = stripped[:-1], ""
            if indent == 2:
                if value.strip().startswith(("{file:", "{command:")):
                    # A code answer needs its files: code submissions are benchmarked by
                    # grade_code_class.sh, and tested by tests/e2e/code_acceptance.sh.
                    current = None
                    continue
                if value.strip():
                    answers[key] = parse_scalar(value, where)
                    current = None
                else:
                    answers[key] = {}
                    current = key
            elif indent == 4 and current is not None:
                answers[current][key] = parse_scalar(value, where)
            else:
                raise ValueError(f"{where}: unexpected indentation")
    return answers


def is_choice(answer):
    if not isinstance(answer, str):
        return False
    a = answer.strip()
    if len(a) == 1 and a.isalpha():
        return True
    return a.startswith("[") and all(
        len(x.strip()) == 1 and x.strip().isalpha() for x in a.strip("[]").split(","))


# ---- writing answers --------------------------------------------------------------------------


def dq(s):
    """A double-quoted YAML scalar holding s exactly."""
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif o < 0x20 or o == 0x7F:
            out.append("\\x%02x" % o)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def yaml_id(s):
    """A problem id or student name as a YAML key/value (quoted when not plain-safe)."""
    safe = s and all(c.isalnum() or c in "/-_." for c in s) and not s[0] in "-."
    return s if safe else dq(s)


def render(answers, student=None, comment=None, order=None):
    lines = []
    if comment:
        lines.append("# " + comment)
    if student is not None:
        lines.append("student: " + yaml_id(student))
    lines.append("answers:")
    for pid in order or list(answers):
        a = answers[pid]
        if isinstance(a, dict):
            lines.append(f"  {yaml_id(pid)}:")
            for var, formula in a.items():
                lines.append(f"    {yaml_id(var)}: {dq(formula)}")
        elif is_choice(a):
            lines.append(f"  {yaml_id(pid)}: {a}")
        else:
            lines.append(f"  {yaml_id(pid)}: {dq(a)}")
    return ("\n".join(lines) + "\n").encode("utf-8")


# ---- answer transformations ---------------------------------------------------------------------


def map_formula(answer, fn):
    if isinstance(answer, dict):
        return {k: fn(v) for k, v in answer.items()}
    return fn(answer)


def harmless(rng, f):
    return rng.choice(["({})", "1*({})", "({})*1", "(({}))", "{}", "  {}  "]).format(f)


def syntax_error(rng, f):
    return rng.choice(["({}", "{} +", "{} @ 2", "{})", "{} *", "{}$"]).format(f)


def shape_error(rng, f):
    # No dimension of any problem reaches 9: (r x c)*(9 x 7) never conforms, and a scalar
    # times a 9x7 matrix is not of the answer's shape.
    return rng.choice(["({}) * ones(9, 7)", "ones(9, 7) + ({})"]).format(f)


def correct_answer(rng, good, p, rewrite=0.3):
    a = good[p]
    if is_choice(a) or rng.random() >= rewrite:
        return a
    return map_formula(a, lambda f: harmless(rng, f))


def regular_student(rng, category, good, bad, ids):
    answers = {}
    for p in ids:
        choice = is_choice(good[p])
        if category == "correct":
            answers[p] = correct_answer(rng, good, p)
        elif category == "wrong":
            answers[p] = bad[p]
        elif category == "mixed":
            r = rng.random()
            if r < 0.50:
                answers[p] = correct_answer(rng, good, p)
            elif r < 0.75:
                answers[p] = bad[p]
            elif r < 0.90:
                pass  # missing
            elif choice:
                answers[p] = rng.choice(["z", "[a, z]", "a, b"])  # not an option
            elif r < 0.95:
                answers[p] = map_formula(good[p], lambda f: syntax_error(rng, f))
            else:
                answers[p] = map_formula(good[p], lambda f: shape_error(rng, f))
        elif category == "broken":
            base = good[p] if rng.random() < 0.5 else bad[p]
            r = rng.random()
            if choice or r < 0.65:
                answers[p] = base
            elif r < 0.83:
                answers[p] = map_formula(base, lambda f: syntax_error(rng, f))
            else:
                answers[p] = map_formula(base, lambda f: shape_error(rng, f))
        else:
            raise AssertionError(category)
    return answers


# ---- hostile inputs -----------------------------------------------------------------------------
#
# Each maker returns a list of Entry: its file name in the class folder, the student id
# grader should give it (None for an entry that is not a student), and write(path), which
# creates it (a file, a folder or a symlink). All names and ids are bytes.

SLOW_FORMULAS = {
    # ~1.6 s for one answer on this machine (seed 1): kron(A,A,A) is n^3 x n^3 (125 x 125),
    # a product of two is ~2e6 operations per evaluation, under the 1e7 work limit.
    "light": ("lecture02/cube",
              "(dA*A + A*dA)*A + A^2*dA + 0*sum(kron(kron(A,A),A)*kron(kron(A,A),A))*A"),
    # ~22 s for one answer: a 200x200 product is 8e6 operations per evaluation, just under
    # the 1e7 work limit, and an answer is evaluated some 20 times (trials x directions).
    "heavy": ("lecture02/cube",
              "(dA*A + A*dA)*A + A^2*dA + 0*sum(ones(200,200)*ones(200,200))*A"),
}


class Entry:
    def __init__(self, name, category, student_id=None, write=None, is_student=True,
                 layout="file", note=""):
        # name: bytes, the entry's file name in the class folder
        self.name = name
        self.category = category
        self.student_id = student_id  # bytes; None when not a student
        self.write = write
        self.is_student = is_student
        self.layout = layout
        self.note = note


def write_bytes(data, mode=None):
    def w(path):
        with open(path, "wb") as f:
            f.write(data)
        if mode is not None:
            os.chmod(path, mode)
    return w


def write_folder(files):
    """files: {relative name (bytes): bytes | None for a folder}"""
    def w(path):
        os.mkdir(path)
        for rel, data in files.items():
            p = os.path.join(path, rel)
            if data is None:
                os.mkdir(p)
            else:
                with open(p, "wb") as f:
                    f.write(data)
    return w


def symlink_to(target):
    def w(path):
        os.symlink(target, path)
    return w


def file_entry(stem, category, data_writer, ext=b".yaml", note=""):
    return Entry(stem + ext, category, stem, data_writer, layout="file", note=note)


def folder_entry(name, category, files, note=""):
    return Entry(name, category, name, write_folder(files), layout="folder", note=note)


def hostile_entries(rng, good, slow, copy_target):
    one_good = {"lecture01/xax": good["lecture01/xax"],
                "lecture01/why-linearize": good["lecture01/why-linearize"]}
    e = []
    add = e.append

    add(file_entry(b"h-bad-yaml", "bad-yaml", write_bytes(
        b"answers:\n  lecture01/xax: [unclosed, X*A*dX\n  lecture01/square: {\n: : :\n"),
        note="unreadable YAML"))
    garbage = bytearray(rng.getrandbits(8) for _ in range(4096))
    for k in range(0, len(garbage), 97):
        garbage[k] = 0
    add(file_entry(b"h-binary", "binary", write_bytes(bytes(garbage)),
                   note="random bytes including NUL"))
    add(file_entry(b"h-empty", "empty", write_bytes(b""), note="an empty file"))

    def huge(path):  # sparse: a valid start, then holes up to 50 MB
        with open(path, "wb") as f:
            f.write(render(one_good))
            f.truncate(max(50 * 1000 * 1000, 2 * MAX_SUBMISSION_BYTES))
    add(file_entry(b"h-huge-50MB", "huge", huge, note="50 MB (sparse), over the 1 MiB cap"))

    def near_cap(path):  # 1 MiB of valid YAML: ~48k answers to unknown problems
        body = [render(one_good).decode()]
        size, i = len(body[0]), 0
        while size < (1 << 20):
            line = "  unknown/p%07d: x\n" % i
            body.append(line)
            size += len(line)
            i += 1
        with open(path, "w", encoding="utf-8") as f:
            f.write("".join(body))
    add(Entry(b"h-large-1MiB", "large", b"h-large-1MiB",
              lambda p: (os.mkdir(p), near_cap(os.path.join(p, b"answers.yaml"))),
              layout="folder", note="1 MiB of valid YAML, ~48k unknown problem ids"))

    term = "X*A*dX + "
    one_mb = term * ((1 << 20) // len(term)) + "dX*A*X"
    add(file_entry(b"h-formula-1MB", "formula-1MB",
                   write_bytes(render({**one_good, "lecture01/xax": one_mb})),
                   note="a 1 MB formula"))
    padded = " " * (MAX_FORMULA_BYTES - 200) + good["lecture01/xax"]
    add(file_entry(b"h-formula-padded", "formula-padded",
                   write_bytes(render({**one_good, "lecture01/xax": padded})),
                   note="a right formula padded to just under the formula length limit"))
    add(file_entry(b"h-deep-parens", "deep-formula", write_bytes(render({
        "lecture01/xax": "(" * 4000 + "X*A*dX" + ")" * 4000,
        "lecture01/square": "tr(" * 2000 + "X" + ")" * 2000,
        "lecture01/xtx-gradient": "-" * 5000 + "x",
        "lecture05/dual-number": "2^" * 3000 + "1",
    })), note="nested 4000 deep (parentheses, calls, unary minus, powers)"))
    add(file_entry(b"h-deep-yaml", "deep-yaml", write_bytes(
        b"answers:\n  lecture01/xax: " + b"[" * 100000 + b"]" * 100000 + b"\n"),
        note="YAML flow sequences nested 100000 deep"))
    bomb = [b"answers:\n", b"  unknown/a: &a [x, x, x, x, x, x, x, x, x, x]\n"]
    for prev, cur in zip("abcdefgh", "bcdefghi"):
        refs = ", ".join(["*" + prev] * 10).encode()
        bomb.append(b"  unknown/%s: &%s [%s]\n" % (cur.encode(), cur.encode(), refs))
    bomb.append(b"  lecture01/xax: &x X*(A*dX) + (dX*A)*X\n  lecture01/xax-rect: *x\n"
                b"  lecture01/why-linearize: *i\n")
    add(file_entry(b"h-yaml-bomb", "yaml-bomb", write_bytes(b"".join(bomb)),
                   note="billion laughs: 10^9 leaves through aliases"))
    slow_id, slow_formula = SLOW_FORMULAS[slow]
    add(file_entry(b"h-slow-formula", "slow-formula",
                   write_bytes(render({**one_good, slow_id: slow_formula})),
                   note=f"a right answer that is slow to evaluate ({slow})"))
    add(folder_entry(b"h-no-answers", "no-answers",
                     {b"README.txt": b"no answers.yaml here\n", b"answer.yaml": render(one_good)},
                     note="a folder without answers.yaml (one with a near-miss name)"))
    add(folder_entry(b"h-empty-folder", "no-answers", {}, note="an empty folder"))
    add(folder_entry(b"h-answers-is-dir", "answers-is-dir", {b"answers.yaml": None},
                     note="answers.yaml is a folder"))
    add(file_entry(b"h-invalid-utf8", "invalid-utf8", write_bytes(
        b"# caf\xe9 \xff\n"
        b"answers:\n"
        b"  lecture01/xax: X*A*dX + dX*A*X \xff\xfe\n"
        b"  lecture01/square: \"\xc3\x28 + dX*X\"\n"
        b"  lecture01/why-linearize: \xe2\x82\n"
        b"  lecture01/xtx-gradient: 2*x # \xed\xa0\x80 a surrogate\n"
        b"  lecture07/reparam-gradient: {mu: \"\xf8\x88\x80\x80\x80\", sigma: x}\n"),
        note="bytes that are not UTF-8 in formulas, a choice and a comment"))
    add(Entry(b"h-symlink-passwd.yaml", "symlink-out", b"h-symlink-passwd",
              symlink_to("/etc/passwd"), note="a symlink to /etc/passwd"))
    add(Entry(b"h-symlink-etc", "symlink-out", b"h-symlink-etc", symlink_to("/etc"),
              layout="folder", note="a folder symlink to /etc"))
    add(Entry(b"h-symlink-environ.yaml", "symlink-out", b"h-symlink-environ",
              symlink_to("/proc/self/environ"), note="a symlink to /proc/self/environ"))
    add(Entry(b"h-symlink-dangling.yaml", "symlink-dangling", b"h-symlink-dangling",
              symlink_to("/nonexistent/answers.yaml"), note="a dangling symlink"))
    add(Entry(b"h-symlink-loop.yaml", "symlink-loop", b"h-symlink-loop",
              symlink_to("h-symlink-loop.yaml"), note="a symlink to itself"))
    add(Entry(b"h-dev-zero.yaml", "device", b"h-dev-zero", symlink_to("/dev/zero"),
              note="a symlink to /dev/zero (endless)"))
    add(Entry(b"h-fifo.yaml", "fifo", b"h-fifo", lambda p: os.mkfifo(p),
              note="a named pipe nobody writes to"))
    if copy_target is not None:
        add(Entry(b"h-copycat.yaml", "symlink-copy", b"h-copycat", symlink_to(copy_target),
                  note="a symlink to another student's answers.yaml"))
    add(file_entry(b"h-chmod-000", "unreadable", write_bytes(render(one_good), mode=0),
                   note="chmod 000 (still readable by root)"))
    add(folder_entry("Zoë Ünïcødé 学生, \"quoted\" name".encode(), "odd-id",
                     {b"answers.yaml": render(good)},
                     note="id with spaces, Unicode, a comma and double quotes"))
    add(file_entry(" lead, 'trail' <&> | # *x* ".encode(), "odd-id",
                   write_bytes(render(one_good)),
                   note="id with leading/trailing spaces and XML/Markdown/CSV specials"))
    add(file_entry("emoji-🧮-\u200b-\u202e-rtl".encode(), "odd-id",
                   write_bytes(render(one_good)),
                   note="id with an emoji, a zero-width space and a right-to-left override"))
    add(file_entry(b"h-yml-extension", "yml", write_bytes(render(one_good)), ext=b".yml",
                   note="the .yml extension"))
    add(file_entry(b"h-bom-crlf", "bom-crlf", write_bytes(
        b"\xef\xbb\xbf" + render(good).replace(b"\n", b"\r\n")),
        note="a byte-order mark and CRLF line ends (every answer right)"))
    add(file_entry(b"h-control-chars", "control-chars", write_bytes(render({
        "lecture01/xax": "X*A*dX\x00 + dX*A*X",
        "lecture01/square": "\x1b[31mdX*X\x1b[0m + X*dX\x07",
        "lecture01/xax-rect": "dX*A*X\r\n+ X*A*dX",
        "lecture01/why-linearize": "b",
    })), note="NUL, terminal escapes, BEL and CR inside formulas"))
    add(file_entry(b"h-markup", "markup", write_bytes(render({
        "lecture01/xax": "<script>alert(1)</script> | **x** ]]> &amp; `",
        "lecture01/square": "```\n# heading\n- item",
        "lecture01/why-linearize": "\"<b>\"",
    })), note="HTML, XML, Markdown and CDATA in answers"))
    add(file_entry(b"h-wrong-types", "wrong-types", write_bytes(
        b"answers:\n"
        b"  lecture01/xax: {X: dX}\n"
        b"  lecture01/square: [a, b]\n"
        b"  lecture01/why-linearize: [[a], b]\n"
        b"  lecture07/reparam-gradient: x\n"
        b"  lecture05/dual-number: 12\n"
        b"  lecture01/xtx-gradient: ~\n"
        b"  lecture01/xtax-gradient: !!binary aGVsbG8=\n"),
        note="answers of the wrong YAML type"))
    add(file_entry(b"h-answers-list", "wrong-types", write_bytes(
        b"answers:\n  - lecture01/xax\n  - X*A*dX\n"), note="answers is a list"))
    add(file_entry(b"h-top-list", "wrong-types", write_bytes(b"- answers\n- 1\n"),
                   note="the document is a list"))
    add(file_entry(b"h-unknown-field", "unknown-field", write_bytes(
        b"studnet: mallory\nanswers:\n  lecture01/xax: X*A*dX\n"),
        note="a misspelt top-level field"))
    add(file_entry(b"h-unknown-problems", "unknown-problems", write_bytes(
        render({**one_good, "lecture99/nope": "x", "../../etc/passwd": "x", "": "x"})),
        note="answers to unknown problems (ignored), including an empty id"))
    add(file_entry(b"h-duplicate", "duplicate", write_bytes(
        b"answers:\n  lecture01/xax: X*A*dX\n  lecture01/xax: dX*A*X\n"),
        note="a problem answered twice"))
    add(file_entry(b"h-student-field", "student-field", write_bytes(
        render(one_good, student="s0001")),
        note="claims another student's name in `student:`"))
    add(file_entry(b"h-multi-doc", "multi-doc", write_bytes(
        render(one_good) + b"---\n" + render(good)), note="two YAML documents"))
    add(file_entry(b"h-limits", "limits", write_bytes(render({
        "lecture01/xax": "X^1001",
        "lecture01/square": "ones(1001, 1)",
        "lecture01/xax-rect": "ones(600, 600)",
        "lecture02/cube": "A^(10^400)",
        "lecture05/dual-number": "1e999999 - 1e999999",
        "lecture01/xtx-gradient": "[" + " ".join(["x[1]"] * 10001) + "]",
        "lecture02/inverse": "inv(0*A)*dA",
        "lecture05/det": "log(-1)*tr(dA)",
    })), note="formulas past the evaluator's limits, huge numbers, singular matrices"))

    # Not students: hidden entries and files that are not YAML.
    e.append(Entry(b".hidden.yaml", "hidden", None, write_bytes(render(good)),
                   is_student=False, note="hidden: skipped"))
    e.append(Entry(b".hidden-folder", "hidden", None,
                   write_folder({b"answers.yaml": render(good)}), is_student=False,
                   layout="folder", note="hidden: skipped"))
    e.append(Entry(b"notes.txt", "not-yaml", None, write_bytes(b"not a submission\n"),
                   is_student=False, note="not *.yaml"))
    e.append(Entry(b"answers.yaml.bak", "not-yaml", None, write_bytes(render(good)),
                   is_student=False, note="not *.yaml"))
    return e


def edge_entries(good):
    one_good = {"lecture01/xax": good["lecture01/xax"]}
    return [
        file_entry(b"e-latin1-\xe9l\xe8ve", "edge-name-not-utf8",
                   write_bytes(render(one_good)), note="a file name that is not UTF-8"),
        Entry(b"e-folder-\xff\xfe", "edge-name-not-utf8", b"e-folder-\xff\xfe",
              write_folder({b"answers.yaml": render(one_good)}), layout="folder",
              note="a folder name that is not UTF-8"),
        file_entry(b"e-unknown-field-not-utf8", "edge-message-not-utf8", write_bytes(
            b"answers:\n  lecture01/xax: X*A*dX\nfo\xffo: 1\n"),
            note="an unknown field whose name is not UTF-8 (quoted in the error)"),
        file_entry(b"e-duplicate-not-utf8", "edge-message-not-utf8", write_bytes(
            b"answers:\n  \"lecture01/xax\xff\": X\n  \"lecture01/xax\xff\": X\n"),
            note="a duplicated id that is not UTF-8 (quoted in the error)"),
        file_entry(b"e-yaml-error-not-utf8", "edge-message-not-utf8", write_bytes(
            b"\"\\\xbf\"\n"),
            note="binary garbage yaml-cpp quotes in its error (an unknown escape \\ + 0xBF)"),
        file_entry(b"e-" + b"long" * 60 + b"-id", "edge-long-id",
                   write_bytes(render(one_good)),
                   note="a 245-byte id: students/<id>.json fits NAME_MAX (255), the "
                        "temporary file written first does not"),
    ]


def collision_entries(good):
    one_good = {"lecture01/xax": good["lecture01/xax"]}
    return [
        folder_entry(b"c-dup", "collision-dup", {b"answers.yaml": render(good)},
                     note="id c-dup (folder)"),
        file_entry(b"c-dup", "collision-dup", write_bytes(render(one_good)),
                   note="id c-dup again (.yaml)"),
        file_entry(b"c-dup", "collision-dup", write_bytes(render({})), ext=b".yml",
                   note="id c-dup again (.yml)"),
        file_entry(b"c-x", "collision-json", write_bytes(render(one_good)),
                   note="writes students/c-x.json (a file)"),
        folder_entry(b"c-x.json", "collision-json", {b"answers.yaml": render(one_good)},
                     note="needs students/c-x.json/ (a folder) for results.json"),
    ]


# ---- main ---------------------------------------------------------------------------------------


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[1],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out_dir")
    ap.add_argument("--students", type=int, required=True, help="number of students")
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--hostile", action="store_true", help="add broken and hostile inputs")
    ap.add_argument("--edge", action="store_true",
                    help="add inputs on which grader 0.1.0 breaks (see above)")
    ap.add_argument("--collisions", action="store_true", help="add clashing ids")
    ap.add_argument("--slow", choices=sorted(SLOW_FORMULAS), default="light",
                    help="the slow formula of --hostile (light ~1.6 s, heavy ~22 s)")
    ap.add_argument("--only", metavar="CATEGORY[,CATEGORY...]",
                    help="keep only the special (--hostile, --edge, --collisions) entries of "
                         "these categories, e.g. --only symlink-dangling")
    ap.add_argument("--manifest", help="write a JSON description of the class here")
    ap.add_argument("--examples", default=DEFAULT_EXAMPLES,
                    help="folder holding complete/ and typical-mistakes/ answers.yaml")
    args = ap.parse_args(argv)
    if args.students < 0:
        ap.error("--students must be >= 0")

    good = read_answers(os.path.join(args.examples, "complete", "answers.yaml"))
    bad = read_answers(os.path.join(args.examples, "typical-mistakes", "answers.yaml"))
    if set(good) != set(bad):
        sys.exit("make_class.py: the two example files answer different problems: "
                 + ", ".join(sorted(set(good) ^ set(bad))))
    ids = list(good)

    out = os.fsencode(args.out_dir)
    if os.path.exists(out) and os.listdir(out):
        sys.exit(f"make_class.py: {args.out_dir} exists and is not empty")
    os.makedirs(out, exist_ok=True)

    rng = random.Random(args.seed)
    special = []
    if args.hostile:
        special_rng = random.Random(args.seed * 7919 + 1)
        # The copycat links to the first regular student when it is a folder.
        copy_target = "s0000/answers.yaml"
        special = hostile_entries(special_rng, good, args.slow, copy_target)
    if args.edge:
        special += edge_entries(good)
    if args.collisions:
        special += collision_entries(good)
    if args.only:
        keep = set(args.only.split(","))
        unknown = keep - {e.category for e in special}
        if unknown:
            sys.exit("make_class.py: --only: no special entries of category "
                     + ", ".join(sorted(unknown)))
        special = [e for e in special if e.category in keep]
    # Clashing entries share an id: N counts entries (what grader lists), not distinct ids.
    special_students = sum(1 for e in special if e.is_student)
    regular = max(0, args.students - special_students)
    if regular == 0:  # the copycat needs a regular student to copy
        special = [e for e in special if e.category != "symlink-copy"]
        special_students = sum(1 for e in special if e.is_student)
    if special_students > args.students > 0:
        print(f"make_class.py: {special_students} special students, more than --students "
              f"{args.students}: making all of them and no regular one", file=sys.stderr)

    entries = []
    categories = ["correct"] * 25 + ["wrong"] * 15 + ["mixed"] * 45 + ["broken"] * 15
    for i in range(regular):
        sid = "s%04d" % i
        category = rng.choice(categories)
        answers = regular_student(rng, category, good, bad, ids)
        order = list(answers)
        if rng.random() < 0.2:
            rng.shuffle(order)
        student = None
        r = rng.random()
        if r < 0.15:
            student = sid
        elif r < 0.2:
            student = "Someone Else"  # grade names students by file, not by this field
        data = render(answers, student=student, order=order,
                      comment=f"synthetic {category} student (make_class.py, seed {args.seed})")
        layout = "folder" if i == 0 or rng.random() < 0.5 else "file"
        if layout == "folder":
            entries.append(Entry(sid.encode(), category, sid.encode(),
                                 write_folder({b"answers.yaml": data}), layout="folder"))
        else:
            ext = b".yml" if rng.random() < 0.05 else b".yaml"
            entries.append(Entry(sid.encode() + ext, category, sid.encode(),
                                 write_bytes(data)))
    entries += special

    names = set()
    for e in entries:
        if e.name in names:
            sys.exit(f"make_class.py: internal error: {e.name!r} twice")
        names.add(e.name)
        e.write(os.path.join(out, e.name))

    if args.manifest:
        manifest = {
            "seed": args.seed,
            "students": sum(1 for e in entries if e.is_student),
            "problems": len(ids),
            "entries": [{
                "name_hex": e.name.hex(),
                "name": e.name.decode("utf-8", "replace"),
                "id_hex": None if e.student_id is None else e.student_id.hex(),
                "id": None if e.student_id is None else e.student_id.decode("utf-8", "replace"),
                "student": e.is_student,
                "layout": e.layout,
                "category": e.category,
                "note": e.note,
            } for e in sorted(entries, key=lambda e: e.name)],
        }
        with open(args.manifest, "w", encoding="utf-8") as f:
            json.dump(manifest, f, indent=1, ensure_ascii=False)
            f.write("\n")

    counts = {}
    for e in entries:
        if e.is_student:
            counts[e.category] = counts.get(e.category, 0) + 1
    total = sum(counts.values())
    summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1]))
    print(f"make_class.py: {total} students in {args.out_dir} (seed {args.seed}): {summary}",
          file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
