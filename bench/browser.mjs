// Browser half of scripts/bench.sh: time to content and to interactive, and step
// re-render time, of a release build in headless Chromium (Debian's /usr/bin/chromium
// driven by playwright-core from .tools/npm; never a downloaded browser).
//
//   node bench/browser.mjs --site DIR [--path /] [--loads 5] [--samples 40]
//        [--load-query ''] [--query '?preset=3163']
//
// Serves DIR with `python3 -m http.server --bind 127.0.0.1` on a free port (the
// build must use relative or root URLs) and prints lines for scripts/bench.sh:
//
//   first-render load <i> content <ms> interactive <ms> wasm-fetched <ms> wasm-instantiated <ms>
//                                        one cold load of --load-query (new context, empty cache)
//   first-render median content <ms> interactive <ms>   medians of the loads
//   first-render phases-median wasm-fetched <ms> wasm-instantiated <ms>
//   first-render mark <name> <ms>        median time of each performance.mark() the page makes
//   first-render floor content <ms> (<ms> ...)  time to content of the floor page, median
//                                        (and per load): the release page's own <head> (its
//                                        inlined style sheet and early script; no loader,
//                                        no wasm) with one pane line and one narration line
//   first-render engine <ms> (<ms> ...)  slotscope:main -> slotscope:session, median (and per
//                                        load): the engine's cold runs of both panes in the
//                                        browser (wasm, compiled on first call), plus aligning them
//   step sample <from> <ms> dom <ms>     one step-next from position <from> (1-based):
//                                        total, and the part before the forced layout
//   step most-objects <pos> <objects> <ms> <ms>  the two steps into and out of the first
//                                        position where counter-objects reaches its maximum
//   long-tasks load <i> <phase>@<start ms>:<duration ms> ...   tasks over 50 ms at 4x CPU
//   long-tasks median-longest <ms>       median over the loads of the longest task
//   step summary <n> <median> <p95> <max>
//   step dom-only <median> <max>         the same without style + layout
//
// Time to content: performance.now() (origin = navigation start) at the first frame
// after [data-testid=pane-left] and [data-testid=narration] are shown with text (the
// pre-rendered page has them before any script), or the first contentful paint if
// later. Time to interactive: from then on, a script installed before the page's own
// clicks step-next once per animation frame; the first frame that sees the step
// counter changed is when a click works (the wasm has hydrated the page).
//
// Step re-render: in the page, click [data-testid=step-next] and take the time
// until the step counter's text has changed (Yew renders in a microtask, the
// observer fires after it) plus a forced style + layout (so the number is the
// DOM update and the layout it causes; paint is not included). Positions: every
// step of a run of up to 1000 steps; for a longer run the chapters of the jump
// list and evenly spaced positions, three consecutive steps at each; and, in both
// cases, the steps into and out of the one with the most objects.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, serve } from '../tests/e2e/headless.mjs';



function parseArgs(argv) {
  const o = { site: null, path: '/', loads: 5, samples: 40, query: '?preset=3163', loadQuery: '', perPosition: 3, everyStepUpTo: 1000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i], v = () => argv[++i];
    if (a === '--site') o.site = v();
    else if (a === '--path') o.path = v();
    else if (a === '--loads') o.loads = Number(v());
    else if (a === '--samples') o.samples = Number(v());
    else if (a === '--query') o.query = v();
    else if (a === '--load-query') o.loadQuery = v();
    else if (a === '--per-position') o.perPosition = Number(v());
    else if (a === '--every-step-up-to') o.everyStepUpTo = Number(v());
    else throw new Error(`browser.mjs: unknown argument ${a}`);
  }
  if (!o.site) throw new Error('browser.mjs: --site DIR is required');
  return o;
}


const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const pct = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]; };
const ms = (x) => x.toFixed(1);

const LOAD_PROBE = () => {
  window.__content = null;
  window.__interactive = null;
  // When the wasm module is compiled and instantiated (trunk's loader calls one of these).
  window.__wasmReady = null;
  for (const name of ['instantiateStreaming', 'instantiate']) {
    const orig = WebAssembly[name];
    if (typeof orig !== 'function') continue;
    WebAssembly[name] = function (...args) {
      return orig.apply(this, args).then((r) => { window.__wasmReady ??= performance.now(); return r; });
    };
  }
  const visibleText = (sel) => {
    const e = document.querySelector(sel);
    return e && e.checkVisibility() && e.textContent.trim() !== '';
  };
  // Content: the panes and the narration in the document and shown; it counts from the
  // next paint (the first contentful paint if that comes later).
  const contentNow = () => visibleText('[data-testid=pane-left]') && visibleText('[data-testid=narration]');
  let paint = null;
  new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.name === 'first-contentful-paint') paint = e.startTime; })
    .observe({ type: 'paint', buffered: true });
  // Interactive: once per frame, click step-next; the first frame at which the step
  // counter has changed is when a click works (before hydration a click does nothing).
  let counterAtStart;
  const frame = (now) => {
    if (window.__content === null && contentNow()) {
      requestAnimationFrame(() => { window.__content = Math.max(performance.now(), paint ?? 0); });
      window.__content = undefined;
    }
    const next = document.querySelector('[data-testid=step-next]');
    const counter = document.querySelector('[data-testid=step-counter]');
    if (next && counter && window.__content != null) {
      counterAtStart ??= counter.textContent;
      if (counter.textContent !== counterAtStart) { window.__interactive = now; return; }
      next.click();
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
};

// One cold load of `url` (a fresh context: empty cache and storage) with LOAD_PROBE,
// until `done()` holds in the page; its context (to close) and page.
async function probedLoad(browser, url, done) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(LOAD_PROBE);
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(done, null, { timeout: 60000, polling: 50 });
  return [context, page];
}

// Cold loads of `query`: time to content (painted) and to interactive (a click on
// step-next changes the step), both since navigation start.
async function firstRender(browser, base, o) {
  const content = [], interactive = [], phases = [], marks = {}, engine = [];
  for (let i = 0; i < o.loads; i++) {
    const [context, page] = await probedLoad(browser, base + o.loadQuery, () => window.__interactive !== null);
    const [c, t, ready, fetched, pageMarks] = await page.evaluate(() => [window.__content, window.__interactive, window.__wasmReady,
      (performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm')) || {}).responseEnd,
      performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])]);
    for (const [name, at] of pageMarks) (marks[name] ??= []).push(at);
    const at = Object.fromEntries(pageMarks);
    if ('slotscope:main' in at && 'slotscope:session' in at) engine.push(at['slotscope:session'] - at['slotscope:main']);
    content.push(c);
    interactive.push(t);
    phases.push([fetched ?? NaN, ready ?? NaN]);
    console.log(`first-render load ${i + 1} content ${ms(c)} interactive ${ms(t)} wasm-fetched ${ms(fetched ?? NaN)} wasm-instantiated ${ms(ready ?? NaN)}`);
    await context.close();
  }
  console.log(`first-render median content ${ms(median(content))} interactive ${ms(median(interactive))}`);
  console.log(`first-render phases-median wasm-fetched ${ms(median(phases.map((x) => x[0])))} wasm-instantiated ${ms(median(phases.map((x) => x[1])))}`);
  // Every performance.mark() the page makes, by name: median time since navigation start.
  for (const [name, ats] of Object.entries(marks)) console.log(`first-render mark ${name.replace(/\s+/g, '_')} ${ms(median(ats))}`);
  if (engine.length) console.log(`first-render engine ${ms(median(engine))} (${engine.map(ms).join(' ')})`);
}

// The floor of time to content here: what the first paint of a page with our <head>
// and next to no body costs on this machine, loaded cold the same way, in the same run.
async function contentFloor(browser, o) {
  const html = fs.readFileSync(path.join(o.site, o.path, 'index.html'), 'utf8');
  const head = html.slice(0, html.indexOf('<body'))
    .replace(/<script[^>]*\ssrc=[^>]*><\/script>/g, '')
    .replace(/<link[^>]*\srel=(?:modulepreload|preload)[^>]*>/g, '');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slotscope-floor-'));
  fs.writeFileSync(path.join(dir, 'index.html'),
    `${head}<body><div data-testid=pane-left>async-5.0.1</div><p data-testid=narration>One line of narration.</p></body></html>`);
  const server = await serve(dir);
  try {
    const content = [];
    for (let i = 0; i < o.loads; i++) {
      const [context, page] = await probedLoad(browser, `http://127.0.0.1:${server.port}/`, () => window.__content != null);
      content.push(await page.evaluate(() => window.__content));
      await context.close();
    }
    console.log(`first-render floor content ${ms(median(content))} (${content.map(ms).join(' ')})`);
  } finally {
    server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Long tasks at 4x CPU slowdown (Chromium's own throttling, as Lighthouse's mobile
// preset simulates a phone): cold loads of `/` until the page is drawn and the parts
// below the fold have arrived, every task over 50 ms from the longtask observer, each
// named by the phase it starts in, split by the page's marks: "page" before
// slotscope:main (parsing the HTML, the first layout, compiling and instantiating the
// wasm), "engine" to slotscope:session (both panes run cold), "hydrate" to
// slotscope:rendered, "later" after it (the parts below the fold).
async function longTasks(browser, base, o) {
  const longest = [];
  for (let i = 0; i < o.loads; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.addInitScript(() => {
      window.__long = [];
      new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push([e.startTime, e.duration]); })
        .observe({ type: 'longtask', buffered: true });
    });
    await page.goto(base + o.loadQuery, { waitUntil: 'load' });
    await page.waitForFunction(() => performance.getEntriesByName('slotscope:rendered').length > 0, null, { timeout: 60000 });
    // The parts below the fold are drawn in the task after the hydration.
    await page.waitForTimeout(2000);
    const [tasks, marks] = await page.evaluate(() => [window.__long,
      Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime]))]);
    // A task is named by the mark it ends in (a mark is made at the end of its phase's
    // work), else by where it starts.
    const inside = (name, at, d) => marks[name] !== undefined && marks[name] >= at && marks[name] <= at + d;
    const phase = (at, d) => inside('slotscope:session', at, d) ? 'engine'
      : inside('slotscope:rendered', at, d) ? 'hydrate'
        : at < (marks['slotscope:main'] ?? Infinity) ? 'page'
          : at < (marks['slotscope:session'] ?? Infinity) ? 'engine'
            : at < (marks['slotscope:rendered'] ?? Infinity) ? 'hydrate' : 'later';
    console.log(`long-tasks load ${i + 1} ${tasks.map(([at, d]) => `${phase(at, d)}@${ms(at)}:${ms(d)}`).join(' ') || 'none'}`);
    longest.push(Math.max(0, ...tasks.map(([, d]) => d)));
    await context.close();
  }
  console.log(`long-tasks median-longest ${ms(median(longest))}`);
}

// In the page: seek to 0-based position p with the scrubber, wait until shown.
async function seek(page, p) {
  await page.evaluate((p) => {
    const s = document.querySelector('[data-testid=scrubber]');
    s.value = String(p);
    s.dispatchEvent(new Event('input', { bubbles: true }));
  }, p);
  await page.waitForFunction((want) => {
    const t = document.querySelector('[data-testid=step-counter]')?.textContent ?? '';
    return t.startsWith(`step ${want} of`);
  }, p + 1, { timeout: 60000, polling: 20 });
}

async function objectsNow(page) {
  return page.$eval('[data-testid=pane-left] [data-testid=counter-objects]', (e) => Number(e.textContent.trim()));
}

// In the page: one step-next, timed to the changed counter plus a forced layout.
async function timedStep(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const counter = () => document.querySelector('[data-testid=step-counter]')?.textContent;
    const before = counter();
    const next = document.querySelector('[data-testid=step-next]');
    if (!next || next.disabled) { reject(new Error(`step-next unusable at ${before}`)); return; }
    // Let the previous frame settle first so nothing pending is billed to this step.
    requestAnimationFrame(() => requestAnimationFrame(() => {
      const mo = new MutationObserver(() => {
        if (counter() === before) return;
        mo.disconnect();
        const dom = performance.now() - t0;
        void document.body.offsetHeight; // style + layout of what changed
        clearTimeout(timer);
        resolve([performance.now() - t0, dom]);
      });
      mo.observe(document.body, { childList: true, subtree: true, characterData: true });
      const t0 = performance.now();
      const timer = setTimeout(() => { mo.disconnect(); reject(new Error(`step counter did not change from ${before}`)); }, 30000);
      next.click();
    }));
  }));
}

async function stepRender(browser, base, o) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.goto(base + o.query);
  await page.waitForSelector('[data-testid=step-counter]');
  const total = Number((await page.textContent('[data-testid=step-counter]')).match(/of (\d+)/)[1]);
  const last = total - 1;
  // Chapters of the jump list: "label (step k)".
  const chapters = await page.$$eval('[data-testid=chapters] option', (os) =>
    os.map((x) => Number((x.textContent.match(/\(step (\d+)\)\s*$/) || [])[1]) - 1).filter((n) => n >= 0));
  // The first position where counter-objects reaches its maximum (it only grows).
  await seek(page, last);
  const maxObjects = await objectsNow(page);
  let lo = 0, hi = last;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    await seek(page, mid);
    if ((await objectsNow(page)) >= maxObjects) hi = mid; else lo = mid + 1;
  }
  const most = lo;
  const times = [], doms = [];
  if (total <= o.everyStepUpTo) {
    // A short run: every step, first to last.
    await seek(page, 0);
    for (let p = 0; p < last; p++) {
      const [t, dom] = await timedStep(page);
      times.push(t); doms.push(dom);
      console.log(`step sample ${p + 1} ${ms(t)} dom ${ms(dom)}`);
    }
  } else {
    const starts = new Set(chapters);
    for (let i = 0; i < o.samples; i++) starts.add(Math.round((i * (last - 1)) / Math.max(1, o.samples - 1)));
    const sorted = [...starts].map((p) => Math.min(Math.max(p, 0), last - o.perPosition)).sort((a, b) => a - b);
    for (const p of [...new Set(sorted)]) {
      await seek(page, p);
      for (let k = 0; k < o.perPosition; k++) {
        const [t, dom] = await timedStep(page);
        times.push(t); doms.push(dom);
        console.log(`step sample ${p + 1 + k} ${ms(t)} dom ${ms(dom)}`);
      }
    }
  }
  // Into and out of the step with the most objects.
  await seek(page, Math.max(0, most - 1));
  const [into, intoDom] = await timedStep(page);
  const [out, outDom] = most < last ? await timedStep(page) : [into, intoDom];
  times.push(into, out); doms.push(intoDom, outDom);
  console.log(`step most-objects ${most + 1} ${maxObjects} ${ms(into)} ${ms(out)}`);
  const domNodes = await page.evaluate(() => document.getElementsByTagName('*').length);
  console.log(`step dom-elements ${domNodes} total-steps ${total}`);
  console.log(`step summary ${times.length} ${ms(median(times))} ${ms(pct(times, 0.95))} ${ms(Math.max(...times))}`);
  console.log(`step dom-only ${ms(median(doms))} ${ms(Math.max(...doms))}`);
  await context.close();
}

const o = parseArgs(process.argv.slice(2));
const server = await serve(path.resolve(o.site));
const browser = await launch();
try {
  const base = `http://127.0.0.1:${server.port}${o.path}`;
  await firstRender(browser, base, o);
  await contentFloor(browser, o);
  await longTasks(browser, base, o);
  await stepRender(browser, base, o);
} finally {
  await browser.close();
  server.stop();
}
