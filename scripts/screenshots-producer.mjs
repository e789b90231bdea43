// Screenshots of the states issue 6 asks to look at, in both languages (run by hand):
//   make build && python3 -m http.server 18438 --bind 127.0.0.1 --directory dist &
//   OUT_DIR=/tmp/shots node scripts/screenshots-producer.mjs
// Batching (accumulator, linger, piggyback), an ISR shrink with NOT_ENOUGH_REPLICAS, an
// idempotent retry (duplicate acknowledged, not written) and an aborted transaction (markers,
// hatched records, LSO) and a follower whose replication is paused, each with the inspector
// that explains it.
import { launch, scrub } from './browser.mjs';

const base = process.env.BASE_URL || 'http://127.0.0.1:18438/';
const out = process.env.OUT_DIR || 'screenshots';
const browser = await launch();

for (const lang of ['ko', 'en']) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await page.goto(`${base}?lang=${lang}&preset=batching`);
  await scrub(page, 3830);
  await page.getByTestId('producer-lingering').click();
  await page.screenshot({ path: `${out}/${lang}-g-batching.png`, fullPage: true });

  await page.goto(`${base}?lang=${lang}&preset=acks-isr`);
  await scrub(page, 30500);
  await page.getByTestId('topic-payments').click();
  await page.screenshot({ path: `${out}/${lang}-h-isr-not-enough-replicas.png`, fullPage: true });

  await page.goto(`${base}?lang=${lang}&preset=idempotence`);
  await scrub(page, 5200);
  await page.getByTestId('producer-plain').click();
  await page.screenshot({ path: `${out}/${lang}-i-idempotent-retry.png`, fullPage: true });

  await page.goto(`${base}?lang=${lang}&preset=isr-lag`);
  await scrub(page, 30000);
  await page.getByTestId('broker-1').click();
  await page.screenshot({ path: `${out}/${lang}-k-isr-lag.png`, fullPage: true });

  await page.goto(`${base}?lang=${lang}&preset=transactions`);
  await scrub(page, 5530);
  await page.getByTestId('producer-tx').click();
  await page.screenshot({ path: `${out}/${lang}-j-aborted-transaction.png`, fullPage: true });

  await page.goto(`${base}?lang=${lang}&preset=exactly-once`);
  await scrub(page, 20300);
  await page.getByTestId('producer-c1-tx').click();
  await page.screenshot({ path: `${out}/${lang}-l-exactly-once.png`, fullPage: true });
  await page.close();
}
await browser.close();
