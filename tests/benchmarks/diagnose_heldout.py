#!/usr/bin/env python3
"""How often the grader names a wrong answer's mistake, on a corpus kept outside the repository.

issue 21's measure. A held-out corpus is written by people who have not read the diagnoses'
code (the format of tests/data/diagnose-corpus/corpus.yaml, with `expect: unnamed` for a
mistake no key names), kept OUTSIDE the repository so that nobody tunes the diagnoses on it,
and split once into a development half (whose misses may be read) and a test half (measured
once, at the end of a change, untuned):

  diagnose_heldout.py split FOLDER        pools FOLDER/*/corpus.yaml (one folder per author),
                                          splits it 50/50 per expected kind (seed 21) into
                                          FOLDER/dev.yaml and FOLDER/test.yaml
  diagnose_heldout.py run FILE [--misses] [--grader G] [--problems DIR]

named: the entries whose `expect` is a key; a hit when `grader check --format json` gives
that key or one of the entry's `also`, as its `diagnosis` or in its `also` list (the extra
term of an answer whose diagnosis is nonlinear; the count by `diagnosis` alone is printed
too). any: every entry; a hit when it gets any diagnosis (a spec's own
`mistake` included). --misses prints each miss with the grader's text (for the development
half only). Standard library and python3-yaml.
"""
import glob
import json
import os
import random
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def split(folder):
    pooled = []
    for path in sorted(glob.glob(os.path.join(folder, "*", "corpus.yaml"))):
        author = os.path.basename(os.path.dirname(path))
        for e in yaml.safe_load(open(path, encoding="utf-8")):
            pooled.append(dict(e, author=author))
    by_kind = defaultdict(list)
    for e in pooled:
        by_kind[e["expect"]].append(e)
    rng = random.Random(21)
    halves, flip = ([], []), 0
    for kind in sorted(by_kind):
        group = by_kind[kind]
        rng.shuffle(group)
        for e in group:
            halves[flip % 2].append(e)
            flip += 1
    for name, part in zip(("dev", "test"), halves):
        with open(os.path.join(folder, name + ".yaml"), "w", encoding="utf-8") as f:
            yaml.safe_dump(part, f, allow_unicode=True, sort_keys=False)
        print(f"{name}: {len(part)} entries on {len({e['problem'] for e in part})} problems")


def check(grader, problems, tmp, n, entry):
    sub = os.path.join(tmp, f"e{n}.yaml")
    with open(sub, "w", encoding="utf-8") as f:
        yaml.safe_dump({"student": f"e{n}", "answers": {entry["problem"]: entry["answer"]}}, f,
                       allow_unicode=True, sort_keys=False)
    proc = subprocess.run([grader, "check", sub, "--only", entry["problem"], "--format", "json",
                           "--problems", problems], capture_output=True, text=True)
    try:
        found = [p for p in json.loads(proc.stdout).get("problems", [])
                 if p.get("id") == entry["problem"]]
    except json.JSONDecodeError:
        return None, [], proc.stderr[-300:]
    if not found:
        return None, [], "no result"
    p = found[0]
    keys = [p["diagnosis"]] + list(p.get("also") or []) if p.get("diagnosis") else []
    return p.get("verdict"), keys, p.get("feedback") or p.get("message") or ""


def run(path, grader, problems, misses):
    entries = yaml.safe_load(open(path, encoding="utf-8"))
    per = defaultdict(Counter)
    named = named_hit = first_hit = any_hit = passed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for n, e in enumerate(entries, 1):
            verdict, keys, text = check(grader, problems, tmp, n, e)
            diagnosis = "+".join(keys) or None
            kind = e["expect"]
            also = e.get("also") or []
            also = also if isinstance(also, list) else [also]
            per[kind]["n"] += 1
            passed += verdict == "pass"
            if diagnosis:
                any_hit += 1
                per[kind]["any"] += 1
            # A hit when the report's diagnosis, or a key of its `also` (a nonlinear answer's
            # extra term), is the author's kind or one of the author's also.
            hit = kind != "unnamed" and bool(set(keys) & set([kind] + also))
            if kind != "unnamed":
                named += 1
                named_hit += hit
                first_hit += bool(keys) and keys[0] in [kind] + also
                per[kind]["named"] += hit
            if misses and not hit and not (kind == "unnamed" and diagnosis):
                print(f"MISS {e['problem']}  expect {kind} got {diagnosis}  verdict {verdict}\n"
                      f"     answer: {e['answer']}\n     why: {e.get('why', '')}\n"
                      f"     text: {text[:300]}")
    print(f"{'kind':<26}{'n':>4}{'named':>7}{'any':>5}")
    for kind in sorted(per):
        c = per[kind]
        print(f"{kind:<26}{c['n']:>4}{c['named']:>7}{c['any']:>5}")
    print(f"{len(entries)} answers ({passed} passed: not wrong answers); named: {named_hit}/{named}"
          f" = {100 * named_hit / max(named, 1):.1f}% ({first_hit} by the `diagnosis` key alone)"
          f"; any diagnosis: {any_hit}/{len(entries)}"
          f" = {100 * any_hit / max(len(entries), 1):.1f}%")
    return 1 if passed else 0


def main():
    args = sys.argv[1:]
    if len(args) >= 2 and args[0] == "split":
        split(args[1])
        return 0
    if len(args) >= 2 and args[0] == "run":
        grader = os.path.join(ROOT, "build", "grader", "grader")
        problems = os.path.join(ROOT, "problems")
        if "--grader" in args:
            grader = args[args.index("--grader") + 1]
        if "--problems" in args:
            problems = args[args.index("--problems") + 1]
        return run(args[1], grader, problems, "--misses" in args)
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
