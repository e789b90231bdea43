import { test, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { scrubTo } from './helpers';
import { readFileSync } from 'fs';

// Hardening (issue 17): a walk through every view in both languages with axe-core on each
// (no serious or critical violation), no request leaving the page's origin, no CSP violation
// and no page error; names that look like HTML stay text everywhere.

interface Watch { outside: string[]; csp: string[]; errors: string[] }

function watch(page: Page): Watch {
  const w: Watch = { outside: [], csp: [], errors: [] };
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (!['data:', 'blob:'].includes(url.protocol) && url.origin !== `http://127.0.0.1:${process.env.PW_PORT || 18437}`) w.outside.push(req.url());
  });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) w.csp.push(m.text());
  });
  page.on('pageerror', (e) => w.errors.push(String(e)));
  return w;
}

async function audit(page: Page, view: string, found: string[]) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  for (const v of results.violations) {
    if (v.impact === 'serious' || v.impact === 'critical') {
      found.push(`${view}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
    }
  }
}

for (const lang of ['ko', 'en']) {
  test(`every view (${lang}): no serious accessibility violation, nothing off-origin, no CSP violation`, async ({ page }) => {
    test.setTimeout(120_000);
    const w = watch(page);
    const found: string[] = [];
    await page.goto(`/?lang=${lang}`);
    await expect(page.getByTestId('stage')).toBeVisible();
    await scrubTo(page, 12_000);
    await audit(page, 'simulate', found);
    const inspectors: [string, () => Promise<void>][] = [
      ['consumer inspector', () => page.getByTestId('select-c1').click()],
      ['group inspector', () => page.getByTestId('group-billing').locator('.group-head').click()],
      ['topic inspector', () => page.getByTestId('topic-orders').click()],
      ['producer inspector', () => page.getByTestId('producer-p1').click()],
      ['broker inspector', () => page.getByTestId('broker-0').click()],
    ];
    for (const [view, open] of inspectors) {
      await open();
      await expect(page.getByTestId('inspector')).toBeVisible();
      await audit(page, view, found);
    }
    await page.keyboard.press('Escape');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('?');
    await expect(page.getByTestId('help')).toBeVisible();
    await audit(page, 'shortcut sheet', found);
    await page.keyboard.press('Escape');
    await page.getByTestId('btn-share').click();
    await expect(page.getByTestId('share-box')).toBeVisible();
    await audit(page, 'share box', found);
    await page.keyboard.press('p');
    await expect(page.locator('.app.presenter')).toBeVisible();
    await audit(page, 'presenter', found);
    await page.getByTestId('btn-qr').click();
    await audit(page, 'QR code', found);
    await page.keyboard.press('Escape');
    await page.keyboard.press('p');
    await page.getByTestId('mode-compare').click();
    await page.waitForTimeout(500);
    await audit(page, 'compare', found);
    await page.getByTestId('mode-explain').click();
    await expect(page.getByTestId('explainer')).toBeVisible();
    await audit(page, 'explainer', found);
    await page.getByTestId('mode-lessons').click();
    await expect(page.getByTestId('lesson-map')).toBeVisible();
    await audit(page, 'lesson map', found);
    await page.goto(`/?lang=${lang}&lesson=consumer-groups&step=2`);
    await expect(page.getByTestId('lesson-panel')).toBeVisible();
    await audit(page, 'lesson', found);
    await page.goto(`/?lang=${lang}&embed=1`);
    await expect(page.getByTestId('stage')).toBeVisible();
    await audit(page, 'embed', found);
    expect(found, found.join('\n')).toEqual([]);
    expect(w.outside).toEqual([]);
    expect(w.csp).toEqual([]);
    expect(w.errors).toEqual([]);
  });
}

test('names and keys that look like HTML are shown as text: stage, inspectors, narration, exported SVG', async ({ page }) => {
  const w = watch(page);
  const scenario = JSON.parse(readFileSync(`${__dirname}/../../scenarios/default.json`).toString());
  scenario.producers[0].keys = ['<img src=x onerror="window.__pwned=1">', '<script>window.__pwned=2</script>', 'plain'];
  scenario.groups[0].consumers[0].config = { ...(scenario.groups[0].consumers[0].config ?? {}), 'group.instance.id': '<b>static-1</b>' };
  await page.goto('/?lang=en');
  // A consumer id must be a plain name: refused, and the refusal quotes it as text.
  await page.getByTestId('open-file').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(scenario)) });
  await expect(page.getByTestId('file-refused')).toContainText('"<b>static-1</b>" for \'group.instance.id\'');
  delete scenario.groups[0].consumers[0].config['group.instance.id'];
  await page.getByTestId('open-file').setInputFiles({ name: '<i>x</i>.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(scenario)) });
  await expect(page.getByTestId('file-opened')).toContainText('<i>x</i>.json');
  await scrubTo(page, 15_000);
  await page.getByTestId('producer-p1').click();
  await expect(page.getByTestId('inspector')).toContainText('<script>window.__pwned=2</script>');
  // The narration names the keys of the records it tells about.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('btn-export-svg').click()]);
  const svg = readFileSync(await download.path()).toString();
  expect(svg).not.toContain('<script');
  expect(svg).not.toContain('<b>');
  expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
  expect(await page.locator('img[src="x"], .app b, .app i, .app script').count()).toBe(0);
  expect(w.errors).toEqual([]);
});

test('keyboard only: every control in a sensible order, each with a visible focus, and the stage has a text alternative', async ({ page }) => {
  await page.goto('/?lang=en');
  await expect(page.getByTestId('stage')).toBeVisible();
  await scrubTo(page, 12_000);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const order: string[] = [];
  const invisible: string[] = [];
  for (let i = 0; i < 120; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const id = el.getAttribute('data-testid') ?? el.getAttribute('aria-label') ?? el.tagName;
      const svg = el instanceof SVGElement;
      const style = getComputedStyle(el);
      const parent = el.closest('.file-button');
      const visible = svg || (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
        || (parent !== null && getComputedStyle(parent).outlineStyle !== 'none');
      return { id, visible };
    });
    if (!f) continue;
    order.push(f.id);
    if (!f.visible) invisible.push(f.id);
  }
  expect(invisible, `focus not visible on: ${invisible.join(', ')}`).toEqual([]);
  const at = (id: string) => order.indexOf(id);
  for (const id of ['lang-toggle', 'btn-play', 'btn-step', 'speed', 'btn-add-consumer', 'btn-share', 'btn-presenter', 'preset', 'timeline', 'producer-p1', 'topic-orders', 'select-c1', 'btn-crash-c1', 'narration-filter']) {
    expect(at(id), `${id} is reachable by Tab (order: ${order.slice(0, 40).join(' ')})`).toBeGreaterThanOrEqual(0);
  }
  // Top to bottom: the controls, then the timeline, then the stage, then the side panel.
  expect(at('btn-play')).toBeLessThan(at('timeline'));
  expect(at('timeline')).toBeLessThan(at('producer-p1'));
  expect(at('producer-p1')).toBeLessThan(at('select-c1'));
  // The ledger is one tab stop per partition; ←/→ move along its offsets.
  expect(new Set(order.filter((id) => id.startsWith('ledger-orders-0-'))).size).toBe(1);
  const stop = order.find((id) => id.startsWith('ledger-orders-0-'))!;
  await page.getByTestId(stop).focus();
  await page.keyboard.press('ArrowLeft');
  const left = await page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
  expect(Number(left?.split('-').pop())).toBe(Number(stop.split('-').pop()) - 1);
  // Open a consumer's inspector and act from the keyboard alone.
  await page.getByTestId('select-c1').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('inspector')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('inspector')).toHaveCount(0);
  // The text alternative says who owns what, and follows a crash.
  const summary = page.getByTestId('stage-summary');
  await expect(summary).toHaveAttribute('aria-live', 'polite');
  await expect(summary).toContainText('Consumer group billing: Stable');
  await expect(summary).toContainText('c1 owns orders-');
  await page.getByTestId('btn-crash-c2').click();
  await expect(summary).toContainText('c2: crashed');
  await expect(page.getByTestId('stage-lag')).toContainText('Group lag in all:');
  await page.getByTestId('lang-toggle').click();
  await expect(summary).toContainText('컨슈머 그룹 billing');
});

test('URL parameters that are wrong, long or look like HTML get a notice naming them, never a broken page', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const cases: [string, string][] = [
    ['/?lang=<b>x</b>', 'notice'],
    ['/?preset=<img src=x onerror=alert(1)>', 'notice-preset'],
    ['/?mode=' + 'x'.repeat(3000), 'notice-mode'],
    ['/?lesson=<script>&step=-1', 'lessons-notice'],
    ['/?compare=%00%ff&mode=compare', 'compare-notice'],
  ];
  for (const [url, notice] of cases) {
    await page.goto(url);
    await expect(page.getByTestId(notice).first()).toBeVisible();
    expect(await page.locator('.app img[src="x"], .app b, .app script').count()).toBe(0);
  }
  expect(errors).toEqual([]);
});
