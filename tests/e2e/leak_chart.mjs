// The leak chart's long run: "Run 1000 refreshes" runs both panes' models through the
// engine's streaming path and draws the chart for every refresh. Called by e2e.mjs.
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
      const legend = await p.waitForFunction((sel) => {
        const t = [...document.querySelectorAll(`${sel} .legend`)].map((e) => e.textContent).find((t) => /initialize\(\) calls/.test(t));
        return t || null;
      }, tid('leak-chart'), { timeout: 60000 });
      const text = await legend.jsonValue();
      assert(/After each of 1001 initialize\(\) calls/.test(text), `legend "${text}"`);
      return `${text.trim()} (${((Date.now() - t0) / 1000).toFixed(1)} s)`;
    } finally {
      await ctx.close();
    }
  });
}
