import { chromium } from '@playwright/test';
const base = 'http://127.0.0.1:18438/';
const out = process.env.OUT_DIR || '/tmp/shots';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
async function scrub(page, ms) {
  await page.getByTestId('timeline').evaluate((el, v) => { el.value = String(v); el.dispatchEvent(new Event('input', { bubbles: true })); }, ms);
}
for (const lang of (process.env.LANGS || 'en,ko').split(',')) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('console', m => { if (m.type() === 'error') console.log('console error', m.text()); });
  await page.goto(`${base}?lang=${lang}`);
  await scrub(page, 40000);
  await page.getByTestId('charts').screenshot({ path: `${out}/${lang}-charts.png` });
  await page.getByTestId('group-billing').locator('.group-head').click();
  await page.getByTestId('inspector').screenshot({ path: `${out}/${lang}-group-insp.png` });
  await page.getByTestId('producer-p1').click();
  await page.getByTestId('inspector').screenshot({ path: `${out}/${lang}-producer-insp.png` });
  await page.getByTestId('topic-orders').click();
  await page.getByTestId('inspector').screenshot({ path: `${out}/${lang}-topic-insp.png` });
  await page.getByTestId('broker-0').click();
  await page.getByTestId('inspector').screenshot({ path: `${out}/${lang}-broker-insp.png` });
  await page.getByTestId('select-c1').click();
  await page.getByTestId('config-editor').locator('summary').click();
  await page.getByTestId('inspector').screenshot({ path: `${out}/${lang}-consumer-insp.png` });
  await page.screenshot({ path: `${out}/${lang}-full.png`, fullPage: true });
  await page.goto(`${base}?lang=${lang}&preset=two-groups`);
  await scrub(page, 36000);
  await page.screenshot({ path: `${out}/${lang}-two-groups.png`, fullPage: true });
  await page.goto(`${base}?lang=${lang}&preset=wide-64`);
  await scrub(page, 20000);
  await page.getByTestId('stage').screenshot({ path: `${out}/${lang}-wide-64.png` });
  await page.close();
}
await browser.close();
