import { launch } from './scripts/browser.mjs';
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1500, height: 1300 } });
const errors = [];
page.on('pageerror', e => errors.push(String(e)));
const [lang, name, assignor] = process.argv.slice(2);
await page.goto(`http://127.0.0.1:18438/?lang=${lang}`);
await page.getByTestId('timeline').evaluate((el) => { el.value = '8000'; el.dispatchEvent(new Event('input', { bubbles: true })); });
await page.waitForTimeout(200);
await page.getByTestId('mode-explain').click();
await page.getByTestId('explain-assignor').selectOption(assignor);
await page.getByTestId('explain-add-member').click();
await page.getByTestId('reveal').click();
await page.screenshot({ path: `/tmp/${name}-a.png`, fullPage: true });
if (await page.getByTestId('round-1').count()) {
  await page.getByTestId('round-1').click();
  for (let i = 0; i < 30; i++) { if (await page.getByTestId('step-next').isDisabled()) break; await page.getByTestId('step-next').click(); }
  await page.screenshot({ path: `/tmp/${name}-b.png`, fullPage: true });
}
console.log(errors.join('\n') || 'no errors');
await browser.close();
