// Playwright 1.65 drives stock Firefox over WebDriver BiDi (channel 'moz-firefox'). Two gaps between
// it and Debian's Firefox ESR (153) would fail tests for reasons that are not the app's; this closes
// exactly those two, in Playwright's own (in-process) server, for BiDi browsers only:
// 1. Every new browser context sends `emulation.setMediaFeaturesOverride` (the default
//    prefers-color-scheme), a command Firefox 153 does not have: every newContext() fails with
//    "unknown command". That refusal is let pass (no test asks for a colour scheme).
// 2. `fill()` types through a script that inserts at `selectionStart`, which is null on
//    <input type="number"> (the selection API does not apply there), so it appends: filling "4" into
//    a field holding 50 gives 504. Where the focused element is a number input, its value is set
//    to the text instead (what fill means: it has selected everything first) and an input event sent,
//    as a user's select-all and typing would.
// Loaded by playwright.config.ts (in the runner and in every worker) and tools/site/first-runs.ts;
// Chromium (CDP) is untouched.
import { createRequire } from 'node:module';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Playwright's internal classes are untyped here
type Fn = (this: any, ...args: any[]) => Promise<unknown>;
interface Progress {
  race<T>(p: Promise<T>): Promise<T>;
}
interface ServerContext {
  doUpdateDefaultEmulatedMedia?: () => Promise<void>;
}
interface RawKeyboard {
  _page: { _page: { mainFrame(): { mainContext(): Promise<{ evaluate(fn: (t: string) => boolean, arg: string): Promise<boolean> }> } } };
}
interface ServerPage {
  delegate: { constructor: { name: string } };
  keyboard: { _raw: { constructor: { prototype: Record<string, unknown> } } };
}
interface CoreBundle {
  server: {
    BrowserContext: { prototype: { initialize: Fn } };
    Page: { prototype: { reportAsNew: Fn } };
  };
}

let installed = false;

export function patchPlaywrightForFirefoxBidi(): void {
  if (installed) return;
  installed = true;
  // playwright-core is @playwright/test's own copy (its server runs in this process).
  const { server } = createRequire(import.meta.url)('playwright-core/lib/coreBundle') as CoreBundle;

  const initialize = server.BrowserContext.prototype.initialize;
  server.BrowserContext.prototype.initialize = function (this: ServerContext, ...args: unknown[]) {
    const update = this.doUpdateDefaultEmulatedMedia;
    if (update) {
      this.doUpdateDefaultEmulatedMedia = async function (this: ServerContext) {
        try {
          await update.call(this);
        } catch (e) {
          if (!/emulation\.setMediaFeaturesOverride|unknown command/.test(String(e))) throw e;
        }
      };
    }
    return initialize.apply(this, args);
  };

  const reportAsNew = server.Page.prototype.reportAsNew;
  server.Page.prototype.reportAsNew = function (this: ServerPage, ...args: unknown[]) {
    const raw = this.keyboard?._raw?.constructor.prototype;
    if (/^Bidi/.test(this.delegate.constructor.name) && raw && typeof raw.sendText === 'function' && !raw.__numberFill) {
      const sendText = raw.sendText as Fn;
      raw.sendText = async function (this: RawKeyboard, progress: Progress, text: string) {
        const context = await progress.race(this._page._page.mainFrame().mainContext());
        const replaced = await progress.race(
          context.evaluate((t: string) => {
            let el = document.activeElement;
            while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
            if (!(el instanceof HTMLInputElement) || el.type !== 'number') return false;
            // The prototype's setter, not the element's own: a framework watching `value` (React) sees the change.
            Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(el, t);
            el.dispatchEvent(new InputEvent('input', { data: t, inputType: 'insertText', bubbles: true, composed: true }));
            return true;
          }, text),
        );
        if (!replaced) await sendText.call(this, progress, text);
      };
      raw.__numberFill = true;
    }
    return reportAsNew.apply(this, args);
  };
}
