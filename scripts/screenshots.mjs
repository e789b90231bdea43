// Takes screenshots of the release build in both languages (used to look at UI changes):
//   python3 -m http.server 18438 --bind 127.0.0.1 --directory dist &  node scripts/screenshots.mjs
import { chromium } from '@playwright/test';

const base = process.env.BASE_URL || 'http://127.0.0.1:18438/';
const out = process.env.OUT_DIR || 'screenshots';
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
for (const lang of ['ko', 'en']) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`${base}?lang=${lang}`);
  await page.getByTestId('stage').waitFor();
  await page.screenshot({ path: `${out}/${lang}-0-start.png` });
  await page.getByTestId('speed').selectOption({ label: '8×' });
  await page.getByTestId('btn-play').click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=sim-time]').dataset.ms) > 14000);
  await page.getByTestId('btn-play').click();
  await page.screenshot({ path: `${out}/${lang}-1-running.png` });
  await page.getByTestId('btn-add-consumer').click();
  await page.getByTestId('btn-crash-c2').click();
  await page.getByTestId('btn-play').click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=sim-time]').dataset.ms) > 16500);
  await page.getByTestId('btn-play').click();
  await page.screenshot({ path: `${out}/${lang}-2-rebalancing.png` });
  await page.getByTestId('btn-play').click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=sim-time]').dataset.ms) > 30000);
  await page.getByTestId('btn-play').click();
  await page.screenshot({ path: `${out}/${lang}-3-after-crash.png` });
  // The ledger after the crash: duplicates, and one offset's story.
  const dup = page.getByTestId('ledger').locator('.cell.dup').first();
  if (await dup.count()) await dup.click();
  await page.getByTestId('ledger').screenshot({ path: `${out}/${lang}-3b-ledger.png` });
  await page.locator('details.notes summary').click();
  await page.screenshot({ path: `${out}/${lang}-4-notes.png`, fullPage: true });
  // The classroom controls: inspector, a fork after scrubbing back, the shortcut sheet.
  await page.getByTestId('select-c1').click();
  await page.getByTestId('insp-stall').click();
  await page.screenshot({ path: `${out}/${lang}-5-inspector.png`, fullPage: true });
  await page.getByTestId('timeline').evaluate((el) => {
    el.value = '9000';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.getByTestId('insp-crash').click();
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('?');
  await page.screenshot({ path: `${out}/${lang}-6-fork-help.png` });
  await page.close();
}
await browser.close();
