// The shared clock's driver and the replay's controls, on a real store and recorder with fake
// animation frames: each frame is run by the test, at the real time it says.
import { beforeEach, describe, expect, it } from 'vitest';
import type { ModelRole } from '../core';
import type { Trajectory } from '../worker/protocol';
import { replayScale } from '../view/sharedClock';
import { defaultSettings } from '../view/settings';
import { MAX_FRAME_MS, pause, play, replayNow, seek, startClockDriver, stepTo, togglePlay, type FrameScheduler } from './clock';
import { createRecorder, type Recorder } from './recorder';
import { createAppStore, type AppStore } from './store';

/** Animation frames the test runs: `frame(ms)` calls what is waiting, `ms` after the last frame. */
function fakeFrames() {
  const waiting = new Map<number, (now: number) => void>();
  let id = 0;
  let now = 1000;
  const frames: FrameScheduler = {
    request: (callback) => (waiting.set(++id, callback), id),
    cancel: (handle) => void waiting.delete(handle),
  };
  const frame = (ms: number) => {
    now += ms;
    const due = [...waiting.values()];
    waiting.clear();
    due.forEach((callback) => callback(now));
  };
  return { frames, frame, waiting: () => waiting.size };
}

const STEPS = 2;
/** Each trajectory's model time at each step, ms: stitched is done at 200, the other at 600. */
const TIMES: Record<Trajectory, number[]> = { stitched: [100, 200], baseline: [300, 600] };
const DURATION = 600;
const calls: Record<ModelRole, number> = { small: 0, medium: 0, large: STEPS };

let store: AppStore;
let recorder: Recorder;
let fake: ReturnType<typeof fakeFrames>;
let stop: () => void;

function startRun(): void {
  const settings = { ...defaultSettings(), steps: STEPS, smallSteps: 0, mediumSteps: 0 };
  const plan = { steps: STEPS, counts: { small: 0, medium: 0, large: STEPS }, order: 'small-first' as const };
  recorder.reset({ stitched: STEPS, baseline: STEPS }, 1);
  store.getState().startRun({ settings, classes: [0], plans: { stitched: plan, baseline: plan } });
}

function record(trajectory: Trajectory, index: number): void {
  const elapsedMs = TIMES[trajectory][index];
  const image = { channels: 1, height: 1, width: 1 };
  recorder.record(trajectory, {
    type: 'step',
    id: 1,
    trajectory,
    index,
    steps: STEPS,
    t: 0,
    role: 'large',
    elapsedMs,
    image,
    x: new Float32Array(1),
    x0: new Float32Array(1),
  });
  store.getState().setProgress(trajectory, index, elapsedMs);
}

/** Both trajectories recorded and timed (the run is not finished yet). */
function recordAll(): void {
  for (const t of ['stitched', 'baseline'] as const) {
    for (let i = 0; i < STEPS; i++) record(t, i);
    store.getState().setTiming(t, TIMES[t][STEPS - 1], calls, calls);
  }
}

/** A finished run standing at its end (its catch-up done). */
function finished(): void {
  startRun();
  recordAll();
  store.getState().finishRun('done');
  seek(store, DURATION);
}

const clock = () => store.getState().clockMs;
const motion = () => store.getState().clockMotion;

beforeEach(() => {
  store = createAppStore();
  recorder = createRecorder();
  fake = fakeFrames();
  stop = startClockDriver(store, recorder, fake.frames);
});

describe('the clock driver', () => {
  it('asks for no frame while the clock stands still', () => {
    expect(fake.waiting()).toBe(0);
    store.getState().setClock(5);
    expect(fake.waiting()).toBe(0);
  });

  it('live: follows the run up to what both have computed, at most at measured speed', () => {
    startRun();
    expect(motion()).toBe('live');
    fake.frame(16); // a loop's first frame moves nothing
    expect(clock()).toBe(0);
    fake.frame(16);
    expect(clock()).toBe(0); // nothing computed yet
    record('stitched', 0); // 100
    fake.frame(50);
    expect(clock()).toBe(0); // the other has computed nothing yet
    record('baseline', 0); // 300: both have computed up to 100
    fake.frame(16);
    expect(clock()).toBe(0); // 82 ms since the last write: the store is written every LIVE_WRITE_MS, not at every frame
    fake.frame(50);
    expect(clock()).toBe(100); // 132 ms of real time, and no further than the frontier
    record('stitched', 1); // stitched done at 200: the frontier is the other's latest, 300
    fake.frame(1000); // a hidden tab: the clock moves on, it does not jump
    expect(clock()).toBe(100 + MAX_FRAME_MS);
    for (let i = 0; i < 10; i++) fake.frame(50);
    expect(clock()).toBe(300);
    expect(motion()).toBe('live');
    expect(fake.waiting()).toBe(1);
  });

  it('catch-up: a finished run runs on from the live position to its end, then stops', () => {
    startRun();
    recordAll();
    fake.frame(16);
    for (let i = 0; i < 3; i++) fake.frame(50);
    expect(clock()).toBe(100); // written at 100 ms; the last 50 wait for the next write
    store.getState().finishRun('done');
    expect(store.getState()).toMatchObject({ clockMs: 100, clockMotion: 'catch-up', clockRate: 1 }); // 500 ms at measured speed
    expect(fake.waiting()).toBe(1);
    fake.frame(16); // the new loop's first frame
    expect(clock()).toBe(100);
    for (let i = 0; i < 4; i++) fake.frame(100); // a replay's clock is written at every frame
    expect(clock()).toBe(500);
    fake.frame(100);
    expect(store.getState()).toMatchObject({ clockMs: DURATION, clockMotion: null });
    expect(fake.waiting()).toBe(0);
  });

  it('catch-up with no live clock opens on the end, and without a recording there is no clock', () => {
    startRun();
    recordAll();
    store.getState().setClock(null, 'live');
    store.getState().finishRun('done');
    expect(store.getState()).toMatchObject({ clockMs: DURATION, clockMotion: null });
    expect(fake.waiting()).toBe(0);
    recorder.clear();
    store.getState().setClock(10, 'catch-up', 1);
    expect(store.getState()).toMatchObject({ clockMs: null, clockMotion: null });
  });

  it('stops when disposed', () => {
    startRun();
    expect(fake.waiting()).toBe(1);
    stop();
    expect(fake.waiting()).toBe(0);
    record('stitched', 0);
    record('baseline', 0);
    store.getState().setClock(0, 'play', 1);
    expect(fake.waiting()).toBe(0);
  });
});

describe('the replay controls', () => {
  it('play from the end starts again from the start, at the replay scale, and stops at the end', () => {
    finished();
    expect(replayNow(store, recorder)).toMatchObject({ duration: DURATION, enabled: true, playing: false, atEnd: true });
    play(store, recorder);
    const { rate } = replayScale(DURATION);
    expect(store.getState()).toMatchObject({ clockMs: 0, clockMotion: 'play', clockRate: rate });
    fake.frame(16);
    fake.frame(100);
    expect(clock()).toBeCloseTo(100 * rate);
    for (let i = 0; i < DURATION / rate / 100; i++) fake.frame(100);
    expect(store.getState()).toMatchObject({ clockMs: DURATION, clockMotion: null });
    expect(fake.waiting()).toBe(0);
  });

  it('play from the middle goes on from there', () => {
    finished();
    seek(store, 250);
    play(store, recorder);
    expect(store.getState()).toMatchObject({ clockMs: 250, clockMotion: 'play' });
  });

  it('pause stops the clock where it is', () => {
    finished();
    play(store, recorder);
    fake.frame(16);
    for (let i = 0; i < 5; i++) fake.frame(100);
    const at = clock()!;
    expect(at).toBeGreaterThan(0);
    pause(store, recorder);
    expect(store.getState()).toMatchObject({ clockMs: at, clockMotion: null });
    expect(fake.waiting()).toBe(0);
    fake.frame(100);
    expect(clock()).toBe(at);
  });

  it('the toggle plays and pauses a finished run, pauses its catch-up, and does nothing before one', () => {
    startRun();
    togglePlay(store, recorder);
    expect(motion()).toBe('live'); // running: nothing to replay
    recordAll();
    fake.frame(16);
    fake.frame(100);
    store.getState().finishRun('done');
    expect(motion()).toBe('catch-up');
    togglePlay(store, recorder);
    expect(store.getState()).toMatchObject({ clockMs: 100, clockMotion: null });
    togglePlay(store, recorder);
    expect(store.getState()).toMatchObject({ clockMs: 100, clockMotion: 'play' });
    togglePlay(store, recorder);
    expect(store.getState()).toMatchObject({ clockMs: 100, clockMotion: null });
  });

  it('play does nothing without a finished run', () => {
    play(store, recorder);
    expect(motion()).toBeNull();
    startRun();
    store.getState().finishRun('cancelled');
    play(store, recorder);
    expect(store.getState()).toMatchObject({ clockMs: null, clockMotion: null });
  });

  it('stepTo lands on each step of either trajectory in clock order, and stops there', () => {
    finished();
    seek(store, 0);
    const seen: (number | null)[] = [];
    for (let i = 0; i < 5; i++) seen.push(stepTo(store, recorder, 'next'));
    expect(seen).toEqual([100, 200, 300, 600, null]);
    expect(store.getState()).toMatchObject({ clockMs: DURATION, clockMotion: null });
    play(store, recorder); // from the start again
    fake.frame(16);
    fake.frame(100);
    expect(stepTo(store, recorder, 'next')).toBe(100);
    expect(motion()).toBeNull();
    expect(stepTo(store, recorder, 'previous')).toBe(0); // the start: nothing done yet
    expect(stepTo(store, recorder, 'previous')).toBeNull();
    expect(clock()).toBe(0);
    seek(store, 450);
    expect(stepTo(store, recorder, 'previous')).toBe(300);
  });
});
