import { test, expect } from '@playwright/test';
import { createServer, Server } from 'http';
import { readFile } from 'fs/promises';
import { join, extname, normalize } from 'path';

// Offline (issue 16): after one visit the app opens and runs with the network off. The app is
// served here by a server of the test's own, in a subfolder (the release dist/ works from any
// folder), so that "off" is real: the server is closed, not only emulated.

const DIST = join(__dirname, '../../dist');
const PORT = Number(process.env.PW_PORT || 18437) + 4;
const TYPES: Record<string, string> = {
  '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css',
  '.svg': 'image/svg+xml', '.json': 'application/json', '.webmanifest': 'application/manifest+json',
};

function serveDist(): Promise<Server> {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split(/[?#]/)[0]);
    if (!path.startsWith('/lab/')) { res.writeHead(404).end(); return; }
    let file = normalize(path.slice('/lab/'.length) || 'index.html');
    if (file.endsWith('/') || file === '.') file = join(file, 'index.html');
    try {
      const body = await readFile(join(DIST, file));
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(PORT, '127.0.0.1', () => resolve(server)));
}

test('after one visit the app opens, plays and shows its lessons with the network off', async ({ browser }) => {
  const server = await serveDist();
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${PORT}/lab/?lang=en`);
  await expect(page.getByTestId('btn-play')).toBeVisible();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
  // The install has cached the page, its assets and every lesson.
  await page.waitForFunction(async () => {
    const keys = await (await caches.open('groupscope-v1')).keys();
    return keys.some((k) => k.url.endsWith('.wasm')) && keys.filter((k) => k.url.includes('/lessons/')).length >= 14;
  }, null, { timeout: 20_000 });
  await new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections?.();
  await context.setOffline(true);

  await page.reload();
  await expect(page.getByTestId('btn-play')).toBeVisible();
  await page.getByTestId('btn-play').click();
  await expect.poll(async () => Number(await page.getByTestId('sim-time').getAttribute('data-ms'))).toBeGreaterThan(0);
  await page.getByTestId('btn-play').click();
  await page.getByTestId('mode-lessons').click();
  await expect(page.getByTestId('lesson-map')).toBeVisible();
  await expect(page.locator('[data-testid^="lesson-card-"]')).toHaveCount(13);
  // A lesson link opens offline too.
  await page.goto(`http://127.0.0.1:${PORT}/lab/?lang=ko&lesson=consumer-groups&step=2`);
  await expect(page.getByTestId('lesson-panel')).toBeVisible();
  await context.close();
});
