// The classroom's first seconds and presenter frames (run by hand; docs/performance.md records
// the results, issue 30):
//   make build && python3 -m http.server 18439 --bind 127.0.0.1 --directory dist &
//   node scripts/bench-load.mjs
// 1. Time to a drawn stage on a cold cache (no service worker yet): from navigation until the
//    stage's SVG holds its partition rows, with the network throttled to 10 Mbps and to 1.6 Mbps
//    with a 4x CPU slowdown (Chrome DevTools' "Fast 4G" / "Slow 4G"-like profiles; latency 40 ms
//    and 150 ms). Also when the loading state first showed.
// 2. requestAnimationFrame intervals while the default scenario plays at 1x in presenter mode at
//    1920x1080 (p95 target <= 16.7 ms).
import { chromium } from '@playwright/test';
import { frameIntervals, stats } from './bench-frames.mjs';

const base = process.env.BASE_URL || 'http://127.0.0.1:18439/';
const runs = Number(process.env.RUNS || 3);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

const PROFILES = [
  { name: '10 Mbps, 40 ms', mbps: 10, latency: 40, cpu: 1 },
  { name: '1.6 Mbps, 150 ms, CPU 4x slower', mbps: 1.6, latency: 150, cpu: 4 },
];

function median(values) {
  const v = [...values].sort((a, b) => a - b);
  return v[Math.floor(v.length / 2)];
}

async function timeToStage(profile) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const bytesPerSecond = (profile.mbps * 1e6) / 8;
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: profile.latency,
    downloadThroughput: bytesPerSecond,
    uploadThroughput: bytesPerSecond,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
  const t0 = Date.now();
  await page.goto(`${base}?lang=ko`, { waitUntil: 'commit' });
  let loadingShown = null;
  const loading = page.locator('#boot');
  loading.waitFor({ state: 'visible', timeout: 60_000 }).then(() => { loadingShown = Date.now() - t0; }, () => {});
  await page.locator('[data-testid=stage] svg text').first().waitFor({ timeout: 120_000 });
  const drawn = Date.now() - t0;
  await context.close();
  return { drawn, loadingShown };
}

async function presenterFrames() {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(`${base}?lang=ko`);
  await page.getByTestId('stage').waitFor();
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('p');
  await page.getByTestId('btn-play').click();
  const intervals = await frameIntervals(page, 10_000);
  await page.close();
  return stats(intervals);
}

for (const profile of PROFILES) {
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await timeToStage(profile));
  console.log(JSON.stringify({
    profile: profile.name,
    drawn_ms: results.map((r) => r.drawn),
    drawn_median_ms: median(results.map((r) => r.drawn)),
    loading_shown_ms: results.map((r) => r.loadingShown),
  }));
}
console.log(JSON.stringify({ presenter_1920x1080_1x_frames_ms: await presenterFrames() }));
await browser.close();
