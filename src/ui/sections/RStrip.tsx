// "How far can you push r?": on request, the final images at r = 0, 0.2, ..., 1 from the current
// settings' noise, each with its FLOP cost against large-only (the manifest's gflops) and the model
// time it took in this browser, filled in as each finishes. The page runtime runs it (measureStrip:
// a measurement like the others, stopped by a Generate); the plan and the words are in strip.ts.
import { useEffect, useRef } from 'react';
import type { ImageShape } from '../../core';
import { displayShape, type Manifest } from '../../models/manifest';
import { gridLayout, toRgbaGrid } from '../../view/draw';
import { useServices } from '../AppContext';
import { describeStrip, formatMs, formatR, stepsLabel, stripMediumNote, stripStale, type StripCell } from '../../view/strip';
import './strip.css';
import { useAppState } from '../AppContext';

/** One final image (a grid of the batch), or a grey square while it is being computed. */
function StripCanvas({ image, batch, shape, label }: { image: Float32Array | undefined; batch: number; shape: ImageShape; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  // An image of another shape (a set switched under it) is not drawn.
  const drawn = image !== undefined && image.length === batch * shape.channels * shape.height * shape.width;
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const g = gridLayout(batch, shape);
    canvas.width = g.width;
    canvas.height = g.height;
    if (!drawn) {
      ctx.fillStyle = '#808080';
      ctx.fillRect(0, 0, g.width, g.height);
      return;
    }
    ctx.putImageData(new ImageData(toRgbaGrid(image, batch, shape), g.width, g.height), 0, 0);
  }, [image, batch, shape, drawn]);
  return <canvas ref={ref} className="trajectory-canvas" role="img" aria-label={drawn ? label : `${label}: not computed yet`} />;
}

function Cell({ cell, index, shape }: { cell: StripCell; index: number; shape: ImageShape }) {
  const plan = useAppState((s) => s.strip.plan);
  const batch = useAppState((s) => s.strip.made?.batch ?? 1);
  const image = useAppState((s) => s.strip.images[cell.run]);
  const ms = useAppState((s) => s.strip.ms[cell.run] as number | undefined);
  // Time against r = 0's (large only; always run 0, the runs go by k from 0), once both are
  // measured: the knee in this browser's seconds.
  const largeMs = useAppState((s) => s.strip.ms[0] as number | undefined);
  const first = plan?.runs[cell.run].cells[0];
  const r = formatR(cell.r);
  return (
    <li className="strip-cell" data-testid={`strip-cell-${index}`}>
      <StripCanvas image={image} batch={batch} shape={shape} label={`Final image at r = ${r}`} />
      <p className="strip-r">r = {r}</p>
      <p className="strip-line" data-testid="strip-steps">
        {stepsLabel(cell)}
        {first !== undefined && first !== index ? (
          <span className="strip-same"> (the same run as r = {formatR(plan!.cells[first].r)})</span>
        ) : null}
      </p>
      <p className="strip-line" data-testid="strip-flops">
        {cell.flopCost === null ? 'FLOPs: –' : `FLOPs: ${cell.flopCost.toFixed(2)}× large-only`}
      </p>
      <p className="strip-line" data-testid="strip-time">
        {ms === undefined ? 'Time: –' : `Time: ${formatMs(ms)}`}
        {ms !== undefined && largeMs !== undefined && largeMs > 0 && cell.small > 0 ? ` (${(ms / largeMs).toFixed(2)}× r = 0's)` : null}
      </p>
    </li>
  );
}

export function RStrip({ manifest }: { manifest: Manifest }) {
  const { runtime } = useServices();
  const strip = useAppState((s) => s.strip.status);
  const plan = useAppState((s) => s.strip.plan);
  const made = useAppState((s) => s.strip.made);
  const note = useAppState((s) => s.strip.note);
  const error = useAppState((s) => s.strip.error);
  const refused = useAppState((s) => s.strip.refused);
  const filled = useAppState((s) => (s.strip.plan ? s.strip.plan.cells.filter((c) => s.strip.images[c.run] !== undefined).length : 0));
  const stale = useAppState((s) => s.strip.made !== null && stripStale(s.strip.made, s.settings));
  const ready = useAppState((s) => s.open.phase === 'ready');
  const running = useAppState((s) => s.status === 'running');
  const measuring = useAppState((s) => s.agreement.status === 'running' || s.device.status === 'running');
  const shape = displayShape(manifest);
  // A three-model set: the strip is two models (small, large), and says so (strip.ts).
  const steps = useAppState((s) => s.settings.steps);
  const mediumSteps = useAppState((s) => s.settings.mediumSteps);
  const mediumNote = stripMediumNote(manifest, { steps, mediumSteps });

  // Why the button is off, said beside it (the runtime refuses the same cases).
  const blocked = !ready
    ? 'The models are not open yet.'
    : running
      ? 'A run is in flight: the strip uses the same models, so it can start once the run has finished or been cancelled.'
      : measuring
        ? 'Another measurement is running: the strip can start once it has finished.'
        : null;
  const all = plan?.cells.length ?? 0;
  const outcome =
    strip === 'done'
      ? `Done: all ${all} images.`
      : strip === 'cancelled'
        ? `Stopped after ${filled} of ${all} images. ${note ?? ''}`
        : strip === 'error'
          ? `The strip failed: ${error}`
          : null;
  const status =
    strip === 'running'
      ? `Computing: ${filled} of ${all} images done.`
      : outcome
        ? `${outcome}${blocked ? ` ${blocked}` : ''}`
        : (blocked ?? refused ?? 'Six final images from the current settings’ noise; the two panels above keep their run.');

  return (
    <section className="r-strip" aria-label="Final images from r = 0 to 1">
      <p className="strip-intro">
        The same noise, the same class, sampler and steps; only <i>r</i> changes: the small model takes the first <i>k</i> of the <i>N</i>{' '}
        steps (<i>k</i> = <i>r</i> · <i>N</i>, rounded), the large one the rest. Each image says what it cost: its FLOPs over large-only’s
        (from the models’ GFLOPs) and the time its model calls took here. Where the images start to drift from r = 0’s while the cost keeps
        falling is the knee of the paper’s quality/cost curve.
      </p>
      {mediumNote ? (
        <p className="strip-intro" role="note" data-testid="strip-medium">
          {mediumNote}
        </p>
      ) : null}
      <div className="strip-controls">
        {strip === 'running' ? (
          <button type="button" onClick={runtime.cancelStrip}>
            Cancel the strip
          </button>
        ) : (
          <button type="button" className="primary" disabled={blocked !== null} onClick={() => void runtime.measureStrip()}>
            {plan ? 'Make the strip again' : 'Make the strip'}
          </button>
        )}
        <output data-testid="strip-status" aria-live="polite">
          {status}
        </output>
      </div>
      {made ? (
        <p className="strip-made" data-testid="strip-settings">
          Made with {describeStrip(made, manifest.classes)}.{stale ? ' The settings have changed since: make it again to see them.' : ''}
        </p>
      ) : null}
      {plan?.costMissing ? <p className="strip-made">{plan.costMissing}</p> : null}
      {plan ? (
        <ol className="strip-cells" data-testid="strip-cells">
          {plan.cells.map((cell, i) => (
            <Cell key={i} cell={cell} index={i} shape={shape} />
          ))}
        </ol>
      ) : null}
    </section>
  );
}
