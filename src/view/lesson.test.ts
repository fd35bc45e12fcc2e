import { describe, expect, it } from 'vitest';
import { LESSON, lessonPageFromLink, lessonSection, type LessonFacts } from './lesson';

/** A run that agrees with every page's claim. */
const agreeing: LessonFacts = {
  steps: 50,
  smallSteps: 20,
  seed: 7,
  comparison: 'large-only',
  stitchedMs: 1200,
  otherMs: 1800,
  meanDifference: 0.012,
  agreement: { first: 0.998, last: 0.61, steps: 50 },
  quality: { r: 0.4, fidAtZero: 10.5, fidAtR: 11.2, largestR: { r: 0.8, fid: 19.3 } },
  order: { r: 0.4, smallFirst: 11.2, largeFirst: 24.9 },
};

const page = (heading: string) => LESSON.find((p) => p.heading === heading)!;
const text = (heading: string, f: LessonFacts) => page(heading).sentences(f).join(' ');

describe('the lesson', () => {
  it('has eight pages, each with two or three sentences (or fewer while numbers are missing), a state and notes', () => {
    expect(LESSON).toHaveLength(8);
    for (const p of LESSON) {
      const s = p.sentences(agreeing);
      expect(s.length, p.heading).toBeGreaterThanOrEqual(1);
      expect(s.length, p.heading).toBeLessThanOrEqual(3);
      expect(p.notes.length).toBeGreaterThan(0);
    }
  });

  it('writes its numbers from the facts, never from the text', () => {
    expect(text('Same noise, two ways', agreeing)).toContain('seed 7');
    expect(text('Same noise, two ways', agreeing)).toContain('the first 20');
    expect(text('The hand-off', agreeing)).toContain('20 of 50 steps on the small model (r = 0.40), then 30 on the large');
    expect(text('The same picture at the end', agreeing)).toContain('0.0120');
    expect(text('The time saved', agreeing)).toBe(
      "Stitched took 1.20 s, large-only 1.80 s. Stitched is 1.50× faster: the small model's steps are cheaper.",
    );
    expect(text('How far can r go?', agreeing)).toContain('from 10.50 with the large model alone to 11.20 at r = 0.4');
    expect(text('Why it works', agreeing)).toContain('0.998 at step 1 and 0.610 at step 50');
    expect(text('Order matters', agreeing)).toContain('small-first scores FID 11.20 and large-first 24.90');
  });

  it('says a number is not measured yet instead of inventing one', () => {
    for (const p of LESSON) {
      const s = p.sentences({}).join(' ');
      expect(s, p.heading).not.toMatch(/\d\.\d/);
    }
    expect(text('The time saved', {})).toContain('not measured yet');
    expect(text('Why it works', {})).toContain('not measured yet');
    expect(text('How far can r go?', {})).toContain('not there for these models');
  });

  it('gives the honest sentence when the run contradicts the page’s claim', () => {
    expect(text('The time saved', { ...agreeing, stitchedMs: 2000, otherMs: 1800 })).toContain(
      'This run the stitched trajectory was the slower one (0.90×)',
    );
    expect(text('The time saved', { ...agreeing, stitchedMs: 2000, otherMs: 1800 })).not.toContain('faster');
    expect(text('The same picture at the end', { ...agreeing, meanDifference: 0.2 })).toContain(
      'Here they differ visibly, pixel by pixel: try a smaller r',
    );
    expect(text('Why it works', { ...agreeing, agreement: { first: 0.5, last: 0.9, steps: 50 } })).toContain(
      'In this run they do not agree more at the start than at the end',
    );
    expect(text('Order matters', { ...agreeing, order: { r: 0.4, smallFirst: 20, largeFirst: 18 } })).toContain(
      'the evaluation does not support the paper’s order here',
    );
    expect(text('How far can r go?', { ...agreeing, quality: { r: 0.4, fidAtZero: 12, fidAtR: 11 } })).toContain(
      'no worse than 12.00 with the large model alone',
    );
    expect(text('The hand-off', { ...agreeing, smallSteps: 0 })).toContain('With r = 0 nothing is stitched');
  });

  it('names the section a page holds open', () => {
    expect(lessonSection(null)).toBeUndefined();
    expect(lessonSection(LESSON.findIndex((p) => p.heading === 'Why it works') + 1)).toBe('why');
    expect(lessonSection(1)).toBeUndefined();
  });

  it('reads a page number from a link, and refuses what is not one', () => {
    expect(lessonPageFromLink('3')).toBe(3);
    expect(lessonPageFromLink('8')).toBe(8);
    for (const bad of [null, '', '0', '9', '-1', '2.5', '3x', ' 3']) expect(lessonPageFromLink(bad), String(bad)).toBeNull();
  });
});
