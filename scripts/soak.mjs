// Browser soak (issue 17, run by hand; results in docs/performance.md):
//   make build && python3 -m http.server 18438 --bind 127.0.0.1 --directory dist &
//   node scripts/soak.mjs            # SOAK_VIRTUAL_MS=3600000 SOAK_PRESETS=default,large-256
//   SOAK_VIRTUAL_MS=4800000 SOAK_PRESETS=large-256 node scripts/soak.mjs   # to the history budget
// Opens each scenario stretched to SOAK_VIRTUAL_MS (a scenario file with a longer duration,
// through "Open file"), plays it at 16× and every 10 s of wall time prints the virtual time,
// the JS heap (performance.memory), the wasm memory and how long the page takes to answer
// (one animation frame), as CSV.
import { chromium } from '@playwright/test';
import { readFileSync } from 'fs';

const base = process.env.BASE_URL || 'http://127.0.0.1:18438/';
const virtualMs = Number(process.env.SOAK_VIRTUAL_MS || 3_600_000);
const presets = (process.env.SOAK_PRESETS || 'default,large-256').split(',');
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-precise-memory-info'],
});
console.log('preset,wall_s,virtual_ms,js_heap_mb,wasm_mb,frame_ms,history_full');
for (const preset of presets) {
  const scenario = JSON.parse(readFileSync(new URL(`../scenarios/${preset}.json`, import.meta.url)));
  scenario.duration_ms = virtualMs;
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.addInitScript(() => addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail.wasm; }));
  await page.goto(`${base}?lang=en`);
  await page.getByTestId('open-file').setInputFiles({ name: `${preset}-long.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(scenario)) });
  await page.getByTestId('file-opened').waitFor();
  await page.getByTestId('speed').selectOption({ label: '16×' });
  await page.getByTestId('btn-play').click();
  const start = Date.now();
  // After the history fills up (Session::trace_full), a few more samples with play pressed
  // again show that memory stays where it is.
  let afterFull = 0;
  for (;;) {
    await page.waitForTimeout(10_000);
    const t0 = Date.now();
    const s = await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve({
      ms: Number(document.querySelector('[data-testid=sim-time]').dataset.ms),
      heap: performance.memory ? performance.memory.usedJSHeapSize : 0,
      wasm: window.__wasm ? window.__wasm.memory.buffer.byteLength : 0,
      full: document.querySelector('[data-testid=history-full]') !== null,
    }))));
    const frame = Date.now() - t0;
    console.log(`${preset},${Math.round((Date.now() - start) / 1000)},${s.ms},${(s.heap / 1e6).toFixed(1)},${(s.wasm / 1e6).toFixed(1)},${frame},${s.full}`);
    if (s.full) {
      if (++afterFull > 3) break;
      await page.getByTestId('btn-play').click();
    }
    if (s.ms >= virtualMs || Date.now() - start > 40 * 60_000) break;
  }
  await page.close();
}
await browser.close();
