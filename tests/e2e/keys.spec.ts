import { test, expect, Page } from '@playwright/test';
import { scrubTo, simMs } from './helpers';

// Keys that belong to the app (issue 30): Space, PageDown/PageUp and the arrows never scroll
// the page; "next rebalance" with none ahead stays put and says so; presenter mode hides an
// instructor link's answers until the presenter shows them; a shared link keeps the language
// and the speed.

const SIZES: [number, number][] = [
  [390, 844],
  [820, 1180],
  [1280, 720],
  [1366, 768],
  [1920, 1080],
];

async function pressKeepsTop(page: Page, key: string) {
  await page.keyboard.press(key);
  // A scroll would land within a frame or two; give it time to show.
  await page.waitForTimeout(150);
  expect(await page.evaluate(() => window.scrollY), `${key} scrolled the page`).toBe(0);
}

for (const [width, height] of SIZES) {
  test(`${width}×${height} (ko): Space, PageDown/PageUp and arrows never scroll the page`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await page.goto('/?lang=ko');
    await expect(page.getByTestId('stage')).toBeVisible();
    // The page is taller than the screen, so a key that scrolls would show.
    expect(await page.evaluate(() => document.documentElement.scrollHeight > window.innerHeight)).toBe(true);
    await page.locator('body').click({ position: { x: 2, y: 2 } });
    await pressKeepsTop(page, ' ');
    await expect(page.getByTestId('btn-play')).toHaveAttribute('aria-pressed', 'true');
    await pressKeepsTop(page, ' ');
    await expect(page.getByTestId('btn-play')).toHaveAttribute('aria-pressed', 'false');
    for (const key of ['ArrowRight', 'ArrowLeft', 'ArrowDown', 'ArrowUp', 'PageDown', 'PageUp']) {
      await pressKeepsTop(page, key);
    }
    // With the focus on a button too (a clicker cannot move it).
    await page.getByTestId('btn-step').focus();
    await page.evaluate(() => window.scrollTo(0, 0));
    for (const key of ['PageDown', 'PageUp', 'ArrowDown']) {
      await pressKeepsTop(page, key);
    }
  });
}

test('in a lesson, PageDown/PageUp move by step and never scroll (1366×768, ko)', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto('/?lang=ko&lesson=consumer-groups&step=1');
  await expect(page.getByTestId('lesson-step')).toContainText('1');
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.evaluate(() => window.scrollTo(0, 0));
  const before = await page.getByTestId('lesson-step').textContent();
  await pressKeepsTop(page, 'PageDown');
  await expect(page.getByTestId('lesson-step')).not.toHaveText(before ?? '');
  await pressKeepsTop(page, 'PageUp');
  await expect(page.getByTestId('lesson-step')).toHaveText(before ?? '');
});

test('in a lesson, PageDown never skips a question: it plays to the answer first, then moves on (ko)', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  // Step 2 of lesson 1 is a checkpoint.
  await page.goto('/?lang=ko&lesson=topics-offsets&step=2');
  await expect(page.getByTestId('choice-0')).toBeVisible();
  const step = await page.getByTestId('lesson-step').textContent();
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await pressKeepsTop(page, 'PageDown');
  // The same step, now with its answer; nothing was picked, so nothing is scored.
  await expect(page.getByTestId('lesson-answer')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('lesson-step')).toHaveText(step ?? '');
  await expect(page.getByTestId('lesson-score')).toContainText('0개');
  await pressKeepsTop(page, 'PageDown');
  await expect(page.getByTestId('lesson-step')).not.toHaveText(step ?? '');
});

test('in a lesson, a pick is scored when its answer is shown, not when it is made (ko)', async ({ page }) => {
  await page.goto('/?lang=ko&lesson=topics-offsets&step=2');
  await expect(page.getByTestId('choice-0')).toBeVisible();
  const score = await page.getByTestId('lesson-score').textContent();
  // Slowly, so the step is still playing when the score is read.
  await page.getByTestId('speed').selectOption({ label: '0.25×' });
  for (let i = 0; i < 4; i++) {
    // Whatever is picked, the score stands still while the step plays.
    if (await page.getByTestId(`choice-${i}`).count()) {
      await page.getByTestId(`choice-${i}`).click();
      break;
    }
  }
  await expect(page.getByTestId('lesson-answer')).toHaveCount(0);
  await expect(page.getByTestId('lesson-score')).toHaveText(score ?? '');
  await page.getByTestId('speed').selectOption({ label: '16×' });
  await expect(page.getByTestId('lesson-answer')).toBeVisible({ timeout: 30_000 });
});

test('"next rebalance" with none ahead stays where it is and says so, in both languages', async ({ page }) => {
  for (const lang of ['ko', 'en']) {
    await page.goto(`/?lang=${lang}`);
    await expect(page.getByTestId('stage')).toBeVisible();
    // The default scenario's rebalances are over long before its end.
    const duration = Number(await page.getByTestId('timeline').getAttribute('max'));
    const late = duration - 1000;
    await scrubTo(page, late);
    await page.getByTestId('btn-next-rebalance').click();
    await expect(page.getByTestId('timeline-notice')).toBeVisible();
    expect(await simMs(page)).toBe(late);
    await expect(page.getByTestId('timeline-notice')).toContainText(lang === 'ko' ? '리밸런스가 없습니다' : 'No rebalance');
    // The key does the same; the next move of the clock clears the notice.
    await page.locator('body').click({ position: { x: 2, y: 2 } });
    await page.keyboard.press(']');
    expect(await simMs(page)).toBe(late);
    await page.getByTestId('btn-prev-rebalance').click();
    await expect(page.getByTestId('timeline-notice')).toHaveCount(0);
    expect(await simMs(page)).toBeLessThan(late);
  }
});

test('presenter mode hides an instructor link\'s answers until A shows them (ko)', async ({ page }) => {
  await page.goto('/?lang=ko&lesson=consumer-groups&step=2&instructor=1');
  const marked = page.locator('[data-testid=lesson-predict] .choice.answer');
  await expect(marked).toHaveCount(1);
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('p');
  await expect(page.locator('.app.presenter')).toBeVisible();
  // In front of the room: no answer marked, and the badge says how to show them.
  await expect(marked).toHaveCount(0);
  await expect(page.getByTestId('instructor-badge')).toContainText('A');
  await page.keyboard.press('a');
  await expect(marked).toHaveCount(1);
  await page.keyboard.press('a');
  await expect(marked).toHaveCount(0);
  // Leaving presenter mode: the instructor's own screen marks them again.
  await page.keyboard.press('p');
  await expect(marked).toHaveCount(1);
});

test('a shared link keeps the language and the speed; a bad speed is named', async ({ page, browser }) => {
  await page.goto('/?lang=ko');
  await page.getByTestId('speed').selectOption({ label: '4×' });
  await page.getByTestId('btn-share').click();
  const url = await page.getByTestId('share-url').inputValue();
  expect(url).toContain('lang=ko');
  expect(url).toContain('speed=4');
  const snippet = await page.getByTestId('embed-snippet').inputValue();
  expect(snippet).toContain('embed=1&lang=ko&speed=4#s=');
  // A fresh browser (English by default) opens it in Korean at 4×.
  const other = await browser.newContext({ locale: 'en-US' });
  const fresh = await other.newPage();
  await fresh.goto(url);
  await expect(fresh.locator('html')).toHaveAttribute('lang', 'ko');
  await expect(fresh.getByTestId('speed').locator('option:checked')).toHaveText('4×');
  await fresh.goto('/?lang=en&speed=3');
  await expect(fresh.getByTestId('notice-speed')).toContainText('0.25, 0.5, 1, 2, 4, 8, 16');
  await expect(fresh.getByTestId('speed').locator('option:checked')).toHaveText('1×');
  await other.close();
});

test('a first visit says what this is and offers lesson 1; the first rebalance\'s delay is explained while it lasts (ko)', async ({ page }) => {
  await page.goto('/?lang=ko');
  await expect(page.getByTestId('welcome')).toContainText('레슨 1부터 시작하세요');
  // Not in front of a room: presenter mode hides it.
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('p');
  await expect(page.getByTestId('welcome')).toHaveCount(0);
  await page.keyboard.press('p');
  await expect(page.getByTestId('welcome')).toBeVisible();
  // While the coordinator holds the first rebalance back, the page says why nobody owns anything.
  await page.getByTestId('btn-play').click();
  await expect(page.getByTestId('initial-delay-notice')).toContainText('group.initial.rebalance.delay.ms');
  await expect(page.getByTestId('initial-delay-notice')).toHaveCount(0, { timeout: 15_000 });
  await page.getByTestId('btn-play').click();
  await page.getByTestId('welcome-lesson').click();
  await expect(page.getByTestId('lesson-step')).toBeVisible();
  await expect(page.getByTestId('welcome')).toHaveCount(0);
  // Answered once, it does not come back.
  await page.goto('/?lang=ko');
  await expect(page.getByTestId('stage')).toBeVisible();
  await expect(page.getByTestId('welcome')).toHaveCount(0);
});
