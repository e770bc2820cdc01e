// End-to-end test of the released site: walks the guided tour to the leak in
// headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core from
// .tools/npm) and checks what is on screen, where the page's requests go, and
// that the console stays clean. Run by tests/e2e/run.sh, which builds the site.
//
//   node tests/e2e/e2e.mjs --root DIR [--path /slotscope/] [--out artifacts/e2e] [--only languages|leak-chart]
//
// Serves DIR with `python3 -m http.server --bind 127.0.0.1` on a free port; the
// site must live at DIR/<path>. Prints one line per check ("ok - ..." or
// "FAIL - ...: why"), screenshots into --out, and a closing line
// "e2e: N passed, N failed"; exits 1 when anything failed.
//
// The page is driven only through the data-testid contract (ARCHITECTURE.md):
// "Start the tour" (tour-next), chapter after chapter to `orphan`, the leak on
// screen, a reload of the address, the `open-socket` chapter, the timeline's jump
// list to the same moment, and step-last to after close().
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { launch, ROOT, serve } from './headless.mjs';
import { prerenderChecks } from './prerender.mjs';
import { leakChartChecks } from './leak_chart.mjs';
import { languageChecks } from './languages.mjs';


const BUGGY = 'async-5.0.1';
const FIXED = 'async-fixed';
const TIMEOUT = 30000;

function parseArgs(argv) {
  const o = { root: null, path: '/slotscope/', out: path.join(ROOT, 'artifacts/e2e'), only: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i], v = () => argv[++i];
    if (a === '--root') o.root = path.resolve(v());
    else if (a === '--path') o.path = v();
    else if (a === '--out') o.out = path.resolve(v());
    else if (a === '--only') o.only = v();
    else throw new Error(`e2e.mjs: unknown argument ${a}`);
  }
  if (!o.root) throw new Error('e2e.mjs: --root DIR is required');
  if (!o.path.startsWith('/') || !o.path.endsWith('/')) throw new Error('e2e.mjs: --path must start and end with /');
  return o;
}


// ---- a tiny harness: every check is counted, a failed one does not stop the rest,
// and none can hang the run: past CHECK_LIMIT ms it fails (a wait without a timeout
// of its own once held CI until its limit).
const CHECK_LIMIT = 180000;
let passed = 0, failed = 0;
async function check(name, fn) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${CHECK_LIMIT / 1000} s`)), CHECK_LIMIT);
  });
  try {
    const note = await Promise.race([fn(), limit]);
    passed++;
    console.log(`ok - ${name}${note ? ` (${note})` : ''}`);
    return true;
  } catch (e) {
    failed++;
    console.log(`FAIL - ${name}: ${String(e && e.message || e).split('\n')[0]}`);
    return false;
  } finally {
    clearTimeout(timer);
  }
}
function assert(cond, msg) { if (!cond) throw new Error(msg); }

// ---- page helpers (data-testid contract only) ---------------------------------
const tid = (id) => `[data-testid="${id}"]`;
const paneOf = (model) => `[data-testid^="pane-"][data-model="${model}"]`;
async function paneText(page, model, id) {
  return page.$eval(`${paneOf(model)} ${tid(id)}`, (e) => e.textContent.trim());
}
async function paneNumber(page, model, id) {
  const t = await paneText(page, model, id);
  const n = Number(t.replace(/[^\d]/g, ''));
  assert(/\d/.test(t) && Number.isFinite(n), `${model} ${id} is not a number: "${t}"`);
  return n;
}
async function stepCounter(page) {
  return (await page.textContent(tid('step-counter'))).trim();
}
// Waits until the step counter differs from `before` (a render happened).
async function counterChange(page, before) {
  await page.waitForFunction(([sel, b]) => {
    const t = document.querySelector(sel)?.textContent.trim();
    return t && t !== b;
  }, [tid('step-counter'), before], { timeout: TIMEOUT });
  return stepCounter(page);
}
// Ids of the buggy pane's objects the heap marks "orphaned".
async function orphanIds(page, model) {
  return page.$$eval(`${paneOf(model)} ${tid('object-heap')} li`, (cards) => cards
    .filter((c) => /orphaned/i.test(c.textContent))
    .map((c) => (c.textContent.match(/#(\d+)/) || [])[1])
    .filter(Boolean));
}
async function shot(page, out, name, fullPage = false) {
  const file = path.join(out, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  console.log(`screenshot ${path.relative(ROOT, file)}`);
}

// The leak as the page shows it at the current step.
async function leakOnScreen(page) {
  return {
    buggy: await paneNumber(page, BUGGY, 'counter-orphaned'),
    fixed: await paneNumber(page, FIXED, 'counter-orphaned'),
  };
}

// The tour: "Start the tour" (tour-next with no chapter open), then tour-next
// chapter by chapter, in the page's order, until the `orphan` chapter is open.
// Each chapter must become the current one (aria-current="step") and show its
// numbered heading. Returns the chapters walked ("slug@step n of N").
async function walkTour(page, out, until = 'orphan', prefix = '') {
  const slugs = await page.$$eval(`${tid('tour')} [data-testid^="tour-chapter-"]`,
    (es) => es.map((e) => e.getAttribute('data-testid').replace(/^tour-chapter-/, '')));
  assert(slugs.includes(until), `the tour has no "${until}" chapter: ${slugs.join(', ')}`);
  assert(await page.$(tid('tour-body')) === null, 'a chapter is open before the tour was started');
  const seen = [];
  for (let i = 0; i < slugs.length; i++) {
    const next = await page.$(tid('tour-next'));
    assert(next && await next.isEnabled(), `tour-next missing or disabled after ${seen.join(', ') || 'the start'}`);
    await next.click();
    await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('aria-current') === 'step',
      `${tid('tour')} ${tid(`tour-chapter-${slugs[i]}`)}`, { timeout: TIMEOUT });
    const heading = (await page.textContent(`${tid('tour-body')} h3`)).trim();
    assert(heading.startsWith(`${i + 1}. `), `chapter ${slugs[i]} has the heading "${heading}"`);
    seen.push(`${slugs[i]}@${await stepCounter(page)}`);
    await shot(page, out, `${prefix}tour-${String(i + 1).padStart(2, '0')}-${slugs[i]}`);
    if (slugs[i] === until) return { seen, mode: 'tour' };
  }
  throw new Error(`never reached "${until}": ${seen.join(', ')}`);
}

// axe-core (pinned by scripts/setup.sh, in .tools/npm) on the default view, every tour
// chapter, a "Check my cluster" result, dark mode and a 360 px viewport: zero
// violations, each reported with its rule and selectors.
const AXE = path.join(ROOT, '.tools/npm/node_modules/axe-core/axe.min.js');
async function audit(browser, start) {
  const source = readFileSync(AXE, 'utf8');
  const views = [['default view', '', 1400], ['dark mode', 'theme=dark', 1400], ['360 px wide', '', 360],
    ['Chinese, default view', 'lang=zh', 1400], ['Chinese, 360 px wide, dark', 'lang=zh&theme=dark', 360]];
  const chapters = await (async () => {
    const ctx = await browser.newContext();
    const p = await ctx.newPage();
    await p.goto(start);
    await p.waitForSelector(tid('tour'), { timeout: TIMEOUT });
    const slugs = await p.$$eval('[data-testid^="tour-chapter-"]',
      (es) => es.map((e) => e.getAttribute('data-testid').replace(/^tour-chapter-/, '')));
    await ctx.close();
    return slugs;
  })();
  for (const slug of chapters) views.push([`tour chapter ${slug}`, `tour=${slug}`, 1400]);
  views.push(['a "Check my cluster" result', '', 1400, async (p) => {
    await p.click('section.check form button.secondary');
    await p.fill(tid('paste-release'), '5.0.1');
    await p.click(tid('paste-check'));
    await p.waitForSelector(tid('paste-diagnosis'), { timeout: TIMEOUT });
  }]);
  for (const [name, query, width, prepare] of views) {
    await check(`axe: no accessibility violation (${name})`, async () => {
      const ctx = await browser.newContext({ viewport: { width, height: 1000 }, bypassCSP: true });
      try {
        const p = await ctx.newPage();
        await p.goto(query ? `${start}?${query}` : start);
        // Started (the "Loading" line goes): a deep link's page is drawn, not the pre-render.
        await p.waitForFunction((sel) => !document.getElementById('loading') && document.querySelector(sel)?.textContent.trim(),
          tid('narration'), { timeout: TIMEOUT });
        if (prepare) await prepare(p);
        await p.addScriptTag({ content: source });
        const found = await p.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
          .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(', ')}`));
        assert(found.length === 0, `${found.length} violations: ${found.join(' | ')}`);
        return 'none';
      } finally {
        await ctx.close();
      }
    });
  }
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  rmSync(o.out, { recursive: true, force: true });
  mkdirSync(o.out, { recursive: true });
  const server = await serve(o.root);
  const origin = `http://127.0.0.1:${server.port}`;
  const start = `${origin}${o.path}`;
  console.log(`serving ${o.root} at ${start}`);
  const browser = await launch();
  const requests = [], problems = [];
  try {
    // `--only languages`: just the checks of tests/e2e/languages.mjs (while working on them).
    if (o.only === 'languages') return await languageChecks(browser, start, check, shot, o.out, walkTour);
    if (o.only === 'leak-chart') return await leakChartChecks(browser, start, check);
    if (o.only) throw new Error(`e2e.mjs: --only knows "languages" and "leak-chart", not "${o.only}"`);
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    context.on('request', (r) => requests.push(r.url()));
    context.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
    context.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
    // CSP violations are reported to the page as events, whatever the console
    // says; the binding outlives reloads.
    await context.exposeFunction('__e2eCspViolation', (v) => problems.push(`CSP violation: ${v}`));
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        window.__e2eCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`));
    });
    const page = await context.newPage();
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('websocket', (w) => requests.push(w.url()));

    // 1. The site loads from the subpath and renders.
    await check(`first render at ${o.path}`, async () => {
      await page.goto(start, { waitUntil: 'load' });
      await page.waitForFunction((sels) => sels.every((s) => document.querySelector(s)?.textContent.trim()),
        [tid('pane-left'), tid('narration')], { timeout: TIMEOUT });
      assert(await page.$('#loading') === null, 'the "Loading" line is still there');
      return await stepCounter(page);
    });
    await shot(page, o.out, '01-first-render');
    await check('default scenario: #3163 preset, buggy and fixed panes', async () => {
      assert(await page.getAttribute(tid('preset-3163'), 'aria-pressed') === 'true', 'preset-3163 is not pressed');
      const models = await page.$$eval('[data-testid^="pane-"]', (es) => es.map((e) => e.getAttribute('data-model')));
      assert(models.includes(BUGGY) && models.includes(FIXED), `pane models are ${models.join(', ')}`);
      const leak = await leakOnScreen(page);
      assert(leak.buggy === 0 && leak.fixed === 0, `orphans before the walk: ${JSON.stringify(leak)}`);
      return models.join(' | ');
    });

    // 2. Walk the guided tour to the leak.
    let orphanStep = null;
    await check('the guided tour walks, chapter by chapter, to "orphan"', async () => {
      assert(await page.$(tid('tour')), 'no [data-testid=tour] on the page');
      const walk = await walkTour(page, o.out);
      orphanStep = await stepCounter(page);
      return walk.seen.join(', ');
    });
    await shot(page, o.out, '02-leak');
    await shot(page, o.out, '02-leak-full', true);

    // 3. What the leak looks like on screen.
    await check(`buggy pane (${BUGGY}) shows an orphaned ClusterNode`, async () => {
      const n = await paneNumber(page, BUGGY, 'counter-orphaned');
      assert(n > 0, `counter-orphaned is ${n}`);
      return `counter-orphaned ${n}`;
    });
    await check(`fixed pane (${FIXED}) shows none`, async () => {
      const n = await paneNumber(page, FIXED, 'counter-orphaned');
      assert(n === 0, `counter-orphaned is ${n}`);
      return `counter-orphaned ${n}`;
    });
    await check('the narration names the orphan', async () => {
      const text = await paneText(page, BUGGY, 'narration');
      const ids = await orphanIds(page, BUGGY);
      const named = ids.filter((id) => new RegExp(`#${id}\\b`).test(text));
      assert(/orphan/i.test(text) || named.length > 0,
        `narration "${text}" names none of the orphaned objects [${ids.map((i) => `#${i}`).join(', ')}]`);
      return `"${text}"`;
    });
    // 4. The address is a deep link under the subpath.
    await check('the address keeps the subpath and reloads to the same chapter and step', async () => {
      const url = new URL(page.url());
      assert(url.pathname === o.path, `address path is ${url.pathname}`);
      const current = () => page.$$eval('[data-testid^="tour-chapter-"][aria-current="step"]',
        (es) => es.map((e) => e.getAttribute('data-testid')).join(','));
      const before = { step: await stepCounter(page), leak: await leakOnScreen(page), chapter: await current() };
      await page.reload({ waitUntil: 'load' });
      await page.waitForFunction((s) => document.querySelector(s)?.textContent.trim(), tid('narration'), { timeout: TIMEOUT });
      const after = { step: await stepCounter(page), leak: await leakOnScreen(page), chapter: await current() };
      assert(JSON.stringify(after) === JSON.stringify(before),
        `${url.search}: before ${JSON.stringify(before)}, after reload ${JSON.stringify(after)}`);
      return `${url.pathname}${url.search}`;
    });
    await shot(page, o.out, '03-reloaded');

    // 5. The next chapter: the orphan's open socket.
    await check('tour-next opens "open-socket": the buggy pane holds open connections', async () => {
      await page.click(tid('tour-next'));
      await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('aria-current') === 'step',
        `${tid('tour')} ${tid('tour-chapter-open-socket')}`, { timeout: TIMEOUT });
      const open = await paneNumber(page, BUGGY, 'counter-open-connections');
      const orphans = await paneNumber(page, BUGGY, 'counter-orphaned');
      assert(open > 0 && orphans > 0, `${BUGGY}: ${open} connections open, ${orphans} orphaned`);
      return `${await stepCounter(page)}: ${open} open, ${orphans} orphaned`;
    });
    await shot(page, o.out, '04-open-socket');

    // 6. The timeline and the tour agree.
    await check('the timeline agrees: the jump list\'s "duplicate-primary" is the same step', async () => {
      assert(orphanStep, 'the tour did not reach "orphan"');
      const socketStep = await stepCounter(page);
      await page.click(tid('step-first'));
      const first = await counterChange(page, socketStep);
      await page.selectOption(tid('chapters'), 'duplicate-primary');
      const there = await counterChange(page, first);
      assert(there === orphanStep, `the tour's orphan chapter is at "${orphanStep}", the jump list's moment at "${there}"`);
      const leak = await leakOnScreen(page);
      assert(leak.buggy > 0 && leak.fixed === 0, `orphans there: ${JSON.stringify(leak)}`);
      return there;
    });

    // 7. The end of the run: the orphans' sockets outlive close() in the buggy model only.
    await check('after close, only the buggy pane leaves sockets open', async () => {
      const before = await stepCounter(page);
      await page.click(tid('step-last'));
      await counterChange(page, before);
      const buggy = await paneNumber(page, BUGGY, 'counter-left-open');
      const fixed = await paneNumber(page, FIXED, 'counter-left-open');
      assert(buggy > 0 && fixed === 0, `counter-left-open: ${BUGGY} ${buggy}, ${FIXED} ${fixed}`);
      return `${BUGGY} ${buggy}, ${FIXED} ${fixed}`;
    });
    await shot(page, o.out, '05-end');

    // 8. Nothing leaves the origin; nothing went wrong in the console.
    await check(`every request stays on ${origin}${o.path}`, async () => {
      const away = requests.filter((u) => {
        const url = new URL(u);
        return !(url.origin === origin && url.pathname.startsWith(o.path));
      });
      assert(requests.length > 0, 'no request recorded');
      assert(away.length === 0, `${away.length} requests elsewhere: ${[...new Set(away)].slice(0, 5).join(' ')}`);
      return `${requests.length} requests`;
    });
    await check('no console error, page error, failed request or CSP violation', async () => {
      assert(problems.length === 0, `${problems.length}: ${problems.slice(0, 3).join(' | ')}`);
    });
    await context.close();

    // 9. The pre-rendered page: without JavaScript, before the wasm, under a deep link.
    await prerenderChecks(browser, start, check, shot, o.out);
    await leakChartChecks(browser, start, check);
    await languageChecks(browser, start, check, shot, o.out, walkTour);

    // 10. Accessibility: axe-core on what a reader sees. Its script is injected, so this
    // runs in a context of its own that bypasses the page's CSP (checked above).
    await audit(browser, start);
  } finally {
    await browser.close();
    server.stop();
  }
}

try {
  await main();
} catch (e) {
  failed++;
  console.log(`FAIL - e2e harness: ${String(e && e.stack || e)}`);
}
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
