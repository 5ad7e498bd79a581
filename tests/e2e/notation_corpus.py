#!/usr/bin/env python3
"""Run the students' notation corpus through `grader try --format json`.

For every case of tests/data/notation/corpus.yaml (issue 17) this runs

    grader try --problems DIR --format json ID ANSWER

with no `--` (an answer may begin with `-`; a gradient in several variables is passed as
VAR=FORMULA arguments) and checks that
  1. the verdict is `expect` (pass, fail or invalid);
  2. `read_as`, when the case gives one, is the canonical reading the grader reports
     (compared without whitespace; a list gives alternatives; '' means no `read_as`);
  3. `message` (one substring or a list) is in the refusal and `message_not` is not:
     searched in `message`, `feedback` and `diagnostic`, without the diagnostic's quoted
     source lines, so that the echoed answer never counts;
  4. the baseline: the case's canonical spelling (`canonical`, else its first `read_as`)
     gets the same verdict and no `read_as` (a corpus error if not: the case is wrong);
  5. the round trip: a `read_as` the grader reports, run as an answer, is canonical (no
     `read_as`) and gets the same verdict.
Checks 4 and 5 test meaning, not the command line, so they put `--` before the answer.

It prints one line per failing case (every case with --verbose), a summary per lecture
and expectation, the failures by kind, and exits 1 when any case fails (2 on unusable
input).

Standard library and python3-yaml only.
"""

import argparse
import json
import os
import re
import subprocess
import sys
from collections import Counter, OrderedDict

import yaml

EXPECTS = ("pass", "fail", "invalid")
FIELDS = {"id", "answer", "expect", "read_as", "canonical", "message", "message_not", "note"}
FORMULA_KINDS = {"differential", "gradient", "jacobian", "hessian", "value"}
# Failure kinds, in the order they are reported.
KINDS = OrderedDict([
    ("run", "no usable JSON from grader try"),
    ("verdict", "wrong verdict"),
    ("read_as", "wrong or missing canonical reading"),
    ("message", "the refusal does not name the fix (or misleads)"),
    ("roundtrip", "the reported reading is not canonical or changes the verdict"),
    ("baseline", "the canonical spelling does not give the expected verdict (corpus error)"),
])


class CorpusError(Exception):
    pass


def as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def load_corpus(path, problems_dir):
    """Reads and validates the corpus; returns a list of cases (dicts)."""
    try:
        with open(path, encoding="utf-8") as f:
            data = yaml.safe_load(f)
    except (OSError, yaml.YAMLError) as e:
        raise CorpusError(f"{path}: cannot read the corpus: {e}")
    if not isinstance(data, list) or not data:
        raise CorpusError(f"{path}: the corpus must be a non-empty YAML list of cases")
    cases, errors = [], []
    kinds = {}
    for n, c in enumerate(data, 1):
        where = f"{path}: case {n}"
        if not isinstance(c, dict):
            errors.append(f"{where}: not a mapping")
            continue
        unknown = set(c) - FIELDS
        if unknown:
            errors.append(f"{where}: unknown field(s) {sorted(unknown)}")
        missing = [f for f in ("id", "answer", "expect") if f not in c]
        if missing:
            errors.append(f"{where}: missing field(s) {missing}")
            continue
        pid, answer, expect = str(c["id"]), c["answer"], c["expect"]
        where = f"{path}: case {n} ({pid})"
        if expect not in EXPECTS:
            errors.append(f"{where}: expect '{expect}' is not one of {', '.join(EXPECTS)}")
        for field in ("answer", "canonical"):
            v = c.get(field)
            if v is None and field == "canonical":
                continue
            if isinstance(v, dict):
                if not v or not all(isinstance(k, str) and isinstance(x, str) for k, x in v.items()):
                    errors.append(f"{where}: {field}: a gradient answer map maps names to formulas")
            elif not isinstance(v, str) or not v:
                errors.append(f"{where}: {field} must be a non-empty formula (or a map var -> formula)")
        for field in ("read_as", "message", "message_not"):
            if any(not isinstance(x, str) for x in as_list(c.get(field))):
                errors.append(f"{where}: {field} must be a string or a list of strings")
        read_as = as_list(c.get("read_as"))
        if "read_as" in c and not read_as:
            errors.append(f"{where}: read_as is empty; write '' for 'no read_as'")
        if "" in read_as and len(read_as) > 1:
            errors.append(f"{where}: read_as '' (canonical) cannot have alternatives")
        if isinstance(answer, dict) and read_as:
            errors.append(f"{where}: read_as is not checked for a gradient in several variables")
        if expect == "invalid" and ("canonical" in c or read_as):
            errors.append(f"{where}: an invalid case has no canonical spelling or read_as")
        if expect != "invalid" and (c.get("message") or c.get("message_not")):
            errors.append(f"{where}: message and message_not are for invalid cases")
        if expect != "invalid" and "canonical" not in c and not read_as:
            errors.append(f"{where}: a {expect} case needs its canonical spelling "
                          f"(canonical, or read_as; read_as '' if the answer is canonical)")
        if pid not in kinds:
            spec_path = os.path.join(problems_dir, pid + ".yaml")
            try:
                with open(spec_path, encoding="utf-8") as f:
                    spec = yaml.safe_load(f)
                kinds[pid] = ((spec or {}).get("answer") or {}).get("kind")
            except (OSError, yaml.YAMLError) as ex:
                kinds[pid] = None
                errors.append(f"{where}: cannot read {spec_path}: {ex}")
        if kinds.get(pid) is not None and kinds[pid] not in FORMULA_KINDS:
            errors.append(f"{where}: problem '{pid}' is of kind '{kinds[pid]}', not a formula problem")
        if "canonical" in c:
            baseline = c["canonical"]
        elif read_as and read_as[0]:
            baseline = read_as[0]
        else:
            baseline = None  # the answer is canonical itself (read_as '')
        cases.append({
            "n": n,
            "id": pid,
            "lecture": pid.split("/")[0],
            "answer": answer,
            "expect": expect,
            "read_as": read_as,
            "message": as_list(c.get("message")),
            "message_not": as_list(c.get("message_not")),
            "baseline": baseline,
            "note": str(c.get("note") or ""),
        })
    if errors:
        raise CorpusError("\n".join(errors))
    return cases


def answer_args(answer):
    if isinstance(answer, dict):
        return [f"{k}={v}" for k, v in answer.items()]
    return [answer]


def answer_text(answer):
    if isinstance(answer, dict):
        return "{" + ", ".join(f"{k}: {v}" for k, v in answer.items()) + "}"
    return answer


def squash(s):
    return re.sub(r"\s+", "", s)


# A diagnostic's quoted source: " --> answer:1:3", "  |", "1 | 2 A^T (A x - b)", "  |   ^".
SOURCE_LINE = re.compile(r"^\s*(-->|\d*\s*\|)")


def refusal_text(result):
    """The words of a result a student reads for the fix, without the echoed answer."""
    parts = [str(result.get("message") or ""), str(result.get("feedback") or "")]
    diagnostic = str(result.get("diagnostic") or "")
    parts += [line for line in diagnostic.splitlines() if not SOURCE_LINE.match(line)]
    return "\n".join(parts)


def try_answer(grader, problems_dir, pid, answer, timeout, dashdash=False):
    """Runs grader try (with `--` before the answer if dashdash); returns (result dict or
    None, error text)."""
    cmd = ([grader, "try", "--problems", problems_dir, "--format", "json", pid]
           + (["--"] if dashdash else []) + answer_args(answer))
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, f"grader try timed out after {timeout} s"
    except OSError as e:
        raise CorpusError(f"cannot run {grader}: {e}")
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        err = (proc.stderr.strip().splitlines() or ["(no stderr)"])[0]
        return None, f"no JSON (exit {proc.returncode}): {err}"
    if isinstance(report, dict) and isinstance(report.get("problems"), list):
        found = [p for p in report["problems"] if isinstance(p, dict) and p.get("id") == pid]
        if len(found) != 1:
            return None, f"the report has {len(found)} results for {pid}"
        report = found[0]
    if not isinstance(report, dict) or "verdict" not in report:
        return None, "the JSON has no verdict"
    return report, ""


def run_case(grader, problems_dir, case, timeout):
    """Checks one case; returns a dict with the result and its failures [(kind, text)]."""
    res = {"verdict": None, "read_as": None, "failures": []}
    fail = res["failures"]
    r, err = try_answer(grader, problems_dir, case["id"], case["answer"], timeout)
    if r is not None:
        res["verdict"] = r.get("verdict")
        got_read_as = str(r.get("read_as") or "")
        res["read_as"] = got_read_as
        if res["verdict"] != case["expect"]:
            why = str(r.get("message") or "").splitlines()[0:1]
            fail.append(("verdict", f"verdict {res['verdict']}, expected {case['expect']}"
                         + (f": {why[0]}" if why else "")))
        if case["read_as"] == [""]:
            if got_read_as:
                fail.append(("read_as", f"read_as '{got_read_as}', expected none (canonical)"))
        elif case["read_as"]:
            if not got_read_as:
                fail.append(("read_as", f"no read_as, expected '{case['read_as'][0]}'"))
            elif squash(got_read_as) not in [squash(x) for x in case["read_as"]]:
                fail.append(("read_as", f"read_as '{got_read_as}', expected "
                             + " or ".join(f"'{x}'" for x in case["read_as"])))
        text = refusal_text(r)
        missing = [m for m in case["message"] if m not in text]
        if missing:
            shown = str(r.get("message") or "").strip()
            fail.append(("message", "the refusal lacks " + ", ".join(f"'{m}'" for m in missing)
                         + f" (message: {shown})"))
        present = [m for m in case["message_not"] if m in text]
        if present:
            fail.append(("message", "the refusal says " + ", ".join(f"'{m}'" for m in present)))
        # A reported reading must itself be canonical and mean the same.
        if got_read_as and isinstance(case["answer"], str):
            r2, err2 = try_answer(grader, problems_dir, case["id"], got_read_as, timeout,
                                  dashdash=True)
            if r2 is None:
                fail.append(("roundtrip", f"read_as '{got_read_as}': {err2}"))
            else:
                if r2.get("verdict") != res["verdict"]:
                    fail.append(("roundtrip", f"read_as '{got_read_as}' gets {r2.get('verdict')}, "
                                 f"the answer {res['verdict']}"))
                if r2.get("read_as"):
                    fail.append(("roundtrip", f"read_as '{got_read_as}' is read as "
                                 f"'{r2.get('read_as')}': not canonical"))
    else:
        fail.append(("run", err))
    # The baseline: the canonical spelling of the case.
    if case["baseline"] is not None:
        b, errb = try_answer(grader, problems_dir, case["id"], case["baseline"], timeout,
                             dashdash=True)
        if b is None:
            fail.append(("baseline", f"canonical '{answer_text(case['baseline'])}': {errb}"))
        else:
            if b.get("verdict") != case["expect"]:
                fail.append(("baseline", f"canonical '{answer_text(case['baseline'])}' gets "
                             f"{b.get('verdict')}, expected {case['expect']}: "
                             + str(b.get("message") or "").strip()))
            if b.get("read_as"):
                fail.append(("baseline", f"canonical '{answer_text(case['baseline'])}' is read as "
                             f"'{b.get('read_as')}'"))
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--grader", required=True, help="the grader binary")
    ap.add_argument("--problems", required=True, help="the problems folder")
    ap.add_argument("--corpus", required=True, help="the corpus YAML")
    ap.add_argument("--only", help="run only the cases whose problem id contains this text")
    ap.add_argument("--verbose", action="store_true", help="print every case, not only failures")
    ap.add_argument("--timeout", type=float, default=60, help="seconds per grader call")
    args = ap.parse_args()

    try:
        cases = load_corpus(args.corpus, args.problems)
    except CorpusError as e:
        print(e, file=sys.stderr)
        return 2
    if args.only:
        cases = [c for c in cases if args.only in c["id"]]
        if not cases:
            print(f"no case's id contains '{args.only}'", file=sys.stderr)
            return 2
    if not os.access(args.grader, os.X_OK):
        print(f"{args.grader}: not an executable grader binary", file=sys.stderr)
        return 2

    results = []
    try:
        for case in cases:
            results.append((case, run_case(args.grader, args.problems, case, args.timeout)))
    except CorpusError as e:
        print(e, file=sys.stderr)
        return 2

    # One line per failing case (per case with --verbose).
    w_id = max(len(c["id"]) for c, _ in results)
    for case, res in results:
        ok = not res["failures"]
        if ok and not args.verbose:
            continue
        mark = "ok  " if ok else "FAIL"
        line = (f"{mark} #{case['n']:<3} {case['id']:<{w_id}}  {case['expect']:<7} "
                f"got {res['verdict'] or '-':<7}  {answer_text(case['answer'])}")
        if res["read_as"]:
            line += f"   [read as {res['read_as']}]"
        for kind, text in res["failures"]:
            line += f"\n       {kind}: {text}"
        print(line)

    # Summary: per lecture and expectation, then the failures by kind.
    lectures = sorted({c["lecture"] for c, _ in results})
    table = OrderedDict((lec, {e: [0, 0] for e in EXPECTS}) for lec in lectures)
    for case, res in results:
        cell = table[case["lecture"]][case["expect"]]
        cell[0] += 1
        cell[1] += not res["failures"]
    head = f"{'lecture':<10}" + "".join(f" {e + ' ok/cases':>17}" for e in EXPECTS) + f" {'total ok/cases':>17}"
    print()
    print(head)
    print("-" * len(head))
    totals = {e: [0, 0] for e in EXPECTS}
    for lec, row in table.items():
        cells = ""
        for e in EXPECTS:
            totals[e][0] += row[e][0]
            totals[e][1] += row[e][1]
            cells += f" {f'{row[e][1]}/{row[e][0]}':>17}"
        n_ok = sum(row[e][1] for e in EXPECTS)
        n_all = sum(row[e][0] for e in EXPECTS)
        print(f"{lec:<10}{cells} {f'{n_ok}/{n_all}':>17}")
    print("-" * len(head))
    cells = "".join(f" {f'{totals[e][1]}/{totals[e][0]}':>17}" for e in EXPECTS)
    n_ok = sum(t[1] for t in totals.values())
    print(f"{'total':<10}{cells} {f'{n_ok}/{len(results)}':>17}")

    failed = [(c, r) for c, r in results if r["failures"]]
    by_kind = Counter()
    for _, res in failed:
        for kind in {k for k, _ in res["failures"]}:
            by_kind[kind] += 1
    print()
    print(f"{len(results)} cases on {len({c['id'] for c, _ in results})} problems: "
          f"{len(results) - len(failed)} passed, {len(failed)} failed")
    for kind, what in KINDS.items():
        if by_kind[kind]:
            print(f"  {by_kind[kind]:>4} {kind:<10} {what}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
