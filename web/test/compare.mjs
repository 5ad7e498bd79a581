// Compares the browser's checker with the native one: for every problem of problems/ and
// every answers.yaml given, the JSON of check() (build-web/site) must equal what
// `grader check answers.yaml --only ID --seed N --format json` prints (run in the
// answers' folder, so that both name the file answers.yaml).
//
//   node web/test/compare.mjs GRADER ANSWERS.yaml... [--seed N]
//
// Problems the browser refuses (code problems, C++ references: "command_line" in its JSON)
// are counted apart. Prints one line per difference and a summary with the wasm verdict
// times; exits 1 on any difference. (A first step towards issue 22's native-versus-wasm test; not in ci/test.)
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const site = process.env.GRADER_WEB_SITE ?? resolve(repo, 'build-web/site');

const args = process.argv.slice(2);
let seed = '1';
const seedAt = args.indexOf('--seed');
if (seedAt >= 0) seed = args.splice(seedAt, 2)[1];
const [grader, ...answerFiles] = args.map((a) => resolve(a));
if (!grader || answerFiles.length === 0) {
  console.error('usage: node web/test/compare.mjs GRADER ANSWERS.yaml... [--seed N]');
  process.exit(2);
}

const problemsDir = resolve(repo, 'problems');
const problems = readdirSync(problemsDir, { recursive: true })
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => {
    const text = readFileSync(join(problemsDir, f), 'utf8');
    return { file: join(problemsDir, f), text, id: text.match(/^id:\s*(\S+)/m)?.[1] };
  })
  .filter((p) => p.id);

// Emscripten 3.1.6's loader cannot fetch() a file path under Node 18+: hand it the bytes.
const require = createRequire(import.meta.url);
const createGrader = require(resolve(site, 'grader.js'));
const wasm = await createGrader({ wasmBinary: readFileSync(resolve(site, 'grader.wasm')) });

let same = 0;
const differ = [];
const commandLine = [];
const times = [];
for (const answersFile of answerFiles) {
  const answers = readFileSync(answersFile, 'utf8');
  for (const p of problems) {
    if (!new RegExp(`^\\s*${p.id.replace('/', '\\/')}\\s*:`, 'm').test(answers)) continue;
    let native;
    try {
      native = execFileSync(grader, ['check', 'answers.yaml', '--only', p.id, '--seed', seed,
        '--format', 'json', '--problems', problemsDir], { cwd: dirname(answersFile) }).toString();
    } catch (e) {
      native = e.stdout.toString();  // exit 1: a wrong answer
    }
    const t0 = performance.now();
    const mine = wasm.check(p.text, p.file, answers, seed, Date.now() / 1000);
    times.push(performance.now() - t0);
    if (JSON.parse(mine).command_line) {
      commandLine.push(p.id);  // code and C++ problems: the browser says to use the CLI
    } else if (mine === native) {
      same += 1;
    } else {
      const verdict = (json) => { try { return JSON.parse(json).problems[0].verdict; } catch { return json.slice(0, 80); } };
      differ.push(`${answersFile} ${p.id}: native ${verdict(native)}, wasm ${verdict(mine)}`);
    }
  }
}
times.sort((a, b) => a - b);
for (const line of differ) console.log(`differs: ${line}`);
const median = times[Math.floor(times.length / 2)] ?? 0;
console.log(`${same} equal, ${differ.length} different, ${commandLine.length} for the ` +
  `command line only; wasm verdict median ` +
  `${median.toFixed(0)} ms, worst ${(times.at(-1) ?? 0).toFixed(0)} ms`);
process.exit(differ.length ? 1 : 0);
