// The leak chart's long run: "Run 1000 refreshes" runs both panes' models through the
// engine's streaming path and draws the chart for every refresh; while it runs, the
// page shows how far it is and answers clicks. Called by e2e.mjs.
const tid = (id) => `[data-testid="${id}"]`;
function assert(cond, msg) { if (!cond) throw new Error(msg); }

export async function leakChartChecks(browser, start, check) {
  await check('the leak chart runs 1000 refreshes on the #3163 preset and charts them', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    try {
      const p = await ctx.newPage();
      await p.goto(start);
      await p.waitForFunction(() => !document.getElementById('loading'), null, { timeout: 30000 });
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
    } finally {
      await ctx.close();
    }
  });
}
