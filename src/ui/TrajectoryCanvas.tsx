// One trajectory's image, redrawn at every step straight from frames.ts (no React re-render per step).
import { useEffect, useRef } from 'react';
import type { Trajectory } from '../runtime/protocol';
import { toRgba } from './draw';
import { latestFrame, subscribeFrames, type Frame } from './frames';
import { useAppStore, type View } from './store';

interface Props {
  trajectory: Trajectory;
  label: string;
  image: { channels: number; height: number; width: number };
}

function draw(canvas: HTMLCanvasElement, frame: Frame | null, view: View, image: Props['image']): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  if (!frame) {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    return;
  }
  const rgba = toRgba(view === 'x0' ? frame.x0 : frame.x, image.channels, image.height, image.width);
  ctx.putImageData(new ImageData(rgba, image.width, image.height), 0, 0);
}

export function TrajectoryCanvas({ trajectory, label, image }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  const view = useAppStore((s) => s.view);

  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    draw(canvas, latestFrame(trajectory), view, image);
    return subscribeFrames(trajectory, (frame) => draw(canvas, frame, view, image));
  }, [trajectory, view, image]);

  return (
    <canvas
      ref={ref}
      className="trajectory-canvas"
      role="img"
      aria-label={label}
      data-testid={`canvas-${trajectory}`}
      width={image.width}
      height={image.height}
    />
  );
}
