// groupscope's service worker: after one visit the app opens and runs with the network off.
// Same origin only; one cache. It holds the page, every asset the page names (trunk's hashed
// JS, wasm, CSS, icons, the manifest, wasm-bindgen's snippets), every lesson file and every
// bundled scenario the app fetches when it is chosen (scenarios/index.json lists them). Each
// time the page is loaded online, the cache is brought in line with that page: what it names
// is added, what it no longer names (an older build's files) is dropped.
// Pages, lesson and scenario files: network first (a new build or lesson shows up at once), the cache
// when offline or after 4 s without an answer. The hashed assets: cache first.
'use strict';

const CACHE = 'groupscope-v1';
const WAIT_MS = 4000;

/** The same-origin files a page names, relative to this worker's folder. */
function assetsOf(indexText) {
  const names = new Set(['index.html', 'lessons/index.json', 'scenarios/index.json']);
  for (const m of indexText.matchAll(/["'](?:\.\/)?([\w.-]+\.(?:js|wasm|css|svg|webmanifest))["']/g)) names.add(m[1]);
  return names;
}

/** Brings the cache in line with a freshly fetched page. */
async function refresh(indexResponse) {
  const text = await indexResponse.clone().text();
  const cache = await caches.open(CACHE);
  await cache.put('index.html', indexResponse);
  const wanted = assetsOf(text);
  // wasm-bindgen snippets, imported by the main JS module.
  for (const js of [...wanted].filter((n) => n.endsWith('.js'))) {
    const source = await fetch(js).then((r) => r.text()).catch(() => '');
    for (const m of source.matchAll(/["']\.\/(snippets\/[\w./-]+\.js)["']/g)) wanted.add(m[1]);
  }
  const lessons = await fetch('lessons/index.json', { cache: 'no-cache' }).then((r) => r.json()).catch(() => ({ lessons: [] }));
  for (const id of lessons.lessons || []) wanted.add(`lessons/${id}.json`);
  const scenarios = await fetch('scenarios/index.json', { cache: 'no-cache' }).then((r) => r.json()).catch(() => ({ presets: [] }));
  for (const id of scenarios.presets || []) wanted.add(`scenarios/${id}.json`);
  const scope = new URL('./', self.location).href;
  const have = new Set((await cache.keys()).map((r) => r.url.slice(scope.length).split('?')[0]));
  const fresh = (n) => n.startsWith('lessons/') || n.startsWith('scenarios/');
  await Promise.all([...wanted].filter((n) => !have.has(n) || fresh(n)).map((n) => cache.add(n).catch(() => {})));
  await Promise.all((await cache.keys()).filter((r) => !wanted.has(r.url.slice(scope.length).split('?')[0])).map((r) => cache.delete(r)));
}

self.addEventListener('install', (event) => {
  event.waitUntil(fetch('index.html', { cache: 'no-cache' }).then(refresh).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key !== CACHE && key.startsWith('groupscope-')) await caches.delete(key);
    await self.clients.claim();
  })());
});

/** The network's answer within WAIT_MS, or null. */
function network(request) {
  return Promise.race([fetch(request).catch(() => null), new Promise((resolve) => setTimeout(() => resolve(null), WAIT_MS))]);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  const scope = new URL('./', self.location).href;
  const path = request.url.slice(scope.length).split(/[?#]/)[0];
  if (request.mode === 'navigate') {
    event.respondWith((async () => {
      const response = await network(request);
      if (response && response.ok) {
        event.waitUntil(refresh(response.clone()));
        return response;
      }
      return (await caches.match('index.html')) || response || Response.error();
    })());
  } else if (path.startsWith('lessons/') || path.startsWith('scenarios/')) {
    event.respondWith((async () => {
      const response = await network(request);
      if (response && response.ok) {
        const copy = response.clone();
        event.waitUntil(caches.open(CACHE).then((c) => c.put(request, copy)));
        return response;
      }
      return (await caches.match(request, { ignoreSearch: true })) || response || Response.error();
    })());
  } else {
    event.respondWith(caches.match(request, { ignoreSearch: true }).then((cached) => cached || fetch(request)));
  }
});
