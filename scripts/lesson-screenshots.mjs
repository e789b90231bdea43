// Screenshots of every lesson (the map, its first step, its first checkpoint revealed, its goal
// solved) in both languages, to read them as a student would:
//   python3 -m http.server 18438 --bind 127.0.0.1 --directory dist &  node scripts/lesson-screenshots.mjs
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';

const base = process.env.BASE_URL || 'http://127.0.0.1:18438/';
const out = process.env.OUT_DIR || 'screenshots';
const all = JSON.parse(readFileSync('static/lessons/index.json', 'utf8')).lessons;
// LESSONS=a,b limits the run to those lessons.
const ids = process.env.LESSONS ? all.filter((id) => process.env.LESSONS.split(',').includes(id)) : all;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
for (const lang of ['ko', 'en']) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await page.goto(`${base}?lang=${lang}&mode=lessons`);
  await page.getByTestId('lesson-map').waitFor();
  await page.screenshot({ path: `${out}/lesson-${lang}-map.png` });
  for (const id of ids) {
    await page.goto(`${base}?lang=${lang}&lesson=${id}`);
    await page.getByTestId('lesson-panel').waitFor();
    await page.getByTestId('speed').selectOption({ label: '16×' });
    await page.screenshot({ path: `${out}/lesson-${lang}-${id}-1-first.png` });
    // Walk to the first checkpoint and answer with the first choice.
    for (let i = 0; i < 40; i++) {
      if (await page.getByTestId('lesson-reveal').count()) break;
      if (await page.locator('[data-testid=choice-0]:not([disabled])').count()) { await page.getByTestId('choice-0').click(); continue; }
      if (await page.getByTestId('lesson-continue').count()) { await page.getByTestId('lesson-continue').click(); continue; }
      await page.waitForTimeout(200);
    }
    await page.getByTestId('lesson-panel').screenshot({ path: `${out}/lesson-${lang}-${id}-2-checkpoint.png` });
    await page.screenshot({ path: `${out}/lesson-${lang}-${id}-2-checkpoint-full.png` });
  }
  await page.close();
}
await browser.close();
