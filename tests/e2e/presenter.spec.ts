import { test, expect } from '@playwright/test';
import { simMs } from './helpers';

// Presenter mode, clicker keys, the QR code, instructor links and embeds (issue 16).

test('presenter mode: P, clicker keys for rebalances, play and blank, and a QR code of the exact state', async ({ page, browser }) => {
  await page.goto('/?lang=en');
  await expect(page.getByTestId('btn-presenter')).toBeVisible();
  await page.keyboard.press('p');
  await expect(page.locator('.app.presenter')).toBeVisible();
  await expect(page.getByTestId('btn-presenter')).toHaveAttribute('aria-pressed', 'true');
  // The side panels keep only what the scenario needs.
  await expect(page.getByTestId('ledger')).toBeHidden();
  await expect(page.getByTestId('group-card')).toBeVisible();
  // PageDown jumps to the next rebalance, as ] does; with none ahead it stays and says so
  // (issue 30: it used to land at the scenario's end); PageUp goes back.
  await page.keyboard.press('PageDown');
  const first = await simMs(page);
  expect(first).toBeGreaterThan(0);
  await page.keyboard.press('PageDown');
  await expect(page.getByTestId('timeline-notice')).toBeVisible();
  expect(await simMs(page)).toBe(first);
  await page.keyboard.press('PageUp');
  await expect.poll(() => simMs(page)).toBeLessThan(first);
  await page.keyboard.press('PageDown');
  await expect.poll(() => simMs(page)).toBe(first);
  // "." plays and pauses, even with the focus on a button (a clicker cannot move it).
  await page.getByTestId('btn-step').focus();
  await page.keyboard.press('.');
  await expect(page.getByTestId('btn-play')).toContainText('Pause');
  await page.keyboard.press('.');
  await expect(page.getByTestId('btn-play')).toContainText('Play');
  // B blanks the screen and brings it back.
  await page.keyboard.press('b');
  await expect(page.getByTestId('blank-screen')).toBeVisible();
  await page.keyboard.press('b');
  await expect(page.getByTestId('blank-screen')).toHaveCount(0);
  // The QR code holds the link to this exact state.
  const at = await simMs(page);
  await page.getByTestId('btn-qr').click();
  const url = await page.getByTestId('qr-code').getAttribute('data-url');
  expect(url).toMatch(/#s=1\./);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('qr')).toHaveCount(0);
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const other = await phone.newPage();
  await other.goto(url!);
  await expect.poll(() => simMs(other)).toBe(at);
  await phone.close();
  await page.keyboard.press('P');
  await expect(page.locator('.app.presenter')).toHaveCount(0);
  await expect(page.getByTestId('ledger')).toBeVisible();
});

test('an instructor lesson link marks the answers; the student link and the QR code do not; PageDown/PageUp move by step', async ({ page }) => {
  await page.goto('/?lang=en&lesson=consumer-groups&step=2&instructor=1');
  await expect(page.getByTestId('instructor-badge')).toBeVisible();
  await expect(page.locator('[data-testid=lesson-predict] .choice.answer')).toHaveCount(1);
  await page.keyboard.press('p');
  await expect(page.getByTestId('lesson-step')).toContainText('Step 2 of');
  // Step 2 is a question: PageDown plays it to its answer first, then moves on.
  await page.keyboard.press('PageDown');
  await expect(page.getByTestId('lesson-answer')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('lesson-step')).toContainText('Step 2 of');
  await page.keyboard.press('PageDown');
  await expect(page.getByTestId('lesson-step')).toContainText('Step 3 of');
  await page.keyboard.press('PageUp');
  await expect(page.getByTestId('lesson-step')).toContainText('Step 2 of');
  await page.getByTestId('btn-qr').click();
  const url = (await page.getByTestId('qr-code').getAttribute('data-url')) ?? '';
  expect(url).toContain('lesson=consumer-groups&step=2');
  expect(url).not.toContain('instructor');
  await page.goto(url);
  await expect(page.getByTestId('lesson-predict')).toBeVisible();
  await expect(page.getByTestId('instructor-badge')).toHaveCount(0);
  await expect(page.locator('[data-testid=lesson-predict] .choice.answer')).toHaveCount(0);
});

for (const lang of ['en', 'ko']) {
  test(`embed (${lang}): the stage, timeline and play controls in an iframe, and the snippet to make one`, async ({ page }) => {
    await page.goto(`/?lang=${lang}`);
    const origin = new URL(page.url()).origin;
    // The share box offers the iframe snippet, with a title.
    await page.getByTestId('btn-share').click();
    const snippet = await page.getByTestId('embed-snippet').inputValue();
    expect(snippet).toMatch(/^<iframe src="[^"]+\?embed=1&lang=/);
    expect(snippet).toContain('title="groupscope');
    await page.setContent(`<h1>slide</h1>${snippet}`);
    const frame = page.frameLocator('iframe');
    await expect(frame.getByTestId('stage')).toBeVisible();
    await expect(frame.getByTestId('timeline')).toBeVisible();
    await expect(frame.getByTestId('btn-play')).toBeVisible();
    await expect(frame.getByTestId('lang-toggle')).toBeHidden();
    await expect(frame.getByTestId('btn-add-consumer')).toHaveCount(0);
    await expect(frame.getByTestId('narration')).toBeHidden();
    await expect(frame.getByTestId('embed-open')).toHaveAttribute('href', new RegExp(`^${origin}`));
    await frame.getByTestId('btn-play').click();
    await expect.poll(async () => Number(await frame.getByTestId('sim-time').getAttribute('data-ms'))).toBeGreaterThan(0);
  });
}
