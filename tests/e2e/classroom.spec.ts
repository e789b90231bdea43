import { test, expect } from '@playwright/test';
import { simMs, scrubTo, playPast } from './helpers';

// The classroom controls: timeline scrubbing and forks, rebalance jumps, the consumer
// inspector's actions, adding a partition, the narration filter and the keyboard shortcuts.

test('scrubbing shows any moment exactly; acting in the past forks and the branch can be restored once', async ({ page }) => {
  await page.goto('/?lang=en');
  await playPast(page, 16_000);
  const reached = await simMs(page);
  await expect(page.getByTestId('timeline-markers').locator('.mk.rebalance').first()).toBeAttached();

  // Back to 5 s: the clock and the narration show that moment, nothing later.
  await scrubTo(page, 5000);
  await expect.poll(() => simMs(page)).toBe(5000);
  const times = await page.getByTestId('narration').locator('.t').allTextContents();
  for (const t of times) expect(parseFloat(t)).toBeLessThanOrEqual(5.0);
  // Forward again to the same moment as before: identical narration.
  await scrubTo(page, 12_000);
  const at12 = await page.getByTestId('narration').textContent();
  await scrubTo(page, 3000);
  await scrubTo(page, 12_000);
  expect(await page.getByTestId('narration').textContent()).toBe(at12);

  // Act in the past: crash c1 at 12 s. The old future is discarded, and restorable.
  await expect(page.getByTestId('fork-notice')).toHaveCount(0);
  await page.getByTestId('select-c1').click();
  await expect(page.getByTestId('inspector')).toBeVisible();
  await page.getByTestId('insp-crash').click();
  await expect(page.getByTestId('fork-notice')).toBeVisible();
  await expect(page.getByTestId('consumer-c1')).toHaveAttribute('data-status', 'Crashed');
  await page.getByTestId('btn-restore-fork').click();
  await expect(page.getByTestId('fork-notice')).toHaveCount(0);
  await expect(page.getByTestId('consumer-c1')).toHaveAttribute('data-status', 'Running');
  expect(await simMs(page)).toBeGreaterThanOrEqual(reached - 1000);
  await expect(page.getByTestId('btn-restore-fork')).toHaveCount(0);
});

test('the inspector stalls, resumes, GC-pauses and restarts a consumer', async ({ page }) => {
  await page.goto('/?lang=en');
  await playPast(page, 9000);
  await page.getByTestId('select-c2').click();
  const inspector = page.getByTestId('inspector');
  await expect(inspector).toContainText('c2');
  await page.getByTestId('insp-stall').click();
  await expect(page.getByTestId('inspector-status')).toHaveText('not polling');
  await expect(page.getByTestId('narration')).toContainText('stops calling poll()');
  await page.getByTestId('insp-resume').click();
  await expect(page.getByTestId('inspector-status')).not.toHaveText('not polling');
  await page.getByTestId('insp-restart').click();
  await expect(page.getByTestId('consumer-c2')).toHaveAttribute('data-status', 'Crashed');
  // Five simulated seconds later the same consumer starts again.
  await page.getByTestId('btn-play').click();
  await expect(page.getByTestId('consumer-c2')).toHaveAttribute('data-status', 'Running', { timeout: 20_000 });
  await page.getByTestId('btn-play').click();
  await page.getByTestId('insp-gc').click();
  await expect(page.getByTestId('inspector-status')).toHaveText('frozen (GC pause)');
  await page.getByTestId('insp-dismiss').click();
  await expect(inspector).toHaveCount(0);
});

test('adding a partition grows the topic on the stage', async ({ page }) => {
  await page.goto('/?lang=en');
  await playPast(page, 6000);
  await expect(page.getByTestId('partition-orders-6')).toHaveCount(0);
  await page.getByTestId('btn-add-partition-orders').click();
  await expect(page.getByTestId('partition-orders-6')).toBeVisible();
  await expect(page.getByTestId('narration')).toContainText('orders');
});

test('keyboard: ] and [ jump between rebalances, + and − change speed, ? opens the shortcut sheet', async ({ page }) => {
  await page.goto('/?lang=en');
  await playPast(page, 8000);
  // Crash a consumer, then jump to the rebalance its session expiry causes.
  await page.getByTestId('btn-crash-c2').click();
  const crashedAt = await simMs(page);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press(']');
  await expect(page.getByTestId('group-state')).toHaveText('PreparingRebalance');
  const expiry = await simMs(page);
  expect(expiry).toBeGreaterThan(crashedAt + 6000);
  // Back to the first rebalance (the group forming), then forward again.
  await page.keyboard.press('[');
  await expect.poll(() => simMs(page)).toBeLessThan(1000);
  await expect(page.getByTestId('group-state')).toHaveText('PreparingRebalance');
  await page.keyboard.press(']');
  await expect.poll(() => simMs(page)).toBe(expiry);
  // Speed.
  const speed = page.getByTestId('speed');
  const before = Number(await speed.inputValue());
  await page.keyboard.press('-');
  await page.keyboard.press('-');
  await expect(speed).toHaveValue(String(before - 2));
  await page.keyboard.press('+');
  await expect(speed).toHaveValue(String(before - 1));
  // Help.
  await page.keyboard.press('?');
  await expect(page.getByTestId('help')).toContainText('rebalance');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('help')).toHaveCount(0);
});

test('the narration filter keeps one kind of entry, in both languages', async ({ page }) => {
  await page.goto('/?lang=en');
  await playPast(page, 12_000);
  await page.getByTestId('narration-filter').selectOption('commits');
  const rows = await page.getByTestId('narration').locator('li').allTextContents();
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) expect(row).toMatch(/commit|OffsetCommit/i);
  await page.getByTestId('lang-toggle').click();
  const ko = await page.getByTestId('narration').locator('li').allTextContents();
  for (const row of ko) expect(row).toMatch(/커밋|OffsetCommit|commit/i);
  await expect(page.getByTestId('narration-filter')).toHaveValue('commits');
});

test('a crash produces duplicates in the ledger, and a click tells the offset story', async ({ page }) => {
  await page.goto('/?lang=en');
  await scrubTo(page, 12_000);
  await expect.poll(() => simMs(page)).toBe(12_000);
  await page.getByTestId('btn-crash-c2').click();
  // Ten seconds later the session expires and the others reprocess c2's uncommitted records.
  await scrubTo(page, 27_000);
  await expect.poll(() => simMs(page)).toBe(27_000);
  const dups = page.getByTestId('ledger').locator('button.cell.dup');
  await expect(dups.first()).toBeVisible();
  // Some duplicates may come from the rebalance itself; one of them is the crash's.
  const story = page.getByTestId('ledger-story');
  let found = false;
  for (let i = 0; i < Math.min(await dups.count(), 24) && !found; i++) {
    const cell = dups.nth(i);
    const offset = ((await cell.getAttribute('data-testid')) ?? '').split('-').pop();
    await cell.click();
    await expect(story).toContainText(`offset ${offset}:`); // the story of this cell, rendered
    found = ((await story.textContent()) ?? '').includes('crashed at');
  }
  expect(found).toBe(true);
  await expect(story).toContainText('processed again by');
  await expect(story).toContainText('a duplicate');
  await page.getByTestId('lang-toggle').click();
  await expect(story).toContainText('중복');
});

test('timer rings: a crashed member\'s session ring fills until it is removed; a stall fills the poll ring', async ({ page }) => {
  await page.goto('/?lang=en');
  await playPast(page, 9000);
  await page.getByTestId('btn-crash-c2').click();
  const session = page.getByTestId('ring-c2-S');
  const at = async () => Number(await session.getAttribute('data-permille'));
  const first = await at();
  await page.getByTestId('btn-step').click();
  for (let i = 0; i < 200 && (await at()) <= first; i++) await page.getByTestId('btn-step').click();
  expect(await at()).toBeGreaterThan(first);
  // The ring of a live member that stopped polling fills against max.poll.interval.ms.
  // (Rings move in 2.5 % steps: 7.5 s of the default 300 s, so the stall lasts a minute.)
  await page.getByTestId('select-c1').click();
  await page.getByTestId('insp-stall-seconds').fill('60');
  await page.getByTestId('insp-stall').click();
  await page.getByTestId('btn-play').click();
  await expect.poll(async () => Number(await page.getByTestId('ring-c1-P').getAttribute('data-permille')), { timeout: 20_000 }).toBeGreaterThan(0);
  await expect(page.getByTestId('ring-c1-P').locator('title')).toHaveText(/max\.poll\.interval\.ms/);
});

test('the protocol lane draws JoinGroup and SyncGroup under the group-state bands; heartbeats on request', async ({ page }) => {
  await page.goto('/?lang=en');
  const lane = page.getByTestId('protocol-lane');
  // Step to just after the first SyncGroup responses (the group forms at about 6 s).
  await scrubTo(page, 6500);
  await expect(lane.locator('[data-api="JoinGroup"]').first()).toBeAttached();
  await expect(lane.locator('[data-api="SyncGroup"]').first()).toBeAttached();
  await expect(lane.locator('.lane-band[data-state="Stable"]').first()).toBeAttached();
  await expect(lane.locator('.lane-band[data-state="CompletingRebalance"]').first()).toBeAttached();
  await expect(lane.locator('[data-api="Heartbeat"]')).toHaveCount(0);
  await scrubTo(page, 14_000);
  await page.getByTestId('lane-toggle-heartbeats').check();
  await expect(lane.locator('[data-api="Heartbeat"]').first()).toBeAttached();
  await page.getByTestId('lane-toggle-fetches').check();
  await expect(lane.locator('[data-api="Fetch"]').first()).toBeAttached();
  await expect(lane).toContainText('Partition leaders (Fetch)');
});

test('presets: a cooperative rebalance, and a scenario with several groups to choose from', async ({ page }) => {
  await page.goto('/?lang=en');
  await page.getByTestId('preset').selectOption('cooperative-join');
  expect(await simMs(page)).toBe(0);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press(']');
  await page.keyboard.press(']');
  await expect(page.getByTestId('group-state')).toHaveText('PreparingRebalance');
  await page.getByTestId('btn-play').click();
  await expect(page.getByTestId('narration')).toContainText('cooperative', { timeout: 20_000 });
  await page.getByTestId('btn-play').click();
  await page.getByTestId('preset').selectOption('commit-modes');
  await expect(page.getByTestId('group-select')).toBeVisible();
  await page.getByTestId('group-select').selectOption('sync-before-processing');
  await expect(page.getByTestId('group-card')).toContainText('sync-before-processing');
});
