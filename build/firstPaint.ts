// The first paint before any script: the built index.html's #root holds the page's title and lede
// (src/view/pageText.ts) in the app's own markup and classes, so a visitor on a slow link reads what
// the page is about while its JavaScript arrives (Lighthouse's FCP and LCP were the script's load,
// 2.8 s on its mobile preset). React replaces it on its first render (createRoot: new nodes, so no
// layout shift is counted). If the script never runs (a half-uploaded release), the stylesheet alone
// reveals a line saying so after a while, instead of a page that stays blank.
import type { Plugin } from 'vite';
import { LEDE, LOADING, STUCK, TITLE } from '../src/view/pageText.js';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function shellHtml(): string {
  return (
    `<main class="app app-shell"><header><div class="title-row"><h1>${escape(TITLE)}</h1></div>` +
    `<p class="lede">${escape(LEDE)}</p><p class="shell-loading">${escape(LOADING)}</p>` +
    `<p class="shell-stuck">${escape(STUCK)}</p></header></main>`
  );
}

/** Fills `<div id="root"></div>` of index.html (the page; not bench.html). */
export function firstPaint(): Plugin {
  return {
    name: 'tstitch-first-paint',
    transformIndexHtml(html, ctx) {
      if (!ctx.filename.replaceAll('\\', '/').endsWith('/index.html')) return html;
      if (!html.includes('<div id="root"></div>')) throw new Error('first paint: no empty <div id="root"></div> in index.html');
      return html.replace('<div id="root"></div>', `<div id="root">${shellHtml()}</div>`);
    },
  };
}
