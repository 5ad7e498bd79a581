#!/usr/bin/env python3
"""Runs one job of a CI template locally, the way GitHub Actions or GitLab CI would run it.

    ci_runner.py github WORKFLOW.yml --job JOB --workspace DIR [--env NAME=VALUE]... [--summary OUT]
    ci_runner.py gitlab .gitlab-ci.yml --job JOB --workspace DIR [--env NAME=VALUE]... [--summary OUT]

The commands run are the template's own: GitHub `run:` steps (each in its own bash, with the
workflow, job and step `env:` and what earlier steps wrote to $GITHUB_ENV), GitLab
`before_script` + `script` (one bash, `set -eo pipefail`) and `after_script`. Steps that use an
action (`uses:`) are not run: the test does their work (the checkouts) itself; the summary
records each with its `with:` inputs and whether it would have run, so a test can check,
say, that the JUnit reporter runs after a failure and reads the file the job wrote.

--env gives the environment the job starts with: on GitHub, the runner's or container's
(below the workflow's `env:`); on GitLab, project variables (above the file's `variables:`).

Only what the templates need is supported. Anything else (another shell, an expression
this runner cannot evaluate, `${{ }}` inside a `run:` script, `include:`) is an error, so
that a template growing such a construct fails its test instead of being run wrongly.

Exit status: 0 when the job succeeds, 1 when it fails, 2 on a usage or template error.
The summary (JSON) holds the job's result and each step's status.
"""

import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

import yaml


class TemplateError(Exception):
    pass


EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def log(message):
    print(f"ci_runner: {message}", flush=True)


# ---------------------------------------------------------------- GitHub Actions

class GitHubContext:
    def __init__(self, workspace, runner_temp):
        self.workspace = workspace
        self.runner_temp = runner_temp
        self.env = {}

    def value(self, expression):
        """The value of a `${{ }}` expression: the few context lookups templates use."""
        expression = expression.strip()
        if expression == "github.workspace":
            return self.workspace
        if expression == "runner.temp":
            return self.runner_temp
        match = re.fullmatch(r"env\.([A-Za-z_][A-Za-z0-9_]*)", expression)
        if match:
            return self.env.get(match.group(1), "")
        if re.fullmatch(r"secrets\.[A-Za-z_][A-Za-z0-9_]*", expression):
            return ""
        raise TemplateError(f"unsupported expression ${{{{ {expression} }}}}")

    def substitute(self, text):
        if not isinstance(text, str):
            return text
        return EXPRESSION.sub(lambda m: str(self.value(m.group(1))), text)


def github_condition(condition, failed):
    """Whether a step with `if: condition` runs, given whether an earlier step failed."""
    if condition is None:
        return not failed
    text = str(condition).strip()
    match = EXPRESSION.fullmatch(text)
    if match:
        text = match.group(1).strip()
    if text == "always()":
        return True
    if text == "success()":
        return not failed
    if text == "failure()":
        return failed
    if text in ("!cancelled()", "! cancelled()"):
        return True
    if text == "cancelled()":
        return False
    raise TemplateError(f"unsupported condition `if: {condition}`")


def read_env_file(path):
    """NAME=value lines and NAME<<DELIMITER blocks, as in $GITHUB_ENV."""
    values = {}
    with open(path, encoding="utf-8") as stream:
        lines = stream.read().splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line.strip():
            continue
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            block = []
            while i < len(lines) and lines[i] != delimiter:
                block.append(lines[i])
                i += 1
            if i == len(lines):
                raise TemplateError(f"{path}: no closing {delimiter} for {name}")
            i += 1
            values[name] = "\n".join(block)
        elif "=" in line:
            name, value = line.split("=", 1)
            values[name] = value
        else:
            raise TemplateError(f"{path}: cannot read the line {line!r}")
    return values


def github_shell(shell):
    if shell is None:
        return ["bash", "-e"]
    if shell == "bash":
        return ["bash", "--noprofile", "--norc", "-eo", "pipefail"]
    raise TemplateError(f"unsupported shell {shell!r} (only bash)")


def run_github(args, base_env):
    with open(args.template, encoding="utf-8") as stream:
        workflow = yaml.safe_load(stream)
    # YAML 1.1 reads the key `on` as true.
    triggers = workflow.get("on", workflow.get(True))
    if isinstance(triggers, str):
        triggers = [triggers]
    jobs = workflow.get("jobs") or {}
    if args.job not in jobs:
        raise TemplateError(f"no job {args.job!r} (jobs: {', '.join(jobs)})")
    job = jobs[args.job]
    default_shell = (((workflow.get("defaults") or {}).get("run") or {}).get("shell"))
    default_shell = (((job.get("defaults") or {}).get("run") or {}).get("shell", default_shell))

    state = tempfile.mkdtemp(prefix="ci-runner-")
    runner_temp = os.path.join(state, "runner-temp")
    os.makedirs(runner_temp)
    step_summary = os.path.join(state, "step-summary.md")
    open(step_summary, "w", encoding="utf-8").close()
    context = GitHubContext(args.workspace, runner_temp)

    env = dict(base_env)
    env.update({
        "CI": "true",
        "GITHUB_ACTIONS": "true",
        "GITHUB_WORKSPACE": args.workspace,
        "RUNNER_TEMP": runner_temp,
        "GITHUB_STEP_SUMMARY": step_summary,
        "GITHUB_JOB": args.job,
    })
    context.env = dict(env)
    for scope in (workflow.get("env") or {}, job.get("env") or {}):
        for name, value in scope.items():
            env[name] = str(context.substitute(value))
            context.env[name] = env[name]
    exported = {}

    steps = []
    failed = False
    for index, step in enumerate(job.get("steps") or []):
        name = step.get("name") or step.get("uses") or f"step {index + 1}"
        record = {"name": name, "if": step.get("if")}
        runs = github_condition(step.get("if"), failed)
        step_env = dict(env)
        step_env.update(exported)
        context.env = dict(step_env)
        for var, value in (step.get("env") or {}).items():
            step_env[var] = str(context.substitute(value))
        context.env = dict(step_env)
        if "uses" in step:
            record.update({
                "kind": "uses",
                "uses": step["uses"],
                "with": {k: context.substitute(v) for k, v in (step.get("with") or {}).items()},
                "status": "would-run" if runs else "skipped",
            })
            log(f"{name}: {step['uses']} {'would run' if runs else 'skipped'} (not run here)")
            steps.append(record)
            continue
        if "run" not in step:
            raise TemplateError(f"step {name!r} has neither run: nor uses:")
        script = step["run"]
        if "${{" in script:
            raise TemplateError(f"step {name!r}: its run: script uses a ${{{{ }}}} expression;"
                                " pass the value through env: instead")
        record["kind"] = "run"
        record["run"] = script
        if not runs:
            record["status"] = "skipped"
            log(f"{name}: skipped")
            steps.append(record)
            continue
        files = {}
        for var in ("GITHUB_ENV", "GITHUB_PATH", "GITHUB_OUTPUT"):
            files[var] = os.path.join(state, f"{var.lower()}-{index}")
            open(files[var], "w", encoding="utf-8").close()
            step_env[var] = files[var]
        script_file = os.path.join(state, f"step-{index}.sh")
        with open(script_file, "w", encoding="utf-8") as stream:
            stream.write(script)
        cwd = args.workspace
        if step.get("working-directory"):
            cwd = os.path.join(args.workspace, context.substitute(step["working-directory"]))
        command = github_shell(step.get("shell", default_shell)) + [script_file]
        log(f"{name}: running")
        sys.stdout.flush()
        status = subprocess.run(command, cwd=cwd, env=step_env, check=False).returncode
        record["exit_status"] = status
        exported.update(read_env_file(files["GITHUB_ENV"]))
        with open(files["GITHUB_PATH"], encoding="utf-8") as stream:
            for line in stream.read().splitlines():
                if line.strip():
                    env["PATH"] = line.strip() + os.pathsep + env.get("PATH", "")
        if status == 0:
            record["status"] = "success"
        else:
            record["status"] = "failure"
            if not step.get("continue-on-error", False):
                failed = True
        log(f"{name}: {record['status']} (exit status {status})")
        steps.append(record)

    return {
        "kind": "github",
        "job": args.job,
        "triggers": sorted(triggers) if isinstance(triggers, (list, dict)) else triggers,
        "result": "failure" if failed else "success",
        "steps": steps,
        "exported_env": exported,
        "step_summary": step_summary,
    }


# ---------------------------------------------------------------- GitLab CI

GITLAB_JOB_KEYS = {
    "stage", "image", "timeout", "script", "before_script", "after_script", "variables",
    "artifacts", "tags", "interruptible", "retry", "allow_failure", "needs",
}
VARIABLE = re.compile(r"\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)")


def gitlab_expand(text, env):
    """GitLab's expansion of $NAME and ${NAME} in a variable's value ($$ is a literal $)."""
    def replace(match):
        if match.group(0) == "$$":
            return "$"
        return env.get(match.group(1) or match.group(2), "")
    return VARIABLE.sub(replace, str(text))


def gitlab_variables(block, env):
    for name, value in (block or {}).items():
        if isinstance(value, dict):
            value = value.get("value", "")
        env[name] = gitlab_expand(value, env)


def gitlab_lines(value, what):
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TemplateError(f"{what} must be a list of strings")
    return value


def gitlab_script(lines):
    """One bash script: echo each command (its first line, as the job log does), run it."""
    parts = ["set -eo pipefail"]
    for line in lines:
        shown = "$ " + line.splitlines()[0] if line else "$"
        parts.append("printf '%s\\n' " + shlex.quote(shown))
        parts.append(line)
    return "\n".join(parts) + "\n"


def run_gitlab(args, base_env, overrides):
    with open(args.template, encoding="utf-8") as stream:
        pipeline = yaml.safe_load(stream)
    if "include" in pipeline:
        raise TemplateError("include: is not supported")
    if args.job not in pipeline:
        raise TemplateError(f"no job {args.job!r}")
    job = pipeline[args.job]
    unknown = set(job) - GITLAB_JOB_KEYS
    if unknown:
        raise TemplateError(f"job {args.job!r}: unsupported keys {', '.join(sorted(unknown))}")
    default = pipeline.get("default") or {}

    env = dict(base_env)
    env.update({
        "CI": "true",
        "GITLAB_CI": "true",
        "CI_PROJECT_DIR": args.workspace,
        "CI_BUILDS_DIR": os.path.dirname(args.workspace),
        "CI_JOB_NAME": args.job,
    })
    gitlab_variables(pipeline.get("variables"), env)
    gitlab_variables(job.get("variables"), env)
    env.update(overrides)

    before = gitlab_lines(job.get("before_script", default.get("before_script",
                                                               pipeline.get("before_script"))),
                          "before_script")
    script = gitlab_lines(job.get("script"), "script")
    after = gitlab_lines(job.get("after_script", default.get("after_script",
                                                             pipeline.get("after_script"))),
                         "after_script")
    if not script:
        raise TemplateError(f"job {args.job!r} has no script")

    state = tempfile.mkdtemp(prefix="ci-runner-")
    script_file = os.path.join(state, "script.sh")
    with open(script_file, "w", encoding="utf-8") as stream:
        stream.write(gitlab_script(before + script))
    log(f"{args.job}: running before_script + script")
    sys.stdout.flush()
    status = subprocess.run(["bash", "--noprofile", "--norc", script_file], cwd=args.workspace,
                            env=env, check=False).returncode
    log(f"{args.job}: script exit status {status}")
    after_status = None
    if after:
        after_file = os.path.join(state, "after_script.sh")
        with open(after_file, "w", encoding="utf-8") as stream:
            stream.write(gitlab_script(after))
        after_status = subprocess.run(["bash", "--noprofile", "--norc", after_file],
                                      cwd=args.workspace, env=env, check=False).returncode
        log(f"{args.job}: after_script exit status {after_status}")

    return {
        "kind": "gitlab",
        "job": args.job,
        "result": "success" if status == 0 else "failure",
        "exit_status": status,
        "after_script_exit_status": after_status,
        "artifacts": job.get("artifacts"),
        "variables": {name: env[name] for name in (pipeline.get("variables") or {})},
        "image": job.get("image", default.get("image", pipeline.get("image"))),
    }


# ---------------------------------------------------------------- main

def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kind", choices=["github", "gitlab"])
    parser.add_argument("template")
    parser.add_argument("--job", required=True)
    parser.add_argument("--workspace", required=True)
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--summary")
    args = parser.parse_args()
    args.workspace = os.path.abspath(args.workspace)
    if not os.path.isdir(args.workspace):
        print(f"ci_runner: no workspace {args.workspace}", file=sys.stderr)
        return 2

    overrides = {}
    for item in args.env:
        if "=" not in item:
            print(f"ci_runner: --env {item!r} is not NAME=VALUE", file=sys.stderr)
            return 2
        name, value = item.split("=", 1)
        overrides[name] = value
    base_env = dict(os.environ)
    try:
        if args.kind == "github":
            base_env.update(overrides)
            summary = run_github(args, base_env)
        else:
            summary = run_gitlab(args, base_env, overrides)
    except (TemplateError, yaml.YAMLError, OSError) as error:
        print(f"ci_runner: {args.template}: {error}", file=sys.stderr)
        return 2
    if args.summary:
        with open(args.summary, "w", encoding="utf-8") as stream:
            json.dump(summary, stream, indent=2)
    log(f"job {args.job}: {summary['result']}")
    return 0 if summary["result"] == "success" else 1


if __name__ == "__main__":
    sys.exit(main())
