import { test, expect, Page } from '@playwright/test';
import { simMs, scrubTo } from './helpers';
import { readFileSync } from 'fs';

// Links that open an exact state, and session files (issue 16).

/** What the page shows of the state: time, each consumer's partitions and status, the ledger's totals. */
async function shownState(page: Page) {
  const consumers = await page.locator('[data-testid^="consumer-"][data-assigned]').evaluateAll((els) =>
    els.map((e) => `${e.getAttribute('data-testid')}=${e.getAttribute('data-assigned')}/${e.getAttribute('data-status')}`).sort(),
  );
  const totals = await page.locator('[data-testid^="ledger-total-"]').evaluateAll((els) =>
    els.map((e) => `${e.getAttribute('data-testid')}=${(e.textContent ?? '').trim()}`).sort(),
  );
  return { ms: await simMs(page), consumers, totals };
}

/** The default scenario after a crash at 12 s, a new consumer at 20 s, viewed at 30 s. */
async function actOnDefault(page: Page) {
  await page.goto('/?lang=en');
  await scrubTo(page, 12_000);
  await page.getByTestId('btn-crash-c2').click();
  await scrubTo(page, 20_000);
  await page.getByTestId('btn-add-consumer').click();
  await scrubTo(page, 30_000);
  const state = await shownState(page);
  expect(state.consumers.length).toBe(4);
  expect(state.consumers.join(' ')).toContain('/Crashed');
  expect(state.totals.length).toBeGreaterThan(0);
  return state;
}

test('a shared link opens the same state in a fresh browser', async ({ page, browser }) => {
  const before = await actOnDefault(page);
  await page.getByTestId('btn-share').click();
  const url = await page.getByTestId('share-url').inputValue();
  expect(url).toMatch(/#s=1\./);
  expect(url.length).toBeLessThanOrEqual(2000);
  await expect(page.getByTestId('share-box')).toContainText('exact state');
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(url);
  await expect.poll(() => simMs(other)).toBe(30_000);
  expect(await shownState(other)).toEqual(before);
  // And playing on from there works.
  await other.getByTestId('btn-step').click();
  await expect.poll(() => simMs(other)).toBeGreaterThanOrEqual(30_000);
  await fresh.close();
});

test('a cut or future-version link opens nothing half-way and says why, in both languages', async ({ page }) => {
  await page.goto('/?lang=en#s=1.N4IgLgngDgpiBcIB2BD');
  await expect(page.getByTestId('notice-link')).toContainText('cannot be opened');
  await expect(page.getByTestId('notice-link')).toContainText('default scenario');
  expect(await simMs(page)).toBe(0);
  await page.goto('/?lang=ko#s=9.abc');
  await page.reload();
  await expect(page.getByTestId('notice-link')).toContainText('형식 9');
  await page.goto('/?lang=en#s=nonsense');
  await page.reload();
  await expect(page.getByTestId('notice-link')).toContainText('format number');
});

test('a saved session file opens the same state, and a bad file is refused with its field named', async ({ page, browser }) => {
  const before = await actOnDefault(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('btn-save-file').click()]);
  expect(download.suggestedFilename()).toBe('default-at-30000ms.json');
  const text = readFileSync(await download.path()).toString();
  const file = JSON.parse(text);
  expect(file.format).toBe('groupscope-session');
  expect(file.actions.length).toBe(2);
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto('/?lang=en');
  await other.getByTestId('open-file').setInputFiles({ name: 'lecture.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(other.getByTestId('file-opened')).toContainText('lecture.json');
  await expect.poll(() => simMs(other)).toBe(30_000);
  expect(await shownState(other)).toEqual(before);
  // A scenario from a file cannot become a link; the box says to save a file instead.
  await other.getByTestId('btn-share').click();
  await expect(other.getByTestId('share-refused')).toContainText('Save file');
  // A broken file: the state on view stays, the message names the field.
  file.at_ms = 'later';
  await other.getByTestId('open-file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await expect(other.getByTestId('file-refused')).toContainText("'at_ms'");
  expect(await simMs(other)).toBe(30_000);
  await other.getByTestId('lang-toggle').click();
  await expect(other.getByTestId('file-refused')).toContainText('파일을 열 수 없습니다');
  await fresh.close();
});

test('the stage exports as a standalone SVG and as a PNG', async ({ page }) => {
  await page.goto('/?lang=ko');
  await scrubTo(page, 20_000);
  const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('btn-export-svg').click()]);
  expect(svgDownload.suggestedFilename()).toBe('default-at-20000ms.svg');
  const svg = readFileSync(await svgDownload.path()).toString();
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  expect(svg).toContain('<style>');
  expect(svg).toContain('컨슈머 그룹 billing');
  expect(svg).not.toContain('<script');
  // Well-formed XML that draws the same consumers as the page.
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    return { error: doc.querySelector('parsererror') !== null, consumers: doc.querySelectorAll('[data-testid^="consumer-"]').length };
  }, svg);
  expect(parsed).toEqual({ error: false, consumers: 3 });
  const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('btn-export-png').click()]);
  expect(pngDownload.suggestedFilename()).toBe('default-at-20000ms.png');
  const png = readFileSync(await pngDownload.path());
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.length).toBeGreaterThan(20_000);
});
