// The `test` every spec uses. Three guards run around every test, in both projects, so no
// feature test can pass while breaking them:
// - privacy: any request to an origin other than the app's own fails the test;
// - Content-Security-Policy: any violation of the policy the built page ships with fails it;
// - nothing executed: a dialog (alert/confirm/prompt) opening fails it.
import { expect, test as base } from '@playwright/test';

interface Guards {
  guards: void;
}

/** Every URL the page or its workers requested; `foreignRequests` filters them. */
export function foreignRequests(urls: string[], baseURL: string): string[] {
  const origin = new URL(baseURL).origin;
  return urls.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin);
}

export const test = base.extend<Guards>({
  guards: [
    async ({ context, baseURL }, use) => {
      const requests: string[] = [];
      const violations: string[] = [];
      const dialogs: string[] = [];
      context.on('request', (r) => requests.push(r.url()));
      context.on('page', (page) => {
        page.on('dialog', (d) => {
          dialogs.push(`${d.type()}: ${d.message()}`);
          void d.dismiss();
        });
        page.on('console', (m) => {
          // Chromium reports CSP violations on the console of the page or worker that caused them.
          if (/Content.Security.Policy/i.test(m.text())) violations.push(m.text());
        });
      });
      await use();
      expect(foreignRequests(requests, baseURL!), 'requests to other origins').toEqual([]);
      expect(violations, 'Content-Security-Policy violations').toEqual([]);
      expect(dialogs, 'dialogs opened by the page').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
