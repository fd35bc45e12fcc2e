// Both trajectories on one shared clock of measured model time (sharedClock.ts), during the run
// and after it: the faster one is done first, by the ratio of the measured times. After a run:
// play (scaled to a few seconds, the scale said in words), pause, a step button to the previous or
// next step of either trajectory, and a slider over the clock. They call the clock's controls and
// its driver moves it (src/page/clock.ts); the canvases draw from the recorder when the step they
// show changes, and the clock's text here is written into the DOM, so nothing re-renders per
// animation frame.
import { useEffect, useRef } from 'react';
import type { Trajectory } from '../../worker/protocol';
import { COMPARISON_TEXT } from '../../view/comparisons';
import { formatSeconds } from '../../view/format';
import { clockTracks, shownStep, type Recorder } from '../../page/recorder';
import { useServices } from '../AppContext';
import { doneAt, replayDuration, replayScale, scaleWords } from '../../view/sharedClock';
import { pause, play, seek, stepTo } from '../../page/clock';
import type { AppState } from '../../page/store';
import './replay.css';
import { useAppState, useAppStoreApi, useRecording } from '../AppContext';

/** Slider positions over the replay (keyboard arrows move one: 1% of it; the step buttons go step by step). */
const SLIDER_MAX = 100;

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

const setText = (el: HTMLElement, text: string) => {
  if (el.textContent !== text) el.textContent = text;
};
const setAttr = (el: HTMLElement, name: string, value: string) => {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
};

export function Replay() {
  const { recorder } = useServices();
  const store = useAppStoreApi();
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
    // Each store or recorder change calls it (a step arrives, the clock moves): what did not change
    // is not written again, since every write makes the browser lay the page out again.
    const write = () => {
      const s = store.getState();
      const live = s.status === 'running';
      const words = enabled ? positionWords(s, recorder, duration) : '';
      if (output.current) setText(output.current, enabled ? words : live ? `Live: ${liveWords(s, recorder)}` : 'Run first, then replay');
      if (slider.current) {
        const value = String(duration > 0 ? Math.round(((s.clockMs ?? duration) / duration) * SLIDER_MAX) : SLIDER_MAX);
        if (slider.current.value !== value) slider.current.value = value;
        setAttr(slider.current, 'aria-valuetext', enabled ? words : 'no replay yet');
      }
      if (section.current) setAttr(section.current, 'data-clock-ms', s.clockMs === null ? '' : String(s.clockMs));
    };
    write();
    const a = store.subscribe(write);
    const b = recorder.subscribe(write);
    return () => {
      a();
      b();
    };
  }, [store, recorder, duration, enabled]);

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
      data-lesson="headline"
      aria-label="Replay"
      data-motion={motion ?? 'still'}
      data-duration-ms={duration}
      data-done-stitched-ms={doneStitched ?? ''}
      data-done-baseline-ms={doneBaseline ?? ''}
      data-rate={scale.rate}
    >
      <button type="button" aria-label="Previous step" disabled={!enabled || atStart} onClick={() => stepTo(store, recorder, 'previous')}>
        ◀ Step
      </button>
      {playing ? (
        <button type="button" className="primary" aria-label="Pause" onClick={() => pause(store, recorder)}>
          ❚❚ Pause
        </button>
      ) : (
        <button type="button" className="primary" aria-label="Play" disabled={!enabled} onClick={() => play(store, recorder)}>
          ▶ Play
        </button>
      )}
      <button type="button" aria-label="Next step" disabled={!enabled || atEnd} onClick={() => stepTo(store, recorder, 'next')}>
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
          onChange={(e) => seek(store, (Number(e.target.value) / SLIDER_MAX) * duration)}
        />
      </label>
      <output ref={output} data-testid="replay-step" className="big-value" aria-live="off" />
      <p className="replay-scale" data-testid="replay-scale">
        {scaleLine}
      </p>
    </section>
  );
}
