#!/usr/bin/env python3
"""summary.html in a real browser (issue 21): Debian's headless Chromium renders the page of a
graded class, and the charts show the numbers of analytics.json.

Usage: summary_html_browser.py --grader BIN --problems DIR --root REPO --artefacts DIR
                               [--students N] [--chromium BIN]

A class of N students (default 300, the issue's class size; 60 with GRADER_QUICK=1;
make_class.py, seed 5) plus 12 whose answer is
`</svg><script>...` is graded; Chromium dumps the DOM of summary.html (file://, a fresh
--user-data-dir, no network: every host resolves to nothing and a dead proxy), and the test
checks that the page rendered (its title, both charts), that every bar of the histogram and of
the pass rates carries the figures of analytics.json and prints them, and that the hostile
answer is text, not markup. A screenshot is kept as ARTEFACTS/summary.png (with
ARTEFACTS/summary.html). Exits 77 (skipped) when no chromium is installed (ci/setup installs
it), 1 on a failure. Python 3 standard library only.
"""

import argparse
import html.parser
import json
import os
import shutil
import subprocess
import sys
import tempfile

HOSTILE = "</svg><script>document.title='pwned'</script><b>x</b>"
HOSTILE_STUDENTS = 12


class Dom(html.parser.HTMLParser):
    """The elements of the dumped DOM: (tag, attributes, text inside), in order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []
        self.open = []

    def handle_starttag(self, tag, attrs):
        element = [tag, dict(attrs), ""]
        self.elements.append(element)
        if tag not in ("meta", "rect", "line", "br", "img", "input", "link"):
            self.open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.elements.append([tag, dict(attrs), ""])

    def handle_endtag(self, tag):
        for k in range(len(self.open) - 1, -1, -1):
            if self.open[k][0] == tag:
                del self.open[k:]
                break

    def handle_data(self, data):
        for element in self.open:
            element[2] += data


failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=kw.pop("timeout", 300),
                          **kw)


def chromium_args(binary, profile):
    return [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            f"--user-data-dir={profile}", "--no-first-run", "--disable-extensions",
            "--disable-background-networking", "--disable-sync", "--mute-audio",
            "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
            "--allow-file-access-from-files"]


def grade_class(args, tmp):
    klass = os.path.join(tmp, "class")
    subprocess.run([sys.executable, os.path.join(args.root, "tests/benchmarks/make_class.py"),
                    klass, "--students", str(args.students), "--seed", "5"], check=True,
                   capture_output=True, timeout=300)
    # Twelve of them, so that the answer is among the five groups the page shows.
    for k in range(HOSTILE_STUDENTS):
        os.makedirs(os.path.join(klass, f"zz-hostile-{k:02}"))
        with open(os.path.join(klass, f"zz-hostile-{k:02}", "answers.yaml"), "w") as f:
            f.write("answers:\n  lecture01/square: " + json.dumps(HOSTILE) + "\n")
    out = os.path.join(tmp, "out")
    env = dict(os.environ, GRADER_PROBLEMS=args.problems)
    r = run([args.grader, "grade", klass, "--out", out, "--jobs", "2"], env=env)
    check(r.returncode in (0, 4), f"grader grade exited {r.returncode}: {r.stderr[-2000:]}")
    return out


def check_dom(dom, analytics):
    elements = dom.elements
    titles = [e for e in elements if e[0] == "title"]
    check(titles and titles[0][2].startswith("Class summary"),
          f"page title {titles[0][2] if titles else None!r}: not rendered, or a script ran")
    check(not any(e[0] == "script" for e in elements), "the DOM has a <script> element")
    svgs = [e for e in elements if e[0] == "svg"]
    check(len(svgs) == 2, f"{len(svgs)} <svg> charts in the DOM, expected 2")
    check(any(e[0] == "code" and e[2] == HOSTILE for e in elements),
          "the hostile answer is not shown as text in a <code> element")
    # The histogram: one bar per bin, with the count of analytics.json, printed above it.
    bars = [e[1] for e in elements if e[0] == "rect" and "data-bin" in e[1]]
    want = [(f"{b['from_percent']}-{b['to_percent']}", str(b["students"]))
            for b in analytics["score_histogram"]]
    got = [(b["data-bin"], b["data-count"]) for b in bars]
    check(got == want, f"histogram bars {got}, analytics.json {want}")
    counts = [(e[1].get("data-bin"), e[2]) for e in elements
              if e[0] == "text" and e[1].get("class") == "count"]
    check(counts == want, f"histogram labels {counts}, analytics.json {want}")
    heights = {b["data-bin"]: float(b["height"]) for b in bars}
    tallest = max(want, key=lambda w: int(w[1]))
    check(heights and max(heights.values()) == heights[tallest[0]] and
          all((h == 0) == (dict(want)[k] == "0") for k, h in heights.items()),
          f"bar heights {heights} do not follow the counts {want}")
    # The pass rates: one bar per problem.
    rates = [e[1] for e in elements if e[0] == "rect" and "data-problem" in e[1]]
    labels = {e[1]["data-problem"]: e[2] for e in elements
              if e[0] == "text" and e[1].get("class") == "rate"}
    check(len(rates) == len(analytics["problems"]),
          f"{len(rates)} pass-rate bars for {len(analytics['problems'])} problems")
    for bar, p in zip(rates, analytics["problems"]):
        v = p["verdicts"]
        answered = v["pass"] + v["fail"] + v["invalid"] + v["error"]
        check(bar["data-problem"] == p["id"] and bar["data-passed"] == str(v["pass"]) and
              bar["data-answered"] == str(answered) and p["answered"] == answered,
              f"pass-rate bar {bar} against {p['id']}: {v['pass']}/{answered}")
        shown = labels.get(p["id"], "")
        if answered == 0:
            check(p["pass_rate"] is None and shown == f"not answered ({v['missing']} missing)",
                  f"{p['id']}: nobody answered, label {shown!r}, pass_rate {p['pass_rate']}")
            continue
        percent = round(100 * p["pass_rate"], 1)
        check(shown == f"{percent:g}% ({v['pass']}/{answered} answered)",
              f"{p['id']}: label {shown!r}, analytics.json {percent:g}% ({v['pass']}/{answered})")
        check(abs(float(bar["width"]) - 370 * p["pass_rate"]) < 0.06,
              f"{p['id']}: bar width {bar['width']} for a pass rate of {p['pass_rate']}")
    students = [e[2] for e in elements if e[1].get("id") == "students"]
    check(students == [str(analytics["students"])],
          f"students shown {students}, analytics.json {analytics['students']}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--grader", required=True)
    ap.add_argument("--problems", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--artefacts", required=True)
    quick = os.environ.get("GRADER_QUICK", "") not in ("", "0")
    ap.add_argument("--students", type=int, default=60 if quick else 300)
    ap.add_argument("--chromium", default=None)
    args = ap.parse_args()
    chromium = args.chromium or shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("summary_html_browser: no chromium installed (ci/setup installs it): skipped")
        return 77
    with tempfile.TemporaryDirectory(prefix="summary-html.") as tmp:
        out = grade_class(args, tmp)
        if failures:
            print("\n".join(failures))
            return 1
        for name in ("analytics.json", "summary.html"):
            check(os.path.isfile(os.path.join(out, name)), f"grader grade wrote no {name}")
        if failures:
            print("\n".join(failures))
            return 1
        with open(os.path.join(out, "analytics.json")) as f:
            analytics = json.load(f)
        page = "file://" + os.path.abspath(os.path.join(out, "summary.html"))
        r = run(chromium_args(chromium, os.path.join(tmp, "profile-dom")) +
                ["--virtual-time-budget=5000", "--dump-dom", page], timeout=120)
        check(r.returncode == 0, f"chromium --dump-dom exited {r.returncode}: {r.stderr[-2000:]}")
        dom = Dom()
        dom.feed(r.stdout)
        check_dom(dom, analytics)
        os.makedirs(args.artefacts, exist_ok=True)
        png = os.path.join(os.path.abspath(args.artefacts), "summary.png")
        if os.path.exists(png):
            os.remove(png)
        r = run(chromium_args(chromium, os.path.join(tmp, "profile-shot")) +
                ["--window-size=1000,1400", "--hide-scrollbars", f"--screenshot={png}", page],
                timeout=120)
        check(r.returncode == 0, f"chromium --screenshot exited {r.returncode}: {r.stderr[-2000:]}")
        try:
            with open(png, "rb") as f:
                data = f.read()
            check(data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10000,
                  f"{png}: not a PNG of a rendered page ({len(data)} bytes)")
        except OSError as e:
            check(False, f"no screenshot: {e}")
        shutil.copy(os.path.join(out, "summary.html"), os.path.join(args.artefacts, "summary.html"))
    if failures:
        print(f"summary_html_browser: {len(failures)} failure(s)")
        print("\n".join(failures))
        return 1
    print(f"summary_html_browser: {analytics['students']} students, "
          f"{len(analytics['problems'])} pass-rate bars and 10 histogram bars as in "
          f"analytics.json; hostile answer shown as text; screenshot {png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
