// Shared by the hand-run UI benchmarks (bench-ui.mjs, bench-load.mjs).

/** requestAnimationFrame intervals (ms) on `page` for `ms` milliseconds. */
export function frameIntervals(page, ms) {
  return page.evaluate((ms) => new Promise((resolve) => {
    const out = [];
    let last = null;
    const start = performance.now();
    function tick(t) {
      if (last !== null) out.push(t - last);
      last = t;
      if (t - start < ms) requestAnimationFrame(tick); else resolve(out);
    }
    requestAnimationFrame(tick);
  }), ms);
}

/** n, p50, p95, max and the shares over one and two 60 Hz frames. */
export function stats(values) {
  const v = [...values].sort((a, b) => a - b);
  const at = (q) => v[Math.min(v.length - 1, Math.floor(q * v.length))];
  const share = (limit) => ((100 * v.filter((x) => x > limit).length) / v.length).toFixed(1) + '%';
  return { n: v.length, p50: at(0.5).toFixed(2), p95: at(0.95).toFixed(2), max: v[v.length - 1].toFixed(2), over_17ms: share(17), over_34ms: share(34) };
}
