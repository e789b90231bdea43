// Shared by the hand-run browser scripts: Debian's chromium as the guide prescribes, and a
// timeline scrub that waits until the page shows the moment.
import { chromium } from '@playwright/test';

export function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export async function scrub(page, ms) {
  await page.getByTestId('timeline').evaluate((el, v) => { el.value = String(v); el.dispatchEvent(new Event('input', { bubbles: true })); }, ms);
  await page.waitForFunction((v) => Number(document.querySelector('[data-testid=sim-time]').dataset.ms) === v, ms);
}
