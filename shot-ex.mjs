import { launch } from './scripts/browser.mjs';
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1500, height: 1100 } });
const errors = [];
page.on('pageerror', e => errors.push(String(e)));
page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
const [lang, name] = process.argv.slice(2);
await page.goto(`http://127.0.0.1:18438/?lang=${lang}`);
// let the default scenario form its group first
await page.getByTestId('timeline').evaluate((el) => { el.value = '8000'; el.dispatchEvent(new Event('input', { bubbles: true })); });
await page.waitForTimeout(200);
await page.getByTestId('mode-explain').click();
await page.getByTestId('explainer').waitFor();
await page.screenshot({ path: `/tmp/${name}-a.png`, fullPage: true });
// predict: drag the first chip onto the first consumer
const chips = page.locator('[data-testid=pool] .chip');
const n = await chips.count();
const cols = page.locator('.predict .col');
for (let i = 0; i < n; i++) {
  const chip = page.locator('[data-testid=pool] .chip').first();
  await chip.dragTo(cols.nth(i % 3));
}
await page.screenshot({ path: `/tmp/${name}-b.png`, fullPage: true });
await page.getByTestId('reveal').click();
await page.screenshot({ path: `/tmp/${name}-c.png`, fullPage: true });
await page.getByTestId('step-prev').click();
await page.getByTestId('step-1').locator('button').click();
await page.getByTestId('step-next').click();
await page.screenshot({ path: `/tmp/${name}-d.png`, fullPage: true });
console.log(errors.join('\n') || 'no errors');
await browser.close();
