// A value read from the recorder and the store together (the step shown on the shared clock, the
// replay's length): the component re-renders when that value changes, not at every frame recorded
// or every move of the clock.
import { useCallback, useSyncExternalStore } from 'react';
import type { Trajectory } from '../worker/protocol';
import { shownStep, type Recording } from './recorder';
import { useServices } from './services';
import type { AppState } from './store';

/** `select` must return a primitive (or the same object) for the same inputs, as useSyncExternalStore wants. */
export function useRecording<T>(select: (recording: Recording | null, state: AppState) => T): T {
  const { recorder, store } = useServices();
  const subscribe = useCallback(
    (onChange: () => void) => {
      const a = recorder.subscribe(onChange);
      const b = store.subscribe(onChange);
      return () => {
        a();
        b();
      };
    },
    [recorder, store],
  );
  return useSyncExternalStore(subscribe, () => select(recorder.current(), store.getState()));
}

/** The step a trajectory shows (0-based; -1 before its first is done; null: nothing recorded). */
export function useShownStep(trajectory: Trajectory): number | null {
  return useRecording((recording, s) => shownStep(recording, trajectory, s.clockMs, s.timings));
}
