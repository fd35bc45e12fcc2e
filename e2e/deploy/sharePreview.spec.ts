// 19.5 Share previews: the built page carries a description, Open Graph and Twitter card tags whose
//      image (og-image.png, sampled from the shipped models by build/shareImage/, copied in by the build)
//      and favicon (public/icons/favicon-32.png, build/icons.ts) are served by the app's own host
//      under its sub-path as real PNGs of the sizes the tags say, with pictures in them. The page
//      itself never fetches the share image, and the service worker's file list does not name it,
//      so it costs a visit nothing. The numbers in og:description are checked against the shipped
//      manifest here, by a computation of this test's own.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIRequestContext, Page } from '@playwright/test';
import { decodePng, type RgbImage } from '../../build/png';
import { expect, test } from '../fixtures';
import { openFixtures, recordRequests } from '../helpers';
import { DIST } from './testSite';

/** content of the <meta> whose `key` attribute is `name`; fails when there is not exactly one. */
async function meta(page: Page, key: 'name' | 'property', name: string): Promise<string> {
  const tag = page.locator(`head meta[${key}="${name}"]`);
  await expect(tag, `<meta ${key}="${name}">`).toHaveCount(1);
  return (await tag.getAttribute('content')) ?? '';
}

/** GET `url` as the browser's context would, and decode it as a PNG after checking status and type. */
async function fetchPng(request: APIRequestContext, url: string): Promise<{ image: RgbImage; body: Buffer }> {
  const response = await request.get(url);
  expect(response.status(), `${url}: status`).toBe(200);
  expect(response.headers()['content-type'], `${url}: content type`).toBe('image/png');
  const body = await response.body();
  return { image: decodePng(body), body };
}

/** How many pixels have exactly colour `hex` (#rrggbb). */
function count(image: RgbImage, hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  let n = 0;
  for (let p = 0; p < image.data.length; p += 3) if (image.data[p] === r && image.data[p + 1] === g && image.data[p + 2] === b) n++;
  return n;
}

/** Distinct grey levels (r = g = b): a sampled Fashion-MNIST grid has many; text, frames and a blank image have few. */
function greyLevels(image: RgbImage): number {
  const levels = new Set<number>();
  for (let p = 0; p < image.data.length; p += 3)
    if (image.data[p] === image.data[p + 1] && image.data[p] === image.data[p + 2]) levels.add(image.data[p]);
  return levels.size;
}

interface ShippedManifest {
  title: string;
  defaults: { steps: number };
  denoisers: { role: string; gflops: number; architecture?: { name?: string } }[];
}

test.describe('share previews', () => {
  test('the built page has a description, Open Graph and Twitter card tags; og:image and the favicon are PNGs served from the sub-path', async ({
    page,
    baseURL,
  }) => {
    const requested = recordRequests(page);
    await openFixtures(page);
    const pageUrl = page.url();

    await test.step('the tags', async () => {
      const description = await meta(page, 'name', 'description');
      expect(description.length, 'meta description length').toBeGreaterThan(50);
      expect(await meta(page, 'property', 'og:title')).toBe(await page.title());
      expect(await meta(page, 'property', 'og:type')).toBe('website');
      expect(await meta(page, 'name', 'twitter:card')).toBe('summary_large_image');
      const ogDescription = await meta(page, 'property', 'og:description');
      expect(ogDescription.startsWith(description), 'og:description starts with the page description').toBe(true);
      expect(await meta(page, 'name', 'twitter:description')).toBe(ogDescription);

      // The numbers in it: the page's default r (0.4 of the shipped set's default steps) and the
      // stitched plan's FLOPs over the large model's alone, from the shipped manifest's gflops.
      const m = JSON.parse(readFileSync(join(DIST, 'models/manifest.json'), 'utf8')) as ShippedManifest;
      const gflops = (role: string) => m.denoisers.find((d) => d.role === role)!.gflops;
      const steps = m.defaults.steps;
      const small = Math.round(0.4 * steps);
      const share = (small * gflops('small') + (steps - small) * gflops('large')) / (steps * gflops('large'));
      expect(ogDescription).toContain(
        `At r = ${Number((small / steps).toFixed(2))} the stitched run needs ${Math.round(share * 100)}% of the large model's FLOPs.`,
      );

      const alt = await meta(page, 'property', 'og:image:alt');
      for (const d of m.denoisers.filter((e) => e.role !== 'medium')) expect(alt).toContain(d.architecture?.name ?? '');
      expect(alt).toContain(`${small} of ${steps}`);
      expect(await meta(page, 'name', 'twitter:image:alt')).toBe(alt);
    });

    await test.step('og:image: 1200x630 as the tags say, served under the sub-path, a picture', async () => {
      const og = await meta(page, 'property', 'og:image');
      expect(await meta(page, 'name', 'twitter:image')).toBe(og);
      expect(await meta(page, 'property', 'og:image:type')).toBe('image/png');
      // Absolute when built with SITE_URL; this build has none, so relative to the page.
      const url = new URL(og, pageUrl).href;
      expect(url, 'og:image under the sub-path').toBe(new URL('og-image.png', baseURL).href);
      const { image, body } = await fetchPng(page.request, url);
      expect([image.width, image.height]).toEqual([
        Number(await meta(page, 'property', 'og:image:width')),
        Number(await meta(page, 'property', 'og:image:height')),
      ]);
      expect([image.width, image.height]).toEqual([1200, 630]);
      expect(body.equals(readFileSync(join(DIST, 'og-image.png'))), 'the bytes of the built og-image.png').toBe(true);
      // Both trajectories' frames in their role colours, and sampled images in between.
      expect(count(image, '#e69f00'), "pixels of the small model's orange").toBeGreaterThan(5_000);
      expect(count(image, '#0072b2'), "pixels of the large model's blue").toBeGreaterThan(5_000);
      expect(greyLevels(image), 'grey levels (sampled images)').toBeGreaterThan(100);
    });

    await test.step("the favicon: a 32x32 PNG with the icon's drawing", async () => {
      const icon = page.locator('head link[rel="icon"]');
      await expect(icon).toHaveCount(1);
      await expect(icon).toHaveAttribute('type', 'image/png');
      await expect(icon).toHaveAttribute('sizes', '32x32');
      const url = new URL((await icon.getAttribute('href'))!, pageUrl).href;
      expect(url.startsWith(baseURL!), `${url} under ${baseURL}`).toBe(true);
      const { image } = await fetchPng(page.request, url);
      expect([image.width, image.height]).toEqual([32, 32]);
      expect(count(image, '#0072b2'), 'background blue').toBeGreaterThan(300);
      expect(count(image, '#ffffff') + count(image, '#e69f00'), 'the white and orange stroke').toBeGreaterThan(20);
    });

    await test.step('a visit never fetches the share image, and the offline copy does not list it', async () => {
      expect(requested.filter((u) => u.includes('og-image'))).toEqual([]);
      const sw = await page.request.get(new URL('sw.js', baseURL).href);
      expect(sw.status()).toBe(200);
      const code = await sw.text();
      expect(code, 'sw.js names the shell').toContain('manifest.webmanifest');
      expect(code).not.toContain('og-image');
    });
  });
});
