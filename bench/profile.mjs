// Where the page spends its time: a V8 CPU profile of (1) a cold load until the
// first render and (2) a series of step-next clicks, summed by function (self
// time), in headless Chromium. Run by bench/profile.sh, which builds a copy of the
// release site whose wasm keeps its function names.
//
//   node bench/profile.mjs --site DIR [--path /] [--query '?preset=3163'] [--steps 30] [--top 25]
import path from 'node:path';
import { launch, serve } from '../tests/e2e/headless.mjs';

const o = { site: null, path: '/', query: '?preset=3163', steps: 30, top: 25 };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i], v = () => argv[++i];
  if (a === '--site') o.site = path.resolve(v());
  else if (a === '--path') o.path = v();
  else if (a === '--query') o.query = v();
  else if (a === '--steps') o.steps = Number(v());
  else if (a === '--top') o.top = Number(v());
  else throw new Error(`profile.mjs: unknown argument ${a}`);
}
if (!o.site) throw new Error('profile.mjs: --site DIR is required');

// Self time per function name, in ms, from a Profiler.Profile.
function selfTimes(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const f = byId.get(id).callFrame;
    // A nameless frame without a script is the driver's own loop (page.evaluate);
    // the style + layout it forces with offsetHeight is billed to it.
    const name = f.functionName || (f.url ? `(${f.url.split('/').pop()})` : '(driver loop: incl. forced style + layout)');
    const t = profile.timeDeltas[i] / 1000;
    self.set(name, (self.get(name) || 0) + t);
    total += t;
  });
  return { total, rows: [...self.entries()].sort((a, b) => b[1] - a[1]) };
}

// Inclusive time of this crate's functions (each counted once per sample even when
// recursive): which of our calls the self times above roll up into.
function ourInclusiveTimes(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const incl = new Map();
  profile.samples.forEach((id, i) => {
    const t = profile.timeDeltas[i] / 1000;
    const seen = new Set();
    for (let n = id; n !== undefined; n = parent.get(n)) {
      const name = byId.get(n).callFrame.functionName;
      if (name.startsWith('slotscope::') && !seen.has(name)) { seen.add(name); incl.set(name, (incl.get(name) || 0) + t); }
    }
  });
  return [...incl.entries()].sort((a, b) => b[1] - a[1]);
}

function print(title, profile) {
  const { total, rows } = selfTimes(profile);
  console.log(`== ${title}: ${total.toFixed(0)} ms sampled; top ${o.top} by self time ==`);
  // Rust symbols: drop the hash suffix and crate disambiguators for reading.
  const tidy = (n) => n.replace(/::h[0-9a-f]{16}$/, '').replace(/\[[0-9a-f]{16}\]/g, '');
  for (const [name, t] of rows.slice(0, o.top)) {
    console.log(`${t.toFixed(1).padStart(8)} ms ${(100 * t / total).toFixed(1).padStart(5)}%  ${tidy(name).slice(0, 140)}`);
  }
  console.log(`-- slotscope functions by inclusive time --`);
  for (const [name, t] of ourInclusiveTimes(profile).slice(0, o.top)) {
    console.log(`${t.toFixed(1).padStart(8)} ms ${(100 * t / total).toFixed(1).padStart(5)}%  ${tidy(name).slice(0, 140)}`);
  }
}

const server = await serve(o.site);
const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
  await cdp.send('Profiler.start');
  await page.goto(`http://127.0.0.1:${server.port}${o.path}${o.query}`);
  await page.waitForFunction(() => document.querySelector('[data-testid=narration]')?.textContent.trim(), null,
    { timeout: 60000 });
  print('cold load until the first render', (await cdp.send('Profiler.stop')).profile);

  await cdp.send('Profiler.start');
  // In the page (no driver round trips in the profile): click, wait for the counter.
  await page.evaluate(async (steps) => {
    const counter = () => document.querySelector('[data-testid=step-counter]')?.textContent;
    for (let i = 0; i < steps; i++) {
      const next = document.querySelector('[data-testid=step-next]');
      if (!next || next.disabled) break;
      const before = counter();
      await new Promise((resolve) => {
        const mo = new MutationObserver(() => { if (counter() !== before) { mo.disconnect(); resolve(); } });
        mo.observe(document.body, { childList: true, subtree: true, characterData: true });
        next.click();
      });
      void document.body.offsetHeight;
    }
  }, o.steps);
  print(`${o.steps} step-next clicks from ${o.query}`, (await cdp.send('Profiler.stop')).profile);
  await context.close();
} finally {
  await browser.close();
  server.stop();
}
