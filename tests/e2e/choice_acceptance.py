#!/usr/bin/env python3
"""Choice problems and the instructor's views of problems, through the real binary (issue 18):
a wrong select-all answer earns its per-option points and its options' feedback, and is not
shown the explanation unless the spec allows it; a mistake on a set of options is named; a real
problem's option feedback; `show` lists the names an answer may use and `show --instructor`
the reference, mistakes and examples; `list --lecture --tag` filters and an unknown tag or
lecture is an error naming the known ones. The rules are docs/choice-problems.md's. A few
seconds."""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

failures = []


def check(condition, what, output=""):
    if not condition:
        failures.append(f"{what}\n{output}")


def grader(*args):
    r = subprocess.run([ARGS.grader, *args], capture_output=True, text=True, timeout=120)
    return r.returncode, r.stdout, r.stderr


def try_json(problems, problem, answer):
    code, out, err = grader("try", problem, answer, "--format", "json", "--problems", problems)
    try:
        return code, json.loads(out)
    except json.JSONDecodeError:
        failures.append(f"try {problem} {answer!r}: not JSON (exit {code})\n{out}{err}")
        return code, {}


EXPLANATION = "AX and tr(X) are linear; X'X is quadratic and X + I is affine."


def select_all(data):
    problems = os.path.join(data, "choice", "problems")
    # b chosen though wrong: 3 of 4 options judged right, (3 - 1)/4 of 2 points.
    code, r = try_json(problems, "t/which-linear", "a, b, c")
    check(code == 1 and r.get("verdict") == "fail", "a wrong select-all answer fails", r)
    check(r.get("score") == 1.0 and r.get("max_score") == 2.0,
          "per-option scoring: 1 of 2 points for one misjudged option of four", r)
    check("Partial credit: 1 of 2 points, scored per option" in r.get("message", ""),
          "the message says how the points were earned", r)
    check(r.get("option_feedback") == {"b": "What is F(2X)?"},
          "the wrongly chosen option's feedback, and only it", r)
    check("feedback" not in r and "reference" not in r,
          "a wrong answer is not shown the explanation or the right options by default", r)
    # c left out though right: its feedback.
    code, r = try_json(problems, "t/which-linear", "a")
    check(r.get("option_feedback") == {"c": "Is the trace of a sum the sum of the traces?"},
          "a right option left out gets its feedback in a select-all question", r)
    # Two of four misjudged: nothing.
    code, r = try_json(problems, "t/which-linear", "[a, b]")
    check(r.get("score") == 0.0 and set(r.get("option_feedback", {})) == {"b", "c"},
          "two misjudged options of four earn nothing, and both get their feedback", r)
    # The text report: the option's feedback, not the explanation.
    code, out, err = grader("try", "t/which-linear", "a, b, c", "--problems", problems)
    check("t/which-linear: fail (1/2)" in out and "option b: What is F(2X)?" in out,
          "text: the score and the option's feedback", out + err)
    check(EXPLANATION not in out and "the right answer" not in out,
          "text: no explanation, no right answer", out)
    # A right answer, in any order and case: the explanation.
    code, r = try_json(problems, "t/which-linear", "C, a")
    check(code == 0 and r.get("score") == 2.0 and r.get("feedback") == EXPLANATION,
          "a right answer passes and is shown the explanation", r)
    # A mistake: exactly {a, c, d}, in any order; its credit before per-option scoring.
    code, r = try_json(problems, "t/which-linear", "d, a, c")
    check(r.get("diagnosis") == "mistake", "a mistake on a set of options is named", r)
    check(r.get("feedback") == "X + I is affine, not linear; a linear map sends 0 to 0.",
          "the mistake's feedback", r)
    check(r.get("score") == 1.5 and "option_feedback" not in r,
          "the mistake's credit (0.75 of 2), and no per-option feedback beside it", r)
    code, r = try_json(problems, "t/which-linear", "a, b, c, d")
    check("diagnosis" not in r, "a superset of a mistake is not that mistake", r)

    # Where the spec allows it, the explanation and the right options are shown.
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(problems, os.path.join(tmp, "problems"))
        spec = os.path.join(tmp, "problems", "t", "which-linear.yaml")
        with open(spec, "a") as f:
            f.write("feedback: {reveal_reference: always}\n")
        code, r = try_json(os.path.join(tmp, "problems"), "t/which-linear", "a, b, c")
        check(r.get("feedback") == EXPLANATION and r.get("reference") == "a, c",
              "reveal_reference: always shows the explanation and the right options", r)
        check(r.get("option_feedback") == {"b": "What is F(2X)?"},
              "... beside the option's feedback", r)

        # grader check reads a list of letters from a submission.
        sub = os.path.join(tmp, "answers.yaml")
        with open(sub, "w") as f:
            f.write("student: s\nanswers:\n  t/which-linear: [a, b, c]\n")
        code, out, err = grader("check", sub, "--format", "json", "--problems", problems)
        report = json.loads(out) if out.startswith("{") else {}
        results = report.get("problems", [{}])
        check(code == 1 and report.get("score") == 1.0
              and results[0].get("option_feedback") == {"b": "What is F(2X)?"},
              "grader check: per-option points and feedback in the report", out + err)

    code, out, err = grader("validate", "--problems", problems)
    check(code == 0 and "ok    t/which-linear" in out, "the test spec validates", out + err)


def real_problem(problems):
    code, r = try_json(problems, "lecture08/random-sphere", "c")
    check(code == 1 and r.get("score") == 0.0, "a choose-one question is all or nothing", r)
    check(list(r.get("option_feedback", {})) == ["c"] and "feedback" not in r,
          "random-sphere: the chosen option's hint, not the explanation", r)
    check("Gaussian" not in json.dumps(r), "random-sphere: the hint does not name the answer", r)
    code, r = try_json(problems, "lecture08/random-sphere", "b")
    check(code == 0 and "rotation" in r.get("feedback", ""),
          "random-sphere: a right answer is shown the explanation", r)


def show(problems):
    code, out, err = grader("show", "lecture04/adjoint-gradient", "--problems", problems)
    check(code == 0, "show exits 0", out + err)
    for line in ["Names your answer may use:", "  n   dimension, 2 to 5",
                 "  p   n×1 variable; positive", "  S   n×n constant; positive-definite",
                 "  A0  n×n let = S + K", "  A   n×n let = A0 + diagm(p)"]:
        check(line + "\n" in out, f"show lists {line.strip()!r}", out)
    check("Instructor" not in out and "mistakes" not in out, "show hides what grading uses", out)
    code, out, err = grader("show", "lecture01/xax", "--problems", problems)
    check("  dX  n×n direction: the differential of X\n" in out,
          "show lists the direction dX of a differential problem", out)
    check("2*X*A*dX" not in out, "show does not quote the mistakes", out)
    code, out, err = grader("show", "lecture01/xax", "--instructor", "--problems", problems)
    check(code == 0 and "  reference: dX*A*X + X*A*dX\n" in out,
          "show --instructor: the reference", out + err)
    check("    - 2*X*A*dX\n      This treats X and dX as commuting numbers" in out,
          "show --instructor: the mistakes with their feedback", out)
    check("  examples accepted: dX*A*X + X*A*dX | " in out and "  examples rejected: 2*X*A*dX"
          in out, "show --instructor: the examples", out)
    code, out, err = grader("show", "lecture08/random-sphere", "--instructor", "--problems",
                            problems)
    check("  correct: b\n" in out and "    a: Is the uniform distribution" in out,
          "show --instructor on a choice: the right option and the option feedback", out + err)


def list_filters(problems):
    code, out, err = grader("list", "--lecture", "2", "--tag", "course-exercise",
                            "--problems", problems)
    ids = [line.split()[0] for line in out.splitlines()]
    check(code == 0 and ids == ["lecture02/cube", "lecture02/linear-map"],
          "list --lecture 2 --tag course-exercise", out + err)
    code, out, err = grader("list", "--lecture", "1", "--lecture", "2", "--format", "json",
                            "--problems", problems)
    listed = json.loads(out) if out.startswith("[") else []
    check(code == 0 and {p["lecture"] for p in listed} == {1, 2} and len(listed) > 10,
          "list --lecture 1 --lecture 2 in JSON", out + err)
    code, out, err = grader("list", "--tag", "course-exercice", "--problems", problems)
    check(code == 2 and out == "" and
          "no problem has the tag 'course-exercice' (did you mean 'course-exercise'?); the tags "
          "are code, course-exercise, lecture-1" in err,
          "an unknown tag is an error naming the known ones", out + err)
    code, out, err = grader("list", "--lecture", "12", "--problems", problems)
    check(code == 2 and "no problem is in lecture 12; the lectures are 1, 2, 3, 4, 5, 6, 7, 8"
          in err, "an unknown lecture is an error naming the known ones", out + err)


def main():
    select_all(os.path.join(ARGS.source, "tests", "data"))
    problems = os.path.join(ARGS.source, "problems")
    real_problem(problems)
    show(problems)
    list_filters(problems)
    for f in failures:
        print("choice_acceptance: FAIL:", f, file=sys.stderr)
    print(f"choice_acceptance: {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--grader", required=True)
    parser.add_argument("--source", required=True)
    ARGS = parser.parse_args()
    sys.exit(main())
