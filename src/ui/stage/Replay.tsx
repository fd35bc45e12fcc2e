// Both trajectories on one shared clock of measured model time (sharedClock.ts), during the run
// and after it: the faster one is done first, by the ratio of the measured times. After a run:
// play (scaled to a few seconds, the scale said in words), pause, a step button to the previous or
// next step of either trajectory, and a slider over the clock. Also the clock's driver: one
// requestAnimationFrame loop moves the store's clock while it moves on its own (live, catch-up,
// play); the canvases draw from the recorder when the step they show changes, and the clock's
// text here is written into the DOM, so nothing re-renders per animation frame.
import { useEffect, useRef } from 'react';
import type { Trajectory } from '../../worker/protocol';
import { COMPARISON_TEXT } from '../../view/comparisons';
import { formatSeconds } from '../../view/format';
import { clockTracks, shownStep, type Recorder } from '../../page/recorder';
import { useServices } from '../AppContext';
import {
  advanceClock,
  catchUpRate,
  catchUpStart,
  doneAt,
  nextEventMs,
  previousEventMs,
  replayDuration,
  replayScale,
  scaleWords,
  stepEvents,
  type ClockTracks,
} from '../../view/sharedClock';
import { type AppState, type AppStore } from '../../page/store';
import './replay.css';
import { useAppState, useAppStoreApi, useRecording } from '../AppContext';

/** Slider positions over the replay (keyboard arrows move one: 1% of it; the step buttons go step by step). */
const SLIDER_MAX = 100;

/** An animation frame's real time is capped: after a hidden tab or a long task the clock moves on, it does not jump. */
const MAX_FRAME_MS = 100;

function tracksNow(recorder: Recorder, s: AppState): ClockTracks | null {
  const recording = recorder.current();
  return recording ? clockTracks(recording, s.timings) : null;
}

/**
 * What the live clock means: model time. The worker computes the two trajectories in turns (one
 * model call each, each timed by its own calls), so a wall-clock second holds about a second of
 * the two trajectories' model time together, and the clock runs slower than real time. At clock c
 * each panel shows what its trajectory had computed after c ms of its own model calls: the live
 * frontier is the smallest latest time among those still running (nothing is shown before it is
 * computed), and the clock moves towards it at most at measured speed, so a step does not jump in.
 * When the run is done the clock catches up to the end at measured speed (faster, with the rate
 * said, when that would take over CATCH_UP_REAL_MS), on the final measured times.
 */
function useClockDriver(recorder: Recorder, store: AppStore): void {
  const motion = useAppState((s) => s.clockMotion);
  useEffect(() => {
    if (motion === null) return;
    if (motion === 'catch-up') {
      const s = store.getState();
      const recording = recorder.current();
      if (!recording) return s.setClock(null);
      const measured = clockTracks(recording, s.timings);
      const end = replayDuration(measured);
      // No live clock ran (nothing drove it): the finished run opens on its end.
      const from = s.clockMs === null ? end : catchUpStart(s.clockMs, clockTracks(recording, {}), measured);
      if (from >= end) return s.setClock(end);
      s.setClock(from, 'catch-up', catchUpRate(end - from));
    }
    let frame = 0;
    let last: number | null = null;
    const tick = (now: number) => {
      const dt = last === null ? 0 : Math.min(MAX_FRAME_MS, now - last);
      last = now;
      const s = store.getState();
      const tracks = tracksNow(recorder, s);
      if (!tracks || s.clockMotion === null) return;
      const next = advanceClock({ clockMs: s.clockMs ?? 0, motion: s.clockMotion, rate: s.clockRate }, dt, tracks);
      if (next.clockMs !== s.clockMs || next.motion !== s.clockMotion) s.setClock(next.clockMs, next.motion, next.rate);
      if (next.motion !== null) frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [motion, recorder, store]);
}

/** "0.31 s of 0.62 s" (to the millisecond under a second: the fixture runs take milliseconds). */
function clockText(ms: number): string {
  return ms < 1000 ? `${(ms / 1000).toFixed(3)} s` : formatSeconds(ms);
}

function stepWords(s: AppState, recorder: Recorder, trajectory: Trajectory): string {
  const steps = s.run?.plans[trajectory].steps ?? 0;
  const i = shownStep(recorder.current(), trajectory, s.clockMs, s.timings);
  if (i === null || i < 0) return `step 1 of ${steps} not done yet`;
  return i === steps - 1 ? `done (${steps} steps)` : `step ${i + 1} of ${steps}`;
}

/** The clock's position in words, for the output and the slider's aria-valuetext. */
function positionWords(s: AppState, recorder: Recorder, duration: number): string {
  const other = s.run ? COMPARISON_TEXT[s.run.settings.compare].name : 'large-only';
  return `${clockText(s.clockMs ?? duration)} of ${clockText(duration)}: stitched ${stepWords(s, recorder, 'stitched')}, ${other} ${stepWords(s, recorder, 'baseline')}`;
}

/** While the run goes: the clock (model time so far) and where each trajectory is on it. */
function liveWords(s: AppState, recorder: Recorder): string {
  const other = s.run ? COMPARISON_TEXT[s.run.settings.compare].name : 'large-only';
  return `${clockText(s.clockMs ?? 0)} of model time: stitched ${stepWords(s, recorder, 'stitched')}, ${other} ${stepWords(s, recorder, 'baseline')}`;
}

export function Replay() {
  const { recorder } = useServices();
  const store = useAppStoreApi();
  useClockDriver(recorder, store);
  const status = useAppState((s) => s.status);
  const motion = useAppState((s) => s.clockMotion);
  const rate = useAppState((s) => s.clockRate);
  const duration = useRecording((recording, s) => (recording ? replayDuration(clockTracks(recording, s.timings)) : 0));
  // Where each is done on the clock (null while it is not finished): two primitives, as useRecording wants.
  const doneStitched = useRecording((recording, s) => (recording ? doneAt(clockTracks(recording, s.timings)).stitched : null));
  const doneBaseline = useRecording((recording, s) => (recording ? doneAt(clockTracks(recording, s.timings)).baseline : null));
  const atStart = useAppState((s) => (s.clockMs ?? duration) <= 0);
  const atEnd = useAppState((s) => (s.clockMs ?? duration) >= duration);
  const enabled = status === 'done' && duration > 0;
  const playing = enabled && (motion === 'play' || motion === 'catch-up');
  const scale = replayScale(duration);

  // The clock's text and the slider follow the clock through the DOM (it moves every animation frame).
  const slider = useRef<HTMLInputElement>(null);
  const output = useRef<HTMLOutputElement>(null);
  const section = useRef<HTMLElement>(null);
  useEffect(() => {
    const write = () => {
      const s = store.getState();
      const live = s.status === 'running';
      const words = enabled ? positionWords(s, recorder, duration) : '';
      if (output.current) output.current.textContent = enabled ? words : live ? `Live: ${liveWords(s, recorder)}` : 'Run first, then replay';
      if (slider.current) {
        slider.current.value = String(duration > 0 ? Math.round(((s.clockMs ?? duration) / duration) * SLIDER_MAX) : SLIDER_MAX);
        slider.current.setAttribute('aria-valuetext', enabled ? words : 'no replay yet');
      }
      section.current?.setAttribute('data-clock-ms', s.clockMs === null ? '' : String(s.clockMs));
    };
    write();
    const a = store.subscribe(write);
    const b = recorder.subscribe(write);
    return () => {
      a();
      b();
    };
  }, [store, recorder, duration, enabled]);

  const clock = () => store.getState().clockMs ?? duration;
  const events = () => {
    const tracks = tracksNow(recorder, store.getState());
    return tracks ? stepEvents(tracks) : [];
  };
  const goTo = (ms: number | null) => ms !== null && store.getState().setClock(ms);
  const play = () => store.getState().setClock(atEnd ? 0 : clock(), 'play', scale.rate); // at the end: from the start again

  const other = useAppState((s) => COMPARISON_TEXT[(s.run ?? s).settings.compare].name);
  const scaleLine =
    status === 'running'
      ? 'Live, on one clock of model time: both are computed in turns, so it runs slower than real time.'
      : motion === 'catch-up'
        ? `Catching up to the end ${scaleWords(rate)}.`
        : enabled
          ? `Play replays ${scale.words}: stitched is done at ${clockText(doneStitched ?? 0)}, ${other} at ${clockText(doneBaseline ?? 0)}.`
          : '';

  return (
    <section
      ref={section}
      className="replay replay-clock"
      aria-label="Replay"
      data-motion={motion ?? 'still'}
      data-duration-ms={duration}
      data-done-stitched-ms={doneStitched ?? ''}
      data-done-baseline-ms={doneBaseline ?? ''}
      data-rate={scale.rate}
    >
      <button type="button" aria-label="Previous step" disabled={!enabled || atStart} onClick={() => goTo(previousEventMs(events(), clock()))}>
        ◀ Step
      </button>
      {playing ? (
        <button type="button" className="primary" aria-label="Pause" onClick={() => store.getState().setClock(clock())}>
          ❚❚ Pause
        </button>
      ) : (
        <button type="button" className="primary" aria-label="Play" disabled={!enabled} onClick={play}>
          ▶ Play
        </button>
      )}
      <button type="button" aria-label="Next step" disabled={!enabled || atEnd} onClick={() => goTo(nextEventMs(events(), clock()))}>
        Step ▶
      </button>
      <label className="replay-slider">
        <span>Replay time</span>
        <input
          ref={slider}
          type="range"
          min={0}
          max={SLIDER_MAX}
          step={1}
          defaultValue={SLIDER_MAX}
          disabled={!enabled}
          onChange={(e) => store.getState().setClock((Number(e.target.value) / SLIDER_MAX) * duration)}
        />
      </label>
      <output ref={output} data-testid="replay-step" className="big-value" aria-live="off" />
      <p className="replay-scale" data-testid="replay-scale">
        {scaleLine}
      </p>
    </section>
  );
}
