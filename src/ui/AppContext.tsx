// What the components read, through context: the page's long-lived objects (src/page/services.ts)
// and the store, as single values (useAppState), and values of the recorder and the store together
// (useRecording).
import { createContext, useCallback, useContext, useSyncExternalStore, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { shownStep, type Recording } from '../page/recorder';
import type { Services } from '../page/services';
import type { AppState, AppStore } from '../page/store';
import type { Trajectory } from '../worker/protocol';

const ServicesContext = createContext<Services | null>(null);
/** The store the components read: a test renders against its own. */
export const AppStoreContext = createContext<AppStore | null>(null);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  return (
    <ServicesContext.Provider value={services}>
      <AppStoreContext.Provider value={services.store}>{children}</AppStoreContext.Provider>
    </ServicesContext.Provider>
  );
}

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices() outside <ServicesProvider>');
  return services;
}

/** The store itself, for event handlers that read or write it (components select with useAppState). */
export function useAppStoreApi(): AppStore {
  const store = useContext(AppStoreContext);
  if (!store) throw new Error('useAppState() outside <AppStoreContext.Provider>');
  return store;
}

/** One value of the page's state; the component re-renders when it changes. */
export function useAppState<T>(selector: (s: AppState) => T): T {
  return useStore(useAppStoreApi(), selector);
}

/**
 * A value read from the recorder and the store together (the step shown on the shared clock, the
 * replay's length): the component re-renders when that value changes, not at every frame recorded
 * or every move of the clock. `select` must return a primitive (or the same object) for the same
 * inputs, as useSyncExternalStore wants.
 */
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
