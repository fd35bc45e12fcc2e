// How the page names each comparison (core/plan.ts Comparison): in the menu, on the right panel,
// on its canvases (accessible names), and in sentences.
import type { Comparison } from '../core';

export interface ComparisonText {
  /** The "Compare with" menu. */
  option: string;
  /** The right panel's heading and subheading. */
  title: string;
  subtitle: string;
  /** The canvases' accessible name ("Large-only trajectory"). */
  label: string;
  /** In a sentence: "faster than large-only". */
  name: string;
}

export const COMPARISON_TEXT: Record<Comparison, ComparisonText> = {
  'large-only': {
    option: 'Large model only',
    title: 'Large only',
    subtitle: 'large model at every step',
    label: 'Large-only trajectory',
    name: 'large-only',
  },
  'fewer-steps': {
    option: 'Large only, fewer steps (same cost)',
    title: 'Large only, fewer steps',
    subtitle: 'the same cost as stitched',
    label: 'Large-only trajectory',
    name: 'large-only with fewer steps',
  },
  'large-first': {
    option: 'Large first, then small',
    title: 'Large first',
    subtitle: 'the same steps, large model first',
    label: 'Large-first trajectory',
    name: 'large-first',
  },
  interleaved: {
    option: 'Interleaved (taking turns)',
    title: 'Interleaved',
    subtitle: 'the same steps, models taking turns',
    label: 'Interleaved trajectory',
    name: 'interleaved',
  },
};
