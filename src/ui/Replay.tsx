// After a run: replay any step of both trajectories (kept in memory), with play/pause and step buttons.
import { useEffect, useState } from 'react';
import { useAppState, useAppStoreApi } from './store';

/** About five seconds for a whole trajectory, within 40..400 ms per step. */
export function playDelay(steps: number): number {
  return Math.min(400, Math.max(40, Math.round(5000 / steps)));
}

export function Replay() {
  const status = useAppState((s) => s.status);
  const steps = useAppState((s) => s.run?.settings.steps ?? 0);
  const index = useAppState((s) => s.scrubIndex);
  const setScrub = useAppState((s) => s.setScrub);
  const store = useAppStoreApi();
  const [playRequested, setPlaying] = useState(false);
  const enabled = status === 'done' && steps > 0 && index !== null;
  // A run that is no longer replayable (a new run started) stops the playback: derived, not an effect.
  const playing = playRequested && enabled;

  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => {
      const { scrubIndex } = store.getState();
      if (scrubIndex === null || scrubIndex >= steps - 1) setPlaying(false);
      else setScrub(scrubIndex + 1);
    }, playDelay(steps));
    return () => clearInterval(timer);
  }, [playing, steps, setScrub, store]);

  const play = () => {
    if (index !== null && index >= steps - 1) setScrub(0); // from the start again
    setPlaying(true);
  };
  const shown = index === null ? steps : index + 1;

  return (
    <section className="replay" aria-label="Replay">
      <button type="button" aria-label="Previous step" disabled={!enabled || index === 0} onClick={() => setScrub((index ?? 0) - 1)}>
        ◀ Step
      </button>
      {playing ? (
        <button type="button" className="primary" aria-label="Pause" onClick={() => setPlaying(false)}>
          ❚❚ Pause
        </button>
      ) : (
        <button type="button" className="primary" aria-label="Play" disabled={!enabled} onClick={play}>
          ▶ Play
        </button>
      )}
      <button type="button" aria-label="Next step" disabled={!enabled || index === steps - 1} onClick={() => setScrub((index ?? 0) + 1)}>
        Step ▶
      </button>
      <label className="replay-slider">
        <span>Replay step</span>
        <input
          type="range"
          min={1}
          max={Math.max(1, steps)}
          step={1}
          value={shown}
          disabled={!enabled}
          onChange={(e) => {
            setPlaying(false);
            setScrub(Number(e.target.value) - 1);
          }}
          aria-valuetext={`step ${shown} of ${steps}`}
        />
      </label>
      <output data-testid="replay-step" className="big-value">
        {enabled ? `Step ${shown} of ${steps}` : status === 'running' ? 'Live' : 'Run first, then replay'}
      </output>
    </section>
  );
}
