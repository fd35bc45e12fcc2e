// The lesson (issue 27): eight short pages over the live page, each one state of the page and two or
// three sentences. This is its pure core: what each page sets and outlines, and its sentences,
// written from the numbers of the run on screen, the manifest and the evaluation file. A number
// not measured yet is said to be missing; a run that contradicts a page's claim gets a sentence
// that says what the run shows instead. The page runtime applies a page's state and the
// components draw it (src/page/lessonRun.ts, src/ui/lesson/).
import { formatSeconds, formatSpeedup, speedup } from './format';

/** What a page's sentences may use: each from the run shown, the manifest or the evaluation; undefined while not there. */
export interface LessonFacts {
  steps?: number;
  /** Steps the small model takes (the first ones). */
  smallSteps?: number;
  seed?: number;
  /** The comparison's name ("large-only", ...). */
  comparison?: string;
  /** Wall-clock ms of each trajectory, once the run is done. */
  stitchedMs?: number;
  otherMs?: number;
  /** Mean absolute difference of the two final predicted images (pixel values in [-1, 1], so 0 to 2; draw.ts meanAbsDiff). */
  meanDifference?: number;
  /** Cosine similarity of the two models' outputs (ε) at the first and last step (the agreement measurement). */
  agreement?: { first: number; last: number; steps: number };
  /** FID of small-first stitching at r = 0 and at the run's r, from the evaluation file (same samples). */
  quality?: { r: number; fidAtZero: number; fidAtR: number; largestR?: { r: number; fid: number } };
  /** FID of large-first and small-first at the same r (evaluation file). */
  order?: { r: number; smallFirst: number; largeFirst: number };
}

/** A folded section a page opens (its Fold id); presentation mode shows it beside the panels. */
export type LessonSection = 'tradeoff' | 'why';
/** What a page outlines: the elements marked with that name in their `data-lesson` attribute. */
export type LessonOutline = 'panels' | 'predictions' | 'timeline' | 'difference' | 'headline' | 'quality' | 'agreement';

/** What a page sets on the page before it speaks: the replay's position, a folded section to open, a measurement. */
export interface LessonState {
  /** Where the shared clock stands: the start, the hand-off (the small model's last step) or the end. */
  replay: 'start' | 'hand-off' | 'end';
  section?: LessonSection;
  outline: LessonOutline;
  /** A measurement the page needs and starts if it has not been made for the run shown. */
  measure?: 'agreement';
}

export interface LessonPage {
  heading: string;
  state: LessonState;
  sentences(f: LessonFacts): string[];
  /** For the teacher: what to point at and ask (folded, hidden in presentation mode unless asked for). */
  notes: string;
}

const r2 = (x: number) => x.toFixed(2);
/** A measured r as the evaluation file and its table write it (0.4, 1). */
const rMeasured = (x: number) => String(Number(x.toFixed(2)));
const NOT_YET = (what: string) => `${what} is not measured yet: it shows here once it is.`;

function sameNoise(f: LessonFacts): string[] {
  const other = f.comparison ?? 'large-only';
  if (f.steps === undefined || f.smallSteps === undefined) return ['Both trajectories start from the same noise.', NOT_YET('The run')];
  return [
    `Both trajectories start from the same noise${f.seed !== undefined ? ` (seed ${f.seed})` : ''} and take ${f.steps} steps.`,
    `Left, stitched: the small model takes the first ${f.smallSteps}, the large model the rest. Right, ${other}: the comparison.`,
  ];
}

function layout(f: LessonFacts): string[] {
  return [
    `At the hand-off${f.smallSteps !== undefined ? `, after step ${f.smallSteps}` : ''}, the small model's prediction of the final image (x̂₀) already has its shape.`,
    'Beside it, the large model’s own prediction at the same moment of the clock: compare the outlines, not the detail.',
  ];
}

function handOff(f: LessonFacts): string[] {
  if (f.steps === undefined || f.smallSteps === undefined) return [NOT_YET('The run')];
  const r = f.smallSteps / f.steps;
  return [
    `The timeline is coloured by model: ${f.smallSteps} of ${f.steps} steps on the small model (r = ${r2(r)}), then ${f.steps - f.smallSteps} on the large.`,
    f.smallSteps === 0
      ? 'With r = 0 nothing is stitched: both trajectories are the large model.'
      : 'The large model takes over from the small one’s image, as it is.',
  ];
}

function samePicture(f: LessonFacts): string[] {
  if (f.meanDifference === undefined) return [NOT_YET('The difference between the two final images')];
  const d = f.meanDifference;
  const said = `The difference image is black where the two final images agree; their mean absolute difference is ${d.toFixed(4)} (pixel values run from -1 to 1).`;
  // 0.1 is about 13 grey levels of 255 on average: a difference a room sees. The sentence says no
  // number the page does not show (the lesson's numbers are the page's).
  return d <= 0.1
    ? [said, 'The large model ends on nearly the same picture.']
    : [said, 'Here they differ visibly, pixel by pixel: try a smaller r, or a seed of your own.'];
}

function timeSaved(f: LessonFacts): string[] {
  const other = f.comparison ?? 'large-only';
  if (f.stitchedMs === undefined || f.otherMs === undefined) return [NOT_YET('The time each trajectory took')];
  const x = speedup(f.stitchedMs, f.otherMs);
  const times = `Stitched took ${formatSeconds(f.stitchedMs)}, ${other} ${formatSeconds(f.otherMs)}.`;
  if (x === null) return [times];
  if (x < 1)
    return [
      times,
      `This run the stitched trajectory was the slower one (${formatSpeedup(x)}): on this device the small model did not save time. Generate again, or measure this device under “For researchers”.`,
    ];
  return [times, `Stitched is ${formatSpeedup(x)} faster: the small model's steps are cheaper.`];
}

function howFar(f: LessonFacts): string[] {
  if (!f.quality) return ['The measured quality curve is not there for these models (the evaluation file covers the shipped ones).'];
  const q = f.quality;
  const worse = q.fidAtR - q.fidAtZero;
  const first =
    worse <= 0
      ? `Measured on these models (the evaluation file): FID ${q.fidAtR.toFixed(2)} at r = ${rMeasured(q.r)}, no worse than ${q.fidAtZero.toFixed(2)} with the large model alone.`
      : `Measured on these models (the evaluation file): FID rises from ${q.fidAtZero.toFixed(2)} with the large model alone to ${q.fidAtR.toFixed(2)} at r = ${rMeasured(q.r)} (lower is better).`;
  return q.largestR
    ? [first, `At r = ${rMeasured(q.largestR.r)} it is ${q.largestR.fid.toFixed(2)}: past some r the small model's mistakes show.`]
    : [first];
}

function why(f: LessonFacts): string[] {
  if (!f.agreement) return ['Why it works: the two models were trained on the same data.', NOT_YET('Their agreement step by step')];
  const { first, last, steps } = f.agreement;
  const measured = `The two models' outputs agree ${first.toFixed(3)} at step 1 and ${last.toFixed(3)} at step ${steps} (cosine similarity, 1 = identical).`;
  return first >= last
    ? [measured, 'They agree most at the noisy start, where the layout is decided: that is where the small model can stand in.']
    : [
        measured,
        'In this run they do not agree more at the start than at the end, as the paper found they do: the small model’s early steps are less of a stand-in here.',
      ];
}

function order(f: LessonFacts): string[] {
  if (!f.order)
    return ['Which model goes first matters.', 'The evaluation file has no large-first measurement at this r for these models.'];
  const o = f.order;
  const measured = `At r = ${rMeasured(o.r)}, small-first scores FID ${o.smallFirst.toFixed(2)} and large-first ${o.largeFirst.toFixed(2)} (evaluation file, lower is better).`;
  return o.smallFirst < o.largeFirst
    ? [measured, 'The small model belongs at the start: the same steps at the end cost detail.']
    : [measured, 'On these models large-first does as well or better at this r: the evaluation does not support the paper’s order here.'];
}

/** The lesson's pages, in order; the page number in the link (lesson=N) counts from 1. */
export const LESSON: readonly LessonPage[] = [
  {
    heading: 'Same noise, two ways',
    state: { replay: 'end', outline: 'panels' },
    sentences: sameNoise,
    notes: 'Point at the two panels. Ask: which one do you think was faster?',
  },
  {
    heading: 'The small model draws the layout',
    state: { replay: 'hand-off', outline: 'predictions' },
    sentences: layout,
    notes: 'The replay stands at the hand-off: compare the two predicted images (x0) in each panel.',
  },
  {
    heading: 'The hand-off',
    state: { replay: 'hand-off', outline: 'timeline' },
    sentences: handOff,
    notes: 'Drag the r slider and watch the colours of the timeline move.',
  },
  {
    heading: 'The same picture at the end',
    state: { replay: 'end', section: 'why', outline: 'difference' },
    sentences: samePicture,
    notes: 'The difference image: black is the same pixel. Ask what a bigger r would do to it.',
  },
  {
    heading: 'The time saved',
    state: { replay: 'start', outline: 'headline' },
    sentences: timeSaved,
    notes: 'Press Play: both run on one clock; the stitched one is done first.',
  },
  {
    heading: 'How far can r go?',
    state: { replay: 'end', section: 'tradeoff', outline: 'quality' },
    sentences: howFar,
    notes:
      'The curve is the measured FID of these models. “How far can you push r?” runs this very noise at several r: a good question for the room.',
  },
  {
    heading: 'Why it works',
    state: { replay: 'end', section: 'why', outline: 'agreement', measure: 'agreement' },
    sentences: why,
    notes: 'The paper’s Fig. 3, measured here: the models agree at the noisy start.',
  },
  {
    heading: 'Order matters',
    state: { replay: 'end', section: 'tradeoff', outline: 'quality' },
    sentences: order,
    notes: 'In the paper, large-first at the same r costs the same and scores worse; the sentence says what this evaluation found.',
  },
];

/** The section the lesson's page `page` (1-based) holds open, if any; none without a lesson. */
export function lessonSection(page: number | null): LessonSection | undefined {
  return page === null ? undefined : LESSON[page - 1]?.state.section;
}

/** A link's lesson page (1-based), or null for none or an out-of-range value. */
export function lessonPageFromLink(value: string | null): number | null {
  if (value === null || !/^\d+$/.test(value)) return null;
  const n = Number(value);
  return n >= 1 && n <= LESSON.length ? n : null;
}
