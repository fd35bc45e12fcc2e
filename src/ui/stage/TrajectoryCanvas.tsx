// Canvases drawn straight from the recorder (no React re-render per step): a trajectory's x_t
// or predicted x0 at the step shown on the shared clock, or the difference of the two
// trajectories' predictions at the stitched trajectory's step shown (the recorder keeps both as
// the bytes drawn).
import { useCallback, useEffect, useRef } from 'react';
import type { ImageShape } from '../../core';
import type { Trajectory } from '../../worker/protocol';
import { diffShape, gridLayout, toRgbaGrid } from '../../view/draw';
import { shownStep, type Difference, type Frame, type Recorder } from '../../page/recorder';
import { useServices } from '../AppContext';
import type { AppState } from '../../page/store';
type Pixels = { rgba: Uint8ClampedArray<ArrayBuffer>; width: number; height: number } | null;

/** The frames a canvas draws (undefined: none): it draws again only when one of them changes. */
type Pick<F> = (recorder: Recorder, state: AppState) => readonly (F | undefined)[];

const sameFrames = (a: readonly unknown[] | null, b: readonly unknown[]) =>
  a !== null && a.length === b.length && a.every((f, i) => f === b[i]);

/**
 * Draws `paint(frames)` whenever the frames `pick` chooses change: a frame arrives, the recording
 * is reset, or the shared clock moves past a step (the clock moves every animation frame while
 * playing; the same frames are not drawn twice). New `pick`/`paint` (memoize them) draw again too.
 */
function useCanvas<F>(pick: Pick<F>, paint: (frames: readonly (F | undefined)[], recorder: Recorder) => Pixels) {
  const ref = useRef<HTMLCanvasElement>(null);
  const { recorder, store } = useServices();
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    let drawn: readonly (F | undefined)[] | null = null;
    const draw = () => {
      const frames = pick(recorder, store.getState());
      if (sameFrames(drawn, frames)) return;
      drawn = frames;
      const ctx = canvas.getContext('2d');
      const out = paint(frames, recorder);
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
      if (s.clockMs !== prev.clockMs || s.timings !== prev.timings || s.status !== prev.status) draw();
    });
    return () => {
      unsubscribeFrames();
      unsubscribeStore();
    };
  }, [recorder, store, pick, paint]);
  return ref;
}

/** A trajectory's frame at the step shown (shared clock), if recorded. */
export function shownFrame(recorder: Recorder, state: AppState, trajectory: Trajectory): Frame | undefined {
  const recording = recorder.current();
  const i = shownStep(recording, trajectory, state.clockMs, state.timings);
  return i === null || i < 0 ? undefined : recording?.frames[trajectory][i];
}

/** A frame of another model set's shape (drawn before the switch reached the recorder) is not drawn. */
const fits = (x: ArrayLike<number>, n: number, image: ImageShape) => x.length === n * image.channels * image.height * image.width;

interface Props {
  trajectory: Trajectory;
  kind: 'x' | 'x0';
  label: string;
  image: ImageShape;
  /** The id of what describes the image at the step shown (its caption). */
  describedBy?: string;
}

export function TrajectoryCanvas({ trajectory, kind, label, image, describedBy }: Props) {
  const ref = useCanvas(
    useCallback((recorder: Recorder, state: AppState) => [shownFrame(recorder, state, trajectory)], [trajectory]),
    useCallback(
      ([frame]: readonly (Frame | undefined)[], recorder: Recorder) => {
        const n = recorder.current()?.batch ?? 1;
        if (!frame || !fits(frame.x0, n, image)) return null;
        const g = gridLayout(n, image);
        return { rgba: toRgbaGrid(kind === 'x' ? frame.x : frame.x0, n, image), width: g.width, height: g.height };
      },
      [kind, image],
    ),
  );
  return (
    <canvas
      ref={ref}
      className={`trajectory-canvas canvas-${kind}`}
      role="img"
      aria-label={label}
      aria-describedby={describedBy}
      data-testid={`canvas-${trajectory}${kind === 'x' ? '-xt' : ''}`}
      width={image.width}
      height={image.height}
    />
  );
}

/**
 * |stitched - large-only| of the predicted images after a run, at the step the stitched trajectory
 * shows and the same step of the other (recorder.stepAt); writes the mean into `meanRef`.
 */
export function DifferenceCanvas({ image }: { image: ImageShape }) {
  const meanRef = useRef<HTMLSpanElement>(null);
  const ref = useCanvas(
    useCallback((recorder: Recorder, state: AppState) => {
      const i = state.status === 'done' ? shownStep(recorder.current(), 'stitched', state.clockMs, state.timings) : null;
      return i === null || i < 0 ? [undefined] : [recorder.differenceAt(i)];
    }, []),
    useCallback(
      ([d]: readonly (Difference | undefined)[], recorder: Recorder) => {
        if (meanRef.current) meanRef.current.textContent = d ? d.mean.toFixed(4) : '–';
        const n = recorder.current()?.batch ?? 1;
        if (!d || d.image.channels !== image.channels || !fits(d.rgb, n, diffShape(image))) return null;
        const g = gridLayout(n, image);
        return { rgba: toRgbaGrid(d.rgb, n, diffShape(image)), width: g.width, height: g.height };
      },
      [image, meanRef],
    ),
  );
  return (
    <figure className="difference" data-lesson="difference">
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
        Mean absolute difference:{' '}
        <span data-testid="mean-difference" ref={meanRef}>
          –
        </span>{' '}
        <span className="hint">(black = identical pixels, white = opposite)</span>
      </figcaption>
    </figure>
  );
}
