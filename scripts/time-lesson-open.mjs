// Times opening a lesson by hand (never a test): from the map, and from a ?lesson=&step= link.
//   python3 -m http.server 18438 --bind 127.0.0.1 --directory dist &  node scripts/time-lesson-open.mjs [ID...]
// (default: every lesson in static/lessons/index.json)
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
const ids = process.argv.length > 2 ? process.argv.slice(2) : JSON.parse(readFileSync('static/lessons/index.json', 'utf8')).lessons;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
await page.addInitScript(() => {
  const watch = () => {
    if (window.__stage === undefined && document.querySelector('[data-testid=stage]')) window.__stage = performance.now();
    if (document.querySelector('[data-testid=lesson-panel]')) window.__shown = performance.now();
    else requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);
});
for (const id of ids) {
  const times = [];
  for (let i = 0; i < 5; i++) {
    await page.goto('http://127.0.0.1:18438/?lang=ko&mode=lessons');
    await page.getByTestId(`lesson-open-${id}`).waitFor();
    const t = await page.evaluate(async (id) => {
      const t0 = performance.now();
      document.querySelector(`[data-testid=lesson-open-${id}]`).click();
      while (!document.querySelector('[data-testid=lesson-panel]')) await new Promise(r => requestAnimationFrame(r));
      return performance.now() - t0;
    }, id);
    times.push(Math.round(t));
}
// From a link: navigation start to the panel shown (fetching index + lesson files), measured in
// the page (a frame-by-frame watch set up before the app starts); and, for scale, navigation
// start to the first stage of a plain `?lang=ko` page (page load and wasm start alone).
const link = [];
const plain = [];
for (let i = 0; i < 5; i++) {
  await page.goto(`http://127.0.0.1:18438/?lang=ko&lesson=${id}&step=5`);
  await page.waitForFunction(() => window.__shown !== undefined);
  link.push(Math.round(await page.evaluate(() => window.__shown)));
  await page.goto('http://127.0.0.1:18438/?lang=ko');
  await page.waitForFunction(() => window.__stage !== undefined);
  plain.push(Math.round(await page.evaluate(() => window.__stage)));
}
console.log(id, 'open from map (ms):', times.join(', '), ' link to step 5, page load to panel (ms):', link.join(', '), ' plain page load to stage (ms):', plain.join(', '));
}
await browser.close();
