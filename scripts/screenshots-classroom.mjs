// Screenshots of the states issue 5 asks to look at, in both languages (run by hand):
//   make build && python3 -m http.server 18438 --bind 127.0.0.1 --directory dist &
//   OUT_DIR=/tmp/shots node scripts/screenshots-classroom.mjs
// A stable group, an eager rebalance in progress, a cooperative rebalance in progress, a crash
// producing duplicates in the ledger (with one offset's story), two groups on one topic, the
// group inspector and the 64-partition layout.
import { launch, scrub } from './browser.mjs';

const base = process.env.BASE_URL || 'http://127.0.0.1:18438/';
const out = process.env.OUT_DIR || 'screenshots';
const browser = await launch();

const simMs = async (page) => Number(await page.getByTestId('sim-time').getAttribute('data-ms'));

/** Jumps to the second rebalance of a preset (the first forms the group), a little into it. */
async function rebalanceInProgress(page, preset, intoMs) {
  await page.getByTestId('preset').selectOption(preset);
  await page.getByTestId('btn-next-rebalance').click();
  const first = await simMs(page);
  await page.getByTestId('btn-next-rebalance').click();
  await page.waitForFunction((t) => Number(document.querySelector('[data-testid=sim-time]').dataset.ms) > t, first);
  await scrub(page, Math.ceil(((await simMs(page)) + intoMs) / 10) * 10);
}

for (const lang of ['ko', 'en']) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`${base}?lang=${lang}`);
  await scrub(page, 30000);
  await page.screenshot({ path: `${out}/${lang}-a-stable.png`, fullPage: true });

  await rebalanceInProgress(page, 'eager-join', 80);
  await page.screenshot({ path: `${out}/${lang}-b-eager-rebalance.png`, fullPage: true });

  await rebalanceInProgress(page, 'cooperative-join', 130);
  await page.screenshot({ path: `${out}/${lang}-c-cooperative-rebalance.png`, fullPage: true });

  await page.getByTestId('preset').selectOption('default');
  await scrub(page, 9000);
  await page.getByTestId('btn-crash-c2').click();
  await scrub(page, 30000);
  const dup = page.getByTestId('ledger').locator('.cell.dup').first();
  if (await dup.count()) await dup.click();
  await page.screenshot({ path: `${out}/${lang}-d-crash-duplicates.png`, fullPage: true });

  await page.getByTestId('preset').selectOption('two-groups');
  await scrub(page, 36000);
  await page.getByTestId('group-billing').locator('.group-head').click();
  await page.screenshot({ path: `${out}/${lang}-e-two-groups-inspector.png`, fullPage: true });

  await page.getByTestId('preset').selectOption('wide-64');
  await scrub(page, 20000);
  await page.getByTestId('stage').screenshot({ path: `${out}/${lang}-f-wide-64.png` });
  await page.close();
}
await browser.close();
