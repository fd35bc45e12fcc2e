// Settings: small-model fraction (per-step granularity), steps, seed, class, view, Generate/Cancel.
import { useEffect, useState } from 'react';
import { smallSteps } from '../core';
import type { Manifest } from '../runtime/manifest';
import { cancelGeneration, startGeneration } from './generate';
import { useAppStore, type View } from './store';

export function Controls({ manifest, ready }: { manifest: Manifest; ready: boolean }) {
  const fraction = useAppStore((s) => s.fraction);
  const steps = useAppStore((s) => s.steps);
  const seed = useAppStore((s) => s.seed);
  const classId = useAppStore((s) => s.classId);
  const view = useAppStore((s) => s.view);
  const status = useAppStore((s) => s.status);
  const { setFraction, setSteps, setSeed, setClassId, setView } = useAppStore.getState();
  const [stepsText, setStepsText] = useState(String(steps));
  useEffect(() => setStepsText(String(steps)), [steps]);
  const running = status === 'running';
  const maxSteps = manifest.schedule.T;
  const k = smallSteps(steps, fraction);

  const generate = () =>
    void startGeneration({
      steps,
      fraction,
      seed,
      classId,
      guidance: manifest.defaults.guidance,
      sampler: manifest.defaults.sampler,
      eta: manifest.defaults.eta,
    });

  return (
    <form
      className="controls"
      onSubmit={(e) => {
        e.preventDefault();
        if (ready && !running) generate();
      }}
    >
      <label className="control control-wide">
        <span>Small-model fraction</span>
        <input
          type="range"
          min={0}
          max={1}
          step={1 / steps}
          value={fraction}
          disabled={running}
          onChange={(e) => setFraction(Number(e.target.value))}
          aria-valuetext={`${fraction.toFixed(2)}: ${k} of ${steps} steps on the small model`}
        />
        <output data-testid="fraction">
          {fraction.toFixed(2)} ({k} of {steps} steps small)
        </output>
      </label>
      <label className="control">
        <span>Steps</span>
        <input
          type="number"
          min={1}
          max={maxSteps}
          step={1}
          value={stepsText}
          disabled={running}
          onChange={(e) => {
            setStepsText(e.target.value);
            const n = Number(e.target.value);
            if (Number.isInteger(n) && n >= 1 && n <= maxSteps) setSteps(n);
          }}
          onBlur={() => setStepsText(String(steps))}
        />
      </label>
      <label className="control">
        <span>Seed</span>
        <input type="number" step={1} value={seed} disabled={running} onChange={(e) => setSeed(Number(e.target.value))} />
      </label>
      <label className="control">
        <span>Class</span>
        <select value={classId} disabled={running} onChange={(e) => setClassId(Number(e.target.value))}>
          {manifest.classes.map((name, i) => (
            <option key={i} value={i}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="control">
        <legend>Show</legend>
        {(
          [
            ['x0', 'predicted x0'],
            ['x', 'x_t'],
          ] as [View, string][]
        ).map(([value, text]) => (
          <label key={value} className="radio">
            <input type="radio" name="view" value={value} checked={view === value} onChange={() => setView(value)} />
            {text}
          </label>
        ))}
      </fieldset>
      <div className="control control-buttons">
        {running ? (
          <button type="button" onClick={cancelGeneration}>
            Cancel
          </button>
        ) : (
          <button type="submit" disabled={!ready}>
            Generate
          </button>
        )}
      </div>
    </form>
  );
}
