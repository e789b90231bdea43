//! Exporting the stage as an SVG or PNG file (issue 16): the stage's SVG layers merged into
//! one standalone SVG with the stage's own style rules inlined, so the file looks like the
//! page; the PNG is that SVG drawn on a canvas at twice the size. Done in a few lines of
//! JavaScript (a wasm-bindgen snippet, served from the app's own origin like the rest):
//! XMLSerializer escapes every name as text, so a topic called `<script>` stays text.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r##"
function download(href, name) {
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
}
export function export_stage(kind, name, title) {
  const layers = document.querySelectorAll('.stage-box svg.stage');
  if (!layers.length) return false;
  const viewBox = layers[0].getAttribute('viewBox');
  const [, , w, h] = viewBox.split(/\s+/).map(Number);
  let css = '';
  for (const sheet of document.styleSheets) {
    let rules;
    try { rules = sheet.cssRules; } catch (e) { continue; }
    for (const r of rules) {
      if (r.selectorText && /(^|,)\s*\.stage(?![\w-])/.test(r.selectorText) && !/focus|hover/.test(r.selectorText)) css += r.cssText + '\n';
    }
  }
  const root = getComputedStyle(document.documentElement);
  const vars = ['--fg', '--muted', '--bad', '--warn', '--accent', '--line', '--card', '--bg']
    .map((v) => `${v}: ${root.getPropertyValue(v).trim()};`).join(' ');
  const ser = new XMLSerializer();
  const body = [...layers].map((svg) => {
    const g = document.createElementNS('http://www.w3.org/2000/svg', 'g');
    for (const child of svg.childNodes) g.appendChild(child.cloneNode(true));
    return ser.serializeToString(g);
  }).join('');
  const t = document.createElementNS('http://www.w3.org/2000/svg', 'title');
  t.textContent = title;
  const text = `<svg xmlns="http://www.w3.org/2000/svg" class="stage" viewBox="${viewBox}" width="${w}" height="${h}" font-family="system-ui, 'Noto Sans CJK KR', 'Malgun Gothic', sans-serif">`
    + ser.serializeToString(t) + `<style>svg { ${vars} }\n${css}</style><rect x="0" y="0" width="${w}" height="${h}" fill="#ffffff"/>${body}</svg>`;
  if (kind === 'svg') {
    const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
    download(url, name + '.svg');
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    return true;
  }
  const img = new Image();
  img.onload = () => {
    const scale = 2;
    const canvas = document.createElement('canvas');
    canvas.width = w * scale;
    canvas.height = h * scale;
    const ctx = canvas.getContext('2d');
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, w, h);
    canvas.toBlob((blob) => {
      const url = URL.createObjectURL(blob);
      download(url, name + '.png');
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    }, 'image/png');
  };
  img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(text);
  return true;
}
"##)]
extern "C" {
    /// Downloads the stage as `<name>.svg` or `<name>.png` (`kind` "svg" or "png"); false when
    /// there is no stage on the page.
    pub fn export_stage(kind: &str, name: &str, title: &str) -> bool;
}
