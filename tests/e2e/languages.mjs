// The page in Simplified Chinese as well as English (issue 12): the Chinese page (zh/)
// pre-rendered and hydrated in Chinese, `?lang=zh` on the English page, the switch
// (which keeps the step), a reload keeping the language, a Chinese-preferring browser
// sent from the bare address to zh/, the tour walked in Chinese, and both languages laid
// out without overflow at 360 px and desktop width, light and dark (screenshots of
// each). Called by e2e.mjs with its harness.

import { assertAdopted, heldWasm, withPage } from './prerender.mjs';

const tid = (id) => `[data-testid="${id}"]`;
const TIMEOUT = 30000;
function assert(cond, msg) { if (!cond) throw new Error(msg); }

// Chinese characters (CJK unified ideographs): what a Chinese text has and English has not.
const CJK = /[\u4e00-\u9fff]/;
const started = (p) => p.waitForFunction((sel) => !document.getElementById('loading') && document.querySelector(sel)?.textContent.trim(),
  tid('narration'), { timeout: TIMEOUT });
const text = (p, sel) => p.$eval(sel, (e) => e.textContent.trim());
const counter = (p) => text(p, tid('step-counter'));

// A context that records what went wrong: console errors, page errors, failed requests.
async function watched(browser, options = {}) {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 }, ...options });
  const problems = [];
  // A reload cancels what the page was still fetching (the icon): not a failure.
  ctx.on('requestfailed', (r) => {
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
  });
  ctx.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  const page = await ctx.newPage();
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return { ctx, page, problems };
}

async function withWatched(browser, options, fn) {
  const w = await watched(browser, options);
  try {
    const note = await fn(w.page);
    assert(w.problems.length === 0, `${w.problems.length} problems: ${w.problems.slice(0, 3).join(' | ')}`);
    return note;
  } finally {
    await w.ctx.close();
  }
}

// What a reader sees in Chinese: the tour, the narration, the counters' verdict.
async function chineseOnScreen(p) {
  const tour = await text(p, tid('tour'));
  const narration = await text(p, `${tid('pane-left')} ${tid('narration')}`);
  const verdict = await text(p, `${tid('pane-left')} .counters`);
  for (const [what, t] of [['tour', tour], ['narration', narration], ['counters', verdict]]) {
    assert(CJK.test(t), `the ${what} is not in Chinese: "${t.slice(0, 120)}"`);
  }
  return narration;
}

// The page is no wider than the window, and no pane, table or chapter spills out of
// its box (scrolling tables excepted: their wrapper scrolls on purpose).
async function overflow(p) {
  return p.evaluate(() => {
    const out = [];
    if (document.documentElement.scrollWidth > window.innerWidth + 1) {
      out.push(`page ${document.documentElement.scrollWidth}px wide in ${window.innerWidth}px`);
    }
    // Inside a box that scrolls or clips sideways on purpose (wide tables, code), a
    // child may be wider than the window.
    const clipped = (e) => {
      for (let a = e.parentElement; a; a = a.parentElement) {
        if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(a).overflowX)) return true;
      }
      return false;
    };
    for (const e of document.querySelectorAll('#app *')) {
      const r = e.getBoundingClientRect();
      if (r.right <= window.innerWidth + 1 || !e.checkVisibility() || clipped(e)) continue;
      out.push(`${e.tagName.toLowerCase()}${e.dataset.testid ? `[${e.dataset.testid}]` : ''}.${e.className} ends at ${Math.round(r.right)}px`);
    }
    return out.slice(0, 5);
  });
}

export async function languageChecks(browser, start, check, shot, out, walkTour) {
  await check('the Chinese page (zh/): pre-rendered in Chinese, hydrated in place, tour, narration and verdict in Chinese', async () => {
    // Without JavaScript: the pre-render alone.
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 }, javaScriptEnabled: false });
    let pre;
    try {
      const p = await ctx.newPage();
      await p.goto(`${start}zh/`);
      pre = await p.evaluate(() => ({ lang: document.documentElement.lang, title: document.title, reading: document.querySelector('[data-testid="reading"]')?.textContent || '' }));
      assert(pre.lang === 'zh-CN', `<html lang="${pre.lang}">`);
      assert(CJK.test(pre.reading), 'the tour as text is not in Chinese');
      await chineseOnScreen(p);
      await shot(p, out, 'zh-00-no-javascript');
    } finally {
      await ctx.close();
    }
    return withWatched(browser, {}, async (p) => {
      await p.goto(`${start}zh/`);
      await started(p);
      const narration = await chineseOnScreen(p);
      const lang = await p.evaluate(() => document.documentElement.lang);
      assert(lang === 'zh-CN', `<html lang="${lang}"> after the wasm started`);
      const links = await p.$$eval('link[rel="alternate"][hreflang]', (ls) => ls.map((l) => `${l.hreflang} ${l.href}`));
      assert(links.some((l) => l.startsWith('en ') && l.endsWith(new URL(start).pathname)), `hreflang links: ${links.join(', ')}`);
      assert(links.some((l) => l.startsWith('zh-CN ') && l.endsWith(`${new URL(start).pathname}zh/`)), `hreflang links: ${links.join(', ')}`);
      await shot(p, out, 'zh-01-first-render');
      return `"${narration.slice(0, 40)}…"; ${links.length} hreflang links`;
    });
  });

  await check('the Chinese page is hydrated, not redrawn: the same nodes and markup, no layout shift', async () => {
    const { ctx, release } = await heldWasm(browser);
    return withPage(ctx, async (p) => {
      await p.goto(`${start}zh/`, { waitUntil: 'domcontentloaded' });
      await p.waitForSelector(`${tid('pane-left')} ${tid('narration')}`, { state: 'visible', timeout: TIMEOUT });
      const before = await p.evaluate(() => {
        document.querySelector('#app [data-testid="narration"]').__prerendered = true;
        return window.__prerenderedMarkup();
      });
      release();
      await assertAdopted(p, before);
      return 'same nodes, shift 0';
    });
  });

  await check('?lang=zh: Chinese; switching to English and back keeps the step; a reload keeps the language', async () => {
    return withWatched(browser, {}, async (p) => {
      await p.goto(`${start}?preset=3163&step=9&lang=zh`);
      await started(p);
      await chineseOnScreen(p);
      const at = await counter(p);
      await p.click(`${tid('lang-switch')} [data-lang="en"]`);
      await p.waitForFunction(() => document.documentElement.lang === 'en', null, { timeout: TIMEOUT });
      const english = await text(p, `${tid('pane-left')} ${tid('narration')}`);
      assert(!CJK.test(english), `English narration still has Chinese: "${english}"`);
      const enStep = await counter(p);
      assert(/^step 9 of \d+$/.test(enStep), `after switching to English: "${enStep}"`);
      await p.waitForFunction(() => !location.search.includes('lang='), null, { timeout: TIMEOUT });
      await p.click(`${tid('lang-switch')} [data-lang="zh"]`);
      await p.waitForFunction(() => document.documentElement.lang === 'zh-CN', null, { timeout: TIMEOUT });
      assert(await counter(p) === at, `back in Chinese: "${await counter(p)}", was "${at}"`);
      await p.waitForFunction(() => location.search.includes('lang=zh'), null, { timeout: TIMEOUT });
      await p.reload();
      await started(p);
      await chineseOnScreen(p);
      assert(await counter(p) === at, `after reload: "${await counter(p)}", was "${at}"`);
      return `${at} / ${enStep}; ${new URL(p.url()).search}`;
    });
  });

  await check('Check my cluster in Chinese: a pasted release gets a Chinese diagnosis', async () => {
    return withWatched(browser, {}, async (p) => {
      await p.goto(`${start}zh/`);
      await started(p);
      await p.click('section.check form button.secondary');
      await p.fill(tid('paste-release'), '5.0.1');
      await p.click(tid('paste-check'));
      await p.waitForSelector(tid('paste-diagnosis'), { timeout: TIMEOUT });
      const said = await text(p, tid('paste-diagnosis'));
      assert(CJK.test(said), `the diagnosis is not in Chinese: "${said.slice(0, 120)}"`);
      await shot(p, out, 'zh-02-check-my-cluster', true);
      return `"${said.slice(0, 40)}…"`;
    });
  });

  await check('a browser that prefers Chinese is sent from the bare address to zh/', async () => {
    return withWatched(browser, { locale: 'zh-CN' }, async (p) => {
      await p.goto(start);
      await p.waitForURL(/\/zh\/$/, { timeout: TIMEOUT });
      await started(p);
      await chineseOnScreen(p);
      return new URL(p.url()).pathname;
    });
  });

  await check('the guided tour walks in Chinese, chapter by chapter', async () => {
    return withWatched(browser, {}, async (p) => {
      await p.goto(`${start}zh/`);
      await started(p);
      const walk = await walkTour(p, out, 'workaround', 'zh-');
      const body = await text(p, tid('tour-body'));
      assert(CJK.test(body), `the last chapter is not in Chinese: "${body.slice(0, 80)}"`);
      return `${walk.seen.length} chapters`;
    });
  });

  for (const lang of ['en', 'zh']) {
    for (const width of [360, 1400]) {
      for (const theme of ['light', 'dark']) {
        await check(`layout: ${lang}, ${width} px, ${theme}: nothing wider than the window`, async () => {
          return withWatched(browser, { viewport: { width, height: 900 } }, async (p) => {
            await p.goto(`${start}${lang === 'zh' ? 'zh/' : ''}?tour=orphan&theme=${theme}`);
            await started(p);
            await p.waitForSelector(tid('leak-chart'), { state: 'attached', timeout: TIMEOUT });
            const problems = await overflow(p);
            await shot(p, out, `layout-${lang}-${width}-${theme}`, true);
            assert(problems.length === 0, problems.join('; '));
            return 'no overflow';
          });
        });
      }
    }
  }
}
