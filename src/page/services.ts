// The page's long-lived objects, made once at start-up (main.tsx) and handed to the components
// through context (src/ui/AppContext.tsx): the worker client, the page runtime (what is open and
// what runs), the recorder of steps, the store and the lesson; and the shared clock's driver (clock.ts).
import type { QueryClient } from '@tanstack/react-query';
import { RuntimeClient } from '../client/client';
import { manifestUrl, selectModelSet, type ModelSetName } from '../models/manifest';
import { startClockDriver } from './clock';
import { whenIdle } from './idle';
import { precacheApp } from './offline';
import { createLessonRun, type LessonRun } from './lessonRun';
import { createRecorder, type Recorder } from './recorder';
import { createPageRuntime, type PageRuntime } from './runtime';
import type { AppStore } from './store';
import { browserLink } from './urlSync';

export interface Services {
  client: RuntimeClient;
  runtime: PageRuntime;
  recorder: Recorder;
  store: AppStore;
  /** The lesson's runtime (lessonRun.ts): its pages drive the page. */
  lesson: LessonRun;
  /** The model set the link asks for (`?models=`), and an unknown name it asked for instead. */
  modelSet: { name: ModelSetName; ignored?: string };
}

export function manifestHref(name: ModelSetName): string {
  return manifestUrl(name, document.baseURI);
}

export function createServices(store: AppStore, queries: QueryClient, search: string, client = new RuntimeClient()): Services {
  const recorder = createRecorder();
  const modelSet = selectModelSet(search);
  // A software WebGPU adapter (SwiftShader, Mesa's) is slower than wasm: used only when the link asks (backend.ts).
  client.softwareGpu = new URLSearchParams(search).get('gpu') === 'software';
  const runtime = createPageRuntime({
    client,
    store,
    recorder,
    queries,
    modelSet: modelSet.name,
    manifestHref,
    link: browserLink,
    // The offline copy waits for a quiet moment: the first run starts as the models open, and the
    // page's main thread is what a visitor (and Lighthouse's blocking time) feels then.
    precache: (loaded) => whenIdle(() => void precacheApp(store, loaded)),
  });
  // The shared clock's driver runs here, once for the page's life, not in a component's effect: the
  // clock moves whichever view is shown (the page, presentation mode, or neither), a component that
  // mounts twice cannot start two loops, and its tests (clock.test.ts) need no React, only a store,
  // a recorder and fake frames. It asks for no animation frame while the clock stands still.
  startClockDriver(store, recorder);
  // Made before the runtime starts: it reads the link's `lesson=N` when the settings are read.
  const lesson = createLessonRun({ store, recorder, measurements: runtime, link: browserLink });
  return { client, runtime, recorder, store, lesson, modelSet };
}
