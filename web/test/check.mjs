// Loads the browser's checker (build-web/site/grader.js and grader.wasm) under Node and
// checks answers to one problem, printing each JSON report and the time of each verdict:
//
//   node web/test/check.mjs PROBLEM.yaml ANSWERS.yaml... [--seed N]
//
// Each ANSWERS.yaml is the file students hand in; the report is what
// `grader check ANSWERS.yaml --only ID --seed N --format json` prints.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const site = process.env.GRADER_WEB_SITE ?? resolve(here, '../../build-web/site');

const args = process.argv.slice(2);
let seed = '1';
const seedAt = args.indexOf('--seed');
if (seedAt >= 0) seed = args.splice(seedAt, 2)[1];
const [problemFile, ...answerFiles] = args;
if (!problemFile || answerFiles.length === 0) {
  console.error('usage: node web/test/check.mjs PROBLEM.yaml ANSWERS.yaml... [--seed N]');
  process.exit(2);
}

// grader.js embeds the module (SINGLE_FILE). A build with a separate grader.wasm: Emscripten
// 3.1.6's loader fetch()es it when fetch exists, which Node 18+ has and which cannot read a
// file path, so the bytes are handed over instead.
const require = createRequire(import.meta.url);
const createGrader = require(resolve(site, 'grader.js'));
const started = performance.now();
const wasm = resolve(site, 'grader.wasm');
const grader = await createGrader(existsSync(wasm) ? { wasmBinary: readFileSync(wasm) } : {});
console.error(`loaded in ${(performance.now() - started).toFixed(0)} ms`);

const problem = readFileSync(problemFile, 'utf8');
let status = 0;
for (const file of answerFiles) {
  const answers = readFileSync(file, 'utf8');
  const t0 = performance.now();
  const json = grader.check(problem, problemFile, answers, seed, Date.now() / 1000);
  const ms = performance.now() - t0;
  console.log(json.trimEnd());
  const report = JSON.parse(json);
  const verdict = report.error ? 'error' : report.problems?.[0]?.verdict;
  console.error(`${file}: ${verdict} in ${ms.toFixed(1)} ms`);
  if (verdict !== 'pass') status = 1;
}
process.exit(status);
