// The lesson's runtime on a real store and recorder, with a fake link and fake measurements: what
// each page sets, what the link says, and that leaving puts the page back.
import { beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import type { ModelRole } from '../core';
import type { Trajectory } from '../worker/protocol';
import { defaultSettings } from '../view/settings';
import { LESSON } from '../view/lesson';
import { createLessonRun, lessonClockMs, type LessonRun } from './lessonRun';
import { createRecorder, type Recorder } from './recorder';
import { createAppStore, type AppStore } from './store';
import type { Link } from './urlSync';

const STEPS = 4;
const SMALL = 2;
/** Model time at each step, ms: stitched (2 small, 2 large) is done at 60, large-only at 100. */
const TIMES: Record<Trajectory, number[]> = { stitched: [10, 20, 40, 60], baseline: [25, 50, 75, 100] };

let store: AppStore;
let recorder: Recorder;
let link: Link & { href: string };
let measurements: { measureAgreement: Mock<() => Promise<void>>; cancelAgreement: Mock<() => void> };
let lesson: LessonRun;

function fakeLink(href: string): Link & { href: string } {
  const l = { href, replace: (h: string) => void (l.href = h) };
  return l;
}

/** A finished run of TIMES; standing at `clockMs` if given (else where finishing left it). */
function finishedRun(clockMs?: number | null): void {
  const settings = { ...defaultSettings(), steps: STEPS, smallSteps: SMALL, mediumSteps: 0 };
  const stitched = { steps: STEPS, counts: { small: SMALL, medium: 0, large: STEPS - SMALL }, order: 'small-first' as const };
  const baseline = { steps: STEPS, counts: { small: 0, medium: 0, large: STEPS }, order: 'small-first' as const };
  recorder.reset({ stitched: STEPS, baseline: STEPS }, 1);
  store.getState().startRun({ settings, classes: [0], plans: { stitched, baseline } });
  const image = { channels: 1, height: 1, width: 1 };
  const calls: Record<ModelRole, number> = { small: 0, medium: 0, large: STEPS };
  for (const trajectory of ['stitched', 'baseline'] as const) {
    TIMES[trajectory].forEach((elapsedMs, index) =>
      recorder.record(trajectory, {
        ...{ type: 'step', id: 1, trajectory, index, steps: STEPS, t: 0, role: 'large', elapsedMs, image },
        x: new Float32Array(1),
        x0: new Float32Array(1),
      }),
    );
    store.getState().setTiming(trajectory, TIMES[trajectory].at(-1)!, calls, calls);
  }
  store.getState().finishRun('done');
  if (clockMs !== undefined) store.getState().setClock(clockMs);
}

const page = () => store.getState().lessonPage;
const clock = () => store.getState().clockMs;
const param = () => new URL(link.href).searchParams.get('lesson');
const at = (heading: string) => LESSON.findIndex((p) => p.heading === heading) + 1;

beforeEach(() => {
  store = createAppStore();
  recorder = createRecorder();
  link = fakeLink('https://example.test/demo/?r=0.5&seed=3');
  measurements = { measureAgreement: vi.fn(async () => undefined), cancelAgreement: vi.fn(() => undefined) };
  lesson = createLessonRun({ store, recorder, measurements, link });
});

describe('the lesson runtime', () => {
  it('puts the clock at the start, the hand-off and the end', () => {
    finishedRun();
    const s = store.getState();
    expect(lessonClockMs(s, recorder, 'start')).toBe(0);
    expect(lessonClockMs(s, recorder, 'end')).toBe(100);
    expect(lessonClockMs(s, recorder, 'hand-off')).toBe(20); // the stitched trajectory's second (last small) step
    store.getState().startRun(store.getState().run!);
    expect(lessonClockMs(store.getState(), recorder, 'end')).toBeNull(); // a run in flight: the live view stays
  });

  it('each page sets its clock and the link says its number', () => {
    finishedRun();
    lesson.goTo(1);
    expect([page(), clock(), param()]).toEqual([1, 100, '1']);
    lesson.next();
    expect([page(), clock(), param()]).toEqual([2, 20, '2']);
    lesson.goTo(at('The time saved'));
    expect(clock()).toBe(0);
    lesson.back();
    expect(page()).toBe(at('The time saved') - 1);
    expect(link.href).toContain('r=0.5&seed=3'); // the settings stay in the link
  });

  it('stays within the pages', () => {
    lesson.goTo(LESSON.length);
    lesson.next();
    expect(page()).toBe(LESSON.length);
    lesson.goTo(1);
    lesson.back();
    expect(page()).toBe(1);
  });

  it('leaving puts the clock back and drops lesson= from the link', () => {
    finishedRun(37);
    lesson.goTo(2);
    lesson.next();
    lesson.leave();
    expect([page(), clock(), param()]).toEqual([null, 37, null]);
    expect(link.href).toBe('https://example.test/demo/?r=0.5&seed=3');
  });

  it('leaves a new run’s clock alone', () => {
    finishedRun(37);
    lesson.goTo(1);
    finishedRun(80); // Generate during the lesson
    lesson.leave();
    expect(clock()).toBe(80);
  });

  it('a run that finishes while a page is on gets the page’s state', () => {
    lesson.goTo(2);
    expect(clock()).toBeNull(); // nothing to replay yet
    finishedRun(); // finishing sets the clock to catch up; the page stops it at the hand-off
    expect(clock()).toBe(20);
    expect(store.getState().clockMotion).toBeNull();
  });

  it('the agreement page measures once per run, and leaving stops a measurement it started', () => {
    finishedRun();
    lesson.goTo(at('Why it works'));
    expect(measurements.measureAgreement).toHaveBeenCalledTimes(1);
    store.getState().startAgreement();
    lesson.next();
    lesson.back(); // running: not started again
    expect(measurements.measureAgreement).toHaveBeenCalledTimes(1);
    lesson.leave();
    expect(measurements.cancelAgreement).toHaveBeenCalledTimes(1);
  });

  it('opens the link’s page once the settings are read', () => {
    link.href = 'https://example.test/demo/?lesson=3';
    store.getState().initSettings({ settings: defaultSettings(), problems: [], fromUrl: false });
    expect(page()).toBe(3);
  });

  it('says so when lesson= is no page, and drops it from the link', () => {
    link.href = 'https://example.test/demo/?steps=8&lesson=12';
    store.getState().initSettings({ settings: defaultSettings(), problems: [], fromUrl: true });
    expect(page()).toBeNull();
    expect(store.getState().urlProblems).toEqual(['lesson="12" is not a page of the lesson (1 to 8); the lesson is not opened.']);
    expect(link.href).toBe('https://example.test/demo/?steps=8');
  });
});
