// Layout shifts of one visit, recorded by the page's own Layout Instability API: Lighthouse 12.2.3's
// trace engine fails on Chromium 156's traces for its layout-shift audit (tools/site/lighthouse.ts
// says more), so npm run lighthouse records the shifts' sources apart, one visit per preset.
import { CHROMIUM, CHROMIUM_ARGS } from '../../../testing/browsers';
import { log } from '../../lib/cli';
import type { ObservedShift, ObservedVisit } from './lighthouseReport';

/** Records every layout-shift entry into window.__shifts, each source named by a short CSS path. */
const SHIFT_OBSERVER = `
window.__shifts = [];
(() => {
  const path = (n) => {
    const parts = [];
    for (let e = n instanceof Element ? n : (n && n.parentElement) || null; e && parts.length < 4; e = e.parentElement) {
      const id = e.id ? '#' + e.id : '';
      const testId = e.getAttribute('data-testid');
      const cls = [...e.classList].slice(0, 2).map((c) => '.' + c).join('');
      parts.unshift(e.tagName.toLowerCase() + id + (testId ? '[data-testid="' + testId + '"]' : cls));
      if (id || testId) break;
    }
    return parts.join(' > ') || '(a text node, or a node removed since)';
  };
  const rect = (r) => Math.round(r.x) + ',' + Math.round(r.y) + ' ' + Math.round(r.width) + 'x' + Math.round(r.height);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      window.__shifts.push({
        value: e.value, startTime: e.startTime, hadRecentInput: e.hadRecentInput,
        sources: (e.sources || []).map((s) => ({ selector: path(s.node), previous: rect(s.previousRect), current: rect(s.currentRect) })),
      });
    }
  }).observe({ type: 'layout-shift', buffered: true });
})();
`;

/** Layout shifts of one visit, as the page's PerformanceObserver reports them, with a selector for each source. */
export async function observeShifts(
  url: string,
  screen: { width: number; height: number; deviceScaleFactor: number; mobile: boolean },
): Promise<ObservedVisit> {
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({
      viewport: { width: screen.width, height: screen.height },
      deviceScaleFactor: screen.deviceScaleFactor,
      isMobile: screen.mobile,
      hasTouch: screen.mobile,
    });
    // Registered through DevTools before any script of the page's, so the page's CSP does not apply
    // to it. A string, not a function: tsx would wrap the named arrows in a helper the page lacks.
    await context.addInitScript({ content: SHIFT_OBSERVER });
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'networkidle' });
    // A plain visit runs the default settings on its own: watch until that run is done (its results
    // appearing may shift the layout too), or a minute.
    const done = await page
      .getByTestId('status')
      .filter({ hasText: /^done$/ })
      .waitFor({ timeout: 60_000 })
      .then(
        () => true,
        () => false,
      );
    if (!done) log('lighthouse', '  no finished run within 60 s; shifts up to then');
    await page.waitForTimeout(2000);
    const shifts = (await page.evaluate(() => (window as unknown as { __shifts: unknown[] }).__shifts)) as ObservedShift[];
    return {
      viewport: `${screen.width}x${screen.height} at ${screen.deviceScaleFactor}x${screen.mobile ? ', mobile' : ''}`,
      cls: shifts.filter((s) => !s.hadRecentInput).reduce((a, s) => a + s.value, 0),
      shifts,
    };
  } finally {
    await browser.close();
  }
}
