import { test, expect, Page } from '@playwright/test';
import { simMs } from './helpers';

// Every request the page makes must stay on its own origin.
function watchOrigins(page: Page): string[] {
  const outside: string[] = [];
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (url.protocol !== 'data:' && url.host !== `127.0.0.1:${process.env.PW_PORT || 18437}`) outside.push(req.url());
  });
  return outside;
}

async function endOffsets(page: Page): Promise<number> {
  let total = 0;
  for (let p = 0; p < 6; p++) {
    total += Number(await page.getByTestId(`partition-orders-${p}`).getAttribute('data-end-offset'));
  }
  return total;
}

test('plays, offsets advance, a new consumer changes the assignment, language switches', async ({ page }) => {
  const outside = watchOrigins(page);
  await page.goto('/?lang=en');
  await expect(page.getByTestId('stage')).toBeVisible();
  await expect(page.getByTestId('btn-play')).toContainText('Play');
  expect(await simMs(page)).toBe(0);

  // Play at 16x until the first rebalance completes and records flow.
  await page.getByTestId('speed').selectOption({ label: '16×' });
  await page.getByTestId('btn-play').click();
  await expect(page.getByTestId('btn-play')).toContainText('Pause');
  await expect(page.getByTestId('group-state')).toHaveText('Stable', { timeout: 20_000 });
  await expect.poll(async () => Number(await page.getByTestId('processed').textContent()), { timeout: 20_000 }).toBeGreaterThan(20);
  const before = await endOffsets(page);
  await expect.poll(() => endOffsets(page), { timeout: 10_000 }).toBeGreaterThan(before);
  await expect.poll(() => simMs(page)).toBeGreaterThan(8000);

  // Three consumers share six partitions: two each.
  await expect(page.getByTestId('consumer-c1')).toHaveAttribute('data-assigned', /orders-\d+,orders-\d+$/);

  // Add a consumer: after the rebalance, Range gives c1, c2 two partitions and c3, c4 one each.
  await expect(page.getByTestId('consumer-c3')).toHaveAttribute('data-assigned', /^orders-\d+,orders-\d+$/);
  await page.getByTestId('btn-add-consumer').click();
  await expect(page.getByTestId('consumer-c4')).toBeVisible();
  await expect(page.getByTestId('consumer-c4')).toHaveAttribute('data-assigned', /^orders-\d+$/, { timeout: 20_000 });
  await expect(page.getByTestId('consumer-c3')).toHaveAttribute('data-assigned', /^orders-\d+$/);
  await expect(page.getByTestId('consumer-c1')).toHaveAttribute('data-assigned', /^orders-\d+,orders-\d+$/);

  // Switch language: labels turn Korean and back.
  await page.getByTestId('lang-toggle').click();
  await expect(page.getByTestId('btn-play')).toContainText('일시정지');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await page.getByTestId('lang-toggle').click();
  await expect(page.getByTestId('btn-play')).toContainText('Pause');
  expect(outside).toEqual([]);
});

test('step and step back move one event at a time', async ({ page }) => {
  await page.goto('/?lang=en');
  await expect(page.getByTestId('btn-step-back')).toBeDisabled();
  for (let i = 0; i < 12; i++) await page.getByTestId('btn-step').click();
  const t12 = await simMs(page);
  const narration12 = await page.getByTestId('narration').textContent();
  await page.getByTestId('btn-step').click();
  await page.getByTestId('btn-step-back').click();
  expect(await simMs(page)).toBe(t12);
  expect(await page.getByTestId('narration').textContent()).toBe(narration12);
  // Keyboard: ArrowRight steps, ArrowLeft steps back.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowLeft');
  expect(await simMs(page)).toBe(t12);
});

test('crashing a consumer is detected only after session.timeout.ms', async ({ page }) => {
  await page.goto('/?lang=ko');
  await expect(page.getByTestId('btn-play')).toContainText('재생');
  await page.getByTestId('speed').selectOption({ label: '16×' });
  await page.getByTestId('btn-play').click();
  await expect(page.getByTestId('group-state')).toHaveText('Stable', { timeout: 20_000 });
  // Pause so the crash time is known exactly, whatever the machine's load.
  await page.getByTestId('btn-play').click();
  await expect(page.getByTestId('btn-play')).toContainText('재생');
  const crashedAt = await simMs(page);
  await page.getByTestId('btn-crash-c2').click();
  await expect(page.getByTestId('consumer-c2')).toHaveAttribute('data-status', 'Crashed');
  await expect(page.getByTestId('narration')).toContainText('세션 타임아웃');
  await page.getByTestId('btn-play').click();
  // The coordinator still counts c2 until its session times out (10 s in this scenario).
  await expect(page.getByTestId('consumer-c1')).toHaveAttribute('data-assigned', /^orders-\d+,orders-\d+,orders-\d+$/, { timeout: 30_000 });
  expect(await simMs(page)).toBeGreaterThan(crashedAt + 6000);
});

test('an unsupported ?lang= is named in a notice, and the app still works', async ({ page }) => {
  await page.goto('/?lang=fr');
  await expect(page.getByTestId('notice')).toContainText('lang=fr');
  await expect(page.getByTestId('stage')).toBeVisible();
  await page.getByTestId('notice').getByRole('button').click();
  await expect(page.getByTestId('notice')).toHaveCount(0);
});

test('reduced motion draws no flying records', async ({ browser }) => {
  const context = await browser.newContext({ reducedMotion: 'reduce' });
  const page = await context.newPage();
  await page.goto('/?lang=en');
  await page.getByTestId('speed').selectOption({ label: '4×' });
  await page.getByTestId('btn-play').click();
  await expect.poll(async () => Number(await page.getByTestId('sim-time').getAttribute('data-ms'))).toBeGreaterThan(9000);
  expect(await page.locator('.stage-box .flying').count()).toBe(0);
  await context.close();
});

test('paused, no record hangs in the air over the stage', async ({ page }) => {
  await page.goto('/?lang=en');
  await page.getByTestId('speed').selectOption({ label: '4×' });
  await page.getByTestId('btn-play').click();
  await expect.poll(async () => page.locator('.stage-box .flying').count(), { timeout: 20_000 }).toBeGreaterThan(0);
  await page.getByTestId('btn-play').click();
  await expect(page.locator('.stage-box .flying')).toHaveCount(0);
});
