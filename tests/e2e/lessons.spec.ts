import { expect, test, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';

// Guided lessons: the map, a lesson played through by keyboard alone in Korean (a wrong and a
// right prediction, the goal), progress across a reload and an export → import, and links
// that open a step.

/** Presses Tab until the element with this test id has focus (bounded). */
async function tabTo(page: Page, testId: string) {
  for (let i = 0; i < 40; i++) {
    if (await page.evaluate((id) => document.activeElement?.getAttribute('data-testid') === id, testId)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${testId}`);
}

async function predict(page: Page, choice: number, right: boolean) {
  await expect(page.getByTestId('choice-0')).toBeFocused();
  for (let i = 0; i < choice; i++) await page.keyboard.press('Tab');
  await expect(page.getByTestId(`choice-${choice}`)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('lesson-reveal')).toHaveAttribute('data-right', String(right), { timeout: 20_000 });
}

test('lesson 6 from the map to solved by keyboard alone, in Korean; progress survives a reload and export → import', async ({ page }) => {
  await page.goto('/?lang=ko');
  await page.getByTestId('stage').waitFor();
  for (let i = 0; i < 4; i++) await page.keyboard.press('+'); // 16×
  await tabTo(page, 'mode-lessons');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('lesson-map')).toContainText('컨슈머 그룹');
  await expect(page.getByTestId('lesson-status-consumer-groups')).toHaveAttribute('data-solved', 'false');
  await tabTo(page, 'lesson-open-consumer-groups');
  await page.keyboard.press('Enter');

  const panel = page.getByTestId('lesson-panel');
  await expect(page.getByTestId('lesson-step')).toHaveText('단계 1/7');
  await expect(page.getByTestId('lesson-text')).toContainText('파티션이 4개');
  await expect(page.getByTestId('lesson-continue')).toBeFocused();
  await page.keyboard.press('Enter');

  // c1 keeps 2 partitions after c2 joins: the first choice (1) is wrong.
  await expect(page.getByTestId('lesson-step')).toHaveText('단계 2/7', { timeout: 20_000 });
  await predict(page, 0, false);
  await expect(page.getByTestId('lesson-answer')).toHaveText('2');
  await expect(page.getByTestId('lesson-next')).toBeFocused();
  await page.keyboard.press('Enter');
  // Partition 3 goes to c4 (the fourth choice): right.
  await predict(page, 3, true);
  await expect(page.getByTestId('lesson-answer')).toHaveText('c4');
  await page.keyboard.press('Enter');
  // c5 gets nothing; the callout sets the notes straight.
  await expect(page.getByTestId('lesson-callout')).toContainText('파티션 수');
  await predict(page, 0, true);
  await page.keyboard.press('Enter');
  // Group g does not rebalance while audit's consumer is down.
  await predict(page, 0, true);
  await page.keyboard.press('Enter');
  // a1 resumes from audit's committed offset.
  await predict(page, 0, true);
  await expect(page.getByTestId('lesson-answer')).toContainText('커밋한 오프셋');
  await page.keyboard.press('Enter');

  // The goal: 4 consumers, chosen with the arrow keys.
  await expect(page.getByTestId('lesson-step')).toHaveText('단계 7/7');
  await expect(page.getByTestId('knob-0')).toBeFocused();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('knob-0')).toHaveValue('4');
  await tabTo(page, 'goal-run');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('goal-result')).toHaveAttribute('data-met', 'true', { timeout: 30_000 });
  await expect(panel).toContainText('성공');
  await tabTo(page, 'lesson-exit');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('lesson-status-consumer-groups')).toHaveAttribute('data-solved', 'true');
  await expect(page.getByTestId('lesson-status-consumer-groups')).toContainText('5문제 중 4개 맞힘');

  // A new visit keeps it.
  await page.goto('/?lang=ko&mode=lessons');
  await expect(page.getByTestId('lesson-status-consumer-groups')).toHaveAttribute('data-solved', 'true');

  // Export, forget, import.
  const download = page.waitForEvent('download');
  await page.getByTestId('progress-export').click();
  const file = await (await download).path();
  const exported = JSON.parse(readFileSync(file!, 'utf8'));
  expect(exported.lessons['consumer-groups']).toEqual({ solved: true, best_correct: 4, checkpoints: 5 });
  await page.evaluate(() => localStorage.removeItem('groupscope.lessons'));
  await page.reload();
  await page.getByTestId('lesson-map').waitFor();
  await expect(page.getByTestId('lesson-status-consumer-groups')).toHaveAttribute('data-solved', 'false');
  await page.getByTestId('progress-import').setInputFiles(file!);
  await expect(page.getByTestId('lessons-notice')).toContainText('가져왔습니다');
  await expect(page.getByTestId('lesson-status-consumer-groups')).toHaveAttribute('data-solved', 'true');
  await page.reload();
  await expect(page.getByTestId('lesson-status-consumer-groups')).toHaveAttribute('data-solved', 'true');
});

test('a bad progress file is refused with the reason and changes nothing', async ({ page }) => {
  await page.goto('/?lang=en&mode=lessons');
  await page.getByTestId('lesson-map').waitFor();
  await page.getByTestId('progress-import').setInputFiles({ name: 'p.json', mimeType: 'application/json', buffer: Buffer.from('{"version": 1, "lessons": {"x": {"solved": true, "best_correct": 9, "checkpoints": 2}}}') });
  await expect(page.getByTestId('lessons-notice')).toContainText('Could not read the progress file: lessons.x: best_correct (9)');
  await expect(page.getByTestId('lesson-status-consumer-groups')).toHaveAttribute('data-solved', 'false');
  // In Korean, the reason reads in Korean with the file's field names kept (issue 31).
  await page.getByTestId('lang-toggle').click();
  await page.getByTestId('progress-import').setInputFiles({ name: 'p.json', mimeType: 'application/json', buffer: Buffer.from('{"version": 2, "lessons": {}}') });
  await expect(page.getByTestId('lessons-notice')).toContainText('진행 상황 파일을 읽지 못했습니다: version: 2는 이 앱이 읽는 버전(1)이 아닙니다.');
});

test('?lesson=&step= opens a step; bad values are named', async ({ page }) => {
  await page.goto('/?lang=en&lesson=consumer-groups&step=4');
  await expect(page.getByTestId('lesson-step')).toHaveText('Step 4 of 7');
  await expect(page.getByTestId('lesson-text')).toContainText('A fifth consumer');
  // The stage shows the moment the step begins: four consumers own a partition each.
  await expect(page.getByTestId('group-card')).toContainText('c4');
  await page.goto('/?lang=en&lesson=consumer-groups&step=99');
  await expect(page.getByTestId('lesson-step')).toHaveText('Step 1 of 7');
  await expect(page.getByTestId('lessons-notice')).toContainText('step=99 in the URL is not a step of this lesson: use 1 to 7');
  await page.goto('/?lang=ko&lesson=nope');
  await expect(page.getByTestId('lessons-notice')).toContainText('lesson=nope는 없는 레슨입니다. 쓸 수 있는 값: topics-offsets, partitioning');
});

test('acting during a lesson sets the changes aside when it goes on', async ({ page }) => {
  await page.goto('/?lang=en&lesson=consumer-groups');
  await page.getByTestId('speed').selectOption({ label: '16×' });
  await page.getByTestId('btn-add-consumer').click();
  await page.getByTestId('lesson-continue').click();
  await expect(page.getByTestId('lesson-panel')).toContainText('Your own changes were set aside');
  await expect(page.getByTestId('lesson-step')).toHaveText('Step 2 of 7', { timeout: 20_000 });
  await page.getByTestId('choice-1').click();
  await expect(page.getByTestId('lesson-reveal')).toHaveAttribute('data-right', 'true', { timeout: 20_000 });
});

test('a lesson keeps its place in the address bar, and its tab is the lessons tab (ko)', async ({ page }) => {
  await page.goto('/?lang=ko');
  await page.getByTestId('welcome-lesson').click();
  await expect(page.getByTestId('lesson-step')).toHaveText('단계 1/5');
  await expect(page.getByTestId('mode-lessons')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('mode-simulate')).not.toHaveAttribute('aria-current', 'page');
  await expect.poll(() => new URL(page.url()).searchParams.get('lesson')).toBe('topics-offsets');
  expect(new URL(page.url()).searchParams.get('step')).toBe('1');
  expect(new URL(page.url()).searchParams.get('lang')).toBe('ko');
  await page.getByTestId('lesson-continue').click();
  await expect(page.getByTestId('lesson-step')).toHaveText('단계 2/5', { timeout: 20_000 });
  await expect.poll(() => new URL(page.url()).searchParams.get('step')).toBe('2');
  // A reload comes back to the same step.
  await page.reload();
  await expect(page.getByTestId('lesson-step')).toHaveText('단계 2/5');
  // Another scenario leaves the lesson, and the address bar says so.
  await page.getByTestId('preset').selectOption('two-groups');
  await expect.poll(() => new URL(page.url()).searchParams.get('lesson')).toBe(null);
  await expect(page.getByTestId('mode-simulate')).toHaveAttribute('aria-current', 'page');
});

test.describe('without the offline cache', () => {
  // The service worker would answer from its cache, out of the page's routes.
  test.use({ serviceWorkers: 'block' });

  test('lessons that do not arrive are named in the reader\'s language', async ({ page }) => {
    await page.route('**/lessons/index.json', (route) => route.abort());
    await page.goto('/?lang=ko&mode=lessons');
    await expect(page.getByTestId('lessons-failed')).toContainText('lessons/index.json 파일이 오지 않았습니다. 네트워크 연결을 확인하세요');
  });
});
