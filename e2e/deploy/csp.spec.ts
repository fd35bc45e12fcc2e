// 4. Security hygiene: the built page ships a strict Content-Security-Policy (src/csp.ts) as a
//    <meta> tag, so every e2e test already runs under it (fixtures.ts fails a test on any
//    violation). A <meta> policy does not reach the runtime worker, where onnxruntime compiles
//    its WebAssembly; this test sends the same policy as a header on every response, which does.
import { CONTENT_SECURITY_POLICY } from '../../src/csp';
import { expect, test } from '../fixtures';
import { canvasPixels, configure, expectNonBlank, generate, openFixtures } from '../helpers';

test.describe('CSP', () => {
  // Responses from a service worker's cache would skip the route that adds the header.
  test.use({ serviceWorkers: 'block' });

  test(
    'runs under a strict CSP sent as a header to the page and its worker (only wasm-unsafe-eval)',
    { tag: ['@backend', '@firefox'] },
    async ({ page, context }) => {
      const headered: string[] = [];
      await context.route('**/*', async (route) => {
        const response = await route.fetch();
        headered.push(route.request().url());
        await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': CONTENT_SECURITY_POLICY } });
      });
      const violations: string[] = [];
      await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) =>
          (window as unknown as { reportViolation(v: string): void }).reportViolation(`${e.violatedDirective} ${e.blockedURI}`),
        );
      });

      await openFixtures(page);
      await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveAttribute('content', CONTENT_SECURITY_POLICY);
      expect(CONTENT_SECURITY_POLICY).not.toMatch(/'unsafe-eval'|'unsafe-inline'/);
      await configure(page, 2, 1);
      await generate(page);
      expectNonBlank(await canvasPixels(page, 'Stitched trajectory'));
      // The worker script and the wasm binary came through the route, so they ran under the header.
      expect(headered.some((u) => /\/assets\/worker-[^/]+\.js$/.test(u))).toBe(true);
      expect(headered.some((u) => u.endsWith('.wasm'))).toBe(true);
      expect(violations).toEqual([]);
    },
  );
});
