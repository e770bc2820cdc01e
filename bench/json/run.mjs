// Browser half of bench/json.sh: each JSON reader on each input in headless
// Chromium (Debian's, driven by playwright-core from .tools/npm).
//
//   node bench/json/run.mjs --site DIR --runs N INPUT...
//
// DIR holds pkg/ (wasm-bindgen --target web output of bench/json) and the inputs.
// Prints `file reader median_ms weight` lines, like the native half: per reader,
// one untimed warm-up then N timed reads of the JavaScript string, median.
import { launch, serve } from '../../tests/e2e/headless.mjs';

const args = process.argv.slice(2);
let site = null, runs = 15;
const inputs = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--site') site = args[++i];
  else if (args[i] === '--runs') runs = Number(args[++i]);
  else inputs.push(args[i]);
}
if (!site || inputs.length === 0) throw new Error('run.mjs: --site DIR and at least one INPUT');

const server = await serve(site);
const browser = await launch();
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.port}/index.html`);
  const lines = await page.evaluate(async ({ inputs, runs }) => {
    const m = await import('./pkg/slotscope_json_bench.js');
    await m.default();
    const out = [];
    for (const file of inputs) {
      const text = await (await fetch(file)).text();
      for (const [name, read] of [['hand', m.read_hand], ['serde', m.read_serde], ['browser', m.read_browser]]) {
        const weight = read(text);
        const times = [];
        for (let i = 0; i < runs; i++) {
          const t = performance.now();
          read(text);
          times.push(performance.now() - t);
        }
        times.sort((a, b) => a - b);
        out.push(`${file} ${name} ${times[Math.floor(runs / 2)].toFixed(3)} ${weight}`);
      }
    }
    return out;
  }, { inputs, runs });
  console.log(lines.join('\n'));
} finally {
  await browser.close();
  server.stop();
}
