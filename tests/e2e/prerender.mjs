// The pre-rendered page (issue 11, "Content before WebAssembly"): what a reader gets
// before the wasm arrives or without it, and that the wasm adopts that page instead of
// drawing another. Called by e2e.mjs with its harness; each check opens its own context.

const tid = (id) => `[data-testid="${id}"]`;
const TIMEOUT = 30000;
function assert(cond, msg) { if (!cond) throw new Error(msg); }

// A context whose .wasm responses wait until `release()` is called: the page as it is
// before WebAssembly arrives. Layout shifts are summed from the first paint on.
export async function heldWasm(browser, width = 1400) {
  const ctx = await browser.newContext({ viewport: { width, height: 1000 } });
  let release;
  const gate = new Promise((r) => { release = r; });
  await ctx.route(/\.wasm$/, async (route) => { await gate; await route.continue(); });
  await ctx.addInitScript(() => {
    window.__shift = 0;
    new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!e.hadRecentInput) window.__shift += e.value; })
      .observe({ type: 'layout-shift', buffered: true });
    // #app's markup without the parts below the fold, which the pre-render leaves as
    // placeholders and the wasm draws in the task after hydrating.
    window.__prerenderedMarkup = () => {
      const app = document.getElementById('app').cloneNode(true);
      for (const e of app.querySelectorAll('.part-pending, [data-testid="leak-chart"], section.check')) e.remove();
      return app.innerHTML;
    };
  });
  return { ctx, release };
}

// Opens a page in `ctx`, runs `fn` on it, and closes the context whatever happens.
export async function withPage(ctx, fn) {
  try {
    return await fn(await ctx.newPage());
  } finally {
    await ctx.close();
  }
}

// The view's markup is compared without comments (hydration drops Yew's component
// markers) and without the empty style attribute Chromium leaves on the first text input.
const stripComments = (html) => html.replace(/<!--[\s\S]*?-->/g, '').replace(/ style=""/g, '');
function firstDifference(a, b) {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at ${i}: "${a.slice(Math.max(0, i - 80), i + 40)}" became "${b.slice(Math.max(0, i - 80), i + 40)}"`;
}
const visibleText = (page, sel) => page.$eval(sel, (e) => (e.checkVisibility() ? e.textContent.trim() : ''));

// After the held-back wasm is released: the page started by adopting the pre-rendered
// DOM (the narration node marked before is still there), its markup is `before` (comments
// aside) and nothing moved, counting the parts below the fold, which are drawn in the
// task after hydration.
export async function assertAdopted(p, before) {
  await p.waitForFunction(() => !document.getElementById('loading'), null, { timeout: TIMEOUT });
  await p.waitForSelector('[data-testid="leak-chart"]', { state: 'attached', timeout: TIMEOUT });
  await p.waitForTimeout(300);
  const after = await p.evaluate(() => ({
    kept: document.querySelector('#app [data-testid="narration"]').__prerendered === true,
    html: window.__prerenderedMarkup(),
    shift: window.__shift,
  }));
  assert(after.kept, 'the pre-rendered narration was replaced, not hydrated');
  const [was, is] = [stripComments(before), stripComments(after.html)];
  assert(was === is, `the hydrated page differs from the pre-rendered one ${firstDifference(was, is)}`);
  assert(after.shift === 0, `layout shift ${after.shift}`);
}

export async function prerenderChecks(browser, start, check, shot, out) {
  await check('without JavaScript: the first step, the tour as text and the version table', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 }, javaScriptEnabled: false });
    return withPage(ctx, async (p) => {
      await p.goto(start);
      const narration = await visibleText(p, `${tid('pane-left')} ${tid('narration')}`);
      assert(narration, 'no narration in the left pane');
      const counter = await visibleText(p, tid('step-counter'));
      assert(/^step 1 of \d+$/.test(counter), `step counter "${counter}"`);
      assert(await visibleText(p, 'noscript, .noscript'), 'no word on why the panes do not step');
      await p.click(`${tid('reading')} summary`);
      const chapters = await p.$$eval(`${tid('reading')} article h3`, (es) => es.filter((e) => e.checkVisibility()).length);
      const tour = await p.$$eval('[data-testid^="tour-chapter-"]', (es) => es.length);
      assert(chapters === tour && tour > 0, `${chapters} chapters as text, ${tour} in the tour`);
      const rows = await p.$$eval(`${tid('reading')} .matrix table tbody tr`, (es) => es.length);
      assert(rows > 50, `the version table has ${rows} rows`);
      await shot(p, out, '00-no-javascript', true);
      return `${counter}; ${chapters} chapters; ${rows} version rows`;
    });
  });

  await check('before WebAssembly: the default view is painted, then hydrated in place (no shift)', async () => {
    const { ctx, release } = await heldWasm(browser);
    return withPage(ctx, async (p) => {
      await p.goto(start, { waitUntil: 'domcontentloaded' });
      await p.waitForSelector(`${tid('pane-left')} ${tid('narration')}`, { state: 'visible', timeout: TIMEOUT });
      const before = await p.evaluate(() => {
        document.querySelector('#app [data-testid="narration"]').__prerendered = true;
        return { html: window.__prerenderedMarkup(), loading: !!document.getElementById('loading') };
      });
      assert(before.loading, 'the app started before its wasm arrived');
      assert(!(await p.isVisible('#loading')), 'the "Loading" line shows over a pre-rendered page');
      await shot(p, out, '00-before-wasm');
      release();
      await assertAdopted(p, before.html);
      const counter = (await p.textContent(tid('step-counter'))).trim();
      await p.click(tid('step-next'));
      await p.waitForFunction(([s, b]) => document.querySelector(s)?.textContent.trim() !== b,
        [tid('step-counter'), counter], { timeout: TIMEOUT });
      return `${counter} -> ${(await p.textContent(tid('step-counter'))).trim()}, shift 0`;
    });
  });

  await check('a deep link never flashes the default view', async () => {
    const { ctx, release } = await heldWasm(browser);
    return withPage(ctx, async (p) => {
      await p.goto(`${start}?preset=ips&step=5&theme=dark`, { waitUntil: 'domcontentloaded' });
      await p.waitForSelector('#loading', { state: 'visible', timeout: TIMEOUT });
      assert(!(await p.isVisible('#app')), 'the pre-rendered default view shows under a deep link');
      const theme = await p.evaluate(() => document.documentElement.getAttribute('data-theme'));
      assert(theme === 'dark', `data-theme before the wasm: ${theme}`);
      release();
      await p.waitForSelector(`${tid('pane-left')} ${tid('narration')}`, { state: 'visible', timeout: TIMEOUT });
      const counter = (await p.textContent(tid('step-counter'))).trim();
      assert(/^step 5 of /.test(counter), `step counter "${counter}"`);
      assert(await p.getAttribute(tid('preset-ips'), 'aria-pressed') === 'true', 'preset-ips is not pressed');
      assert(!(await p.isVisible('#loading')), 'the "Loading" line stayed');
      return counter;
    });
  });
}
