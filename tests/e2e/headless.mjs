// What the e2e test and the benchmark share: Debian's Chromium driven by
// playwright-core from .tools/npm (never a downloaded browser), and a plain static
// server on 127.0.0.1.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(path.join(ROOT, '.tools/npm/'));
const { chromium } = require('playwright-core');

// Without the background-networking flags Chromium keeps dialling out, which this
// machine's closed network refuses.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

export function launch() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

// `python3 -m http.server 0` binds a free port and prints it.
export function serve(dir) {
  return new Promise((resolve, reject) => {
    const p = spawn('python3', ['-u', '-m', 'http.server', '--bind', '127.0.0.1', '--directory', dir, '0'],
      { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    const timer = setTimeout(() => { p.kill(); reject(new Error('http.server did not start')); }, 10000);
    p.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/port (\d+)/);
      if (m) { clearTimeout(timer); resolve({ port: Number(m[1]), stop: () => p.kill() }); }
    });
    p.on('exit', (code) => { clearTimeout(timer); reject(new Error(`http.server exited ${code}`)); });
  });
}
