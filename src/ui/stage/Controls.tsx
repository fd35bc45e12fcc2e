// Settings: the small-model fraction (per-step granularity) and Generate/Cancel, which sit beside
// the panels; the medium-model fraction (Research.tsx places it); class, seed, sampler, steps,
// guidance, batch. Changing a setting during a run restarts it (src/page/runtime.ts).
import { useState } from 'react';
import type { SamplerName } from '../../core';
import type { Manifest } from '../../models/manifest';
import { PlanStrip } from './PlanStrip';
import { measuring } from '../../page/store';
import { useServices } from '../AppContext';
import { BATCH_SIZES, GUIDANCE, STEPS, fractionOf, randomSeed, type BatchSize, type ClassChoice } from '../../view/settings';
import { useAppState } from '../AppContext';

/** DPM-Solver++ is made for few steps: picking it while the steps are the manifest's default gives it 20. */
export const DPM_SOLVER_STEPS = 20;
function samplerChange(sampler: SamplerName, steps: number, defaultSteps: number) {
  return sampler === 'dpmpp2m' && steps === defaultSteps && steps > DPM_SOLVER_STEPS ? { sampler, steps: DPM_SOLVER_STEPS } : { sampler };
}

/** A number field that accepts what is typed, applies valid values at once, and tidies up on blur. */
function NumberField(props: {
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  integer?: boolean;
  onValue(v: number): void;
}) {
  const { label, value, min, max, step, integer, onValue } = props;
  const [text, setText] = useState(String(value));
  // The store's value changed (another control, a link): show it. Adjusted while rendering, the way
  // React's docs keep state in step with a prop, not in an effect (one render, no flash).
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setText(String(value));
  }
  return (
    <label className="control">
      <span>{label}</span>
      <input
        type="number"
        inputMode={integer ? 'numeric' : 'decimal'}
        min={min}
        max={max}
        step={step}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          const v = e.target.value.trim() === '' ? NaN : Number(e.target.value);
          if (Number.isFinite(v) && v >= min && v <= max && (!integer || Number.isInteger(v))) onValue(v);
        }}
        onBlur={() => setText(String(value))}
      />
    </label>
  );
}

const SLIDERS = {
  small: { id: 'fraction', label: 'Small-model fraction', className: 'control-small' },
  medium: { id: 'medium-fraction', label: 'Medium-model fraction', className: 'control-medium' },
} as const;

/** One model's share of the steps: a slider with one notch per step (keyboard operable), and its value in words. */
function ShareSlider(props: {
  role: keyof typeof SLIDERS;
  k: number;
  steps: number;
  onValue(k: number): void;
  valueText: string;
  shown: string;
}) {
  const { id, label, className } = SLIDERS[props.role];
  return (
    <div className={`control control-fraction ${className}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="range"
        min={0}
        max={props.steps}
        step={1}
        value={props.k}
        onChange={(e) => props.onValue(Number(e.target.value))}
        aria-valuetext={props.valueText}
      />
      <output htmlFor={id} data-testid={id} className="big-value">
        {props.shown}
      </output>
    </div>
  );
}

export function FractionControl() {
  const update = useAppState((s) => s.update);
  const k = useAppState((s) => s.settings.smallSteps);
  const steps = useAppState((s) => s.settings.steps);
  const r = fractionOf({ smallSteps: k, steps }).toFixed(2);
  const text = `${r}: ${k} of ${steps} steps on the small model`;
  return (
    <ShareSlider
      role="small"
      k={k}
      steps={steps}
      onValue={(v) => update({ smallSteps: v })}
      valueText={text}
      shown={`r = ${r} (${k} of ${steps} steps small)`}
    />
  );
}

/** Three-model stitching (S -> M -> L, paper Fig. 6): the medium model takes the steps after the small one's. */
export function MediumFractionControl() {
  const update = useAppState((s) => s.update);
  const small = useAppState((s) => s.settings.smallSteps);
  const k = useAppState((s) => s.settings.mediumSteps);
  const steps = useAppState((s) => s.settings.steps);
  const rm = fractionOf({ smallSteps: k, steps }).toFixed(2);
  const text = `${rm}: ${k} of ${steps} steps on the medium model, after the small model's ${small}`;
  const shown = k === 0 ? 'off: two models' : `rm = ${rm} (${k} of ${steps} steps medium)`;
  return (
    <ShareSlider
      role="medium"
      k={k}
      steps={steps}
      onValue={(v) => update({ mediumSteps: Math.min(v, steps - small) })}
      valueText={text}
      shown={shown}
    />
  );
}

/** The settings form's id: Generate (RunButtons, beside the fraction) submits it, so Enter in a field generates. */
const SETTINGS_FORM = 'settings';

/**
 * Generate and Cancel: two controls that stay where they are. Generate never turns into Cancel
 * under the focus, so a second Enter cannot cancel.
 */
export function RunButtons({ ready }: { ready: boolean }) {
  const { runtime } = useServices();
  const running = useAppState((s) => s.status === 'running');
  // Cancel stops a measurement too (the r strip, agreement, this device's speed): they share the models.
  const stoppable = useAppState((s) => s.status === 'running' || measuring(s));
  return (
    <div className="control control-buttons">
      <button type="submit" form={SETTINGS_FORM} className="primary" disabled={!ready || running}>
        Generate
      </button>
      <button type="button" onClick={runtime.cancel} disabled={!stoppable}>
        Cancel
      </button>
    </div>
  );
}

/** Class, seed, sampler, steps, guidance, batch (the fraction is beside the panels; the comparisons and the medium model are in Research). */
export function Controls({ manifest, ready }: { manifest: Manifest; ready: boolean }) {
  const update = useAppState((s) => s.update);
  const { runtime } = useServices();
  const steps = useAppState((s) => s.settings.steps);
  const seed = useAppState((s) => s.settings.seed);
  const classChoice = useAppState((s) => s.settings.classChoice);
  const sampler = useAppState((s) => s.settings.sampler);
  const guidance = useAppState((s) => s.settings.guidance);
  const batch = useAppState((s) => s.settings.batch);
  const running = useAppState((s) => s.status === 'running');

  return (
    <form
      id={SETTINGS_FORM}
      className="controls"
      aria-label="Settings"
      onSubmit={(e) => {
        e.preventDefault();
        if (ready && !running) runtime.generate();
      }}
    >
      {manifest.decoder ? <DecoderControl /> : null}
      <PlanStrip />
      <div className="control-row">
        <label className="control">
          <span>Class</span>
          <select
            value={String(classChoice)}
            onChange={(e) => update({ classChoice: (e.target.value === 'random' ? 'random' : Number(e.target.value)) as ClassChoice })}
          >
            {manifest.classes.map((name, i) => (
              <option key={i} value={i}>
                {name}
              </option>
            ))}
            <option value="random">Random per image</option>
          </select>
        </label>
        <div className="control control-seed">
          <NumberField label="Seed" value={seed} min={0} max={2 ** 32 - 1} step={1} integer onValue={(v) => update({ seed: v })} />
          <button type="button" onClick={() => update({ seed: randomSeed() })}>
            New seed
          </button>
        </div>
        <label className="control">
          <span>Sampler</span>
          <select value={sampler} onChange={(e) => update(samplerChange(e.target.value as SamplerName, steps, manifest.defaults.steps))}>
            <option value="ddim">DDIM (deterministic)</option>
            <option value="ddpm">DDPM (stochastic)</option>
            <option value="dpmpp2m">DPM-Solver++ (fast)</option>
          </select>
        </label>
        <NumberField label="Steps" value={steps} min={STEPS.min} max={STEPS.max} step={1} integer onValue={(v) => update({ steps: v })} />
        <NumberField
          label="Guidance scale"
          value={guidance}
          min={GUIDANCE.min}
          max={GUIDANCE.max}
          step={0.5}
          onValue={(v) => update({ guidance: v })}
        />
        <label className="control">
          <span>Batch</span>
          <select value={batch} onChange={(e) => update({ batch: Number(e.target.value) as BatchSize })}>
            {BATCH_SIZES.map((b) => (
              <option key={b} value={b}>
                {b === 1 ? '1 image' : `${b} images (${Math.sqrt(b)} × ${Math.sqrt(b)})`}
              </option>
            ))}
          </select>
        </label>
      </div>
    </form>
  );
}

/** A latent set: decode the previews at every step, or only the last; what the decoder cost. */
function DecoderControl() {
  const on = useAppState((s) => s.decodeEveryStep);
  const setOn = useAppState((s) => s.setDecodeEveryStep);
  const cost = useAppState((s) => s.decodeCost);
  const calls = (cost.stitched?.calls ?? 0) + (cost.baseline?.calls ?? 0);
  const ms = (cost.stitched?.ms ?? 0) + (cost.baseline?.ms ?? 0);
  return (
    <div className="control">
      <label>
        <input type="checkbox" checked={on} onChange={(e) => setOn(e.target.checked)} data-testid="decode-every-step" /> Decode every step
      </label>
      <p className="hint" data-testid="decode-cost">
        These models work on latents; a decoder turns them into images.{' '}
        {on
          ? 'Every step is decoded: one decoder call per step and trajectory.'
          : 'Until the last step the previews show the latent itself (no decoder call); the last step is decoded.'}{' '}
        {calls > 0 ? `Last run: ${calls} decoder calls, ${(ms / 1000).toFixed(2)} s, not counted in the trajectories' times.` : ''}
      </p>
    </div>
  );
}
