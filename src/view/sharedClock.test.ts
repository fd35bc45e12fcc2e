import { describe, expect, it } from 'vitest';
import {
  advanceClock,
  catchUpRate,
  catchUpStart,
  clockTimes,
  doneAt,
  frameAtClock,
  liveFrontier,
  nextEventMs,
  previousEventMs,
  REPLAY_REAL_MS,
  replayDuration,
  replayScale,
  stepEvents,
  trackEnd,
  trackScale,
  type ClockTrack,
  type ClockTracks,
} from './sharedClock';

/** Cumulative times of steps taking `each` ms. */
const cumulative = (each: number[]) => each.map((_, i) => each.slice(0, i + 1).reduce((a, b) => a + b, 0));
const track = (each: number[], steps = each.length, finalMs?: number): ClockTrack => ({ times: cumulative(each), steps, finalMs });

// 2 small steps of 10 ms then 2 large of 100 ms, against 4 large: 220 ms against 400 ms.
const stitched = track([10, 10, 100, 100], 4, 220);
const baseline = track([100, 100, 100, 100], 4, 400);
const pair: ClockTracks = { stitched, baseline };

describe('scaling onto the final measured time', () => {
  it('leaves the steps as they are when the final time is their sum', () => {
    expect(trackScale(stitched)).toBe(1);
    expect(clockTimes(stitched)).toEqual([10, 20, 120, 220]);
  });

  it('stretches a retaken pair onto its final time, each step keeping its share', () => {
    const retaken = track([10, 10, 100, 100], 4, 330); // timed again without drawing: 1.5x slower
    expect(trackScale(retaken)).toBeCloseTo(1.5, 12);
    expect(clockTimes(retaken)).toEqual([15, 30, 180, 330].map((v) => expect.closeTo(v, 9)));
    expect(trackEnd(retaken)).toBeCloseTo(330, 9);
    const faster = track([100, 100], 2, 150); // a slow call retimed: the faster time counts
    expect(clockTimes(faster)).toEqual([75, 150]);
  });

  it('does not scale an unfinished trajectory or one without a final time yet', () => {
    expect(trackScale(track([10, 10], 4, 500))).toBe(1);
    expect(trackScale(track([10, 10, 10, 10], 4))).toBe(1);
    expect(trackScale({ times: [0, 0], steps: 2, finalMs: 10 })).toBe(1); // nothing to scale from
  });

  it('gives steps timed under the timer resolution a moment each', () => {
    const times = clockTimes({ times: [0, 5, 5, 5, 9], steps: 5 });
    expect(new Set(times).size).toBe(5);
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1]);
    expect(times[3] - 5).toBeLessThan(0.01);
    for (let i = 0; i < times.length; i++) expect(frameAtClock(times, times[i])).toBe(i);
  });
});

describe('which frame each trajectory shows', () => {
  it('shows the last step done by the clock, none before the first', () => {
    const times = clockTimes(stitched);
    expect(frameAtClock(times, 0)).toBe(-1);
    expect(frameAtClock(times, 9.99)).toBe(-1);
    expect(frameAtClock(times, 10)).toBe(0);
    expect(frameAtClock(times, 119)).toBe(1);
    expect(frameAtClock(times, 220)).toBe(3);
    expect(frameAtClock(times, 1e9)).toBe(3);
    expect(frameAtClock([], 50)).toBe(-1);
  });

  it('has the faster trajectory done first, by the ratio of the measured times', () => {
    const done = doneAt(pair);
    expect(done).toEqual({ stitched: 220, baseline: 400 });
    expect(done.baseline! / done.stitched!).toBeCloseTo(400 / 220, 12);
    expect(replayDuration(pair)).toBe(400);
    // Halfway between: stitched finished, the large-only one at its third step.
    expect(frameAtClock(clockTimes(stitched), 300)).toBe(3);
    expect(frameAtClock(clockTimes(baseline), 300)).toBe(2);
  });

  it('works the other way round too (a comparison faster than stitched)', () => {
    const slow = track([100, 100, 100, 100], 4, 400);
    const fewer = track([100, 100], 2, 200); // the large model alone with fewer steps
    const done = doneAt({ stitched: slow, baseline: fewer });
    expect(done).toEqual({ stitched: 400, baseline: 200 });
    expect(frameAtClock(clockTimes(fewer), 250)).toBe(1);
    expect(frameAtClock(clockTimes(slow), 250)).toBe(1);
  });

  it('is not done before it is finished', () => {
    expect(doneAt({ stitched: track([10, 10], 4), baseline })).toEqual({ stitched: null, baseline: 400 });
  });
});

describe('step events', () => {
  const events = stepEvents(pair);

  it('lists every recorded step of both in clock order', () => {
    expect(events.map((e) => `${e.trajectory[0]}${e.index}@${e.ms}`)).toEqual([
      's0@10',
      's1@20',
      'b0@100',
      's2@120',
      'b1@200',
      's3@220',
      'b2@300',
      'b3@400',
    ]);
  });

  it('puts the stitched step first at the same moment', () => {
    const tie = stepEvents({ stitched: track([50, 50]), baseline: track([50, 50]) });
    expect(tie.map((e) => `${e.trajectory[0]}${e.index}`)).toEqual(['s0', 'b0', 's1', 'b1']);
  });

  it('steps forward and back through them, the start before the first', () => {
    expect(nextEventMs(events, 0)).toBe(10);
    expect(nextEventMs(events, 10)).toBe(20);
    expect(nextEventMs(events, 150)).toBe(200);
    expect(nextEventMs(events, 400)).toBeNull();
    expect(previousEventMs(events, 400)).toBe(300);
    expect(previousEventMs(events, 101)).toBe(100);
    expect(previousEventMs(events, 10)).toBe(0);
    expect(previousEventMs(events, 0)).toBeNull();
  });

  it('visits every step of each trajectory, one press at a time', () => {
    const seen = { stitched: new Set<number>(), baseline: new Set<number>() };
    let at: number | null = 0;
    while ((at = nextEventMs(events, at)) !== null) {
      seen.stitched.add(frameAtClock(clockTimes(stitched), at));
      seen.baseline.add(frameAtClock(clockTimes(baseline), at));
    }
    expect([...seen.stitched].filter((i) => i >= 0).sort()).toEqual([0, 1, 2, 3]);
    expect([...seen.baseline].filter((i) => i >= 0).sort()).toEqual([0, 1, 2, 3]);
  });
});

describe('the replay scale', () => {
  it('replays at measured speed when that takes a few seconds', () => {
    expect(replayScale(3000)).toEqual({ rate: 1, words: 'at measured speed' });
    expect(replayScale(8000).rate).toBe(1);
  });

  it('slows a short run down by a power of two, and says so', () => {
    expect(replayScale(620)).toEqual({ rate: 1 / 8, words: 'at 1/8 of the measured speed' });
    expect(replayScale(12).words).toBe('at 1/256 of the measured speed');
  });

  it('speeds a long one up', () => {
    expect(replayScale(30_000)).toEqual({ rate: 4, words: 'at 4× the measured speed' });
  });

  it('always lands in the range of a few seconds', () => {
    for (const d of [0.5, 3, 7.9, 140, 2999, 8001, 45_000, 1e6]) {
      const real = d / replayScale(d).rate;
      expect(real).toBeGreaterThanOrEqual(REPLAY_REAL_MS.min);
      expect(real).toBeLessThanOrEqual(REPLAY_REAL_MS.max);
    }
    expect(replayScale(0).rate).toBe(1);
  });
});

describe('the live clock', () => {
  it('goes only as far as every trajectory still running has computed', () => {
    expect(liveFrontier({ stitched: track([]), baseline: track([]) })).toBe(0);
    expect(liveFrontier({ stitched: { ...track([10, 10, 100]), steps: 4 }, baseline: { ...track([100, 100]), steps: 4 } })).toBe(120);
    // Stitched finished: the large-only one alone decides.
    expect(liveFrontier({ stitched: track([10, 10, 100, 100]), baseline: { ...track([100, 100, 100]), steps: 4 } })).toBe(300);
    expect(liveFrontier(pair)).toBe(400);
  });

  it('moves towards the frontier at most at measured speed', () => {
    const tracks = { stitched: { ...track([10, 10, 100]), steps: 4 }, baseline: { ...track([100, 100]), steps: 4 } };
    const s = { clockMs: 100, motion: 'live' as const, rate: 1 };
    expect(advanceClock(s, 16, tracks)).toEqual({ ...s, clockMs: 116 });
    expect(advanceClock(s, 50, tracks)).toEqual({ ...s, clockMs: 120 }); // not past what is computed
    expect(advanceClock({ ...s, clockMs: 130 }, 16, tracks).clockMs).toBe(130); // never back
  });

  it('catches up and plays at its rate, and stops at the end', () => {
    const play = { clockMs: 100, motion: 'play' as const, rate: 1 / 8 };
    expect(advanceClock(play, 80, pair)).toEqual({ ...play, clockMs: 110 });
    expect(advanceClock({ ...play, clockMs: 399 }, 80, pair)).toEqual({ clockMs: 400, motion: null, rate: 1 / 8 });
    const catchUp = { clockMs: 220, motion: 'catch-up' as const, rate: 1 };
    expect(advanceClock(catchUp, 16, pair).clockMs).toBe(236);
    expect(advanceClock({ clockMs: 5, motion: null, rate: 1 }, 16, pair).clockMs).toBe(5);
  });

  it('catches up at measured speed, faster only when that would take long', () => {
    expect(catchUpRate(180)).toBe(1);
    expect(catchUpRate(8000)).toBe(4);
  });

  it('starts the catch-up where the live view was, never making a finished trajectory look unfinished', () => {
    // Live, on the steps' own times, stitched was done at 220; the retaken final times are longer.
    const live = { stitched: track([10, 10, 100, 100]), baseline: track([100, 100, 100, 100]) };
    const measured = { stitched: track([10, 10, 100, 100], 4, 250), baseline: track([100, 100, 100, 100], 4, 420) };
    expect(catchUpStart(230, live, measured)).toBe(250);
    expect(catchUpStart(100, live, measured)).toBe(100); // stitched not done yet there: the position stands
    expect(catchUpStart(1000, live, measured)).toBe(420);
  });
});
