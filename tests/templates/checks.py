#!/usr/bin/env python3
"""Assertions of the template tests, on the files the templates write.

    checks.py problems LIST.json                   prints "COUNT TOTAL_POINTS" of `grader list --format json`
    checks.py junit FILE --tests N --expect pass|fail
    checks.py gradescope FILE --tests N --max POINTS --expect full|zero|partial
                     [--output-contains TEXT]... [--output-lacks TEXT]...
    checks.py github SUMMARY --result success|failure --workspace DIR [--failed-step NAME]
                     [--junit PATH] [--exported NAME=VALUE]
    checks.py gitlab SUMMARY --result success|failure --workspace DIR [--junit PATH]
    checks.py pages SUMMARY WORKFLOW --result success|failure --workspace DIR
                     [--failed-step NAME] [--site-has FILE]...

Each prints what it checked and exits 0, or prints every mismatch (FAIL: ...) and exits 1.
"""

import argparse
import glob
import json
import math
import os
import sys
import xml.etree.ElementTree as ET

failures = []


def expect(condition, message):
    if not condition:
        failures.append(message)
    return condition


def finish(what):
    if failures:
        for message in failures:
            print(f"FAIL: {what}: {message}")
        return 1
    print(f"ok: {what}")
    return 0


def load_json(path):
    try:
        with open(path, encoding="utf-8") as stream:
            return json.load(stream)
    except (OSError, ValueError) as error:
        print(f"FAIL: {path}: not readable JSON: {error}")
        sys.exit(1)


def problems(args):
    data = load_json(args.file)
    if not isinstance(data, list) or not data:
        print(f"FAIL: {args.file}: not a non-empty list of problems")
        return 1
    total = sum(float(p["points"]) for p in data)
    print(f"{len(data)} {total:g}")
    return 0


def junit(args):
    try:
        root = ET.parse(args.file).getroot()
    except (OSError, ET.ParseError) as error:
        print(f"FAIL: {args.file}: not well-formed XML: {error}")
        return 1
    cases = root.findall(".//testcase")
    failed = [c for c in cases if c.find("failure") is not None or c.find("error") is not None]
    expect(root.tag in ("testsuites", "testsuite"), f"root element <{root.tag}>")
    expect(len(cases) == args.tests, f"{len(cases)} testcases, expected {args.tests}")
    if root.get("tests") is not None:
        expect(int(root.get("tests")) == len(cases),
               f"tests=\"{root.get('tests')}\" but {len(cases)} testcases")
    expect(all(c.get("name") for c in cases), "a testcase without a name")
    if args.expect == "pass":
        expect(not failed, f"{len(failed)} failing testcases, expected none "
               f"(first: {failed[0].get('name') if failed else ''})")
    else:
        expect(failed, "no failing testcase, expected some")
        for case in failed:
            element = case.find("failure")
            if element is None:
                element = case.find("error")
            expect((element.text or "").strip(),
                   f"testcase {case.get('name')}: a failure without an explanation in its text")
    return finish(f"{args.file}: {len(cases)} testcases, {len(failed)} failing")


def gradescope(args):
    data = load_json(args.file)
    if not isinstance(data, dict):
        print(f"FAIL: {args.file}: not a JSON object")
        return 1
    score = data.get("score")
    tests = data.get("tests")
    expect(isinstance(score, (int, float)), f"score is {score!r}, not a number")
    expect(isinstance(tests, list), "no tests list")
    tests = tests if isinstance(tests, list) else []
    expect(len(tests) == args.tests, f"{len(tests)} tests, expected {args.tests}")
    for i, test in enumerate(tests):
        for field in ("name", "score", "max_score", "status"):
            expect(field in test, f"tests[{i}] has no {field}")
        expect(test.get("status") in ("passed", "failed"), f"tests[{i}].status {test.get('status')!r}")
        if isinstance(test.get("score"), (int, float)) and isinstance(test.get("max_score"), (int, float)):
            expect(0 <= test["score"] <= test["max_score"],
                   f"tests[{i}] score {test['score']} outside [0, {test['max_score']}]")
            expect((test.get("status") == "passed") == (test["score"] == test["max_score"]),
                   f"tests[{i}] ({test.get('name')}): status {test.get('status')} with "
                   f"{test['score']}/{test['max_score']}")
    if isinstance(score, (int, float)):
        added = sum(t.get("score", 0) for t in tests)
        expect(math.isclose(added, score, abs_tol=1e-9),
               f"test scores add up to {added}, the score is {score}")
        if tests:
            most = sum(t.get("max_score", 0) for t in tests)
            expect(math.isclose(most, args.max, abs_tol=1e-9),
                   f"max scores add up to {most}, expected {args.max}")
        if args.expect == "full":
            expect(math.isclose(score, args.max, abs_tol=1e-9), f"score {score}, expected {args.max}")
        elif args.expect == "zero":
            expect(score == 0, f"score {score}, expected 0")
        else:
            expect(0 < score < args.max, f"score {score}, expected strictly between 0 and {args.max}")
    output = data.get("output", "")
    expect(isinstance(output, str), "output is not a string")
    for text in args.output_contains or []:
        expect(text in str(output), f"output {output!r} does not contain {text!r}")
    for text in args.output_lacks or []:
        expect(text not in str(output), f"output {output!r} contains {text!r}")
    return finish(f"{args.file}: score {score}, {len(tests)} tests")


def same_file(a, b):
    return os.path.realpath(a) == os.path.realpath(b)


def github(args):
    summary = load_json(args.file)
    expect(summary.get("result") == args.result,
           f"job result {summary.get('result')}, expected {args.result}")
    triggers = summary.get("triggers") or []
    expect("push" in triggers, f"the workflow does not run on push (on: {triggers})")
    steps = summary.get("steps", [])
    failed = [s["name"] for s in steps if s.get("status") == "failure"]
    if args.failed_step:
        expect(failed == [args.failed_step],
               f"failed steps {failed}, expected only {args.failed_step!r}")
    elif args.result == "success":
        expect(not failed, f"failed steps {failed}")
    checkouts = [s for s in steps if str(s.get("uses", "")).startswith("actions/checkout")]
    expect(len(checkouts) == 2, f"{len(checkouts)} checkout steps, expected 2 (answers, grader)")
    reporters = [s for s in steps if "junit" in str(s.get("uses", "")).lower()
                 or "test-reporter" in str(s.get("uses", ""))]
    if expect(len(reporters) == 1, f"{len(reporters)} JUnit reporter steps, expected 1"):
        reporter = reporters[0]
        expect(reporter["status"] == "would-run",
               f"the JUnit reporter would not run after this job ({reporter['status']}): "
               "it needs if: always()")
        inputs = reporter.get("with") or {}
        pattern = inputs.get("report_paths") or inputs.get("path")
        if args.junit and expect(pattern, "the JUnit reporter has no report_paths/path input"):
            found = glob.glob(os.path.join(args.workspace, pattern), recursive=True)
            expect(any(same_file(f, args.junit) for f in found),
                   f"the JUnit reporter reads {pattern!r} (found {found}), not {args.junit}")
    for item in args.exported or []:
        name, value = item.split("=", 1)
        got = (summary.get("exported_env") or {}).get(name)
        expect(got is not None and same_file(got, value),
               f"$GITHUB_ENV exports {name}={got!r}, expected {value!r}")
    return finish(f"{args.file}: job {summary.get('result')}")


def gitlab(args):
    summary = load_json(args.file)
    expect(summary.get("result") == args.result,
           f"job result {summary.get('result')}, expected {args.result}")
    artifacts = summary.get("artifacts") or {}
    expect(artifacts.get("when") == "always",
           f"artifacts: when: {artifacts.get('when')!r}, expected always (keep the report of a "
           "failing job)")
    junit_path = (artifacts.get("reports") or {}).get("junit")
    if expect(junit_path, "no artifacts: reports: junit:") and args.junit:
        paths = junit_path if isinstance(junit_path, list) else [junit_path]
        found = [f for p in paths for f in glob.glob(os.path.join(args.workspace, p), recursive=True)]
        expect(any(same_file(f, args.junit) for f in found),
               f"reports: junit: {junit_path!r} (found {found}) is not {args.junit}")
        kept = artifacts.get("paths") or []
        expect(any(os.path.realpath(args.junit).startswith(os.path.realpath(
            os.path.join(args.workspace, p))) for p in kept),
               f"artifacts: paths: {kept} do not keep {args.junit}")
    return finish(f"{args.file}: job {summary.get('result')}")


def pages(args):
    """The Pages workflow's build job (SUMMARY) and what the workflow file declares."""
    import yaml  # python3-yaml, as ci_runner.py

    summary = load_json(args.file)
    with open(args.workflow, encoding="utf-8") as stream:
        workflow = yaml.safe_load(stream)
    permissions = workflow.get("permissions") or {}
    for name, value in (("pages", "write"), ("id-token", "write")):
        expect(permissions.get(name) == value,
               f"permissions: {name}: {permissions.get(name)!r}, deploy-pages needs {value}")
    jobs = workflow.get("jobs") or {}
    deploy = jobs.get("deploy") or {}
    expect(deploy.get("needs") == summary.get("job"),
           f"the deploy job needs {deploy.get('needs')!r}, expected {summary.get('job')!r}")
    expect((deploy.get("environment") or {}).get("name") == "github-pages",
           "the deploy job's environment is not github-pages")
    expect(any(str(s.get("uses", "")).startswith("actions/deploy-pages@")
               for s in deploy.get("steps") or []), "the deploy job has no actions/deploy-pages")
    expect(summary.get("result") == args.result,
           f"job result {summary.get('result')}, expected {args.result}")
    steps = summary.get("steps", [])
    failed = [s["name"] for s in steps if s.get("status") == "failure"]
    if args.failed_step:
        expect(failed == [args.failed_step],
               f"failed steps {failed}, expected only {args.failed_step!r}")
    else:
        expect(not failed, f"failed steps {failed}")
    uploads = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-pages-artifact@")]
    if expect(len(uploads) == 1, f"{len(uploads)} upload-pages-artifact steps, expected 1"):
        upload = uploads[0]
        wanted = "would-run" if args.result == "success" else "skipped"
        expect(upload["status"] == wanted,
               f"the site upload would be {upload['status']}, expected {wanted}")
        site = os.path.join(args.workspace, (upload.get("with") or {}).get("path", ""))
        for name in args.site_has or []:
            expect(os.path.isfile(os.path.join(site, name)),
                   f"the uploaded folder {site} has no {name}")
    return finish(f"{args.file}: job {summary.get('result')}")


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("problems")
    p.add_argument("file")
    p.set_defaults(run=problems)
    p = sub.add_parser("junit")
    p.add_argument("file")
    p.add_argument("--tests", type=int, required=True)
    p.add_argument("--expect", choices=["pass", "fail"], required=True)
    p.set_defaults(run=junit)
    p = sub.add_parser("gradescope")
    p.add_argument("file")
    p.add_argument("--tests", type=int, required=True)
    p.add_argument("--max", type=float, required=True)
    p.add_argument("--expect", choices=["full", "zero", "partial"], required=True)
    p.add_argument("--output-contains", action="append")
    p.add_argument("--output-lacks", action="append")
    p.set_defaults(run=gradescope)
    for name, run in (("github", github), ("gitlab", gitlab)):
        p = sub.add_parser(name)
        p.add_argument("file")
        p.add_argument("--result", choices=["success", "failure"], required=True)
        p.add_argument("--workspace", required=True)
        p.add_argument("--junit")
        if name == "github":
            p.add_argument("--failed-step")
            p.add_argument("--exported", action="append")
        p.set_defaults(run=run)
    p = sub.add_parser("pages")
    p.add_argument("file")
    p.add_argument("workflow")
    p.add_argument("--result", choices=["success", "failure"], required=True)
    p.add_argument("--workspace", required=True)
    p.add_argument("--failed-step")
    p.add_argument("--site-has", action="append")
    p.set_defaults(run=pages)
    args = parser.parse_args()
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
