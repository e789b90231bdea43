// Screenshots of presenter mode at 1920×1080 and of an embed, in both languages (run by hand):
//   make build && python3 -m http.server 18438 --bind 127.0.0.1 --directory dist &
//   OUT_DIR=/tmp/shots node scripts/screenshots-presenter.mjs
// The sandbox in presenter mode after a crash, its QR code, a lesson's instructor view in
// presenter mode, and the default scenario embedded in a 960×600 iframe of a slide.
import { launch, scrub } from './browser.mjs';

const base = process.env.BASE_URL || 'http://127.0.0.1:18438/';
const out = process.env.OUT_DIR || 'screenshots';
const browser = await launch();

for (const lang of ['ko', 'en']) {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(`${base}?lang=${lang}`);
  await scrub(page, 12000);
  await page.getByTestId('btn-crash-c2').click();
  await scrub(page, 26000);
  await page.keyboard.press('p');
  await page.waitForSelector('.app.presenter');
  await page.screenshot({ path: `${out}/${lang}-presenter-sandbox.png` });
  await page.getByTestId('btn-qr').click();
  await page.waitForSelector('[data-testid=qr-code]');
  await page.screenshot({ path: `${out}/${lang}-presenter-qr.png` });
  await page.keyboard.press('Escape');

  await page.goto(`${base}?lang=${lang}&lesson=consumer-groups&step=2&instructor=1`);
  await page.waitForSelector('[data-testid=lesson-panel]');
  await page.keyboard.press('p');
  await page.waitForSelector('.app.presenter');
  await page.screenshot({ path: `${out}/${lang}-presenter-lesson.png` });
  await page.close();

  const slide = await browser.newPage({ viewport: { width: 1100, height: 720 } });
  await slide.setContent(`<body style="font-family:sans-serif;background:#dde3ea;margin:20px">
    <h2>Slide 7 · Consumer groups</h2>
    <iframe src="${base}?embed=1&lang=${lang}" title="groupscope" width="960" height="600" style="border:0;background:#fff"></iframe></body>`);
  const frame = slide.frameLocator('iframe');
  await frame.getByTestId('btn-play').waitFor();
  await frame.getByTestId('timeline').evaluate((el) => {
    el.value = '20000';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await slide.waitForTimeout(300);
  await slide.screenshot({ path: `${out}/${lang}-embed.png` });
  await slide.close();
}
await browser.close();
