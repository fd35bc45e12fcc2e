// The shared clock on the page's main thread (no React): its driver, one requestAnimationFrame loop
// that moves the store's clock while it moves on its own ('live', 'catch-up', 'play'), and the
// replay's controls (play, pause, step, seek), which the replay's buttons (src/ui/stage/Replay.tsx)
// and presentation mode's keys (src/ui/presentation/Presentation.tsx) both call. The arithmetic is
// src/view/sharedClock.ts; the clock itself is the store's clockMs / clockMotion / clockRate.
import {
  advanceClock,
  catchUpRate,
  catchUpStart,
  nextEventMs,
  previousEventMs,
  replayDuration,
  replayScale,
  stepEvents,
  type ClockMotion,
  type ClockTracks,
} from '../view/sharedClock';
import { clockTracks, type Recorder } from './recorder';
import type { AppState, AppStore } from './store';

/** An animation frame's real time is capped: after a hidden tab or a long task the clock moves on, it does not jump. */
export const MAX_FRAME_MS = 100;

/**
 * While a run goes ('live'), the clock is written to the store at most this often (real ms), not at
 * every frame: each write redraws the live line, the slider and every subscriber, and at 60 writes
 * a second that work was most of the page's main-thread time during a run (a trace of the first
 * visit under a 4x CPU slowdown). Both panels follow one clock, so the race stays fair; a step shows
 * up to this much later than it could.
 */
export const LIVE_WRITE_MS = 100;

/** How the driver waits for the next frame: the browser's requestAnimationFrame, a fake one in tests. */
export interface FrameScheduler {
  request(callback: (now: number) => void): number;
  cancel(handle: number): void;
}

/** The browser's animation frames (looked up at each call: nothing is asked of them until the clock moves). */
export const animationFrames: FrameScheduler = {
  request: (callback) => requestAnimationFrame(callback),
  cancel: (handle) => cancelAnimationFrame(handle),
};

/** The clock's view of the run shown, on its current timings; null without a recording. */
export function tracksNow(recorder: Recorder, s: AppState): ClockTracks | null {
  const recording = recorder.current();
  return recording ? clockTracks(recording, s.timings) : null;
}

/** Where the replay stands, as its buttons and keys need it. */
export interface ReplayNow {
  /** The replay's length, measured ms (0 without a recording). */
  duration: number;
  /** The clock's position; no clock (null) is the end. */
  clockMs: number;
  /** A finished run to replay: the buttons are enabled. */
  enabled: boolean;
  /** Moving towards the end (play, or a finished run's catch-up): the toggle pauses. */
  playing: boolean;
  atStart: boolean;
  atEnd: boolean;
}

export function replayNow(store: AppStore, recorder: Recorder): ReplayNow {
  const s = store.getState();
  const tracks = tracksNow(recorder, s);
  const duration = tracks ? replayDuration(tracks) : 0;
  const clockMs = s.clockMs ?? duration;
  const enabled = s.status === 'done' && duration > 0;
  return {
    duration,
    clockMs,
    enabled,
    playing: enabled && (s.clockMotion === 'play' || s.clockMotion === 'catch-up'),
    atStart: clockMs <= 0,
    atEnd: clockMs >= duration,
  };
}

/** Play the replay at its scale (replayScale); from the end it starts again from the start. */
export function play(store: AppStore, recorder: Recorder): void {
  const r = replayNow(store, recorder);
  if (!r.enabled) return;
  store.getState().setClock(r.atEnd ? 0 : r.clockMs, 'play', replayScale(r.duration).rate);
}

/** Stop the clock where it is (a replay, or a finished run's catch-up). */
export function pause(store: AppStore, recorder: Recorder): void {
  store.getState().setClock(replayNow(store, recorder).clockMs);
}

/** Pause while it plays, else play (presentation mode's Space, the replay's one Play/Pause button). */
export function togglePlay(store: AppStore, recorder: Recorder): void {
  const r = replayNow(store, recorder);
  if (r.playing) pause(store, recorder);
  else if (r.enabled) play(store, recorder);
}

/**
 * The step buttons: the clock stops on the previous or next step of either trajectory (in clock
 * order; previous from the first step is the start). Returns where it landed, or null where there
 * is no such step (it stays).
 */
export function stepTo(store: AppStore, recorder: Recorder, direction: 'previous' | 'next'): number | null {
  const s = store.getState();
  const tracks = tracksNow(recorder, s);
  const events = tracks ? stepEvents(tracks) : [];
  const at = replayNow(store, recorder).clockMs;
  const ms = direction === 'previous' ? previousEventMs(events, at) : nextEventMs(events, at);
  if (ms !== null) s.setClock(ms);
  return ms;
}

/** The slider: the clock stops at `ms`. */
export function seek(store: AppStore, ms: number): void {
  store.getState().setClock(ms);
}

/**
 * A finished run's catch-up begins: from the live position (catchUpStart) to the end at measured
 * speed, faster when that would take over CATCH_UP_REAL_MS (catchUpRate). With no live clock (nothing
 * drove it) the run opens on its end; without a recording there is no clock.
 */
function beginCatchUp(store: AppStore, recorder: Recorder): void {
  const s = store.getState();
  const recording = recorder.current();
  if (!recording) return s.setClock(null);
  const measured = clockTracks(recording, s.timings);
  const end = replayDuration(measured);
  const from = s.clockMs === null ? end : catchUpStart(s.clockMs, clockTracks(recording, {}), measured);
  if (from >= end) return s.setClock(end);
  s.setClock(from, 'catch-up', catchUpRate(end - from));
}

/**
 * The clock's driver, once per page (services.ts). What the live clock means: model time. The
 * worker computes the two trajectories in turns (one model call each, each timed by its own calls),
 * so a wall-clock second holds about a second of the two trajectories' model time together, and the
 * clock runs slower than real time. At clock c each panel shows what its trajectory had computed
 * after c ms of its own model calls: the live frontier is the smallest latest time among those
 * still running (nothing is shown before it is computed), and the clock moves towards it at most at
 * measured speed, so a step does not jump in. When the run is done (clockMotion becomes 'catch-up')
 * the clock catches up to the end, on the final measured times.
 *
 * It follows the store: a loop runs while clockMotion is set, and starts afresh (its first frame
 * moves nothing) whenever the motion changes; nothing is asked of `frames` while the clock stands.
 * Returns the function that stops it.
 */
export function startClockDriver(store: AppStore, recorder: Recorder, frames: FrameScheduler = animationFrames): () => void {
  let motion: ClockMotion | null = null; // the motion the loop runs for
  let frame: number | null = null;
  let last: number | null = null;
  let unwritten = 0; // live: real ms the clock has not yet been moved by
  const stop = () => {
    if (frame !== null) frames.cancel(frame);
    frame = null;
    last = null;
    unwritten = 0;
  };
  const schedule = () => {
    if (frame === null && store.getState().clockMotion !== null) frame = frames.request(tick);
  };
  function tick(now: number): void {
    frame = null;
    let dt = last === null ? 0 : Math.min(MAX_FRAME_MS, now - last);
    last = now;
    const s = store.getState();
    if (s.clockMotion === 'live' && s.clockMs !== null) {
      unwritten += dt;
      if (unwritten < LIVE_WRITE_MS) return schedule();
      dt = unwritten;
      unwritten = 0;
    }
    const tracks = tracksNow(recorder, s);
    if (!tracks || s.clockMotion === null) return;
    const next = advanceClock({ clockMs: s.clockMs ?? 0, motion: s.clockMotion, rate: s.clockRate }, dt, tracks);
    // A change of motion here (the end reached) goes through follow(), which stops the loop.
    if (next.clockMs !== s.clockMs || next.motion !== s.clockMotion) s.setClock(next.clockMs, next.motion, next.rate);
    if (next.motion !== null) schedule();
  }
  const follow = () => {
    const now = store.getState().clockMotion;
    if (now === motion) return;
    motion = now;
    stop();
    // It sets the clock again (follow() runs inside it, and stops the loop when it stands still).
    if (now === 'catch-up') beginCatchUp(store, recorder);
    if (motion === now) schedule();
  };
  follow();
  const unsubscribe = store.subscribe(follow);
  return () => {
    unsubscribe();
    stop();
  };
}
