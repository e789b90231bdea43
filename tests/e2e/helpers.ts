import { expect, Page } from '@playwright/test';

// Helpers shared by the e2e specs.

/** The simulated time the page shows, in ms. */
export async function simMs(page: Page): Promise<number> {
  return Number(await page.getByTestId('sim-time').getAttribute('data-ms'));
}

/** Drags the timeline to `ms` (a multiple of its 10 ms step) and waits until the page shows it. */
export async function scrubTo(page: Page, ms: number) {
  await page.getByTestId('timeline').evaluate((el, value) => {
    const input = el as HTMLInputElement;
    input.value = String(value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, ms);
  await expect.poll(() => simMs(page)).toBe(ms);
}

/** Plays at 16× until the simulated time passes `ms`, then pauses. */
export async function playPast(page: Page, ms: number) {
  await page.getByTestId('speed').selectOption({ label: '16×' });
  await page.getByTestId('btn-play').click();
  await expect.poll(() => simMs(page), { timeout: 30_000 }).toBeGreaterThan(ms);
  await page.getByTestId('btn-play').click();
  await expect(page.getByTestId('btn-play')).toContainText('Play');
}
