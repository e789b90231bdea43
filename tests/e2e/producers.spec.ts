import { test, expect } from '@playwright/test';
import { scrubTo, presetReady } from './helpers';

// The producer and broker side: the accumulator, replicas and the ISR, killing and restarting
// a broker, a lost response with idempotence, transactions with markers and the LSO.

test('batching: the accumulator fills batches per partition and shows requests in flight', async ({ page }) => {
  await page.goto('/?lang=en&preset=batching');
  await presetReady(page);
  await scrubTo(page, 3_830);
  await expect(page.getByTestId('accumulator-lingering')).toBeAttached();
  // linger.ms=50 at 400 records/s: every partition of the lingering producer has an open batch.
  for (const p of [0, 1, 2, 3]) await expect(page.getByTestId(`acc-lingering-${p}`)).toBeAttached();
  await expect(page.getByTestId('producer-lingering-in-flight')).toContainText('/5');
  await page.getByTestId('producer-lingering').click();
  await expect(page.getByTestId('inspector-linger.ms')).toHaveText('50');
  // The model's ratio beside what the real codec measured.
  await expect(page.getByTestId('inspector-compression.type')).toHaveText('lz4 · 37% (measured 32–50%)');
  // The leader keeps each batch as it came: a dashed line under a compressed batch's cells,
  // titled with both sizes; a record's title lists its fields, headers included.
  const span = page.locator('.batch-span.zipped').first();
  await expect(span).toBeAttached();
  expect(await span.locator('title').textContent()).toMatch(/^batch \d+–\d+ \(\d+ records\): lz4 compressed it from \d+ B to \d+ B; the broker stores it as it came/);
  await expect(page.locator('rect.cell title', { hasText: 'headers source=game-page' }).first()).toBeAttached();
  await expect(page.locator('rect.cell title', { hasText: 'CreateTime' }).first()).toBeAttached();
  // The piggyback story is told in the narration.
  await page.getByTestId('narration-filter').selectOption('producers');
  await expect(page.getByTestId('narration')).toContainText('ProduceRequest');
});

test('killing brokers shrinks the ISR below min.insync.replicas; a restart brings it back', async ({ page }) => {
  await page.goto('/?lang=en&preset=acks-isr');
  await presetReady(page);
  await scrubTo(page, 30_500);
  await expect(page.getByTestId('isr-payments-0')).toContainText('ISR 0★');
  await expect(page.getByTestId('isr-payments-0').locator('.bad')).toBeAttached();
  await expect(page.getByTestId('narration')).toContainText('NOT_ENOUGH_REPLICAS');
  await page.getByTestId('broker-1').click();
  await expect(page.getByTestId('inspector-broker-state')).toContainText('fenced');
  await page.getByTestId('insp-restart-broker').click();
  await scrubTo(page, 31_000);
  await expect(page.getByTestId('isr-payments-0')).not.toContainText('✕1');
  await page.getByTestId('broker-0').click();
  await page.getByTestId('insp-kill-broker').click();
  await expect(page.getByTestId('broker-0')).toContainText('down');
  await expect(page.getByTestId('narration')).toContainText("Broker 0's process died");
});

test('a lost response: the idempotent retry is acknowledged without a second write', async ({ page }) => {
  await page.goto('/?lang=en&preset=idempotence');
  await presetReady(page);
  // The plain producer's retried batches are in its partition's log a second time (↻).
  await scrubTo(page, 5_120);
  await expect(page.locator('[data-testid^=rewritten-orders-1-]').first()).toBeAttached();
  await expect(page.locator('[data-testid^=rewritten-orders-0-]')).toHaveCount(0);
  await scrubTo(page, 5_200);
  await page.getByTestId('narration-filter').selectOption('errors');
  await expect(page.getByTestId('narration')).toContainText('NETWORK_EXCEPTION');
  await page.getByTestId('narration-filter').selectOption('producers');
  await expect(page.getByTestId('narration')).toContainText('idempotence answers with that offset');
  await page.getByTestId('producer-plain').click();
  await expect(page.getByTestId('inspector-duplicates')).toHaveText('5');
  await page.getByTestId('producer-idem').click();
  await expect(page.getByTestId('inspector-duplicates')).toHaveText('0');
  // Losing another response from the inspector.
  await page.getByTestId('insp-drop-response').click();
  await scrubTo(page, 9_000);
  await page.getByTestId('narration-filter').selectOption('errors');
  await expect(page.getByTestId('narration')).toContainText('The network lost ProduceResponse');
});

test('transactions: markers, aborted records and the LSO; abort from the inspector', async ({ page }) => {
  await page.goto('/?lang=ko&preset=transactions');
  await presetReady(page);
  await scrubTo(page, 6_000);
  const stage = page.getByTestId('stage');
  await expect(stage.locator('.cell.marker.commit').first()).toBeAttached();
  await expect(stage.locator('.cell.marker.abort').first()).toBeAttached();
  await expect(stage.locator('.aborted-hatch').first()).toBeAttached();
  // The read_committed group's ledger marks markers and aborted records as never given out.
  await expect(page.getByTestId('ledger').locator('.cell.skipped').first()).toBeAttached();
  await scrubTo(page, 9_000);
  // slow's transaction (open since 8 s) holds payments-1's LSO below its high watermark.
  await expect(page.getByTestId('lso-payments-1')).toBeAttached();
  await page.getByTestId('producer-tx').click();
  await expect(page.getByTestId('inspector-txn')).toContainText('진행 중');
  await page.getByTestId('insp-abort-txn').click();
  await scrubTo(page, 9_100);
  await page.getByTestId('narration-filter').selectOption('producers');
  await expect(page.getByTestId('narration')).toContainText('abortTransaction()');
});

test('a follower whose replication is paused stays alive and leaves the ISR after replica.lag.time.max.ms', async ({ page }) => {
  await page.goto('/?lang=en&preset=isr-lag');
  await presetReady(page);
  await scrubTo(page, 30_000);
  await expect(page.getByTestId('broker-1')).toContainText('replication paused');
  await expect(page.getByTestId('isr-orders-0')).toContainText('ISR 0★,1');
  await scrubTo(page, 46_000);
  await expect(page.getByTestId('isr-orders-0')).toContainText('✕1');
  await expect(page.getByTestId('isr-orders-0').locator('.bad')).toBeAttached();
  // Pausing it again from the broker inspector.
  await scrubTo(page, 55_000);
  await expect(page.getByTestId('isr-orders-0')).not.toContainText('✕1');
  await page.getByTestId('broker-1').click();
  await page.getByTestId('insp-pause-replication').click();
  await expect(page.getByTestId('inspector-broker-state')).toContainText('follower fetchers are paused');
});

test('consume-transform-produce: the restarted instance aborts the open transaction; read_committed sees each output once', async ({ page }) => {
  await page.goto('/?lang=en&preset=exactly-once');
  await presetReady(page);
  await scrubTo(page, 20_300);
  await page.getByTestId('narration-filter').selectOption('producers');
  await expect(page.getByTestId('narration')).toContainText('The transaction coordinator aborted c1 (c1-tx)');
  await expect(page.getByTestId('producer-c1-tx')).toBeAttached();
  await page.getByTestId('group-select').selectOption('downstream-committed');
  await expect(page.getByTestId('stage').locator('.cell.marker.abort').first()).toBeAttached();
  await expect(page.getByTestId('stage').locator('.aborted-hatch').first()).toBeAttached();
});
