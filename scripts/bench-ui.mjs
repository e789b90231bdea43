// The classroom view's benchmark (run by hand; docs/performance.md records the results):
//   make build && python3 -m http.server 18439 --bind 127.0.0.1 --directory dist &
//   node scripts/bench-ui.mjs
// 1. requestAnimationFrame intervals while the default scenario plays at 1× (p95 target ≤ 16.7 ms);
// 2. the same with 256 partitions and 32 consumers in 2 groups (preset large-256) at 4× (≤ 33 ms);
// 3. scrubbing a 10-minute run (preset long-run): the time from the scrubber's input event until
//    the page shows that moment (target < 100 ms), at 30 random moments after the first pass.
import { chromium } from '@playwright/test';
import { frameIntervals, stats } from './bench-frames.mjs';

const base = process.env.BASE_URL || 'http://127.0.0.1:18439/';
const seconds = Number(process.env.SECONDS || 10);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

async function frames(preset, speedLabel) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, reducedMotion: process.env.REDUCED_MOTION ? 'reduce' : 'no-preference' });
  await page.goto(`${base}?lang=en&preset=${preset}`);
  await page.getByTestId('stage').waitFor();
  await page.getByTestId('speed').selectOption({ label: speedLabel });
  await page.getByTestId('btn-play').click();
  const intervals = await frameIntervals(page, seconds * 1000);
  const simulated = Number(await page.getByTestId('sim-time').getAttribute('data-ms'));
  await page.close();
  return { ...stats(intervals), simulated_ms: simulated };
}

async function scrubbing() {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`${base}?lang=en&preset=long-run`);
  await page.getByTestId('stage').waitFor();
  // From the input event until the DOM shows the target time (a MutationObserver fires right
  // after Yew's render commits), then one more frame so layout and paint are included.
  const scrub = (ms) => page.getByTestId('timeline').evaluate((el, value) => new Promise((resolve, reject) => {
    const out = document.querySelector('[data-testid=sim-time]');
    const t0 = performance.now();
    const done = () => requestAnimationFrame(() => resolve(performance.now() - t0));
    const observer = new MutationObserver(() => {
      if (Number(document.querySelector('[data-testid=sim-time]').dataset.ms) === value) { observer.disconnect(); done(); }
    });
    observer.observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-ms'] });
    setTimeout(() => reject(new Error(`scrub to ${value} not shown after 10 s`)), 10000);
    el.value = String(value);
    el.dispatchEvent(new Event('input', { bubbles: true }));
    if (Number(out.dataset.ms) === value) { observer.disconnect(); done(); }
  }), ms);
  // The first pass to the end simulates the whole run once.
  const first = await scrub(600000);
  let seed = 12345;
  const random = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  const times = [];
  for (let i = 0; i < 30; i++) times.push(await scrub(Math.floor(random() * 60000) * 10)); // the scrubber steps by 10 ms
  await page.close();
  return { first_pass_to_end_ms: first.toFixed(1), ...stats(times) };
}

const results = {
  default_1x: await frames('default', '1×'),
  large_256_4x: await frames('large-256', '4×'),
  scrub_long_run: await scrubbing(),
};
console.log(JSON.stringify(results, null, 2));
await browser.close();
