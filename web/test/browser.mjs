// The self-check page in Debian's Chromium, headless, driven by puppeteer-core (no browser
// is downloaded), as a student uses it (issue 22):
//
//   node web/test/browser.mjs SITE_DIR GRADER_BINARY ARTEFACT_DIR
//
// Opens SITE_DIR/index.html from disk (file://). For three problems (a differential, a
// gradient in two variables, a choice) it types a wrong then a right answer from the spec's
// own reject/accept examples (the last one a wrong answer again) and reads the verdicts (and
// sees a formula that does not parse shown with its error and column as it is typed); it
// downloads answers.yaml, checks it with the native `grader check` and asserts the same
// verdicts; it loads the file back into an emptied browser and finds the answers again; it
// loads a malformed file and finds the native grader's message. Also: KaTeX renders every
// accept example of every problem, every F and every builtin (through the module's to_tex)
// without an error; every
// control has a label and the verdict is in an aria-live region; at 640 px wide (200% zoom
// of a 1280 px window) nothing scrolls sideways; the Content-Security-Policy is not violated.
// A screenshot of each step goes to ARTEFACT_DIR, and speed.json the figures
// tests/benchmarks/web_speed.sh compares with the issue's bounds (this test only asserts
// correctness). Exits 1 with a message on the first failure.
//
// Environment: CHROMIUM (default /usr/bin/chromium), GRADER_PROBLEMS (default: problems/
// of this repository, which the site must have been built from).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';

const here = dirname(fileURLToPath(import.meta.url));
const [siteArg, graderArg, artefactArg] = process.argv.slice(2);
if (!siteArg || !graderArg || !artefactArg) {
  console.error('usage: node web/test/browser.mjs SITE_DIR GRADER_BINARY ARTEFACT_DIR');
  process.exit(2);
}
const site = resolve(siteArg);
const grader = resolve(graderArg);
const artefacts = resolve(artefactArg);
const problemsDir = process.env.GRADER_PROBLEMS ?? resolve(here, '../../problems');
mkdirSync(artefacts, { recursive: true });
// Screenshots of an earlier run would mix with this run's.
for (const old of readdirSync(artefacts).filter((f) => /^\d\d-.*\.png$/.test(f))) rmSync(join(artefacts, old));

class TestFailure extends Error {}
function expect(condition, message) {
  if (!condition) throw new TestFailure(message);
}

let shot = 0;
async function screenshot(page, name) {
  shot += 1;
  const file = join(artefacts, `${String(shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

// The native grader's verdicts on an answers.yaml, for `ids`.
function nativeVerdicts(file, ids) {
  const args = ['check', file, '--format', 'json', '--seed', '1', ...ids.flatMap((id) => ['--only', id])];
  const run = spawnSync(grader, args, { encoding: 'utf8', env: { ...process.env, GRADER_PROBLEMS: problemsDir } });
  expect(run.status === 0 || run.status === 1, `grader check exited ${run.status}: ${run.stderr}`);
  const report = JSON.parse(run.stdout);
  return Object.fromEntries(report.problems.map((p) => [p.id, p.verdict]));
}

function siteBytes(dir) {
  return readdirSync(dir, { withFileTypes: true }).reduce(
    (sum, e) => sum + (e.isDirectory() ? siteBytes(join(dir, e.name)) : statSync(join(dir, e.name)).size), 0);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function openPage(browser, problems) {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url().slice(0, 120)} ${r.failure()?.errorText}`));
  return page;
}

async function waitReady(page) {
  await page.waitForFunction(() => document.body.dataset.ready === 'true', { timeout: 30000 });
}

// Opens the problem as a keyboard user does: focus its link, press Enter.
async function openProblem(page, id) {
  await page.focus(`nav a[data-id="${id}"]`);
  await page.keyboard.press('Enter');
  await page.waitForFunction((i) => document.querySelector(`nav a[aria-current="page"]`)?.dataset.id === i, {}, id);
}

async function typeAnswer(page, answer) {
  const parts = typeof answer === 'string' ? { '': answer } : answer;
  for (const [part, text] of Object.entries(parts)) {
    const selector = `#answer-${part || 'single'}`;
    await page.click(selector, { clickCount: 3 });
    await page.keyboard.press('Backspace');
    await page.type(selector, text);
  }
}

// Presses Enter in the (last) answer field and reads the verdict.
async function check(page) {
  await page.evaluate(() => {
    const r = document.getElementById('result');
    delete r.dataset.verdict;
  });
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.getElementById('result').dataset.verdict, { timeout: 30000 });
  return page.$eval('#result', (r) => ({ verdict: r.dataset.verdict, text: r.textContent }));
}

async function examplesOf(page, id) {
  return page.evaluate((i) => {
    const p = window.graderPage.problems.get(i);
    return JSON.parse(window.graderPage.grader.examples(p.yaml, p.file));
  }, id);
}

// As the student types, a formula that does not parse shows its error and column.
async function parseError(page) {
  await typeAnswer(page, 'dX*A*X + X*A*)');
  const error = await page.$eval('.reading', (r) => r.textContent);
  await screenshot(page, 'parse-error');
  expect(error.includes("unexpected ')'") && error.includes('(column 14)'),
    `typing 'dX*A*X + X*A*)' shows "${error}", not the error at column 14`);
}

async function studentSteps(page, plan) {
  const last = {};
  for (const { id, steps } of plan) {
    await openProblem(page, id);
    await screenshot(page, `${id.replace('/', '-')}-open`);
    const examples = await examplesOf(page, id);
    if (id === 'lecture01/xax') await parseError(page);
    for (const step of steps) {
      const answer = step === 'right' ? examples.accept[0] : examples.reject[0];
      await typeAnswer(page, answer);
      const kind = await page.evaluate((i) => window.graderPage.problems.get(i).info.kind, id);
      if (kind !== 'choice') {
        const reading = await page.$eval('.reading', (r) => r.textContent);
        expect(reading.includes('Read as'), `${id}: no reading shown for ${JSON.stringify(answer)}: ${reading}`);
      }
      const { verdict, text } = await check(page);
      await screenshot(page, `${id.replace('/', '-')}-${step}`);
      const ok = step === 'right' ? verdict === 'pass' : verdict !== 'pass';
      expect(ok, `${id}: the ${step} answer ${JSON.stringify(answer)} got ${verdict}: ${text}`);
      last[id] = { verdict, answer };
      console.log(`  ${id}: ${step} answer -> ${verdict}`);
    }
  }
  return last;
}

async function download(page) {
  const cdp = await page.createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: artefacts, eventsEnabled: true });
  const file = join(artefacts, 'answers.yaml');
  rmSync(file, { force: true });
  await page.focus('#download');
  await page.keyboard.press('Enter');
  for (let i = 0; i < 100 && !existsSync(file); ++i) await new Promise((r) => setTimeout(r, 100));
  expect(existsSync(file), 'answers.yaml was not downloaded');
  await screenshot(page, 'downloaded');
  return file;
}

async function upload(page, file) {
  await page.evaluate(() => { document.getElementById('file-status').textContent = ''; });
  const input = await page.$('#upload');
  await input.uploadFile(file);
  await page.waitForFunction(() => document.getElementById('file-status').textContent !== '');
  return page.$eval('#file-status', (s) => s.textContent);
}

async function answersAgain(page, last) {
  for (const [id, { answer }] of Object.entries(last)) {
    await openProblem(page, id);
    const parts = typeof answer === 'string' ? { '': answer } : answer;
    for (const [part, text] of Object.entries(parts)) {
      const value = await page.$eval(`#answer-${part || 'single'}`, (i) => i.value);
      expect(value === text, `${id}: after loading answers.yaml the answer is ${JSON.stringify(value)}, not ${JSON.stringify(text)}`);
    }
  }
  await screenshot(page, 'loaded-back');
}

async function malformedUpload(page) {
  const bad = join(artefacts, 'malformed-answers.yaml');
  writeFileSync(bad, 'answers:\n  lecture01/xax: [dX, {a: 1}]\n');
  const run = spawnSync(grader, ['check', bad], { encoding: 'utf8', env: { ...process.env, GRADER_PROBLEMS: problemsDir } });
  const message = run.stderr.trim().split('\n')[0].replace(/^grader: (error: )?/, '');
  const status = await upload(page, bad);
  await screenshot(page, 'malformed-upload');
  expect(run.status === 2, `grader check of a malformed file exited ${run.status}`);
  const core = message.slice(message.indexOf('answers.yaml'));
  expect(status.includes(core.slice(core.indexOf(':')) ), `upload said "${status}", the native grader "${message}"`);
}

// KaTeX on the TeX of every accept example (and of F) of every formula problem.
async function katexEverywhere(page) {
  return page.evaluate(() => {
    const { grader: g, problems } = window.graderPage;
    const failures = [];
    let rendered = 0;
    const render = (tex, what) => {
      try {
        window.katex.renderToString(tex, { throwOnError: true, displayMode: true });
        rendered += 1;
      } catch (e) {
        failures.push(`${what}: ${tex}: ${e.message}`);
      }
    };
    for (const [id, p] of problems) {
      if (p.info.function_tex) render(p.info.function_tex, `${id} F`);
      if (!p.info.browser || p.info.kind === 'choice') continue;
      for (const example of JSON.parse(g.examples(p.yaml, p.file)).accept) {
        const parts = typeof example === 'string' ? { '': example } : example;
        for (const [part, text] of Object.entries(parts)) {
          const read = JSON.parse(g.read(p.yaml, p.file, part, text));
          if (read.tex === undefined) failures.push(`${id} ${JSON.stringify(text)}: not read: ${read.error}`);
          else render(read.tex, `${id} ${JSON.stringify(text)}`);
        }
      }
    }
    // Every builtin (grader/src/expr/builtins.cpp's table, in docs/formula-language.md's order),
    // also entrywise, and the operators, through the page's tex().
    const formulas = ['inv(A)', 'det(A)', 'logdet(A)', 'tr(A)', 'kron(A, B)', 'vec(A)',
      'reshape(v, m, n)', 'diag(A)', 'diagm(v)', 'sum(A)', 'norm(A)', 'dot(A, B)', 'transpose(A)',
      'exp(x)', 'log(x)', 'sqrt(x)', 'sin(x)', 'cos(x)', 'tanh(x)', 'sinh(x)', 'cosh(x)', 'sech(x)',
      'tan(x)', 'abs(x)', 'eigvals(S)', 'eigvecs(S)', 'I(n)', 'zeros(m, n)', 'ones(m, n)',
      'sqrt.(abs.(x))', 'sech.(x).^2', "A⁻¹'", 'x0 ./ y_1 .- 2e-3', 'A\\b', '[a b; c d][1, :]'];
    for (const f of formulas) {
      const read = JSON.parse(g.tex(f));
      if (read.tex === undefined) failures.push(`${f}: not read: ${read.error}`);
      else render(read.tex, f);
    }
    return { rendered, failures };
  });
}

// A verdict on every formula problem, through the page's own check (its first accept example).
async function verdictTimes(page) {
  return page.evaluate(() => {
    const { grader: g, problems, checkAnswer } = window.graderPage;
    const out = [];
    for (const [id, p] of problems) {
      if (!p.info.browser || p.info.kind === 'choice') continue;
      const answer = JSON.parse(g.examples(p.yaml, p.file)).accept[0];
      const { report, ms } = checkAnswer(id, answer, '1');
      out.push({ id, ms, verdict: report.error ? `error: ${report.error}` : report.problems[0].verdict });
    }
    return out;
  });
}

async function accessibility(page) {
  const unlabeled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea, button')]
    .filter((c) => !(c.labels?.length > 0 || c.getAttribute('aria-label') || (c.tagName === 'BUTTON' && c.textContent.trim())))
    .map((c) => c.id || c.outerHTML.slice(0, 60)));
  expect(unlabeled.length === 0, `controls without a label: ${unlabeled.join(', ')}`);
  const live = await page.$eval('#result', (r) => r.getAttribute('aria-live'));
  expect(live === 'polite' || live === 'assertive', 'the verdict is not in an aria-live region');
  await page.setViewport({ width: 640, height: 900 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await screenshot(page, 'width-640');
  expect(overflow <= 0, `at 640 px the page scrolls sideways by ${overflow} px`);
  await page.setViewport({ width: 1280, height: 900 });
}

async function main() {
  const profile = mkdtempSync(join(tmpdir(), 'grader-browser-'));
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    userDataDir: profile,
    // --no-sandbox: Chromium refuses to run as root (CI) with its sandbox.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  const problems = [];
  try {
    const page = await openPage(browser, problems);
    const url = pathToFileURL(join(site, 'index.html')).href;
    const started = Date.now();
    await page.goto(url, { waitUntil: 'load' });
    await waitReady(page);
    const interactive = Date.now() - started;
    const readyMs = await page.evaluate(() => window.graderPage.readyMs);
    const count = await page.evaluate(() => window.graderPage.problems.size);
    console.log(`opened ${url}: ${count} problems, interactive in ${interactive} ms (page's own clock ${readyMs.toFixed(0)} ms)`);
    await screenshot(page, 'opened');

    const plan = [
      { id: 'lecture01/xax', steps: ['wrong', 'right'] },
      { id: 'lecture07/reparam-gradient', steps: ['wrong', 'right'] },
      { id: 'lecture01/why-linearize', steps: ['right', 'wrong'] },
    ];
    const last = await studentSteps(page, plan);
    await accessibility(page);

    const file = await download(page);
    const native = nativeVerdicts(file, Object.keys(last));
    for (const [id, { verdict }] of Object.entries(last)) {
      expect(native[id] === verdict, `${id}: the page said ${verdict}, grader check ${native[id]}`);
    }
    console.log(`answers.yaml: grader check gives the page's verdicts (${JSON.stringify(native)})`);

    await page.evaluate(() => window.localStorage.clear());
    await page.reload({ waitUntil: 'load' });
    await waitReady(page);
    const status = await upload(page, file);
    expect(status.startsWith('Loaded'), `loading answers.yaml: ${status}`);
    await answersAgain(page, last);
    await malformedUpload(page);
    console.log('answers.yaml loaded back; a malformed one refused with the native message');

    const katex = await katexEverywhere(page);
    expect(katex.failures.length === 0, `KaTeX refused:\n  ${katex.failures.join('\n  ')}`);
    console.log(`KaTeX rendered ${katex.rendered} formulas (every accept example, every F, every builtin)`);

    const times = await verdictTimes(page);
    const wrong = times.filter((t) => t.verdict !== 'pass');
    expect(wrong.length === 0, `accept examples not passed: ${wrong.map((t) => `${t.id} ${t.verdict}`).join('; ')}`);
    const ms = times.map((t) => t.ms);
    const worst = times.reduce((a, b) => (b.ms > a.ms ? b : a));
    const figures = {
      interactive_ms: interactive,
      page_ready_ms: Math.round(readyMs),
      verdicts: times.length,
      verdict_median_ms: Number(median(ms).toFixed(1)),
      verdict_worst_ms: Number(worst.ms.toFixed(1)),
      verdict_worst_problem: worst.id,
      site_bytes: siteBytes(site),
    };
    writeFileSync(join(artefacts, 'speed.json'), JSON.stringify({ ...figures, times }, null, 2) + '\n');
    console.log(`verdicts on ${times.length} formula problems: median ${figures.verdict_median_ms} ms, ` +
      `worst ${figures.verdict_worst_ms} ms (${worst.id}); site ${figures.site_bytes} bytes`);
    expect(problems.length === 0, `the page reported:\n  ${problems.join('\n  ')}`);
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

main().then(() => {
  console.log(`browser test passed; screenshots in ${artefacts}`);
}).catch((e) => {
  console.error(`browser test FAILED: ${e instanceof TestFailure ? e.message : e.stack}`);
  process.exit(1);
});
