#!/usr/bin/env python3
"""Checks the output folder of `grader grade` against the class it graded.

Usage: check_grade_outputs.py OUT_DIR MANIFEST.json PROBLEMS.json

MANIFEST.json is written by tests/benchmarks/make_class.py --manifest; PROBLEMS.json is
`grader list --format json`. Python 3 standard library only. Prints one line per problem
found (which student, which file) and exits 1 if there is any, 0 otherwise.

Checked (issue 5, acceptance):
- grades.csv: RFC 4180, header `student,total,max,<problem ids>,status,<id> status...,
  unknown answers`, exactly one row per student (ids may hold commas, quotes, spaces,
  Unicode), total = sum of the problem columns, max = sum of the points, an unreadable
  submission unreadable in every status column;
- students/<id>.json, students/<id>.md and students/<id>/results.json for every student;
- report.json: a JSON array with one entry per student, the same as students/<id>.json;
- junit.xml: well-formed XML, one <testsuite> per student and one <testcase> per problem
  (an unreadable submission: one <error> "submission"), a pass with neither <failure> nor
  <error>, fail a <failure>, missing <skipped>, invalid/error an <error>
  (grader/src/report/formats.cpp: to_junit), tests/failures/errors/skipped attributes
  consistent with the testcases, on each suite and on <testsuites>;
- each Gradescope results.json: score, tests[] with name, score, max_score and status
  (passed/failed), the test scores add up to score, and score agrees with report.json;
- summary.md exists and counts the students; no temporary file is left behind;
- analytics.json (issue 21): its verdict counts equal grades.csv's status columns (code
  failures counted as fail, unreadable submissions left out), its groups (and "other") add
  up to the wrong answers, and so do the diagnoses of each group, each problem and the
  class, which equal report.json's `diagnosis` fields; the histogram counts every student;
  summary.html exists and has no <script>.
"""

import csv
import io
import json
import math
import os
import re
import sys
import xml.etree.ElementTree as ET

problems_found = []


def problem(msg):
    problems_found.append(msg)
    if len(problems_found) <= 200:
        print("FAIL: " + msg)


def close(a, b):
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def shown(id_bytes):
    return repr(id_bytes.decode("utf-8", "backslashreplace"))


def as_text(id_bytes):
    """How an id appears in UTF-8 output: bytes that are not UTF-8 become U+FFFD (what
    nlohmann::json's replace handler and formats.cpp's xml_escape write)."""
    return id_bytes.decode("utf-8", "replace")


def utf8_length(b, i):
    """Length of the valid UTF-8 sequence at b[i], or 0 (as grade/batch.cpp decides)."""
    b0 = b[i]
    if b0 < 0x80:
        return 1
    if b0 & 0xE0 == 0xC0:
        n, cp, lo = 2, b0 & 0x1F, 0x80
    elif b0 & 0xF0 == 0xE0:
        n, cp, lo = 3, b0 & 0x0F, 0x800
    elif b0 & 0xF8 == 0xF0:
        n, cp, lo = 4, b0 & 0x07, 0x10000
    else:
        return 0
    if i + n > len(b):
        return 0
    for k in range(1, n):
        if b[i + k] & 0xC0 != 0x80:
            return 0
        cp = (cp << 6) | (b[i + k] & 0x3F)
    if cp < lo or cp > 0x10FFFF or 0xD800 <= cp <= 0xDFFF:
        return 0
    return n


def grader_id(name):
    """The id grader gives a submission named `name` (bytes), as docs/batch-grading-and-ci.md documents: bytes
    that are not UTF-8 and control characters as %XX; more than 150 bytes: the first 130
    (whole characters), "~" and the FNV-1a digest of the whole id."""
    out = bytearray()
    i = 0
    while i < len(name):
        n = utf8_length(name, i)
        if n == 0 or name[i] < 0x20 or name[i] == 0x7F:
            out += b"%%%02X" % name[i]
            i += 1
        else:
            out += name[i:i + n]
            i += n
    out = bytes(out)
    if len(out) <= 150:
        return out
    cut = 0
    while cut < len(out):
        n = max(1, utf8_length(out, cut))
        if cut + n > 130:
            break
        cut += n
    h = 0xcbf29ce484222325
    for c in out:
        h = ((h ^ c) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return out[:cut] + b"~%016x" % h


def load_json(path, what):
    try:
        with open(path, "rb") as f:
            return json.loads(f.read().decode("utf-8"))
    except (OSError, ValueError) as e:
        problem(f"{what}: {os.fsdecode(path)} does not parse as UTF-8 JSON: {e}")
        return None


CODE_FAILURES = {"compile-error", "timeout", "crash", "memory-limit", "bad-output"}


def check_analytics(out, n, problem_ids):
    """analytics.json against grades.csv and report.json (see the module's docstring)."""
    a = load_json(os.path.join(out, b"analytics.json"), "analytics.json")
    report = load_json(os.path.join(out, b"report.json"), "report.json")
    if a is None or report is None:
        return
    with open(os.path.join(out, b"grades.csv"), "rb") as f:
        rows = list(csv.reader(io.StringIO(f.read().decode("utf-8", "surrogateescape"),
                                           newline="")))
    header, body = rows[0], rows[1:]
    if a.get("students") != n or sum(b["students"] for b in a["score_histogram"]) != n:
        problem(f"analytics.json: {a.get('students')} students, histogram "
                f"{[b['students'] for b in a['score_histogram']]}, the class has {n}")
    if [p["id"] for p in a["problems"]] != problem_ids:
        problem("analytics.json: its problems are not the graded ones, in order")
        return
    class_wrong = 0
    for p in a["problems"]:
        column = header.index(p["id"] + " status")
        want = {"pass": 0, "fail": 0, "invalid": 0, "missing": 0, "error": 0}
        diagnoses = {}
        for row, r in zip(body, report):
            v = row[column]
            if v == "unreadable":
                continue
            want["fail" if v in CODE_FAILURES else v] += 1
            if v not in ("pass", "missing"):
                mine = [x for x in r["problems"] if x["id"] == p["id"]]
                d = mine[0].get("diagnosis", "none") if mine else "none"
                diagnoses[d] = diagnoses.get(d, 0) + 1
        if p["verdicts"] != want:
            problem(f"analytics.json {p['id']}: verdicts {p['verdicts']}, grades.csv {want}")
        wrong = want["fail"] + want["invalid"] + want["error"]
        class_wrong += wrong
        in_groups = sum(g["count"] for g in p["groups"]) + p["other"]["count"]
        if p["wrong"] != wrong or in_groups != wrong:
            problem(f"analytics.json {p['id']}: wrong {p['wrong']}, groups {in_groups}, "
                    f"grades.csv {wrong}")
        for g in p["groups"]:
            if sum(g["diagnoses"].values()) != g["count"]:
                problem(f"analytics.json {p['id']}: group {g['answer']!r} has {g['count']} "
                        f"answers but diagnoses {g['diagnoses']}")
        if p["diagnoses"] != diagnoses:
            problem(f"analytics.json {p['id']}: diagnoses {p['diagnoses']}, report.json "
                    f"{diagnoses}")
    if sum(a["diagnoses"].values()) != class_wrong:
        problem(f"analytics.json: class diagnoses add up to {sum(a['diagnoses'].values())}, "
                f"{class_wrong} wrong answers")
    try:
        with open(os.path.join(out, b"summary.html"), "rb") as f:
            html = f.read().decode("utf-8", "replace")
        if "<script" in html.lower():
            problem("summary.html has a <script> (an answer not escaped?)")
    except OSError as e:
        problem(f"summary.html: {e}")


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__)
    out, manifest_path, problems_path = (os.fsencode(a) for a in argv)
    with open(manifest_path, encoding="utf-8") as f:
        manifest = json.load(f)
    with open(problems_path, encoding="utf-8") as f:
        problem_list = json.load(f)
    problem_ids = [p["id"] for p in problem_list]
    points = {p["id"]: float(p["points"]) for p in problem_list}
    max_total = sum(points.values())

    students = [grader_id(bytes.fromhex(e["id_hex"]))
                for e in manifest["entries"] if e["student"]]
    category = {grader_id(bytes.fromhex(e["id_hex"])): e["category"]
                for e in manifest["entries"] if e["student"]}
    n = len(students)
    if n != manifest["students"]:
        problem(f"manifest: {n} student entries but 'students' says {manifest['students']}")
    if len(set(students)) != n:
        problem("manifest: ids repeat (a --collisions class cannot be checked this way)")
    expected = sorted(students)
    print(f"checking {os.fsdecode(out)}: {n} students x {len(problem_ids)} problems")

    # ---- per-student files --------------------------------------------------------------
    per_student = {}
    for sid in expected:
        base = os.path.join(out, b"students", sid)
        for suffix in (b".json", b".md", b"/results.json"):
            path = base + suffix
            if not os.path.isfile(path):
                problem(f"student {shown(sid)} ({category[sid]}): no students/"
                        f"{os.fsdecode(sid + suffix)}")
        if os.path.isfile(base + b".json"):
            per_student[sid] = load_json(base + b".json", f"student {shown(sid)}")
        md = base + b".md"
        if os.path.isfile(md):
            with open(md, "rb") as f:
                text = f.read()
            try:
                text.decode("utf-8")
            except UnicodeDecodeError as e:
                problem(f"student {shown(sid)}: students/{os.fsdecode(sid)}.md is not UTF-8: {e}")
            if not text.startswith(b"# "):
                problem(f"student {shown(sid)}: students/{os.fsdecode(sid)}.md has no heading")

    # ---- report.json --------------------------------------------------------------------
    report = load_json(os.path.join(out, b"report.json"), "report.json")
    by_name = {}  # the text of an id in UTF-8 outputs -> (id bytes, report.json entry)
    if report is not None:
        if not isinstance(report, list):
            problem("report.json: not a JSON array")
            report = []
        if len(report) != n:
            problem(f"report.json: {len(report)} entries for {n} students")
        names = [r.get("student") for r in report]
        missing = sorted(set(as_text(s) for s in expected) - set(names))
        extra = sorted(set(names) - set(as_text(s) for s in expected), key=str)
        for m in missing:
            problem(f"report.json: no entry for student {m!r}")
        for x in extra:
            problem(f"report.json: an entry for {x!r}, who is not a student of the class")
        if names != [as_text(s) for s in expected] and not missing and not extra:
            problem("report.json: students are not in the order of their ids")
        text_ids = {}
        for sid in expected:
            text_ids.setdefault(as_text(sid), []).append(sid)
        for r in report:
            sids = text_ids.get(r.get("student"), [])
            if len(sids) == 1:  # ids that differ only in bytes that are not UTF-8: skipped
                by_name[r["student"]] = (sids[0], r)
        for sid, r in by_name.values():
            probs = r.get("problems", [])
            ids = [p.get("id") for p in probs]
            if sorted(ids) != sorted(problem_ids) or len(ids) != len(set(ids)):
                problem(f"report.json: student {shown(sid)} has problems {len(ids)}, "
                        f"expected one result for each of the {len(problem_ids)} problems")
            score = sum(p.get("score", 0) for p in probs)
            if not close(score, r.get("score", -1)):
                problem(f"report.json: student {shown(sid)}: score {r.get('score')} but "
                        f"the problems add up to {score}")
            for p in probs:
                if p.get("verdict") not in ("pass", "fail", "invalid", "missing", "error"):
                    problem(f"report.json: student {shown(sid)}, {p.get('id')}: "
                            f"verdict {p.get('verdict')!r}")
            if per_student.get(sid) is not None and per_student[sid] != r:
                problem(f"students/{os.fsdecode(sid)}.json differs from its report.json entry")

    # ---- grades.csv ---------------------------------------------------------------------
    try:
        with open(os.path.join(out, b"grades.csv"), "rb") as f:
            raw = f.read()
        text = raw.decode("utf-8", "surrogateescape")
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except (OSError, csv.Error) as e:
        problem(f"grades.csv: cannot be read as CSV: {e}")
        rows = []
    if rows:
        header, body = rows[0], rows[1:]
        want = (["student", "total", "max"] + problem_ids + ["status"]
                + [f"{i} status" for i in problem_ids] + ["unknown answers"])
        if header != want:
            problem(f"grades.csv: header {header[:5]}... is not student,total,max, the "
                    f"{len(problem_ids)} problem ids, status, their status columns, unknown "
                    "answers")
        if len(body) != n:
            problem(f"grades.csv: {len(body)} rows for {n} students")
        seen = {}
        for k, row in enumerate(body, 2):
            if len(row) != len(header):
                problem(f"grades.csv line {k}: {len(row)} fields, the header has {len(header)}")
                continue
            sid = os.fsencode(row[0])
            seen[sid] = seen.get(sid, 0) + 1
            try:
                total, mx = float(row[1]), float(row[2])
                cells = [float(c) for c in row[3:3 + len(problem_ids)] if c != ""]
            except ValueError as e:
                problem(f"grades.csv line {k} ({shown(sid)}): not a number: {e}")
                continue
            if not close(total, sum(cells)):
                problem(f"grades.csv line {k} ({shown(sid)}): total {total} but the problem "
                        f"columns add up to {sum(cells)}")
            if not close(mx, max_total):
                problem(f"grades.csv line {k} ({shown(sid)}): max {mx}, expected {max_total}")
            if len(cells) != len(problem_ids):
                problem(f"grades.csv line {k} ({shown(sid)}): {len(problem_ids) - len(cells)} "
                        "empty problem cells")
            status = row[3 + len(problem_ids)]
            statuses = row[4 + len(problem_ids):4 + 2 * len(problem_ids)]
            if status not in ("graded", "unreadable") or (
                    status == "unreadable" and set(statuses) != {"unreadable"}):
                problem(f"grades.csv line {k} ({shown(sid)}): status {status!r}, problem "
                        f"statuses {sorted(set(statuses))}")
        replaced = {as_text(s).encode("utf-8", "surrogateescape"): s for s in expected}
        for sid in expected:
            count = seen.get(sid, 0) + (seen.get(as_text(sid).encode(), 0)
                                        if as_text(sid).encode() != sid else 0)
            if count != 1:
                problem(f"grades.csv: student {shown(sid)} ({category[sid]}) has {count} rows")
        for sid in seen:
            if sid not in category and sid not in replaced:
                problem(f"grades.csv: a row for {shown(sid)}, who is not a student of the class")

    # ---- junit.xml ----------------------------------------------------------------------
    try:
        tree = ET.parse(os.fsdecode(os.path.join(out, b"junit.xml")))
        root = tree.getroot()
    except (OSError, ET.ParseError) as e:
        problem(f"junit.xml: not well-formed XML: {e}")
        root = None
    if root is not None:
        if root.tag != "testsuites":
            problem(f"junit.xml: root element <{root.tag}>, expected <testsuites>")
        suites = root.findall("testsuite")
        if len(suites) != n:
            problem(f"junit.xml: {len(suites)} testsuites for {n} students")
        totals = [0, 0, 0, 0]
        suite_names = [suite.get("name") for suite in suites]
        if report and suite_names != [r.get("student") for r in report]:
            problem("junit.xml: the testsuites are not in the order of report.json")
        for name in sorted(set(as_text(s) for s in expected) - set(suite_names)):
            problem(f"junit.xml: no testsuite for student {name!r}")
        for suite in suites:
            name = suite.get("name")
            cases = suite.findall("testcase")
            sid, rep = by_name.get(name, (None, None))
            who = shown(sid) if sid is not None else repr(name)
            # An unreadable submission is one error "submission"; a read one has a case per
            # problem, then one per answer under an unknown id.
            unreadable = rep is not None and rep.get("status") == "unreadable"
            expected_cases = 1 if unreadable else len(problem_ids) + len(
                (rep or {}).get("unknown_answers", []))
            if len(cases) != expected_cases:
                problem(f"junit.xml: student {who}: {len(cases)} testcases, expected "
                        f"{expected_cases}")
            if unreadable:
                cases_error = cases[0].find("error") if cases else None
                if cases_error is None or cases_error.get("type") != "unreadable":
                    problem(f"junit.xml: student {who}: unreadable, but not one error")
            f = e = k = 0
            for j, case in enumerate(cases):
                has_failure = case.find("failure") is not None
                has_error = case.find("error") is not None
                has_skipped = case.find("skipped") is not None
                f += has_failure
                e += has_error
                k += has_skipped
                if case.get("classname") != name:
                    problem(f"junit.xml: student {who}: testcase classname "
                            f"{case.get('classname')!r}")
                if rep is None or unreadable or j >= len(rep["problems"]):
                    continue
                p = rep["problems"][j]
                if not (case.get("name") or "").startswith(p["id"] + " ["):
                    problem(f"junit.xml: student {who}: testcase {case.get('name')!r} where "
                            f"report.json has {p['id']}")
                want = {"pass": (False, False, False), "fail": (True, False, False),
                        "missing": (False, False, True), "invalid": (False, True, False),
                        "error": (False, True, False)}.get(p["verdict"])
                if want is not None and (has_failure, has_error, has_skipped) != want:
                    problem(f"junit.xml: student {who}, {p['id']}: verdict {p['verdict']} "
                            f"but failure={has_failure} error={has_error} "
                            f"skipped={has_skipped}")
            for attr, value in (("tests", len(cases)), ("failures", f), ("errors", e),
                                ("skipped", k)):
                if suite.get(attr) != str(value):
                    problem(f"junit.xml: student {who}: {attr}=\"{suite.get(attr)}\" but "
                            f"the testcases give {value}")
            totals[0] += len(cases)
            totals[1] += f
            totals[2] += e
            totals[3] += k
        for attr, value in zip(("tests", "failures", "errors", "skipped"), totals):
            if root.get(attr) != str(value):
                problem(f"junit.xml: <testsuites {attr}=\"{root.get(attr)}\"> but the suites "
                        f"add up to {value}")

    # ---- Gradescope results.json --------------------------------------------------------
    scores = {sid: r.get("score") for sid, r in by_name.values()}
    for sid in expected:
        path = os.path.join(out, b"students", sid, b"results.json")
        if not os.path.isfile(path):
            continue
        where = f"students/{os.fsdecode(sid)}/results.json"
        g = load_json(path, where)
        if g is None:
            continue
        if not isinstance(g.get("score"), (int, float)):
            problem(f"{where}: no numeric score")
            continue
        tests = g.get("tests")
        if not isinstance(tests, list):
            problem(f"{where}: no tests[]")
            continue
        # Unreadable: no tests, and the output says why; else a test per problem and per
        # answer under an unknown id.
        rep = by_name.get(as_text(sid), (None, None))[1]
        if rep is not None and rep.get("status") == "unreadable":
            expected_tests = 0
            if "could not be read" not in g.get("output", ""):
                problem(f"{where}: unreadable, but the output does not say so")
        else:
            expected_tests = len(problem_ids) + len((rep or {}).get("unknown_answers", []))
        if len(tests) != expected_tests:
            problem(f"{where}: {len(tests)} tests, expected {expected_tests}")
        total = 0.0
        for t in tests:
            for key in ("name", "score", "max_score", "status"):
                if key not in t:
                    problem(f"{where}: a test without {key}: {str(t)[:100]}")
            if t.get("status") not in ("passed", "failed"):
                problem(f"{where}: test {t.get('name')}: status {t.get('status')!r}")
            if isinstance(t.get("score"), (int, float)):
                total += t["score"]
            # Named "Title (id)" (or by the id alone when the problem has no title).
            m = re.search(r"\(([^()]*)\)$", t.get("name", ""))
            tid = m.group(1) if m and m.group(1) in points else t.get("name")
            if isinstance(t.get("max_score"), (int, float)) and tid in points \
                    and not close(t["max_score"], points[tid]):
                problem(f"{where}: test {t['name']}: max_score {t['max_score']}, the problem "
                        f"is worth {points[tid]}")
        if not close(total, g["score"]):
            problem(f"{where}: score {g['score']} but the tests add up to {total}")
        if sid in scores and scores[sid] is not None and not close(scores[sid], g["score"]):
            problem(f"{where}: score {g['score']}, report.json says {scores[sid]}")

    # ---- summary.md, leftovers ----------------------------------------------------------
    summary = os.path.join(out, b"summary.md")
    if not os.path.isfile(summary):
        problem("no summary.md")
    else:
        with open(summary, "rb") as f:
            text = f.read().decode("utf-8", "replace")
        if not re.search(rf"^Students: {n}$", text, re.M):
            problem(f"summary.md does not say 'Students: {n}'")
    check_analytics(out, n, problem_ids)
    for dirpath, dirnames, filenames in os.walk(out):
        for name in filenames + dirnames:
            if b".tmp-" in name:
                problem(f"a temporary file was left behind: "
                        f"{os.fsdecode(os.path.join(dirpath, name))}")

    if problems_found:
        print(f"{len(problems_found)} problem(s) in {os.fsdecode(out)}")
        return 1
    print(f"ok: {os.fsdecode(out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
