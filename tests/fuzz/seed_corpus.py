#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (tests/fuzz) into OUT/<target>/, one file an
input: every problem spec (spec), every example and test submission (answers), every formula
written in them and in the diagnosis corpus (formula), and protocol exchanges (protocol).
Standard library plus python3-yaml only."""
import hashlib
import os
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def write(out, target, data):
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    name = hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def formulas(node):
    """Every string in a YAML tree (formulas, and some prose: harmless as inputs)."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for k, v in node.items():
            if k not in ("statement", "title", "feedback", "explanation", "prelude"):
                yield from formulas(v)
    elif isinstance(node, list):
        for v in node:
            yield from formulas(v)


def yaml_files(*folders):
    for folder in folders:
        for base, _, files in os.walk(os.path.join(ROOT, folder)):
            for f in sorted(files):
                if f.endswith(".yaml"):
                    yield os.path.join(base, f)


def main():
    out = sys.argv[1]
    count = {}
    for path in yaml_files("problems", "tests/data"):
        with open(path, "rb") as f:
            data = f.read()
        is_spec = "/problems/" in path or b"\nanswer:" in data
        target = "spec" if is_spec else "answers"
        write(out, target, data)
        count[target] = count.get(target, 0) + 1
        try:
            tree = yaml.safe_load(data)
        except yaml.YAMLError:
            continue
        for s in set(formulas(tree)):
            if len(s) < 400:
                write(out, "formula", s)
                count["formula"] = count.get("formula", 0) + 1
    for path in yaml_files("submissions"):
        with open(path, "rb") as f:
            write(out, "answers", f.read())
        count["answers"] = count.get("answers", 0) + 1
    for text in [
        "trial 1\ngradient 2 1 0x1.5555555555555p-2 -0x1p+0\nend\n",
        "# a comment\n\ntrial 1\nvalue 1 1 0.5\nend\ntrial 2\nvalue 1 1 -1e300\nend\ntrial 3\n"
        "value 1 1 nan\nend\n",
        "grader-protocol 1\nproblem lecture04/adjoint-gradient\ntrials 1\ntrial 1\n"
        "A 2 2 0x1.8p+0 -0x1p-2 0x1p+0 0x1.2p+1\nb 2 1 0x1p+0 -0x1p+0\nend\n",
        "trial 1\nJ 2 3 1 2 3 4 5 6\nend\n",
    ]:
        write(out, "protocol", text)
        count["protocol"] = count.get("protocol", 0) + 1
    print("seed corpus: " + ", ".join(f"{k} {v}" for k, v in sorted(count.items())))


if __name__ == "__main__":
    main()
