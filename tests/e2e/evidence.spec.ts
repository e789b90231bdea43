import { test, expect } from '@playwright/test';
import { scrubTo } from './helpers';

// Evidence kept where students look (issue 30): the ledger jumps to the duplicates the group
// card counts, the timeline has a time scale, the protocol lane keeps the last rebalance.

test('the ledger jumps to the first duplicate the group card counts (ko)', async ({ page }) => {
  await page.goto('/?lang=ko');
  await expect(page.getByTestId('stage')).toBeVisible();
  await expect(page.getByTestId('ledger-first-duplicate')).toHaveCount(0);
  await scrubTo(page, 9000);
  await page.getByTestId('btn-crash-c2').click();
  await scrubTo(page, 60000);
  // By now the newest 48 offsets of every partition were read once: the duplicates from the
  // crash are out of the window, but the button finds them.
  const jump = page.getByTestId('ledger-first-duplicate');
  await expect(jump).toContainText('중복');
  await jump.click();
  const picked = page.locator('[data-testid=ledger] .cell.dup.picked');
  await expect(picked).toHaveCount(1);
  await expect(picked).toBeVisible();
});

test('the timeline has a time scale (en)', async ({ page }) => {
  await page.goto('/?lang=en');
  const ticks = page.getByTestId('time-axis').locator('.tick');
  await expect(ticks.first()).toHaveText('0 s');
  expect(await ticks.count()).toBeGreaterThanOrEqual(3);
});

test('the protocol lane keeps the last rebalance after later commits (ko)', async ({ page }) => {
  await page.goto('/?lang=ko');
  await expect(page.getByTestId('stage')).toBeVisible();
  const lane = page.getByTestId('protocol-lane');
  // Just after the group formed, the lane shows its rebalance with nothing left out.
  await scrubTo(page, 4000);
  await expect(lane.locator('[data-api=JoinGroup]').first()).toBeAttached();
  await expect(lane.getByTestId('lane-gap')).toHaveCount(0);
  // A minute of auto commits later, JoinGroup and SyncGroup are still at the top, then a gap,
  // then the latest messages.
  await scrubTo(page, 60000);
  await expect(lane.locator('[data-api=JoinGroup]').first()).toBeAttached();
  await expect(lane.locator('[data-api=SyncGroup]').first()).toBeAttached();
  await expect(lane.getByTestId('lane-gap')).toContainText('마지막 리밸런스');
  const times = await lane.locator('.lane-arrow').evaluateAll((gs) => gs.map((g) => Number(g.getAttribute('data-ms'))));
  expect(times[0]).toBeLessThan(6000);
  expect(times[times.length - 1]).toBeGreaterThan(55000);
  // In time order, top to bottom.
  expect([...times].sort((a, b) => a - b)).toEqual(times);
});

test('the stage key names every mark, "no owner" included, and the charts have a time scale (ko)', async ({ page }) => {
  await page.goto('/?lang=ko');
  const key = page.getByTestId('stage-key');
  await expect(key.locator('li')).toHaveCount(18);
  await expect(key.locator('li[data-key=Batch] .batch-span.zipped')).toBeAttached();
  await expect(key.locator('li[data-key=NoOwner]')).toContainText('주인 없는 파티션');
  await expect(key.locator('li[data-key=NoOwner] .strip-bg.unowned')).toBeAttached();
  await expect(key.locator('li[data-key=CommittedBefore]')).toContainText('앞에 커밋됨');
  const ticks = page.getByTestId('chart-time-axis').locator('text');
  await expect(ticks.first()).toHaveText('0 s');
  expect(await ticks.count()).toBeGreaterThanOrEqual(3);
});
