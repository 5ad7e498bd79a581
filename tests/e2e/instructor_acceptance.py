#!/usr/bin/env python3
"""End-to-end acceptance of issue 18's grading points, run on the real `grader` binary.

  - a problem spec that does not load makes `grade` exit 2 and write nothing; with
    --skip-broken-specs it grades, names the spec in every class output, exits 4;
  - an answer under a mistyped id and an unreadable submission are named as such in every
    output (report.json, students/<id>.json and .md, Gradescope results.json, junit.xml,
    grades.csv, summary.md), the unreadable one as one status, not one per problem;
  - an assignment's totals: only its problems, with its points, in every output, and
    `check --assignment` agrees;
  - the digits of feedback survive in every format (summary.md once turned them into #);
  - what the student wrote is in report.json and quoted in their Markdown;
  - JUnit marks a missing answer <skipped>; Gradescope names tests by title, with the
    spec's tags.

Usage: instructor_acceptance.py GRADER_BINARY SOURCE_DIR   (about 5 s)
"""
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

GRADER, SRC = sys.argv[1], sys.argv[2]
failures = []
checks = 0

# Feedback with digits, decimals and an exponent: none may become "#".
DIGITS = "coefficient 3, not 2: 1.5e-3 of 42 (see 7.2)"


def check(ok, what, detail=""):
    global checks
    checks += 1
    if ok:
        print("ok: " + what)
    else:
        failures.append(what)
        print("FAIL: " + what + ("\n    " + detail[:1500].replace("\n", "\n    ") if detail else ""))


def run(*args, cwd=None):
    p = subprocess.run([GRADER, *args], capture_output=True, text=True, cwd=cwd, timeout=300)
    return p.returncode, p.stdout, p.stderr


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


tmp = tempfile.mkdtemp(prefix="instructor-acceptance.")
try:
    # A small problem set: three real specs, one with a mistake whose feedback has digits.
    problems = os.path.join(tmp, "course", "problems")
    for pid in ["lecture01/xax", "lecture01/xtax-gradient", "lecture02/inverse"]:
        os.makedirs(os.path.join(problems, os.path.dirname(pid)), exist_ok=True)
        shutil.copy(os.path.join(SRC, "problems", pid + ".yaml"), os.path.join(problems, pid + ".yaml"))
    xax = os.path.join(problems, "lecture01", "xax.yaml")
    write(xax, read(xax) + '  - answer: 3*X*A*dX\n    feedback: "%s"\n' % DIGITS)
    write(os.path.join(tmp, "course", "assignments", "hw1.yaml"),
          "title: Homework 1, two problems\ndue: 2026-12-10\nproblems:\n"
          "  lecture01/xax: 5\n  lecture02/inverse: 2.5\n")

    klass = os.path.join(tmp, "class")
    write(os.path.join(klass, "ana", "answers.yaml"),
          "answers:\n  lecture01/xax: 3*X*A*dX\n  lecture02/inverse: -inv(A)*dA*inverse(A)\n"
          "  lecture01/xtax-gradient: (A + A^T)*x\n")
    write(os.path.join(klass, "ben", "answers.yaml"),
          "answers:\n  lecture01/xaxx: dX*A*X + X*A*dX\n  lecture02/inverse: -inv(A)*dA*inv(A)\n")
    write(os.path.join(klass, "cid", "answers.yaml"), "answers:\n  lecture01/xax: [unclosed\n")

    def grade(out, *extra):
        return run("grade", klass, "--out", out, "--problems", problems, "--jobs", "2", *extra)

    # --- A broken spec stops the run before anything is written. -----------------------
    broken = os.path.join(problems, "lecture02", "broken.yaml")
    write(broken, "id: lecture02/broken\ntitle: [unclosed\n")
    out_b = os.path.join(tmp, "out-broken")
    code, so, se = grade(out_b)
    check(code == 2, "a spec that does not load: grade exits 2", f"exit {code}\n{so}{se}")
    check(not os.path.exists(out_b), "a spec that does not load: nothing written",
          str(os.listdir(out_b)) if os.path.exists(out_b) else "")
    check("broken.yaml" in se and "--skip-broken-specs" in se,
          "the message names the spec and the way on", se)

    out_s = os.path.join(tmp, "out-skip")
    code, so, se = grade(out_s, "--skip-broken-specs")
    check(code == 4, "--skip-broken-specs: graded, exit 4", f"exit {code}\n{so}{se}")
    summary = read(os.path.join(out_s, "summary.md"))
    check("Problem specs skipped (1)" in summary and "broken.yaml" in summary,
          "--skip-broken-specs: summary.md names the skipped spec", summary)
    junit = read(os.path.join(out_s, "junit.xml"))
    check('type="skipped-spec"' in junit and "broken.yaml" in junit,
          "--skip-broken-specs: junit.xml has an error for the skipped spec", junit[:800])
    check("broken.yaml" in json.loads(read(os.path.join(out_s, "batch.json")))["skipped_specs"][0],
          "--skip-broken-specs: batch.json lists it")
    ana = json.loads(read(os.path.join(out_s, "students", "ana.json")))
    check(ana.get("skipped_specs") == ["lecture02/broken.yaml"],
          "--skip-broken-specs: each student's report names the spec file (not its error)",
          json.dumps(ana.get("skipped_specs")))
    check("lecture02/broken.yaml" in read(os.path.join(out_s, "students", "ana.md")),
          "--skip-broken-specs: the student's Markdown names it")
    os.remove(broken)

    # --- The whole set: unknown ids, an unreadable submission, answers, digits. ----------
    out = os.path.join(tmp, "out")
    code, so, se = grade(out)
    check(code == 4, "an unreadable submission and an unknown id: exit 4", f"exit {code}\n{so}{se}")
    check("1 unreadable submission, 1 answer under unknown ids" in se,
          "stderr counts what could not be used", se)
    reports = {r["student"]: r for r in json.loads(read(os.path.join(out, "report.json")))}
    ben, cid, ana = reports["ben"], reports["cid"], reports["ana"]
    unknown = ben.get("unknown_answers", [])
    check(len(unknown) == 1 and unknown[0]["id"] == "lecture01/xaxx"
          and "did you mean 'lecture01/xax'?" in unknown[0]["message"]
          and unknown[0].get("answer") == "dX*A*X + X*A*dX",
          "report.json: ben's answer under lecture01/xaxx is listed, with the nearest id and "
          "the answer", json.dumps(unknown))
    check(cid["status"] == "unreadable" and "answers.yaml" in cid.get("unreadable", "")
          and all(p["verdict"] == "missing" for p in cid["problems"]),
          "report.json: cid is one unreadable status (problems missing, not invalid)",
          json.dumps(cid)[:800])
    for name in ["ben.md", "ben/results.json"]:
        check("lecture01/xaxx" in read(os.path.join(out, "students", name)),
              f"students/{name} lists the unknown id")
    cid_md = read(os.path.join(out, "students", "cid.md"))
    check("could not be read" in cid_md and cid_md.count("| missing |") == 0,
          "students/cid.md: one unreadable status, no per-problem rows", cid_md)
    cid_gs = json.loads(read(os.path.join(out, "students", "cid", "results.json")))
    check(cid_gs["tests"] == [] and "could not be read" in cid_gs["output"],
          "Gradescope: the unreadable submission has no tests and says why", json.dumps(cid_gs))
    junit = ET.parse(os.path.join(out, "junit.xml")).getroot()
    suites = {s.get("name"): s for s in junit.findall("testsuite")}
    cid_cases = suites["cid"].findall("testcase")
    check(len(cid_cases) == 1 and cid_cases[0].find("error").get("type") == "unreadable",
          "junit.xml: cid is one <error type=unreadable>", ET.tostring(suites["cid"]).decode()[:600])
    ben_names = [c.get("name") for c in suites["ben"].findall("testcase")]
    check(any(n.startswith("lecture01/xaxx") for n in ben_names),
          "junit.xml: ben's unknown id is a testcase", str(ben_names))
    skipped = [c for c in suites["ben"].findall("testcase") if c.find("skipped") is not None]
    check(len(skipped) == 2 and suites["ben"].get("skipped") == "2",
          "junit.xml: ben's two missing answers are <skipped>",
          ET.tostring(suites["ben"]).decode()[:800])
    rows = {r["student"]: r for r in csv.DictReader(io.StringIO(read(os.path.join(out, "grades.csv"))))}
    check(rows["cid"]["status"] == "unreadable" and rows["cid"]["lecture01/xax status"] == "unreadable"
          and rows["ben"]["unknown answers"] == "lecture01/xaxx"
          and rows["ana"]["lecture01/xax status"] == "fail"
          and rows["ben"]["lecture01/xax status"] == "missing",
          "grades.csv: statuses per problem, the unreadable one, the unknown id", json.dumps(rows))
    summary = read(os.path.join(out, "summary.md"))
    check("cid" in summary and "could not be read" in summary and "lecture01/xaxx" in summary,
          "summary.md: the unreadable submission and the unknown id", summary)

    # Digits of feedback and what the student wrote, in every format.
    ana_xax = next(p for p in ana["problems"] if p["id"] == "lecture01/xax")
    check(ana_xax.get("answer") == "3*X*A*dX" and ana_xax.get("feedback") == DIGITS,
          "report.json: the answer as written, the feedback verbatim", json.dumps(ana_xax))
    ana_inv = next(p for p in ana["problems"] if p["id"] == "lecture02/inverse")
    check(ana_inv.get("answer") == "-inv(A)*dA*inverse(A)" and ana_inv.get("read_as") == "-inv(A)*dA*inv(A)",
          "report.json: an answer in another notation keeps what was written and its reading",
          json.dumps(ana_inv))
    ana_md = read(os.path.join(out, "students", "ana.md"))
    check("**Your answer:** `3*X*A*dX`" in ana_md, "students/ana.md quotes the wrong answer", ana_md)
    check("**Your answer:** `-inv(A)*dA*inverse(A)`" in ana_md and "**Read as:** `-inv(A)*dA*inv(A)`" in ana_md,
          "students/ana.md quotes the answer and its reading", ana_md)
    check("`3*X*A*dX`" in summary, "summary.md names the wrong answer", summary)
    escaped = DIGITS.replace("(", "\\(").replace(")", "\\)").replace(".", ".")
    for name, text in [("summary.md", summary), ("students/ana.md", ana_md),
                       ("students/ana/results.json", read(os.path.join(out, "students", "ana", "results.json"))),
                       ("junit.xml", read(os.path.join(out, "junit.xml"))),
                       ("report.json", read(os.path.join(out, "report.json")))]:
        check(DIGITS in text or escaped in text, f"{name}: the feedback's digits survive", text[:400])
        check("coefficient #" not in text, f"{name}: no digit turned into #")

    gs = json.loads(read(os.path.join(out, "students", "ana", "results.json")))
    t = next(t for t in gs["tests"] if "lecture01/xax" in t["name"])
    check(t["name"] == "Differential of F(X) = XAX (lecture01/xax)"
          and t["tags"] == ["lecture-1", "lecture-1", "course-exercise"],
          "Gradescope: test named by title (id), with the spec's tags", json.dumps(t)[:400])

    # --- An assignment: its problems, its points, everywhere. --------------------------
    out_a = os.path.join(tmp, "out-hw1")
    code, so, se = grade(out_a, "--assignment", "hw1")
    check(code == 4 and "against 2 problems of assignment hw1" in so,
          "grade --assignment hw1 grades its 2 problems", f"exit {code}\n{so}{se}")
    rows = {r["student"]: r for r in csv.DictReader(io.StringIO(read(os.path.join(out_a, "grades.csv"))))}
    check(list(rows["ana"].keys())[:5] == ["student", "total", "max", "lecture01/xax", "lecture02/inverse"]
          and rows["ana"]["max"] == "7.5" and rows["ana"]["total"] == "2.5"
          and rows["ben"]["total"] == "2.5" and rows["cid"]["total"] == "0",
          "grades.csv: the assignment's problems and points (max 7.5)", json.dumps(rows))
    gradebook = read(os.path.join(out_a, "gradebook.csv")).splitlines()
    check(gradebook[0] == "Student,ID,SIS User ID,SIS Login ID,Section,\"Homework 1, two problems\""
          and gradebook[1] == "Points Possible,,,,,7.5" and "ana,,,ana,,2.5" in gradebook,
          "gradebook.csv: the LMS layout with the assignment's total", "\n".join(gradebook))
    ana_a = json.loads(read(os.path.join(out_a, "students", "ana.json")))
    check(ana_a["assignment"] == "hw1" and ana_a["max_score"] == 7.5
          and ana_a.get("not_in_assignment") == ["lecture01/xtax-gradient"],
          "students/ana.json: assignment, max 7.5, the answer outside it named", json.dumps(ana_a)[:600])
    md = read(os.path.join(out_a, "students", "ana.md"))
    check("Score: **2.5/7.5**" in md and "lecture01/xtax-gradient" in md
          and "| lecture01/xtax-gradient |" not in md,
          "students/ana.md: the assignment's total; the other answer named, not graded", md)
    summary = read(os.path.join(out_a, "summary.md"))
    check("Assignment: hw1: Homework 1, two problems (due 2026-12-10)" in summary
          and "lecture01/xtax-gradient |" not in summary,
          "summary.md: the assignment's title and due date, only its problems", summary)
    gs = json.loads(read(os.path.join(out_a, "students", "ana", "results.json")))
    check(len(gs["tests"]) == 2 and sum(t["max_score"] for t in gs["tests"]) == 7.5,
          "Gradescope: the assignment's two tests, 7.5 points", json.dumps(gs)[:400])
    code, so, se = run("check", os.path.join(klass, "ana"), "--problems", problems,
                       "--assignment", "hw1", "--format", "json")
    own = json.loads(so) if so.startswith("{") else {}
    check(code == 1 and own.get("score") == 2.5 and own.get("max_score") == 7.5,
          "check --assignment hw1 agrees with grade (2.5/7.5)", f"exit {code}\n{so[:400]}{se}")
    code, so, se = run("grade", klass, "--out", os.path.join(tmp, "out-x"), "--problems",
                       problems, "--assignment", "hw9")
    check(code == 2 and "no assignment 'hw9'" in se and "hw1" in se,
          "an unknown assignment: exit 2, the known ones named", se)
    write(os.path.join(tmp, "course", "assignments", "bad.yaml"),
          "title: Bad\nproblems:\n  lecture01/xax: 1\n  lecture01/xa: 2\n")
    code, so, se = run("grade", klass, "--out", os.path.join(tmp, "out-x"), "--problems",
                       problems, "--assignment", "bad")
    check(code == 2 and "bad.yaml:4:3" in se and "did you mean 'lecture01/xax'?" in se,
          "an assignment naming no problem: file:line:column and the nearest id", se)
finally:
    shutil.rmtree(tmp, ignore_errors=True)

print(f"instructor_acceptance: {checks} checks, {len(failures)} failed")
sys.exit(1 if failures else 0)
