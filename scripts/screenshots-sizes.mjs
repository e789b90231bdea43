// Hand-run: every view at every screen size the classes use, in Korean and English (issue 30).
// Serve dist/ first:  python3 -m http.server 18438 --bind 127.0.0.1 --directory dist &
//   OUT_DIR=/tmp/sizes node scripts/screenshots-sizes.mjs
// Writes OUT_DIR/<view>-<lang>-<w>x<h>.png (the screen as a student sees it, not the whole page).
import { launch, scrub } from './browser.mjs';

const base = process.env.BASE_URL || 'http://127.0.0.1:18438/';
const out = process.env.OUT_DIR || 'screenshots';
const SIZES = [[390, 844], [820, 1180], [1280, 720], [1366, 768], [1920, 1080]];
const VIEWS = {
  simulate: async (page, lang) => { await page.goto(`${base}?lang=${lang}`); await page.getByTestId('stage').waitFor(); await scrub(page, 20000); },
  lessons: async (page, lang) => { await page.goto(`${base}?lang=${lang}&mode=lessons`); await page.getByTestId('mode-lessons').waitFor(); await page.waitForTimeout(500); },
  lesson1: async (page, lang) => { await page.goto(`${base}?lang=${lang}&lesson=topics-offsets`); await page.getByTestId('stage').waitFor(); await page.waitForTimeout(500); },
  lesson9: async (page, lang) => { await page.goto(`${base}?lang=${lang}&lesson=assignors`); await page.getByTestId('stage').waitFor(); await page.waitForTimeout(500); },
  compare: async (page, lang) => {
    await page.goto(`${base}?lang=${lang}&mode=compare&compare=eager-vs-cooperative`);
    await page.getByTestId('compare-timeline').evaluate((el) => { el.value = '10000'; el.dispatchEvent(new Event('input', { bubbles: true })); });
    await page.waitForTimeout(300);
  },
  explain: async (page, lang) => { await page.goto(`${base}?lang=${lang}&mode=explain`); await page.getByTestId('predict').waitFor(); },
  presenter: async (page, lang) => {
    await page.goto(`${base}?lang=${lang}`); await page.getByTestId('stage').waitFor(); await scrub(page, 20000);
    await page.getByTestId('btn-presenter').click(); await page.waitForTimeout(400);
  },
};
const only = process.env.VIEWS ? process.env.VIEWS.split(',') : Object.keys(VIEWS);
const browser = await launch();
for (const lang of ['ko', 'en']) {
  for (const [w, h] of SIZES) {
    const page = await browser.newPage({ viewport: { width: w, height: h } });
    // Past the first-visit banner.
    await page.addInitScript(() => localStorage.setItem('groupscope.welcomed', '1'));
    for (const view of only) {
      const open = VIEWS[view];
      await open(page, lang);
      await page.screenshot({ path: `${out}/${view}-${lang}-${w}x${h}.png` });
    }
    await page.close();
  }
}
await browser.close();
