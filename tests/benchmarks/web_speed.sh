#!/usr/bin/env bash
# The self-check page's speed (issue 22): runs the browser test (web/test/browser.mjs, Debian's
# chromium headless) on the built site, which measures, in the same run as its checks: the time
# until the page opened from disk is interactive, a verdict on every formula problem of the
# course (its first accept example, through the page's own check: median and worst) and the
# site's size. Prints them against the issue's bounds: interactive within 2 s, median and worst
# verdict under 300 ms, site under 8 MB.
# A benchmark, not a timed test: it exits 0 whatever the times (1 when the browser test fails),
# unless --strict, which also exits 1 when a figure is over its bound.
#
# Usage: tests/benchmarks/web_speed.sh [--strict] [--keep]
# Environment: GRADER (default build/grader/grader), GRADER_WEB_SITE (default build-web/site,
# built by ci/web), CHROMIUM (default /usr/bin/chromium). Needs node and `npm ci --prefix web`.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
grader=${GRADER:-$root/build/grader/grader}
site=${GRADER_WEB_SITE:-$root/build-web/site}
strict=0
keep=0
while (($#)); do
  case $1 in
    --strict) strict=1 ;;
    --keep) keep=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "web_speed.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
[[ -x $grader ]] || { echo "web_speed.sh: no grader binary at $grader (set GRADER)" >&2; exit 2; }
[[ -f $site/index.html ]] || { echo "web_speed.sh: no site at $site: run ci/web" >&2; exit 2; }
[[ -d $root/web/node_modules/puppeteer-core ]] ||
  { echo "web_speed.sh: run  npm ci --prefix web  first" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/web-speed.XXXXXX")
cleanup() {
  if ((keep)); then echo "kept: $tmp"; return; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
node "$root/web/test/browser.mjs" "$site" "$grader" "$tmp"

# figure, bound, unit: one line each, and whether every figure is within its bound.
node - "$tmp/speed.json" <<'JS'
const s = JSON.parse(require('node:fs').readFileSync(process.argv[2], 'utf8'));
const rows = [
  ['time to interactive (from disk)', s.interactive_ms, 2000, 'ms'],
  [`verdict, median of ${s.verdicts}`, s.verdict_median_ms, 300, 'ms'],
  [`verdict, worst (${s.verdict_worst_problem})`, s.verdict_worst_ms, 300, 'ms'],
  ['site size', s.site_bytes, 8 * 1024 * 1024, 'bytes'],
];
let over = 0;
for (const [what, value, bound, unit] of rows) {
  const ok = value < bound;
  if (!ok) over += 1;
  console.log(`${what.padEnd(44)} ${String(value).padStart(9)} ${unit.padEnd(5)} bound ${bound} ${ok ? 'within' : 'OVER'}`);
}
require('node:fs').writeFileSync(process.argv[2] + '.over', String(over));
JS
over=$(cat "$tmp/speed.json.over")
if ((strict && over > 0)); then
  echo "web_speed.sh: $over figure(s) over the issue's bounds" >&2
  exit 1
fi
