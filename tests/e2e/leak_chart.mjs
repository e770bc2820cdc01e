// The leak chart's long run: "Run 1000 refreshes" runs both panes' models through the
// engine's streaming path and draws the chart for every refresh; while it runs, the
// page shows how far it is and answers clicks. Called by e2e.mjs.
const tid = (id) => `[data-testid="${id}"]`;
function assert(cond, msg) { if (!cond) throw new Error(msg); }

// `run(page)` on a fresh page of `start` once the wasm has started; its answer.
async function started(browser, start, run) {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  try {
    const p = await ctx.newPage();
    await p.goto(start);
    await p.waitForFunction(() => !document.getElementById('loading'), null, { timeout: 30000 });
    return await run(p);
  } finally {
    await ctx.close();
  }
}

export async function leakChartChecks(browser, start, check) {
  await check('the leak chart runs 1000 refreshes on the #3163 preset and charts them', async () => {
    return started(browser, start, async (p) => {
      const t0 = Date.now();
      await p.click(tid('leak-chart-long'));
      // Part way: the progress is painted (neither 0 nor done) ...
      const part = await (await p.waitForFunction((sel) => {
        const bar = document.querySelector(`${sel} progress`);
        return bar && bar.value > 0 && bar.value < bar.max ? `${bar.value} of ${bar.max}` : null;
      }, tid('leak-chart-progress'), { timeout: 30000, polling: 'raf' })).jsonValue();
      // ... and a click on step-next moves the stepper before the run is over.
      const counter = await p.textContent(tid('step-counter'));
      await p.click(tid('step-next'));
      const answered = await (await p.waitForFunction(([c, before, bar]) => {
        if (document.querySelector(c).textContent === before) return null;
        const b = document.querySelector(bar);
        return b ? `${b.value} of ${b.max}` : 'after the run';
      }, [tid('step-counter'), counter, `${tid('leak-chart-progress')} progress`], { timeout: 30000, polling: 'raf' })).jsonValue();
      assert(answered !== 'after the run', 'step-next was answered only after the long run ended');
      const legend = await p.waitForFunction((sel) => {
        const t = [...document.querySelectorAll(`${sel} .legend`)].map((e) => e.textContent).find((t) => /initialize\(\) calls/.test(t));
        return t || null;
      }, tid('leak-chart'), { timeout: 60000 });
      const text = await legend.jsonValue();
      assert(/After each of 1001 initialize\(\) calls/.test(text), `legend "${text}"`);
      return `${text.trim()} (${((Date.now() - t0) / 1000).toFixed(1)} s; progress ${part} painted, a step click answered at ${answered})`;
    });
  });

  await check('a new scenario stops the long run: the page goes idle and shows nothing of it', async () => {
    return started(browser, start, async (p) => {
      await p.click(tid('leak-chart-long'));
      await p.waitForFunction((sel) => document.querySelector(sel)?.value > 0, `${tid('leak-chart-progress')} progress`, { timeout: 30000, polling: 'raf' });
      await p.click(tid('preset-ips'));
      await p.waitForSelector(tid('leak-chart-long'), { timeout: 10000 });
      // The old run is not drawn for the new scenario; it must not be running either.
      // Over the next 2 s a chain of zero-delay timers measures how late each one
      // fires: the run, going on, holds the thread ~30 ms between any two of them.
      // (Timers always fire; requestIdleCallback may never, and hung CI once.)
      const held = await p.evaluate(() => new Promise((done) => {
        let sum = 0;
        const t0 = performance.now();
        let due = t0;
        const tick = () => {
          const now = performance.now();
          sum += Math.max(0, now - due - 10);
          if (now - t0 < 2000) { due = now; setTimeout(tick, 0); } else done(sum);
        };
        setTimeout(tick, 0);
      }));
      assert(held < 500, `the old run still holds the main thread: ${held.toFixed(0)} ms of the next 2 s`);
      const seen = await p.evaluate(() => [...document.querySelectorAll('[data-testid="leak-chart"] .legend, [data-testid="leak-chart-progress"]')]
        .map((e) => e.textContent).find((t) => /1001 initialize|2002/.test(t)) ?? null);
      assert(seen === null, `the old run is shown for the new scenario: ${seen}`);
      return `the button is back for the new scenario; the thread held ${held.toFixed(0)} ms of the next 2 s`;
    });
  });
}
