#!/usr/bin/env bash
# End-to-end test of a hostile class (issue 16): one honest student and students who attack
# the grader itself rather than the exercise, graded with `grader grade --jobs 2` (bubblewrap
# level, as root) with a secret exported in the grader's environment. Each attack is a check
# printed as `ok: ...` or `FAIL: ...`; the test goes on after a failure, so that one run shows
# every escape, and exits 1 at the end if any check failed.
#
# Problems: t/apply (tests/data/code: return A*b), lecture06/ode-adjoint-code (a real
# reference solution) and lecture01/xax (a formula, answered right by everyone). Students:
#   honest     right answers: everything passes, and its students/honest.json is
#              byte-identical to the same student graded alone;
#   proc       `p -> /proc/self`, {file: p/environ}: invalid, naming the file as a symbolic
#              link; the secret in no output;
#   refsym     `ref -> SOURCE/reference`, {file: ref/README.md} and the reference solution
#              {file: ref/lecture06/ode-adjoint-code.cpp}: invalid; no reference line in any
#              output;
#   classmate  `cm -> ../honest`, {file: cm/apply.cpp} and {file: cm/answers.yaml}: invalid;
#              the honest student's marked line in no output;
#   etc        `e -> /etc`, {file: e/shadow} and {file: e/passwd}: invalid; no line of either
#              in any output;
#   relay      runs every executable it can find (the code cache, after `grader validate`
#              left the references' builds in it and a first grading the classmates') with the
#              request it got, and answers with the majority; a wrong answer when it finds
#              none: neither problem passes;
#   shmhog     stashes ~2 GiB in /dev/shm, /tmp, memfds and System V shared memory, then
#              answers right: no pass, or a pass within the memory bound;
#   manyproc   14 processes of 450 MiB each (each under the 512 MiB per-process limit), then
#              answers right: no pass, or a pass within the memory bound (its children
#              killed by the run's memory limit);
#   fakemsg    writes the harness's prefix and "correct: ..." to stderr and exits 1: crash,
#              and the message does not start with "correct";
#   escbytes   ESC sequences and other control characters on stderr (and in the harness's
#              prefix): no raw ESC byte in any output file;
#   ptrace     ptrace/SIGSTOP of the sandbox's pid 1, then abort(): crash, never timeout;
#   traceback  a Python command that raises (its traceback names the file by its path): crash;
#   bomb       a compile bomb (constexpr loops g++ cannot memoise) plus a second, ordinary C++
#              file for the other code problem: compile-error each time; graded again with the
#              same cache, the run must not spend the compile limit again.
# And, as root only: the build installed under /usr/local/grader-hostile-N (/usr is mounted in
# the sandbox) grades a class with an `#include` of its installed reference and a command that
# prints its share/grader files and `grader show`: no pass, no reference line in any output.
# Host memory of a grading is measured in a fresh memory cgroup (v1 max_usage_in_bytes or v2
# memory.peak) and must stay under jobs x 512 MiB + 600 MiB: the class's second grading (every
# build cached, so that only the programs count) and shmhog and manyproc each graded alone. The
# class graded twice with the same cache, and again with a fresh one (a copy of the cache as
# `grader validate` left it), gives byte-identical output folders, and no output names a code
# cache or a sandbox work folder. The leak checks read every file of every output folder and
# grade's stdout and stderr, raw and JSON-, XML- and Markdown-unescaped; each needle is first
# shown to be in the file its attack reads and to be found in each of those formats.
#
# Usage: hostile_class.sh GRADER_BINARY SOURCE_DIR BUILD_DIR
# Environment (optional):
#   HOSTILE_KEEP=1    keep the temporary folder (its path is printed);
#   HOSTILE_INSTALLED_PREFIX_FROM=DIR  copy an installed tree (DIR/bin/grader,
#                     DIR/share/grader) to the /usr/local prefix instead of
#                     `cmake --install BUILD_DIR` (e.g. to test a grader that has no build dir);
#   HOSTILE_COMPILE_LIMIT=S  the compile limit to grade with, when `grader grade` has a
#                     --compile-time-limit option (default 20 s; without the option the
#                     grader's built-in compile limit, 120 s of CPU, applies).
# Needs root for the installed layout and the per-run uids, bubblewrap, python3 (standard
# library), g++ and Eigen (ci/setup). Runtime on 2 busy cores: 15 to 18 minutes with a grader
# that neither caches failed compiles nor avoids recompiling each file of a failed shared build
# (each of the three gradings spends the compile limit twice on the bomb: 120 s of CPU, or the
# 180 s wall-clock limit when the machine is loaded); about 6 to 8 minutes once failed compiles
# are cached (the limit once in the first grading, once in the fresh-cache one).
set -uo pipefail

if (($# != 3)); then
  echo "usage: $0 GRADER_BINARY SOURCE_DIR BUILD_DIR" >&2
  exit 2
fi

log() { echo "hostile_class: $*"; }
die() {
  log "ERROR: $*"
  exit 2
}
checks=0
failures=0
ok() {
  checks=$((checks + 1))
  log "ok: $*"
}
failed=()  # the failed checks, for the summary at the end
bad() {
  checks=$((checks + 1))
  failures=$((failures + 1))
  failed+=("$*")
  log "FAIL: $*"
}
skip() { log "SKIP: $*"; }
# pycheck COMMAND ARGS...: the helper's checks, counted; a helper that fails is a failure.
pycheck() {
  local out status
  out=$(python3 "$helper" "$@")
  status=$?
  tally <<<"$out"
  ((status == 0)) || bad "the helper's '$1' failed (status $status; its error is above)"
}
# Reads lines "ok: ...", "FAIL: ...", "SKIP: ..." (from the Python helper) and counts them.
tally() {
  local line
  while IFS= read -r line; do
    case $line in
      "") ;;
      "ok: "*) ok "${line#ok: }" ;;
      "FAIL: "*) bad "${line#FAIL: }" ;;
      "SKIP: "*) skip "${line#SKIP: }" ;;
      *) log "$line" ;;
    esac
  done
}

grader=$(readlink -f -- "$1") || die "no grader binary at $1"
[[ -x $grader ]] || die "no grader binary at $1"
src=$(cd -- "$2" && pwd -P) || die "no source folder $2"
build=$3
[[ -d $build ]] && build=$(cd -- "$build" && pwd -P)
for tool in python3 g++ bwrap; do
  command -v "$tool" >/dev/null || die "$tool is needed (ci/setup installs it)"
done
[[ -f $src/tests/data/code/problems/t/apply.yaml && -f $src/problems/lecture01/xax.yaml &&
  -f $src/problems/lecture06/ode-adjoint-code.yaml &&
  -f $src/reference/lecture06/ode-adjoint-code.cpp ]] || die "$src is not the grader's source tree"

jobs=2
code_limit=3  # --code-time-limit: 3 s of CPU and 6 s of wall-clock time per run
MiB=$((1 << 20))
# The host memory one grading may use: the per-run limit (512 MiB) for each of the runs in
# parallel (--jobs), plus 600 MiB for grader itself, its page cache and the outputs.
mem_bound=$((jobs * 512 * MiB + 600 * MiB))
run_bound_s=1200  # a grading that takes longer is killed (and reported as hung)
# The compile limit: --compile-time-limit when grade has one, else grader's built-in limit
# (BuildOptions::compile_limits: 120 s of CPU, 180 s of wall-clock time).
compile_opt=()
if "$grader" grade --help 2>/dev/null | grep -q -- '--compile-time-limit'; then
  compile_limit=${HOSTILE_COMPILE_LIMIT:-20}
  compile_opt=(--compile-time-limit "$compile_limit")
else
  compile_limit=120
fi

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
t0=$(now)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/hostile-class.XXXXXX") || die "mktemp failed"
tmp=$(cd "$tmp" && pwd -P)
# The sandbox's uid must be able to enter the caches (their own folders are set up by grader).
chmod 711 "$tmp"
cd "$tmp" || die "cannot enter $tmp"  # never a ./problems folder of the caller's

live_pids=()  # background processes of this script still running
cgroups=()    # memory cgroups made by this script
prefix=""     # the installed layout under /usr/local, once made
cleanup() {
  local pid cg i
  for pid in "${live_pids[@]}"; do
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  for cg in "${cgroups[@]}"; do
    for i in $(seq 50); do
      [[ -d $cg ]] || break
      rmdir "$cg" 2>/dev/null && break
      sleep 0.1
    done
    [[ ! -d $cg ]] || log "note: could not remove the cgroup $cg"
  done
  if [[ $prefix == /usr/local/grader-hostile-* && -d $prefix ]]; then
    rm -rf -- "$prefix"
  fi
  if [[ ${HOSTILE_KEEP:-0} == 1 ]]; then
    log "kept $tmp"
  else
    rm -rf -- "$tmp"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# The secret: in the grader's environment only (what a CI token would be).
export GRADER_HOSTILE_SECRET="hostile${RANDOM}secret${RANDOM}${RANDOM}"
rand=$RANDOM$RANDOM
mark="honest-mark-$rand"

# --- Python helper: needles, the leak scanner (and its self-test), the verdicts. ------------
helper=$tmp/hostile.py
cat >"$helper" <<'PY'
"""hostile_class.sh's helper (standard library only)."""
import html, json, os, re, sys, tempfile
from xml.sax.saxutils import escape as xml_escape

TOKEN = re.compile(r"[A-Za-z0-9]+")
MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def tokens(text):
    return " " + " ".join(TOKEN.findall(text)) + " "


def json_strings(value, out):
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, dict):
        for k, v in value.items():
            out.append(k)
            json_strings(v, out)
    elif isinstance(value, list):
        for v in value:
            json_strings(v, out)


def views(data):
    """The file's text as written, and as JSON, XML/HTML and Markdown would unescape it."""
    text = data.decode("utf-8", "replace")
    out = [text, html.unescape(text), MD_ESCAPE.sub(r"\1", text)]
    try:
        strings = []
        json_strings(json.loads(text), strings)
        out.append("\n".join(strings))
    except ValueError:
        pass
    return out


def files(roots):
    for root in roots:
        if os.path.isfile(root):
            yield root
            continue
        for d, _, names in os.walk(root):
            for n in sorted(names):
                yield os.path.join(d, n)


def contains(data, needle):
    """The needle as written or escaped, or its words in order whatever the punctuation."""
    vs = views(data)
    if any(needle in v for v in vs):
        return True
    tok = tokens(needle)
    return len(tok.split()) >= 1 and any(tok in tokens(v) for v in vs)


def find(needle, roots):
    hits = []
    for path in files(roots):
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError:
            continue
        if contains(data, needle):
            hits.append(path)
    return hits


def short(text, n=200):
    text = ascii(text)[1:-1]
    return text if len(text) <= n else text[:n] + "..."


def words(line):
    return len(TOKEN.findall(line))


def pick_tail_line(path, last):
    """The longest line of the last `last` lines with 5 words or more."""
    lines = [l.strip() for l in open(path, encoding="utf-8").read().splitlines()[-last:]]
    lines = [l for l in lines if words(l) >= 5]
    if not lines:
        sys.exit("no distinctive line in the last %d lines of %s" % (last, path))
    return max(lines, key=len)


def pick_first_line(path, min_words):
    for l in open(path, encoding="utf-8", errors="replace").read().splitlines():
        if words(l) >= min_words:
            return l.strip()
    sys.exit("no line of %d words in %s" % (min_words, path))


def cmd_choose(args):
    """choose OUT.json name=kind:path[:arg] ...: each needle with the file it comes from."""
    out = {}
    for spec in args[1:]:
        name, rest = spec.split("=", 1)
        kind, path = rest.split(":", 1)
        if kind == "tail":
            text = pick_tail_line(path, 12)
        elif kind == "first":
            text = pick_first_line(path, 5)
        elif kind == "longest":
            text = max((l.strip() for l in open(path, encoding="utf-8")), key=len)
        elif kind == "line1":
            text = open(path, encoding="utf-8", errors="replace").readline().strip()
        elif kind == "grep":
            pattern, path = path.split(":", 1)
            text = next(l.strip() for l in open(path, encoding="utf-8") if re.search(pattern, l))
        elif kind == "env":
            text, path = os.environ[path], "/proc/self/environ"
        else:
            sys.exit("unknown needle kind " + kind)
        out[name] = {"text": text, "source": path}
    json.dump(out, open(args[0], "w"), indent=1)


def cmd_proof(args):
    """proof NEEDLES.json: each needle is in the file its attack reads, and the scanner finds
    it in every format grade writes (raw, JSON, XML, Markdown), and not where it is not."""
    needles = json.load(open(args[0]))
    with tempfile.TemporaryDirectory() as d:
        for name, n in needles.items():
            text, source = n["text"], n["source"]
            try:
                with open(source, "rb") as f:
                    there = text.encode() in f.read()
            except OSError as e:
                there = False
                print("FAIL: needle %s: cannot read %s: %s" % (name, source, e))
            samples = {
                "raw.txt": "x %s y\n" % text,
                "escaped.json": json.dumps({"m": "line\n%s\u001b" % text}),
                "ascii.json": json.dumps({"m": "%s" % text}, ensure_ascii=True),
                "junit.xml": "<failure message=\"%s\">%s</failure>" % (
                    xml_escape(text, {'"': "&quot;"}), xml_escape(text)),
                "report.md": re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", text),
            }
            missed = []
            for fname, body in samples.items():
                p = os.path.join(d, name + "-" + fname)
                open(p, "w", encoding="utf-8").write(body)
                if not find(text, [p]):
                    missed.append(fname)
            control = os.path.join(d, name + "-control.txt")
            open(control, "w").write("nothing to see here\n")
            false_hit = bool(find(text, [control]))
            if there and not missed and not false_hit:
                print("ok: needle %s (%s) is in %s, and the scanner finds it raw, in JSON, XML "
                      "and Markdown" % (name, short(text, 60), source))
            else:
                print("FAIL: needle %s (%s): in %s: %s; missed in %s; false hit: %s" % (
                    name, short(text, 60), source, there, missed or "none", false_hit))
        p = os.path.join(d, "esc.md")
        open(p, "wb").write(b"a\x1b[31mb")
        if esc_files([p]) == [p] and not esc_files([os.path.join(d, "raw.txt")]):
            print("ok: the ESC scanner finds a raw 0x1b byte")
        else:
            print("FAIL: the ESC scanner does not work")


def cmd_scan(args):
    """scan NEEDLES.json BASE NAME[,NAME] WHAT ROOT...: ok when no file has the needles."""
    needles, base, names, what, roots = json.load(open(args[0])), args[1], args[2], args[3], args[4:]
    count = sum(1 for _ in files(roots))
    for name in names.split(","):
        hits = find(needles[name]["text"], roots)
        rel = [os.path.relpath(h, base) for h in hits]
        if hits:
            print("FAIL: %s: %s (%s) is in %d of %d output files: %s" % (
                what, name, short(needles[name]["text"], 60), len(hits), count, ", ".join(rel)))
        else:
            print("ok: %s: %s in none of %d output files" % (what, name, count))


def esc_files(roots):
    out = []
    for path in files(roots):
        try:
            if b"\x1b" in open(path, "rb").read():
                out.append(path)
        except OSError:
            pass
    return out


WORK = re.compile(r"/work/(run|build|pch|version)-[0-9]+-[0-9]+")


def cmd_paths(args):
    """paths BASE CACHE... -- ROOT...: no output names a code cache or a sandbox work folder."""
    base = args[0]
    cut = args.index("--")
    caches, roots = args[1:cut], args[cut + 1:]
    sample = "File \"%s/work/run-123-4/solve.py\", line 3" % caches[0]
    if not (WORK.search(sample) and caches[0] in sample):
        print("FAIL: the path scanner does not work")
        return
    hits, count = [], 0
    for path in files(roots):
        count += 1
        text = "\n".join(views(open(path, "rb").read()))
        found = sorted({m.group(0) for m in WORK.finditer(text)} |
                       {c for c in caches if c in text})
        if found:
            hits.append("%s (%s)" % (os.path.relpath(path, base), ", ".join(found[:2])))
    if hits:
        print("FAIL: a code cache or sandbox work folder is named in %d of %d output files "
              "(a report then depends on the run): %s" % (len(hits), count, ", ".join(hits)))
    else:
        print("ok: no output names a code cache or a sandbox work folder (%d files)" % count)


def cmd_esc(args):
    base, roots = args[0], args[1:]
    hits = esc_files(roots)
    count = sum(1 for _ in files(roots))
    if hits:
        print("FAIL: escbytes: a raw ESC byte (0x1b) is in %d of %d output files: %s" % (
            len(hits), count, ", ".join(os.path.relpath(h, base) for h in hits)))
    else:
        print("ok: escbytes: no raw ESC byte in any of %d output files" % count)


def load(report):
    data = json.load(open(report, encoding="utf-8"))
    return {s["student"]: {p["id"]: p for p in s["problems"]} for s in data}


def describe(p):
    if p is None:
        return "no result"
    text = "%s: %s" % (p.get("verdict"), short(p.get("message", "")))
    if p.get("diagnostic"):
        text += " | diagnostic: " + short(p["diagnostic"], 240)
    return text


ODE = "lecture06/ode-adjoint-code"
LINK = re.compile(r"symbolic link|symlink|leaves|outside|beneath|escapes", re.I)
STOPPED = re.compile(r"limit|stopped|killed|time", re.I)


def cmd_verdicts(args):
    """verdicts REPORT SHM_MEMORY(ok|over|unknown): the expected verdict of each attack."""
    by, shm_memory, many_memory = load(args[0]), args[1], args[2]
    get = lambda s, p: by.get(s, {}).get(p)

    honest = by.get("honest", {})
    answered = {k: v for k, v in honest.items() if v.get("verdict") != "missing"}
    if answered and all(v.get("verdict") == "pass" for v in answered.values()):
        print("ok: honest passes every problem it answered (%s)" % ", ".join(sorted(answered)))
    else:
        print("FAIL: honest: " + "; ".join("%s %s" % (k, describe(v))
                                           for k, v in sorted(honest.items())))
    message = (honest.get("t/apply") or {}).get("message", "")
    if "Protection: bubblewrap" in message:
        print("ok: graded at the bubblewrap level (%s)" % short(
            message.split("Protection: ", 1)[1], 120))
    else:
        print("FAIL: not graded at the bubblewrap level: %s" % short(message))

    invalid = [
        ("proc", "t/apply", "environ", "p -> /proc/self, {file: p/environ}"),
        ("refsym", "t/apply", "README.md", "ref -> reference/, {file: ref/README.md}"),
        ("refsym", ODE, "ode-adjoint-code.cpp",
         "ref -> reference/, {file: ref/lecture06/ode-adjoint-code.cpp} (the instructor's solution)"),
        ("classmate", "t/apply", "apply.cpp", "cm -> ../honest, {file: cm/apply.cpp}"),
        ("classmate", ODE, "answers.yaml", "cm -> ../honest, {file: cm/answers.yaml}"),
        ("etc", "t/apply", "shadow", "e -> /etc, {file: e/shadow}"),
        ("etc", ODE, "passwd", "e -> /etc, {file: e/passwd}"),
    ]
    for student, pid, name, what in invalid:
        p = get(student, pid)
        m = (p or {}).get("message", "")
        if p and p.get("verdict") == "invalid" and name in m and LINK.search(m):
            print("ok: %s %s (%s): invalid: %s" % (student, pid, what, short(m, 140)))
        else:
            escaped = " (ESCAPED: passes with a file from outside the folder)" if (
                p and p.get("verdict") == "pass") else ""
            print("FAIL: %s %s (%s): expected invalid naming %s as a symbolic link or outside "
                  "the folder; got %s%s" % (student, pid, what, name, describe(p), escaped))

    for pid in ("t/apply", ODE):
        p = get("relay", pid)
        if p and p.get("verdict") != "pass":
            print("ok: relay %s: not a pass (%s)" % (pid, describe(p)))
        else:
            print("FAIL: relay %s: ESCAPED: passes by relaying the request to other programs of "
                  "the cache (%s)" % (pid, describe(p)))

    # The run's memory limit holds for all its processes together: the kernel kills some of
    # the 14 children, and the program itself may still answer right. A pass is an escape
    # only if the run's memory went past the bound (measured alone, below).
    p = get("manyproc", "t/apply")
    if p and p.get("verdict") != "pass":
        print("ok: manyproc: not a pass (%s)" % describe(p))
    elif p and many_memory == "ok":
        print("ok: manyproc: passes, its children cut down within the memory bound (measured "
              "alone)")
    else:
        print("FAIL: manyproc: passes with 14 processes of 450 MiB each, memory %s (%s)"
              % (many_memory, describe(p)))

    p = get("shmhog", "t/apply")
    if p and p.get("verdict") != "pass":
        print("ok: shmhog: not a pass (%s)" % describe(p))
    elif p and shm_memory == "ok":
        print("ok: shmhog: passes, within the memory bound (measured alone)")
    elif p and shm_memory == "unknown":
        print("SKIP: shmhog passes; its memory could not be measured (%s)" % describe(p))
    else:
        print("FAIL: shmhog: passes, and its grading used more host memory than the bound (%s)"
              % describe(p))

    p = get("fakemsg", "t/apply")
    m = (p or {}).get("message", "")
    if p and p.get("verdict") == "crash" and not m.strip().lower().startswith("correct"):
        print("ok: fakemsg: crash, message in the grader's own words: %s" % short(m, 160))
    else:
        print("FAIL: fakemsg: expected a crash whose message does not start with the program's "
              "'correct: ...'; got %s" % describe(p))

    for pid in ("t/apply", ODE):
        p = get("escbytes", pid)
        if p and p.get("verdict") == "crash":
            print("ok: escbytes %s: crash" % pid)
        else:
            print("FAIL: escbytes %s: expected crash, got %s" % (pid, describe(p)))

    p = get("traceback", "t/apply")
    if p and p.get("verdict") == "crash":
        print("ok: traceback: crash (%s)" % describe(p))
    else:
        print("FAIL: traceback: expected crash (a Python exception), got %s" % describe(p))

    p = get("ptrace", "t/apply")
    if p and p.get("verdict") == "crash":
        print("ok: ptrace: crash (%s)" % describe(p))
    else:
        print("FAIL: ptrace: expected crash (it stops pid 1, then aborts), got %s" % describe(p))

    bomb(by, "first grading")
    p = get("bomb", ODE)
    print("bomb's ordinary file for %s: %s" % (ODE, describe(p)))

    wrong = [s for s, ps in sorted(by.items()) if (ps.get("lecture01/xax") or {}).get("verdict") != "pass"]
    if wrong:
        print("FAIL: lecture01/xax is not a pass for %s" % ", ".join(wrong))
    else:
        print("ok: lecture01/xax passes for all %d students (a hostile code answer costs nothing else)" % len(by))


def bomb(by, label):
    p = by.get("bomb", {}).get("t/apply")
    m = (p or {}).get("message", "")
    if p and p.get("verdict") == "compile-error" and STOPPED.search(m):
        print("ok: bomb (%s): compile-error, stopped at the compile limit: %s" % (label, short(m, 160)))
    else:
        print("FAIL: bomb (%s): expected a compile-error at the compile limit, got %s" % (
            label, describe(p)))


def cmd_bomb(args):
    bomb(load(args[0]), args[1])


def cmd_notpass(args):
    """notpass REPORT STUDENT PROBLEM WHAT"""
    p = load(args[0]).get(args[1], {}).get(args[2])
    if p and p.get("verdict") != "pass":
        print("ok: %s: not a pass (%s)" % (args[3], describe(p)))
    else:
        print("FAIL: %s: ESCAPED: %s" % (args[3], describe(p)))


def cmd_show(args):
    """show REPORT STUDENT PROBLEM: one line about a verdict."""
    print(describe(load(args[0]).get(args[1], {}).get(args[2])))


if __name__ == "__main__":
    globals()["cmd_" + sys.argv[1]](sys.argv[2:])
PY

# --- Memory cgroups: one per grading, no limit, to measure its peak. -----------------------
cg_base=""
cg_file=""
cg_kind=""
cgroup_new() {  # NAME: makes the cgroup, sets $cg (empty when none can be made)
  cg=""
  [[ -n $cg_base ]] || return 0
  local d="$cg_base/hostile-class-$$-$1"
  if mkdir "$d" 2>/dev/null; then
    cgroups+=("$d")
    cg=$d
  fi
}
cgroup_peak() { cat "$1/$cg_file" 2>/dev/null; }
cgroup_remove() {
  local i
  for i in $(seq 50); do
    rmdir "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  log "note: could not remove the cgroup $1"
}
setup_cgroups() {
  local rel peak
  rel=$(awk -F: '$2 == "memory" { print $3; exit }' /proc/self/cgroup)
  if [[ -n $rel && -d /sys/fs/cgroup/memory ]]; then
    cg_base=/sys/fs/cgroup/memory${rel%/}
    cg_file=memory.max_usage_in_bytes
    cg_kind="cgroup v1, memory.max_usage_in_bytes"
  elif [[ -f /sys/fs/cgroup/cgroup.controllers ]]; then
    rel=$(awk -F: '$1 == "0" { print $3; exit }' /proc/self/cgroup)
    cg_base=/sys/fs/cgroup${rel%/}
    cg_file=memory.peak
    cg_kind="cgroup v2, memory.peak"
  fi
  cgroup_new probe
  if [[ -z $cg || ! -f $cg/$cg_file ]]; then
    [[ -z $cg ]] || cgroup_remove "$cg"
    cg_base=""
    skip "host memory: no writable memory cgroup here; the memory bound is not checked"
    return
  fi
  # The measurement must see what a process of the cgroup touches.
  (echo "$BASHPID" >"$cg/cgroup.procs" &&
    exec python3 -c 'x = bytearray(b"\x01") * (300 << 20)') 2>/dev/null
  peak=$(cgroup_peak "$cg")
  cgroup_remove "$cg"
  if [[ $peak =~ ^[0-9]+$ ]] && ((peak >= 300 * MiB)); then
    ok "host memory is measured ($cg_kind under $cg_base): a 300 MiB probe peaked at" \
      "$((peak / MiB)) MiB; bound $((mem_bound / MiB)) MiB per grading"
  else
    cg_base=""
    skip "host memory: the cgroup probe of 300 MiB read '${peak:-nothing}'; the memory bound" \
      "is not checked"
  fi
}

# grade NAME CLASS OUT CACHE [BINARY [PROBLEMS]]: grader grade in a fresh memory cgroup, with a
# watchdog; sets grade_status, grade_seconds and grade_peak (bytes; empty when not measured).
grade() {
  local name=$1 cls=$2 out=$3 cache=$4 bin=${5:-$grader} probs=${6:-$problems}
  local start status=0 watchdog
  cgroup_new "$name"
  start=$(now)
  (
    if [[ -n $cg ]]; then echo "$BASHPID" >"$cg/cgroup.procs" || exit 97; fi
    export GRADER_CACHE=$cache
    exec "$bin" grade "$cls" --out "$out" --jobs "$jobs" --problems "$probs" \
      --code-time-limit "$code_limit" "${compile_opt[@]}"
  ) >"$out.stdout" 2>"$out.stderr" &
  local pid=$!
  (
    deadline=$((SECONDS + run_bound_s))
    while kill -0 "$pid" 2>/dev/null; do
      if ((SECONDS >= deadline)); then
        kill -KILL "$pid" 2>/dev/null && echo killed >"$out.hung"
        break
      fi
      sleep 0.5
    done
  ) >/dev/null 2>&1 &
  watchdog=$!
  live_pids=("$pid" "$watchdog")
  wait "$pid" || status=$?
  kill "$watchdog" 2>/dev/null
  wait "$watchdog" 2>/dev/null
  live_pids=()
  grade_seconds=$(elapsed "$start" "$(now)")
  grade_status=$status
  grade_peak=""
  if [[ -n $cg ]]; then
    grade_peak=$(cgroup_peak "$cg")
    cgroup_remove "$cg"
  fi
  log "graded $name in $grade_seconds s (exit $status${grade_peak:+, host memory peak $((grade_peak / MiB)) MiB}): $(tail -1 "$out.stdout" 2>/dev/null)"
  if [[ -e $out.hung ]]; then
    bad "grading $name hung: killed after $run_bound_s s"
  elif ((status != 0)); then
    bad "grader grade ($name) exited with status $status: $(tail -5 "$out.stderr" | tr '\n' ' ')"
  fi
}

# memory_check WHAT: the last grading's peak against the bound.
memory_check() {
  if [[ -z $grade_peak ]]; then
    skip "host memory of $1: not measured"
  elif ((grade_peak < mem_bound)); then
    ok "host memory of $1: peak $((grade_peak / MiB)) MiB < bound $((mem_bound / MiB)) MiB"
  else
    bad "host memory of $1: peak $((grade_peak / MiB)) MiB >= bound $((mem_bound / MiB)) MiB" \
      "(jobs $jobs x 512 MiB + 600 MiB)"
  fi
}

# same_folders A B WHAT: byte-identical output folders.
same_folders() {
  local d
  d=$(diff -r "$1" "$2" 2>&1)
  if [[ -z $d ]]; then
    ok "$3: byte-identical output folders ($(find "$1" -type f | wc -l) files)"
  else
    local paths
    paths=$(grep -c -e '/work/run-' -e '/work/build-' -e "$tmp/cache" <<<"$d")
    bad "$3: the output folders differ ($(grep -c '^diff\|^Only' <<<"$d") files;" \
      "$paths differing lines name a cache or sandbox work path); first lines:"
    head -30 <<<"$d" | cut -c1-300 | sed 's/^/    /'
  fi
}

if ((${#compile_opt[@]})); then
  limit_text="compile limit $compile_limit s (${compile_opt[*]})"
else
  limit_text="compile limit $compile_limit s (grader's built-in; grade has no --compile-time-limit)"
fi
log "grader $grader; $limit_text; uid $EUID; in $tmp"
setup_cgroups

# Leftovers of an earlier run that was killed (a timeout's SIGKILL skips the trap): its
# installed layout, when older than two hours (never a concurrent run's), and its cgroups.
if ((EUID == 0)); then
  find /usr/local -maxdepth 1 -name 'grader-hostile-[0-9]*' -mmin +120 -print \
    -exec rm -rf {} + 2>/dev/null | sed 's/^/hostile_class: removed a leftover /'
fi
if [[ -n $cg_base ]]; then
  for d in "$cg_base"/hostile-class-*; do
    [[ -d $d ]] || continue
    owner=${d##*/hostile-class-}
    owner=${owner%%-*}
    kill -0 "$owner" 2>/dev/null || rmdir "$d" 2>/dev/null
  done
fi

# --- The problems, and the references `grader validate` builds. ------------------------------
set_dir=$tmp/set
problems=$set_dir/problems
mkdir -p "$problems/t" "$problems/lecture01" "$problems/lecture06" "$set_dir/reference/t" \
  "$set_dir/reference/lecture06"
cp "$src/tests/data/code/problems/t/apply.yaml" "$problems/t/apply.yaml"
cp "$src/problems/lecture01/xax.yaml" "$problems/lecture01/xax.yaml"
cp "$src/problems/lecture06/ode-adjoint-code.yaml" "$problems/lecture06/ode-adjoint-code.yaml"
cp "$src/reference/lecture06/ode-adjoint-code.cpp" "$set_dir/reference/lecture06/"
cat >"$set_dir/reference/t/apply.cpp" <<'EOF'
// Reference solution of t/apply (this test's problem): A times b.
Eigen::VectorXd apply(const Eigen::MatrixXd& A, const Eigen::VectorXd& b) { return A * b; }
EOF

cache1=$tmp/cache1  # validate, then the first and second gradings
cache0=$tmp/cache0  # a copy of cache1 right after validate: the fresh cache of the third
cache3=$tmp/cache3

# --- The class. --------------------------------------------------------------------------------
class=$tmp/class
ODE=lecture06/ode-adjoint-code
# answers ID T_APPLY_ANSWER [ODE_ANSWER]: answers.yaml, with lecture01/xax right.
answers() {
  local id=$1 apply=$2 ode=${3:-}
  mkdir -p "$class/$id"
  {
    echo "answers:"
    echo "  t/apply: $apply"
    [[ -z $ode ]] || echo "  $ODE: $ode"
    echo '  lecture01/xax: "dX*A*X + X*A*dX"'
  } >>"$class/$id/answers.yaml"
}
# source ID FILE: the C++ (or other) source on stdin, with @PLACEHOLDERS@ replaced.
source_file() {
  local text
  text=$(cat)
  text=${text//@MARK@/$mark}
  text=${text//@CACHES@/\"$cache1\", \"$cache3\"}
  mkdir -p "$class/$1"
  printf '%s\n' "$text" >"$class/$1/$2"
}

# honest: right answers, and a line of its own in its two files.
mkdir -p "$class/honest"
echo "# $mark: the honest student's own words, in no one else's report" >"$class/honest/answers.yaml"
answers honest "{file: apply.cpp}"
source_file honest apply.cpp <<'EOF'
// @MARK@ (apply.cpp): A times b, written by the honest student alone
Eigen::VectorXd apply(const Eigen::MatrixXd& A, const Eigen::VectorXd& b) { return A * b; }
EOF

# proc: the grader's own environment, through /proc/self.
answers proc "{file: p/environ}"
ln -s /proc/self "$class/proc/p"

# refsym: the reference folder of the source tree.
answers refsym "{file: ref/README.md}" "{file: ref/$ODE.cpp}"
ln -s "$src/reference" "$class/refsym/ref"

# classmate: the honest student's folder.
answers classmate "{file: cm/apply.cpp}" "{file: cm/answers.yaml}"
ln -s ../honest "$class/classmate/cm"

# etc: the host's /etc.
answers etc "{file: e/shadow}" "{file: e/passwd}"
ln -s /etc "$class/etc/e"

# relay: the majority answer of every other program it can run.
relay_code=$(cat <<'EOF'
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

// Relays the grader's request to every other program it can find (the code cache's binaries:
// the classmates' and the references `grader validate` built) and answers with the majority;
// nothing found, the function below answers (wrong).
namespace {

const char* const kCaches[] = {@CACHES@};  // the GRADER_CACHE folders this class is graded with
constexpr double kBudget = 3.5;             // seconds for the whole relay
constexpr double kPerProgram = 0.7;         // seconds for one program

double relay_clock() {
  timespec t{};
  clock_gettime(CLOCK_MONOTONIC, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

struct RelayCandidate {
  std::string path;
  double mtime;
};

void relay_scan(const std::string& dir, int depth, const struct stat& self,
                std::set<std::pair<dev_t, ino_t>>& seen, std::vector<RelayCandidate>& out) {
  if (depth < 0 || out.size() >= 400) return;
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return;
  while (dirent* e = readdir(d)) {
    const std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    const std::string path = (dir == "/" ? std::string() : dir) + "/" + name;
    struct stat st {};
    if (lstat(path.c_str(), &st) != 0) continue;
    if (S_ISDIR(st.st_mode)) {
      relay_scan(path, depth - 1, self, seen, out);
      continue;
    }
    if (!S_ISREG(st.st_mode) || (st.st_mode & 0111) == 0 || st.st_size < 4096) continue;
    if (st.st_dev == self.st_dev && st.st_ino == self.st_ino) continue;
    if (!seen.insert({st.st_dev, st.st_ino}).second) continue;
    char magic[4] = {};
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    const ssize_t n = read(fd, magic, sizeof magic);
    close(fd);
    if (n != 4 || std::memcmp(magic, "\x7f" "ELF", 4) != 0) continue;
    out.push_back({path, static_cast<double>(st.st_mtim.tv_sec) + 1e-9 * st.st_mtim.tv_nsec});
  }
  closedir(d);
}

// Runs `path` with the request on stdin: true, with its stdout, when it exits 0 in time.
bool relay_run(const std::string& path, const std::string& request_file, std::string& out) {
  int fds[2];
  if (pipe(fds) != 0) return false;
  const pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return false;
  }
  if (pid == 0) {
    setpgid(0, 0);
    const int in = open(request_file.c_str(), O_RDONLY);
    const int null = open("/dev/null", O_WRONLY);
    if (in < 0 || null < 0) _exit(126);
    dup2(in, 0);
    dup2(fds[1], 1);
    dup2(null, 2);
    close(fds[0]);
    execl(path.c_str(), path.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[1]);
  fcntl(fds[0], F_SETFL, O_NONBLOCK);
  const double end = relay_clock() + kPerProgram;
  bool eof = false;
  char buffer[65536];
  while (!eof) {
    const double left = end - relay_clock();
    if (left <= 0) break;
    pollfd p{fds[0], POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left * 1000) + 1) < 0 && errno != EINTR) break;
    for (;;) {
      const ssize_t n = read(fds[0], buffer, sizeof buffer);
      if (n > 0) {
        out.append(buffer, static_cast<std::size_t>(n));
        continue;
      }
      if (n == 0) eof = true;
      break;
    }
  }
  close(fds[0]);
  kill(-pid, SIGKILL);
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  kill(1, SIGCONT);  // a program that stopped the sandbox's init must not stall this one
  return eof && WIFEXITED(status) && WEXITSTATUS(status) == 0 && !out.empty();
}

struct Relay {
  Relay() {
    if (std::getenv("HOSTILE_RELAY_DONE") != nullptr) return;
    setenv("HOSTILE_RELAY_DONE", "1", 1);
    const double start = relay_clock();
    std::string request;
    char buffer[65536];
    for (;;) {
      const ssize_t n = read(0, buffer, sizeof buffer);
      if (n > 0) {
        request.append(buffer, static_cast<std::size_t>(n));
      } else if (n < 0 && errno == EINTR) {
        continue;
      } else {
        break;
      }
    }
    // The harness reads the request again, from a file of the work folder.
    const std::string request_file = "relay-request";
    {
      std::ofstream f(request_file, std::ios::binary);
      f << request;
    }
    const int again = open(request_file.c_str(), O_RDONLY);
    if (again >= 0) {
      dup2(again, 0);
      close(again);
    }

    struct stat self {};
    stat("/proc/self/exe", &self);
    std::set<std::string> roots = {"../../bin"};  // the work folder is CACHE/work/run-*
    char exe[4096] = {};
    const ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
      const std::string e(exe, static_cast<std::size_t>(n));
      roots.insert(e.substr(0, e.rfind('/')));
    }
    for (const char* c : kCaches) roots.insert(std::string(c) + "/bin");
    if (DIR* d = opendir("/var/tmp")) {
      while (dirent* e = readdir(d)) {
        if (std::strncmp(e->d_name, "grader-cache", 12) == 0) {
          roots.insert(std::string("/var/tmp/") + e->d_name);
        }
      }
      closedir(d);
    }
    std::ifstream mounts("/proc/self/mountinfo");
    for (std::string line; std::getline(mounts, line);) {
      std::istringstream fields(line);
      std::string id, parent, device, root, point;
      if (!(fields >> id >> parent >> device >> root >> point)) continue;
      bool system = point == "/";
      for (const char* p : {"/usr", "/bin", "/sbin", "/lib", "/etc", "/proc", "/dev", "/sys", "/tmp"}) {
        if (point.rfind(p, 0) == 0) system = true;
      }
      if (!system) roots.insert(point);
    }
    std::set<std::pair<dev_t, ino_t>> seen;
    std::vector<RelayCandidate> candidates;
    for (const auto& r : roots) relay_scan(r, 2, self, seen, candidates);
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const RelayCandidate& a, const RelayCandidate& b) { return a.mtime < b.mtime; });
    std::map<std::string, int> votes;
    std::vector<std::string> order;
    int tried = 0, answered = 0;
    for (const auto& c : candidates) {
      if (relay_clock() - start > kBudget) break;
      ++tried;
      std::string out;
      if (!relay_run(c.path, request_file, out)) continue;
      ++answered;
      if (votes[out]++ == 0) order.push_back(out);
      if (votes[out] >= 2) break;
    }
    std::string best;
    int best_votes = 0;
    for (const auto& o : order) {
      if (votes[o] > best_votes) {
        best = o;
        best_votes = votes[o];
      }
    }
    std::fprintf(stderr, "relay: %zu programs found, %d run, %d answered, %d votes\n",
                 candidates.size(), tried, answered, best_votes);
    if (best_votes > 0) {
      std::fwrite(best.data(), 1, best.size(), stdout);
      std::fflush(stdout);
      _exit(0);
    }
  }
} relay_instance;

}  // namespace
EOF
)
answers relay "{file: relay_apply.cpp}" "{file: relay_ode.cpp}"
source_file relay relay_apply.cpp <<EOF
$relay_code

// Nothing to relay to: a wrong answer, so that a pass means the relay worked.
Eigen::VectorXd apply(const Eigen::MatrixXd& A, const Eigen::VectorXd& b) { return 2 * A * b; }
EOF
source_file relay relay_ode.cpp <<EOF
$relay_code

// Nothing to relay to: a wrong answer, so that a pass means the relay worked.
Eigen::VectorXd ode_adjoint(const Eigen::VectorXd& p, const Eigen::VectorXd& u0,
                            const Eigen::VectorXd& y, double T) {
  return Eigen::VectorXd::Zero(p.size());
}
EOF

# shmhog: ~2 GiB in memory no per-process limit counts, then the right answer.
answers shmhog "{file: apply.cpp}"
source_file shmhog apply.cpp <<'EOF'
#include <fcntl.h>
#include <signal.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <unistd.h>

// Stashes about 2 GiB where the process's own limits do not count it: files in the tmpfs
// /dev/shm and /tmp, memfds and System V shared memory (kept after the process ends), then
// answers right.
namespace {

constexpr long long kWant = 2LL << 30;
constexpr long long kFile = 15LL << 20;  // each file under a 16 MiB file size limit
constexpr long long kSegment = 64LL << 20;
long long hog_total = 0;

long long hog_write(int fd, long long cap) {
  static char chunk[1 << 20];
  std::memset(chunk, 'h', sizeof chunk);
  long long done = 0;
  while (done < cap) {
    const ssize_t n = write(fd, chunk, static_cast<std::size_t>(
                                           std::min<long long>(sizeof chunk, cap - done)));
    if (n <= 0) break;
    done += n;
  }
  hog_total += done;
  return done;
}

long long hog_dir(const char* dir) {
  long long total = 0;
  for (int i = 0; hog_total < kWant; ++i) {
    const std::string path = std::string(dir) + "/hog-" + std::to_string(i);
    const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) break;
    const long long cap = std::min(kFile, kWant - hog_total);
    const long long n = hog_write(fd, cap);
    close(fd);
    total += n;
    if (n < cap) break;  // full
  }
  return total;
}

long long hog_memfd() {
  long long total = 0;
  while (hog_total < kWant) {
    const int fd = memfd_create("hog", 0);  // kept open: its memory stays
    if (fd < 0) break;
    const long long cap = std::min(kFile, kWant - hog_total);
    const long long n = hog_write(fd, cap);
    total += n;
    if (n < cap) break;
  }
  return total;
}

long long hog_sysv() {
  long long total = 0;
  while (hog_total < kWant) {
    const int id = shmget(IPC_PRIVATE, kSegment, IPC_CREAT | 0600);
    if (id < 0) break;
    void* p = shmat(id, nullptr, 0);
    if (p == reinterpret_cast<void*>(-1)) break;
    std::memset(p, 'h', kSegment);
    shmdt(p);  // detached, not removed: the segment stays
    total += kSegment;
    hog_total += kSegment;
  }
  return total;
}

}  // namespace

Eigen::VectorXd apply(const Eigen::MatrixXd& A, const Eigen::VectorXd& b) {
  static bool done = false;
  if (!done) {
    done = true;
    signal(SIGXFSZ, SIG_IGN);
    // Nothing printed: how much each place took may vary from run to run, and a report
    // that quotes it would too.
    hog_dir("/dev/shm");
    hog_dir("/tmp");
    hog_memfd();
    hog_sysv();
  }
  return A * b;
}
EOF

# manyproc: 14 processes each under the per-process memory limit, then the right answer.
answers manyproc "{file: apply.cpp}"
source_file manyproc apply.cpp <<'EOF'
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

// 14 processes of 450 MiB each, all held together for a moment: each is under a 512 MiB
// per-process limit, together they are 6.3 GiB. Then the right answer.
Eigen::VectorXd apply(const Eigen::MatrixXd& A, const Eigen::VectorXd& b) {
  static bool done = false;
  if (!done) {
    done = true;
    constexpr int kChildren = 14;
    constexpr std::size_t kEach = std::size_t{450} << 20;
    timespec start{};
    clock_gettime(CLOCK_MONOTONIC, &start);
    std::vector<pid_t> children;
    for (int k = 0; k < kChildren; ++k) {
      const pid_t pid = fork();
      if (pid == 0) {
        void* m = mmap(nullptr, kEach, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (m == MAP_FAILED) _exit(1);
        char* c = static_cast<char*>(m);
        for (std::size_t i = 0; i < kEach; i += 4096) c[i] = 1;
        // Held until 3 s after the start, when all of them hold theirs.
        timespec now{};
        clock_gettime(CLOCK_MONOTONIC, &now);
        const double left = 3.0 - static_cast<double>(now.tv_sec - start.tv_sec) -
                            1e-9 * static_cast<double>(now.tv_nsec - start.tv_nsec);
        if (left > 0) {
          timespec pause{static_cast<time_t>(left), static_cast<long>((left - static_cast<double>(static_cast<time_t>(left))) * 1e9)};
          nanosleep(&pause, nullptr);
        }
        _exit(0);
      }
      if (pid > 0) children.push_back(pid);
    }
    // Nothing printed: how many got their memory may vary from run to run.
    for (const pid_t pid : children) waitpid(pid, nullptr, 0);
  }
  return A * b;
}
EOF

# fakemsg: the harness's prefix, and a verdict of its own choosing.
fake_text="grader harness: correct: agrees with the reference on 30 random inputs"
answers fakemsg "{file: apply.cpp}"
source_file fakemsg apply.cpp <<EOF
// Speaks in the grader's voice: the harness's prefix, then a verdict of its own choosing.
Eigen::VectorXd apply(const Eigen::MatrixXd& A, const Eigen::VectorXd& b) {
  std::fprintf(stderr, "$fake_text\\n");
  std::exit(1);
  return A * b;
}
EOF

# escbytes: terminal escapes on stderr (a crash), and in the harness's prefix (the message).
answers escbytes "{file: apply.cpp}" "{file: ode.cpp}"
source_file escbytes apply.cpp <<'EOF'
// Terminal escapes and other control characters on stderr, then a crash.
Eigen::VectorXd apply(const Eigen::MatrixXd& A, const Eigen::VectorXd& b) {
  std::fputs("\x1b[2J\x1b[H\x1b[31mRED\x1b[0m \x1b]0;title\x07 bell\a back\b\b cr\r vt\v ff\f del\x7f end\n",
             stderr);
  std::fflush(stderr);
  std::abort();
  return A * b;
}
EOF
source_file escbytes ode.cpp <<'EOF'
// The escapes after the harness's prefix, where the grader takes its message from.
Eigen::VectorXd ode_adjoint(const Eigen::VectorXd& p, const Eigen::VectorXd& u0,
                            const Eigen::VectorXd& y, double T) {
  std::fputs("grader harness: \x1b[2J\x1b[31mRED in the message\x1b[0m\x07\n", stderr);
  std::exit(1);
  return p;
}
EOF

# ptrace: stops the sandbox's pid 1, then crashes.
answers ptrace "{file: apply.cpp}"
source_file ptrace apply.cpp <<'EOF'
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

// Stops the sandbox's init (pid 1) by ptrace and SIGSTOP, then crashes: the crash must not
// read as a timeout.
Eigen::VectorXd apply(const Eigen::MatrixXd& A, const Eigen::VectorXd& b) {
  errno = 0;
  const long attach = ptrace(PTRACE_ATTACH, static_cast<pid_t>(1), nullptr, nullptr);
  const int attach_errno = errno;
  long seize = -1, interrupt = -1;
  if (attach == 0) {
    for (int i = 0; i < 50; ++i) {  // the tracee's stop, within 0.5 s
      int status = 0;
      if (waitpid(1, &status, __WALL | WNOHANG) == 1) break;
      timespec tick{0, 10000000};
      nanosleep(&tick, nullptr);
    }
  } else {
    seize = ptrace(PTRACE_SEIZE, static_cast<pid_t>(1), nullptr, nullptr);
    if (seize == 0) interrupt = ptrace(PTRACE_INTERRUPT, static_cast<pid_t>(1), nullptr, nullptr);
  }
  const int stop = kill(1, SIGSTOP);
  std::fprintf(stderr, "ptrace: attach %ld (errno %d), seize %ld, interrupt %ld, SIGSTOP %d\n",
               attach, attach_errno, seize, interrupt, stop);
  timespec pause{0, 300000000};
  nanosleep(&pause, nullptr);
  std::abort();
  return A * b;
}
EOF

# traceback: an ordinary mistake in a Python command; the traceback names its file by path.
answers traceback "{command: python3 solve.py}"
source_file traceback solve.py <<'EOF'
import sys

request = sys.stdin.read()
raise ValueError("not written yet")
EOF

# bomb: a compile bomb, and an ordinary second file.
answers bomb "{file: apply.cpp}" "{file: ode.cpp}"
source_file bomb apply.cpp <<'EOF'
// A compile bomb: each static_assert makes g++ evaluate a constexpr triple loop (a million
// iterations, under g++'s constexpr operation limit), each with its own salt so that none is
// memoised: 1024 of them cost g++ far more CPU time than any compile limit, in little memory.
constexpr unsigned long bomb_spin(int n, int salt) {
  unsigned long x = 0;
  for (int a = 0; a < n; ++a)
    for (int b = 0; b < n; ++b)
      for (int c = 0; c < n; ++c) x ^= static_cast<unsigned long>(a ^ b ^ c ^ salt);
  return x + 1;
}
#define BOMB1(k) static_assert(bomb_spin(100, k) != 0, "");
#define BOMB4(k) BOMB1(k) BOMB1(k + 1) BOMB1(k + 2) BOMB1(k + 3)
#define BOMB16(k) BOMB4(k) BOMB4(k + 4) BOMB4(k + 8) BOMB4(k + 12)
#define BOMB64(k) BOMB16(k) BOMB16(k + 16) BOMB16(k + 32) BOMB16(k + 48)
#define BOMB256(k) BOMB64(k) BOMB64(k + 64) BOMB64(k + 128) BOMB64(k + 192)
#define BOMB1024(k) BOMB256(k) BOMB256(k + 256) BOMB256(k + 512) BOMB256(k + 768)
BOMB1024(0)

Eigen::VectorXd apply(const Eigen::MatrixXd& A, const Eigen::VectorXd& b) { return A * b; }
EOF
source_file bomb ode.cpp <<'EOF'
// An ordinary (wrong) answer beside the bomb: it compiles.
Eigen::VectorXd ode_adjoint(const Eigen::VectorXd& p, const Eigen::VectorXd& u0,
                            const Eigen::VectorXd& y, double T) {
  return Eigen::VectorXd::Zero(p.size());
}
EOF

# --- The needles, each proven to be in what its attack reads, and findable in every format. ----
needles=$tmp/needles.json
choose_args=(
  "secret=env:GRADER_HOSTILE_SECRET"
  "reference=tail:$class/refsym/ref/$ODE.cpp"
  "reference_readme=first:$class/refsym/ref/README.md"
  "classmate=grep:$mark:$class/classmate/cm/answers.yaml"
  "classmate_code=grep:$mark:$class/classmate/cm/apply.cpp"
)
if [[ -r /etc/shadow ]]; then
  choose_args+=("shadow=line1:$class/etc/e/shadow")
else
  skip "etc: /etc/shadow is not readable here; only /etc/passwd is looked for"
fi
choose_args+=("passwd=line1:$class/etc/e/passwd")
python3 "$helper" choose "$needles" "${choose_args[@]}" || die "cannot choose the needles"
pycheck proof "$needles"
etc_needles=passwd
[[ -r /etc/shadow ]] && etc_needles=shadow,passwd

# --- validate: the references' builds in the cache; then a copy of it as the fresh cache. ------
start=$(now)
GRADER_CACHE=$cache1 "$grader" validate --problems "$problems" --code-time-limit "$code_limit" \
  >"$tmp/validate.log" 2>&1
status=$?
log "grader validate (exit $status, $(elapsed "$start" "$(now)") s): $(grep -c '' "$tmp/validate.log") lines," \
  "$(find "$cache1/bin" -type f 2>/dev/null | wc -l) binaries in the cache"
if ((status != 0)); then
  sed 's/^/    /' "$tmp/validate.log" | head -20
  bad "grader validate of the test's problems exited with status $status (the relay needs the references' builds)"
fi
cp -a "$cache1" "$cache0"

# --- Grading 1 and 2 (same cache), 3 (a fresh cache from validate). --------------------------
grade run1 "$class" "$tmp/out1" "$cache1"
run1_seconds=$grade_seconds
run1_peak=$grade_peak
grade run2 "$class" "$tmp/out2" "$cache1"
run2_seconds=$grade_seconds
memory_check "the second grading of the class (every build cached)"
cp -a "$cache0" "$cache3"
grade run3 "$class" "$tmp/out3" "$cache3"
log "first grading $run1_seconds s${run1_peak:+ (peak $((run1_peak / MiB)) MiB)}, second" \
  "$run2_seconds s, third (fresh cache) $grade_seconds s"

# --- The memory hogs alone (warm cache), each measured. ----------------------------------------
shm_memory=unknown
many_memory=unknown
for hog in shmhog manyproc; do
  mkdir -p "$tmp/alone-$hog"
  cp -R "$class/$hog" "$tmp/alone-$hog/$hog"
  grade "$hog-alone" "$tmp/alone-$hog" "$tmp/out-$hog" "$cache1"
  memory_check "$hog graded alone"
  log "$hog alone: $(python3 "$helper" show "$tmp/out-$hog/report.json" "$hog" t/apply)"
  if [[ $hog == shmhog && -n $grade_peak ]]; then
    shm_memory=ok
    ((grade_peak < mem_bound)) || shm_memory=over
  fi
  if [[ $hog == manyproc && -n $grade_peak ]]; then
    many_memory=ok
    ((grade_peak < mem_bound)) || many_memory=over
  fi
done

# --- Verdicts. -----------------------------------------------------------------------------------
if [[ -f $tmp/out1/report.json ]]; then
  pycheck verdicts "$tmp/out1/report.json" "$shm_memory" "$many_memory"
else
  bad "the first grading wrote no report.json"
fi
for run in 2 3; do
  if [[ -f $tmp/out$run/report.json ]]; then
    pycheck bomb "$tmp/out$run/report.json" "grading $run"
  else
    bad "grading $run wrote no report.json"
  fi
done

# The compile bomb costs the compile limit once: not again in the second grading.
if awk -v s="$run2_seconds" -v b="$compile_limit" 'BEGIN { exit !(s < b) }'; then
  ok "bomb: the second grading (same cache) took $run2_seconds s < the compile limit" \
    "$compile_limit s (the first took $run1_seconds s)"
else
  bad "bomb: the second grading (same cache) took $run2_seconds s >= the compile limit" \
    "$compile_limit s: the failed compile was not cached (the first took $run1_seconds s)"
fi

# --- Same class, same outputs. -------------------------------------------------------------------
same_folders "$tmp/out1" "$tmp/out2" "grading twice with the same cache"
same_folders "$tmp/out1" "$tmp/out3" "grading again with a fresh cache"

# --- The installed layout (root only): its reference and problems are not reachable. -----------
if ((EUID == 0)); then
  prefix=/usr/local/grader-hostile-$rand
  if [[ -e $prefix ]]; then
    bad "install: $prefix exists already"
    prefix=""
  elif [[ -n ${HOSTILE_INSTALLED_PREFIX_FROM:-} ]]; then
    cp -a "$HOSTILE_INSTALLED_PREFIX_FROM" "$prefix" ||
      bad "install: cannot copy $HOSTILE_INSTALLED_PREFIX_FROM to $prefix"
  else
    cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1 ||
      bad "install: cmake --install $build --prefix $prefix failed: $(tail -3 "$tmp/install.log")"
  fi
fi
if ((EUID != 0)); then
  skip "include: not root, the installed layout under /usr/local is not tested"
elif [[ -x $prefix/bin/grader && -f $prefix/share/grader/reference/$ODE.cpp ]]; then
  iclass=$tmp/iclass
  mkdir -p "$iclass/include" "$iclass/showcmd"
  printf 'answers:\n  %s: {file: ode.cpp}\n  lecture01/xax: "dX*A*X + X*A*dX"\n' "$ODE" \
    >"$iclass/include/answers.yaml"
  cat >"$iclass/include/ode.cpp" <<EOF
// The instructor's solution, from the installed grader's data under /usr (the sandbox mounts /usr).
#include "$prefix/share/grader/reference/$ODE.cpp"
EOF
  printf 'answers:\n  %s: {command: sh leak.sh}\n  lecture01/xax: "dX*A*X + X*A*dX"\n' "$ODE" \
    >"$iclass/showcmd/answers.yaml"
  cat >"$iclass/showcmd/leak.sh" <<EOF
# Prints what the installed grader keeps under share/grader, and \`grader show\`, then fails.
P=$prefix
"\$P/bin/grader" show lecture07/reparam-code 2>&1 | head -n 6 >&2
grep -h 'reference:' "\$P/share/grader/problems/$ODE.yaml" >&2
tail -n 12 "\$P/share/grader/reference/$ODE.cpp" >&2
exit 1
EOF
  "$prefix/bin/grader" show lecture07/reparam-code 2>&1 | head -n 6 >"$tmp/show.txt"
  inst_needles=$tmp/inst-needles.json
  python3 "$helper" choose "$inst_needles" \
    "installed_reference=tail:$prefix/share/grader/reference/$ODE.cpp" \
    "installed_spec=grep:^\s*reference\b:$prefix/share/grader/problems/$ODE.yaml" \
    "grader_show=longest:$tmp/show.txt" || die "cannot choose the installed layout's needles"
  pycheck proof "$inst_needles"
  grade installed "$iclass" "$tmp/out-installed" "$cache1" "$prefix/bin/grader" \
    "$prefix/share/grader/problems"
  if [[ -f $tmp/out-installed/report.json ]]; then
    pycheck notpass "$tmp/out-installed/report.json" include "$ODE" \
      "include: #include \"$prefix/share/grader/reference/$ODE.cpp\""
    log "showcmd: $(python3 "$helper" show "$tmp/out-installed/report.json" showcmd "$ODE")"
  else
    bad "include: the installed grader wrote no report.json"
  fi
  pycheck scan "$inst_needles" "$tmp" \
    installed_reference,installed_spec,grader_show "include/showcmd (installed layout)" \
    "$tmp/out-installed" "$tmp/out-installed.stdout" "$tmp/out-installed.stderr"
else
  bad "include: no installed grader at $prefix (bin/grader, share/grader/reference)"
fi

# --- The honest student alone (same path, same cache): the same report. ------------------------
mv "$class" "$tmp/class-full"
mkdir -p "$class"
cp -a "$tmp/class-full/honest" "$class/honest"
grade honest-alone "$class" "$tmp/out-alone" "$cache1"
if cmp -s "$tmp/out1/students/honest.json" "$tmp/out-alone/students/honest.json"; then
  ok "honest: students/honest.json is byte-identical graded alone and in the hostile class"
else
  bad "honest: students/honest.json differs graded alone (>) and in the hostile class (<):"
  diff "$tmp/out1/students/honest.json" "$tmp/out-alone/students/honest.json" 2>&1 | head -20 |
    cut -c1-300 | sed 's/^/    /'
fi
rm -rf "$class"
mv "$tmp/class-full" "$class"

# --- Leaks: every file every grading wrote, and grade's own stdout and stderr. ------------------
# The secret anywhere; the class's needles in the class's gradings (the installed layout's
# gradings were scanned for the same reference above).
outputs=()
class_outputs=()
for o in "$tmp"/out*; do
  outputs+=("$o")
  [[ $o == "$tmp"/out-installed* ]] || class_outputs+=("$o")
done
pycheck scan "$needles" "$tmp" secret "proc (the grader's environment)" "${outputs[@]}"
pycheck scan "$needles" "$tmp" reference,reference_readme "refsym (the reference folder)" \
  "${class_outputs[@]}"
pycheck scan "$needles" "$tmp" classmate,classmate_code "classmate (the honest student's files)" \
  "${class_outputs[@]}"
pycheck scan "$needles" "$tmp" "$etc_needles" "etc (the host's /etc)" "${class_outputs[@]}"
pycheck esc "$tmp" "${outputs[@]}"
out_folders=()
for o in "$tmp"/out*; do [[ -d $o ]] && out_folders+=("$o"); done
pycheck paths "$tmp" "$cache1" "$cache3" -- "${out_folders[@]}"

if ((failures > 0)); then
  log "failed:"
  printf '%s\n' "${failed[@]}" | cut -c1-160 | sed 's/^/    /'
fi
log "$checks checks, $failures failed, in $(elapsed "$t0" "$(now)") s"
((failures == 0)) || exit 1
log "OK"
