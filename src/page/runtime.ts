// The page runtime: the one owner of what the page has open and what runs on it, made once at
// start-up (services.ts). Two halves share its state (phase.ts): the opening half (opening.ts:
// probe, manifest, the models of a set, a set changed, the medium model, a lost device, Retry) and
// the running half (running.ts: generate, cancel, restart, and the measurements in their one slot,
// measurement.ts). Each decides from that state, never from the store, which only hears what
// happened: the view reads what is open from the store (`open`), never from here. Steps go to the
// recorder (pixels) and the store (progress, timings).
import type { QueryClient } from '@tanstack/react-query';
import type { LoadResult, RuntimeClient } from '../client/client';
import type { Manifest, ModelSetName } from '../models/manifest';
import { sameSettings } from '../view/settings';
import { createOpening } from './opening';
import type { Phase, RuntimeState } from './phase';
import type { Recorder } from './recorder';
import { createRunning } from './running';
import type { AppStore } from './store';
import type { Link } from './urlSync';

export type { ModelSet, Phase } from './phase';

/** What the runtime needs of the worker client (a fake in the unit tests). */
export type RuntimePort = Pick<
  RuntimeClient,
  'probe' | 'manifest' | 'load' | 'generate' | 'agreement' | 'bench' | 'terminate' | 'onDeviceLost'
>;

export interface RuntimeDeps {
  client: RuntimePort;
  store: AppStore;
  recorder: Recorder;
  /** Caches the pure fetches (probe, manifest) the view may read too. */
  queries: QueryClient;
  /** The link's model set (`?models=`) and where its manifest is. */
  modelSet: ModelSetName;
  manifestHref(name: ModelSetName): string;
  link: Link;
  fetchManifest?: (href: string) => Promise<Manifest>;
  /** A served set is open: keep the app for offline visits (offline.ts). */
  precache?: (loaded: LoadResult) => void;
}

export type PageRuntime = ReturnType<typeof createPageRuntime>;

export function createPageRuntime(deps: RuntimeDeps) {
  const { client, store, recorder } = deps;
  const state: RuntimeState = { phase: { name: 'probing', startWhenReady: false }, models: null };
  // A run that needs the medium model before it is open: open it, and the run follows.
  const running = createRunning({ client, store, recorder, state, openMedium: () => opening.openMedium(true) });
  const opening = createOpening(deps, state, running);

  /** Open the medium model beside the others; a run in flight starts again once it is open. */
  function needMedium(): void {
    if (opening.mediumMissing()) opening.openMedium(running.interrupt());
  }

  client.onDeviceLost = opening.deviceLost;

  // A setting changed: the medium model opens the first time it is given steps; a run in flight is
  // cancelled cleanly and started again with the new settings.
  const unsubscribe = store.subscribe((s, prev) => {
    if (s.settings === prev.settings || opening.readingSettings) return;
    if (s.settings.mediumSteps > 0 && opening.mediumMissing()) return needMedium();
    const run = running.inFlight;
    if (run && !sameSettings(s.settings, run.settings)) running.generate();
  });

  return {
    get phase(): Phase {
      return state.phase;
    },
    /** Start-up: probe, manifest, the link's settings, then the models (once, from main.tsx). */
    start(): Promise<void> {
      return opening.start(false);
    },
    switchSet: opening.switchSet,
    needMedium,
    deviceLost: opening.deviceLost,
    retry: opening.retry,
    generate: running.generate,
    /** Cancel (the button, Esc in presentation mode): the run in flight, and a measurement running (the r strip). */
    cancel: running.cancel,
    measureAgreement: running.measureAgreement,
    cancelAgreement: running.cancelAgreement,
    measureDevice: running.measureDevice,
    cancelDevice: running.cancelDevice,
    measureStrip: running.measureStrip,
    cancelStrip: running.cancelStrip,
    dispose(): void {
      unsubscribe();
      opening.dispose();
      client.onDeviceLost = null;
    },
  };
}
