import { test, expect, Page } from '@playwright/test';
import { simMs, scrubTo, presetReady } from './helpers';

// The surface on every screen the classes use (issue 30), in Korean: nothing wider than the
// screen, stage text big enough for its viewing distance, no two stage labels on top of each
// other, and a loading notice while the WebAssembly is on its way.

type Size = { width: number; height: number };
const PHONE = { width: 390, height: 844 };
const TABLET = { width: 820, height: 1180 };
const SCREENS: { size: Size; min: number }[] = [
  { size: PHONE, min: 9 },
  { size: TABLET, min: 9 },
  { size: { width: 1280, height: 720 }, min: 11 },
  { size: { width: 1366, height: 768 }, min: 11 },
  { size: { width: 1920, height: 1080 }, min: 13 },
];

type Label = { text: string; size: number; box: { x: number; y: number; w: number; h: number }; layer: string };

/** Every drawn text of the stage: its rendered size (computed font size × the SVG's screen
 *  scale) and its box on the screen. Flying records (the overlay layer) move, so they are
 *  measured but left out of the overlap check. */
async function stageLabels(page: Page): Promise<Label[]> {
  return page.getByTestId('stage').evaluate((stage) => {
    const out: Label[] = [];
    for (const svg of Array.from(stage.querySelectorAll('svg.stage'))) {
      const vb = (svg as SVGSVGElement).viewBox.baseVal;
      // "meet": a box whose height is capped draws the picture smaller than its width.
      const rect = svg.getBoundingClientRect();
      const scale = Math.min(rect.width / vb.width, rect.height / vb.height);
      const layer = svg.classList.contains('stage-overlay') ? 'overlay' : svg.classList.contains('stage-column') ? 'column' : 'base';
      for (const t of Array.from(svg.querySelectorAll('text'))) {
        const r = t.getBoundingClientRect();
        const text = (t.textContent || '').trim();
        const style = getComputedStyle(t);
        if (!text || r.width === 0 || r.height === 0 || style.display === 'none' || style.visibility === 'hidden') continue;
        const size = parseFloat(getComputedStyle(t).fontSize) * scale;
        out.push({ text, size, box: { x: r.x, y: r.y, w: r.width, h: r.height }, layer });
      }
    }
    return out;
  });
}

/** Pairs of labels whose glyphs overlap by more than 1 px. A text's box runs from the font's
 *  ascent to its descent; the glyphs fill about its middle 75 %, so the box is trimmed by an
 *  eighth of its height above and below before comparing. */
function overlaps(labels: Label[]): string[] {
  const still = labels.filter((l) => l.layer !== 'overlay');
  const found: string[] = [];
  for (let i = 0; i < still.length; i++) {
    for (let j = i + 1; j < still.length; j++) {
      const a = still[i].box;
      const b = still[j].box;
      const ay = a.y + a.h / 8, ah = (a.h * 3) / 4;
      const by = b.y + b.h / 8, bh = (b.h * 3) / 4;
      const dx = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
      const dy = Math.min(ay + ah, by + bh) - Math.max(ay, by);
      if (dx > 1 && dy > 1) found.push(`"${still[i].text}" × "${still[j].text}" (${dx.toFixed(1)}×${dy.toFixed(1)} px)`);
    }
  }
  return found;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function noSideScroll(page: Page) {
  const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  expect(scroll, 'page wider than the screen').toBeLessThanOrEqual(inner);
}

/** The stage fits the screen's width: its box ends on screen and nothing in it scrolls sideways. */
async function stageFits(page: Page, width: number) {
  const fit = await page.getByTestId('stage').evaluate((el) => ({ right: el.getBoundingClientRect().right, scroll: el.scrollWidth, client: el.clientWidth }));
  expect(fit.right, 'stage wider than the screen').toBeLessThanOrEqual(width);
  expect(fit.scroll, 'stage scrolls sideways').toBeLessThanOrEqual(fit.client + 1);
}

/** Opens the page in Korean and plays a few seconds of simulated time. */
async function openAndPlay(page: Page, query: string) {
  await page.goto(`/?lang=ko${query}`);
  await expect(page.getByTestId('stage')).toBeVisible();
  await presetReady(page);
  await page.getByTestId('speed').selectOption({ label: '8×' });
  await page.getByTestId('btn-play').click();
  await expect.poll(() => simMs(page), { timeout: 30_000 }).toBeGreaterThan(6000);
  await page.getByTestId('btn-play').click();
  // Paused: the time stands still.
  let last = -1;
  await expect.poll(async () => { const now = await simMs(page); const same = now === last; last = now; return same; }).toBe(true);
}

for (const scenario of [{ name: 'default', query: '' }, { name: 'two-groups', query: '&preset=two-groups' }]) {
  for (const { size, min } of SCREENS) {
    test(`surface ${scenario.name} at ${size.width}×${size.height}: fits, stage text ≥ ${min} px, no overlapping labels`, async ({ page }) => {
      await page.setViewportSize(size);
      await openAndPlay(page, scenario.query);
      await noSideScroll(page);
      await stageFits(page, size.width);
      const labels = await stageLabels(page);
      expect(labels.length).toBeGreaterThan(20);
      const smallest = labels.reduce((a, b) => (a.size <= b.size ? a : b));
      expect(smallest.size, `smallest stage text: "${smallest.text}"`).toBeGreaterThanOrEqual(min - 0.01);
      expect(overlaps(labels)).toEqual([]);
      // The tabs read as words: each on one line.
      for (const tab of await page.locator('header .modes .mode').all()) {
        const { h, lh } = await tab.evaluate((el) => ({ h: el.getBoundingClientRect().height, lh: parseFloat(getComputedStyle(el).fontSize) }));
        expect(h).toBeLessThan(lh * 2.6);
      }
    });
  }
}

// The densest stage the lessons draw: four groups (one per assignor) on two topics, two
// producers (lesson 9). Phones and tablets draw it stacked: each strip names its owner in the
// shown group; wide, an owner line runs from each strip's end to its consumer.
for (const { size, min } of SCREENS) {
  test(`surface: four groups on two topics at ${size.width}×${size.height}: fits, no overlapping labels, every strip's owner shown`, async ({ page }) => {
    await page.setViewportSize(size);
    await page.goto('/?lang=ko&lesson=assignors');
    await expect(page.getByTestId('stage')).toBeVisible();
    await scrubTo(page, 20000);
    await noSideScroll(page);
    await stageFits(page, size.width);
    const labels = await stageLabels(page);
    expect(labels.length).toBeGreaterThan(40);
    expect(overlaps(labels)).toEqual([]);
    const stacked = size.width < 1100;
    const smallest = labels.reduce((a, b) => (a.size <= b.size ? a : b));
    expect(smallest.size, `smallest stage text: "${smallest.text}"`).toBeGreaterThanOrEqual(min - 0.01);
    // The shown group (range) owns all six partitions; each strip shows whose it is.
    for (const topic of ['orders', 'payments']) {
      for (const p of [0, 1, 2]) {
        const strip = page.getByTestId(`partition-${topic}-${p}`);
        if (stacked) {
          await expect(page.getByTestId(`owner-${topic}-${p}`).locator("text")).toHaveText(/^r[12]$/);
        } else {
          // The strip's end, where its owner lines start.
          const end = await strip.evaluate((g) => {
            const bg = g.querySelector('path') as SVGPathElement;
            const box = bg.getBBox();
            return box.x + box.width;
          });
          const starts = await page.getByTestId('stage').locator('line.assign-line').evaluateAll((ls) => ls.map((l) => Number(l.getAttribute('x1'))));
          expect(starts.every((x) => Math.abs(x - end) <= 6), `owner lines start at the strips' end (${end})`).toBe(true);
        }
      }
    }
  });
}

// Every lesson beside its card, at the sizes where the card takes a third of the width: the
// stage is drawn compact (one unit per pixel, its smallest text 11 units, producers and
// brokers wherever the drawing comes out shortest), so its text keeps the figure for the
// room and the whole stage stays on screen.
const LESSONS = ['topics-offsets', 'partitioning', 'producer-internals', 'acks-isr', 'consumer-basics', 'consumer-groups', 'heartbeats',
  'rebalance', 'assignors', 'static-membership', 'commits', 'transactions', 'kip848'];
for (const { size, min } of SCREENS.filter((s) => s.size.width >= 1280)) {
  test(`surface: every lesson at ${size.width}×${size.height}: stage text ≥ ${min} px, no overlapping labels, the stage on screen`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize(size);
    for (const lesson of LESSONS) {
      await page.goto(`/?lang=ko&lesson=${lesson}`);
      await expect(page.getByTestId('lesson-layout')).toBeVisible();
      await scrubTo(page, 6000);
      await noSideScroll(page);
      const labels = await stageLabels(page);
      const smallest = labels.reduce((a, b) => (a.size <= b.size ? a : b));
      expect(smallest.size, `${lesson}: smallest stage text "${smallest.text}"`).toBeGreaterThanOrEqual(min - 0.01);
      expect(overlaps(labels), lesson).toEqual([]);
      const box = (await page.getByTestId('stage').boundingBox())!;
      expect(box.y + box.height, `${lesson}: the stage ends on screen`).toBeLessThanOrEqual(size.height);
    }
  });
}

test('surface: every view fits a phone, and its tabs are all on screen', async ({ page }) => {
  await page.setViewportSize(PHONE);
  await page.goto('/?lang=ko');
  await expect(page.getByTestId('stage')).toBeVisible();
  for (const mode of ['lessons', 'compare', 'explain', 'simulate']) {
    await page.getByTestId(`mode-${mode}`).click();
    await expect(page.getByTestId(`mode-${mode}`)).toHaveAttribute('aria-current', 'page');
    await noSideScroll(page);
    for (const tab of await page.locator('header .modes .mode').all()) {
      const box = (await tab.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    }
  }
});

test('surface: presenter mode at 1920×1080 fills the screen with text read from the back of the room', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openAndPlay(page, '');
  await page.getByTestId('btn-presenter').click();
  await expect(page.locator('.app.presenter')).toBeVisible();
  await noSideScroll(page);
  const labels = await stageLabels(page);
  const sizes = labels.map((l) => l.size);
  expect(Math.min(...sizes)).toBeGreaterThanOrEqual(18);
  expect(median(sizes)).toBeGreaterThanOrEqual(22);
  expect(overlaps(labels)).toEqual([]);
  // The stage spans the screen and reaches down to its bottom edge, the broker row included.
  const box = (await page.getByTestId('stage').boundingBox())!;
  expect(box.width).toBeGreaterThan(1920 * 0.9);
  expect(box.y + box.height).toBeGreaterThanOrEqual(1000);
  expect(box.y + box.height).toBeLessThanOrEqual(1080);
});

test('surface: presenter mode at 1280×720 keeps the stage the biggest thing', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openAndPlay(page, '');
  await page.getByTestId('btn-presenter').click();
  await expect(page.locator('.app.presenter')).toBeVisible();
  await noSideScroll(page);
  const labels = await stageLabels(page);
  expect(Math.min(...labels.map((l) => l.size))).toBeGreaterThanOrEqual(11);
  const button = parseFloat(await page.getByTestId('btn-play').evaluate((el) => getComputedStyle(el).fontSize));
  expect(median(labels.map((l) => l.size))).toBeGreaterThanOrEqual(button * 0.7);
  const box = (await page.getByTestId('stage').boundingBox())!;
  expect(box.width).toBeGreaterThan(1280 * 0.9);
  // All of it on screen: the controls take one row.
  expect(box.y + box.height).toBeLessThanOrEqual(720);
});

test('surface: a loading notice in Korean and English while the WebAssembly loads, gone once the app runs', async ({ page }) => {
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/?lang=ko', { waitUntil: 'domcontentloaded' });
  const boot = page.getByTestId('boot');
  await expect(boot).toBeVisible();
  await expect(boot).toContainText('불러오는 중입니다');
  await expect(boot).toContainText('Loading');
  release();
  await expect(page.getByTestId('stage')).toBeVisible({ timeout: 30_000 });
  await expect(boot).toHaveCount(0);
});

test('surface: on a phone the controls are a thumb wide and a tap plays', async ({ browser }) => {
  const context = await browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  await page.goto('/?lang=ko');
  await expect(page.getByTestId('stage')).toBeVisible();
  await noSideScroll(page);
  for (const id of ['btn-play', 'btn-step', 'speed']) {
    const box = (await page.getByTestId(id).boundingBox())!;
    expect(box.height, id).toBeGreaterThanOrEqual(40);
    expect(box.x + box.width, id).toBeLessThanOrEqual(PHONE.width);
  }
  await page.getByTestId('btn-play').tap();
  await expect.poll(() => simMs(page)).toBeGreaterThan(0);
  await page.getByTestId('btn-play').tap();
  await context.close();
});

test('surface: on a phone the explainer is predicted by taps (touch has no drag and drop)', async ({ browser }) => {
  const context = await browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  await page.goto('/?lang=ko&mode=explain');
  await expect(page.getByTestId('predict')).toBeVisible();
  await noSideScroll(page);
  // Tap a chip, then the column's name: the chip moves there.
  await page.getByTestId('chip-orders-0').tap();
  await expect(page.getByTestId('chip-orders-0')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('guess-c2').locator('.col-head').tap();
  await expect(page.getByTestId('guess-c2').getByTestId('chip-orders-0')).toBeVisible();
  await expect(page.getByTestId('chip-orders-0')).toHaveAttribute('aria-pressed', 'false');
  // Tapping a placed chip picks it (the column under it does not take the tap); the pool takes it back.
  await page.getByTestId('chip-orders-0').tap();
  await expect(page.getByTestId('chip-orders-0')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('guess-c2').getByTestId('chip-orders-0')).toBeVisible();
  await page.getByTestId('pool').locator('> span').tap();
  await expect(page.getByTestId('pool').getByTestId('chip-orders-0')).toBeVisible();
  await context.close();
});
