import { expect, Page } from '@playwright/test';

// Helpers shared by the e2e specs.

/** The simulated time the page shows, in ms. */
export async function simMs(page: Page): Promise<number> {
  return Number(await page.getByTestId('sim-time').getAttribute('data-ms'));
}

/** Drags the timeline to `ms` (a multiple of its 10 ms step) and waits until the page shows it. */
/** Waits until the bundled scenario the URL names (`?preset=`) has arrived and is open. */
export async function presetReady(page: Page) {
  const preset = new URL(page.url()).searchParams.get('preset');
  if (preset) await expect(page.getByTestId('preset')).toHaveValue(preset);
}

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
