import { expect, test, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';

// The lesson layout (issue 30), in Korean: on a laptop or a projector the stage and the step's
// text stay on screen at every step, question and reveal while a student walks a lesson by
// keyboard alone, and the page never scrolls the picture away; while a prediction is pending
// nothing outside the lesson card shows its answer; on a phone or a tablet the card sits right
// under the stage, and no lesson's goal step scrolls sideways.

const LAPTOPS = [
  { width: 1280, height: 720 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
];
const NARROW = [
  { width: 390, height: 844 },
  { width: 820, height: 1180 },
];
const LESSONS: { id: string; steps: number }[] = JSON.parse(readFileSync('static/lessons/index.json', 'utf8')).lessons.map((id: string) => ({
  id,
  steps: JSON.parse(readFileSync(`static/lessons/${id}.json`, 'utf8')).steps.length,
}));

/** The element with this test id lies wholly inside the viewport. */
async function onScreen(page: Page, testId: string, what: string) {
  const box = await page.getByTestId(testId).boundingBox();
  const vp = page.viewportSize()!;
  expect(box, `${what}: ${testId} is drawn`).not.toBeNull();
  expect(box!.y, `${what}: top of ${testId}`).toBeGreaterThanOrEqual(0);
  expect(box!.x, `${what}: left of ${testId}`).toBeGreaterThanOrEqual(0);
  expect(box!.y + box!.height, `${what}: bottom of ${testId} (viewport ${vp.height})`).toBeLessThanOrEqual(vp.height + 0.5);
  expect(box!.x + box!.width, `${what}: right of ${testId}`).toBeLessThanOrEqual(vp.width + 0.5);
}

/** The stage and the step's text are on screen and the page has not scrolled. */
async function screenHolds(page: Page, what: string, extra: string[] = []) {
  await onScreen(page, 'stage', what);
  await onScreen(page, 'lesson-text', what);
  for (const id of extra) await onScreen(page, id, what);
  expect(await page.evaluate(() => window.scrollY), `${what}: the page did not scroll`).toBe(0);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${what}: no sideways scroll`).toBe(true);
}

/** Every text the learner can see outside the lesson card. */
async function visibleTextOutsideCard(page: Page): Promise<string> {
  return page.evaluate(() => {
    const out: string[] = [];
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest('[data-testid=lesson-panel]') || el.closest('.sr-only')) continue;
      const folded = el.closest('details:not([open])');
      if (folded && !el.closest('summary')) continue;
      if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true } as CheckVisibilityOptions)) continue;
      out.push(n.textContent ?? '');
    }
    return out.join('\n');
  });
}

/** While a prediction is pending, what would answer it is nowhere to be seen. */
async function answerHidden(page: Page, leak: RegExp | null, what: string) {
  await expect(page.getByTestId('lesson-layout')).toHaveAttribute('data-pending', 'true');
  const text = await visibleTextOutsideCard(page);
  if (leak) expect(text, `${what}: the answer shows outside the card`).not.toMatch(leak);
  // The group card's assignments and counts, wherever the card is, read "예측 후 공개".
  for (const el of await page.locator('[data-testid=group-card] .assigned, [data-testid=processed]').all()) {
    if (await el.isVisible()) await expect(el, what).toHaveText('예측 후 공개');
  }
}

/** Walks a whole lesson by keyboard: Enter or Tab + Space on the choices, Enter or Space to go on. */
async function walk(page: Page, id: string, leaks: Record<number, RegExp>) {
  await page.goto(`/?lang=ko&lesson=${id}`);
  await page.getByTestId('lesson-panel').waitFor();
  await page.getByTestId('speed').selectOption({ label: '16×' });
  const steps = LESSONS.find((l) => l.id === id)!.steps;
  for (let step = 1; step <= steps; step++) {
    await expect(page.getByTestId('lesson-step')).toHaveText(`단계 ${step}/${steps}`, { timeout: 30_000 });
    const what = `${id} step ${step}`;
    await screenHolds(page, what);
    if (step === steps) {
      // The goal: its first control has the focus and is on screen with the stage.
      await expect(page.getByTestId('knob-0')).toBeFocused();
      await screenHolds(page, `${what} goal`, ['knob-0']);
      break;
    }
    if (await page.getByTestId('lesson-predict').count()) {
      await screenHolds(page, `${what} question`, ['lesson-predict']);
      await answerHidden(page, leaks[step] ?? null, what);
      await expect(page.getByTestId('choice-0')).toBeFocused();
      if (step % 2) {
        await page.keyboard.press('Enter');
      } else {
        await page.keyboard.press('Tab');
        await expect(page.getByTestId('choice-1')).toBeFocused();
        await page.keyboard.press(' ');
      }
      await expect(page.getByTestId('lesson-reveal')).toBeVisible({ timeout: 30_000 });
      await expect(page.getByTestId('lesson-layout')).toHaveAttribute('data-pending', 'false');
      await expect(page.getByTestId('lesson-next')).toBeFocused();
      await screenHolds(page, `${what} reveal`, ['lesson-reveal', 'lesson-next']);
      await page.keyboard.press(step % 2 ? 'Enter' : ' ');
    } else {
      await expect(page.getByTestId('lesson-continue')).toBeFocused();
      await page.keyboard.press('Enter');
    }
  }
}

for (const vp of LAPTOPS) {
  test.describe(`${vp.width}×${vp.height}`, () => {
    test.use({ viewport: vp });

    test('assignors by keyboard: stage and step on screen throughout, answers hidden until predicted', async ({ page }) => {
      test.setTimeout(180_000);
      // Steps 2–4 ask who reads a partition: its name beside a consumer would give it away.
      await walk(page, 'assignors', { 2: /payments-0/, 3: /orders-2/, 4: /orders-2/ });
    });

    test('consumer-groups by keyboard: stage and step on screen throughout, answers hidden until predicted', async ({ page }) => {
      test.setTimeout(180_000);
      await walk(page, 'consumer-groups', { 3: /orders-3/ });
    });

    test('topics-offsets: the processed count is hidden while asked; the other panels unfold by keyboard', async ({ page }) => {
      await page.goto('/?lang=ko&lesson=topics-offsets&step=4');
      await expect(page.getByTestId('lesson-step')).toHaveText('단계 4/5');
      await answerHidden(page, null, 'topics-offsets step 4');
      const toggle = page.getByTestId('lesson-more-toggle');
      await expect(page.getByTestId('group-card')).toBeHidden();
      await toggle.focus();
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('processed')).toBeVisible();
      await expect(page.getByTestId('processed')).toHaveText('예측 후 공개');
    });
  });
}

for (const vp of [...NARROW, ...LAPTOPS]) {
  test(`every lesson's goal step at ${vp.width}×${vp.height}: no sideways scroll; the card next to the stage`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize(vp);
    for (const { id, steps } of LESSONS) {
      await page.goto(`/?lang=ko&lesson=${id}&step=${steps}`);
      await expect(page.getByTestId('lesson-goal')).toBeVisible();
      // The lesson's own parts never reach past the screen's right edge (the goal's selects
      // included). On a phone or tablet the stage keeps its drawing legible and scrolls sideways
      // inside its own box (surface.spec), so what lies inside that box is left out; the box
      // itself must fit. On a phone the protocol lane and the charts do the same.
      const right = await page.evaluate(() =>
        Math.max(
          ...[...document.querySelectorAll('[data-testid=lesson-layout], [data-testid=lesson-layout] *')]
            .filter((e) => !e.parentElement?.closest('[data-testid=stage], .lane-wrap, [data-testid=charts]'))
            .map((e) => e.getBoundingClientRect().right),
        ),
      );
      expect(right, `${id}: the lesson's right edge at ${vp.width}`).toBeLessThanOrEqual(vp.width);
      // The whole page: nothing scrolls sideways.
      const wide = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      expect(wide[0], `${id}: page width at ${vp.width}`).toBeLessThanOrEqual(wide[1]);
      const stage = (await page.getByTestId('stage').boundingBox())!;
      const card = (await page.getByTestId('lesson-panel').boundingBox())!;
      if (vp.width < 1100) {
        // Stacked: the card directly above or below the stage.
        const gap = card.y >= stage.y ? card.y - (stage.y + stage.height) : stage.y - (card.y + card.height);
        expect(gap, `${id}: gap between the stage and the card`).toBeLessThan(40);
        expect(gap, `${id}: the card does not cover the stage`).toBeGreaterThanOrEqual(-1);
      } else {
        // Side by side, tops level.
        expect(Math.abs(card.y - stage.y), `${id}: the card beside the stage`).toBeLessThan(40);
      }
    }
  });
}
