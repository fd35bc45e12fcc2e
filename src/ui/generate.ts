// Start and cancel a generation: steps go to frames.ts (pixels) and the store (progress, timings).
import type { GenerateParams } from '../runtime/protocol';
import { publishFrame } from './frames';
import { runtime } from './models';
import { useAppStore } from './store';

let current: { cancel(): void } | null = null;

export async function startGeneration(params: GenerateParams): Promise<void> {
  const store = useAppStore.getState();
  if (store.status === 'running') return;
  store.startRun(params.steps, params.fraction);
  publishFrame('stitched', null);
  publishFrame('large', null);
  const handle = runtime.generate(params, {
    onStep: (m) => {
      publishFrame(m.trajectory, { index: m.index, steps: m.steps, x: m.x, x0: m.x0 });
      useAppStore.getState().setProgress(m.trajectory, m.index, m.steps);
    },
    onTrajectory: (m) => useAppStore.getState().setTiming(m.trajectory, m.ms),
  });
  current = handle;
  try {
    const outcome = await handle.done;
    useAppStore.getState().finishRun(outcome);
  } catch (e) {
    useAppStore.getState().finishRun('error', (e as Error).message);
  } finally {
    current = null;
  }
}

export function cancelGeneration(): void {
  current?.cancel();
}
