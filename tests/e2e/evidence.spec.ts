import { test, expect } from '@playwright/test';
import { scrubTo } from './helpers';

// Evidence kept where students look (issue 30): the ledger jumps to the duplicates the group
// card counts, and the timeline has a time scale.

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
