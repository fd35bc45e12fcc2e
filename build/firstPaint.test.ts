import { describe, expect, it } from 'vitest';
import { LEDE, TITLE } from '../src/view/pageText';
import { firstPaint, shellHtml } from './firstPaint';

type Transform = (html: string, ctx: { filename: string }) => string;
const transform = firstPaint().transformIndexHtml as unknown as Transform;

describe('first paint', () => {
  it('puts the title and lede into index.html, escaped, and leaves other pages alone', () => {
    const out = transform('<body><div id="root"></div></body>', { filename: '/app/index.html' });
    expect(out).toContain(`<h1>${TITLE}</h1>`);
    expect(out).toContain(LEDE.replace(/&/g, '&amp;'));
    expect(out).toContain('class="shell-stuck"');
    expect(transform('<div id="root"></div>', { filename: '/app/bench.html' })).toBe('<div id="root"></div>');
    expect(shellHtml()).not.toMatch(/<script|style=/); // nothing the CSP would refuse
  });

  it('fails the build when index.html has no empty root to fill', () => {
    expect(() => transform('<div id="app"></div>', { filename: '/app/index.html' })).toThrow(/no empty/);
  });
});
