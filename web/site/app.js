// The self-check page (issue 22): the problems bundled in problems.js, the checker compiled
// to WebAssembly (grader.js, the module embedded), KaTeX for the mathematics. Text from a
// problem or an answer is only ever set with textContent (or rendered by KaTeX's DOM
// builder), never through innerHTML. Answers are kept in localStorage under STORE.
'use strict';

(() => {
  const STORE = 'grader-self-check-answers';
  const $ = (id) => document.getElementById(id);
  const problems = new Map(); // id -> {file, yaml, info}
  let grader = null;
  let saved = loadSaved();

  // --- small DOM helpers --------------------------------------------------------------------

  function el(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value);
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return node;
  }

  // TeX rendered by KaTeX into a new element; the text itself when KaTeX refuses it.
  function math(tex, fallback, display = false) {
    const span = el('span', { class: 'math' });
    try {
      window.katex.render(tex, span, { throwOnError: true, displayMode: display });
    } catch (e) {
      span.textContent = fallback;
    }
    return span;
  }

  // --- storage ------------------------------------------------------------------------------

  function loadSaved() {
    try {
      const data = JSON.parse(window.localStorage.getItem(STORE) || '{}');
      return { student: data.student || '', answers: data.answers || {} };
    } catch (e) {
      return { student: '', answers: {} };
    }
  }

  function store() {
    try {
      window.localStorage.setItem(STORE, JSON.stringify(saved));
    } catch (e) {
      // Storage refused (private window, quota): the answers stay in the page until download.
    }
  }

  // --- answers.yaml, as `grader check` reads it ---------------------------------------------

  // Every value is a double-quoted YAML scalar: JSON's string syntax is valid YAML.
  function answersYaml(student, answers) {
    const lines = ['# Written by the self-check page. Check it with: grader check answers.yaml'];
    if (student) lines.push(`student: ${JSON.stringify(student)}`);
    lines.push('answers:');
    const ids = Object.keys(answers).sort();
    for (const id of ids) {
      const answer = answers[id];
      if (typeof answer === 'string') {
        if (answer.trim() !== '') lines.push(`  ${id}: ${JSON.stringify(answer)}`);
      } else if (answer && typeof answer === 'object') {
        const parts = Object.entries(answer).filter(([, text]) => String(text).trim() !== '');
        if (parts.length === 0) continue;
        const map = parts.map(([part, text]) => `${part}: ${JSON.stringify(String(text))}`);
        lines.push(`  ${id}: {${map.join(', ')}}`);
      }
    }
    if (lines[lines.length - 1] === 'answers:') lines[lines.length - 1] = 'answers: {}';
    return lines.join('\n') + '\n';
  }

  // --- statements: paragraphs, "- " lists, ``` blocks, **bold**, `formulas` ----------------

  // A `formula` that parses is rendered, unless it calls a function (`kron(P, Q)`, `tanh.(x)`):
  // a statement writes those to say what to type, so they stay as typed.
  function inline(text) {
    const out = [];
    text.split('`').forEach((piece, i) => {
      if (i % 2 === 1) {
        const read = /[\p{L}\d_]\.?\(/u.test(piece) ? {} : JSON.parse(grader.tex(piece));
        out.push(read.tex !== undefined ? math(read.tex, piece) : el('code', {}, piece));
        return;
      }
      piece.split('**').forEach((plain, j) => {
        if (plain !== '') out.push(j % 2 === 1 ? el('strong', {}, plain) : plain);
      });
    });
    return out;
  }

  function statement(markdown) {
    const box = el('div', { class: 'statement' });
    const lines = markdown.split('\n');
    let paragraph = [];
    let list = [];
    const flush = () => {
      if (paragraph.length > 0) box.append(el('p', {}, ...inline(paragraph.join(' '))));
      if (list.length > 0) box.append(el('ul', {}, ...list.map((item) => el('li', {}, ...inline(item)))));
      paragraph = [];
      list = [];
    };
    for (let i = 0; i < lines.length; ++i) {
      const line = lines[i];
      if (/^\s*```/.test(line)) {
        flush();
        const code = [];
        for (++i; i < lines.length && !/^\s*```/.test(lines[i]); ++i) code.push(lines[i]);
        box.append(el('pre', {}, code.join('\n')));
        continue;
      }
      const item = line.match(/^\s*[-*] (.*)$/);
      if (line.trim() === '') {
        flush();
      } else if (item) {
        if (paragraph.length > 0) flush();
        list.push(item[1]);
      } else if (list.length > 0 && /^\s/.test(line)) {
        list[list.length - 1] += ` ${line.trim()}`;
      } else {
        if (list.length > 0) flush();
        paragraph.push(line.trim());
      }
    }
    flush();
    return box;
  }

  // --- the list of problems -----------------------------------------------------------------

  function buildList() {
    const nav = $('problems');
    nav.replaceChildren(el('h2', {}, 'Problems'));
    const lectures = new Map();
    for (const [id, p] of problems) {
      if (!lectures.has(p.info.lecture)) lectures.set(p.info.lecture, []);
      lectures.get(p.info.lecture).push([id, p]);
    }
    for (const lecture of [...lectures.keys()].sort((a, b) => a - b)) {
      const items = lectures.get(lecture).sort((a, b) => a[1].info.part - b[1].info.part || (a[0] < b[0] ? -1 : 1));
      const headingId = `lecture-${lecture}`;
      nav.append(el('h3', { id: headingId }, `Lecture ${lecture}`));
      nav.append(el('ul', { 'aria-labelledby': headingId },
        ...items.map(([id, p]) => el('li', {}, el('a', { href: `#${id}`, 'data-id': id },
          p.info.title, p.info.browser ? '' : ' (command line)')))));
    }
  }

  // --- one problem --------------------------------------------------------------------------

  function savedPart(id, part) {
    const answer = saved.answers[id];
    if (part === '') return typeof answer === 'string' ? answer : '';
    return answer && typeof answer === 'object' ? answer[part] || '' : '';
  }

  function savePart(id, part, text) {
    if (part === '') {
      saved.answers[id] = text;
    } else {
      const answer = typeof saved.answers[id] === 'object' && saved.answers[id] ? saved.answers[id] : {};
      answer[part] = text;
      saved.answers[id] = answer;
    }
    store();
  }

  // How the text was read: the canonical formula and its rendering, or the error at its column.
  function showReading(p, part, text, box) {
    if (text.trim() === '') {
      box.replaceChildren(el('span', { class: 'muted' }, 'Type a formula to see how it is read.'));
      return;
    }
    const read = JSON.parse(grader.read(p.yaml, p.file, part, text));
    if (read.column !== undefined) {
      const caret = ' '.repeat(read.column - 1) + '^'.repeat(Math.max(1, read.end_column - read.column));
      box.replaceChildren(...[
        el('p', { class: 'error' }, `${read.error} (column ${read.column})`),
        el('pre', { class: 'caret' }, `${text}\n${caret}`),
        read.help ? el('p', {}, read.help) : null].filter(Boolean));
      return;
    }
    if (read.error !== undefined) {
      box.replaceChildren(el('p', { class: 'error' }, read.error));
      return;
    }
    box.replaceChildren(...[
      el('p', {}, 'Read as: ', el('code', { class: 'canonical' }, read.canonical)),
      el('div', { class: 'preview' }, math(read.tex, read.canonical, true)),
      read.shape !== read.expected
        ? el('p', { class: 'error' }, `Its shape is ${read.shape}, but the answer must be ${read.expected}.`)
        : null].filter(Boolean));
  }

  function answerInputs(id, p) {
    const box = el('div', { class: 'inputs' });
    if (p.info.kind === 'choice') {
      box.append(el('ul', {}, ...p.info.options.map((o) => el('li', {}, `${o.letter}) `, ...inline(o.text)))));
    }
    for (const part of p.info.parts) {
      const inputId = `answer-${part.name || 'single'}`;
      const label = p.info.kind === 'choice'
        ? (p.info.select_all ? 'Your answer: the letters of every right option (a, c)' : 'Your answer: the letter of the right option')
        : part.name ? `Your answer for ${part.name} (${part.shape})` : `Your answer (${part.shape})`;
      const input = el('input', { id: inputId, type: 'text', spellcheck: 'false', autocomplete: 'off',
        autocapitalize: 'off', 'data-part': part.name, 'aria-describedby': `${inputId}-reading` });
      input.value = savedPart(id, part.name);
      const reading = el('div', { id: `${inputId}-reading`, class: 'reading' });
      const update = () => {
        savePart(id, part.name, input.value);
        if (p.info.kind !== 'choice') showReading(p, part.name, input.value, reading);
      };
      input.addEventListener('input', update);
      input.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') $('check').click();
      });
      box.append(el('label', { for: inputId }, label), input, reading);
      if (p.info.kind !== 'choice') showReading(p, part.name, input.value, reading);
    }
    return box;
  }

  function randomSeed() {
    const words = new Uint32Array(2);
    window.crypto.getRandomValues(words);
    return ((BigInt(words[0]) << 32n) | BigInt(words[1])).toString();
  }

  function checkControls() {
    const seed = el('input', { id: 'seed', type: 'text', inputmode: 'numeric', size: '22', spellcheck: 'false' });
    seed.value = window.sessionStorage?.getItem('grader-seed') || '1';
    seed.addEventListener('input', () => window.sessionStorage?.setItem('grader-seed', seed.value));
    const random = el('button', { id: 'random-seed', type: 'button' }, 'Random seed');
    random.addEventListener('click', () => {
      seed.value = randomSeed();
      window.sessionStorage?.setItem('grader-seed', seed.value);
    });
    const check = el('button', { id: 'check', type: 'button' }, 'Check');
    return el('p', { class: 'row' }, check, el('label', { for: 'seed' }, 'Seed'), seed, random);
  }

  function showProblem(id) {
    const p = problems.get(id);
    if (!p) return;
    const info = p.info;
    for (const a of document.querySelectorAll('nav a')) {
      if (a.dataset.id === id) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
    const main = $('problem');
    const heading = el('h2', { tabindex: '-1', id: 'problem-title' }, info.title);
    const parts = [heading, el('p', { class: 'meta' },
      `${info.id} · lecture ${info.lecture}, part ${info.part} · ${info.points} point${info.points === 1 ? '' : 's'} · ${info.kind}`),
    statement(info.statement)];
    if (info.function_tex) parts.push(el('p', {}, 'F = ', math(info.function_tex, info.function)));
    if (info.directions.length > 0) {
      parts.push(el('p', {}, 'Directions: ', ...info.directions.flatMap((d, i) =>
        [i > 0 ? ', ' : '', math(d.tex, d.name), ' (', el('code', {}, d.name), ')'])));
    }
    if (info.names) parts.push(el('pre', { class: 'names' }, info.answer_line + info.names));
    if (!info.browser) {
      parts.push(el('h3', {}, 'Checked with the command line'),
        el('p', {}, 'This problem runs code, which a browser page cannot: check it with'),
        el('pre', { class: 'command' }, info.command_line),
        info.code ? el('pre', {}, info.code) : null);
    } else {
      const result = el('section', { id: 'result', 'aria-live': 'polite', 'aria-atomic': 'true', 'aria-label': 'Verdict' });
      parts.push(answerInputs(id, p), checkControls(), result);
    }
    main.replaceChildren(...parts.filter(Boolean));
    if (info.browser) $('check').addEventListener('click', () => runCheck(id));
    heading.focus();
  }

  // --- checking -----------------------------------------------------------------------------

  // The report `grader check answers.yaml --only ID --seed SEED --format json` prints.
  function checkAnswer(id, answer, seed) {
    const p = problems.get(id);
    const yaml = answersYaml('', { [id]: answer });
    const started = performance.now();
    const report = JSON.parse(grader.check(p.yaml, p.file, yaml, seed, Date.now() / 1000));
    return { report, ms: performance.now() - started };
  }

  function entriesTable(entries) {
    return el('table', {},
      el('caption', {}, 'Entries that differ most'),
      el('tr', {}, ...['row', 'column', 'expected', 'yours'].map((h) => el('th', { scope: 'col' }, h))),
      ...entries.map((e) => el('tr', {}, ...[e.row, e.col, e.expected, e.received].map((v) => el('td', {}, String(v))))));
  }

  function showReport(report, ms) {
    const box = $('result');
    if (report.error) {
      box.dataset.verdict = 'error';
      box.replaceChildren(el('p', { class: 'verdict error' }, report.error));
      return;
    }
    const r = report.problems[0];
    box.dataset.verdict = r.verdict;
    box.dataset.ms = ms.toFixed(1);
    const rows = [
      el('p', { class: 'verdict' }, `${r.verdict.toUpperCase()} · ${r.score} of ${r.max_score}`),
      el('p', { class: 'message' }, r.message),
      r.read_as ? el('p', {}, 'Read as: ', el('code', {}, r.read_as)) : null,
      r.feedback ? el('p', { class: 'feedback' }, 'Feedback: ', r.feedback) : null,
      r.diagnosis ? el('p', {}, 'Diagnosis: ', el('code', {}, r.diagnosis)) : null,
      r.worst_entries ? entriesTable(r.worst_entries) : null,
      r.option_feedback ? el('ul', {}, ...Object.entries(r.option_feedback).map(([k, v]) => el('li', {}, `${k}) ${v}`))) : null,
      r.reference ? el('p', {}, 'Reference: ', el('code', {}, r.reference)) : null,
      r.diagnostic ? el('pre', {}, r.diagnostic) : null,
      el('p', { class: 'muted' }, `Seed ${r.seed} · ${r.trials} ${r.trials === 1 ? 'trial' : 'trials'} · oracle ${r.oracle} · ${ms.toFixed(0)} ms`)];
    box.replaceChildren(...rows.filter(Boolean));
  }

  function runCheck(id) {
    const p = problems.get(id);
    const answer = p.info.parts.length === 1 && p.info.parts[0].name === ''
      ? savedPart(id, '')
      : Object.fromEntries(p.info.parts.map((part) => [part.name, savedPart(id, part.name)]));
    const seed = $('seed').value.trim() || '1';
    $('result').replaceChildren(el('p', {}, 'Checking…'));
    // Let the page show "Checking…" before the checker holds the thread.
    setTimeout(() => {
      const { report, ms } = checkAnswer(id, answer, seed);
      showReport(report, ms);
    }, 0);
  }

  // --- download and upload ------------------------------------------------------------------

  function download() {
    const blob = new Blob([answersYaml(saved.student, saved.answers)], { type: 'text/yaml' });
    const url = URL.createObjectURL(blob);
    const a = el('a', { href: url, download: 'answers.yaml' });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    $('file-status').textContent = `answers.yaml downloaded (${Object.keys(saved.answers).length} answers).`;
  }

  async function upload(file) {
    const text = await file.text();
    const read = JSON.parse(grader.answers(text));
    if (read.error) {
      $('file-status').textContent = `Not loaded: ${read.error}`;
      return;
    }
    saved = { student: read.student === 'answers' ? saved.student : read.student, answers: read.answers };
    store();
    $('student').value = saved.student;
    $('file-status').textContent = `Loaded ${Object.keys(read.answers).length} answers from ${file.name}.`;
    const current = decodeURIComponent(window.location.hash.slice(1));
    if (problems.has(current)) showProblem(current);
  }

  // --- start --------------------------------------------------------------------------------

  async function start() {
    grader = await window.createGrader();
    const loadedMs = performance.now();
    // problems.js carries each spec's description (bundle.mjs ran describe at build time).
    for (const { file, yaml, info: built } of window.GRADER_PROBLEMS) {
      const info = built ?? JSON.parse(grader.describe(yaml, file));
      if (info.error) {
        console.error(info.error);
        continue;
      }
      problems.set(info.id, { file, yaml, info });
    }
    const describedMs = performance.now();
    buildList();
    $('student').value = saved.student;
    $('student').addEventListener('input', () => {
      saved.student = $('student').value;
      store();
    });
    $('download').addEventListener('click', download);
    $('upload').addEventListener('change', (event) => {
      if (event.target.files[0]) upload(event.target.files[0]);
    });
    const route = () => showProblem(decodeURIComponent(window.location.hash.slice(1)));
    window.addEventListener('hashchange', route);
    route();
    $('status').textContent = `Ready: ${problems.size} problems, checked in this page.`;
    // For the browser test: the checker's own path, and when the page became usable.
    window.graderPage = { grader, problems, checkAnswer, answersYaml, readyMs: performance.now(), loadedMs, describedMs };
    document.body.dataset.ready = 'true';
  }

  start().catch((e) => {
    $('status').textContent = `The checker could not start: ${e}`;
  });
})();
