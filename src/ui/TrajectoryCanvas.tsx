// Canvases drawn straight from the recorder (no React re-render per step): a trajectory's x_t
// or predicted x0 at the step shown, or the difference of the two trajectories' predictions.
import { useCallback, useEffect, useRef } from 'react';
import type { ImageShape } from '../core';
import type { Trajectory } from '../worker/protocol';
import { diffRgbaGrid, gridLayout, meanAbsDiff, toRgbaGrid } from './draw';
import type { Recorder } from './recorder';
import { useServices } from './services';

type Pixels = { rgba: Uint8ClampedArray<ArrayBuffer>; width: number; height: number } | null;

/**
 * Redraws `render()` whenever a frame arrives, the recording is reset, or the replay step moves;
 * a new `render` (its inputs changed: memoize it with useCallback) draws again too.
 */
function useCanvas(render: (recorder: Recorder, index: number | null) => Pixels) {
  const ref = useRef<HTMLCanvasElement>(null);
  const { recorder, store } = useServices();
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const draw = () => {
      const ctx = canvas.getContext('2d');
      const out = render(recorder, store.getState().scrubIndex);
      if (!ctx) return;
      if (!out) {
        ctx.fillStyle = '#808080';
        ctx.fillRect(0, 0, canvas.width, canvas.height);
        return;
      }
      if (canvas.width !== out.width || canvas.height !== out.height) {
        canvas.width = out.width;
        canvas.height = out.height;
      }
      ctx.putImageData(new ImageData(out.rgba, out.width, out.height), 0, 0);
    };
    draw();
    const unsubscribeFrames = recorder.subscribe(draw);
    const unsubscribeStore = store.subscribe((s, prev) => {
      if (s.scrubIndex !== prev.scrubIndex) draw();
    });
    return () => {
      unsubscribeFrames();
      unsubscribeStore();
    };
  }, [recorder, store, render]);
  return ref;
}

/** A frame of another model set's shape (drawn before the switch reached the recorder) is not drawn. */
const fits = (x: Float32Array, n: number, image: ImageShape) => x.length === n * image.channels * image.height * image.width;

interface Props {
  trajectory: Trajectory;
  kind: 'x' | 'x0';
  label: string;
  image: ImageShape;
}

export function TrajectoryCanvas({ trajectory, kind, label, image }: Props) {
  const ref = useCanvas(
    useCallback((recorder: Recorder, index: number | null) => {
      const frame = recorder.frameAt(trajectory, index);
      const n = recorder.current()?.batch ?? 1;
      if (!frame || !fits(frame.x0, n, image)) return null;
      const g = gridLayout(n, image);
      return { rgba: toRgbaGrid(kind === 'x' ? frame.x : frame.x0, n, image), width: g.width, height: g.height };
    }, [trajectory, kind, image]),
  );
  return (
    <canvas
      ref={ref}
      className={`trajectory-canvas canvas-${kind}`}
      role="img"
      aria-label={label}
      data-testid={`canvas-${trajectory}${kind === 'x' ? '-xt' : ''}`}
      width={image.width}
      height={image.height}
    />
  );
}

/** |stitched - large-only| of the predicted images at the step shown; writes the mean into `meanRef`. */
export function DifferenceCanvas({ image }: { image: ImageShape }) {
  const meanRef = useRef<HTMLSpanElement>(null);
  const ref = useCanvas(
    useCallback((recorder: Recorder, index: number | null) => {
      const a = index === null ? undefined : recorder.frameAt('stitched', index);
      const b = index === null ? undefined : recorder.frameAt('baseline', index);
      if (meanRef.current) meanRef.current.textContent = a && b ? meanAbsDiff(a.x0, b.x0).toFixed(4) : '–';
      const n = recorder.current()?.batch ?? 1;
      if (!a || !b || !fits(a.x0, n, image) || !fits(b.x0, n, image)) return null;
      const g = gridLayout(n, image);
      return { rgba: diffRgbaGrid(a.x0, b.x0, n, image), width: g.width, height: g.height };
    }, [image, meanRef]),
  );
  return (
    <figure className="difference">
      <canvas
        ref={ref}
        className="trajectory-canvas"
        role="img"
        aria-label="Difference between stitched and large-only"
        data-testid="canvas-difference"
        width={image.width}
        height={image.height}
      />
      <figcaption>
        Mean absolute difference: <span data-testid="mean-difference" ref={meanRef}>–</span>{' '}
        <span className="hint">(black = identical pixels, white = opposite)</span>
      </figcaption>
    </figure>
  );
}
