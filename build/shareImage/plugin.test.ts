import { describe, expect, it } from 'vitest';
import { pageDescriptionOf, shareTags, siteBase } from './plugin';

describe('share tags', () => {
  const image = { width: 1200, height: 630, description: 'At r = 0.4 it needs 62%.', alt: 'Two grids.' };

  it('SITE_URL becomes the page folder; anything but an http(s) address is refused', () => {
    expect(siteBase(undefined)).toBeUndefined();
    expect(siteBase('  ')).toBeUndefined();
    expect(siteBase('https://example.org/a/b')!.href).toBe('https://example.org/a/b/');
    expect(siteBase('https://example.org/a/index.html?x=1#y')!.href).toBe('https://example.org/a/');
    expect(siteBase('http://example.org')!.href).toBe('http://example.org/');
    expect(() => siteBase('example.org/app')).toThrow(/not an address/);
    expect(() => siteBase('ftp://example.org/')).toThrow(/http\(s\)/);
  });

  it('og:image is absolute with SITE_URL, relative to the page without; og:url only with it', () => {
    const get = (tags: [string, string, string][], name: string) => tags.find((t) => t[1] === name)?.[2];
    const absolute = shareTags(image, 'A demo.', siteBase('https://example.org/courses/tstitch/'));
    expect(get(absolute, 'og:image')).toBe('https://example.org/courses/tstitch/og-image.png');
    expect(get(absolute, 'twitter:image')).toBe('https://example.org/courses/tstitch/og-image.png');
    expect(get(absolute, 'og:url')).toBe('https://example.org/courses/tstitch/');
    const relative = shareTags(image, 'A demo.', undefined);
    expect(get(relative, 'og:image')).toBe('./og-image.png');
    expect(get(relative, 'og:url')).toBeUndefined();
    expect([get(relative, 'og:image:width'), get(relative, 'og:image:height')]).toEqual(['1200', '630']);
    expect(get(relative, 'og:description')).toBe('A demo. At r = 0.4 it needs 62%.');
    expect(get(relative, 'twitter:description')).toBe('A demo. At r = 0.4 it needs 62%.');
    expect([get(relative, 'og:image:alt'), get(relative, 'twitter:image:alt')]).toEqual(['Two grids.', 'Two grids.']);
  });

  it("reads the page's description from index.html, and says so when it is missing", () => {
    expect(pageDescriptionOf('<meta name="description" content="Small &amp; large." />')).toBe('Small & large.');
    expect(() => pageDescriptionOf('<title>x</title>')).toThrow(/needs <meta name="description"/);
  });
});
