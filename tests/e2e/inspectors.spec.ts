import { test, expect } from '@playwright/test';
import { simMs, scrubTo, presetReady } from './helpers';

// Charts, the inspectors of groups, topics, producers, brokers and consumers (with the config
// editor), several groups on one stage and the ?preset= URL parameter.

test('charts are folded from the trace and follow the timeline back and forth', async ({ page }) => {
  await page.goto('/?lang=en');
  // Early on the strips still reach back to the log start, which is marked.
  await scrubTo(page, 2_000);
  await expect(page.getByTestId('log-start-orders-0')).toBeAttached();
  await scrubTo(page, 30_000);
  await expect(page.getByTestId('log-start-orders-0')).toHaveCount(0);
  const charts = page.getByTestId('charts');
  // One sample every 800 ms of the 120 s default run, strictly before the shown moment.
  await expect(charts).toHaveAttribute('data-samples', '38');
  await expect(page.getByTestId('chart-partition-lag')).toHaveAttribute('data-rows', '6');
  const processed = Number(await page.getByTestId('chart-processed').getAttribute('data-total'));
  expect(processed).toBeGreaterThan(100);
  for (const c of ['c1', 'c2', 'c3']) await expect(page.getByTestId(`chart-lag-${c}`)).toBeAttached();
  // The group forming is a rebalance period, hatched on every chart.
  await expect(charts.locator('.rebalance-band').first()).toBeAttached();
  // Back in time the series shrink; forward again they are the same as before.
  await scrubTo(page, 8_000);
  await expect(charts).toHaveAttribute('data-samples', '10');
  expect(Number(await page.getByTestId('chart-processed').getAttribute('data-total'))).toBeLessThan(processed);
  await scrubTo(page, 30_000);
  await expect(page.getByTestId('chart-processed')).toHaveAttribute('data-total', String(processed));
});

test('the group inspector changes the assignor by a rolling restart', async ({ page }) => {
  await page.goto('/?lang=en');
  await scrubTo(page, 20_000);
  await page.getByTestId('group-billing').locator('.group-head').click();
  const inspector = page.getByTestId('inspector');
  await expect(inspector).toContainText('billing');
  await expect(page.getByTestId('inspector-assignor')).toHaveText('range');
  // Nothing changed yet: said so, nothing happens.
  await page.getByTestId('insp-apply-group').click();
  await expect(page.getByTestId('inspector-message')).toContainText('No setting differs');
  await page.getByTestId('insp-assignor').selectOption('cooperative-sticky,range');
  await page.getByTestId('insp-apply-group').click();
  await expect(page.getByTestId('inspector-message')).toHaveCount(0);
  await scrubTo(page, 21_000);
  await expect(page.getByTestId('narration')).toContainText('c1 is redeployed');
  await expect(page.getByTestId('narration')).toContainText('partition.assignment.strategy=cooperative-sticky,range');
  // Once every member runs the new list, the group votes for cooperative-sticky.
  await scrubTo(page, 60_000);
  await expect(page.getByTestId('inspector-assignor')).toHaveText('cooperative-sticky');
  for (const c of ['c1', 'c2', 'c3']) await expect(page.getByTestId(`consumer-${c}`)).toHaveAttribute('data-status', 'Running');
});

test('a refused config reads in Korean: what was given, and what the property takes (issue 31)', async ({ page }) => {
  await page.goto('/?lang=ko');
  await scrubTo(page, 15_000);
  await page.getByTestId('select-c1').click();
  await page.getByTestId('config-editor').locator('summary').click();
  await page.getByTestId('cfg-session.timeout.ms').fill('10');
  await page.getByTestId('insp-apply-config').click();
  await expect(page.getByTestId('inspector-message')).toContainText('session.timeout.ms에 "10"을 줄 수 없습니다. 6000부터 1800000까지의 정수만 됩니다.');
  await page.getByTestId('cfg-session.timeout.ms').fill('10000');
  await page.getByTestId('cfg-heartbeat.interval.ms').fill('10000');
  await page.getByTestId('insp-apply-config').click();
  await expect(page.getByTestId('inspector-message')).toContainText('heartbeat.interval.ms(10000)는 session.timeout.ms(10000)보다 작아야 합니다.');
  await expect(page.getByTestId('consumer-c1')).toHaveAttribute('data-status', 'Running');
});

test('the config editor refuses a bad value with its reason and redeploys with a good one', async ({ page }) => {
  await page.goto('/?lang=en');
  await scrubTo(page, 15_000);
  await page.getByTestId('select-c1').click();
  await page.getByTestId('config-editor').locator('summary').click();
  await expect(page.getByTestId('config-editor')).toContainText('45000 since 3.0');
  await page.getByTestId('cfg-session.timeout.ms').fill('10');
  await page.getByTestId('insp-apply-config').click();
  await expect(page.getByTestId('inspector-message')).toContainText('session.timeout.ms');
  await expect(page.getByTestId('inspector-message')).toContainText('6000');
  await expect(page.getByTestId('consumer-c1')).toHaveAttribute('data-status', 'Running');
  await page.getByTestId('cfg-session.timeout.ms').fill('12000');
  await page.getByTestId('insp-apply-config').click();
  await expect(page.getByTestId('narration')).toContainText('c1 is redeployed');
  await expect(page.getByTestId('narration')).toContainText('session.timeout.ms=12000');
  // Closed, down for a second, started again with the new value.
  await scrubTo(page, 20_000);
  await expect(page.getByTestId('consumer-c1')).toHaveAttribute('data-status', 'Running');
  await expect(page.getByTestId('cfg-session.timeout.ms')).toHaveValue('12000');
  // Stall for a chosen number of seconds; a bad number is refused.
  await scrubTo(page, 25_000);
  await page.getByTestId('insp-stall-seconds').fill('0');
  await page.getByTestId('insp-stall').click();
  await expect(page.getByTestId('inspector-message')).toContainText('from 1 to 600');
  await page.getByTestId('insp-stall-seconds').fill('3');
  await page.getByTestId('insp-stall').click();
  await expect(page.getByTestId('inspector-status')).toHaveText('not polling');
  await expect(page.getByTestId('narration')).toContainText('until 28.0 s');
});

test('producer, topic and broker inspectors show live state and act', async ({ page }) => {
  await page.goto('/?lang=en');
  await scrubTo(page, 10_000);
  await page.getByTestId('producer-p1').click();
  await expect(page.getByTestId('inspector-rate')).toHaveText('12');
  await page.getByTestId('insp-rate').fill('abc');
  await page.getByTestId('insp-apply-producer').click();
  await expect(page.getByTestId('inspector-message')).toContainText('from 0 to 10000');
  await page.getByTestId('insp-rate').fill('3');
  await page.getByTestId('insp-keys').fill('');
  await page.getByTestId('insp-apply-producer').click();
  await expect(page.getByTestId('inspector-rate')).toHaveText('3');
  await expect(page.getByTestId('narration')).toContainText('now sends 3 records/s without keys');

  await page.getByTestId('topic-orders').click();
  const rows = page.getByTestId('inspector-partitions').locator('tbody tr');
  await expect(rows).toHaveCount(6);
  await page.getByTestId('insp-add-partition').click();
  await expect(rows).toHaveCount(7);

  await page.getByTestId('broker-0').click();
  await expect(page.getByTestId('inspector-coordinates')).toContainText('billing');
  await expect(page.getByTestId('inspector-led')).toContainText('orders-0');
});

test('stage elements open their inspector from the keyboard without starting playback', async ({ page }) => {
  await page.goto('/?lang=en');
  const head = page.getByTestId('group-billing').locator('.group-head');
  await head.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('inspector')).toContainText('billing');
  await page.getByTestId('producer-p1').focus();
  await page.keyboard.press(' ');
  await expect(page.getByTestId('inspector')).toContainText('p1');
  await expect(page.getByTestId('btn-play')).toContainText('Play');
});

test('several groups read one topic on one stage; a bad ?preset= is named', async ({ page }) => {
  await page.goto('/?lang=en&preset=two-groups');
  await presetReady(page);
  await expect(page.getByTestId('preset')).toHaveValue('two-groups');
  await scrubTo(page, 20_000);
  await expect(page.getByTestId('group-analytics')).toBeVisible();
  await expect(page.getByTestId('group-billing')).toBeVisible();
  // Each group's own committed offset on the same partition.
  await expect(page.getByTestId('committed-orders-1')).toBeAttached();
  await expect(page.getByTestId('committed-billing-orders-1')).toBeAttached();
  // Clicking the other group shows it in the panel, ledger and charts.
  await page.getByTestId('group-billing').locator('.group-head').click();
  await expect(page.getByTestId('group-card')).toContainText('billing');
  await expect(page.getByTestId('committed-orders-1')).toBeAttached();
  await expect(page.getByTestId('committed-analytics-orders-1')).toBeAttached();

  await page.goto('/?lang=en&preset=nope');
  await expect(page.getByTestId('notice-preset')).toContainText('nope');
  await expect(page.getByTestId('notice-preset')).toContainText('two-groups');
  await expect(page.getByTestId('stage')).toBeVisible();
  await page.getByTestId('notice-preset-dismiss').click();
  await expect(page.getByTestId('notice-preset')).toHaveCount(0);
});

test.describe('without the offline cache', () => {
  // The service worker would answer from its cache, out of the page's routes.
  test.use({ serviceWorkers: 'block' });

  test('a preset whose file does not arrive is named, and the scenario on screen stays', async ({ page }) => {
    await page.route('**/scenarios/batching.json', (route) => route.abort());
    await page.goto('/?lang=ko');
    await scrubTo(page, 5_000);
    await page.getByTestId('preset').selectOption('batching');
    await expect(page.getByTestId('notice-preset')).toContainText('batching의 파일을 불러오지 못했습니다');
    await expect(page.getByTestId('preset')).toHaveValue('default');
    expect(await simMs(page)).toBe(5_000);
  });
});

test('the group inspector adds a consumer and switches the group to KIP-848 by restarting every member', async ({ page }) => {
  await page.goto('/?lang=en');
  await scrubTo(page, 20_000);
  await page.getByTestId('group-billing').locator('.group-head').click();
  await page.getByTestId('insp-add-consumer').click();
  await expect(page.getByTestId('consumer-c4')).toHaveAttribute('data-status', 'Running');
  await page.getByTestId('group-billing').locator('.group-head').click();
  await expect(page.getByTestId('inspector')).toContainText('classic');
  await page.getByTestId('insp-protocol').selectOption('consumer');
  await expect(page.getByTestId('insp-protocol-note')).toContainText('one by one');
  await expect(page.getByTestId('insp-remote-assignor')).toBeVisible();
  await page.getByTestId('insp-apply-group').click();
  await scrubTo(page, 40_000);
  await expect(page.getByTestId('inspector')).toContainText('consumer (KIP-848)');
  await expect(page.getByTestId('inspector-assignor')).toContainText('uniform');
  for (const c of ['c1', 'c2', 'c3', 'c4']) await expect(page.getByTestId(`consumer-${c}`)).toHaveAttribute('data-status', 'Running');
  await expect(page.getByTestId('group-card')).toContainText('Duplicates0');
});

test('the consumer inspector closes a consumer cleanly', async ({ page }) => {
  await page.goto('/?lang=en');
  await scrubTo(page, 12_000);
  await page.getByTestId('consumer-c3').click();
  await page.getByTestId('insp-close').click();
  await scrubTo(page, 14_000);
  await expect(page.getByTestId('consumer-c3')).toHaveAttribute('data-status', 'Closed');
  await expect(page.getByTestId('inspector-status')).toHaveText('closed');
});

test('the ledger tells the story of any offset, also one scrolled out of its window', async ({ page }) => {
  await page.goto('/?lang=en');
  await scrubTo(page, 60_000);
  // Offset 3 of orders-2 is long out of the ledger's window of the latest 48.
  await expect(page.getByTestId('ledger-orders-2-3')).toHaveCount(0);
  await page.getByTestId('ledger-lookup-partition').selectOption('orders-2');
  await page.getByTestId('ledger-lookup-offset').fill('3');
  await page.getByTestId('ledger-lookup').click();
  await expect(page.getByTestId('ledger-story')).toContainText('processed by');
  await expect(page.getByTestId('ledger-story')).toContainText('generation 1');
  // An offset past the log end is refused with the allowed range.
  await page.getByTestId('ledger-lookup-offset').fill('99999');
  await page.getByTestId('ledger-lookup').click();
  await expect(page.getByTestId('ledger-lookup-error')).toContainText('orders-2 has offsets 0 to');
});

test('the group inspector changes the commit mode by a rolling restart', async ({ page }) => {
  await page.goto('/?lang=en');
  await scrubTo(page, 20_000);
  await page.getByTestId('group-billing').locator('.group-head').click();
  await page.getByTestId('insp-commit').selectOption('sync-before-processing');
  await page.getByTestId('insp-apply-group').click();
  await expect(page.getByTestId('narration')).toContainText('commit=sync-before-processing');
  // One consumer every 8 s: by 40 s all three run the new mode.
  await scrubTo(page, 40_000);
  for (const c of ['c1', 'c2', 'c3']) {
    await page.getByTestId(`select-${c}`).click();
    await expect(page.getByTestId('inspector')).toContainText('sync-before-processing');
  }
});

test('the producer inspector replaces the producer with new partitioner settings', async ({ page }) => {
  await page.goto('/?lang=en');
  await scrubTo(page, 5_000);
  await page.getByTestId('producer-p1').click();
  await expect(page.getByTestId('inspector-partitioner')).toContainText('murmur2');
  await page.getByTestId('insp-batch.size').fill('abc');
  await page.getByTestId('insp-apply-producer').click();
  await expect(page.getByTestId('inspector-message')).toContainText('batch.size');
  await page.getByTestId('insp-batch.size').fill('16384');
  await page.getByTestId('insp-partitioner.class').selectOption('org.apache.kafka.clients.producer.RoundRobinPartitioner');
  await page.getByTestId('insp-apply-producer').click();
  await expect(page.getByTestId('narration')).toContainText('a new producer with partitioner.class=org.apache.kafka.clients.producer.RoundRobinPartitioner');
  await expect(page.getByTestId('inspector-partitioner')).toContainText('RoundRobinPartitioner');
});
