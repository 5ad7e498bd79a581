// Compares the browser's checker with the native one (issue 22): for every problem of
// problems/ answered in each answers.yaml given, and for every case of the notation corpus,
// at every seed, the JSON of check() (build-web/site) must be byte-identical to what
// `grader check answers.yaml --only ID --seed N --format json` prints (run in the answers'
// folder, so that both name the file answers.yaml).
//
//   node web/test/compare.mjs GRADER [--seeds 1,7,2026] [--corpus CORPUS.yaml] ANSWERS.yaml...
//
// --seed N is --seeds N. A corpus case (tests/data/notation/corpus.yaml: id, answer) becomes
// an answers.yaml of that one answer, in a folder of its own. The problems the browser
// refuses ("command_line" in its JSON) must be code problems or have a C++ F or reference,
// and their message must give the command line; they are counted apart. Prints one line per
// difference, a summary per seed (with the wasm verdict times), and exits 1 on any
// difference or wrong refusal (2 on unusable arguments). GRADER_WEB_SITE chooses the site.
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const site = resolve(process.env.GRADER_WEB_SITE ?? resolve(repo, 'build-web/site'));
const problemsDir = resolve(repo, 'problems');

function usage(why) {
  console.error(`compare.mjs: ${why}\nusage: node web/test/compare.mjs GRADER ` +
    '[--seeds 1,7,2026] [--corpus CORPUS.yaml] ANSWERS.yaml...');
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { seeds: ['1'], corpus: null, files: [] };
  for (let i = 0; i < argv.length; ++i) {
    const a = argv[i];
    if (a === '--seed' || a === '--seeds') {
      opts.seeds = (argv[++i] ?? '').split(',').filter(Boolean);
      if (!opts.seeds.every((s) => /^\d+$/.test(s))) usage(`bad seeds '${argv[i]}'`);
    } else if (a === '--corpus') {
      opts.corpus = resolve(argv[++i] ?? usage('--corpus needs a file'));
    } else {
      opts.files.push(resolve(a));
    }
  }
  opts.grader = opts.files.shift();
  if (!opts.grader || (opts.files.length === 0 && !opts.corpus)) usage('nothing to compare');
  return opts;
}

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function loadProblems() {
  const problems = new Map();
  for (const f of readdirSync(problemsDir, { recursive: true })) {
    if (!f.endsWith('.yaml')) continue;
    const text = readFileSync(join(problemsDir, f), 'utf8');
    const id = text.match(/^id:\s*(\S+)/m)?.[1];
    if (!id) continue;
    // What the browser must refuse: code problems, and a C++ F or reference ({cpp: ...}).
    const commandLine = /^\s*kind:\s*code\b/m.test(text) || /[{,\s]cpp:/.test(text);
    problems.set(id, { file: join(problemsDir, f), text, id, commandLine });
  }
  return problems;
}

// The (folder, answers text, problem id) pairs to compare: every answered problem of each
// answers file, and each corpus case in a folder of its own (removed by cleanup()).
function loadCases(opts, problems) {
  const cases = [];
  for (const file of opts.files) {
    const answers = readFileSync(file, 'utf8');
    for (const p of problems.values()) {
      if (new RegExp(`^\\s*${escapeRe(p.id)}\\s*:`, 'm').test(answers))
        cases.push({ label: `${file} ${p.id}`, dir: dirname(file), answers, problem: p });
    }
  }
  let tmp = null;
  if (opts.corpus) {
    // python3 with PyYAML reads the corpus (ci/setup installs python3-yaml).
    const corpus = JSON.parse(execFileSync('python3', ['-c',
      'import json, sys, yaml; json.dump(yaml.safe_load(open(sys.argv[1], encoding="utf-8")), sys.stdout)',
      opts.corpus]).toString());
    tmp = mkdtempSync(join(tmpdir(), 'grader-compare-'));
    corpus.forEach((c, i) => {
      const problem = problems.get(c.id);
      if (!problem) usage(`corpus case ${i + 1}: no problem ${c.id}`);
      const dir = join(tmp, String(i + 1));
      // JSON is YAML: the answer reaches both checkers exactly as the corpus gives it.
      const answers = `student: corpus\nanswers:\n  ${JSON.stringify(c.id)}: ${JSON.stringify(c.answer)}\n`;
      mkdirSync(dir);
      writeFileSync(join(dir, 'answers.yaml'), answers);
      cases.push({ label: `corpus case ${i + 1} (${c.id}: ${JSON.stringify(c.answer)})`, dir, answers, problem });
    });
  }
  return { cases, cleanup: () => tmp && rmSync(tmp, { recursive: true, force: true }) };
}

function nativeCheck(grader, c, seed) {
  return new Promise((resolveRun) => {
    execFile(grader, ['check', 'answers.yaml', '--only', c.problem.id, '--seed', seed,
      '--format', 'json', '--problems', problemsDir], { cwd: c.dir, maxBuffer: 1 << 26 },
    (error, stdout) => resolveRun(stdout.toString()));  // exit 1: a wrong answer
  });
}

const verdict = (json) => {
  try { return JSON.parse(json).problems[0].verdict; } catch { return json.slice(0, 120); }
};

// The verdicts and the first line where the two reports differ.
function difference(native, mine) {
  const a = native.split('\n');
  const b = mine.split('\n');
  let i = 0;
  while (i < a.length && a[i] === b[i]) ++i;
  return `native ${verdict(native)}, wasm ${verdict(mine)}; line ${i + 1}: native ` +
    `${JSON.stringify(a[i]?.trim())}, wasm ${JSON.stringify(b[i]?.trim())}`;
}

// One seed: the wasm checks run here (one at a time), the native ones as processes, as many
// at once as there are cores. Returns the seed's counts.
async function compareSeed(wasm, grader, cases, seed) {
  const counts = { same: 0, differ: [], commandLine: 0, wrongRefusal: [], times: [] };
  const pending = [];
  const running = new Set();
  for (const c of cases) {
    const t0 = performance.now();
    const mine = wasm.check(c.problem.text, c.problem.file, c.answers, seed, Date.now() / 1000);
    counts.times.push(performance.now() - t0);
    if (JSON.parse(mine).command_line) {
      const fine = c.problem.commandLine && mine.includes(`grader check answers.yaml --only ${c.problem.id}`);
      if (fine) counts.commandLine += 1; else counts.wrongRefusal.push(`${c.label}: ${mine.trim()}`);
      continue;
    }
    if (c.problem.commandLine) counts.wrongRefusal.push(`${c.label}: not refused`);
    const run = nativeCheck(grader, c, seed).then((native) => {
      running.delete(run);
      if (native === mine) counts.same += 1;
      else counts.differ.push(`${c.label}: ${difference(native, mine)}`);
    });
    running.add(run);
    pending.push(run);
    if (running.size >= availableParallelism()) await Promise.race(running);
  }
  await Promise.all(pending);
  return counts;
}

const opts = parseArgs(process.argv.slice(2));
const problems = loadProblems();
const { cases, cleanup } = loadCases(opts, problems);
// Emscripten 3.1.6's loader cannot fetch() a file path under Node 18+: hand it the bytes.
const require = createRequire(import.meta.url);
const createGrader = require(resolve(site, 'grader.js'));
// grader.js embeds the .wasm (-sSINGLE_FILE, for the page opened from file://).
const wasm = await createGrader();

let failed = false;
try {
  for (const seed of opts.seeds) {
    const r = await compareSeed(wasm, opts.grader, cases, seed);
    for (const line of r.differ) console.log(`differs (seed ${seed}): ${line}`);
    for (const line of r.wrongRefusal) console.log(`wrong refusal (seed ${seed}): ${line}`);
    r.times.sort((a, b) => a - b);
    const median = r.times[Math.floor(r.times.length / 2)] ?? 0;
    console.log(`seed ${seed}: ${cases.length} answers: ${r.same} equal, ${r.differ.length} ` +
      `different, ${r.commandLine} for the command line only, ${r.wrongRefusal.length} wrongly ` +
      `refused or accepted; wasm verdict median ${median.toFixed(0)} ms, worst ` +
      `${(r.times.at(-1) ?? 0).toFixed(0)} ms`);
    failed ||= r.differ.length > 0 || r.wrongRefusal.length > 0;
    failed ||= r.same === 0;  // nothing compared is no pass
  }
} finally {
  cleanup();
}
process.exit(failed ? 1 : 0);
