// One clock for both trajectories (pure, no React): a position is milliseconds of measured model
// time, and each trajectory shows the last step it had finished by then. So at any position the
// faster trajectory is further along, and it is done when the clock reaches its measured time:
// the time saved, seen as time. Used by the clock's driver and the replay (src/page/clock.ts) and by the live view.
import type { Trajectory } from '../worker/protocol';

/** What the clock needs of one trajectory. */
export interface ClockTrack {
  /** Model time up to and including each recorded step, ms, as the worker reported it (StepFrame.elapsedMs). */
  times: readonly number[];
  /** The steps the trajectory has (its plan). */
  steps: number;
  /** Its final measured time (store.timings), once reported. */
  finalMs?: number;
}

export type ClockTracks = Record<Trajectory, ClockTrack>;

export const TRAJECTORIES: readonly Trajectory[] = ['stitched', 'baseline'];

/**
 * Steps timed under the timer's resolution would share one moment, and the clock could never show
 * the first of them: each is placed this far after the one before (a microsecond, invisible).
 */
const TIE_MS = 1e-3;

export function isComplete(track: ClockTrack): boolean {
  return track.steps > 0 && track.times.length >= track.steps;
}

/**
 * The factor that puts a finished trajectory's steps on its final time: final / the last step's time.
 * They differ when the worker timed a slow call again (the faster time counts) or timed the whole
 * pair once more without drawing (`retaken`): the steps keep their shares, the end is the measurement.
 * 1 until both are known.
 */
export function trackScale(track: ClockTrack): number {
  const last = track.times[track.times.length - 1];
  const final = track.finalMs;
  if (final === undefined || !isComplete(track) || !(last > 0) || !(final > 0)) return 1;
  return final / last;
}

/** Clock times already worked out, per track object (a track is never changed once made). */
const timesOf = new WeakMap<ClockTrack, readonly number[]>();

/** Where each recorded step lands on the clock: scaled (trackScale) and strictly increasing. */
export function clockTimes(track: ClockTrack): readonly number[] {
  const kept = timesOf.get(track);
  if (kept) return kept;
  const out = computeClockTimes(track);
  timesOf.set(track, out);
  return out;
}

function computeClockTimes(track: ClockTrack): number[] {
  const k = trackScale(track);
  const last = track.times.length - 1;
  const out: number[] = [];
  let previous = -Infinity;
  for (const [i, ms] of track.times.entries()) {
    // The last step of a scaled one lands on its final time exactly (no rounding off the ratio).
    const at = Math.max(i === last && k !== 1 ? track.finalMs! : ms * k, previous + TIE_MS);
    out.push(at);
    previous = at;
  }
  return out;
}

/** The step shown at clock `ms` (0-based): the last one done by then; -1 before the first is done. */
export function frameAtClock(times: readonly number[], ms: number): number {
  let lo = 0;
  let hi = times.length; // first index whose time is after ms
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] <= ms) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Where a trajectory ends on the clock (its final time when finished), or its latest step's time so far. */
export function trackEnd(track: ClockTrack): number {
  const times = clockTimes(track);
  return times.length > 0 ? times[times.length - 1] : 0;
}

/** The replay's length: the slower trajectory's end. */
export function replayDuration(tracks: ClockTracks): number {
  return Math.max(...TRAJECTORIES.map((t) => trackEnd(tracks[t])));
}

/** Where each trajectory is done, on the clock (null while it is not finished). */
export function doneAt(tracks: ClockTracks): Record<Trajectory, number | null> {
  const at = (t: Trajectory) => (isComplete(tracks[t]) ? trackEnd(tracks[t]) : null);
  return { stitched: at('stitched'), baseline: at('baseline') };
}

export interface StepEvent {
  trajectory: Trajectory;
  /** 0-based step. */
  index: number;
  /** Where it lands on the clock. */
  ms: number;
}

/** Every recorded step of both trajectories in clock order (the stitched one first at the same moment). */
export function stepEvents(tracks: ClockTracks): StepEvent[] {
  const events = TRAJECTORIES.flatMap((trajectory) => clockTimes(tracks[trajectory]).map((ms, index) => ({ trajectory, index, ms })));
  return events.sort((a, b) => a.ms - b.ms || (a.trajectory === b.trajectory ? a.index - b.index : a.trajectory === 'stitched' ? -1 : 1));
}

/** The step button "previous": the last step event before `ms`, or the start (0, nothing done yet); null at the start. */
export function previousEventMs(events: readonly StepEvent[], ms: number): number | null {
  if (ms <= 0) return null;
  let best = 0;
  for (const e of events) if (e.ms < ms && e.ms > best) best = e.ms;
  return best;
}

/** The step button "next": the first step event after `ms`; null after the last. */
export function nextEventMs(events: readonly StepEvent[], ms: number): number | null {
  for (const e of events) if (e.ms > ms) return e.ms;
  return null;
}

/** How fast a replay plays: `rate` ms of measured time per real millisecond, and that in words. */
export interface ReplayScale {
  rate: number;
  words: string;
}

/** A whole replay takes between these many real milliseconds, at measured speed when it already does. */
export const REPLAY_REAL_MS = { min: 3000, max: 8000 } as const;

export function scaleWords(rate: number): string {
  if (rate === 1) return 'at measured speed';
  if (rate < 1) return `at 1/${Math.round(1 / rate)} of the measured speed`;
  return `at ${Number(rate.toPrecision(3))}× the measured speed`;
}

/**
 * The replay's speed: measured speed when the slower trajectory's time already lies in
 * REPLAY_REAL_MS, else slowed or sped up by a power of two until it does (the range spans more
 * than a factor of two, so one always fits), so a room can follow it and the ratio stays exact.
 */
export function replayScale(durationMs: number): ReplayScale {
  let rate = 1;
  if (durationMs > 0 && Number.isFinite(durationMs)) {
    while (durationMs / rate < REPLAY_REAL_MS.min) rate /= 2;
    while (durationMs / rate > REPLAY_REAL_MS.max) rate *= 2;
  }
  return { rate, words: scaleWords(rate) };
}

/** After a run, the display catches up to the end at measured speed, or faster when that would take longer than this. */
export const CATCH_UP_REAL_MS = 2000;

export function catchUpRate(gapMs: number): number {
  return Math.max(1, gapMs / CATCH_UP_REAL_MS);
}

/**
 * How far the live clock may go: every trajectory still running has computed up to here (the
 * smallest of their latest times; 0 for one with no step yet). When all are finished: the end.
 */
export function liveFrontier(tracks: ClockTracks): number {
  const running = TRAJECTORIES.filter((t) => !isComplete(tracks[t]));
  if (running.length === 0) return replayDuration(tracks);
  return Math.min(...running.map((t) => trackEnd(tracks[t])));
}

/**
 * Where the catch-up starts when a run ends: the live position, but never before the end of a
 * trajectory the live view already showed finished (the final times can be a little longer than
 * the steps' sum, `live` is on the steps' own times: without this, one would briefly look unfinished).
 */
export function catchUpStart(clockMs: number, live: ClockTracks, measured: ClockTracks): number {
  let at = clockMs;
  for (const t of TRAJECTORIES) {
    const times = clockTimes(live[t]);
    const finishedLive = isComplete(live[t]) && frameAtClock(times, clockMs) === times.length - 1;
    if (finishedLive) at = Math.max(at, trackEnd(measured[t]));
  }
  return Math.min(at, replayDuration(measured));
}

export type ClockMotion = 'live' | 'catch-up' | 'play';

export interface ClockState {
  clockMs: number;
  motion: ClockMotion | null;
  /** Measured ms per real ms for catch-up and play. */
  rate: number;
}

/**
 * One animation frame of `dtMs` real milliseconds:
 * - live: towards the frontier at most at measured speed (a new step moves it smoothly, not in a jump);
 * - catch-up and play: at `rate`, stopping at the replay's end.
 */
export function advanceClock(state: ClockState, dtMs: number, tracks: ClockTracks): ClockState {
  const { clockMs, motion, rate } = state;
  if (motion === null) return state;
  if (motion === 'live') {
    const frontier = liveFrontier(tracks);
    return { ...state, clockMs: Math.max(clockMs, Math.min(frontier, clockMs + dtMs)) };
  }
  const end = replayDuration(tracks);
  const next = clockMs + dtMs * rate;
  return next >= end ? { clockMs: end, motion: null, rate } : { ...state, clockMs: next };
}
