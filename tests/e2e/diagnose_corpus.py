#!/usr/bin/env python3
"""Run the diagnosis acceptance corpus through `grader check --format json`.

For every corpus entry (tests/data/diagnose-corpus/corpus.yaml) this writes a one-answer
submission in a private temporary folder, runs

    grader check SUB --only ID --format json --problems DIR

and checks that
  1. the verdict is not `pass` (the answer is wrong),
  2. the problem's JSON has a field `diagnosis` equal to `expect` (or one of `also`); a key
     in the JSON's `also` list (another diagnosis that holds too, as an extra term of an
     answer that failed the linearity test) counts as well,
  3. the message / feedback text is not empty.

It prints one line per entry, a per-category summary table, and exits 1 when any entry
fails (2 on unusable input). `--report FILE.md` writes the same as Markdown.

Standard library and python3-yaml only.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import OrderedDict

import yaml

KEYS = [
    "sign",
    "factor",
    "transpose",
    "transposed-factor",
    "commuting",
    "symmetric-only",
    "missing-term",
    "extra-term",
    "term-sign",
    "nonlinear",
    "wrong-variable",
    "gradient-for-differential",
    "differential-for-gradient",
    "inner-product",
    "zero",
    "scalar-factor",
    "kron-order",
    "wrong-entry",
    "wrong-row",
    "wrong-column",
    "swapped-rows",
    "swapped-columns",
    "chain-rule",
    "quotient-rule",
]

FORMULA_KINDS = {"differential", "gradient", "jacobian", "hessian"}


class CorpusError(Exception):
    pass


def load_corpus(path, problems_dir):
    """Reads and validates the corpus; returns a list of entries (dicts)."""
    try:
        with open(path, encoding="utf-8") as f:
            data = yaml.safe_load(f)
    except (OSError, yaml.YAMLError) as e:
        raise CorpusError(f"{path}: cannot read the corpus: {e}")
    if not isinstance(data, list) or not data:
        raise CorpusError(f"{path}: the corpus must be a non-empty YAML list of entries")
    entries = []
    errors = []
    for n, e in enumerate(data, 1):
        where = f"{path}: entry {n}"
        if not isinstance(e, dict):
            errors.append(f"{where}: not a mapping")
            continue
        unknown = set(e) - {"problem", "answer", "expect", "also", "why", "known_gap"}
        if unknown:
            errors.append(f"{where}: unknown field(s) {sorted(unknown)}")
        for field in ("problem", "answer", "expect"):
            if field not in e:
                errors.append(f"{where}: missing field '{field}'")
        if any(f not in e for f in ("problem", "answer", "expect")):
            continue
        problem, answer, expect = e["problem"], e["answer"], e["expect"]
        also = e.get("also", []) or []
        if not isinstance(also, list):
            also = [also]
        if expect not in KEYS:
            errors.append(f"{where}: expect '{expect}' is not a diagnosis key")
        for k in also:
            if k not in KEYS:
                errors.append(f"{where}: also '{k}' is not a diagnosis key")
        if isinstance(answer, dict):
            if not all(isinstance(k, str) and isinstance(v, str) for k, v in answer.items()):
                errors.append(f"{where}: a gradient answer map must map names to formula strings")
        elif not isinstance(answer, str):
            errors.append(f"{where}: answer must be a formula string (or a map var -> formula)")
        spec = None
        spec_path = os.path.join(problems_dir, str(problem) + ".yaml")
        try:
            with open(spec_path, encoding="utf-8") as f:
                spec = yaml.safe_load(f)
        except (OSError, yaml.YAMLError) as ex:
            errors.append(f"{where}: problem '{problem}': cannot read {spec_path}: {ex}")
        kind = None
        if isinstance(spec, dict):
            kind = (spec.get("answer") or {}).get("kind")
            if kind not in FORMULA_KINDS:
                errors.append(f"{where}: problem '{problem}' is of kind '{kind}', "
                              f"not a differential, gradient, jacobian or hessian")
        entries.append({
            "n": n,
            "problem": str(problem),
            "answer": answer,
            "expect": expect,
            "also": [str(k) for k in also],
            "why": e.get("why", ""),
            "known_gap": str(e.get("known_gap") or ""),
            "kind": kind,
            "spec_feedbacks": [str(m.get("feedback", "")).strip()
                               for m in ((spec or {}).get("mistakes") or [])
                               if isinstance(m, dict)],
        })
    if errors:
        raise CorpusError("\n".join(errors))
    return entries


def answer_text(answer):
    if isinstance(answer, dict):
        return "{" + ", ".join(f"{k}: {v}" for k, v in answer.items()) + "}"
    return answer


def run_entry(grader, problems_dir, tmp, entry, seed, timeout):
    """Checks one entry; returns a result dict."""
    sub = os.path.join(tmp, f"corpus-{entry['n']}.yaml")
    with open(sub, "w", encoding="utf-8") as f:
        yaml.safe_dump({"student": f"corpus-{entry['n']}",
                        "answers": {entry["problem"]: entry["answer"]}},
                       f, allow_unicode=True, sort_keys=False, default_flow_style=False)
    cmd = [grader, "check", sub, "--only", entry["problem"], "--format", "json",
           "--problems", problems_dir]
    if seed is not None:
        cmd += ["--seed", str(seed)]
    res = {"verdict": None, "diagnosis": None, "keys": [], "problems": [],
           "spec_mistake": False}
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        res["problems"].append(f"grader check timed out after {timeout} s")
        return res
    except OSError as e:
        raise CorpusError(f"cannot run {grader}: {e}")
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        res["problems"].append(f"no JSON report (exit {proc.returncode}): "
                               + (proc.stderr.strip().splitlines() or ["(no stderr)"])[-1])
        return res
    found = [p for p in report.get("problems", []) if p.get("id") == entry["problem"]]
    if len(found) != 1:
        res["problems"].append(f"the report has {len(found)} results for {entry['problem']}")
        return res
    p = found[0]
    res["verdict"] = p.get("verdict")
    res["diagnosis"] = p.get("diagnosis")
    res["keys"] = [res["diagnosis"]] + list(p.get("also") or [])
    feedback = (p.get("feedback") or "").strip()
    message = (p.get("message") or "").strip()
    res["text"] = feedback or message
    res["spec_mistake"] = bool(feedback) and feedback in entry["spec_feedbacks"]
    if res["verdict"] == "pass":
        res["problems"].append("the answer passes: it is not a wrong answer")
    elif res["verdict"] is None:
        res["problems"].append("no verdict")
    if "diagnosis" not in p:
        res["problems"].append("no 'diagnosis' field")
    elif not set(res["keys"]) & set([entry["expect"]] + entry["also"]):
        got = '+'.join(res['keys'])
        res["problems"].append(f"diagnosis '{got}', expected '{entry['expect']}'"
                               + (f" (or {', '.join(entry['also'])})" if entry["also"] else ""))
    if not message and not feedback:
        res["problems"].append("empty message and feedback")
    # A known gap: the grader does not (yet) recognise this mistake, and says so in the
    # corpus; it must still reject the answer with a message.
    res["gap"] = False
    if entry["known_gap"] and res["problems"] and all(
            x.startswith("diagnosis '") or x == "no 'diagnosis' field" for x in res["problems"]):
        res["gap"] = True
        res["problems"] = []
    return res


def md_escape(s):
    return str(s).replace("|", "\\|").replace("\n", " ")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--grader", required=True, help="the grader binary")
    ap.add_argument("--problems", required=True, help="the problems folder")
    ap.add_argument("--corpus", required=True, help="the corpus YAML")
    ap.add_argument("--report", help="also write a Markdown report to this file")
    ap.add_argument("--seed", type=int, default=None, help="--seed passed to grader check")
    ap.add_argument("--timeout", type=float, default=120, help="seconds per grader call")
    args = ap.parse_args()

    try:
        entries = load_corpus(args.corpus, args.problems)
    except CorpusError as e:
        print(e, file=sys.stderr)
        return 2
    if not os.access(args.grader, os.X_OK):
        print(f"{args.grader}: not an executable grader binary", file=sys.stderr)
        return 2

    results = []
    try:
        with tempfile.TemporaryDirectory(prefix="diagnose-corpus-") as tmp:
            os.chmod(tmp, 0o700)
            for entry in entries:
                results.append((entry, run_entry(args.grader, args.problems, tmp, entry,
                                                 args.seed, args.timeout)))
    except CorpusError as e:
        print(e, file=sys.stderr)
        return 2

    # One line per entry.
    lines = []
    w_prob = max(len(e["problem"]) for e, _ in results)
    for entry, res in results:
        ok = not res["problems"]
        got = "+".join(res["keys"]) if res["diagnosis"] is not None else "-"
        verdict = res["verdict"] or "-"
        note = " [spec mistake]" if res["spec_mistake"] else ""
        mark = "gap " if res["gap"] else ("ok  " if ok else "FAIL")
        line = (f"{mark} {entry['problem']:<{w_prob}}  "
                f"expected {entry['expect']:<26} got {got:<26} verdict {verdict:<8} "
                f"{answer_text(entry['answer'])}{note}")
        if not ok:
            line += "\n       " + "; ".join(res["problems"])
        if res["gap"]:
            line += "\n       known gap: " + entry["known_gap"]
        lines.append(line)
    print("\n".join(lines))

    # Per-category summary.
    summary = OrderedDict((k, {"entries": 0, "wrong": 0, "diagnosed": 0, "ok": 0}) for k in KEYS)
    for entry, res in results:
        s = summary[entry["expect"]]
        s["entries"] += 1
        s["wrong"] += res["verdict"] is not None and res["verdict"] != "pass"
        s["diagnosed"] += bool(set(res.get("keys", [])) & set([entry["expect"]] + entry["also"]))
        s["ok"] += not res["problems"]
    total = {f: sum(s[f] for s in summary.values()) for f in ("entries", "wrong", "diagnosed", "ok")}
    head = f"{'category':<26} {'entries':>7} {'not pass':>8} {'diagnosed':>9} {'ok':>4}"
    table = [head, "-" * len(head)]
    for k, s in summary.items():
        table.append(f"{k:<26} {s['entries']:>7} {s['wrong']:>8} {s['diagnosed']:>9} {s['ok']:>4}")
    table.append("-" * len(head))
    table.append(f"{'total':<26} {total['entries']:>7} {total['wrong']:>8} "
                 f"{total['diagnosed']:>9} {total['ok']:>4}")
    n_problems = len({e["problem"] for e, _ in results})
    failed = total["entries"] - total["ok"]
    verdict_failures = sum(1 for _, r in results if r["verdict"] in (None, "pass"))
    spec = sum(1 for _, r in results if r["spec_mistake"])
    footer = (f"{total['entries']} entries on {n_problems} problems: {total['ok']} ok, "
              f"{failed} FAIL ({verdict_failures} with a pass or no verdict)")
    gaps = sum(1 for _, r in results if r["gap"])
    if gaps:
        footer += f"; {gaps} of the ok are known gaps (rejected, not diagnosed)"
    if spec:
        footer += f"; {spec} matched a spec mistake"
    print()
    print("\n".join(table))
    print(footer)

    if args.report:
        md = ["# Diagnosis corpus report", "",
              f"Corpus `{args.corpus}`, problems `{args.problems}`, grader `{args.grader}`"
              + (f", seed {args.seed}" if args.seed is not None else "") + ".", "",
              "| # | problem | answer | expected | got | verdict | result |",
              "|---|---|---|---|---|---|---|"]
        for entry, res in results:
            exp = entry["expect"] + (f" (or {', '.join(entry['also'])})" if entry["also"] else "")
            result = "ok" if not res["problems"] else "FAIL: " + "; ".join(res["problems"])
            if res["spec_mistake"]:
                result += " (spec mistake)"
            md.append(f"| {entry['n']} | {entry['problem']} | `{md_escape(answer_text(entry['answer']))}` "
                      f"| {exp} | {'+'.join(res['keys']) or '-'} | {res['verdict'] or '-'} "
                      f"| {md_escape(result)} |")
        md += ["", "## Per category", "",
               "| category | entries | not pass | diagnosed | ok |", "|---|---|---|---|---|"]
        for k, s in summary.items():
            md.append(f"| {k} | {s['entries']} | {s['wrong']} | {s['diagnosed']} | {s['ok']} |")
        md.append(f"| **total** | {total['entries']} | {total['wrong']} | {total['diagnosed']} "
                  f"| {total['ok']} |")
        md += ["", footer, ""]
        try:
            with open(args.report, "w", encoding="utf-8") as f:
                f.write("\n".join(md))
        except OSError as e:
            print(f"{args.report}: cannot write the report: {e}", file=sys.stderr)
            return 2

    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
