// The page's long-lived objects, made once at start-up (main.tsx) and handed to the components
// through context: the worker client, the run controller, the recorder of steps, and the store.
import { createContext, useContext, type ReactNode } from 'react';
import { RuntimeClient } from '../client/client';
import { selectModelSet, type ModelSetName } from '../models/manifest';
import { createRecorder, type Recorder } from './recorder';
import { createRunController, type RunController } from './runController';
import type { AppStore } from './store';

export interface Services {
  client: RuntimeClient;
  controller: RunController;
  recorder: Recorder;
  store: AppStore;
  /** The model set the link asks for (`?models=`), and an unknown name it asked for instead. */
  modelSet: { name: ModelSetName; ignored?: string };
}

export function createServices(store: AppStore, search: string, client = new RuntimeClient()): Services {
  const recorder = createRecorder();
  const controller = createRunController({ client, store, recorder });
  return { client, controller, recorder, store, modelSet: selectModelSet(search) };
}

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices() outside <ServicesProvider>');
  return services;
}
