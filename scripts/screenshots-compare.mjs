// Hand-run: screenshots of every compare preset (at a moment that shows its difference) and of
// the assignor explainer, in Korean and English. Serve dist/ on 127.0.0.1:18438 first.
import { launch } from './browser.mjs';

const BASE = process.env.BASE ?? 'http://127.0.0.1:18438/';
const OUT = process.env.OUT ?? '/tmp/groupscope-compare';
const MOMENTS = {
  'range-vs-roundrobin': 19000,
  'eager-vs-cooperative': 9300,
  'static-vs-dynamic': 20000,
  'commit-timing': 35000,
  'sync-vs-async-commit': 75000,
  'classic-vs-kip848': 24000,
};

const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1500, height: 1100 } });
const errors = [];
page.on('pageerror', (e) => errors.push(String(e)));
for (const lang of ['ko', 'en']) {
  for (const [id, ms] of Object.entries(MOMENTS)) {
    await page.goto(`${BASE}?lang=${lang}&mode=compare&compare=${id}`);
    await page.getByTestId('compare-timeline').evaluate((el, v) => { el.value = String(v); el.dispatchEvent(new Event('input', { bubbles: true })); }, ms);
    await page.waitForFunction((v) => Number(document.querySelector('[data-testid=compare-time]').dataset.ms) === v, ms);
    await page.screenshot({ path: `${OUT}-${id}-${lang}.png`, fullPage: true });
  }
  // The explainer: cooperative-sticky with a fourth member, revealed, at the withholding step.
  await page.goto(`${BASE}?lang=${lang}`);
  await page.getByTestId('timeline').evaluate((el) => { el.value = '8000'; el.dispatchEvent(new Event('input', { bubbles: true })); });
  await page.getByTestId('mode-explain').click();
  await page.getByTestId('explain-assignor').selectOption('cooperative-sticky');
  await page.getByTestId('explain-add-member').click();
  await page.getByTestId('chip-orders-0').dragTo(page.getByTestId('guess-c1'));
  await page.getByTestId('chip-orders-5').dragTo(page.getByTestId('guess-c4'));
  await page.screenshot({ path: `${OUT}-explain-predict-${lang}.png`, fullPage: true });
  await page.getByTestId('reveal').click();
  await page.getByTestId('round-1').click();
  while (await page.getByTestId('step-next').isEnabled()) await page.getByTestId('step-next').click();
  await page.screenshot({ path: `${OUT}-explain-steps-${lang}.png`, fullPage: true });
}
await browser.close();
if (errors.length) { console.error(errors.join('\n')); process.exit(1); }
console.log(`screenshots in ${OUT}-*.png`);
