#!/usr/bin/env python3
"""Hostile inputs, end to end (issue 8): every documented bound at and just past its value,
and encoding abuse, through the real grader binary.

Each case runs one grader command and checks its exit status and that its output holds the
expected message; past a bound the message names the bound, at the bound the input is
accepted. No output may echo a bidirectional control or a zero-width character (what the
student sees must be what the grader read). Batch cases also check that nothing is lost:
refused runs write nothing, accepted ones write every student.

Usage: hostile_inputs.py --grader BIN --problems DIR
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

XAX = "dX*A*X + X*A*dX"  # the right answer to lecture01/xax
MIB = 1 << 20
UNSHOWABLE = ("\u202e", "\u200b", "\u2066", "\ufeff")


class Runner:
    def __init__(self, grader, problems, tmp):
        self.grader = grader
        self.problems = problems
        self.tmp = Path(tmp)
        self.passed = 0
        self.failures = []

    def run(self, args, timeout=120):
        env = dict(os.environ, GRADER_PROBLEMS=str(self.problems))
        p = subprocess.run([self.grader, *args], capture_output=True, env=env, timeout=timeout)
        text = (p.stdout + p.stderr).decode("utf-8", errors="replace")
        return p.returncode, text

    def case(self, name, args, status, message, absent=(), check=None, timeout=120):
        """Runs grader with `args`; expects exit `status` and `message` in its output."""
        try:
            rc, text = self.run(args, timeout)
        except subprocess.TimeoutExpired:
            self.failures.append(f"{name}: no answer within {timeout} s")
            return
        problems = []
        if rc != status:
            problems.append(f"exit status {rc}, expected {status}")
        if message not in text:
            problems.append(f"no message {message!r}")
        for s in absent + UNSHOWABLE:
            if s in text:
                problems.append(f"the output holds {s!r}")
        if check is not None:
            extra = check()
            if extra:
                problems.append(extra)
        if problems:
            self.failures.append(f"{name}: {'; '.join(problems)}\n--- output:\n{text[:1500]}")
        else:
            self.passed += 1
            print(f"ok   {name}: {message}")

    def file(self, name, data):
        path = self.tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode())
        return str(path)


def padded(size):
    """The right answer to lecture01/xax, `size` bytes long (spaces inside: YAML would strip
    trailing ones)."""
    return XAX.replace("+ ", "+" + " " * (size - len(XAX) + 1), 1)


def answers(formula_by_id):
    lines = ["answers:"]
    for pid, formula in formula_by_id.items():
        lines.append(f"  {pid}: {formula}")
    return "\n".join(lines) + "\n"


def formula_bounds(r):
    """Formula length, nesting, operator chains, powers, literals, sizes and work."""
    r.case("formula length at 10000 bytes", ["try", "lecture01/xax", padded(10_000)], 0,
           "pass (1/1)")
    r.case("formula length at 10001 bytes", ["try", "lecture01/xax", padded(10_001)], 1,
           "formula is too long: 10001 bytes, the limit is 10000")
    # A megabyte does not fit in one argument (128 KiB): it comes in an answers file.
    big = r.file("big/answers.yaml", answers({"lecture01/xax": padded(MIB - 100)}))
    r.case("a 1 MB formula in an answers file", ["check", big, "--only", "lecture01/xax"], 1,
           "formula is too long: 1048476 bytes, the limit is 10000")
    r.case("255 nested parentheses", ["eval", "(" * 255 + "1" + ")" * 255], 0, "1")
    r.case("256 nested parentheses", ["eval", "(" * 256 + "1" + ")" * 256], 2,
           "formula is nested too deeply (more than 256 levels)")
    r.case("255 unary minus signs", ["eval", "-" * 255 + "1"], 0, "-1")
    r.case("a sum of 256 terms", ["eval", "+".join(["1"] * 256)], 0, "256")
    r.case("a sum of 257 terms", ["eval", "+".join(["1"] * 257)], 2,
           "formula is nested too deeply (more than 256 levels)")
    r.case("matrix power 1000", ["eval", "[1 1; 0 1]^1000"], 0, "1000")
    r.case("matrix power -1001", ["eval", "[1 1; 0 1]^-1001"], 2,
           "the exponent -1001 is too large: a matrix power is limited to ±1000")
    r.case("literal exponent 1e-9999", ["eval", "1e-9999"], 0, "0")
    r.case("literal exponent 1e10000", ["eval", "1e10000"], 2,
           "exponents go from -9999 to 9999")
    r.case("1000 rows", ["eval", "sum(ones(1000, 1))"], 0, "1000")
    r.case("1001 rows", ["eval", "sum(ones(1001, 1))"], 2,
           "size 1001 is larger than the limit of 1000")
    r.case("250000 entries", ["eval", "sum(sum(ones(500, 500)))"], 0, "250000")
    r.case("250500 entries", ["eval", "sum(sum(ones(500, 501)))"], 2,
           "the limit is 1000 rows or columns and 250000 entries")
    # 200·200·246 for the product, 200·200 + 200·246 for the ones, 200·246 + 246 for the sums.
    r.case("work just under 1e7 operations", ["eval", "sum(sum(ones(200, 200)*ones(200, 246)))"],
           0, "9840000")
    r.case("work past 1e7 operations", ["eval", "ones(200, 200)*ones(200, 251)"], 2,
           "this formula would take too long to evaluate: about 1.0e+07 operations")
    r.case("a singular matrix in an answer", ["try", "lecture01/xax", "inv(X - X)*dX"], 1,
           "cannot invert: the matrix 'X - X' is singular (reproduce with --seed 1)")


def encoding_abuse(r):
    """What a PDF, a web page or a hostile student puts in a formula or an answers file."""
    cases = [
        ("a Cyrillic Ха for X", XAX.replace("dX", "d\u0425", 1),
         "U+0425 (a Cyrillic letter), which looks like the Latin X"),
        ("a Greek Alpha for A", XAX.replace("A", "\u0391", 1),
         "unknown name '\u0391': it is written with letters of another script that look like "
         "the Latin 'A'"),
        ("a full-width X", XAX.replace("dX", "d\uff38", 1),
         "U+FF38 (a full-width letter), which looks like the Latin X"),
        ("a right-to-left override", XAX.replace("+", "+\u202e", 1),
         "a bidirectional control character, U+202E"),
        ("a right-to-left isolate", XAX.replace("+", "\u2067+", 1),
         "a bidirectional control character, U+2067"),
        ("a zero-width space", XAX + "\u200b", "an invisible character, U+200B (zero-width)"),
        ("a byte-order mark", "\ufeff" + XAX, "an invisible character, U+FEFF (zero-width)"),
        ("a no-break space", XAX.replace(" ", "\u00a0", 1), "a Unicode space, U+00A0"),
        ("a minus sign U+2212", XAX.replace("+", "\u2212", 1), "U+2212, which looks like -"),
        ("an escape sequence", XAX + "\x1b[2J", "unexpected control character U+001B"),
    ]
    for name, formula, message in cases:
        r.case(f"formula with {name}", ["try", "lecture01/xax", formula], 1, message,
               absent=("\x1b",))
    # Bytes that are not UTF-8 cannot be an argument through Python's str: a file carries them.
    bad = r.file("utf8/answers.yaml", b"answers:\n  lecture01/xax: dX*A*X \xff+ X*A*dX\n")
    r.case("formula with an invalid UTF-8 byte", ["check", bad, "--only", "lecture01/xax"], 1,
           "unexpected byte 0xFF: the formula is not valid UTF-8")
    overlong = r.file("overlong/answers.yaml",
                      b"answers:\n  lecture01/xax: dX*A*X + X*A*d\xc1\x98\n")
    r.case("formula with an overlong UTF-8 form", ["check", overlong, "--only", "lecture01/xax"],
           1, "unexpected byte 0xC1: the formula is not valid UTF-8")
    key = r.file("key/answers.yaml",
                 answers({"lecture01/xax": XAX, "lecture01/x\u202eax": "1"}))
    r.case("an answer to a problem id with a bidi control", ["check", key, "--only",
           "lecture01/xax"], 1, "no problem 'lecture01/x<U+202E>ax'")


def answers_files(r):
    """The answers file: its size bound, malformed YAML, an alias bomb."""
    body = answers({"lecture01/xax": XAX})
    pad = lambda n: body + "#" * (n - len(body) - 1) + "\n"  # noqa: E731
    at = r.file("at/answers.yaml", pad(MIB))
    r.case("an answers file of 1 MiB", ["check", at, "--only", "lecture01/xax"], 0, "score 1/1")
    past = r.file("past/answers.yaml", pad(MIB + 1))
    r.case("an answers file of 1 MiB + 1 byte", ["check", past], 2,
           "the file is 1048577 bytes; a submission may have at most 1048576")
    broken = r.file("broken/answers.yaml", f"answers:\n  lecture01/xax: {XAX}\n  bad: [\n")
    r.case("malformed YAML in an answers file", ["check", broken], 2,
           "answers.yaml:4:1: not valid YAML")
    lines = ["answers:", '  x0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"  x{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 12)]
    lines.append("  lecture01/xax: *a11")
    bomb = r.file("bomb/answers.yaml", "\n".join(lines) + "\n")
    r.case("an alias bomb (10^12 nodes when expanded)", ["check", bomb], 2,
           "answers.yaml:2:7:", timeout=30)


SPEC = """id: {id}
title: A bound test
dims: {{n: [{lo}, {hi}]}}
variables:
  X: {{shape: [n, n]}}
function: X*X
answer: {{kind: differential, reference: "dX*X + X*dX"}}
check: {{trials: {trials}}}
"""


def specs(r):
    """Problem specs: dimension and trial bounds, the file size bound, malformed YAML; a bad
    spec is skipped with its message and the others are still listed."""
    root = r.tmp / "problems"

    def spec_case(name, fields, status, message, pad_to=None):
        shutil.rmtree(root, ignore_errors=True)
        text = SPEC.format(id="t/bound", **fields)
        if pad_to is not None:
            text += "#" * (pad_to - len(text.encode()) - 1) + "\n"
        r.file("problems/t/bound.yaml", text)
        r.file("problems/t/other.yaml", SPEC.format(id="t/other", lo=2, hi=3, trials=5))
        r.case(name, ["list", "--problems", str(root)], status, message,
               check=lambda: None if "t/other" in r.run(["list", "--problems", str(root)])[1]
               else "the good spec next to it was not listed")

    spec_case("a dimension of 1000", {"lo": 1000, "hi": 1000, "trials": 5}, 0, "t/bound")
    spec_case("a dimension of 1001", {"lo": 2, "hi": 1001, "trials": 5}, 2,
              "bound.yaml:3:11: dims.n must satisfy 1 ≤ lo ≤ hi ≤ 1000, not [2, 1001]")
    spec_case("1000 trials", {"lo": 2, "hi": 3, "trials": 1000}, 0, "t/bound")
    spec_case("1001 trials", {"lo": 2, "hi": 3, "trials": 1001}, 2,
              "bound.yaml:8:17: check.trials must be a whole number from 1 to 1000, not '1001'")
    spec_case("a spec of 1 MiB", {"lo": 2, "hi": 3, "trials": 5}, 0, "t/bound", pad_to=MIB)
    spec_case("a spec of 1 MiB + 1 byte", {"lo": 2, "hi": 3, "trials": 5}, 2,
              "the file is more than 1048576 bytes; a problem spec may have at most 1048576",
              pad_to=MIB + 1)
    shutil.rmtree(root, ignore_errors=True)
    r.file("problems/t/bound.yaml", "id: t/bound\ntitle: [unclosed\n")
    r.file("problems/t/other.yaml", SPEC.format(id="t/other", lo=2, hi=3, trials=5))
    r.case("malformed YAML in a spec", ["validate", str(root)], 1, "t/bound.yaml:3:1:",
           check=lambda: None if "t/other" in r.run(["validate", str(root)])[1]
           else "the good spec next to it was not validated")


def batches(r):
    """The number of students in one run: at and past --max-students, and past the default."""
    def make_class(folder, count):
        d = r.tmp / folder
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
        for i in range(count):
            (d / f"s{i:05d}.yaml").write_text(answers({"lecture01/xax": XAX}))
        return d

    small = make_class("class3", 3)
    out = r.tmp / "out3"
    r.case("3 students with --max-students 3", ["grade", str(small), "--out", str(out),
           "--max-students", "3", "--jobs", "2"], 0, "graded 3 students",
           check=lambda: None if len((out / "grades.csv").read_text().splitlines()) == 4
           else "grades.csv does not have 3 students")
    small4 = make_class("class4", 4)
    out4 = r.tmp / "out4"
    r.case("4 students with --max-students 3", ["grade", str(small4), "--out", str(out4),
           "--max-students", "3"], 2, "4 students to grade, but one run grades at most 3",
           check=lambda: "an output folder was written" if out4.exists() else None)
    big = r.tmp / "class20001"
    big.mkdir()
    for i in range(20_001):
        (big / f"s{i:05d}.yaml").touch()
    outb = r.tmp / "outb"
    r.case("20001 students (the default bound)", ["grade", str(big), "--out", str(outb)], 2,
           "20001 students to grade, but one run grades at most 20000 (--max-students): split "
           "the class with --shard K/N",
           check=lambda: "an output folder was written" if outb.exists() else None)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--grader", required=True)
    ap.add_argument("--problems", required=True)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="hostile-inputs.") as tmp:
        r = Runner(a.grader, a.problems, tmp)
        for part in (formula_bounds, encoding_abuse, answers_files, specs, batches):
            part(r)
    for f in r.failures:
        print(f"FAIL {f}", file=sys.stderr)
    print(f"hostile_inputs: {r.passed} ok, {len(r.failures)} failed")
    return 1 if r.failures else 0


if __name__ == "__main__":
    sys.exit(main())
